#pragma once

#include "binxml.h"
#include "evtxreader.h"

#include <QHash>

#include <functional>

// Reads one 64 KiB chunk slot of an EVTX file (internal).

namespace Entra::Events::Evtx {

inline constexpr qint64 fileHeaderBlockSize = 4096;
inline constexpr quint32 chunkSize = 65536;
inline constexpr quint32 chunkHeaderSize = 512;
inline constexpr quint32 recordHeaderSize = 24;

struct ChunkJob
{
    int index = 0;
    qint64 fileOffset = 0;
    const uchar *data = nullptr;
    quint32 size = 0; // < chunkSize when the file ends inside the chunk
    bool verifyChecksums = true;
    bool withXml = false;
    int declaredChunks = 0; // chunk count of a valid file header, else 0
};

struct ChunkStats
{
    bool read = false; // read as a chunk (possibly damaged)
    bool empty = false; // all zero: unused space
    bool skipped = false; // data but nothing readable
    qint64 recordsSkipped = 0;
};

class ChunkParser
{
public:
    // Reads another chunk slot of the same file (false if it cannot): lets the records of a
    // chunk whose header and template definitions were destroyed be decoded with an identical
    // template definition from another chunk.
    using SlotReader = std::function<bool(int index, QByteArray &bytes)>;
    void setSlotReader(SlotReader reader, int slotCount);

    ChunkStats parse(const ChunkJob &job, EvtxBatch &out);

    // The XML of the record at `recordOffset` in the chunk.
    Result<QString> recordXml(const ChunkJob &job, quint32 recordOffset);

private:
    void scanRecords(const ChunkJob &job, quint32 from, quint32 limit, bool recovering,
                     EvtxBatch &out, ChunkStats &stats, int &found);
    bool recordAt(const ChunkJob &job, quint32 offset, quint32 &size,
                  bool anySignature = false) const;
    void addIssue(EvtxBatch &out, const ChunkJob &job, EvtxIssue::Kind kind,
                  EvtxIssue::Severity severity, qint64 chunkOffset, quint64 recordId,
                  QString reason) const;

    // A chunk that defines template `id` inline at `offset`, or nullptr.
    struct Donor
    {
        int index = -1;
        QByteArray bytes;
    };
    const Donor *donorFor(const ChunkJob &job, quint32 id, quint32 offset);
    ChunkDecoder::Outcome decodeBorrowed(const ChunkJob &job, quint32 p, quint32 size,
                                         EventRecord &record, int &donorIndex);

    ChunkDecoder m_decoder;
    SlotReader m_readSlot;
    int m_slotCount = 0;
    QHash<quint64, Donor> m_donors; // (id << 32 | offset) -> donor (index -1: none)
    QByteArray m_borrowed;
};

} // namespace Entra::Events::Evtx
