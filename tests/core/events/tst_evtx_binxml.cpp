// The binary XML engine on files the test writes itself (evtxbuilder): every value type, the
// substitution rules (optional, arrays, embedded BinXml), tokens, and crafted data meant to
// exhaust time or memory.

#include "events/evtx/evtxreader.h"
#include "evtxbuilder.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace Entra::Events;
using namespace TestEvtx;
using namespace Qt::Literals::StringLiterals;

namespace {

// A hostile chunk must be read in bounded time; sanitizers (ASan at -O0) are several times
// slower, so their builds allow more (tests/core/events/CMakeLists.txt).
#ifdef ENTRA_DOCTOR_SANITIZED
constexpr qint64 kWorkBombMs = 20000;
#else
constexpr qint64 kWorkBombMs = 5000;
#endif

constexpr quint64 someTime = 132617083050187674ULL; // 2021-03-31T23:51:45.0187674Z

QByteArray le(quint64 v, int size)
{
    QByteArray b(size, '\0');
    for (int i = 0; i < size; ++i)
        b[i] = char((v >> (8 * i)) & 0xFF);
    return b;
}

QList<Value> systemValues()
{
    return { Value::string(u"Provider-X"_s), Value::u16(4624), Value::u8(2),
             Value::filetime(someTime), Value::string(u"HOST1"_s) };
}

class Files
{
public:
    QString write(const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(u"f%1.evtx"_s.arg(m_count++));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write the test file");
        return path;
    }

private:
    QTemporaryDir m_dir;
    int m_count = 0;
};

EvtxContents readBytes(Files &files, const QByteArray &bytes, bool withXml = true, int threads = 1)
{
    EvtxReadOptions options;
    options.withXml = withXml;
    options.threads = threads;
    auto result = EvtxReader(files.write(bytes)).readAll(options);
    if (!result)
        qFatal("%s", qPrintable(result.error().message));
    return *result;
}

// One chunk with one standard event whose single EventData field "v" has the given value.
QByteArray oneValueFile(const Value &v)
{
    Chunk c;
    c.addRecord(1, someTime, [&](BinXml &x) {
        standardEvent(x, { u"v"_s }, u"Security"_s, systemValues() << v);
    });
    return file({ c.finish() });
}

QString issues(const EvtxSummary &s)
{
    QStringList l;
    for (const EvtxIssue &i : s.issues)
        l.append(issueKindName(i.kind) + u": "_s + i.toString());
    return l.join(u'\n');
}

bool hasIssue(const EvtxSummary &s, EvtxIssue::Kind kind, QStringView text = {})
{
    for (const EvtxIssue &i : s.issues) {
        if (i.kind == kind && (text.isEmpty() || i.reason.contains(text)))
            return true;
    }
    return false;
}

} // namespace

class TestEvtxBinXml : public QObject
{
    Q_OBJECT

private slots:
    void systemFields();
    void extremeTimes_data();
    void extremeTimes();
    void valueTypes_data();
    void valueTypes();
    void arrays_data();
    void arrays();
    void optionalAndNormalNull();
    void embeddedBinXml();
    void tokens();
    void unnamedDataAndUserData();
    void sharedTemplateAcrossRecords();
    void crafted_data();
    void crafted();
    void lostTemplatesBorrowed_data();
    void lostTemplatesBorrowed();
    void amplificationIsCut();
    void workBombEndsQuickly();

private:
    Files m_files;
};

