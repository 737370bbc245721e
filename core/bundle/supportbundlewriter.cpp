#include "supportbundlewriter.h"

#include "connectivity/connectivitycheck.h"
#include "diagnostics/diagnosticengine.h"
#include "dsregcmd/dsregcmdwriter.h"
#include "events/eventfilereader.h"
#include "eventtimeline.h"
#include "identitymasker.h"
#include "oplog/operationlogformat.h"
#include "reporthtmlwriter.h"
#include "state/healthsummary.h"
#include "state/sections.h"
#include "state/statusjson.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QSysInfo>

#include <archive.h>
#include <archive_entry.h>
#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Bundle {
namespace {

constexpr qint64 kChunk = 64 * 1024;

Error ioError(const QString &message, const QString &detail = {})
{
    return Error { ErrorDomain::Io, 0, message,
                   u"Check that the folder exists, that you may write there and that the disk "
                   u"has room."_s,
                   detail };
}

// The final scan of every text entry: markers only private material carries, and token-shaped
// strings. An entry holding one is never written (the export fails instead).
bool holdsPrivateMaterial(const QByteArray &data)
{
    static const QRegularExpression jwt(u"eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}"_s);
    return data.contains("PRIVATE KEY-----") || data.contains("\"refresh_token\"")
        || data.contains("\"session_key\"") || data.contains("\"access_token\"")
        || jwt.match(QString::fromUtf8(data)).hasMatch();
}

Error canceledError()
{
    return Error { ErrorDomain::Usage,
                   SupportBundleWriter::kCanceled,
                   u"The support bundle was not written: export cancelled."_s,
                   {},
                   {} };
}

class ZipWriter
{
public:
    explicit ZipWriter(const BundleWriteMonitor &monitor, qint64 expectedBytes)
        : m_monitor(monitor)
        , m_expected(expectedBytes)
    { }

    ~ZipWriter()
    {
        if (m_archive)
            archive_write_free(m_archive);
    }

    Status open(const QString &path)
    {
        m_archive = archive_write_new();
        if (!m_archive || archive_write_set_format_zip(m_archive) != ARCHIVE_OK
            || archive_write_set_options(m_archive, "zip:compression=deflate") != ARCHIVE_OK)
            return Error {
                ErrorDomain::Internal, 0, u"libarchive cannot write zip files."_s, {}, lastError()
            };
        if (archive_write_open_filename(m_archive, QFile::encodeName(path).constData())
            != ARCHIVE_OK)
            return ioError(u"Cannot create %1."_s.arg(path), lastError());
        return Success {};
    }

    Status add(const QString &path, const QByteArray &data)
    {
        if (holdsPrivateMaterial(data)) {
            return Error { ErrorDomain::Internal,
                           0,
                           u"The bundle entry %1 holds something secret and was not written."_s.arg(
                               path),
                           u"This is a bug in Entra Doctor; please report it."_s,
                           {} };
        }
        if (Status started = begin(path, data.size()); !started)
            return started;
        QCryptographicHash hash(QCryptographicHash::Sha256);
        hash.addData(data);
        if (Status written = writeData(path, data.constData(), data.size()); !written)
            return written;
        m_entries << ManifestEntry { path, data.size(), hash.result().toHex() };
        return advance(data.size());
    }

    // Streams a file in chunks as it is.
    Status addFile(const QString &path, const QString &source)
    {
        QFile file(source);
        if (!file.open(QIODevice::ReadOnly))
            return ioError(u"Cannot read %1: %2."_s.arg(source, file.errorString()));
        const qint64 size = file.size();
        if (Status started = begin(path, size); !started)
            return started;
        QCryptographicHash hash(QCryptographicHash::Sha256);
        QByteArray buffer(kChunk, Qt::Uninitialized);
        qint64 total = 0;
        while (total < size) {
            const qint64 got = file.read(buffer.data(), qMin(kChunk, size - total));
            if (got <= 0)
                return ioError(u"Cannot read %1: %2."_s.arg(source, file.errorString()));
            hash.addData(QByteArrayView(buffer.constData(), got));
            if (Status written = writeData(path, buffer.constData(), got); !written)
                return written;
            total += got;
            if (Status going = advance(got); !going)
                return going;
        }
        m_entries << ManifestEntry { path, total, hash.result().toHex() };
        return Success {};
    }

