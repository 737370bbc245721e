#pragma once

#include "events/evtx/evtxreader.h"

namespace Entra::Events {

// The event files the program reads: exported Windows event logs and its own operation log.
enum class EventFileKind {
    Evtx,
    OperationLog,
};

// By content: "ElfFile" → Evtx; text starting with '{' or a name ending in ".jsonl" →
// OperationLog; anything else is handed to the EVTX reader, which says why it is not an event
// log (and still reads a log whose file header was destroyed).
EventFileKind detectEventFileKind(const QString &path);

// Reads any event file with the reader its kind needs (EvtxReader or OperationLogReader): one
// entry point for the CLI and EvtxImportJob.
Result<EvtxSummary> readEventFile(const QString &path, const EvtxReader::BatchHandler &onBatch,
                                  const EvtxReadOptions &options = {});

} // namespace Entra::Events
