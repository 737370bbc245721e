#include "libevtxoracle.h"

#include <QByteArray>
#include <QFile>

#include <libevtx.h>
#include <vector>

namespace {

QString takeError(libevtx_error_t *&error)
{
    if (!error)
        return {};
    char text[2048] = {};
    libevtx_error_sprint(error, text, sizeof text);
    libevtx_error_free(&error);
    return QString::fromUtf8(text).trimmed();
}

template<typename SizeFn, typename GetFn>
QString utf8(libevtx_record_t *record, SizeFn sizeFn, GetFn getFn, bool *present = nullptr)
{
    libevtx_error_t *error = nullptr;
    size_t size = 0;
    if (sizeFn(record, &size, &error) != 1 || size == 0) {
        libevtx_error_free(&error);
        if (present)
            *present = false;
        return {};
    }
    std::vector<uint8_t> buffer(size + 1, 0);
    if (getFn(record, buffer.data(), size, &error) != 1) {
        libevtx_error_free(&error);
        if (present)
            *present = false;
        return {};
    }
    if (present)
        *present = true;
    return QString::fromUtf8(reinterpret_cast<const char *>(buffer.data()));
}

} // namespace

int OracleFile::okCount() const
{
    int n = 0;
    for (const OracleRecord &r : records)
        n += r.ok;
    return n;
}

OracleFile readWithLibevtx(const QString &path)
{
    OracleFile result;
    libevtx_file_t *file = nullptr;
    libevtx_error_t *error = nullptr;
    if (libevtx_file_initialize(&file, &error) != 1) {
        result.error = takeError(error);
        return result;
    }
    const QByteArray name = QFile::encodeName(path);
    if (libevtx_file_open(file, name.constData(), LIBEVTX_OPEN_READ, &error) != 1) {
        result.error = takeError(error);
        libevtx_file_free(&file, nullptr);
        return result;
    }
    result.opened = true;
    libevtx_file_get_number_of_records(file, &result.declared, &error);
    takeError(error);

    for (int i = 0; i < result.declared; ++i) {
        OracleRecord r;
        r.index = i;
        libevtx_record_t *record = nullptr;
        if (libevtx_file_get_record_by_index(file, i, &record, &error) != 1) {
            r.error = takeError(error);
            result.records.append(r);
            continue;
        }
        r.ok = true;
        uint64_t id = 0;
        uint64_t written = 0;
        uint32_t eventId = 0;
        libevtx_record_get_identifier(record, &id, &error);
        takeError(error);
        libevtx_record_get_written_time(record, &written, &error);
        takeError(error);
        libevtx_record_get_event_identifier(record, &eventId, &error);
        r.id = id;
        r.written = written;
        r.eventId = eventId;
        takeError(error);
        uint8_t level = 0;
        r.hasLevel = libevtx_record_get_event_level(record, &level, &error) == 1;
        takeError(error);
        r.level = level;
        r.sourceName = utf8(record, libevtx_record_get_utf8_source_name_size,
                            libevtx_record_get_utf8_source_name);
        r.computer = utf8(record, libevtx_record_get_utf8_computer_name_size,
                          libevtx_record_get_utf8_computer_name);
        int strings = 0;
        r.hasStrings = libevtx_record_get_number_of_strings(record, &strings, &error) == 1;
        takeError(error);
        for (int s = 0; s < strings; ++s) {
            size_t size = 0;
            QString value;
            if (libevtx_record_get_utf8_string_size(record, s, &size, &error) == 1 && size > 0) {
                std::vector<uint8_t> buffer(size + 1, 0);
                if (libevtx_record_get_utf8_string(record, s, buffer.data(), size, &error) == 1)
                    value = QString::fromUtf8(reinterpret_cast<const char *>(buffer.data()));
            }
            takeError(error);
            r.strings.append(value);
        }
        r.xml = utf8(record, libevtx_record_get_utf8_xml_string_size,
                     libevtx_record_get_utf8_xml_string);
        libevtx_record_free(&record, nullptr);
        result.records.append(r);
    }
    libevtx_file_close(file, nullptr);
    libevtx_file_free(&file, nullptr);
    return result;
}