    Status close()
    {
        if (archive_write_close(m_archive) != ARCHIVE_OK)
            return ioError(u"Cannot finish the zip."_s, lastError());
        return Success {};
    }

    const QList<ManifestEntry> &entries() const { return m_entries; }

private:
    Status advance(qint64 bytes)
    {
        m_written += bytes;
        if (m_monitor.progress)
            m_monitor.progress(m_written, qMax(m_written, m_expected));
        if (m_monitor.isCanceled && m_monitor.isCanceled())
            return canceledError();
        return Success {};
    }

    Status begin(const QString &path, qint64 size)
    {
        std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(),
                                                                            archive_entry_free);
        archive_entry_set_pathname_utf8(entry.get(), path.toUtf8().constData());
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_perm(entry.get(), 0644);
        archive_entry_set_size(entry.get(), size);
        archive_entry_set_mtime(entry.get(), QDateTime::currentSecsSinceEpoch(), 0);
        if (archive_write_header(m_archive, entry.get()) != ARCHIVE_OK)
            return ioError(u"Cannot add %1 to the zip."_s.arg(path), lastError());
        return Success {};
    }

    Status writeData(const QString &path, const char *data, qint64 size)
    {
        qint64 done = 0;
        while (done < size) {
            const la_ssize_t n = archive_write_data(m_archive, data + done, size_t(size - done));
            if (n <= 0)
                return ioError(u"Cannot write %1 into the zip."_s.arg(path), lastError());
            done += n;
        }
        return Success {};
    }

    QString lastError() const
    {
        const char *text = m_archive ? archive_error_string(m_archive) : nullptr;
        return text ? QString::fromLocal8Bit(text) : QString();
    }

    const BundleWriteMonitor &m_monitor;
    const qint64 m_expected;
    qint64 m_written = 0;
    archive *m_archive = nullptr;
    QList<ManifestEntry> m_entries;
};

// The snapshot with labelled or token-shaped secrets removed from every value and line.
StatusSnapshot scrubbed(const StatusSnapshot &snapshot, IdentityMasker *masker)
{
    auto clean = [masker](const QString &text) {
        const QString out = OpLog::OperationLogFormat::redactLabelledSecrets(text);
        return masker ? masker->mask(out) : out;
    };
    StatusSnapshot out;
    out.origin = snapshot.origin;
    out.origin.unplacedLines.clear();
    for (const QString &line : snapshot.origin.unplacedLines)
        out.origin.unplacedLines << clean(line);
    for (const StatusSection &section : snapshot.sections()) {
        StatusSection copy { section.title, {} };
        for (const StatusField &field : section.fields)
            copy.fields << StatusField { field.key, clean(field.value) };
        out.appendSection(copy);
    }
    return out;
}

// One operation log file, every line decoded and written again (which redacts its message);
// a line that does not decode is redacted as text.
QByteArray redactedOperationLog(QFile &file, IdentityMasker *masker)
{
    QByteArray out;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        if (line.trimmed().isEmpty())
            continue;
        QString text;
        Result<OpLog::OperationLogEntry> entry = OpLog::OperationLogFormat::decode(line);
        Result<QByteArray> encoded
            = entry ? OpLog::OperationLogFormat::encode(*entry) : Result<QByteArray>(Error {});
        if (encoded)
            text = QString::fromUtf8(*encoded);
        else
            text = OpLog::OperationLogFormat::redactSecrets(QString::fromUtf8(line).trimmed())
                + u'\n';
        if (masker)
            text = masker->mask(text);
        out.append(text.toUtf8());
    }
    return out;
}

QString uniqueName(QSet<QString> &used, const QString &directory, const QString &fileName)
{
    QString name = fileName;
    const QFileInfo info(fileName);
    for (int n = 2; used.contains(name); ++n)
        name = u"%1-%2.%3"_s.arg(info.completeBaseName()).arg(n).arg(info.suffix());
    used.insert(name);
    return directory + name;
}

// A name that is safe inside the zip: the file name only, nothing that reaches up.
QString safeFileName(const QString &path)
{
    QString name = QFileInfo(path).fileName();
    name.replace(u'\\', u'_').replace(u':', u'_');
    if (name.isEmpty() || name == u"." || name == u"..")
        name = u"file"_s;
    return name;
}

