#include "evtxchunk.h"

#include "crc32.h"

#include <QtEndian>

#include <cstring>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Events::Evtx {

namespace {

constexpr char chunkMagic[8] = { 'E', 'l', 'f', 'C', 'h', 'n', 'k', '\0' };
constexpr uchar recordMagic[4] = { 0x2a, 0x2a, 0x00, 0x00 };

QString hex(quint64 value)
{
    return u"0x"_s + QString::number(value, 16);
}

bool allZero(const uchar *data, quint32 size)
{
    for (quint32 i = 0; i < size; ++i) {
        if (data[i] != 0)
            return false;
    }
    return true;
}

} // namespace

void ChunkParser::addIssue(EvtxBatch &out, const ChunkJob &job, EvtxIssue::Kind kind,
                           EvtxIssue::Severity severity, qint64 chunkOffset, quint64 recordId,
                           QString reason) const
{
    EvtxIssue issue;
    issue.kind = kind;
    issue.severity = severity;
    issue.chunk = job.index;
    issue.offset = chunkOffset >= 0 ? job.fileOffset + chunkOffset : -1;
    issue.recordId = recordId;
    issue.reason = std::move(reason);
    out.issues.append(std::move(issue));
}

bool ChunkParser::recordAt(const ChunkJob &job, quint32 offset, quint32 &size,
                           bool anySignature) const
{
    if (offset > job.size || job.size - offset < recordHeaderSize + 4)
        return false;
    const uchar *p = job.data + offset;
    if (!anySignature && std::memcmp(p, recordMagic, 4) != 0)
        return false;
    size = qFromLittleEndian<quint32>(p + 4);
    if (size < recordHeaderSize + 5 || size > job.size - offset)
        return false;
    return qFromLittleEndian<quint32>(p + size - 4) == size;
}

void ChunkParser::setSlotReader(SlotReader reader, int slotCount)
{
    m_readSlot = std::move(reader);
    m_slotCount = slotCount;
    m_donors.clear();
}

const ChunkParser::Donor *ChunkParser::donorFor(const ChunkJob &job, quint32 id, quint32 offset)
{
    const quint64 key = (quint64(id) << 32) | offset;
    auto it = m_donors.find(key);
    if (it == m_donors.end()) {
        Donor donor;
        QByteArray bytes;
        // The nearest chunks first; a bounded search.
        for (int distance = 1; distance <= 64 && donor.index < 0; ++distance) {
            for (const int index : { job.index - distance, job.index + distance }) {
                if (index < 0 || index >= m_slotCount || !m_readSlot || !m_readSlot(index, bytes)
                    || bytes.size() != qsizetype(chunkSize))
                    continue;
                const auto *d = reinterpret_cast<const uchar *>(bytes.constData());
                if (std::memcmp(d, chunkMagic, 8) != 0 || offset < chunkHeaderSize + 10
                    || offset > chunkSize - 28)
                    continue;
                if (job.verifyChecksums
                    && crc32(d + 128, 384, crc32(d, 120)) != qFromLittleEndian<quint32>(d + 124))
                    continue;
                // That chunk defines the same template id inline at the same offset, as a
                // fragment.
                const uchar *instance = d + offset - 10;
                if (instance[0] != 0x0c || qFromLittleEndian<quint32>(instance + 2) != id
                    || qFromLittleEndian<quint32>(instance + 6) != offset || d[offset + 24] != 0x0f)
                    continue;
                donor.index = index;
                donor.bytes = bytes;
                break;
            }
        }
        if (m_donors.size() > 32)
            m_donors.clear();
        it = m_donors.insert(key, donor);
    }
    return it->index >= 0 ? &*it : nullptr;
}

