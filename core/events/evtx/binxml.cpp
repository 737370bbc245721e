#include "binxml.h"

#include "binxmlvalue.h"

#include <QHashFunctions>
#include <QtEndian>

#include <utility>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Events::Evtx {

namespace {

QString hex(quint32 value)
{
    return u"0x"_s + QString::number(value, 16);
}

Known classify(const QString &n)
{
    struct Entry
    {
        QLatin1StringView text;
        Known known;
    };
    static constexpr Entry entries[] = {
        { "Event"_L1, Known::Event },
        { "System"_L1, Known::System },
        { "Provider"_L1, Known::Provider },
        { "EventID"_L1, Known::EventID },
        { "Level"_L1, Known::Level },
        { "TimeCreated"_L1, Known::TimeCreated },
        { "Channel"_L1, Known::Channel },
        { "Computer"_L1, Known::Computer },
        { "EventData"_L1, Known::EventData },
        { "UserData"_L1, Known::UserData },
        { "ProcessingErrorData"_L1, Known::ProcessingErrorData },
        { "Data"_L1, Known::Data },
        { "Name"_L1, Known::Name },
        { "SystemTime"_L1, Known::SystemTime },
        { "EventSourceName"_L1, Known::EventSourceName },
        { "Qualifiers"_L1, Known::Qualifiers },
    };
    for (const Entry &e : entries) {
        if (n == e.text)
            return e.known;
    }
    if (n.startsWith("xmlns"_L1))
        return Known::Xmlns;
    return Known::Other;
}

const QString &dataName(int position)
{
    static const std::array<QString, 33> names = [] {
        std::array<QString, 33> a;
        for (int i = 0; i < 33; ++i)
            a[size_t(i)] = u"Data"_s + QString::number(i);
        return a;
    }();
    static thread_local QString other;
    if (position >= 0 && position < 33)
        return names[size_t(position)];
    other = u"Data"_s + QString::number(position);
    return other;
}

void appendEscaped(QString &out, QStringView text, bool attribute)
{
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        QLatin1StringView rep;
        if (c == u'&')
            rep = "&amp;"_L1;
        else if (c == u'<')
            rep = "&lt;"_L1;
        else if (c == u'>')
            rep = "&gt;"_L1;
        else if (attribute && c == u'"')
            rep = "&quot;"_L1;
        else
            continue;
        out.append(text.mid(start, i - start));
        out.append(rep);
        start = i + 1;
    }
    out.append(text.mid(start));
}