// Streams one event file into the report's timeline; what could not be read is noted there.
void addToTimeline(EventTimeline &timeline, const QString &name, const QString &path)
{
    timeline.beginSource(name);
    const Result<Events::EvtxSummary> summary
        = Events::readEventFile(path, [&timeline](Events::EvtxBatch &&batch) {
              for (const Events::EventRecord &record : std::as_const(batch.records))
                  timeline.add(record);
              return true;
          });
    if (!summary) {
        timeline.setSourceIssue(u"Not read: "_s + summary.error().message);
        return;
    }
    if (summary->recordsSkipped > 0)
        timeline.setSourceIssue(u"%1 damaged records skipped"_s.arg(summary->recordsSkipped));
    else if (summary->count(Events::EvtxIssue::Severity::Skipped) > 0)
        timeline.setSourceIssue(u"damaged parts skipped"_s);
}

ConnectivityReport connectivityFor(const SupportBundleContent &content)
{
    if (content.connectivity)
        return *content.connectivity;
    if (content.snapshot.origin.kind != SourceKind::ThisDevice)
        return ConnectivityReport::notMeasured(
            u"The status was imported (%1): connectivity can only be measured on the device "
            u"itself, with entra-doctor bundle export there."_s.arg(
                sourceKindName(content.snapshot.origin.kind)));
    return ConnectivityReport::notMeasured(u"Connectivity was not checked for this bundle."_s);
}

QString deviceNameOf(const StatusSnapshot &snapshot)
{
    const QString name = readSection<DeviceState>(snapshot).deviceName.value_or(QString());
    if (!name.isEmpty() || snapshot.origin.kind != SourceKind::ThisDevice)
        return name;
    return QSysInfo::machineHostName();
}

} // namespace

