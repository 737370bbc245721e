#include "evtxbuilder.h"

#include <QtEndian>

#include <cstring>

namespace TestEvtx {

quint32 crc32(const QByteArray &data)
{
    quint32 crc = 0xFFFFFFFFu;
    for (const char ch : data) {
        crc ^= quint8(ch);
        for (int k = 0; k < 8; ++k)
            crc = (crc & 1) ? (0xEDB88320u ^ (crc >> 1)) : (crc >> 1);
    }
    return ~crc;
}

namespace {

QByteArray le16(quint16 v)
{
    QByteArray b(2, '\0');
    qToLittleEndian(v, b.data());
    return b;
}
QByteArray le32(quint32 v)
{
    QByteArray b(4, '\0');
    qToLittleEndian(v, b.data());
    return b;
}
QByteArray le64(quint64 v)
{
    QByteArray b(8, '\0');
    qToLittleEndian(v, b.data());
    return b;
}
QByteArray utf16(const QString &s)
{
    QByteArray b;
    for (const QChar c : s)
        b += le16(c.unicode());
    return b;
}

} // namespace

Value Value::null()
{
    return { 0x00, {}, {} };
}
Value Value::string(const QString &s, bool terminated)
{
    return { 0x01, utf16(s) + (terminated ? QByteArray(2, '\0') : QByteArray()), {} };
}
Value Value::ansi(const QByteArray &s)
{
    return { 0x02, s, {} };
}
Value Value::u8(quint8 v)
{
    return { 0x04, QByteArray(1, char(v)), {} };
}
Value Value::i8(qint8 v)
{
    return { 0x03, QByteArray(1, char(v)), {} };
}
Value Value::u16(quint16 v)
{
    return { 0x06, le16(v), {} };
}
Value Value::i16(qint16 v)
{
    return { 0x05, le16(quint16(v)), {} };
}
Value Value::u32(quint32 v)
{
    return { 0x08, le32(v), {} };
}
Value Value::i32(qint32 v)
{
    return { 0x07, le32(quint32(v)), {} };
}
Value Value::u64(quint64 v)
{
    return { 0x0a, le64(v), {} };
}
Value Value::i64(qint64 v)
{
    return { 0x09, le64(quint64(v)), {} };
}
Value Value::hex32(quint32 v)
{
    return { 0x14, le32(v), {} };
}
Value Value::hex64(quint64 v)
{
    return { 0x15, le64(v), {} };
}
Value Value::filetime(quint64 v)
{
    return { 0x11, le64(v), {} };
}
Value Value::raw(quint8 type, const QByteArray &bytes)
{
    return { type, bytes, {} };
}

Value Value::embedded(std::function<void(BinXml &)> write)
{
    return { 0x21, {}, std::move(write) };
}

// ---------------------------------------------------------------------------------------------

BinXml::BinXml(Chunk &chunk, bool dependencyIds)
    : m_chunk(chunk)
    , m_dependencyIds(dependencyIds)
{ }

void BinXml::name(const QString &n)
{
    const auto it = m_chunk.names().constFind(n);
    if (it != m_chunk.names().constEnd()) {
        m_chunk.putU32(*it);
        return;
    }
    const quint32 offset = quint32(m_chunk.pos() + 4);
    m_chunk.putU32(offset);
    m_chunk.putU32(0); // next string offset
    m_chunk.putU16(0); // hash (not checked by readers)
    m_chunk.putU16(quint16(n.size()));
    m_chunk.put(utf16(n));
    m_chunk.putU16(0);
    m_chunk.names().insert(n, offset);
}

BinXml &BinXml::fragmentHeader()
{
    m_chunk.put(QByteArray("\x0f\x01\x01\x00", 4));
    return *this;
}

BinXml &BinXml::open(const QString &n, bool attributes)
{
    m_chunk.putU8(attributes ? 0x41 : 0x01);
    if (m_dependencyIds)
        m_chunk.putU16(0xFFFF);
    m_chunk.putU32(0); // data size: not needed by readers
    name(n);
    if (attributes)
        m_chunk.putU32(0); // attribute list size
    return *this;
}

BinXml &BinXml::attr(const QString &n, bool more)
{
    m_chunk.putU8(more ? 0x46 : 0x06);
    name(n);
    return *this;
}

BinXml &BinXml::closeStart()
{
    m_chunk.putU8(0x02);
    return *this;
}

BinXml &BinXml::closeEmpty()
{
    m_chunk.putU8(0x03);
    return *this;
}

BinXml &BinXml::end()
{
    m_chunk.putU8(0x04);
    return *this;
}

BinXml &BinXml::text(const QString &t, bool more)
{
    m_chunk.putU8(more ? 0x45 : 0x05);
    m_chunk.putU8(0x01);
    m_chunk.putU16(quint16(t.size()));
    m_chunk.put(utf16(t));
    return *this;
}

BinXml &BinXml::subst(quint16 index, quint8 type, bool optional)
{
    m_chunk.putU8(optional ? 0x0e : 0x0d);
    m_chunk.putU16(index);
    m_chunk.putU8(type);
    return *this;
}

BinXml &BinXml::charRef(quint16 c)
{
    m_chunk.putU8(0x08);
    m_chunk.putU16(c);
    return *this;
}

BinXml &BinXml::entityRef(const QString &n)
{
    m_chunk.putU8(0x09);
    name(n);
    return *this;
}

BinXml &BinXml::cdata(const QString &t)
{
    m_chunk.putU8(0x07);
    m_chunk.putU16(quint16(t.size()));
    m_chunk.put(utf16(t));
    return *this;
}

BinXml &BinXml::eof()
{
    m_chunk.putU8(0x00);
    return *this;
}

BinXml &BinXml::raw(const QByteArray &bytes)
{
    m_chunk.put(bytes);
    return *this;
}

quint32 BinXml::templateInstance(const std::function<void(BinXml &)> &body,
                                 const QList<Value> &values, quint32 definitionOffset,
                                 quint32 templateId)
{
    m_chunk.putU8(0x0c);
    m_chunk.putU8(0x01);
    m_chunk.putU32(templateId);
    if (definitionOffset == 0) {
        definitionOffset = quint32(m_chunk.pos() + 4);
        m_chunk.putU32(definitionOffset);
        m_chunk.putU32(0); // next template
        m_chunk.put(QByteArray(16, '\x11')); // GUID
        const int sizeAt = m_chunk.pos();
        m_chunk.putU32(0);
        const int start = m_chunk.pos();
        BinXml definition(m_chunk, true);
        definition.fragmentHeader();
        body(definition);
        definition.eof();
        m_chunk.patchU32(sizeAt, quint32(m_chunk.pos() - start));
    } else {
        m_chunk.putU32(definitionOffset);
    }
    m_chunk.putU32(quint32(values.size()));
    const int descriptors = m_chunk.pos();
    for (const Value &v : values) {
        m_chunk.putU16(quint16(v.bytes.size()));
        m_chunk.putU8(v.type);
        m_chunk.putU8(0);
    }
    for (qsizetype i = 0; i < values.size(); ++i) {
        const Value &v = values[i];
        if (v.binxml) {
            const int start = m_chunk.pos();
            BinXml nested(m_chunk, false);
            v.binxml(nested);
            const quint16 size = quint16(m_chunk.pos() - start);
            qToLittleEndian(size, m_chunk.bytes().data() + descriptors + 4 * i);
        } else {
            m_chunk.put(v.bytes);
        }
    }
    return definitionOffset;
}

// ---------------------------------------------------------------------------------------------

Chunk::Chunk()
    : m_data(65536, '\0')
{ }

void Chunk::put(const QByteArray &bytes)
{
    if (m_pos + bytes.size() > m_data.size())
        qFatal("test chunk overflow");
    std::memcpy(m_data.data() + m_pos, bytes.constData(), size_t(bytes.size()));
    m_pos += int(bytes.size());
}

void Chunk::putU8(quint8 v)
{
    put(QByteArray(1, char(v)));
}

void Chunk::putU16(quint16 v)
{
    put(le16(v));
}

void Chunk::putU32(quint32 v)
{
    put(le32(v));
}

void Chunk::putU64(quint64 v)
{
    put(le64(v));
}

void Chunk::patchU32(int at, quint32 v)
{
    qToLittleEndian(v, m_data.data() + at);
}

int Chunk::addRecord(quint64 id, quint64 written, const std::function<void(BinXml &)> &body)
{
    const int start = m_pos;
    putU32(0x00002a2a);
    putU32(0); // size, patched
    putU64(id);
    putU64(written);
    BinXml x(*this);
    x.fragmentHeader();
    body(x);
    x.eof();
    while ((m_pos + 4 - start) % 8 != 0)
        putU8(0);
    const quint32 size = quint32(m_pos + 4 - start);
    putU32(size);
    patchU32(start + 4, size);
    if (m_records++ == 0)
        m_firstId = id;
    m_lastId = id;
    m_lastRecord = start;
    return start;
}

QByteArray Chunk::finish()
{
    std::memcpy(m_data.data(), "ElfChnk\0", 8);
    qToLittleEndian<quint64>(1, m_data.data() + 8);
    qToLittleEndian<quint64>(quint64(m_records), m_data.data() + 16);
    qToLittleEndian<quint64>(m_firstId, m_data.data() + 24);
    qToLittleEndian<quint64>(m_lastId, m_data.data() + 32);
    qToLittleEndian<quint32>(128, m_data.data() + 40);
    qToLittleEndian<quint32>(quint32(m_lastRecord), m_data.data() + 44);
    qToLittleEndian<quint32>(quint32(m_pos), m_data.data() + 48);
    qToLittleEndian<quint32>(crc32(m_data.mid(512, m_pos - 512)), m_data.data() + 52);
    qToLittleEndian<quint32>(crc32(m_data.left(120) + m_data.mid(128, 384)), m_data.data() + 124);
    return m_data;
}

QByteArray file(const QList<QByteArray> &chunks, quint32 flags)
{
    QByteArray h(4096, '\0');
    std::memcpy(h.data(), "ElfFile\0", 8);
    qToLittleEndian<quint64>(0, h.data() + 8);
    qToLittleEndian<quint64>(quint64(qMax(0, int(chunks.size()) - 1)), h.data() + 16);
    qToLittleEndian<quint64>(1000, h.data() + 24);
    qToLittleEndian<quint32>(128, h.data() + 32);
    qToLittleEndian<quint16>(1, h.data() + 36);
    qToLittleEndian<quint16>(3, h.data() + 38);
    qToLittleEndian<quint16>(4096, h.data() + 40);
    qToLittleEndian<quint16>(quint16(chunks.size()), h.data() + 42);
    qToLittleEndian<quint32>(flags, h.data() + 120);
    qToLittleEndian<quint32>(crc32(h.left(120)), h.data() + 124);
    QByteArray out = h;
    for (const QByteArray &c : chunks)
        out += c;
    return out;
}

void fixChecksums(QByteArray &chunk)
{
    const quint32 freeOffset = qFromLittleEndian<quint32>(chunk.constData() + 48);
    qToLittleEndian<quint32>(crc32(chunk.mid(512, freeOffset - 512)), chunk.data() + 52);
    qToLittleEndian<quint32>(crc32(chunk.left(120) + chunk.mid(128, 384)), chunk.data() + 124);
}

quint32 standardEvent(BinXml &x, const QStringList &names, const QString &channel,
                      const QList<Value> &values, quint32 definitionOffset, quint32 templateId)
{
    return x.templateInstance(
        [&](BinXml &t) {
            t.open(QStringLiteral("Event"), true)
                .attr(QStringLiteral("xmlns"))
                .text(QStringLiteral("http://schemas.microsoft.com/win/2004/08/events/event"))
                .closeStart();
            t.open(QStringLiteral("System")).closeStart();
            t.open(QStringLiteral("Provider"), true)
                .attr(QStringLiteral("Name"))
                .subst(0, 0x01)
                .closeEmpty();
            t.open(QStringLiteral("EventID")).closeStart().subst(1, 0x06).end();
            t.open(QStringLiteral("Level")).closeStart().subst(2, 0x04).end();
            t.open(QStringLiteral("TimeCreated"), true)
                .attr(QStringLiteral("SystemTime"))
                .subst(3, 0x11)
                .closeEmpty();
            t.open(QStringLiteral("Channel")).closeStart().text(channel).end();
            t.open(QStringLiteral("Computer")).closeStart().subst(4, 0x01).end();
            t.end(); // System
            t.open(QStringLiteral("EventData")).closeStart();
            for (int i = 0; i < names.size(); ++i) {
                t.open(QStringLiteral("Data"), true)
                    .attr(QStringLiteral("Name"))
                    .text(names[i])
                    .closeStart()
                    .subst(quint16(5 + i), values.value(5 + i).type, true)
                    .end();
            }
            t.end(); // EventData
            t.end(); // Event
        },
        values, definitionOffset, templateId);
}

} // namespace TestEvtx
