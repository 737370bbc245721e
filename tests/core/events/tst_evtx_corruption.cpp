// Damaged copies of a real event log, made by the test: truncations, flipped header bytes,
// string and template tables, template offsets, record sizes, zeroed chunks, huge sizes, and
// random byte flips. Every read must return, keep every record that is still readable, decode
// it exactly as in the intact file, and report what was skipped.

#include "events/evtx/evtxreader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace Entra::Events;
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qint64 headerSize = 4096;
constexpr qint64 chunkSize = 65536;

// 16 chunks, 399 records, every checksum valid (SOURCES.md).
QString basePath()
{
    return QStringLiteral(ENTRA_SAMPLES_DIR)
        + u"/evtx/omerbenamram-evtx__2-system-Microsoft-Windows-LiveId%4Operational.evtx"_s;
}

struct Original
{
    QByteArray bytes;
    QList<EventRecord> records;
    QHash<quint64, qsizetype> byId;

    quint32 sizeOf(const EventRecord &r) const
    {
        return qFromLittleEndian<quint32>(bytes.constData() + r.fileOffset + 4);
    }
    int chunkOf(const EventRecord &r) const { return int((r.fileOffset - headerSize) / chunkSize); }
    QList<const EventRecord *> inChunk(int chunk) const
    {
        QList<const EventRecord *> l;
        for (const EventRecord &r : records) {
            if (chunkOf(r) == chunk)
                l.append(&r);
        }
        return l;
    }
};

const Original &original()
{
    static const Original o = [] {
        Original result;
        QFile f(basePath());
        if (!f.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(basePath()));
        result.bytes = f.readAll();
        EvtxReadOptions options;
        options.threads = 1;
        auto read = EvtxReader(basePath()).readAll(options);
        if (!read || read->records.size() != 399 || !read->summary.issues.isEmpty())
            qFatal("the base sample does not read cleanly");
        result.records = read->records;
        for (qsizetype i = 0; i < result.records.size(); ++i)
            result.byId.insert(result.records[i].recordId, i);
        return result;
    }();
    return o;
}

quint32 crc32(const char *data, qsizetype size)
{
    quint32 crc = 0xFFFFFFFFu;
    for (qsizetype i = 0; i < size; ++i) {
        crc ^= quint8(data[i]);
        for (int k = 0; k < 8; ++k)
            crc = (crc & 1) ? (0xEDB88320u ^ (crc >> 1)) : (crc >> 1);
    }
    return ~crc;
}

void putU32(QByteArray &b, qint64 at, quint32 v)
{
    qToLittleEndian(v, b.data() + at);
}

QString issuesText(const EvtxSummary &s)
{
    QStringList l;
    for (const EvtxIssue &i : s.issues)
        l.append(issueKindName(i.kind) + u": "_s + i.toString());
    return l.join(u'\n');
}

} // namespace

class TestEvtxCorruption : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void damaged_data();
    void damaged();
    void randomFlips_data();
    void randomFlips();

private:
    struct Outcome
    {
        bool error = false;
        EvtxContents contents;
        qint64 elapsedMs = 0;
    };
    Outcome read(const QByteArray &bytes, int threads = 0);

    QTemporaryDir m_dir;
    int m_files = 0;
};

void TestEvtxCorruption::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCOMPARE(original().records.size(), 399);
}

TestEvtxCorruption::Outcome TestEvtxCorruption::read(const QByteArray &bytes, int threads)
{
    const QString path = m_dir.filePath(u"damaged%1.evtx"_s.arg(m_files++));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    f.close();
    Outcome outcome;
    QElapsedTimer timer;
    timer.start();
    EvtxReadOptions options;
    options.threads = threads;
    auto result = EvtxReader(path).readAll(options);
    outcome.elapsedMs = timer.elapsed();
    if (!result)
        outcome.error = true;
    else
        outcome.contents = std::move(*result);
    QFile::remove(path);
    return outcome;
}