void TestEvtxBinXml::systemFields()
{
    const EvtxContents c = readBytes(m_files, oneValueFile(Value::string(u"x"_s)));
    QVERIFY2(c.summary.issues.isEmpty(), qPrintable(issues(c.summary)));
    QCOMPARE(c.records.size(), 1);
    const EventRecord &r = c.records.first();
    QCOMPARE(r.recordId, 1u);
    QCOMPARE(r.provider, u"Provider-X"_s);
    QCOMPARE(r.eventId, 4624u);
    QCOMPARE(r.level, quint8(2));
    QCOMPARE(r.channel, u"Security"_s);
    QCOMPARE(r.computer, u"HOST1"_s);
    QCOMPARE(r.filetimeCreated, someTime);
    QCOMPARE(r.filetimeWritten, someTime);
    QCOMPARE(r.timeCreated, QDateTime(QDate(2021, 3, 31), QTime(23, 51, 45, 18), Qt::UTC));
    QCOMPARE(r.fileOffset, 4096 + 512);
    QVERIFY(r.xml.startsWith(
        u"<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n  <System>\n"
        u"    <Provider Name=\"Provider-X\"/>\n    <EventID>4624</EventID>\n"_s));
    QVERIFY(r.xml.contains(u"<TimeCreated SystemTime=\"2021-03-31T23:51:45.0187674Z\"/>"_s));
    QVERIFY(r.xml.endsWith(
        u"  <EventData>\n    <Data Name=\"v\">x</Data>\n  </EventData>\n</Event>"_s));
    // The XML on request for one record gives the same text.
    const auto again
        = EvtxReader(m_files.write(oneValueFile(Value::string(u"x"_s)))).recordXml(r.fileOffset);
    QVERIFY(again);
    QCOMPARE(*again, r.xml);
}

void TestEvtxBinXml::extremeTimes_data()
{
    QTest::addColumn<quint64>("filetime");
    QTest::addColumn<QDateTime>("time");
    QTest::newRow("zero") << quint64(0) << QDateTime(QDate(1601, 1, 1), QTime(0, 0), Qt::UTC);
    QTest::newRow("largest") << ~quint64(0)
                             << QDateTime::fromMSecsSinceEpoch(
                                    qint64((~quint64(0) - 116444736000000000ULL) / 10000), Qt::UTC);
}

// Any 64-bit FILETIME, as crafted data may hold, gives a time (no overflow).
void TestEvtxBinXml::extremeTimes()
{
    QFETCH(quint64, filetime);
    QFETCH(QDateTime, time);
    Chunk c;
    QList<Value> values = systemValues();
    values[3] = Value::filetime(filetime);
    c.addRecord(1, filetime, [&](BinXml &x) {
        standardEvent(x, { u"v"_s }, u"Ch"_s, values << Value::string(u"x"_s));
    });
    const EvtxContents r = readBytes(m_files, file({ c.finish() }));
    QCOMPARE(r.records.size(), 1);
    QCOMPARE(r.records[0].filetimeCreated, filetime);
    QCOMPARE(r.records[0].timeCreated, time);
}

