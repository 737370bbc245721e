#pragma once

#include "common/result.h"
#include "state/statussnapshot.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace Entra {

namespace Bundle {
struct ImportedBundle;
}

// One entry point for "open a status someone sent us": dsregcmd text in any of its layouts and
// encodings, or a status JSON written by Entra Doctor. The origin records the label given.
namespace StatusImport {

// A status and, when it came from a support bundle, the bundle: its extracted files (event
// logs, certificates, the TPM report) live as long as `bundle` does.
struct ImportedStatus
{
    StatusSnapshot snapshot;
    std::shared_ptr<const Bundle::ImportedBundle> bundle;
};

Result<ImportedStatus> openBytes(const QByteArray &bytes, const QString &label);
Result<ImportedStatus> openFile(const QString &path);

// The status alone.
Result<StatusSnapshot> fromBytes(const QByteArray &bytes, const QString &label);
Result<StatusSnapshot> fromFile(const QString &path);

} // namespace StatusImport
} // namespace Entra
