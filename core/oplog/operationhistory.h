#pragma once

#include "oplog/operationlogentry.h"

#include <QList>
#include <QString>

namespace Entra::OpLog {

// What the operation log says about the latest run of each operation: the status shows a
// failure until a later run of the same operation succeeds, the way dsregcmd keeps the last
// failed registration in its Diagnostic Data.
namespace OperationHistory {

// The failed entry of the latest run of each operation (join, leave, pin, prt) whose latest run
// failed, oldest first; only runs that started at or after `since` (if valid) count. A run that
// was cancelled, succeeded, or is still going (no failure yet) has none. Lines that cannot be
// read are skipped.
QList<OperationLogEntry> latestFailures(const QString &stateDirectory, const QDateTime &since = {});

} // namespace OperationHistory
} // namespace Entra::OpLog
