#include "evtxreader.h"

#include "crc32.h"
#include "evtxchunk.h"

#include <QFile>
#include <QThread>
#include <QtEndian>

#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Events {

using namespace Evtx;

QString issueKindName(EvtxIssue::Kind kind)
{
    switch (kind) {
    case EvtxIssue::Kind::FileHeader:
        return u"file-header"_s;
    case EvtxIssue::Kind::ChecksumsDisabled:
        return u"checksums-disabled"_s;
    case EvtxIssue::Kind::ChunkHeader:
        return u"chunk-header"_s;
    case EvtxIssue::Kind::ChunkChecksum:
        return u"chunk-checksum"_s;
    case EvtxIssue::Kind::ChunkSkipped:
        return u"chunk-skipped"_s;
    case EvtxIssue::Kind::Truncated:
        return u"truncated"_s;
    case EvtxIssue::Kind::RecordSkipped:
        return u"record-skipped"_s;
    case EvtxIssue::Kind::RecordDamaged:
        return u"record-damaged"_s;
    case EvtxIssue::Kind::BytesSkipped:
        return u"bytes-skipped"_s;
    case EvtxIssue::Kind::RecordsMissing:
        return u"records-missing"_s;
    case EvtxIssue::Kind::LimitReached:
        return u"limit-reached"_s;
    case EvtxIssue::Kind::LineSkipped:
        return u"line-skipped"_s;
    }
    return u"unknown"_s;
}

QString EvtxIssue::toString() const
{
    if (line > 0)
        return u"line %1: "_s.arg(line) + reason;
    QString where = chunk < 0 ? u"file header"_s : u"chunk %1"_s.arg(chunk);
    if (offset >= 0)
        where += u", offset 0x"_s + QString::number(offset, 16);
    if (recordId != 0)
        where += u", record %1"_s.arg(recordId);
    return where + u": "_s + reason;
}

int EvtxSummary::count(EvtxIssue::Severity severity) const
{
    int n = 0;
    for (const EvtxIssue &issue : issues)
        n += issue.severity == severity;
    return n;
}