void TestEvtxBinXml::valueTypes_data()
{
    QTest::addColumn<quint8>("type");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("xmlText");

    auto row = [](const char *name, quint8 type, const QByteArray &bytes, const QString &text,
                  const QString &xml = {}) {
        QTest::newRow(name) << type << bytes << text << (xml.isNull() ? text : xml);
    };
    row("string", 0x01, Value::string(u"h\u00e9llo <w\u00f6rld> & co"_s).bytes,
        u"h\u00e9llo <w\u00f6rld> & co"_s, u"h\u00e9llo &lt;w\u00f6rld&gt; &amp; co"_s);
    row("string, NUL-terminated", 0x01, Value::string(u"abc"_s, true).bytes, u"abc"_s);
    row("ansi (Windows-1252)", 0x02, QByteArray("Caf\xe9 \x80\0", 7), u"Caf\u00e9 \u20ac"_s);
    row("int8", 0x03, le(quint8(-5), 1), u"-5"_s);
    row("uint8", 0x04, le(200, 1), u"200"_s);
    row("int16", 0x05, le(quint16(-300), 2), u"-300"_s);
    row("uint16", 0x06, le(65535, 2), u"65535"_s);
    row("int32", 0x07, le(quint32(-123456), 4), u"-123456"_s);
    row("uint32", 0x08, le(4000000000u, 4), u"4000000000"_s);
    row("int64", 0x09, le(quint64(-9000000000LL), 8), u"-9000000000"_s);
    row("uint64", 0x0a, le(~0ULL, 8), u"18446744073709551615"_s);
    float f = 1.5f;
    row("real32", 0x0b, QByteArray(reinterpret_cast<const char *>(&f), 4), u"1.5"_s);
    double d = 0.1;
    row("real64", 0x0c, QByteArray(reinterpret_cast<const char *>(&d), 8), u"0.1"_s);
    row("bool true", 0x0d, le(1, 4), u"true"_s);
    row("bool false", 0x0d, le(0, 4), u"false"_s);
    row("binary", 0x0e, QByteArray("\x00\xab\x10", 3), u"00AB10"_s);
    row("guid", 0x0f, QByteArray::fromHex("83b3e9dbf37c314391cca3cb16a3b538"),
        u"{DBE9B383-7CF3-4331-91CC-A3CB16A3B538}"_s);
    row("size_t 32", 0x10, le(0x10, 4), u"0x10"_s);
    row("size_t 64", 0x10, le(0x123456789ULL, 8), u"0x123456789"_s);
    row("filetime", 0x11, le(someTime, 8), u"2021-03-31T23:51:45.0187674Z"_s);
    row("systemtime", 0x12,
        QByteArray::fromHex("e30703000500080017001700050007b0").left(14) + le(123, 2),
        u"2019-03-08T23:23:05.123Z"_s);
    row("sid", 0x13,
        QByteArray::fromHex("010500000000000515000000") + le(186559946, 4) + le(3925841745u, 4)
            + le(111227986, 4) + le(500, 4),
        u"S-1-5-21-186559946-3925841745-111227986-500"_s);
    // Declares 5 sub-authorities but holds 2: rendered as hex, never read past the value.
    row("sid, incomplete", 0x13, QByteArray::fromHex("0105000000000005150000002a000000"),
        u"0105000000000005150000002A000000"_s);
    row("hexint32", 0x14, le(0xc000006du, 4), u"0xc000006d"_s);
    row("hexint64", 0x15, le(0, 8), u"0x0"_s);
    row("uint32 with 3 bytes", 0x08, QByteArray("\x01\x02\x03", 3), u"010203"_s);
    row("evt handle", 0x20, QByteArray("\x01\x02", 2), u"0102"_s);
}

void TestEvtxBinXml::valueTypes()
{
    QFETCH(quint8, type);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    QFETCH(QString, xmlText);
    const EvtxContents c = readBytes(m_files, oneValueFile(Value::raw(type, bytes)));
    QVERIFY2(c.summary.issues.isEmpty(), qPrintable(issues(c.summary)));
    QCOMPARE(c.records.size(), 1);
    const EventRecord &r = c.records.first();
    QCOMPARE(r.data.size(), 1);
    QCOMPARE(r.data.first(), (EventField { u"v"_s, text }));
    QVERIFY2(r.xml.contains(u"<Data Name=\"v\">"_s + xmlText + u"</Data>"_s), qPrintable(r.xml));
}

void TestEvtxBinXml::arrays_data()
{
    QTest::addColumn<quint8>("type");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("items");

    QTest::newRow("strings") << quint8(0x81)
                             << QByteArray(Value::string(u"a"_s, true).bytes
                                           + Value::string(u"bc"_s, true).bytes
                                           + Value::string(u"d"_s, true).bytes)
                             << QStringList { u"a"_s, u"bc"_s, u"d"_s };
    QTest::newRow("uint16") << quint8(0x86) << QByteArray(le(1, 2) + le(65535, 2))
                            << QStringList { u"1"_s, u"65535"_s };
    QTest::newRow("hexint32") << quint8(0x94) << QByteArray(le(0x10, 4) + le(0xff, 4))
                              << QStringList { u"0x10"_s, u"0xff"_s };
    QTest::newRow("guids")
        << quint8(0x8f)
        << QByteArray::fromHex("83b3e9dbf37c314391cca3cb16a3b53800000000000000000000000000000000")
        << QStringList { u"{DBE9B383-7CF3-4331-91CC-A3CB16A3B538}"_s,
                         u"{00000000-0000-0000-0000-000000000000}"_s };
    // An empty array still gives one (empty) element.
    QTest::newRow("empty") << quint8(0x81) << QByteArray() << QStringList { QString() };
}

