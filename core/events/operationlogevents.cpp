#include "operationlogevents.h"

#include "oplog/operationlogformat.h"

#include <QFile>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Events {

namespace OperationLogEvents {

quint32 eventId(OpLog::OperationResult result)
{
    return quint32(result) + 1;
}

quint8 level(OpLog::OperationResult result)
{
    switch (result) {
    case OpLog::OperationResult::Failed:
        return quint8(EventLevel::Error);
    case OpLog::OperationResult::Cancelled:
    case OpLog::OperationResult::RolledBack:
        return quint8(EventLevel::Warning);
    case OpLog::OperationResult::Started:
    case OpLog::OperationResult::Succeeded:
        break;
    }
    return quint8(EventLevel::Information);
}

EventRecord toEventRecord(const OpLog::OperationLogEntry &entry, quint64 line, qint64 offset)
{
    // FILETIME: 100 ns ticks since 1601-01-01.
    constexpr qint64 msFrom1601To1970 = 11644473600000LL;
    EventRecord r;
    r.recordId = line;
    r.eventId = eventId(entry.result);
    r.level = level(entry.result);
    r.timeCreated = entry.time.toUTC();
    const qint64 ms = r.timeCreated.toMSecsSinceEpoch() + msFrom1601To1970;
    r.filetimeCreated = ms > 0 ? quint64(ms) * 10000 : 0;
    r.filetimeWritten = r.filetimeCreated;
    r.channel = channel.toString();
    r.provider = provider.toString();
    r.fileOffset = offset;
    r.data = {
        { u"CorrelationId"_s, entry.correlationId },
        { u"Operation"_s, entry.operation },
        { u"Step"_s, entry.step },
        { u"Result"_s, OpLog::resultName(entry.result) },
    };
    if (!entry.errorCode.isEmpty())
        r.data.append({ u"ErrorCode"_s, entry.errorCode });
    if (!entry.message.isEmpty())
        r.data.append({ u"Message"_s, entry.message });
    return r;
}

} // namespace OperationLogEvents

OperationLogReader::OperationLogReader(QString path)
    : m_path(std::move(path))
{ }

Result<EvtxSummary> OperationLogReader::read(const EvtxReader::BatchHandler &onBatch,
                                             const EvtxReadOptions &options) const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error { ErrorDomain::Io, 0, u"Cannot open the operation log %1."_s.arg(m_path),
                       u"Check that the file exists and is readable."_s, file.errorString() };
    }
    EvtxSummary summary;
    summary.file.fileSize = file.size();
    EvtxBatch batch;
    EvtxProgress progress;
    progress.bytesTotal = summary.file.fileSize;

    auto skip = [&](qint64 line, qint64 offset, const QString &reason) {
        ++summary.recordsSkipped;
        EvtxIssue issue;
        issue.kind = EvtxIssue::Kind::LineSkipped;
        issue.severity = EvtxIssue::Severity::Skipped;
        issue.offset = offset;
        issue.line = line;
        issue.reason = reason;
        batch.issues.append(issue);
        if (summary.issues.size() < EvtxSummary::maxIssues)
            summary.issues.append(issue);
        else
            ++summary.issuesDropped;
    };
    auto deliver = [&]() -> bool {
        progress.bytesDone = file.pos();
        progress.records = summary.records;
        const bool more = onBatch(std::move(batch));
        batch = {};
        if (options.progress)
            options.progress(progress);
        return more;
    };

    qint64 lineNumber = 0;
    bool stopped = false;
    while (!file.atEnd() && !stopped) {
        if (options.cancel && options.cancel->load()) {
            summary.cancelled = true;
            break;
        }
        const qint64 offset = file.pos();
        ++lineNumber;
        const QByteArray line = file.readLine(maxLineBytes);
        if (!line.endsWith('\n') && !file.atEnd()) { // cut at maxLineBytes
            // Drop the rest of the overlong line without keeping it.
            while (!file.atEnd() && !file.readLine(maxLineBytes).endsWith('\n')) { }
            skip(lineNumber, offset, u"the line is longer than %1 KiB"_s.arg(maxLineBytes / 1024));
        } else if (!line.trimmed().isEmpty()) {
            const auto entry = OpLog::OperationLogFormat::decode(line);
            if (entry) {
                batch.records.append(
                    OperationLogEvents::toEventRecord(*entry, quint64(lineNumber), offset));
                ++summary.records;
            } else {
                skip(lineNumber, offset, entry.error().message);
            }
        }
        if (batch.records.size() >= batchRecords)
            stopped = !deliver();
    }
    if (!stopped && (!batch.records.isEmpty() || !batch.issues.isEmpty()))
        deliver();
    if (stopped)
        summary.cancelled = summary.cancelled || (options.cancel && options.cancel->load());
    return summary;
}

} // namespace Entra::Events
