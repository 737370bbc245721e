#pragma once

#include "common/result.h"
#include "state/statussnapshot.h"

#include <QByteArray>
#include <QString>

namespace Entra {

// One entry point for "open a status someone sent us": dsregcmd text in any of its layouts and
// encodings, or a status JSON written by Entra Doctor. The origin records the label given.
namespace StatusImport {

Result<StatusSnapshot> fromBytes(const QByteArray &bytes, const QString &label);
Result<StatusSnapshot> fromFile(const QString &path);

} // namespace StatusImport
} // namespace Entra
