#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

namespace Entra {

// Files that hold keys: written atomically (QSaveFile: a temporary file renamed over the
// target), readable by the owner only (0600), in directories only the owner can enter (0700).
class SecureFile
{
public:
    static Status ensurePrivateDirectory(const QString &path);
    static Status write(const QString &path, const QByteArray &data);
    static Result<QByteArray> read(const QString &path);
};

} // namespace Entra