QChar entityChar(QStringView name)
{
    if (name == u"lt")
        return u'<';
    if (name == u"gt")
        return u'>';
    if (name == u"amp")
        return u'&';
    if (name == u"quot")
        return u'"';
    if (name == u"apos")
        return u'\'';
    return QChar();
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Bounds-checked little-endian reader over [pos, end) of the chunk. Failure is sticky.

struct ChunkDecoder::Reader
{
    const uchar *d;
    quint32 pos;
    quint32 end;
    bool ok = true;

    bool need(quint32 n)
    {
        if (!ok || end - pos < n) {
            ok = false;
            return false;
        }
        return true;
    }
    quint8 u8() { return need(1) ? d[pos++] : 0; }
    quint16 u16()
    {
        if (!need(2))
            return 0;
        const quint16 v = qFromLittleEndian<quint16>(d + pos);
        pos += 2;
        return v;
    }
    quint32 u32()
    {
        if (!need(4))
            return 0;
        const quint32 v = qFromLittleEndian<quint32>(d + pos);
        pos += 4;
        return v;
    }
    void skip(quint32 n)
    {
        if (need(n))
            pos += n;
    }
};

ChunkDecoder::ChunkDecoder()
    : m_intern(1024)
{ }

ChunkDecoder::~ChunkDecoder() = default;

void ChunkDecoder::beginChunk(const uchar *data, quint32 size)
{
    switchBuffer(data, size);
    m_work = DecodeLimits::workPerChunk;
}

void ChunkDecoder::restrictReferences(quint32 aBegin, quint32 aEnd, quint32 bBegin, quint32 bEnd)
{
    m_restricted = true;
    m_allowed = { { aBegin, aEnd }, { bBegin, bEnd } };
}

bool ChunkDecoder::referenceAllowed(quint32 offset) const
{
    if (!m_restricted)
        return true;
    for (const auto &[begin, end] : m_allowed) {
        if (offset >= begin && offset < end)
            return true;
    }
    return false;
}

void ChunkDecoder::switchBuffer(const uchar *data, quint32 size)
{
    m_data = data;
    m_size = size;
    m_restricted = false;
    m_names.clear();
    m_nameIndex.clear();
    m_templateIndex.clear();
    m_templateCount = 0;
    m_templateBytes = 0;
}

bool ChunkDecoder::fail(QString message)
{
    if (m_error.isEmpty())
        m_error = std::move(message);
    return false;
}

QString ChunkDecoder::intern(QStringView text)
{
    if (text.size() > 48)
        return text.toString();
    const size_t h = qHash(text);
    InternSlot &slot = m_intern[h & (m_intern.size() - 1)];
    if (slot.hash == h && QStringView(slot.text) == text)
        return slot.text;
    slot.hash = h;
    slot.text = text.toString();
    return slot.text;
}

// ---------------------------------------------------------------------------------------------
// Names

bool ChunkDecoder::plausibleName(quint32 offset, quint32 after) const
{
    if (offset > m_size || m_size - offset < 8)
        return false;
    const quint32 chars = qFromLittleEndian<quint16>(m_data + offset + 6);
    if (chars == 0 || (m_size - offset - 8) / 2 < chars)
        return false;
    // A name is either stored right here (inline) or earlier in the chunk.
    return offset == after || offset < after;
}

bool ChunkDecoder::nameAt(quint32 offset, quint32 &nameIndex)
{
    const auto it = m_nameIndex.find(offset);
    if (it != m_nameIndex.end()) {
        nameIndex = it->second;
        return true;
    }
    if (offset > m_size || m_size - offset < 8)
        return fail(u"name at %1 is outside the chunk"_s.arg(hex(offset)));
    const quint32 chars = qFromLittleEndian<quint16>(m_data + offset + 6);
    if ((m_size - offset - 8) / 2 < chars)
        return fail(u"name at %1 runs past the end of the chunk"_s.arg(hex(offset)));
    Name n;
    appendUtf16(n.text, m_data + offset + 8, chars);
    n.known = classify(n.text);
    nameIndex = quint32(m_names.size());
    m_names.push_back(std::move(n));
    m_nameIndex.emplace(offset, nameIndex);
    return true;
}

bool ChunkDecoder::readNameRef(Reader &r, quint32 &nameIndex)
{
    const quint32 offset = r.u32();
    if (!r.ok)
        return fail(u"truncated name reference"_s);
    if (offset != r.pos && !referenceAllowed(offset))
        return fail(u"name at %1 lies in the lost part of the chunk"_s.arg(hex(offset)));
    if (!nameAt(offset, nameIndex))
        return false;
    if (offset == r.pos) {
        // The name is stored inline: next-offset(4) hash(2) count(2) text NUL(2).
        const quint32 chars = qFromLittleEndian<quint16>(m_data + offset + 6);
        r.skip(8 + 2 * chars + 2);
        if (!r.ok)
            return fail(u"inline name at %1 runs past its fragment"_s.arg(hex(offset)));
    }
    return true;
}

bool ChunkDecoder::readElementStart(Reader &r, Context context, bool hasAttributes,
                                    quint32 &nameIndex)
{
    // The start of an element comes in two layouts: with a 16-bit dependency identifier (in
    // template definitions) and without one (in embedded BinXml values). Take the layout the
    // context suggests and fall back to the other one when its name reference is implausible.
    const quint32 p = r.pos;
    auto nameOffsetIf = [&](quint32 at) -> qint64 {
        if (at > r.end || r.end - at < 4)
            return -1;
        return qFromLittleEndian<quint32>(m_data + at);
    };
    const bool preferDependency = context == Context::Template;
    bool withDependency = preferDependency;
    for (int attempt = 0; attempt < 2; ++attempt) {
        const quint32 at = p + (withDependency ? 6 : 4);
        const qint64 offset = nameOffsetIf(at);
        if (offset >= 0 && plausibleName(quint32(offset), at + 4))
            break;
        if (attempt == 1)
            return fail(u"element at %1 has no readable name"_s.arg(hex(p - 1)));
        withDependency = !withDependency;
    }
    r.skip(withDependency ? 6 : 4); // dependency identifier, data size
    if (!readNameRef(r, nameIndex))
        return false;
    if (hasAttributes)
        r.skip(4); // attribute list size
    if (!r.ok)
        return fail(u"truncated element start at %1"_s.arg(hex(p - 1)));
    return true;
}

// ---------------------------------------------------------------------------------------------
// Templates and template instances

bool ChunkDecoder::templateAt(quint32 offset, quint32 &templateIndex)
{
    const auto it = m_templateIndex.find(offset);
    if (it != m_templateIndex.end()) {
        templateIndex = it->second;
        const Template &t = *m_templates[templateIndex];
        return t.ok ? true : fail(t.error);
    }
    if (offset > m_size || m_size - offset < 24)
        return fail(u"template definition at %1 is outside the chunk"_s.arg(hex(offset)));
    if (m_templateCount >= size_t(DecodeLimits::maxTemplatesPerChunk)
        || m_templateBytes > DecodeLimits::maxTemplateBytesPerChunk)
        return fail(u"too many template definitions in one chunk"_s);
    const quint32 dataSize = qFromLittleEndian<quint32>(m_data + offset + 20);
    const quint32 begin = offset + 24;
    if (dataSize > m_size - begin)
        return fail(u"template definition at %1 declares %2 bytes, more than the chunk holds"_s
                        .arg(hex(offset))
                        .arg(dataSize));
    m_templateBytes += dataSize;

    if (m_templateCount == m_templates.size())
        m_templates.push_back(std::make_unique<Template>());
    templateIndex = quint32(m_templateCount++);
    Template &t = *m_templates[templateIndex];
    t.ops.clear();
    t.literals.clear();
    t.error.clear();
    // Register first: a definition that (in crafted data) refers to itself fails cleanly.
    t.ok = false;
    t.error = u"template definition at %1 refers to itself"_s.arg(hex(offset));
    m_templateIndex.emplace(offset, templateIndex);

    const QString previousError = std::exchange(m_error, QString());
    // A definition holds a fragment: header 0x0f 0x01 0x01, an element, end of fragment.
    const bool plausible = dataSize >= 6 && m_data[begin] == 0x0f && m_data[begin + 1] == 0x01
        && m_data[begin + 2] == 0x01;
    const bool ok = plausible
        ? compile(Context::Template, begin, begin + dataSize, t.ops, &t.literals)
        : fail(u"no binary XML fragment there"_s);
    Template &t2 = *m_templates[templateIndex];
    t2.ok = ok;
    t2.error = ok ? QString() : u"template definition at %1: %2"_s.arg(hex(offset), m_error);
    m_error = previousError;
    if (!ok)
        return fail(t2.error);
    return true;
}

bool ChunkDecoder::readInstance(Reader &r, std::vector<Op> &ops)
{
    const quint32 start = r.pos - 1;
    r.skip(1); // unknown
    const quint32 templateId = r.u32();
    const quint32 definition = r.u32(); // offset of the template definition
    if (!r.ok)
        return fail(u"truncated template instance at %1"_s.arg(hex(start)));
    if (definition == r.pos) {
        // The definition follows inline: next offset(4) GUID(16) data size(4) data.
        r.skip(20);
        const quint32 dataSize = r.u32();
        r.skip(dataSize);
        if (!r.ok)
            return fail(u"template definition at %1 runs past its record"_s.arg(hex(definition)));
    }
    if (definition != start + 10 && !referenceAllowed(definition)) {
        // Borrowed bytes may define the same template (same id) inline at the same offset.
        const bool definedThere = definition >= 10 && definition <= m_size - 28
            && m_data[definition - 10] == 0x0c
            && qFromLittleEndian<quint32>(m_data + definition - 8) == templateId
            && qFromLittleEndian<quint32>(m_data + definition - 4) == definition
            && m_data[definition + 24] == 0x0f && m_allowed.size() < 64;
        if (!definedThere)
            return fail(u"template definition at %1 lies in the lost part of the chunk"_s.arg(
                hex(definition)));
        const quint32 size = qFromLittleEndian<quint32>(m_data + definition + 20);
        m_allowed.emplace_back(definition - 10,
                               definition + 24 + qMin(size, m_size - definition - 24));
    }
    quint32 templateIndex = 0;
    if (!templateAt(definition, templateIndex))
        return false;

    const quint32 count = r.u32();
    if (!r.ok || count > (r.end - r.pos) / 4)
        return fail(u"template instance at %1 declares %2 values, more than its record holds"_s
                        .arg(hex(start))
                        .arg(count));
    const quint32 base = quint32(m_values.size());
    m_values.resize(size_t(base) + count);
    for (quint32 i = 0; i < count; ++i) {
        ValueRef &v = m_values[base + i];
        v.size = r.u16();
        v.type = r.u8();
        r.skip(1);
    }
    for (quint32 i = 0; i < count; ++i) {
        ValueRef &v = m_values[base + i];
        v.offset = r.pos;
        r.skip(v.size);
        if (!r.ok)
            return fail(
                u"value %1 of the template instance at %2 runs past its record"_s.arg(i).arg(
                    hex(start)));
    }
    Op op;
    op.kind = Op::Instance;
    op.a = templateIndex;
    op.b = base;
    op.c = qint32(count);
    ops.push_back(op);
    return true;
}

// ---------------------------------------------------------------------------------------------
// Compiling a token stream into operations

bool ChunkDecoder::compile(Context context, quint32 begin, quint32 end, std::vector<Op> &ops,
                           std::vector<QString> *literals)
{
    const size_t first = ops.size();
    if (!compileTokens(context, begin, end, ops, literals))
        return false;
    linkElements(ops, first);
    return true;
}

// For every element: where it ends (Op::b) and the first substitution of its own content
// (Op::c), which decides whether the element is left out (optional and null) or repeated
// (an array value).
void ChunkDecoder::linkElements(std::vector<Op> &ops, size_t first)
{
    std::vector<LinkEntry> &stack = m_linkStack;
    stack.clear();
    for (size_t i = first; i < ops.size(); ++i) {
        Op &op = ops[i];
        switch (op.kind) {
        case Op::Open:
            op.b = quint32(i);
            op.c = -1;
            stack.push_back({ i, false });
            break;
        case Op::CloseStart:
            if (!stack.empty())
                stack.back().content = true;
            break;
        case Op::CloseEmpty:
        case Op::End:
            if (!stack.empty()) {
                ops[stack.back().index].b = quint32(i);
                stack.pop_back();
            }
            break;
        case Op::Subst:
            if (!stack.empty() && stack.back().content && ops[stack.back().index].c < 0)
                ops[stack.back().index].c = qint32(i);
            break;
        default:
            break;
        }
    }
}

bool ChunkDecoder::compileTokens(Context context, quint32 begin, quint32 end, std::vector<Op> &ops,
                                 std::vector<QString> *literals)
{
    Reader r { m_data, begin, qMin(end, m_size) };
    if (begin > r.end)
        return fail(u"fragment at %1 is outside the chunk"_s.arg(hex(begin)));
    int depth = 0;
    bool sawRoot = false;
    while (r.pos < r.end) {
        if (--m_work < 0)
            return fail(u"too much work for one chunk (crafted data?)"_s);
        const quint32 at = r.pos;
        const quint8 token = r.u8();
        if (token & 0xB0)
            return fail(u"unknown binary XML token %1 at %2"_s.arg(hex(token), hex(at)));
        const bool more = token & 0x40;
        switch (token & 0x0F) {
        case 0x00: // end of fragment
            if (depth != 0)
                return fail(u"fragment ends at %1 inside an open element"_s.arg(hex(at)));
            return true;
        case 0x01: { // open start element
            if (depth >= DecodeLimits::maxElementDepth)
                return fail(u"elements nested too deeply at %1"_s.arg(hex(at)));
            Op op;
            op.kind = Op::Open;
            if (!readElementStart(r, context, more, op.a))
                return false;
            ops.push_back(op);
            ++depth;
            sawRoot = true;
            break;
        }
        case 0x02: // close start element
            if (depth == 0)
                return fail(u"unexpected close-start token at %1"_s.arg(hex(at)));
            ops.push_back(Op { Op::CloseStart });
            break;
        case 0x03: // close empty element
        case 0x04: // end element
            if (depth == 0)
                return fail(u"unexpected end-element token at %1"_s.arg(hex(at)));
            ops.push_back(Op { (token & 0x0F) == 0x03 ? Op::CloseEmpty : Op::End });
            --depth;
            // An embedded value may be a bare element without an end-of-fragment token.
            if (depth == 0 && sawRoot && context == Context::Value)
                return true;
            break;
        case 0x05: // value text
        case 0x07: // CDATA section
        case 0x0B: { // PI data
            const quint8 kind = token & 0x0F;
            if (kind == 0x05) {
                const quint8 valueType = r.u8();
                if (r.ok && valueType != StringType)
                    return fail(u"value text of type %1 at %2"_s.arg(hex(valueType), hex(at)));
            }
            Op op;
            op.kind = kind == 0x05 ? Op::Text : kind == 0x07 ? Op::CData : Op::PIData;
            op.b = r.u16();
            op.a = r.pos;
            r.skip(2 * op.b);
            if (!r.ok)
                return fail(u"text at %1 runs past its fragment"_s.arg(hex(at)));
            if (literals) {
                op.c = qint32(literals->size());
                QString text;
                appendUtf16(text, m_data + op.a, op.b);
                literals->push_back(std::move(text));
            }
            ops.push_back(op);
            break;
        }
        case 0x06: { // attribute
            if (depth == 0)
                return fail(u"attribute outside an element at %1"_s.arg(hex(at)));
            Op op;
            op.kind = Op::Attr;
            if (!readNameRef(r, op.a))
                return false;
            ops.push_back(op);
            break;
        }
        case 0x08: { // character reference
            Op op;
            op.kind = Op::CharRef;
            op.a = r.u16();
            ops.push_back(op);
            break;
        }
        case 0x09: // entity reference
        case 0x0A: { // PI target
            Op op;
            op.kind = (token & 0x0F) == 0x09 ? Op::EntityRef : Op::PITarget;
            if (!readNameRef(r, op.a))
                return false;
            ops.push_back(op);
            break;
        }
        case 0x0C: // template instance
            if (context == Context::Template)
                return fail(u"template instance inside a template definition at %1"_s.arg(hex(at)));
            if (!readInstance(r, ops))
                return false;
            break;
        case 0x0D: // normal substitution
        case 0x0E: { // optional substitution
            if (context != Context::Template)
                return fail(u"substitution outside a template at %1"_s.arg(hex(at)));
            Op op;
            op.kind = Op::Subst;
            op.optional = (token & 0x0F) == 0x0E;
            op.a = r.u16();
            op.type = r.u8();
            ops.push_back(op);
            break;
        }
        case 0x0F: // fragment header: major, minor, flags
            r.skip(3);
            break;
        default:
            return fail(u"unknown binary XML token %1 at %2"_s.arg(hex(token), hex(at)));
        }
        if (!r.ok)
            return fail(u"truncated token at %1"_s.arg(hex(at)));
    }
    if (depth != 0)
        return fail(u"fragment at %1 ends inside an open element"_s.arg(hex(begin)));
    return true;
}

// ---------------------------------------------------------------------------------------------
// Walking operations with substitution values

template<typename Sink>
bool ChunkDecoder::walk(const Op *ops, size_t count, const std::vector<QString> *literals,
                        quint32 valueBase, quint32 valueCount, int depth, Sink &sink,
                        const ArrayItem *item)
{
    auto valueAt = [&](quint32 index) {
        return index < valueCount ? m_values[valueBase + index] : ValueRef {};
    };
    bool inAttribute = false;
    for (size_t i = 0; i < count; ++i) {
        if (--m_work < 0)
            return fail(u"too much work for one chunk (crafted data?)"_s);
        if (sink.full())
            return true;
        const Op &op = ops[i];
        switch (op.kind) {
        case Op::Open: {
            if (inAttribute) {
                sink.endAttribute();
                inAttribute = false;
            }
            const size_t close = qBound(i, size_t(op.b), count - 1);
            if (op.c >= 0 && size_t(op.c) < count && !(item && item->index == ops[op.c].a)) {
                const Op &subst = ops[op.c];
                const ValueRef v = valueAt(subst.a);
                if (subst.optional && v.type == NullType) {
                    i = close; // an optional substitution without a value: no element
                    break;
                }
                if ((v.type & ArrayFlag) && v.type != BinXmlType) {
                    // One element per array item (a single empty one for an empty array).
                    const quint8 scalar = v.type & quint8(~ArrayFlag);
                    bool ok = true;
                    int items = 0;
                    forEachArrayItem(
                        v.type, m_data + v.offset, v.size, [&](const uchar *data, quint32 size) {
                            if (!ok)
                                return;
                            ++items;
                            const ArrayItem one { subst.a, scalar, quint32(data - m_data), size };
                            ok = walk(ops + i, close - i + 1, literals, valueBase, valueCount,
                                      depth, sink, &one);
                        });
                    if (ok && items == 0) {
                        const ArrayItem none { subst.a, NullType, 0, 0 };
                        ok = walk(ops + i, close - i + 1, literals, valueBase, valueCount, depth,
                                  sink, &none);
                    }
                    if (!ok)
                        return false;
                    i = close;
                    break;
                }
            }
            sink.startElement(op.a);
            break;
        }
        case Op::Attr:
            if (inAttribute)
                sink.endAttribute();
            sink.beginAttribute(op.a);
            inAttribute = true;
            break;
        case Op::CloseStart:
        case Op::CloseEmpty:
            if (inAttribute) {
                sink.endAttribute();
                inAttribute = false;
            }
            if (op.kind == Op::CloseEmpty)
                sink.endElement();
            break;
        case Op::End:
            sink.endElement();
            break;
        case Op::Text:
        case Op::CData:
            if (op.c >= 0 && literals)
                sink.literal((*literals)[size_t(op.c)], op.kind == Op::CData);
            else
                sink.rawText(m_data + op.a, op.b, op.kind == Op::CData);
            break;
        case Op::Subst: {
            ValueRef v = valueAt(op.a); // a missing value is null
            if (item && item->index == op.a)
                v = ValueRef { item->type, item->offset, item->size };
            if (v.type == BinXmlType && !inAttribute) {
                if (v.size == 0)
                    break;
                if (depth + 1 > DecodeLimits::maxNesting)
                    return fail(u"embedded binary XML nested too deeply"_s);
                const size_t mark = m_values.size();
                std::vector<Op> &nested = m_scratch[size_t(depth) + 1];
                nested.clear();
                if (!compile(Context::Value, v.offset, v.offset + v.size, nested, nullptr))
                    return false;
                if (!walk(nested.data(), nested.size(), nullptr, 0, 0, depth + 1, sink))
                    return false;
                m_values.resize(mark);
            } else {
                sink.value(v, op.optional);
            }
            break;
        }
        case Op::CharRef:
            sink.charRef(op.a);
            break;
        case Op::EntityRef:
            sink.entityRef(op.a);
            break;
        case Op::PITarget:
            sink.piTarget(op.a);
            break;
        case Op::PIData:
            sink.piData(m_data + op.a, op.b);
            break;
        case Op::Instance: {
            if (depth + 1 > DecodeLimits::maxNesting)
                return fail(u"template instances nested too deeply"_s);
            const Template &t = *m_templates[op.a];
            if (!walk(t.ops.data(), t.ops.size(), &t.literals, op.b, quint32(op.c), depth + 1,
                      sink))
                return false;
            break;
        }
        }
    }
    if (inAttribute)
        sink.endAttribute();
    return true;
}

// ---------------------------------------------------------------------------------------------
// Field extraction: System values and the named payload fields, nothing else.

namespace {

class FieldSink
{
public:
    FieldSink(ChunkDecoder &decoder, EventRecord &record)
        : m_dec(decoder)
        , m_rec(record)
        , m_fields(decoder.fieldScratch())
    {
        m_fields.clear();
    }

    bool full() const { return m_full; }
    bool limited() const { return m_limited; }

    void startElement(quint32 nameIndex)
    {
        const Known known = m_dec.name(nameIndex).known;
        const int d = m_depth + 1; // the root element has depth 1
        Frame f;
        f.nameIndex = nameIndex;
        f.known = known;
        if (m_depth > 0 && m_depth <= int(m_stack.size())) {
            Frame &parent = top();
            f.section = parent.section;
            if (parent.leaf) {
                // The parent holds elements, so it is no field itself.
                parent.leaf = false;
                m_acc.clear();
                m_pieces = 0;
            }
        }
        if (d == 2) {
            switch (known) {
            case Known::System:
                f.section = Section::System;
                break;
            case Known::EventData:
                f.section = Section::EventData;
                break;
            case Known::UserData:
                f.section = Section::UserData;
                break;
            case Known::ProcessingErrorData:
                f.section = Section::ProcessingErrorData;
                break;
            default:
                f.section = Section::None;
                break;
            }
            m_eventDataChildren = 0;
        }
        switch (f.section) {
        case Section::System:
            if (d == 3) {
                switch (known) {
                case Known::EventID:
                    f.target = Target::EventId;
                    break;
                case Known::Level:
                    f.target = Target::Level;
                    break;
                case Known::Channel:
                    f.target = Target::Channel;
                    break;
                case Known::Computer:
                    f.target = Target::Computer;
                    break;
                default:
                    break;
                }
            }
            break;
        case Section::EventData:
            if (d == 3)
                f.position = ++m_eventDataChildren;
            f.leaf = d >= 3;
            break;
        case Section::UserData:
            f.leaf = d >= 4;
            break;
        case Section::ProcessingErrorData:
            f.leaf = d >= 3;
            break;
        case Section::None:
            break;
        }
        if (f.leaf)
            f.target = Target::Field;
        if (f.target != Target::None)
            resetAccumulator();
        if (m_depth < int(m_stack.size()))
            m_stack[size_t(m_depth)] = f;
        ++m_depth;
        m_fieldName = QString();
    }

    void beginAttribute(quint32 nameIndex)
    {
        m_attrTarget = Target::None;
        m_attrName = nameIndex;
        m_inAttr = true; // attribute values never reach the element's text
        if (m_depth <= 0 || m_depth > int(m_stack.size()))
            return;
        const Frame &f = top();
        const Known attr = m_dec.name(nameIndex).known;
        if (f.section == Section::System && m_depth == 3) {
            if (f.known == Known::Provider && attr == Known::Name)
                m_attrTarget = Target::Provider;
            else if (f.known == Known::Provider && attr == Known::EventSourceName)
                m_attrTarget = Target::EventSource;
            else if (f.known == Known::EventID && attr == Known::Qualifiers)
                m_attrTarget = Target::Qualifiers;
            else if (f.known == Known::TimeCreated && attr == Known::SystemTime)
                m_attrTarget = Target::Time;
        } else if (f.leaf) {
            if (f.section == Section::EventData) {
                if (m_depth == 3 && attr == Known::Name)
                    m_attrTarget = Target::FieldName;
            } else if (attr != Known::Xmlns) {
                m_attrTarget = Target::AttributeField;
            }
        }
        if (m_attrTarget != Target::None)
            resetAccumulator();
    }

    void endAttribute()
    {
        if (!m_inAttr)
            return;
        m_inAttr = false;
        const Target target = std::exchange(m_attrTarget, Target::None);
        if (target == Target::None)
            return;
        switch (target) {
        case Target::Provider:
            m_rec.provider = takeText();
            break;
        case Target::EventSource:
            m_rec.eventSourceName = takeText();
            break;
        case Target::Qualifiers:
            m_rec.qualifiers = quint16(takeNumber());
            break;
        case Target::Time:
            if (m_haveTime)
                m_rec.filetimeCreated = m_time;
            else
                parseIsoFiletime(m_acc, m_rec.filetimeCreated);
            break;
        case Target::FieldName:
            m_fieldName = takeText();
            break;
        case Target::AttributeField:
            emitField(m_dec.name(top().nameIndex).text + u'.' + m_dec.name(m_attrName).text);
            top().attributeFields = true;
            break;
        default:
            break;
        }
        resetAccumulator();
    }

    void endElement()
    {
        if (m_depth <= 0)
            return;
        --m_depth;
        if (m_depth >= int(m_stack.size()))
            return;
        const Frame &f = m_stack[size_t(m_depth)];
        switch (f.target) {
        case Target::EventId:
            m_rec.eventId = quint32(takeNumber());
            break;
        case Target::Level:
            m_rec.level = quint8(takeNumber());
            break;
        case Target::Channel:
            m_rec.channel = takeText();
            break;
        case Target::Computer:
            m_rec.computer = takeText();
            break;
        case Target::Field:
            // A leaf gives a field, except an empty one whose attributes gave fields already.
            if (f.leaf && (m_pieces > 0 || !f.attributeFields)) {
                if (f.section == Section::EventData && m_depth + 1 == 3) {
                    if (!m_fieldName.isNull())
                        emitField(std::exchange(m_fieldName, QString()));
                    else if (f.known == Known::Data)
                        emitField(dataName(f.position));
                    else
                        emitField(m_dec.name(f.nameIndex).text);
                } else {
                    emitField(m_dec.name(f.nameIndex).text);
                }
            }
            break;
        default:
            break;
        }
        resetAccumulator();
    }

    void literal(const QString &text, bool)
    {
        if (!capturing())
            return;
        if (m_pieces++ == 0)
            m_acc = text;
        else
            m_acc += text;
    }

    void rawText(const uchar *data, quint32 chars, bool)
    {
        if (!capturing())
            return;
        m_scratch.resize(0);
        appendUtf16(m_scratch, data, chars);
        addScratch();
    }

    void value(const ValueRef &v, bool)
    {
        if (!capturing())
            return;
        const uchar *p = m_dec.data() + v.offset;
        const Target t = currentTarget();
        if (t == Target::EventId || t == Target::Level || t == Target::Qualifiers) {
            quint64 n = 0;
            if (m_pieces == 0 && integerValue(v.type, p, v.size, n)) {
                m_number = n;
                m_haveNumber = true;
                ++m_pieces;
                return;
            }
        } else if (t == Target::Time) {
            if (m_pieces == 0 && timeValue(v.type, p, v.size, m_time)) {
                m_haveTime = true;
                ++m_pieces;
                return;
            }
        }
        m_scratch.resize(0);
        appendValue(m_scratch, v.type, p, v.size, u", ");
        addScratch();
    }

    void charRef(quint32 c)
    {
        if (!capturing())
            return;
        m_scratch.resize(0);
        m_scratch.append(QChar(char16_t(c)));
        addScratch();
    }

    void entityRef(quint32 nameIndex)
    {
        if (!capturing())
            return;
        const QString &n = m_dec.name(nameIndex).text;
        m_scratch.resize(0);
        const QChar c = entityChar(n);
        if (c.isNull())
            m_scratch.append(u'&' + n + u';');
        else
            m_scratch.append(c);
        addScratch();
    }

    void piTarget(quint32) { }
    void piData(const uchar *, quint32) { }

    void finish()
    {
        const quint64 ft = m_rec.filetimeCreated ? m_rec.filetimeCreated : m_rec.filetimeWritten;
        // Any 64-bit FILETIME (crafted ones too) without signed overflow.
        const qint64 ms = ft >= filetimeUnixEpoch ? qint64((ft - filetimeUnixEpoch) / 10000)
                                                  : -qint64((filetimeUnixEpoch - ft) / 10000);
        m_rec.timeCreated = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        // One allocation of the exact size for the fields.
        m_rec.data.reserve(qsizetype(m_fields.size()));
        for (EventField &f : m_fields)
            m_rec.data.append(std::move(f));
        m_fields.clear();
    }

private:
    enum class Section : quint8 { None, System, EventData, UserData, ProcessingErrorData };
    enum class Target : quint8 {
        None,
        EventId,
        Level,
        Qualifiers,
        Channel,
        Computer,
        Provider,
        EventSource,
        Time,
        Field,
        FieldName,
        AttributeField,
    };
    struct Frame
    {
        quint32 nameIndex = 0;
        Known known = Known::Other;
        Section section = Section::None;
        Target target = Target::None;
        bool leaf = false;
        bool attributeFields = false;
        int position = 0;
    };

    Frame &top() { return m_stack[size_t(qMin(m_depth, int(m_stack.size())) - 1)]; }

    Target currentTarget() const
    {
        if (m_inAttr)
            return m_attrTarget;
        if (m_depth <= 0 || m_depth > int(m_stack.size()))
            return Target::None;
        return m_stack[size_t(m_depth - 1)].target;
    }
    bool capturing() const { return currentTarget() != Target::None; }

    void resetAccumulator()
    {
        m_acc = QString();
        m_pieces = 0;
        m_haveNumber = false;
        m_haveTime = false;
    }

    void addScratch()
    {
        if (m_pieces++ == 0)
            m_acc = m_dec.intern(m_scratch);
        else
            m_acc += m_scratch;
    }

    QString takeText() { return std::exchange(m_acc, QString()); }

    quint64 takeNumber()
    {
        if (m_haveNumber)
            return m_number;
        bool ok = false;
        const QStringView t = QStringView(m_acc).trimmed();
        quint64 n = t.startsWith(u"0x") ? t.mid(2).toULongLong(&ok, 16) : t.toULongLong(&ok);
        return ok ? n : 0;
    }

    void emitField(const QString &name)
    {
        if (m_limited)
            return;
        auto add = [&](QString value) {
            m_chars += value.size() + name.size();
            if (qsizetype(m_fields.size()) >= DecodeLimits::maxFieldsPerRecord
                || m_chars > DecodeLimits::maxFieldCharsPerRecord) {
                m_limited = true;
                m_full = true;
                return;
            }
            m_fields.push_back(EventField { name, std::move(value) });
        };
        add(takeText());
    }

    ChunkDecoder &m_dec;
    EventRecord &m_rec;
    std::vector<EventField> &m_fields; // collected here, moved into the record at the end
    std::array<Frame, 32> m_stack; // deeper elements are walked but not captured
    int m_depth = 0;
    int m_eventDataChildren = 0;
    bool m_inAttr = false;
    Target m_attrTarget = Target::None;
    quint32 m_attrName = 0;
    QString m_fieldName;
    QString m_acc;
    QString m_scratch;
    int m_pieces = 0;
    quint64 m_number = 0;
    bool m_haveNumber = false;
    quint64 m_time = 0;
    bool m_haveTime = false;
    qint64 m_chars = 0;
    bool m_limited = false;
    bool m_full = false;
};

// ---------------------------------------------------------------------------------------------
// XML rendering, indented like Event Viewer's XML view.

class XmlSink
{
public:
    XmlSink(ChunkDecoder &decoder, QString &out)
        : m_dec(decoder)
        , m_out(out)
    { }

    bool full() const { return m_full; }
    bool limited() const { return m_full; }

    void startElement(quint32 nameIndex)
    {
        if (m_depth > 0) {
            Frame &parent = top();
            openContent(parent);
            if (!parent.hasChildren && !parent.hasText)
                m_out.append(u'\n');
            parent.hasChildren = true;
        }
        indent(m_depth);
        m_out.append(u'<');
        m_out.append(m_dec.name(nameIndex).text);
        if (m_depth < int(m_stack.size()))
            m_stack[size_t(m_depth)] = Frame { nameIndex };
        ++m_depth;
        check();
    }

    void beginAttribute(quint32 nameIndex)
    {
        m_inAttr = true;
        m_attrName = nameIndex;
        m_attrValue.resize(0);
        m_attrPieces = 0;
        m_attrOptionalNulls = 0;
    }

    void endAttribute()
    {
        m_inAttr = false;
        if (m_attrPieces == 0 && m_attrOptionalNulls > 0)
            return; // an optional substitution without a value leaves the attribute out
        m_out.append(u' ');
        m_out.append(m_dec.name(m_attrName).text);
        m_out.append(u"=\""_s);
        m_out.append(m_attrValue);
        m_out.append(u'"');
        check();
    }

    void endElement()
    {
        if (m_depth <= 0)
            return;
        --m_depth;
        const Frame f = m_depth < int(m_stack.size()) ? m_stack[size_t(m_depth)] : Frame {};
        if (!f.contentOpen) {
            m_out.append(u"/>\n"_s);
        } else {
            if (f.hasChildren)
                indent(m_depth);
            m_out.append(u"</"_s);
            m_out.append(m_dec.name(f.nameIndex).text);
            m_out.append(u">\n"_s);
        }
        check();
    }

    void literal(const QString &text, bool cdata) { addText(text, cdata); }

    void rawText(const uchar *data, quint32 chars, bool cdata)
    {
        m_scratch.resize(0);
        appendUtf16(m_scratch, data, chars);
        addText(m_scratch, cdata);
    }

    void value(const ValueRef &v, bool optional)
    {
        if (v.type == NullType || (v.type == BinXmlType && v.size == 0)) {
            if (optional && m_inAttr)
                ++m_attrOptionalNulls;
            return;
        }
        m_scratch.resize(0);
        appendValue(m_scratch, v.type, m_dec.data() + v.offset, v.size, u", ");
        addText(m_scratch, false);
    }

    void charRef(quint32 c) { addRaw(u"&#"_s + QString::number(c) + u';'); }
    void entityRef(quint32 nameIndex) { addRaw(u'&' + m_dec.name(nameIndex).text + u';'); }

    void piTarget(quint32 nameIndex)
    {
        if (m_depth > 0)
            openContent(top());
        m_out.append(u"<?"_s + m_dec.name(nameIndex).text);
        m_piOpen = true;
    }

    void piData(const uchar *data, quint32 chars)
    {
        m_scratch.resize(0);
        appendUtf16(m_scratch, data, chars);
        if (!m_piOpen)
            m_out.append(u"<?"_s);
        m_out.append(u' ');
        m_out.append(m_scratch);
        m_out.append(u"?>"_s);
        m_piOpen = false;
        check();
    }

    void finish()
    {
        if (m_piOpen)
            m_out.append(u"?>"_s);
        while (m_out.endsWith(u'\n'))
            m_out.chop(1);
    }

private:
    struct Frame
    {
        quint32 nameIndex = 0;
        bool contentOpen = false; // '>' written
        bool hasChildren = false;
        bool hasText = false;
    };

    Frame &top() { return m_stack[size_t(qMin(m_depth, int(m_stack.size())) - 1)]; }

    void openContent(Frame &f)
    {
        if (!f.contentOpen) {
            m_out.append(u'>');
            f.contentOpen = true;
        }
    }

    void indent(int depth)
    {
        static constexpr char16_t spaces[] = u"                                                  "
                                             u"                                                  ";
        constexpr qsizetype available = sizeof(spaces) / sizeof(char16_t) - 1;
        qsizetype n = 2 * qsizetype(depth);
        while (n > 0) {
            const qsizetype chunk = qMin(n, available);
            m_out.append(QStringView(spaces, chunk));
            n -= chunk;
        }
    }

    void addText(QStringView text, bool cdata)
    {
        if (m_inAttr) {
            ++m_attrPieces;
            appendEscaped(m_attrValue, text, true);
            return;
        }
        if (m_depth <= 0 || (text.isEmpty() && !cdata))
            return;
        Frame &f = top();
        openContent(f);
        f.hasText = true;
        if (cdata) {
            m_out.append(u"<![CDATA["_s);
            m_out.append(text);
            m_out.append(u"]]>"_s);
        } else {
            appendEscaped(m_out, text, false);
        }
        check();
    }

    void addRaw(const QString &text)
    {
        if (m_inAttr) {
            ++m_attrPieces;
            m_attrValue.append(text);
            return;
        }
        if (m_depth <= 0)
            return;
        Frame &f = top();
        openContent(f);
        f.hasText = true;
        m_out.append(text);
        check();
    }

    void check()
    {
        if (m_out.size() > DecodeLimits::maxXmlCharsPerRecord)
            m_full = true;
    }

    ChunkDecoder &m_dec;
    QString &m_out;
    std::array<Frame, DecodeLimits::maxElementDepth * 2> m_stack;
    int m_depth = 0;
    bool m_inAttr = false;
    quint32 m_attrName = 0;
    QString m_attrValue;
    int m_attrPieces = 0;
    int m_attrOptionalNulls = 0;
    QString m_scratch;
    bool m_piOpen = false;
    bool m_full = false;
};

} // namespace

ChunkDecoder::Outcome ChunkDecoder::decodeRecord(quint32 begin, quint32 end, EventRecord &record,
                                                 QString *xml)
{
    m_error.clear();
    m_values.clear();
    std::vector<Op> &ops = m_scratch[0];
    ops.clear();
    if (!compile(Context::Record, begin, end, ops, nullptr))
        return Outcome::Failed;
    if (ops.empty()) {
        fail(u"the record holds no event"_s);
        return Outcome::Failed;
    }
    FieldSink fields(*this, record);
    if (!walk(ops.data(), ops.size(), nullptr, 0, 0, 0, fields))
        return Outcome::Failed;
    fields.finish();
    bool limited = fields.limited();
    if (limited)
        m_error = u"the record has more payload than the reader keeps; fields were cut"_s;
    if (xml) {
        // Render into a buffer that keeps its capacity, then copy once at the exact size.
        m_xmlBuffer.resize(0);
        if (m_xmlBuffer.capacity() < 16384)
            m_xmlBuffer.reserve(16384);
        XmlSink sink(*this, m_xmlBuffer);
        if (!walk(ops.data(), ops.size(), nullptr, 0, 0, 0, sink))
            return Outcome::Failed;
        sink.finish();
        *xml = QString(m_xmlBuffer.constData(), m_xmlBuffer.size());
        if (sink.limited()) {
            limited = true;
            m_error = u"the record's XML is longer than the reader keeps; it was cut"_s;
        }
    }
    return limited ? Outcome::Limited : Outcome::Ok;
}

} // namespace Entra::Events::Evtx