namespace {

constexpr char fileMagic[8] = { 'E', 'l', 'f', 'F', 'i', 'l', 'e', '\0' };
constexpr char chunkMagic[8] = { 'E', 'l', 'f', 'C', 'h', 'n', 'k', '\0' };

Error openError(const QString &path, const QFile &file)
{
    return Error { ErrorDomain::Io, 0, u"Cannot open the event log file %1."_s.arg(path),
                   u"Check that the file exists and is readable."_s, file.errorString() };
}

EvtxIssue headerIssue(EvtxIssue::Kind kind, EvtxIssue::Severity severity, QString reason)
{
    EvtxIssue issue;
    issue.kind = kind;
    issue.severity = severity;
    issue.chunk = -1;
    issue.offset = 0;
    issue.reason = std::move(reason);
    return issue;
}

// Reads the file header; an Error when the file is no EVTX file at all.
Result<EvtxFileInfo> readFileHeader(QFile &file, QList<EvtxIssue> &issues)
{
    using Kind = EvtxIssue::Kind;
    using Severity = EvtxIssue::Severity;
    EvtxFileInfo info;
    info.fileSize = file.size();
    info.chunkSlots = info.fileSize > fileHeaderBlockSize
        ? int((info.fileSize - fileHeaderBlockSize + chunkSize - 1) / chunkSize)
        : 0;
    const QByteArray header = file.read(128);
    const auto *h = reinterpret_cast<const uchar *>(header.constData());
    if (header.size() < 128 || std::memcmp(h, fileMagic, 8) != 0) {
        // Without the file signature, accept the file only if a chunk follows.
        char magic[8] = {};
        const bool chunkFollows = file.seek(fileHeaderBlockSize) && file.read(magic, 8) == 8
            && std::memcmp(magic, chunkMagic, 8) == 0;
        if (!chunkFollows) {
            return Error {
                ErrorDomain::Parse,
                0,
                u"%1 is not a Windows event log (.evtx) file."_s.arg(file.fileName()),
                u"Export the log from Event Viewer with \"Save All Events As...\" in the "
                u"Event Files (*.evtx) format."_s,
                {}
            };
        }
        issues.append(headerIssue(Kind::FileHeader, Severity::Warning,
                                  u"the file header has no \"ElfFile\" signature; chunks read "
                                  u"anyway"_s));
        return info;
    }
    info.headerValid = true;
    info.nextRecordId = qFromLittleEndian<quint64>(h + 24);
    const quint32 headerSize = qFromLittleEndian<quint32>(h + 32);
    info.minorVersion = qFromLittleEndian<quint16>(h + 36);
    info.majorVersion = qFromLittleEndian<quint16>(h + 38);
    const quint16 blockSize = qFromLittleEndian<quint16>(h + 40);
    info.headerChunkCount = qFromLittleEndian<quint16>(h + 42);
    info.flags = qFromLittleEndian<quint32>(h + 120);
    const quint32 storedCrc = qFromLittleEndian<quint32>(h + 124);

    if (info.hasNoChecksums()) {
        issues.append(headerIssue(Kind::ChecksumsDisabled, Severity::Info,
                                  u"the file header says the file carries no CRC32 checksums; "
                                  u"none were checked"_s));
    } else {
        const quint32 computed = crc32(h, 120);
        if (computed != storedCrc) {
            issues.append(
                headerIssue(Kind::FileHeader, Severity::Warning,
                            u"file header checksum mismatch (stored 0x%1, computed 0x%2)"_s.arg(
                                QString::number(storedCrc, 16), QString::number(computed, 16))));
            info.headerValid = false;
        }
    }
    if (info.headerValid && info.headerChunkCount > info.chunkSlots) {
        issues.append(headerIssue(Kind::Truncated, Severity::Skipped,
                                  u"the file header counts %1 chunks but the file holds %2; the "
                                  u"file is cut off"_s.arg(info.headerChunkCount)
                                      .arg(info.chunkSlots)));
    }
    if (info.majorVersion != 3 || headerSize != 128 || blockSize != fileHeaderBlockSize) {
        issues.append(headerIssue(Kind::FileHeader, Severity::Warning,
                                  u"unusual file header (version %1.%2, header size %3, block "
                                  u"size %4); read as version 3"_s.arg(info.majorVersion)
                                      .arg(info.minorVersion)
                                      .arg(headerSize)
                                      .arg(blockSize)));
    }
    return info;
}

// Reads chunk slot `index` into `buffer`; the returned job's size is what the file holds.
ChunkJob readChunk(QFile &file, int index, QByteArray &buffer, const EvtxFileInfo &info,
                   bool withXml)
{
    ChunkJob job;
    job.index = index;
    job.fileOffset = fileHeaderBlockSize + qint64(index) * chunkSize;
    job.verifyChecksums = !info.hasNoChecksums();
    job.withXml = withXml;
    job.declaredChunks = info.headerValid ? info.headerChunkCount : 0;
    if (buffer.size() != qsizetype(chunkSize))
        buffer.resize(chunkSize);
    qint64 got = 0;
    if (file.seek(job.fileOffset)) {
        got = file.read(buffer.data(), chunkSize);
        if (got < 0)
            got = 0;
    }
    job.data = reinterpret_cast<const uchar *>(buffer.constData());
    job.size = quint32(got);
    return job;
}

// Collects the summary and hands batches to the caller, in file order.
class Delivery
{
public:
    Delivery(EvtxSummary &summary, const EvtxReader::BatchHandler &handler,
             const EvtxReadOptions &options)
        : m_summary(summary)
        , m_handler(handler)
        , m_options(options)
    { }

