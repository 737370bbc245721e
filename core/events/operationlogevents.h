#pragma once

#include "events/evtx/evtxreader.h"
#include "oplog/operationlogentry.h"

namespace Entra::Events {

// The app's own operation log (core/oplog) as a source of events, so the `events` command and
// the Event logs page show it next to .evtx files.
//  * channel "EntraDoctor/Operations", provider "Entra Doctor";
//  * event id by result: 1 started, 2 succeeded, 3 failed, 4 cancelled, 5 rolled back
//    (explained in resources/knowledge/events.json);
//  * level: Error for failed, Warning for cancelled and rolled back, else Information;
//  * record id: the line number; file offset: where the line starts;
//  * data: CorrelationId, Operation, Step, Result, then ErrorCode and Message when present.
namespace OperationLogEvents {

inline constexpr QStringView channel = u"EntraDoctor/Operations";
inline constexpr QStringView provider = u"Entra Doctor";

quint32 eventId(OpLog::OperationResult result);
quint8 level(OpLog::OperationResult result);
EventRecord toEventRecord(const OpLog::OperationLogEntry &entry, quint64 line, qint64 offset);

} // namespace OperationLogEvents

// Reads an operation log file (operations.jsonl or a rotated operations.N.jsonl) into
// EventRecords, in batches, like EvtxReader: a line that cannot be read is skipped and reported
// (EvtxIssue::Kind::LineSkipped with its line number and the reason); every other line is kept.
// Lines longer than maxLineBytes are skipped without being held in memory.
class OperationLogReader
{
public:
    explicit OperationLogReader(QString path);

    // An Error only when the file cannot be opened. options.cancel and options.progress are
    // honoured; threads and withXml do not apply.
    Result<EvtxSummary> read(const EvtxReader::BatchHandler &onBatch,
                             const EvtxReadOptions &options = {}) const;

    static constexpr qint64 maxLineBytes = 64 * 1024;
    static constexpr qsizetype batchRecords = 4096;

private:
    QString m_path;
};

} // namespace Entra::Events
