#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>

// Writes small EVTX files byte by byte for the tests: a file header, chunks, records with
// binary XML (templates, substitutions, every token), with correct CRC32s, so that each test
// controls exactly what the reader sees. Crafted damage is applied to the bytes afterwards.

namespace TestEvtx {

quint32 crc32(const QByteArray &data);

// A substitution value of a template instance.
struct Value
{
    quint8 type = 0;
    QByteArray bytes;
    // For embedded binary XML (type 0x21): writes the value in place, at its final chunk offset
    // (names and inline template definitions are chunk-relative).
    std::function<void(class BinXml &)> binxml;

    static Value null();
    static Value string(const QString &s, bool terminated = false);
    static Value ansi(const QByteArray &s);
    static Value u8(quint8 v);
    static Value i8(qint8 v);
    static Value u16(quint16 v);
    static Value i16(qint16 v);
    static Value u32(quint32 v);
    static Value i32(qint32 v);
    static Value u64(quint64 v);
    static Value i64(qint64 v);
    static Value hex32(quint32 v);
    static Value hex64(quint64 v);
    static Value filetime(quint64 v);
    static Value raw(quint8 type, const QByteArray &bytes);
    static Value embedded(std::function<void(class BinXml &)> write);
};

class Chunk;

// Binary XML written straight into a chunk (names are chunk-relative offsets, written inline the
// first time they are used, as Windows does).
class BinXml
{
public:
    BinXml(Chunk &chunk, bool dependencyIds = true);

    BinXml &fragmentHeader();
    BinXml &open(const QString &name, bool attributes = false);
    BinXml &attr(const QString &name, bool more = false);
    BinXml &closeStart();
    BinXml &closeEmpty();
    BinXml &end();
    BinXml &text(const QString &text, bool more = false);
    BinXml &subst(quint16 index, quint8 type, bool optional = false);
    BinXml &charRef(quint16 c);
    BinXml &entityRef(const QString &name);
    BinXml &cdata(const QString &text);
    BinXml &eof();
    BinXml &raw(const QByteArray &bytes);

    // A template instance whose definition is written inline here (if `definitionOffset` is 0)
    // or referenced at that chunk offset; `body` writes the definition's element tree.
    // Returns the definition offset.
    quint32 templateInstance(const std::function<void(BinXml &)> &body, const QList<Value> &values,
                             quint32 definitionOffset = 0, quint32 templateId = 0x12345678);

private:
    void name(const QString &name);
    Chunk &m_chunk;
    bool m_dependencyIds;
};

class Chunk
{
public:
    Chunk();

    QByteArray &bytes() { return m_data; }
    int pos() const { return m_pos; }
    void setPos(int pos) { m_pos = pos; }
    void put(const QByteArray &bytes);
    void putU8(quint8 v);
    void putU16(quint16 v);
    void putU32(quint32 v);
    void putU64(quint64 v);
    void patchU32(int at, quint32 v);

    QHash<QString, quint32> &names() { return m_names; }

    // Appends a record whose binary XML `body` writes; returns its offset in the chunk.
    int addRecord(quint64 id, quint64 written, const std::function<void(BinXml &)> &body);

    // Writes the chunk header (record numbers, offsets, both CRC32s).
    QByteArray finish();

private:
    QByteArray m_data;
    int m_pos = 512;
    QHash<QString, quint32> m_names;
    quint64 m_firstId = 0;
    quint64 m_lastId = 0;
    int m_records = 0;
    int m_lastRecord = 0;
};

// A file header for `chunks` chunks plus the chunks.
QByteArray file(const QList<QByteArray> &chunks, quint32 flags = 0);

// A typical event: System (provider, event id, level, time, record id, channel, computer) and
// EventData with <Data Name=...> for each of `names`; the values are substitutions 5.. .
// Values 0..4: provider, event id (u16), level (u8), time (FILETIME), computer.
// Returns the definition's offset, for later records to refer to.
quint32 standardEvent(BinXml &x, const QStringList &names, const QString &channel,
                      const QList<Value> &values, quint32 definitionOffset = 0,
                      quint32 templateId = 0x12345678);

// Recomputes a finished chunk's two CRC32s after a test changed its bytes.
void fixChecksums(QByteArray &chunk);

} // namespace TestEvtx
