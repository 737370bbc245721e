#pragma once

#include "bundle/supportbundle.h"
#include "common/result.h"
#include "state/statussnapshot.h"

#include <QByteArrayView>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace Entra::Bundle {

// Bounds that keep a hostile zip (a "zip bomb") from filling the disk.
struct ReadLimits
{
    qint64 maxEntryBytes = qint64(1) << 30; // 1 GiB uncompressed per entry
    qint64 maxTotalBytes = qint64(4) << 30; // 4 GiB uncompressed in all
    int maxEntries = 10000;
    // Uncompressed / compressed bytes, checked once more than ratioFloorBytes are out.
    double maxRatio = 200.0;
    qint64 ratioFloorBytes = qint64(1) << 20;
    QString temporaryParent; // where the extraction folder is made; empty: the system's
};

// An opened bundle: its files extracted into a temporary folder that lives as long as this.
struct ImportedBundle
{
    std::shared_ptr<QTemporaryDir> directory;
    Manifest manifest;
    StatusSnapshot snapshot; // from status.json
    QStringList eventFiles; // absolute paths inside `directory`
    QStringList certificateFiles;
    QString findingsFile; // empty when the bundle has none
    QString tpmFile;
    QString connectivityFile; // connectivity.json (bundles before it have none)
    QString reportFile; // report.html, for a browser
};

// Opens a support bundle. Refuses, each with its own message and before anything is used: a
// file that is not a zip or is damaged, a bundle of a newer format version, entries with
// absolute paths, "..", backslashes or drive letters, links and other non-regular files, entries
// or totals over the limits or compressed suspiciously well, and any entry whose size or SHA-256
// differs from the manifest (or that the manifest does not list). Only the temporary folder is
// ever written to, and it is removed again when the bundle is refused.
class SupportBundleReader
{
public:
    static Result<ImportedBundle> read(const QString &path, const ReadLimits &limits = {});
    // "PK\x03\x04" or the empty-zip "PK\x05\x06".
    static bool looksLikeZip(QByteArrayView head);
};

} // namespace Entra::Bundle