    // False when the caller asked to stop (or cancelled).
    bool deliver(EvtxBatch &&batch, const ChunkStats &stats)
    {
        m_summary.chunksRead += stats.read;
        m_summary.chunksEmpty += stats.empty;
        m_summary.chunksSkipped += stats.skipped;
        m_summary.recordsSkipped += stats.recordsSkipped;
        m_summary.records += batch.records.size();
        for (const EvtxIssue &issue : std::as_const(batch.issues)) {
            if (m_summary.issues.size() < EvtxSummary::maxIssues)
                m_summary.issues.append(issue);
            else
                ++m_summary.issuesDropped;
        }
        ++m_chunksDone;
        bool goOn = true;
        if (!batch.records.isEmpty() || !batch.issues.isEmpty())
            goOn = m_handler(std::move(batch));
        if (m_options.progress) {
            EvtxProgress progress;
            progress.chunksTotal = m_summary.file.chunkSlots;
            progress.chunksDone = m_chunksDone;
            progress.bytesTotal = m_summary.file.fileSize;
            progress.bytesDone = qMin(m_summary.file.fileSize,
                                      fileHeaderBlockSize + qint64(m_chunksDone) * chunkSize);
            progress.records = m_summary.records;
            m_options.progress(progress);
        }
        if (cancelled())
            m_summary.cancelled = true;
        return goOn && !m_summary.cancelled;
    }

    bool cancelled() const
    {
        return m_options.cancel && m_options.cancel->load(std::memory_order_relaxed);
    }

private:
    EvtxSummary &m_summary;
    const EvtxReader::BatchHandler &m_handler;
    const EvtxReadOptions &m_options;
    int m_chunksDone = 0;
};

void readSequential(QFile &file, const EvtxReadOptions &options, Delivery &delivery,
                    EvtxSummary &summary)
{
    ChunkParser parser;
    parser.setSlotReader(
        [&file, &summary](int index, QByteArray &bytes) {
            return readChunk(file, index, bytes, summary.file, false).size == chunkSize;
        },
        summary.file.chunkSlots);
    QByteArray buffer;
    for (int i = 0; i < summary.file.chunkSlots; ++i) {
        if (delivery.cancelled()) {
            summary.cancelled = true;
            return;
        }
        const ChunkJob job = readChunk(file, i, buffer, summary.file, options.withXml);
        EvtxBatch batch;
        const ChunkStats stats = parser.parse(job, batch);
        if (!delivery.deliver(std::move(batch), stats))
            return;
    }
}

// Workers decode chunks in any order; this thread delivers them in file order. A window of
// slots bounds how far the workers may run ahead, and so the memory in flight.
class ParallelReader
{
public:
    ParallelReader(const QString &path, int threads, const EvtxReadOptions &options,
                   Delivery &delivery, EvtxSummary &summary)
        : m_path(path)
        , m_threads(threads)
        , m_options(options)
        , m_delivery(delivery)
        , m_summary(summary)
        , m_window(threads * 4)
        , m_slots(size_t(m_window))
    { }

    Status run()
    {
        std::vector<std::unique_ptr<QFile>> files;
        for (int t = 0; t < m_threads; ++t) {
            auto file = std::make_unique<QFile>(m_path);
            if (!file->open(QIODevice::ReadOnly))
                return openError(m_path, *file);
            files.push_back(std::move(file));
        }
        std::vector<std::thread> workers;
        workers.reserve(size_t(m_threads));
        for (int t = 0; t < m_threads; ++t)
            workers.emplace_back([this, file = files[size_t(t)].get()] { work(*file); });

        const int total = m_summary.file.chunkSlots;
        for (int next = 0; next < total; ++next) {
            Slot slot;
            {
                std::unique_lock lock(m_mutex);
                Slot &s = m_slots[size_t(next % m_window)];
                m_cv.wait(lock, [&] { return s.ready; });
                slot = std::move(s);
                s = Slot();
                m_delivered = next + 1;
            }
            m_cv.notify_all();
            if (!m_delivery.deliver(std::move(slot.batch), slot.stats))
                break;
            if (m_delivery.cancelled()) {
                m_summary.cancelled = true;
                break;
            }
        }
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_cv.notify_all();
        for (std::thread &w : workers)
            w.join();
        return Success {};
    }

private:
    struct Slot
    {
        EvtxBatch batch;
        ChunkStats stats;
        bool ready = false;
    };

