#pragma once

#include "common/result.h"
#include "oplog/operationlogentry.h"

#include <QString>
#include <QStringList>

namespace Entra::OpLog {

// The app's own operation log: <stateDir>/logs/operations.jsonl, one JSON line per entry (see
// OperationLogFormat). When a line would take the file past maxFileBytes, the file is rotated:
// operations.jsonl → operations.1.jsonl → operations.2.jsonl …, keeping keptFiles old files.
// The directory is 0700 and the files 0600. Appends are whole lines in one write to a file
// opened with O_APPEND, under a lock file, so several threads and processes can log at once.
//
//     OperationLog log(stateDir);
//     const QString run = OperationLog::newCorrelationId();
//     log.append({ {}, run, u"join"_s, u"register"_s, OperationResult::Failed,
//                  errorCodeText(error), error.message });
//
// or, for the steps of one run, OperationRun (below).
class OperationLog
{
public:
    struct Limits
    {
        qint64 maxFileBytes = 1024 * 1024;
        int keptFiles = 4;
    };

    explicit OperationLog(QString stateDirectory);
    OperationLog(QString stateDirectory, Limits limits);

    // Writes one entry (time = now when unset). Refuses entries that break the field rules
    // (Usage error) and reports I/O failures (Io error); never throws.
    Status append(const OperationLogEntry &entry);

    QString directory() const; // <stateDir>/logs
    QString currentFile() const; // <stateDir>/logs/operations.jsonl

    // The log files that exist, oldest first (operations.N.jsonl … operations.jsonl).
    QStringList existingFiles() const;

    static QString newCorrelationId(); // a random GUID, lower case, no braces

private:
    QString rotatedFile(int n) const;
    Status rotateIfNeeded(qint64 incomingBytes);

    QString m_stateDirectory;
    Limits m_limits;
};

// The steps of one run of one operation, sharing a correlation id. Logging must never stop an
// operation, so these return nothing: a failure to write is reported once per run as a warning
// (logging category "entra.oplog") and the run goes on.
//
//     OperationRun run(log, u"join"_s);
//     run.started(u"discover"_s);
//     run.succeeded(u"discover"_s);
//     run.failed(u"register"_s, error);          // code and message taken from the Error
//     run.rolledBack(u"register"_s, u"Deleted the device key."_s);
class OperationRun
{
public:
    OperationRun(OperationLog &log, QString operation, QString correlationId = {});

    const QString &correlationId() const { return m_correlationId; }

    void started(const QString &step, const QString &message = {});
    void succeeded(const QString &step, const QString &message = {});
    // Only the Error's code and message are written, never its detail.
    void failed(const QString &step, const Error &error);
    void cancelled(const QString &step, const QString &message = {});
    void rolledBack(const QString &step, const QString &message = {});

private:
    void write(const QString &step, OperationResult result, const QString &code,
               const QString &message);

    OperationLog &m_log;
    QString m_operation;
    QString m_correlationId;
    bool m_warned = false;
};

} // namespace Entra::OpLog