// Columns: the damage, its parameter, and the issue kind that must be reported. The records that
// must come back are computed from the intact file in damaged() for each kind of damage.
void TestEvtxCorruption::damaged_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<qint64>("param");
    QTest::addColumn<QString>("issue");

    const qint64 size = original().bytes.size();
    QTest::newRow("truncated to 0 bytes") << u"truncate"_s << qint64(0) << QString();
    QTest::newRow("truncated inside the file header") << u"truncate"_s << qint64(100) << QString();
    QTest::newRow("truncated after the file header")
        << u"truncate"_s << headerSize << u"truncated"_s;
    QTest::newRow("truncated inside a chunk header")
        << u"truncate"_s << headerSize + 300 << u"truncated"_s;
    QTest::newRow("truncated in the middle of chunk 0")
        << u"truncate"_s << headerSize + 32768 << u"truncated"_s;
    QTest::newRow("truncated in chunk 3")
        << u"truncate"_s << headerSize + 3 * chunkSize + 12345 << u"truncated"_s;
    QTest::newRow("last byte missing") << u"truncate"_s << size - 1 << u"truncated"_s;
    QTest::newRow("chunk 2 zeroed") << u"zeroChunk"_s << qint64(2) << u"chunk-skipped"_s;
    QTest::newRow("chunk 3 signature") << u"chunkMagic"_s << qint64(3) << u"chunk-header"_s;
    QTest::newRow("chunk 4 header checksum")
        << u"chunkHeaderCrc"_s << qint64(4) << u"chunk-header"_s;
    QTest::newRow("chunk 5 string table") << u"stringTable"_s << qint64(5) << u"chunk-header"_s;
    QTest::newRow("chunk 6 template table") << u"templateTable"_s << qint64(6) << u"chunk-header"_s;
    QTest::newRow("chunk 7 free offset huge")
        << u"freeOffsetHuge"_s << qint64(7) << u"chunk-header"_s;
    QTest::newRow("chunk 8 free offset too small")
        << u"freeOffsetSmall"_s << qint64(8) << u"chunk-header"_s;
    QTest::newRow("chunk 8 free and last-record offsets too small")
        << u"freeAndLastOffsetSmall"_s << qint64(8) << u"records-missing"_s;
    QTest::newRow("chunk 9 records checksum") << u"dataCrc"_s << qint64(9) << u"chunk-checksum"_s;
    QTest::newRow("chunk 10 record size +8")
        << u"recordSize"_s << qint64(10) << u"record-skipped"_s;
    QTest::newRow("chunk 10 record size huge")
        << u"recordSizeHuge"_s << qint64(10) << u"record-skipped"_s;
    QTest::newRow("chunk 11 record signature")
        << u"recordSignature"_s << qint64(11) << u"record-damaged"_s;
    QTest::newRow("chunk 12 template offset")
        << u"templateOffset"_s << qint64(12) << u"record-skipped"_s;
    QTest::newRow("chunk 13 template data size huge")
        << u"templateSize"_s << qint64(13) << u"record-skipped"_s;
    QTest::newRow("chunk 14 value count huge")
        << u"valueCount"_s << qint64(14) << u"record-skipped"_s;
    QTest::newRow("file header chunk count 65535")
        << u"headerChunkCount"_s << qint64(0) << u"truncated"_s;
    QTest::newRow("file header signature") << u"fileMagic"_s << qint64(0) << u"file-header"_s;
    QTest::newRow("file header checksum") << u"fileHeaderCrc"_s << qint64(0) << u"file-header"_s;
}