ChunkDecoder::Outcome ChunkParser::decodeBorrowed(const ChunkJob &job, quint32 p, quint32 size,
                                                  EventRecord &record, int &donorIndex)
{
    // header(24) fragment header(4) 0x0c, 1 byte, template id(4), definition offset(4)
    const uchar *r = job.data + p;
    if (size < recordHeaderSize + 14 || r[24] != 0x0f || r[28] != 0x0c)
        return ChunkDecoder::Outcome::Failed;
    const quint32 id = qFromLittleEndian<quint32>(r + 30);
    const quint32 definition = qFromLittleEndian<quint32>(r + 34);
    if (definition == p + 38) // defined inline, nothing to borrow
        return ChunkDecoder::Outcome::Failed;
    const Donor *donor = donorFor(job, id, definition);
    if (!donor)
        return ChunkDecoder::Outcome::Failed;
    const quint32 dataSize = qFromLittleEndian<quint32>(
        reinterpret_cast<const uchar *>(donor->bytes.constData()) + definition + 20);
    if (dataSize > chunkSize - definition - 24)
        return ChunkDecoder::Outcome::Failed;
    const quint32 defBegin = definition - 10;
    const quint32 defEnd = definition + 24 + dataSize;
    if (p < defEnd && defBegin < p + size) // the record would overwrite the definition
        return ChunkDecoder::Outcome::Failed;
    m_borrowed = donor->bytes;
    std::memcpy(m_borrowed.data() + p, r, size);
    const auto *data = reinterpret_cast<const uchar *>(m_borrowed.constData());
    m_decoder.switchBuffer(data, chunkSize);
    m_decoder.restrictReferences(p, p + size, defBegin, defEnd);
    const auto outcome = m_decoder.decodeRecord(p + recordHeaderSize, p + size - 4, record,
                                                job.withXml ? &record.xml : nullptr);
    m_decoder.switchBuffer(job.data, job.size);
    donorIndex = donor->index;
    return outcome;
}

ChunkStats ChunkParser::parse(const ChunkJob &job, EvtxBatch &out)
{
    using Kind = EvtxIssue::Kind;
    using Severity = EvtxIssue::Severity;
    ChunkStats stats;
    out.chunk = job.index;
    const uchar *d = job.data;

    if (job.size < chunkSize && !allZero(d, job.size)) {
        addIssue(
            out, job, Kind::Truncated, Severity::Skipped, 0, 0,
            u"the file ends %1 bytes into this chunk; the rest of it is missing"_s.arg(job.size));
    }

    const bool hasMagic = job.size >= 8 && std::memcmp(d, chunkMagic, 8) == 0;
    if (!hasMagic) {
        if (allZero(d, job.size)) {
            stats.empty = true;
            if (job.index < job.declaredChunks) {
                addIssue(out, job, Kind::ChunkSkipped, Severity::Skipped, 0, 0,
                         u"the chunk is all zeros although the file header counts %1 chunks; "
                         u"its records are lost"_s.arg(job.declaredChunks));
            }
            return stats;
        }
        // Not a chunk. Look for records anyway: a chunk with a damaged header still holds
        // decodable records when its template definitions survived.
        int found = 0;
        scanRecords(job, 0, job.size, true, out, stats, found);
        if (found > 0 || stats.recordsSkipped > 0) {
            stats.read = true;
            addIssue(out, job, Kind::ChunkHeader, Severity::Warning, 0, 0,
                     u"no chunk signature; %1 record(s) found by scanning the slot, %2 of them "
                     u"not decodable"_s.arg(found + stats.recordsSkipped)
                         .arg(stats.recordsSkipped));
        } else {
            stats.skipped = true;
            addIssue(out, job, Kind::ChunkSkipped, Severity::Skipped, 0, 0,
                     u"no chunk signature and no event record in this 64 KiB slot; skipped"_s);
        }
        return stats;
    }

    stats.read = true;
    if (job.size < chunkHeaderSize) {
        addIssue(out, job, Kind::ChunkHeader, Severity::Skipped, 0, 0,
                 u"the chunk header is cut off"_s);
        return stats;
    }

    const quint64 firstNumber = qFromLittleEndian<quint64>(d + 8);
    const quint64 lastNumber = qFromLittleEndian<quint64>(d + 16);
    const quint64 firstId = qFromLittleEndian<quint64>(d + 24);
    const quint64 lastId = qFromLittleEndian<quint64>(d + 32);
    const quint32 freeOffset = qFromLittleEndian<quint32>(d + 48);
    const quint32 recordsCrc = qFromLittleEndian<quint32>(d + 52);
    const quint32 headerCrc = qFromLittleEndian<quint32>(d + 124);

    if (job.verifyChecksums) {
        const quint32 computed = crc32(d + 128, 384, crc32(d, 120));
        if (computed != headerCrc) {
            addIssue(out, job, Kind::ChunkHeader, Severity::Warning, 0, 0,
                     u"chunk header checksum mismatch (stored %1, computed %2); records read "
                     u"anyway"_s.arg(hex(headerCrc), hex(computed)));
        }
    }

    quint32 limit = job.size;
    const bool freeValid = freeOffset >= chunkHeaderSize && freeOffset <= chunkSize;
    if (!freeValid) {
        addIssue(out, job, Kind::ChunkHeader, Severity::Warning, 48, 0,
                 u"invalid free-space offset %1; the whole chunk was scanned for records"_s.arg(
                     hex(freeOffset)));
    } else {
        limit = qMin(freeOffset, job.size);
        if (job.verifyChecksums && freeOffset <= job.size) {
            const quint32 computed = crc32(d + chunkHeaderSize, freeOffset - chunkHeaderSize);
            if (computed != recordsCrc) {
                addIssue(out, job, Kind::ChunkChecksum, Severity::Warning, 52, 0,
                         u"event records checksum mismatch (stored %1, computed %2); records "
                         u"read anyway"_s.arg(hex(recordsCrc), hex(computed)));
            }
        }
    }

    // Second opinion: the end of the record at the header's last-record offset. A free-space
    // offset before it is wrong (the records behind it are intact).
    const quint32 lastRecord = qFromLittleEndian<quint32>(d + 44);
    quint32 lastSize = 0;
    if (lastRecord >= chunkHeaderSize && recordAt(job, lastRecord, lastSize)
        && lastRecord + lastSize > limit) {
        addIssue(out, job, Kind::ChunkHeader, Severity::Warning, 48, 0,
                 u"the free-space offset %1 lies before the end of the last record (%2..%3); "
                 u"read up to the last record"_s.arg(hex(freeOffset), hex(lastRecord),
                                                     hex(lastRecord + lastSize)));
        limit = lastRecord + lastSize;
    }

    int found = 0;
    scanRecords(job, chunkHeaderSize, limit, false, out, stats, found);

    // The header's record range tells how many records the chunk should hold.
    if (freeValid && lastNumber >= firstNumber && lastNumber - firstNumber < chunkSize / 8) {
        const qint64 declared = qint64(lastNumber - firstNumber + 1);
        const qint64 seen = found + stats.recordsSkipped;
        if (seen < declared) {
            addIssue(out, job, Kind::RecordsMissing, Severity::Skipped, -1, 0,
                     u"the chunk header declares %1 records (ids %2..%3); only %4 were found "
                     u"(%5 read, %6 damaged)"_s.arg(declared)
                         .arg(firstId)
                         .arg(lastId)
                         .arg(seen)
                         .arg(found)
                         .arg(stats.recordsSkipped));
        }
    }
    return stats;
}