Result<Manifest> SupportBundleWriter::write(const QString &path,
                                            const SupportBundleContent &content,
                                            const BundleWriteMonitor &monitor)
{
    std::unique_ptr<IdentityMasker> masker;
    if (content.redactIdentities) {
        masker = std::make_unique<IdentityMasker>();
        for (const StatusSection &section : content.snapshot.sections()) {
            for (const StatusField &field : section.fields) {
                if (field.key.contains(u"TenantId"_s, Qt::CaseInsensitive))
                    masker->addTenantId(field.value);
            }
        }
    }
    auto maskText = [&masker](const QString &text) {
        return masker ? masker->mask(text) : text;
    };
    // The findings and the TPM report are made of public data; only identities are masked.
    auto cleanJson = [&](const QByteArray &json) {
        return masker ? maskText(QString::fromUtf8(json)).toUtf8() : json;
    };

    Manifest manifest;
    manifest.toolVersion = QStringLiteral(ENTRA_DOCTOR_VERSION);
    manifest.created = QDateTime::currentDateTimeUtc();
    manifest.source = content.snapshot.origin.label;
    manifest.host = QSysInfo::machineHostName();
    manifest.identitiesRedacted = content.redactIdentities;

    const QString partial = path + u".part"_s;
    QFile::remove(partial);
    struct Cleanup
    {
        QString file;
        bool keep = false;
        ~Cleanup()
        {
            if (!keep)
                QFile::remove(file);
        }
    } cleanup { partial };

    // The event files are most of the bytes; the generated entries are counted as they come.
    qint64 expectedBytes = 0;
    for (const QString &eventFile : content.eventFiles)
        expectedBytes += QFileInfo(eventFile).size();
    ZipWriter zip(monitor, expectedBytes);
    if (Status opened = zip.open(partial); !opened)
        return opened.error();

    // The status, written from the snapshot (never from the files it was made of).
    const StatusSnapshot snapshot = scrubbed(content.snapshot, masker.get());
    if (Status s
        = zip.add(QString::fromUtf16(kStatusTextPath), DsregcmdWriter::write(snapshot).toUtf8());
        !s)
        return s.error();
    if (Status s = zip.add(QString::fromUtf16(kStatusJsonPath),
                           QJsonDocument(StatusJson::toDocument(snapshot)).toJson());
        !s)
        return s.error();

    // The findings, from the unmasked snapshot (the checks read the ids), masked afterwards.
    DiagnosticInput input;
    input.snapshot = scrubbed(content.snapshot, nullptr);
    input.tpm = content.tpm;
    input.certificates = content.certificates;
    input.events = content.events;
    input.now = content.now;
    DiagnosticReport report = DiagnosticEngine::run(input);
    const ConnectivityReport connectivity = connectivityFor(content);
    if (connectivity.measured) {
        report.findings << ConnectivityCheck::findings(connectivity.results);
        sortBySeverity(report.findings);
    }
    if (Status s = zip.add(QString::fromUtf16(kFindingsPath),
                           cleanJson(QJsonDocument(report.toJson()).toJson()));
        !s)
        return s.error();

    if (content.tpm) {
        if (Status s = zip.add(QString::fromUtf16(kTpmPath),
                               cleanJson(QJsonDocument(content.tpm->toJson()).toJson()));
            !s)
            return s.error();
    } else {
        manifest.notes << u"tpm.json: no TPM report (an imported status, or --no-tpm)."_s;
    }

    if (Status s = zip.add(QString::fromUtf16(kConnectivityPath),
                           cleanJson(QJsonDocument(connectivity.toJson()).toJson()));
        !s)
        return s.error();

    QSet<QString> usedCertificates;
    for (const DeviceCertificate &certificate : content.certificates) {
        const QString name = certificate.thumbprint.isEmpty()
            ? u"certificate.pem"_s
            : certificate.thumbprint.toLower() + u".pem"_s;
        if (Status s
            = zip.add(uniqueName(usedCertificates, QString::fromUtf16(kCertificatesDir), name),
                      certificate.toPem());
            !s)
            return s.error();
    }

    EventTimeline timeline(content.reportEventRows);
    QSet<QString> usedEvents;
    for (const QString &eventFile : content.eventFiles) {
        const QString name
            = uniqueName(usedEvents, QString::fromUtf16(kEventsDir), safeFileName(eventFile));
        if (Status s = zip.addFile(name, eventFile); !s)
            return s.error();
        addToTimeline(timeline, name, eventFile);
    }
    if (masker && !content.eventFiles.isEmpty())
        manifest.notes << u"events/*.evtx are copied as they were: identities inside them are "
                          u"not masked."_s;

    if (!content.stateDirectory.isEmpty()) {
        const QDir logs(content.stateDirectory + u"/logs"_s);
        const QStringList files
            = logs.entryList({ u"*.jsonl"_s, u"*.jsonl.*"_s }, QDir::Files, QDir::Name);
        for (const QString &name : files) {
            QFile file(logs.filePath(name));
            if (!file.open(QIODevice::ReadOnly))
                return ioError(u"Cannot read %1: %2."_s.arg(file.fileName(), file.errorString()));
            const QString entry = uniqueName(usedEvents, QString::fromUtf16(kEventsDir), name);
            if (Status s = zip.add(entry, redactedOperationLog(file, masker.get())); !s)
                return s.error();
            addToTimeline(timeline, entry, file.fileName());
        }
    }

    // The page a helpdesk opens first: everything above, summed up, for a browser.
    ReportInput page;
    page.deviceName = deviceNameOf(input.snapshot);
    page.source = manifest.source;
    page.host = manifest.host;
    page.toolVersion = manifest.toolVersion;
    page.created = manifest.created;
    page.identitiesRedacted = content.redactIdentities;
    page.snapshot = snapshot;
    page.health = summarizeHealth(input.snapshot, content.now);
    page.diagnostics = report;
    page.tpm = content.tpm;
    page.certificates = content.certificates;
    page.connectivity = connectivity;
    page.events = std::move(timeline);
    page.notes = manifest.notes;
    ReportHtmlWriter reportWriter(maskText);
    if (Status s = zip.add(QString::fromUtf16(kReportPath), reportWriter.write(page)); !s)
        return s.error();

    manifest.entries = zip.entries();
    if (Status s = zip.add(QString::fromUtf16(kManifestPath), manifest.toJson()); !s)
        return s.error();
    if (Status closed = zip.close(); !closed)
        return closed.error();

    QFile::remove(path);
    if (!QFile::rename(partial, path))
        return ioError(u"Cannot move the finished bundle to %1."_s.arg(path));
    cleanup.keep = true;
    return manifest;
}

} // namespace Entra::Bundle
