#include "operationhistory.h"

#include "operationlog.h"
#include "operationlogformat.h"

#include <QFile>
#include <QMap>

namespace Entra::OpLog::OperationHistory {

QList<OperationLogEntry> latestFailures(const QString &stateDirectory, const QDateTime &since)
{
    struct LatestRun
    {
        QString correlationId;
        std::optional<OperationLogEntry> failure;
    };
    QMap<QString, LatestRun> latest;
    const QStringList files = OperationLog(stateDirectory).existingFiles();
    for (const QString &path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        while (!file.atEnd()) {
            Result<OperationLogEntry> entry = OperationLogFormat::decode(file.readLine());
            if (!entry || (since.isValid() && entry->time < since))
                continue;
            LatestRun &run = latest[entry->operation];
            if (run.correlationId != entry->correlationId)
                run = LatestRun { entry->correlationId, std::nullopt };
            switch (entry->result) {
            case OperationResult::Failed:
                run.failure = *entry;
                break;
            case OperationResult::Cancelled:
                run.failure.reset();
                break;
            case OperationResult::Started:
            case OperationResult::Succeeded:
            case OperationResult::RolledBack:
                break;
            }
        }
    }
    QList<OperationLogEntry> failures;
    for (const LatestRun &run : std::as_const(latest))
        if (run.failure)
            failures << *run.failure;
    std::sort(
        failures.begin(), failures.end(),
        [](const OperationLogEntry &a, const OperationLogEntry &b) { return a.time < b.time; });
    return failures;
}

} // namespace Entra::OpLog::OperationHistory
