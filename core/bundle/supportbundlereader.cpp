#include "supportbundlereader.h"

#include "state/statusjson.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <archive.h>
#include <archive_entry.h>
#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Bundle {
namespace {

const QString kFixDamaged
    = u"Ask for the bundle again: it was damaged or changed on the way, or is not a support "
      u"bundle written by Entra Doctor."_s;

Error refused(const QString &message, const QString &fix = kFixDamaged, const QString &detail = {})
{
    return Error { ErrorDomain::Parse, 0, message, fix, detail };
}

// A path inside the zip that stays inside the extraction folder: relative, '/'-separated,
// no "." or ".." segment, no drive letter or backslash. Returns the reason when it is not.
QString pathProblem(const QString &path)
{
    if (path.isEmpty())
        return u"an entry has no name"_s;
    if (path.startsWith(u'/'))
        return u"the entry %1 has an absolute path"_s.arg(path);
    if (path.contains(u'\\') || path.contains(u':'))
        return u"the entry %1 has a backslash or drive letter in its path"_s.arg(path);
    const QStringList parts = path.split(u'/');
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString &part = parts.at(i);
        if (part == u"..")
            return u"the entry %1 reaches outside the bundle with \"..\""_s.arg(path);
        if (part == u"." || (part.isEmpty() && i + 1 < parts.size()))
            return u"the entry %1 has an unusual path"_s.arg(path);
    }
    return {};
}

struct ArchiveCloser
{
    void operator()(archive *a) const { archive_read_free(a); }
};

} // namespace

bool SupportBundleReader::looksLikeZip(QByteArrayView head)
{
    return head.startsWith("PK\x03\x04") || head.startsWith("PK\x05\x06");
}