void TestEvtxCorruption::damaged()
{
    QFETCH(QString, damage);
    QFETCH(qint64, param);
    QFETCH(QString, issue);

    const Original &o = original();
    QByteArray bytes = o.bytes;
    QSet<quint64> expected; // the record ids that must come back
    for (const EventRecord &r : o.records)
        expected.insert(r.recordId);
    bool expectError = false;
    bool allowMore = false;
    const qint64 chunk = headerSize + param * chunkSize;
    auto recordInChunk = [&](int index) {
        return o.inChunk(int(param)).at(index);
    };

    if (damage == u"truncate") {
        bytes.truncate(param);
        expectError = param < 128;
        for (const EventRecord &r : o.records) {
            if (r.fileOffset + o.sizeOf(r) > param)
                expected.remove(r.recordId);
        }
    } else if (damage == u"zeroChunk") {
        std::fill(bytes.begin() + chunk, bytes.begin() + chunk + chunkSize, '\0');
        for (const EventRecord *r : o.inChunk(int(param)))
            expected.remove(r->recordId);
    } else if (damage == u"chunkMagic") {
        bytes[chunk + 3] = 'X';
    } else if (damage == u"chunkHeaderCrc") {
        bytes[chunk + 125] = char(bytes[chunk + 125] ^ 0x40);
    } else if (damage == u"stringTable") {
        for (int i = 0; i < 64; i += 3)
            putU32(bytes, chunk + 128 + 4 * i, 0xFFFFFFF0u);
    } else if (damage == u"templateTable") {
        for (int i = 0; i < 32; ++i)
            putU32(bytes, chunk + 384 + 4 * i, 0x7FFF0000u + quint32(i));
    } else if (damage == u"freeOffsetHuge") {
        putU32(bytes, chunk + 48, 0xFFFFFFFFu);
        allowMore = true; // the slack behind the records may hold older, still readable ones
    } else if (damage == u"freeOffsetSmall") {
        // The last-record offset still tells where the records end: all are read.
        putU32(bytes, chunk + 48, 600);
    } else if (damage == u"freeAndLastOffsetSmall") {
        // Nothing tells where the records end: the record that starts before the free-space
        // offset is read (its framing is intact), the others are reported missing.
        putU32(bytes, chunk + 48, 600);
        putU32(bytes, chunk + 44, 0);
        for (const EventRecord *r : o.inChunk(int(param))) {
            if (r->fileOffset >= chunk + 600)
                expected.remove(r->recordId);
        }
    } else if (damage == u"dataCrc") {
        bytes[chunk + 53] = char(bytes[chunk + 53] ^ 0x01);
    } else if (damage == u"recordSize" || damage == u"recordSizeHuge") {
        const EventRecord *r = recordInChunk(5);
        putU32(bytes, r->fileOffset + 4, damage == u"recordSize" ? o.sizeOf(*r) + 8 : 0xFFFFFFFFu);
        expected.remove(r->recordId);
    } else if (damage == u"recordSignature") {
        const EventRecord *r = recordInChunk(3);
        bytes[r->fileOffset] = 0x2b;
    } else if (damage == u"templateOffset") {
        // header 24, fragment header 4, 0x0c, 1 byte, template id 4: the definition offset.
        const EventRecord *r = recordInChunk(2);
        QCOMPARE(quint8(bytes[r->fileOffset + 28]), quint8(0x0c));
        putU32(bytes, r->fileOffset + 34, 0x00FFFFFFu);
        expected.remove(r->recordId);
    } else if (damage == u"templateSize") {
        // The first record defines its template inline; every record using it is lost.
        const EventRecord *first = recordInChunk(0);
        const quint32 definition
            = qFromLittleEndian<quint32>(bytes.constData() + first->fileOffset + 34);
        QCOMPARE(qint64(definition), first->fileOffset - chunk + 38); // inline
        putU32(bytes, chunk + definition + 20, 0x7FFFFFFFu);
        for (const EventRecord *r : o.inChunk(int(param))) {
            if (qFromLittleEndian<quint32>(o.bytes.constData() + r->fileOffset + 34) == definition)
                expected.remove(r->recordId);
        }
        QVERIFY(expected.size() < o.records.size());
    } else if (damage == u"valueCount") {
        // A record that refers to an earlier definition: its value count follows the offset.
        const EventRecord *r = recordInChunk(4);
        const quint32 definition
            = qFromLittleEndian<quint32>(bytes.constData() + r->fileOffset + 34);
        QVERIFY(qint64(definition) < r->fileOffset - chunk);
        putU32(bytes, r->fileOffset + 38, 0x40000000u);
        expected.remove(r->recordId);
    } else if (damage == u"headerChunkCount") {
        qToLittleEndian<quint16>(0xFFFF, bytes.data() + 42);
        putU32(bytes, 124, crc32(bytes.constData(), 120));
    } else if (damage == u"fileMagic") {
        bytes[1] = 'X';
    } else if (damage == u"fileHeaderCrc") {
        bytes[124] = char(bytes[124] ^ 0x10);
    } else {
        QFAIL("unknown damage");
    }

    for (const int threads : { 1, 2 }) {
        const Outcome out = read(bytes, threads);
        QVERIFY(out.elapsedMs < 5000);
        QCOMPARE(out.error, expectError);
        if (expectError)
            continue;
        const EvtxContents &c = out.contents;
        QCOMPARE(c.summary.records, c.records.size());
        QSet<quint64> got;
        for (const EventRecord &r : c.records) {
            QVERIFY2(!got.contains(r.recordId) || allowMore,
                     qPrintable(QString::number(r.recordId)));
            got.insert(r.recordId);
            const auto at = o.byId.constFind(r.recordId);
            if (at == o.byId.constEnd()) {
                QVERIFY2(allowMore, qPrintable(u"unexpected record %1"_s.arg(r.recordId)));
                continue;
            }
            if (r.fileOffset != o.records[*at].fileOffset) {
                QVERIFY(allowMore); // an older copy from the slack
                continue;
            }
            // Every record that comes back is decoded exactly as in the intact file.
            QCOMPARE(r.data, o.records[*at].data);
            QCOMPARE(r.eventId, o.records[*at].eventId);
            QCOMPARE(r.filetimeCreated, o.records[*at].filetimeCreated);
        }
        const QSet<quint64> missing = QSet<quint64>(expected).subtract(got);
        const QSet<quint64> extra = QSet<quint64>(got).subtract(expected);
        auto ids = [](const QSet<quint64> &set) {
            QList<quint64> l(set.begin(), set.end());
            std::sort(l.begin(), l.end());
            QStringList t;
            for (const quint64 id : l)
                t.append(QString::number(id));
            return t.join(u' ');
        };
        QVERIFY2(missing.isEmpty(),
                 qPrintable(u"missing: "_s + ids(missing) + u"\n"_s + issuesText(c.summary)));
        QVERIFY2(allowMore || extra.isEmpty(), qPrintable(u"extra: "_s + ids(extra)));
        if (!issue.isEmpty()) {
            bool found = false;
            for (const EvtxIssue &i : c.summary.issues)
                found |= issueKindName(i.kind) == issue;
            QVERIFY2(found, qPrintable(issuesText(c.summary)));
        }
        // Each missing record is accounted for by an issue of its chunk.
        for (const EventRecord &r : o.records) {
            if (got.contains(r.recordId))
                continue;
            bool reported = false;
            for (const EvtxIssue &i : c.summary.issues) {
                reported |= i.recordId == r.recordId
                    || (i.severity == EvtxIssue::Severity::Skipped
                        && (i.chunk == o.chunkOf(r) || i.chunk < 0));
            }
            QVERIFY2(reported,
                     qPrintable(u"record %1 lost without an issue:\n"_s.arg(r.recordId)
                                + issuesText(c.summary)));
        }
    }
}

