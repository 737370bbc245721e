#pragma once

#include "common/result.h"
#include "events/eventrecord.h"

#include <QList>
#include <QString>

#include <atomic>
#include <functional>

// A streaming reader for Windows XML Event Log (.evtx) files, written from the public format
// description: a 4 KiB file header, then 64 KiB chunks, each with its own string and template
// tables and a run of event records in binary XML. Chunks are independent, so they are decoded
// in parallel and delivered in file order.
//
// Damaged files: whatever cannot be read is skipped and described by an EvtxIssue (chunk, file
// offset, record id when known, reason); everything readable is kept. Checksums (file header,
// chunk header, event records) are verified and mismatches are reported, but the data is still
// read. The reader never trusts a size or offset from the file without checking it.

namespace Entra::Events {

struct EvtxIssue
{
    enum class Severity : quint8 {
        Info, // nothing was lost (e.g. the file says it carries no checksums)
        Warning, // data was read but may be wrong (a checksum mismatch, a damaged header)
        Skipped, // data was skipped: a record, a damaged area, a chunk
    };
    enum class Kind : quint8 {
        FileHeader, // the file header is damaged or unusual
        ChecksumsDisabled, // the header flags say the file carries no CRC32s
        ChunkHeader, // a chunk header is damaged; its records were read anyway
        ChunkChecksum, // a chunk's event-records CRC32 does not match
        ChunkSkipped, // a 64 KiB slot that is not a chunk and holds no readable record
        Truncated, // the file ends inside a chunk
        RecordSkipped, // a record that could not be read (damaged framing or binary XML)
        RecordDamaged, // a record with damaged framing that was read anyway
        BytesSkipped, // a damaged area of a chunk without readable records
        RecordsMissing, // the chunk header declares records that are not there
        LimitReached, // a safety limit cut a record's fields or XML
        LineSkipped, // a line of the operation log (a text source) that could not be read
    };

    Kind kind = Kind::FileHeader;
    Severity severity = Severity::Warning;
    int chunk = -1; // chunk index (0 = first chunk after the file header), -1 = file header
    qint64 offset = -1; // file offset of the damaged structure
    quint64 recordId = 0; // record identifier when known, else 0
    qint64 line = 0; // text sources (the operation log): the 1-based line, else 0
    QString reason; // one sentence

    // "chunk 3, offset 0x31a28, record 4711: reason"; "line 12: reason" for text sources.
    QString toString() const;
};

QString issueKindName(EvtxIssue::Kind kind);

struct EvtxFileInfo
{
    quint16 majorVersion = 0;
    quint16 minorVersion = 0;
    quint32 flags = 0; // 1 dirty, 2 full, 4 no CRC32
    quint16 headerChunkCount = 0;
    quint64 nextRecordId = 0;
    qint64 fileSize = 0;
    int chunkSlots = 0; // 64 KiB slots after the header (the header's count can be stale)
    bool headerValid = false;

    bool isDirty() const { return flags & 1; }
    bool isFull() const { return flags & 2; }
    bool hasNoChecksums() const { return flags & 4; }
};

struct EvtxProgress
{
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
    int chunksDone = 0;
    int chunksTotal = 0;
    qint64 records = 0;
};

// The records and issues of one chunk, delivered in file order.
struct EvtxBatch
{
    int chunk = 0;
    QList<EventRecord> records;
    QList<EvtxIssue> issues;
};

struct EvtxReadOptions
{
    int threads = 0; // decoding threads; 0 = QThread::idealThreadCount()
    bool withXml = false; // also render each record's XML (costly)
    const std::atomic<bool> *cancel = nullptr; // set it from any thread to stop soon
    // Called on the reading thread after each delivered chunk.
    std::function<void(const EvtxProgress &)> progress;
};

struct EvtxSummary
{
    EvtxFileInfo file;
    QList<EvtxIssue> issues; // at most maxIssues; issuesDropped counts the rest
    qint64 issuesDropped = 0;
    qint64 records = 0;
    qint64 recordsSkipped = 0;
    int chunksRead = 0; // slots read as chunks (including damaged ones)
    int chunksEmpty = 0; // all-zero slots (unused space, not an issue)
    int chunksSkipped = 0; // slots with data but no readable chunk
    bool cancelled = false;

    static constexpr int maxIssues = 10000;
    int count(EvtxIssue::Severity severity) const;
};

struct EvtxContents
{
    QList<EventRecord> records;
    EvtxSummary summary;
};

class EvtxReader
{
public:
    explicit EvtxReader(QString path);

    // Return false to stop reading. Called on the thread that called read(), in file order.
    using BatchHandler = std::function<bool(EvtxBatch &&batch)>;

    // Reads the whole file. An Error only when the file cannot be opened or is no EVTX file at
    // all; damage inside the file is reported in the summary's issues.
    Result<EvtxSummary> read(const BatchHandler &onBatch,
                             const EvtxReadOptions &options = {}) const;

    // Convenience: all records in one list.
    Result<EvtxContents> readAll(const EvtxReadOptions &options = {}) const;

    // The XML of the record that starts at this file offset (EventRecord::fileOffset).
    Result<QString> recordXml(qint64 fileOffset) const;

    const QString &path() const { return m_path; }

private:
    QString m_path;
};

} // namespace Entra::Events