Result<ImportedBundle> SupportBundleReader::read(const QString &path, const ReadLimits &limits)
{
    const QString name = QFileInfo(path).fileName();
    QFile probe(path);
    if (!probe.open(QIODevice::ReadOnly))
        return Error { ErrorDomain::Io,
                       0,
                       u"Cannot open %1: %2."_s.arg(path, probe.errorString()),
                       u"Check the path and that you may read the file."_s,
                       {} };
    if (!looksLikeZip(probe.read(4)))
        return refused(u"%1 is not a support bundle: it is not a zip file."_s.arg(name));
    probe.close();

    auto directory = std::make_shared<QTemporaryDir>(
        limits.temporaryParent.isEmpty()
            ? QDir::tempPath() + u"/entra-doctor-bundle-XXXXXX"_s
            : limits.temporaryParent + u"/entra-doctor-bundle-XXXXXX"_s);
    if (!directory->isValid())
        return Error { ErrorDomain::Io,
                       0,
                       u"Cannot make a temporary folder to open the bundle in: %1."_s.arg(
                           directory->errorString()),
                       u"Check that the temporary folder exists and has room."_s,
                       {} };
    const QString root = QDir(directory->path()).canonicalPath();

    std::unique_ptr<archive, ArchiveCloser> reader(archive_read_new());
    archive_read_support_format_zip(reader.get());
    archive_read_support_filter_none(reader.get());
    auto libarchiveText = [&reader] {
        const char *text = archive_error_string(reader.get());
        return text ? QString::fromLocal8Bit(text) : QString();
    };
    if (archive_read_open_filename(reader.get(), QFile::encodeName(path).constData(), 64 * 1024)
        != ARCHIVE_OK)
        return refused(u"%1 is damaged: it cannot be read as a zip file."_s.arg(name), kFixDamaged,
                       libarchiveText());

    struct Extracted
    {
        qint64 size = 0;
        QByteArray sha256;
    };
    QHash<QString, Extracted> extracted;
    qint64 total = 0;
    QByteArray buffer(64 * 1024, Qt::Uninitialized);
    archive_entry *entry = nullptr;
    for (;;) {
        const int rc = archive_read_next_header(reader.get(), &entry);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc != ARCHIVE_OK)
            return refused(u"%1 is damaged: an entry header cannot be read."_s.arg(name),
                           kFixDamaged, libarchiveText());
        const char *rawName = archive_entry_pathname_utf8(entry);
        if (!rawName)
            rawName = archive_entry_pathname(entry);
        QString entryPath = QString::fromUtf8(rawName ? rawName : "");
        if (const QString problem = pathProblem(entryPath); !problem.isEmpty())
            return refused(u"%1 was refused: %2."_s.arg(name, problem));
        if (archive_entry_symlink(entry) || archive_entry_hardlink(entry)
            || archive_entry_filetype(entry) == AE_IFLNK)
            return refused(u"%1 was refused: the entry %2 is a link."_s.arg(name, entryPath));
        if (archive_entry_filetype(entry) == AE_IFDIR)
            continue;
        if (archive_entry_filetype(entry) != AE_IFREG)
            return refused(
                u"%1 was refused: the entry %2 is not a regular file."_s.arg(name, entryPath));
        if (entryPath.endsWith(u'/'))
            continue;
        if (extracted.contains(entryPath))
            return refused(u"%1 was refused: the entry %2 is there twice."_s.arg(name, entryPath));
        if (extracted.size() >= limits.maxEntries)
            return refused(
                u"%1 was refused: it has more than %2 entries."_s.arg(name).arg(limits.maxEntries));
        const QString tooLarge
            = u"%1 was refused: the entry %2 is larger than a support bundle entry may be."_s.arg(
                name, entryPath);
        if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > limits.maxEntryBytes)
            return refused(tooLarge);

        const QString target = QDir::cleanPath(root + u'/' + entryPath);
        if (!target.startsWith(root + u'/'))
            return refused(
                u"%1 was refused: the entry %2 reaches outside the bundle."_s.arg(name, entryPath));
        if (!QDir().mkpath(QFileInfo(target).absolutePath()))
            return Error {
                ErrorDomain::Io, 0, u"Cannot create a folder for %1."_s.arg(entryPath), {}, {}
            };
        // A folder made above must still be inside the root (no link can be in the way: links
        // are refused, and the folder is new).
        if (!QFileInfo(QFileInfo(target).absolutePath()).canonicalFilePath().startsWith(root))
            return refused(
                u"%1 was refused: the entry %2 reaches outside the bundle."_s.arg(name, entryPath));
        QFile out(target);
        if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            return Error { ErrorDomain::Io,
                           0,
                           u"Cannot write %1: %2."_s.arg(entryPath, out.errorString()),
                           {},
                           {} };

        QCryptographicHash hash(QCryptographicHash::Sha256);
        qint64 size = 0;
        for (;;) {
            const la_ssize_t n
                = archive_read_data(reader.get(), buffer.data(), size_t(buffer.size()));
            if (n == 0)
                break;
            if (n < 0)
                return refused(
                    u"%1 is damaged: the entry %2 cannot be read."_s.arg(name, entryPath),
                    kFixDamaged, libarchiveText());
            size += n;
            total += n;
            if (size > limits.maxEntryBytes)
                return refused(tooLarge);
            if (total > limits.maxTotalBytes)
                return refused(u"%1 was refused: it unpacks to more than a support bundle may "
                               u"hold."_s.arg(name));
            const qint64 compressed = qMax<qint64>(1, archive_filter_bytes(reader.get(), -1));
            if (total > limits.ratioFloorBytes
                && double(total) / double(compressed) > limits.maxRatio)
                return refused(u"%1 was refused: the entry %2 is compressed suspiciously well "
                               u"(a zip bomb?)."_s.arg(name, entryPath));
            hash.addData(QByteArrayView(buffer.constData(), n));
            if (out.write(buffer.constData(), n) != n)
                return Error { ErrorDomain::Io,
                               0,
                               u"Cannot write %1: %2."_s.arg(entryPath, out.errorString()),
                               u"Check that the temporary folder has room."_s,
                               {} };
        }
        out.close();
        extracted.insert(entryPath, Extracted { size, hash.result().toHex() });
    }

    // The manifest is written last, so it is checked once everything is out.
    const QString manifestPath = QString::fromUtf16(kManifestPath);
    if (!extracted.contains(manifestPath))
        return refused(u"%1 is not a support bundle: it has no manifest.json."_s.arg(name));
    QFile manifestFile(root + u'/' + manifestPath);
    if (!manifestFile.open(QIODevice::ReadOnly))
        return Error { ErrorDomain::Io, 0, u"Cannot read the bundle's manifest."_s, {}, {} };
    Result<Manifest> manifest = Manifest::fromJson(manifestFile.readAll());
    if (!manifest)
        return manifest.error();

    QSet<QString> listed;
    for (const ManifestEntry &item : manifest->entries) {
        listed.insert(item.path);
        const auto found = extracted.constFind(item.path);
        if (found == extracted.constEnd())
            return refused(u"%1 is incomplete: %2, listed in its manifest, is missing."_s.arg(
                name, item.path));
        if (found->size != item.size || found->sha256 != item.sha256.toLower())
            return refused(u"%1 was refused: %2 does not match the SHA-256 in its manifest, so "
                           u"it was changed after the bundle was written or is damaged."_s.arg(
                               name, item.path));
    }
    for (auto it = extracted.constBegin(); it != extracted.constEnd(); ++it) {
        if (it.key() != manifestPath && !listed.contains(it.key()))
            return refused(
                u"%1 was refused: %2 is not listed in its manifest."_s.arg(name, it.key()));
    }

    ImportedBundle bundle;
    bundle.directory = directory;
    bundle.manifest = std::move(manifest).value();
    const QString statusPath = QString::fromUtf16(kStatusJsonPath);
    if (!extracted.contains(statusPath))
        return refused(u"%1 holds no status.json."_s.arg(name));
    QFile statusFile(root + u'/' + statusPath);
    if (!statusFile.open(QIODevice::ReadOnly))
        return Error { ErrorDomain::Io, 0, u"Cannot read the bundle's status.json."_s, {}, {} };
    Result<StatusSnapshot> snapshot = StatusJson::fromJson(statusFile.readAll());
    if (!snapshot)
        return refused(u"%1: status.json cannot be read: %2"_s.arg(name, snapshot.error().message));
    bundle.snapshot = std::move(snapshot).value();
    bundle.snapshot.origin.kind = SourceKind::Bundle;
    bundle.snapshot.origin.label = path;
    bundle.snapshot.origin.loadedAt = QDateTime::currentDateTimeUtc();

    for (const ManifestEntry &item : bundle.manifest.entries) {
        const QString file = root + u'/' + item.path;
        if (item.path.startsWith(QString::fromUtf16(kEventsDir)))
            bundle.eventFiles << file;
        else if (item.path.startsWith(QString::fromUtf16(kCertificatesDir)))
            bundle.certificateFiles << file;
        else if (item.path == QString::fromUtf16(kFindingsPath))
            bundle.findingsFile = file;
        else if (item.path == QString::fromUtf16(kTpmPath))
            bundle.tpmFile = file;
        else if (item.path == QString::fromUtf16(kConnectivityPath))
            bundle.connectivityFile = file;
        else if (item.path == QString::fromUtf16(kReportPath))
            bundle.reportFile = file;
    }
    return bundle;
}

} // namespace Entra::Bundle