// An array value repeats its element once per item (as libevtx and Event Viewer show classic
// events' insertion strings), so each item is a field of its own.
void TestEvtxBinXml::arrays()
{
    QFETCH(quint8, type);
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, items);
    const EvtxContents c = readBytes(m_files, oneValueFile(Value::raw(type, bytes)));
    QVERIFY2(c.summary.issues.isEmpty(), qPrintable(issues(c.summary)));
    const EventRecord &r = c.records.first();
    QCOMPARE(r.data.size(), items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        QCOMPARE(r.data[i].name, u"v"_s);
        QCOMPARE(r.data[i].value, items[i].isNull() ? u""_s : items[i]);
    }
    QCOMPARE(r.xml.count(u"<Data Name=\"v\""_s), items.size());
}

// An optional substitution without a value removes its element (and an attribute); a normal
// one leaves the element empty.
void TestEvtxBinXml::optionalAndNormalNull()
{
    Chunk c;
    c.addRecord(7, someTime, [&](BinXml &x) {
        x.templateInstance(
            [](BinXml &t) {
                t.open(u"Event"_s).closeStart();
                t.open(u"System"_s).closeStart();
                t.open(u"Channel"_s).closeStart().text(u"App"_s).end();
                t.open(u"Security"_s, true).attr(u"UserID"_s).subst(2, 0x13, true).closeEmpty();
                t.end();
                t.open(u"EventData"_s).closeStart();
                t.open(u"Data"_s, true)
                    .attr(u"Name"_s)
                    .text(u"opt"_s)
                    .closeStart()
                    .subst(0, 0x01, true)
                    .end();
                t.open(u"Data"_s, true)
                    .attr(u"Name"_s)
                    .text(u"norm"_s)
                    .closeStart()
                    .subst(1, 0x01, false)
                    .end();
                t.end();
                t.end();
            },
            { Value::null(), Value::null(), Value::null() });
    });
    const EvtxContents r = readBytes(m_files, file({ c.finish() }));
    QVERIFY2(r.summary.issues.isEmpty(), qPrintable(issues(r.summary)));
    QCOMPARE(r.records.size(), 1);
    QCOMPARE(r.records[0].data, (QList<EventField> { { u"norm"_s, u""_s } }));
    QVERIFY(!r.records[0].xml.contains(u"opt"_s));
    QVERIFY(r.records[0].xml.contains(u"<Data Name=\"norm\"/>"_s));
    QVERIFY(r.records[0].xml.contains(u"<Security/>"_s));
}

// Substitution type 0x21: a binary XML fragment with its own template instance, as UserData.
void TestEvtxBinXml::embeddedBinXml()
{
    Chunk c;
    auto inner = [](BinXml &x) {
        x.fragmentHeader();
        x.templateInstance(
            [](BinXml &t) {
                t.open(u"MyEvent"_s, true).attr(u"xmlns"_s).text(u"urn:test"_s).closeStart();
                t.open(u"Param1"_s).closeStart().subst(0, 0x01).end();
                t.open(u"Param2"_s, true).attr(u"code"_s).subst(1, 0x08).closeEmpty();
                t.open(u"List"_s).closeStart();
                t.open(u"Item"_s).closeStart().subst(2, 0x81).end();
                t.end();
                t.end();
            },
            { Value::string(u"one"_s), Value::u32(7),
              Value::raw(0x81,
                         Value::string(u"x"_s, true).bytes + Value::string(u"y"_s, true).bytes) });
        x.eof();
    };
    c.addRecord(1, someTime, [&](BinXml &x) {
        x.templateInstance(
            [](BinXml &t) {
                t.open(u"Event"_s).closeStart();
                t.open(u"System"_s).closeStart();
                t.open(u"EventID"_s).closeStart().subst(0, 0x06).end();
                t.open(u"Channel"_s).closeStart().text(u"Ch"_s).end();
                t.end();
                t.open(u"UserData"_s).closeStart().subst(1, 0x21).end();
                t.end();
            },
            { Value::u16(5), Value::embedded(inner) });
    });
    const EvtxContents r = readBytes(m_files, file({ c.finish() }));
    QVERIFY2(r.summary.issues.isEmpty(), qPrintable(issues(r.summary)));
    QCOMPARE(r.records.size(), 1);
    const EventRecord &e = r.records[0];
    QCOMPARE(e.eventId, 5u);
    QCOMPARE(e.data,
             (QList<EventField> { { u"Param1"_s, u"one"_s },
                                  { u"Param2.code"_s, u"7"_s },
                                  { u"Item"_s, u"x"_s },
                                  { u"Item"_s, u"y"_s } }));
    QVERIFY2(e.xml.contains(
                 u"  <UserData>\n    <MyEvent xmlns=\"urn:test\">\n      <Param1>one</Param1>\n"
                 u"      <Param2 code=\"7\"/>\n"_s),
             qPrintable(e.xml));
}

