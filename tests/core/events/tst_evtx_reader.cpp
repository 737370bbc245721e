// The reader's API: errors, batches in file order, progress, stopping, cancelling, XML on
// request, and the import job a GUI uses.

#include "events/evtx/evtximportjob.h"
#include "events/evtx/evtxreader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <memory>

using namespace Entra::Events;
using namespace Qt::Literals::StringLiterals;

namespace {

QString sample(const QString &name)
{
    return QStringLiteral(ENTRA_SAMPLES_DIR) + u"/evtx/"_s + name;
}

const QString security
    = u"hayabusa-sample-evtx__DeepBlueCLI__smb-password-guessing-security.evtx"_s;

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

// A file of `chunks` real chunks (the Security sample's 34, repeated).
QString bigFile(QTemporaryDir &dir, int chunks)
{
    QFile in(sample(security));
    if (!in.open(QIODevice::ReadOnly))
        qFatal("cannot read the sample");
    const QByteArray bytes = in.readAll();
    QByteArray header = bytes.left(4096);
    qToLittleEndian<quint16>(quint16(chunks), header.data() + 42);
    qToLittleEndian<quint64>(quint64(chunks - 1), header.data() + 16);
    qToLittleEndian<quint32>(crc32(header.constData(), 120), header.data() + 124);
    const QString path = dir.filePath(u"big.evtx"_s);
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        qFatal("cannot write");
    out.write(header);
    for (int i = 0; i < chunks; ++i)
        out.write(bytes.constData() + 4096 + (i % 34) * 65536, 65536);
    return path;
}

} // namespace

class TestEvtxReader : public QObject
{
    Q_OBJECT

private slots:
    void errors_data();
    void errors();
    void batchesInOrderWithProgress_data();
    void batchesInOrderWithProgress();
    void handlerCanStop();
    void cancelStopsSoon();
    void xmlOnRequest();
    void importJobDeliversEverything();
    void importJobCancel();
    void importJobFailure();
    void importJobDeletedWhileRunning();

private:
    QTemporaryDir m_dir;
};

void TestEvtxReader::errors_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("create");
    QTest::addColumn<int>("domain");
    QTest::newRow("missing file") << QByteArray() << false << int(Entra::ErrorDomain::Io);
    QTest::newRow("empty file") << QByteArray() << true << int(Entra::ErrorDomain::Parse);
    QTest::newRow("text file") << QByteArray("Event Viewer export as text\n").repeated(300) << true
                               << int(Entra::ErrorDomain::Parse);
}

void TestEvtxReader::errors()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, create);
    QFETCH(int, domain);
    const QString path
        = m_dir.filePath(u"error-%1.evtx"_s.arg(QString::fromUtf8(QTest::currentDataTag())));
    if (create) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    int batches = 0;
    const auto result = EvtxReader(path).read([&](EvtxBatch &&) {
        ++batches;
        return true;
    });
    QVERIFY(!result);
    QCOMPARE(int(result.error().domain), domain);
    QVERIFY(!result.error().message.isEmpty());
    QCOMPARE(batches, 0);
}

void TestEvtxReader::batchesInOrderWithProgress_data()
{
    QTest::addColumn<int>("threads");
    QTest::newRow("1 thread") << 1;
    QTest::newRow("2 threads") << 2;
    QTest::newRow("8 threads") << 8;
}

void TestEvtxReader::batchesInOrderWithProgress()
{
    QFETCH(int, threads);
    const QString path = sample(security);
    QList<EvtxProgress> progress;
    EvtxReadOptions options;
    options.threads = threads;
    options.progress = [&](const EvtxProgress &p) {
        progress.append(p);
    };
    int lastChunk = -1;
    qint64 records = 0;
    quint64 lastId = 0;
    const auto summary = EvtxReader(path).read(
        [&](EvtxBatch &&batch) {
            [&] {
                QVERIFY(batch.chunk > lastChunk);
            }();
            lastChunk = batch.chunk;
            for (const EventRecord &r : std::as_const(batch.records)) {
                [&] {
                    QVERIFY(r.recordId > lastId);
                }(); // this file's ids only grow
                lastId = r.recordId;
            }
            records += batch.records.size();
            return true;
        },
        options);
    QVERIFY(summary);
    QCOMPARE(records, 3561);
    QCOMPARE(summary->records, 3561);
    QCOMPARE(summary->file.chunkSlots, 49);
    QCOMPARE(summary->chunksRead, 34);
    QCOMPARE(summary->chunksEmpty, 15);
    QCOMPARE(progress.size(), 49);
    for (qsizetype i = 1; i < progress.size(); ++i) {
        QVERIFY(progress[i].chunksDone == progress[i - 1].chunksDone + 1);
        QVERIFY(progress[i].bytesDone > progress[i - 1].bytesDone);
    }
    QCOMPARE(progress.last().bytesDone, QFileInfo(path).size());
    QCOMPARE(progress.last().records, 3561);
}

void TestEvtxReader::handlerCanStop()
{
    for (const int threads : { 1, 2 }) {
        int batches = 0;
        EvtxReadOptions options;
        options.threads = threads;
        const auto summary = EvtxReader(sample(security))
                                 .read([&](EvtxBatch &&) { return ++batches < 3; }, options);
        QVERIFY(summary);
        QCOMPARE(batches, 3);
        QVERIFY(summary->records < 3561);
    }
}

