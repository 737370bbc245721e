#pragma once

#include "events/eventrecord.h"

#include <QString>

#include <array>
#include <memory>
#include <unordered_map>
#include <vector>

// The binary XML engine of the EVTX reader (internal). One ChunkDecoder per worker thread; it is
// pointed at one 64 KiB chunk at a time. Template definitions are compiled once per chunk into
// a flat list of operations; each record's template instance is then walked with its
// substitution values, straight into the fields of an EventRecord (and into XML on request).
//
// Every offset is relative to the start of the chunk, as in the format. Every read is bounds
// checked; nesting, template count, compiled bytes, work per chunk and output size are bounded
// (see DecodeLimits), so crafted input costs bounded time and memory.

namespace Entra::Events::Evtx {

struct DecodeLimits
{
    static constexpr int maxNesting = 16; // template instances and embedded BinXml values
    static constexpr int maxElementDepth = 128; // elements inside one fragment
    static constexpr int maxTemplatesPerChunk = 4096;
    static constexpr qint64 maxTemplateBytesPerChunk = 16 << 20;
    static constexpr qint64 workPerChunk = 4 << 20; // tokens compiled + operations walked
    static constexpr int maxFieldsPerRecord = 4096;
    static constexpr qint64 maxFieldCharsPerRecord = 4 << 20;
    static constexpr qint64 maxXmlCharsPerRecord = 16 << 20;
};

// Element and attribute names the field extraction looks for.
enum class Known : quint8 {
    Other,
    Event,
    System,
    Provider,
    EventID,
    Level,
    TimeCreated,
    Channel,
    Computer,
    EventData,
    UserData,
    ProcessingErrorData,
    Data,
    Name,
    SystemTime,
    EventSourceName,
    Qualifiers,
    Xmlns,
};

struct Name
{
    QString text;
    Known known = Known::Other;
};

struct Op
{
    enum Kind : quint8 {
        Open, // a = name, b = index of its CloseEmpty/End, c = first content Subst or -1
        Attr, // a = name
        CloseStart, //
        CloseEmpty, //
        End, //
        Text, // a = offset of UTF-16 text, b = characters, c = literal index or -1
        CData, // as Text
        Subst, // a = substitution index, type = declared type, optional
        CharRef, // a = character
        EntityRef, // a = name
        PITarget, // a = name
        PIData, // as Text
        Instance, // a = template index, b = first value, c = value count
    };
    Kind kind = Open;
    quint8 type = 0;
    bool optional = false;
    quint32 a = 0;
    quint32 b = 0;
    qint32 c = -1;
};

struct ValueRef
{
    quint8 type = 0;
    quint32 offset = 0;
    quint32 size = 0;
};

struct Template
{
    std::vector<Op> ops;
    std::vector<QString> literals;
    QString error; // empty when ok
    bool ok = false;
};

class ChunkDecoder
{
public:
    ChunkDecoder();
    ~ChunkDecoder();
    ChunkDecoder(const ChunkDecoder &) = delete;
    ChunkDecoder &operator=(const ChunkDecoder &) = delete;

    // Points the decoder at a new chunk (size <= 65536) and forgets the previous one's tables.
    void beginChunk(const uchar *data, quint32 size);
    // Points the decoder at other bytes for the same chunk (its tables are forgotten, the chunk's
    // work budget is kept).
    void switchBuffer(const uchar *data, quint32 size);
    // Accepts references (names, template definitions) only inside these two ranges, besides
    // inline ones, and template definitions that the buffer defines inline with the same
    // template id: for a record decoded with another chunk's template definitions.
    void restrictReferences(quint32 aBegin, quint32 aEnd, quint32 bBegin, quint32 bEnd);

    enum class Outcome {
        Ok,
        Limited, // decoded, but a safety limit cut fields or XML; error() says which
        Failed, // not decodable; error() says why
    };
    // Decodes the binary XML of one record, [begin, end) in the chunk, into the record's fields
    // (and into *xml when xml is not null).
    Outcome decodeRecord(quint32 begin, quint32 end, EventRecord &record, QString *xml);
    const QString &error() const { return m_error; }
    bool workExhausted() const { return m_work < 0; }

    // For the sinks.
    const uchar *data() const { return m_data; }
    const Name &name(quint32 index) const { return m_names[index]; }
    QString intern(QStringView text);
    std::vector<EventField> &fieldScratch() { return m_fieldScratch; }

    enum class Context : quint8 { Template, Record, Value };

private:
    struct Reader;
    // One item of an array value, standing in for its substitution inside a repeated element.
    struct ArrayItem
    {
        quint32 index;
        quint8 type;
        quint32 offset;
        quint32 size;
    };
    template<typename Sink>
    bool walk(const Op *ops, size_t count, const std::vector<QString> *literals, quint32 valueBase,
              quint32 valueCount, int depth, Sink &sink, const ArrayItem *item = nullptr);
    bool compileTokens(Context context, quint32 begin, quint32 end, std::vector<Op> &ops,
                       std::vector<QString> *literals);
    struct LinkEntry
    {
        size_t index;
        bool content;
    };
    void linkElements(std::vector<Op> &ops, size_t first);
    bool fail(QString message);
    bool compile(Context context, quint32 begin, quint32 end, std::vector<Op> &ops,
                 std::vector<QString> *literals);
    bool readElementStart(Reader &r, Context context, bool hasAttributes, quint32 &nameIndex);
    bool readNameRef(Reader &r, quint32 &nameIndex);
    bool nameAt(quint32 offset, quint32 &nameIndex);
    bool plausibleName(quint32 offset, quint32 after) const;
    bool readInstance(Reader &r, std::vector<Op> &ops);
    bool templateAt(quint32 offset, quint32 &templateIndex);

    bool referenceAllowed(quint32 offset) const;

    const uchar *m_data = nullptr;
    quint32 m_size = 0;
    bool m_restricted = false;
    std::vector<std::pair<quint32, quint32>> m_allowed;
    qint64 m_work = 0;
    QString m_error;

    std::vector<Name> m_names;
    std::unordered_map<quint32, quint32> m_nameIndex;
    std::vector<std::unique_ptr<Template>> m_templates; // a pool; m_templateCount in use
    size_t m_templateCount = 0;
    qint64 m_templateBytes = 0;
    std::unordered_map<quint32, quint32> m_templateIndex;
    std::vector<ValueRef> m_values;
    std::array<std::vector<Op>, DecodeLimits::maxNesting + 2> m_scratch;
    std::vector<LinkEntry> m_linkStack;
    QString m_xmlBuffer;
    std::vector<EventField> m_fieldScratch;

    struct InternSlot
    {
        size_t hash = 0;
        QString text;
    };
    std::vector<InternSlot> m_intern;
};

} // namespace Entra::Events::Evtx