void TestEvtxBinXml::tokens()
{
    Chunk c;
    c.addRecord(1, someTime, [&](BinXml &x) {
        x.templateInstance(
            [](BinXml &t) {
                t.open(u"Event"_s).closeStart();
                t.open(u"EventData"_s).closeStart();
                // text split over several value tokens, with char and entity references
                t.open(u"Data"_s, true)
                    .attr(u"Name"_s)
                    .text(u"a"_s, true)
                    .entityRef(u"amp"_s)
                    .text(u"b"_s, true)
                    .closeStart()
                    .text(u"x"_s, true)
                    .charRef(0x263a)
                    .entityRef(u"lt"_s)
                    .text(u"y"_s)
                    .end();
                t.open(u"Data"_s, true)
                    .attr(u"Name"_s)
                    .text(u"c"_s)
                    .closeStart()
                    .cdata(u"<raw>"_s)
                    .end();
                t.end();
                t.end();
            },
            {});
    });
    const EvtxContents r = readBytes(m_files, file({ c.finish() }));
    QVERIFY2(r.summary.issues.isEmpty(), qPrintable(issues(r.summary)));
    const EventRecord &e = r.records[0];
    QCOMPARE(e.data, (QList<EventField> { { u"a&b"_s, u"x\u263a<y"_s }, { u"c"_s, u"<raw>"_s } }));
    QVERIFY(e.xml.contains(u"<Data Name=\"a&amp;b\">x&#9786;&lt;y</Data>"_s));
    QVERIFY(e.xml.contains(u"<Data Name=\"c\"><![CDATA[<raw>]]></Data>"_s));
}

void TestEvtxBinXml::unnamedDataAndUserData()
{
    Chunk c;
    c.addRecord(1, someTime, [&](BinXml &x) {
        x.templateInstance(
            [](BinXml &t) {
                t.open(u"Event"_s).closeStart();
                t.open(u"EventData"_s).closeStart();
                t.open(u"Data"_s).closeStart().subst(0, 0x01).end();
                t.open(u"Data"_s).closeStart().subst(1, 0x01).end();
                t.open(u"Binary"_s).closeStart().subst(2, 0x0e).end();
                t.end();
                t.end();
            },
            { Value::string(u"first"_s), Value::string(u"second"_s),
              Value::raw(0x0e, QByteArray("\xd9\x06\0\0", 4)) });
    });
    const EvtxContents r = readBytes(m_files, file({ c.finish() }));
    QCOMPARE(r.records[0].data,
             (QList<EventField> { { u"Data1"_s, u"first"_s },
                                  { u"Data2"_s, u"second"_s },
                                  { u"Binary"_s, u"D9060000"_s } }));
}

