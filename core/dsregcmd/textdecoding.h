#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

namespace Entra {

// Turns the bytes of a file someone sent us into text, or says why it is not text.
// PowerShell's `>` writes UTF-16 LE with a BOM, cmd.exe writes the OEM code page, web copies are
// UTF-8: all of those are accepted.
namespace TextDecoding {

inline constexpr qsizetype kMaxTextBytes = 4 * 1024 * 1024;

// `what` names the expected content in messages ("the text printed by `dsregcmd /status`").
Result<QString> decode(const QByteArray &bytes, const QString &what);

} // namespace TextDecoding
} // namespace Entra