void TestEvtxCorruption::randomFlips_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed = 1; seed <= 24; ++seed)
        QTest::newRow(qPrintable(u"seed %1"_s.arg(seed))) << seed;
}

// 64 random bytes overwritten anywhere in the file. The read must end quickly; records of chunks
// whose checksummed bytes were not touched must be exact; touched chunks must be reported.
void TestEvtxCorruption::randomFlips()
{
    QFETCH(quint32, seed);
    const Original &o = original();
    QByteArray bytes = o.bytes;
    QRandomGenerator random(seed);
    QSet<int> touchedChunks;
    bool headerTouched = false;
    for (int i = 0; i < 64; ++i) {
        const qint64 at = random.bounded(qint64(bytes.size()));
        bytes[at] = char(random.bounded(256));
        if (bytes[at] == o.bytes[at])
            continue;
        if (at < headerSize) {
            headerTouched = true;
            continue;
        }
        const int chunkIndex = int((at - headerSize) / chunkSize);
        const qint64 inChunk = (at - headerSize) % chunkSize;
        const quint32 freeOffset = qFromLittleEndian<quint32>(o.bytes.constData() + headerSize
                                                              + chunkIndex * chunkSize + 48);
        if ((inChunk < 120 || inChunk >= 124) && inChunk < freeOffset)
            touchedChunks.insert(chunkIndex);
    }
    const Outcome out = read(bytes, 2);
    QVERIFY(out.elapsedMs < 5000);
    if (out.error) {
        QVERIFY(headerTouched); // only a destroyed file signature (and first chunk) can do that
        return;
    }
    const EvtxContents &c = out.contents;
    QSet<int> reportedChunks;
    for (const EvtxIssue &i : c.summary.issues)
        reportedChunks.insert(i.chunk);
    for (const int chunkIndex : touchedChunks)
        QVERIFY2(reportedChunks.contains(chunkIndex), qPrintable(u"chunk %1"_s.arg(chunkIndex)));
    for (const EventRecord &r : c.records) {
        const auto at = o.byId.constFind(r.recordId);
        if (at == o.byId.constEnd() || r.fileOffset != o.records[*at].fileOffset)
            continue;
        if (touchedChunks.contains(o.chunkOf(r)))
            continue;
        QCOMPARE(r.data, o.records[*at].data);
        QCOMPARE(r.eventId, o.records[*at].eventId);
    }
    // Chunks nobody touched come back complete.
    for (const EventRecord &r : o.records) {
        if (touchedChunks.contains(o.chunkOf(r)))
            continue;
        bool found = false;
        for (const EventRecord &g : c.records)
            found |= g.recordId == r.recordId && g.fileOffset == r.fileOffset;
        QVERIFY2(found,
                 qPrintable(u"record %1 of an untouched chunk is missing"_s.arg(r.recordId)));
    }
}

QTEST_GUILESS_MAIN(TestEvtxCorruption)
#include "tst_evtx_corruption.moc"