void TestEvtxReader::cancelStopsSoon()
{
    const QString path = bigFile(m_dir, 300); // 19.7 MB
    for (const int threads : { 1, 2 }) {
        std::atomic<bool> cancel { false };
        EvtxReadOptions options;
        options.threads = threads;
        options.cancel = &cancel;
        int batches = 0;
        const auto summary = EvtxReader(path).read(
            [&](EvtxBatch &&) {
                if (++batches == 2)
                    cancel = true;
                return true;
            },
            options);
        QVERIFY(summary);
        QVERIFY(summary->cancelled);
        QCOMPARE(batches, 2);
    }
}

// XML only when asked for, and the same text for one record by its offset.
void TestEvtxReader::xmlOnRequest()
{
    const EvtxReader reader(sample(u"omerbenamram-evtx__2-vss_7-System.evtx"_s));
    const auto plain = reader.readAll();
    QVERIFY(plain);
    for (const EventRecord &r : plain->records)
        QVERIFY(r.xml.isNull());
    EvtxReadOptions options;
    options.withXml = true;
    const auto withXml = reader.readAll(options);
    QVERIFY(withXml);
    QCOMPARE(withXml->records.size(), plain->records.size());
    for (qsizetype i = 0; i < withXml->records.size(); i += 97) {
        const EventRecord &r = withXml->records[i];
        QVERIFY(r.xml.startsWith(u"<Event xmlns="_s));
        const auto one = reader.recordXml(r.fileOffset);
        QVERIFY(one);
        QCOMPARE(*one, r.xml);
    }
    QVERIFY(!reader.recordXml(4096 + 513)); // not the start of a record
    QVERIFY(!reader.recordXml(1 << 30));
}

void TestEvtxReader::importJobDeliversEverything()
{
    const QString path = bigFile(m_dir, 120);
    const auto expected = EvtxReader(path).readAll();
    QVERIFY(expected);

    EvtxImportJob job(path);
    QList<EventRecord> received;
    int deliveries = 0;
    connect(&job, &EvtxImportJob::recordsReady, this, [&](const QList<EventRecord> &records) {
        received.append(records);
        ++deliveries;
    });
    QSignalSpy finished(&job, &EvtxImportJob::finished);
    QSignalSpy failed(&job, &EvtxImportJob::failed);
    QSignalSpy progress(&job, &EvtxImportJob::progressChanged);
    QElapsedTimer timer;
    timer.start();
    job.start();
    QVERIFY(job.isRunning());
    QVERIFY(finished.wait(30000));
    QCOMPARE(failed.size(), 0);
    QVERIFY(!job.isRunning());
    QCOMPARE(received.size(), expected->records.size());
    for (qsizetype i = 0; i < received.size(); i += 101) {
        QCOMPARE(received[i].recordId, expected->records[i].recordId);
        QCOMPARE(received[i].fileOffset, expected->records[i].fileOffset);
        QCOMPARE(received[i].data, expected->records[i].data);
    }
    QVERIFY(deliveries >= 2); // rows arrive before the end
    QVERIFY(deliveries < expected->records.size() / 50); // but not one signal per chunk
    QVERIFY(progress.size() >= 1);
    const auto last = progress.last().first().value<EvtxProgress>();
    QCOMPARE(last.chunksDone, last.chunksTotal);
    const auto summary = finished.first().first().value<EvtxSummary>();
    QVERIFY(!summary.cancelled);
    QCOMPARE(summary.records, expected->records.size());
}

void TestEvtxReader::importJobCancel()
{
    const QString path = bigFile(m_dir, 300);
    EvtxImportJob job(path);
    qsizetype received = 0;
    connect(&job, &EvtxImportJob::recordsReady, this, [&](const QList<EventRecord> &records) {
        received += records.size();
        job.cancel();
    });
    QSignalSpy finished(&job, &EvtxImportJob::finished);
    job.start();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.size(), 1);
    const auto summary = finished.first().first().value<EvtxSummary>();
    QVERIFY(summary.cancelled);
    QVERIFY(received < 300 * 100);
}

void TestEvtxReader::importJobFailure()
{
    EvtxImportJob job(m_dir.filePath(u"does-not-exist.evtx"_s));
    QSignalSpy finished(&job, &EvtxImportJob::finished);
    QSignalSpy failed(&job, &EvtxImportJob::failed);
    job.start();
    QVERIFY(failed.wait(10000));
    QCOMPARE(finished.size(), 0);
    QCOMPARE(failed.first().first().value<Entra::Error>().domain, Entra::ErrorDomain::Io);
}

void TestEvtxReader::importJobDeletedWhileRunning()
{
    const QString path = bigFile(m_dir, 300);
    auto job = std::make_unique<EvtxImportJob>(path);
    int deliveries = 0;
    connect(job.get(), &EvtxImportJob::recordsReady, this, [&] { ++deliveries; });
    job->start();
    QTest::qWait(5);
    job.reset(); // cancels, waits, and drops what was still queued
    QTest::qWait(50);
    QVERIFY(deliveries >= 0);
}

QTEST_GUILESS_MAIN(TestEvtxReader)
#include "tst_evtx_reader.moc"
