#include "operationlog.h"

#include "oplog/operationlogformat.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QLoggingCategory>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcOpLog, "entra.oplog")

namespace Entra::OpLog {

namespace {

constexpr QFileDevice::Permissions OwnerOnlyFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions OwnerOnlyDirectory
    = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;
constexpr int lockTimeoutMs = 5000;

Error ioError(const QString &message, const QString &detail = {})
{
    return Error { ErrorDomain::Io, 0, message,
                   u"Check that the state directory exists, is writable by this user and that "
                   u"the disk is not full."_s,
                   detail };
}

} // namespace

OperationLog::OperationLog(QString stateDirectory)
    : OperationLog(std::move(stateDirectory), Limits {})
{ }

OperationLog::OperationLog(QString stateDirectory, Limits limits)
    : m_stateDirectory(std::move(stateDirectory))
    , m_limits(limits)
{
    m_limits.maxFileBytes = std::max<qint64>(m_limits.maxFileBytes, 1024);
    m_limits.keptFiles = std::max(m_limits.keptFiles, 0);
}

QString OperationLog::directory() const
{
    return m_stateDirectory + u"/logs"_s;
}

QString OperationLog::currentFile() const
{
    return directory() + u"/operations.jsonl"_s;
}

QString OperationLog::rotatedFile(int n) const
{
    return directory() + u"/operations.%1.jsonl"_s.arg(n);
}

QStringList OperationLog::existingFiles() const
{
    QStringList files;
    // Rotated files are numbered from newest (1) to oldest; at most a few more than we keep, in
    // case an earlier run kept more.
    for (int n = m_limits.keptFiles + 16; n >= 1; --n) {
        if (QFileInfo::exists(rotatedFile(n)))
            files.append(rotatedFile(n));
    }
    if (QFileInfo::exists(currentFile()))
        files.append(currentFile());
    return files;
}

QString OperationLog::newCorrelationId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

Status OperationLog::rotateIfNeeded(qint64 incomingBytes)
{
    const qint64 size = QFileInfo(currentFile()).size();
    if (size == 0 || size + incomingBytes <= m_limits.maxFileBytes)
        return Success {};
    if (m_limits.keptFiles == 0) {
        if (!QFile::remove(currentFile()))
            return ioError(u"Could not rotate the operation log %1."_s.arg(currentFile()));
        return Success {};
    }
    QFile::remove(rotatedFile(m_limits.keptFiles));
    for (int n = m_limits.keptFiles - 1; n >= 1; --n) {
        if (QFileInfo::exists(rotatedFile(n)) && !QFile::rename(rotatedFile(n), rotatedFile(n + 1)))
            return ioError(u"Could not rotate the operation log %1."_s.arg(rotatedFile(n)));
    }
    if (!QFile::rename(currentFile(), rotatedFile(1)))
        return ioError(u"Could not rotate the operation log %1."_s.arg(currentFile()));
    return Success {};
}

Status OperationLog::append(const OperationLogEntry &entry)
{
    OperationLogEntry stamped = entry;
    if (!stamped.time.isValid())
        stamped.time = QDateTime::currentDateTimeUtc();
    const Result<QByteArray> line = OperationLogFormat::encode(stamped);
    if (!line)
        return line.error();

    const QString dir = directory();
    if (!QDir().mkpath(dir))
        return ioError(u"Could not create the log directory %1."_s.arg(dir));
    if (!QFile::setPermissions(dir, OwnerOnlyDirectory))
        return ioError(u"Could not restrict access to the log directory %1."_s.arg(dir));

    // One writer at a time (threads and processes): rotation renames files under the others.
    QLockFile lock(dir + u"/operations.lock"_s);
    if (!lock.tryLock(lockTimeoutMs))
        return ioError(u"The operation log %1 is locked by another process."_s.arg(dir),
                       u"lock error %1"_s.arg(int(lock.error())));
    if (Status rotated = rotateIfNeeded(line->size()); !rotated)
        return rotated;

    QFile file(currentFile());
    // Created 0600 in one step; Unbuffered: the line goes to the file in one write().
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered, OwnerOnlyFile))
        return ioError(u"Could not open the operation log %1."_s.arg(file.fileName()),
                       file.errorString());
    if (file.permissions() != OwnerOnlyFile && !file.setPermissions(OwnerOnlyFile))
        return ioError(u"Could not restrict access to the operation log %1."_s.arg(file.fileName()),
                       file.errorString());
    if (file.write(*line) != line->size())
        return ioError(u"Could not write to the operation log %1."_s.arg(file.fileName()),
                       file.errorString());
    return Success {};
}

OperationRun::OperationRun(OperationLog &log, QString operation, QString correlationId)
    : m_log(log)
    , m_operation(std::move(operation))
    , m_correlationId(correlationId.isEmpty() ? OperationLog::newCorrelationId()
                                              : std::move(correlationId))
{ }

void OperationRun::started(const QString &step, const QString &message)
{
    write(step, OperationResult::Started, {}, message);
}

void OperationRun::succeeded(const QString &step, const QString &message)
{
    write(step, OperationResult::Succeeded, {}, message);
}

void OperationRun::failed(const QString &step, const Error &error)
{
    write(step, OperationResult::Failed, errorCodeText(error), error.message);
}

void OperationRun::cancelled(const QString &step, const QString &message)
{
    write(step, OperationResult::Cancelled, {}, message);
}

void OperationRun::rolledBack(const QString &step, const QString &message)
{
    write(step, OperationResult::RolledBack, {}, message);
}

void OperationRun::write(const QString &step, OperationResult result, const QString &code,
                         const QString &message)
{
    const Status status = m_log.append({ QDateTime::currentDateTimeUtc(), m_correlationId,
                                         m_operation, step, result, code, message });
    if (!status && !m_warned) {
        m_warned = true;
        qCWarning(lcOpLog).noquote()
            << "operation log:" << status.error().message << status.error().detail;
    }
}

} // namespace Entra::OpLog
