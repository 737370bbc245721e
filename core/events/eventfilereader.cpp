#include "eventfilereader.h"

#include "events/operationlogevents.h"

#include <QFile>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Events {

EventFileKind detectEventFileKind(const QString &path)
{
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        const QByteArray head = file.read(4096);
        if (head.startsWith("ElfFile"))
            return EventFileKind::Evtx;
        if (head.trimmed().startsWith('{'))
            return EventFileKind::OperationLog;
    }
    return path.endsWith(u".jsonl"_s, Qt::CaseInsensitive) ? EventFileKind::OperationLog
                                                           : EventFileKind::Evtx;
}

Result<EvtxSummary> readEventFile(const QString &path, const EvtxReader::BatchHandler &onBatch,
                                  const EvtxReadOptions &options)
{
    if (detectEventFileKind(path) == EventFileKind::OperationLog)
        return OperationLogReader(path).read(onBatch, options);
    return EvtxReader(path).read(onBatch, options);
}

} // namespace Entra::Events