// Records that use a template defined by an earlier record (by offset), in one chunk, and a
// second chunk with its own tables.
void TestEvtxBinXml::sharedTemplateAcrossRecords()
{
    QList<QByteArray> chunks;
    quint64 id = 1;
    for (int k = 0; k < 2; ++k) {
        Chunk c;
        quint32 definition = 0;
        for (int i = 0; i < 50; ++i) {
            QList<Value> v = systemValues();
            v << Value::string(u"value %1"_s.arg(id)) << Value::u32(quint32(id));
            c.addRecord(id, someTime + id, [&](BinXml &x) {
                definition = standardEvent(x, { u"a"_s, u"b"_s }, u"Ch"_s, v, definition);
            });
            ++id;
        }
        chunks.append(c.finish());
    }
    const EvtxContents r = readBytes(m_files, file(chunks), false, 2);
    QVERIFY2(r.summary.issues.isEmpty(), qPrintable(issues(r.summary)));
    QCOMPARE(r.records.size(), 100);
    for (int i = 0; i < 100; ++i) {
        QCOMPARE(r.records[i].recordId, quint64(i + 1));
        QCOMPARE(r.records[i].value(u"a"), u"value %1"_s.arg(i + 1));
        QCOMPARE(r.records[i].value(u"b"), QString::number(i + 1));
        QCOMPARE(r.records[i].filetimeWritten, someTime + quint64(i + 1));
    }
}

// Crafted records: each must be skipped and reported, the records around it kept.
void TestEvtxBinXml::crafted_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("reason");
    QTest::newRow("template definition outside the chunk")
        << u"defOffset"_s << u"outside the chunk"_s;
    QTest::newRow("template data size too large") << u"defSize"_s << u"runs past its record"_s;
    QTest::newRow("huge value count") << u"valueCount"_s << u"declares"_s;
    QTest::newRow("unknown token") << u"token"_s << u"unknown binary XML token"_s;
    QTest::newRow("elements nested too deeply") << u"deepElements"_s << u"nested too deeply"_s;
    QTest::newRow("embedded BinXml nested too deeply") << u"deepBinXml"_s << u"nested too deeply"_s;
    QTest::newRow("element without a readable name") << u"name"_s << u"no readable name"_s;
    QTest::newRow("substitution outside a template")
        << u"substInRecord"_s << u"substitution outside"_s;
    QTest::newRow("template instance in a definition")
        << u"instanceInTemplate"_s << u"template instance inside"_s;
}

void TestEvtxBinXml::crafted()
{
    QFETCH(QString, damage);
    QFETCH(QString, reason);
    Chunk c;
    auto good = [&](quint64 id) {
        c.addRecord(id, someTime, [&](BinXml &x) {
            standardEvent(x, { u"v"_s }, u"Ch"_s, systemValues() << Value::string(u"ok"_s));
        });
    };
    good(1);
    const int bad = c.pos();
    c.addRecord(2, someTime, [&](BinXml &x) {
        if (damage == u"deepElements") {
            x.templateInstance(
                [](BinXml &t) {
                    for (int i = 0; i < 200; ++i)
                        t.open(u"A"_s).closeStart();
                    for (int i = 0; i < 200; ++i)
                        t.end();
                },
                {});
        } else if (damage == u"deepBinXml") {
            std::function<void(BinXml &)> level;
            int depth = 0;
            quint32 definition = 0;
            level = [&](BinXml &n) {
                n.fragmentHeader();
                const bool last = ++depth > 40;
                const QList<Value> values { last ? Value::string(u"end"_s)
                                                 : Value::embedded(level) };
                const auto body = [](BinXml &t) {
                    t.open(u"L"_s).closeStart().subst(0, 0x21).end();
                };
                if (definition == 0)
                    definition = n.templateInstance(body, values);
                else
                    n.templateInstance(body, values, definition);
                n.eof();
            };
            x.templateInstance(
                [](BinXml &t) { t.open(u"Event"_s).closeStart().subst(0, 0x21).end(); },
                { Value::embedded(level) });
        } else if (damage == u"name") {
            x.raw(QByteArray::fromHex("01ffff00000000f0ff0000")); // name at 0xfff0: no name
        } else if (damage == u"substInRecord") {
            x.subst(0, 0x01);
        } else if (damage == u"instanceInTemplate") {
            x.templateInstance(
                [](BinXml &t) {
                    t.open(u"Event"_s).closeStart();
                    t.raw(QByteArray::fromHex("0c0178563412"));
                    t.end();
                },
                {});
        } else {
            standardEvent(x, { u"v"_s }, u"Ch"_s, systemValues() << Value::string(u"bad"_s));
        }
    });
    good(3);
    QByteArray chunk = c.finish();
    // Offsets inside record 2: header 24, fragment header 4, then the template instance:
    // 0x0c, 1 byte, id (4), definition offset (4), inline definition: next (4), GUID (16),
    // data size (4), data...
    const int instance = bad + 24 + 4;
    if (damage == u"defOffset")
        qToLittleEndian<quint32>(0x00FFFFFF, chunk.data() + instance + 6);
    else if (damage == u"defSize")
        qToLittleEndian<quint32>(0x7FFFFFFF, chunk.data() + instance + 10 + 20);
    else if (damage == u"token")
        chunk[instance + 10 + 24 + 4] = char(0x1f); // first token after the fragment header
    else if (damage == u"valueCount") {
        const quint32 definitionSize
            = qFromLittleEndian<quint32>(chunk.constData() + instance + 30);
        qToLittleEndian<quint32>(0xFFFFFFFF, chunk.data() + instance + 34 + int(definitionSize));
    }
    fixChecksums(chunk); // only the crafted structure is wrong

    QElapsedTimer timer;
    timer.start();
    const EvtxContents r = readBytes(m_files, file({ chunk }));
    QVERIFY(timer.elapsed() < kWorkBombMs);
    QCOMPARE(r.records.size(), 2);
    QCOMPARE(r.records[0].recordId, 1u);
    QCOMPARE(r.records[1].recordId, 3u);
    QCOMPARE(r.records[1].value(u"v"), u"ok"_s);
    QCOMPARE(r.summary.recordsSkipped, 1);
    qInfo("%s", qPrintable(issues(r.summary)));
    QVERIFY2(hasIssue(r.summary, EvtxIssue::Kind::RecordSkipped, reason),
             qPrintable(issues(r.summary)));
    const EvtxIssue &issue = r.summary.issues.first();
    QCOMPARE(issue.recordId, 2u);
    QCOMPARE(issue.chunk, 0);
    QCOMPARE(issue.offset, 4096 + bad);
}

