#include "securefile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

namespace {

constexpr QFileDevice::Permissions OwnerOnlyFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions OwnerOnlyDirectory
    = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

Error ioError(const QString &message, const QString &detail)
{
    Error error;
    error.domain = ErrorDomain::Io;
    error.message = message;
    error.fix = u"Check that the state directory exists, is writable by this user and that the "
                u"disk is not full."_s;
    error.detail = detail;
    return error;
}

} // namespace

Status SecureFile::ensurePrivateDirectory(const QString &path)
{
    // Parents this call creates are private too (mkpath would leave them 0755).
    QString missing = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    QStringList created;
    while (!missing.isEmpty() && !QFileInfo::exists(missing)) {
        created.prepend(missing);
        missing = QFileInfo(missing).absolutePath();
        if (created.constFirst() == missing)
            break;
    }
    if (!QDir().mkpath(path))
        return ioError(u"Could not create the key directory %1."_s.arg(path), {});
    for (const QString &directory : std::as_const(created))
        QFile::setPermissions(directory, OwnerOnlyDirectory);
    if (!QFile::setPermissions(path, OwnerOnlyDirectory))
        return ioError(u"Could not restrict access to the key directory %1."_s.arg(path), {});
    return Success {};
}

Status SecureFile::write(const QString &path, const QByteArray &data)
{
    if (Status status = ensurePrivateDirectory(QFileInfo(path).absolutePath()); !status)
        return status;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return ioError(u"Could not write the key file %1."_s.arg(path), file.errorString());
    // Restrict the temporary file before any key material goes into it.
    if (!file.setPermissions(OwnerOnlyFile)) {
        file.cancelWriting();
        return ioError(u"Could not restrict access to the key file %1."_s.arg(path),
                       file.errorString());
    }
    if (file.write(data) != data.size() || !file.commit())
        return ioError(u"Could not write the key file %1."_s.arg(path), file.errorString());
    return Success {};
}

Result<QByteArray> SecureFile::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ioError(u"Could not read the key file %1."_s.arg(path), file.errorString());
    return file.readAll();
}

} // namespace Entra