    void work(QFile &file)
    {
        ChunkParser parser;
        parser.setSlotReader(
            [&file, this](int index, QByteArray &bytes) {
                return readChunk(file, index, bytes, m_summary.file, false).size == chunkSize;
            },
            m_summary.file.chunkSlots);
        QByteArray buffer;
        const int total = m_summary.file.chunkSlots;
        for (;;) {
            int index = 0;
            {
                std::unique_lock lock(m_mutex);
                m_cv.wait(lock, [&] {
                    return m_stop || m_next >= total || m_next < m_delivered + m_window;
                });
                if (m_stop || m_next >= total)
                    return;
                index = m_next++;
            }
            Slot slot;
            if (!m_delivery.cancelled()) {
                const ChunkJob job
                    = readChunk(file, index, buffer, m_summary.file, m_options.withXml);
                slot.stats = parser.parse(job, slot.batch);
            }
            slot.ready = true;
            {
                std::lock_guard lock(m_mutex);
                m_slots[size_t(index % m_window)] = std::move(slot);
            }
            m_cv.notify_all();
        }
    }

    const QString &m_path;
    const int m_threads;
    const EvtxReadOptions &m_options;
    Delivery &m_delivery;
    EvtxSummary &m_summary;
    const int m_window;
    std::vector<Slot> m_slots;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    int m_next = 0;
    int m_delivered = 0;
    bool m_stop = false;
};

} // namespace

EvtxReader::EvtxReader(QString path)
    : m_path(std::move(path))
{ }

Result<EvtxSummary> EvtxReader::read(const BatchHandler &onBatch,
                                     const EvtxReadOptions &options) const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return openError(m_path, file);
    EvtxSummary summary;
    auto info = readFileHeader(file, summary.issues);
    if (!info)
        return info.error();
    summary.file = *info;

    Delivery delivery(summary, onBatch, options);
    int threads = options.threads > 0 ? options.threads : QThread::idealThreadCount();
    threads = qBound(1, threads, 64);
    threads = qMin(threads, qMax(1, summary.file.chunkSlots));
    if (threads == 1) {
        readSequential(file, options, delivery, summary);
    } else {
        ParallelReader parallel(m_path, threads, options, delivery, summary);
        const Status status = parallel.run();
        if (!status)
            return status.error();
    }
    return summary;
}

Result<EvtxContents> EvtxReader::readAll(const EvtxReadOptions &options) const
{
    EvtxContents contents;
    auto summary = read(
        [&contents](EvtxBatch &&batch) {
            contents.records.append(std::move(batch.records));
            return true;
        },
        options);
    if (!summary)
        return summary.error();
    contents.summary = std::move(*summary);
    return contents;
}

Result<QString> EvtxReader::recordXml(qint64 fileOffset) const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return openError(m_path, file);
    if (fileOffset < fileHeaderBlockSize + qint64(chunkHeaderSize) || fileOffset >= file.size()) {
        return Error { ErrorDomain::Usage,
                       0,
                       u"There is no event record at this offset."_s,
                       {},
                       u"offset %1"_s.arg(fileOffset) };
    }
    EvtxFileInfo info;
    info.flags = 4; // no checksum work for one record
    const int index = int((fileOffset - fileHeaderBlockSize) / chunkSize);
    QByteArray buffer;
    const ChunkJob job = readChunk(file, index, buffer, info, true);
    ChunkParser parser;
    return parser.recordXml(job, quint32(fileOffset - job.fileOffset));
}

} // namespace Entra::Events