// A chunk whose header and first record (with the inline template definition) were zeroed: its
// other records are decoded with the identical definition (same template id, same offset) of
// another chunk, and each says so. With a different template id nothing is borrowed.
void TestEvtxBinXml::lostTemplatesBorrowed_data()
{
    QTest::addColumn<quint32>("donorTemplateId");
    QTest::addColumn<int>("borrowed");
    QTest::newRow("same template id") << quint32(0xcf56f026) << 9;
    QTest::newRow("other template id") << quint32(0x0badf00d) << 0;
}

void TestEvtxBinXml::lostTemplatesBorrowed()
{
    QFETCH(quint32, donorTemplateId);
    QFETCH(int, borrowed);
    auto makeChunk = [](quint64 firstId, quint32 templateId, const QString &prefix) {
        Chunk c;
        quint32 definition = 0;
        for (quint64 id = firstId; id < firstId + 10; ++id) {
            c.addRecord(id, someTime + id, [&](BinXml &x) {
                definition
                    = standardEvent(x, { u"name"_s }, u"Ch"_s,
                                    systemValues() << Value::string(prefix + QString::number(id)),
                                    definition, templateId);
            });
        }
        return c.finish();
    };
    const QByteArray donor = makeChunk(1, donorTemplateId, u"donor "_s);
    QByteArray damaged = makeChunk(11, 0xcf56f026, u"value "_s);
    const quint32 secondRecord = 512 + qFromLittleEndian<quint32>(damaged.constData() + 512 + 4);
    std::fill(damaged.begin(), damaged.begin() + secondRecord, '\0');

    const EvtxContents r = readBytes(m_files, file({ donor, damaged }), true, 2);
    QCOMPARE(r.records.size(), 10 + borrowed);
    QCOMPARE(r.summary.recordsSkipped, 9 - borrowed);
    int damagedIssues = 0;
    for (const EvtxIssue &i : r.summary.issues) {
        if (i.kind == EvtxIssue::Kind::RecordDamaged) {
            ++damagedIssues;
            QVERIFY(i.reason.contains(u"chunk 0"_s));
        }
    }
    QCOMPARE(damagedIssues, borrowed);
    for (int k = 0; k < borrowed; ++k) {
        const EventRecord &e = r.records[10 + k];
        QCOMPARE(e.recordId, quint64(12 + k));
        QCOMPARE(e.value(u"name"), u"value %1"_s.arg(12 + k)); // its own values
        QCOMPARE(e.provider, u"Provider-X"_s);
        QCOMPARE(e.filetimeWritten, someTime + quint64(12 + k));
        QVERIFY(e.xml.contains(u"<Data Name=\"name\">value %1</Data>"_s.arg(12 + k)));
    }
}

