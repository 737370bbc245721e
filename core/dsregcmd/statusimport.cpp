#include "statusimport.h"

#include "bundle/supportbundlereader.h"
#include "dsregcmdparser.h"
#include "state/statusjson.h"
#include "textdecoding.h"

#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QTemporaryFile>

using namespace Qt::Literals::StringLiterals;

namespace Entra::StatusImport {

namespace {

// A support bundle (a zip) gives the status it carries and keeps its other entries extracted.
Result<ImportedStatus> fromBundle(const QString &path, const QString &label)
{
    Result<Bundle::ImportedBundle> bundle = Bundle::SupportBundleReader::read(path);
    if (!bundle)
        return bundle.error();
    auto shared = std::make_shared<Bundle::ImportedBundle>(std::move(bundle).value());
    StatusSnapshot snapshot = shared->snapshot;
    snapshot.origin.kind = SourceKind::Bundle;
    snapshot.origin.label = label;
    return ImportedStatus { std::move(snapshot), std::move(shared) };
}

Result<ImportedStatus> statusOnly(Result<StatusSnapshot> snapshot)
{
    if (!snapshot)
        return snapshot.error();
    return ImportedStatus { std::move(snapshot).value(), nullptr };
}

template<typename T> Result<StatusSnapshot> snapshotOf(Result<T> imported)
{
    if (!imported)
        return imported.error();
    return std::move(imported->snapshot);
}

} // namespace

Result<ImportedStatus> openBytes(const QByteArray &bytes, const QString &label)
{
    if (Bundle::SupportBundleReader::looksLikeZip(bytes)) {
        QTemporaryFile file;
        if (!file.open() || file.write(bytes) != bytes.size() || !file.flush())
            return Error{ErrorDomain::Io, 0,
                         u"Cannot keep the support bundle in a temporary file."_s,
                         u"Check that the temporary folder has room."_s, {}};
        return fromBundle(file.fileName(), label);
    }
    const QByteArray head = bytes.left(64).trimmed();
    const bool json = head.startsWith('{');
    Result<StatusSnapshot> snapshot =
        json && bytes.size() <= TextDecoding::kMaxTextBytes
        ? StatusJson::fromJson(bytes)
        : DsregcmdParser::parse(bytes);
    if (!snapshot)
        return snapshot.error();
    if (json)
        snapshot->origin.kind = SourceKind::StatusJson;
    snapshot->origin.label = label;
    snapshot->origin.loadedAt = QDateTime::currentDateTimeUtc();
    return statusOnly(std::move(snapshot));
}

Result<ImportedStatus> openFile(const QString &path)
{
    const QFileInfo info(path);
    const QString fix = u"Check the path and that you may read the file."_s;
    if (!info.exists())
        return Error{ErrorDomain::Io, 0, u"The file %1 does not exist."_s.arg(path), fix, {}};
    if (info.isDir())
        return Error{ErrorDomain::Io, 0, u"%1 is a folder, not a file."_s.arg(path),
                     u"Choose the text file that holds the dsregcmd output."_s, {}};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{ErrorDomain::Io, file.error(),
                     u"Cannot open %1: %2."_s.arg(path, file.errorString()), fix, {}};
    if (Bundle::SupportBundleReader::looksLikeZip(file.peek(4)))
        return fromBundle(path, path);
    // Read one byte past the limit so that the decoder can say the file is too large.
    const QByteArray bytes = file.read(TextDecoding::kMaxTextBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return Error{ErrorDomain::Io, file.error(),
                     u"Cannot read %1: %2."_s.arg(path, file.errorString()), fix, {}};
    if (bytes.size() > TextDecoding::kMaxTextBytes) // say the real size, not the capped one
        return Error{ErrorDomain::Parse, 0,
                     u"%1 is %2; a dsregcmd output is a few kilobytes, so it was not read."_s.arg(
                         info.fileName(), QLocale::c().formattedDataSize(info.size())),
                     u"Expected %1."_s.arg(DsregcmdParser::expectedInput()), {}};
    return openBytes(bytes, path);
}

Result<StatusSnapshot> fromBytes(const QByteArray &bytes, const QString &label)
{
    return snapshotOf(openBytes(bytes, label));
}

Result<StatusSnapshot> fromFile(const QString &path)
{
    return snapshotOf(openFile(path));
}

} // namespace Entra::StatusImport