void ChunkParser::scanRecords(const ChunkJob &job, quint32 from, quint32 limit, bool recovering,
                              EvtxBatch &out, ChunkStats &stats, int &found)
{
    using Kind = EvtxIssue::Kind;
    using Severity = EvtxIssue::Severity;
    m_decoder.beginChunk(job.data, job.size);

    quint32 gapHeader = 0; // bytes at the gap's start that belong to a reported record header
    auto reportGap = [&](quint32 begin, quint32 end) {
        if (recovering || end <= begin)
            return;
        // The header of a damaged record at the start was reported on its own.
        const quint32 zeroFrom = qMin(end, begin + gapHeader);
        if (allZero(job.data + zeroFrom, end - zeroFrom)) {
            addIssue(
                out, job, Kind::BytesSkipped, Severity::Skipped, begin, 0,
                u"chunk bytes %1..%2 of the record area are zero; the records there are lost"_s.arg(
                    hex(zeroFrom), hex(end)));
        } else {
            addIssue(
                out, job, Kind::BytesSkipped, Severity::Skipped, begin, 0,
                u"chunk bytes %1..%2 hold no readable record (damaged record framing); skipped"_s
                    .arg(hex(begin), hex(end)));
        }
    };

    quint32 p = from;
    qint64 gapStart = -1;
    while (p < limit && limit - p >= recordHeaderSize + 4) {
        quint32 size = 0;
        bool damagedSignature = false;
        if (!recordAt(job, p, size) && gapStart < 0 && !recovering
            && recordAt(job, p, size, true)) {
            // Where the next record must start: a consistent size and size copy, but a damaged
            // signature. The record is read (and the damage reported).
            damagedSignature = true;
        }
        if (!damagedSignature && !recordAt(job, p, size)) {
            if (gapStart < 0) {
                gapStart = p;
                gapHeader = 0;
            }
            if (!recovering && std::memcmp(job.data + p, recordMagic, 4) == 0) {
                // A record header whose size or trailing size copy is wrong: a record that was
                // cut off (often zero-filled from some point on) or otherwise damaged.
                const quint32 declared = qFromLittleEndian<quint32>(job.data + p + 4);
                const quint64 id = qFromLittleEndian<quint64>(job.data + p + 8);
                QString why;
                if (declared < recordHeaderSize + 5 || declared > job.size - p) {
                    why = u"its size %1 does not fit the chunk"_s.arg(declared);
                } else {
                    why = u"its trailing size copy is %1 instead of %2 (cut off or damaged)"_s
                              .arg(qFromLittleEndian<quint32>(job.data + p + declared - 4))
                              .arg(declared);
                }
                ++stats.recordsSkipped;
                addIssue(out, job, Kind::RecordSkipped, Severity::Skipped, p, id,
                         u"record not readable: "_s + why);
                if (gapStart == p)
                    gapHeader = recordHeaderSize;
            }
            // Find the next record signature.
            const void *next = nullptr;
            for (quint32 q = p + 1; q + 4 <= limit; ++q) {
                if (job.data[q] == 0x2a && job.data[q + 1] == 0x2a && job.data[q + 2] == 0
                    && job.data[q + 3] == 0) {
                    next = job.data + q;
                    break;
                }
            }
            if (!next) {
                p = limit;
                break;
            }
            p = quint32(static_cast<const uchar *>(next) - job.data);
            continue;
        }
        if (gapStart >= 0) {
            reportGap(quint32(gapStart), p);
            gapStart = -1;
        }

        EventRecord record;
        record.recordId = qFromLittleEndian<quint64>(job.data + p + 8);
        if (damagedSignature) {
            addIssue(out, job, Kind::RecordDamaged, Severity::Warning, p, record.recordId,
                     u"the record signature is damaged (size and size copy agree); read anyway"_s);
        }
        record.filetimeWritten = qFromLittleEndian<quint64>(job.data + p + 16);
        record.fileOffset = job.fileOffset + p;
        auto outcome = m_decoder.decodeRecord(p + recordHeaderSize, p + size - 4, record,
                                              job.withXml ? &record.xml : nullptr);
        QString failure;
        if (outcome == ChunkDecoder::Outcome::Failed)
            failure = m_decoder.error();
        if (outcome == ChunkDecoder::Outcome::Failed && recovering && !m_decoder.workExhausted()) {
            // The slot lost its chunk header; its template definitions may be gone too.
            const QString ownError = failure;
            EventRecord borrowed = record;
            int donor = -1;
            if (decodeBorrowed(job, p, size, borrowed, donor) != ChunkDecoder::Outcome::Failed) {
                record = std::move(borrowed);
                outcome = ChunkDecoder::Outcome::Ok;
                addIssue(out, job, Kind::RecordDamaged, Severity::Warning, p, record.recordId,
                         u"decoded with the identical template definition of chunk %1 (this "
                         u"chunk's own is lost: %2)"_s.arg(donor)
                             .arg(ownError));
            }
        }
        switch (outcome) {
        case ChunkDecoder::Outcome::Ok:
            out.records.append(std::move(record));
            ++found;
            break;
        case ChunkDecoder::Outcome::Limited:
            addIssue(out, job, Kind::LimitReached, Severity::Warning, p, record.recordId,
                     m_decoder.error());
            out.records.append(std::move(record));
            ++found;
            break;
        case ChunkDecoder::Outcome::Failed:
            ++stats.recordsSkipped;
            addIssue(out, job, Kind::RecordSkipped, Severity::Skipped, p, record.recordId,
                     u"record not decodable: %1"_s.arg(failure));
            break;
        }
        p += size;
        if (m_decoder.workExhausted()) {
            addIssue(out, job, Kind::BytesSkipped, Severity::Skipped, p, 0,
                     u"the chunk needs more work than the reader allows (crafted data?); the rest "
                     u"of it was skipped"_s);
            return;
        }
    }
    if (gapStart >= 0)
        reportGap(quint32(gapStart), limit);
}

Result<QString> ChunkParser::recordXml(const ChunkJob &job, quint32 recordOffset)
{
    quint32 size = 0;
    if (!recordAt(job, recordOffset, size)) {
        return Error { ErrorDomain::Parse,
                       0,
                       u"There is no event record at this offset."_s,
                       {},
                       u"chunk %1, offset %2"_s.arg(job.index).arg(hex(recordOffset)) };
    }
    m_decoder.beginChunk(job.data, job.size);
    EventRecord record;
    QString xml;
    const auto outcome = m_decoder.decodeRecord(recordOffset + recordHeaderSize,
                                                recordOffset + size - 4, record, &xml);
    if (outcome == ChunkDecoder::Outcome::Failed) {
        return Error {
            ErrorDomain::Parse, 0, u"The event record cannot be decoded."_s, {}, m_decoder.error()
        };
    }
    return xml;
}

} // namespace Entra::Events::Evtx