// One 24 KB string referenced by 800 elements would give 19 M characters of fields: the record
// is kept with its fields cut at the limit, and the cut is reported.
void TestEvtxBinXml::amplificationIsCut()
{
    Chunk c;
    c.addRecord(1, someTime, [&](BinXml &x) {
        x.templateInstance(
            [](BinXml &t) {
                t.open(u"Event"_s).closeStart();
                t.open(u"EventData"_s).closeStart();
                for (int i = 0; i < 800; ++i)
                    t.open(u"Data"_s).closeStart().subst(0, 0x01).end();
                t.end();
                t.end();
            },
            { Value::string(QString(12000, u'x')) });
    });
    const EvtxContents r = readBytes(m_files, file({ c.finish() }), true);
    QCOMPARE(r.records.size(), 1);
    QVERIFY2(hasIssue(r.summary, EvtxIssue::Kind::LimitReached), qPrintable(issues(r.summary)));
    qint64 chars = 0;
    for (const EventField &f : r.records[0].data)
        chars += f.value.size();
    QVERIFY(chars <= 4 << 20);
    QVERIFY(r.records[0].data.size() >= 300);
    QVERIFY(r.records[0].xml.size() <= (16 << 20) + 12000 * 2);
}

// Records of 400 x 400 references to embedded templates (about 2 M operations each). The chunk's
// work budget stops the third one and the rest of the chunk; the reader moves on.
void TestEvtxBinXml::workBombEndsQuickly()
{
    Chunk c;
    quint32 leaf = 0;
    quint32 middle = 0;
    auto fanOut = [](int n, quint16 index) {
        return [n, index](BinXml &t) {
            t.open(u"F"_s).closeStart();
            for (int i = 0; i < n; ++i)
                t.open(u"G"_s).closeStart().subst(index, 0x21).end();
            t.end();
        };
    };
    std::function<void(BinXml &)> leafValue = [&](BinXml &n) {
        n.fragmentHeader();
        leaf = n.templateInstance([](BinXml &t) { t.open(u"L"_s).closeStart().text(u"x"_s).end(); },
                                  {}, leaf);
        n.eof();
    };
    std::function<void(BinXml &)> middleValue = [&](BinXml &n) {
        n.fragmentHeader();
        middle = n.templateInstance(fanOut(400, 0), { Value::embedded(leafValue) }, middle);
        n.eof();
    };
    quint32 outer = 0;
    for (quint64 id = 1; id <= 6; ++id) {
        c.addRecord(id, someTime, [&](BinXml &x) {
            outer = x.templateInstance(fanOut(400, 0), { Value::embedded(middleValue) }, outer);
        });
    }
    QElapsedTimer timer;
    timer.start();
    const EvtxContents r = readBytes(m_files, file({ c.finish() }));
    QVERIFY2(timer.elapsed() < kWorkBombMs, qPrintable(QString::number(timer.elapsed())));
    qInfo("%lld ms, %lld records read; %s", qint64(timer.elapsed()), qint64(r.records.size()),
          qPrintable(issues(r.summary)));
    QVERIFY2(hasIssue(r.summary, EvtxIssue::Kind::RecordSkipped, u"too much work"),
             qPrintable(issues(r.summary)));
    QVERIFY(hasIssue(r.summary, EvtxIssue::Kind::BytesSkipped, u"more work"));
}

QTEST_GUILESS_MAIN(TestEvtxBinXml)
#include "tst_evtx_binxml.moc"
