// The operation log as events: round trip through OperationLog and OperationLogReader, damaged
// lines reported and skipped, file kind detection, and the knowledge base's messages.
#include "events/eventfilereader.h"
#include "events/eventknowledge.h"
#include "events/operationlogevents.h"
#include "oplog/operationlog.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::Events;
using namespace Entra::OpLog;

namespace {

const QString kRun = u"6f1c2b4a-0d1e-4f55-9a77-1234567890ab"_s;

QByteArray goodLine(const QString &step, const QString &result = u"started"_s)
{
    return (u"{\"time\":\"2024-05-01T10:00:00.123Z\",\"correlationId\":\"%1\",\"operation\":"
            u"\"join\",\"step\":\"%2\",\"result\":\"%3\"}\n"_s)
        .arg(kRun, step, result)
        .toUtf8();
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write the test file");
    return path;
}

struct ReadBack
{
    QList<EventRecord> records;
    EvtxSummary summary;
    int batches = 0;
};

ReadBack readBack(const QString &path)
{
    ReadBack out;
    const auto summary = readEventFile(path, [&out](EvtxBatch &&batch) {
        ++out.batches;
        out.records.append(batch.records);
        return true;
    });
    if (!summary)
        qFatal("%s", qPrintable(summary.error().message));
    out.summary = *summary;
    return out;
}

} // namespace

class TestOperationLogReader : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip();
    void damagedLinesAreReportedAndSkipped();
    void overlongLineIsSkippedWithoutHoldingIt();
    void manyLinesComeInBatchesAndCanBeStopped();
    void cannotOpenIsAnError();
    void detectsTheKindByContent_data();
    void detectsTheKindByContent();
    void knowledgeRendersEveryResult_data();
    void knowledgeRendersEveryResult();
};

void TestOperationLogReader::roundTrip()
{
    QTemporaryDir dir;
    OperationLog log(dir.path());
    const QDateTime t0(QDate(2024, 5, 1), QTime(10, 0, 0, 123), Qt::UTC);
    const QList<OperationLogEntry> written {
        { t0, kRun, u"join"_s, u"discover"_s, OperationResult::Started, {}, {} },
        { t0.addMSecs(250),
          kRun,
          u"join"_s,
          u"discover"_s,
          OperationResult::Succeeded,
          {},
          u"Found the registration service."_s },
        { t0.addSecs(3), kRun, u"join"_s, u"register"_s, OperationResult::Failed, u"0x801c03f2"_s,
          u"The registration service refused the device."_s },
        { t0.addSecs(4),
          kRun,
          u"join"_s,
          u"register"_s,
          OperationResult::RolledBack,
          {},
          u"Deleted the device key."_s },
        { t0.addSecs(9), kRun, u"join"_s, u"sign-in"_s, OperationResult::Cancelled, {}, {} },
    };
    for (const OperationLogEntry &e : written)
        QVERIFY(log.append(e));

    const ReadBack r = readBack(log.currentFile());
    QCOMPARE(r.summary.records, written.size());
    QCOMPARE(r.summary.recordsSkipped, 0);
    QVERIFY(r.summary.issues.isEmpty());
    QCOMPARE(r.records.size(), written.size());
    const QList<quint32> ids { 1, 2, 3, 5, 4 };
    const QList<quint8> levels { 4, 4, 2, 3, 3 };
    for (qsizetype i = 0; i < written.size(); ++i) {
        const EventRecord &rec = r.records[i];
        const OperationLogEntry &e = written[i];
        QCOMPARE(rec.channel, u"EntraDoctor/Operations"_s);
        QCOMPARE(rec.provider, u"Entra Doctor"_s);
        QCOMPARE(rec.eventId, ids[i]);
        QCOMPARE(rec.level, levels[i]);
        QCOMPARE(rec.recordId, quint64(i + 1));
        QCOMPARE(rec.timeCreated, e.time);
        QCOMPARE(rec.value(u"CorrelationId"), kRun);
        QCOMPARE(rec.value(u"Operation"), e.operation);
        QCOMPARE(rec.value(u"Step"), e.step);
        QCOMPARE(rec.value(u"Result"), resultName(e.result));
        QCOMPARE(rec.value(u"ErrorCode"), e.errorCode.isEmpty() ? QString() : e.errorCode);
        QCOMPARE(rec.hasField(u"Message"), !e.message.isEmpty());
        QCOMPARE(rec.value(u"Message"), e.message.isEmpty() ? QString() : e.message);
    }
    // FILETIME of 2024-05-01T10:00:00.123Z.
    QCOMPARE(r.records[0].filetimeCreated, quint64(133590312001230000ULL));
    QVERIFY(r.records[1].fileOffset > r.records[0].fileOffset);
}

void TestOperationLogReader::damagedLinesAreReportedAndSkipped()
{
    QTemporaryDir dir;
    QByteArray content = goodLine(u"discover"_s);
    content += "this is not json\n"; // 2
    content += "{\"time\":\"2024-05-01T10:00:01Z\",\"correlationId\":\"x\"\n"; // 3: cut
    content += goodLine(u"register"_s, u"exploded"_s); // 4
    content += "{\"correlationId\":\"a\",\"operation\":\"join\",\"step\":\"x\",\"result\":"
               "\"started\"}\n"; // 5: no time
    content += "[1,2,3]\n"; // 6
    content += "\n"; // 7: blank lines are not an issue
    content += QByteArray("\x00\x01\xff\xfe{}", 6) + '\n'; // 8: binary
    content += goodLine(u"register"_s, u"failed"_s); // 9
    content += "{\"time\":\"yesterday\",\"correlationId\":\"a\",\"operation\":\"join\",\"step\":"
               "\"x\",\"result\":\"started\"}"; // 10: no final newline either
    const QString path = writeFile(dir, u"operations.jsonl"_s, content);

    const ReadBack r = readBack(path);
    QCOMPARE(r.records.size(), 2);
    QCOMPARE(r.records[0].value(u"Step"), u"discover"_s);
    QCOMPARE(r.records[1].value(u"Result"), u"failed"_s);
    QCOMPARE(r.records[1].recordId, quint64(9));
    QCOMPARE(r.summary.recordsSkipped, 7);
    QList<qint64> lines;
    for (const EvtxIssue &issue : r.summary.issues) {
        QCOMPARE(issue.kind, EvtxIssue::Kind::LineSkipped);
        QCOMPARE(issue.severity, EvtxIssue::Severity::Skipped);
        lines.append(issue.line);
    }
    QCOMPARE(lines, (QList<qint64> { 2, 3, 4, 5, 6, 8, 10 }));
    const auto reason = [&r](int i) {
        return r.summary.issues[i].toString();
    };
    QVERIFY2(reason(0).startsWith(u"line 2: not JSON"_s), qPrintable(reason(0)));
    QVERIFY2(reason(2).contains(u"unknown \"result\": exploded"_s), qPrintable(reason(2)));
    QVERIFY2(reason(3).contains(u"no \"time\""_s), qPrintable(reason(3)));
    QVERIFY2(reason(4).contains(u"not a JSON object"_s), qPrintable(reason(4)));
    QVERIFY2(reason(6).contains(u"not an ISO 8601 time: yesterday"_s), qPrintable(reason(6)));
}

void TestOperationLogReader::overlongLineIsSkippedWithoutHoldingIt()
{
    QTemporaryDir dir;
    QByteArray content = goodLine(u"discover"_s);
    content += "{\"message\":\"" + QByteArray(3 * OperationLogReader::maxLineBytes, 'a') + "\"}\n";
    content += goodLine(u"register"_s);
    const ReadBack r = readBack(writeFile(dir, u"operations.jsonl"_s, content));
    QCOMPARE(r.records.size(), 2);
    QCOMPARE(r.records[1].recordId, quint64(3));
    QCOMPARE(r.summary.issues.size(), 1);
    QCOMPARE(r.summary.issues[0].line, 2);
    QVERIFY(r.summary.issues[0].reason.contains(u"longer than 64 KiB"_s));
}

void TestOperationLogReader::manyLinesComeInBatchesAndCanBeStopped()
{
    QTemporaryDir dir;
    QByteArray content;
    const int lines = 3 * OperationLogReader::batchRecords + 5;
    for (int i = 0; i < lines; ++i)
        content += goodLine(u"step %1"_s.arg(i));
    const QString path = writeFile(dir, u"big.jsonl"_s, content);
    const ReadBack all = readBack(path);
    QCOMPARE(all.records.size(), lines);
    QCOMPARE(all.batches, 4);
    QCOMPARE(all.records.last().value(u"Step"), u"step %1"_s.arg(lines - 1));

    int batches = 0;
    const auto stopped = readEventFile(path, [&batches](EvtxBatch &&) {
        ++batches;
        return false;
    });
    QVERIFY(stopped);
    QCOMPARE(batches, 1);

    std::atomic<bool> cancel { true };
    EvtxReadOptions options;
    options.cancel = &cancel;
    const auto cancelled = readEventFile(
        path, [](EvtxBatch &&) { return true; }, options);
    QVERIFY(cancelled);
    QVERIFY(cancelled->cancelled);
    QCOMPARE(cancelled->records, 0);
}

void TestOperationLogReader::cannotOpenIsAnError()
{
    const auto summary
        = OperationLogReader(u"/nonexistent/operations.jsonl"_s).read([](EvtxBatch &&) {
              return true;
          });
    QVERIFY(!summary);
    QCOMPARE(summary.error().domain, ErrorDomain::Io);
    QVERIFY(summary.error().message.contains(u"operations.jsonl"_s));
}

void TestOperationLogReader::detectsTheKindByContent_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("kind");
    const int evtx = int(EventFileKind::Evtx);
    const int oplog = int(EventFileKind::OperationLog);
    QTest::newRow("jsonl") << u"operations.jsonl"_s << goodLine(u"a"_s) << oplog;
    QTest::newRow("json lines, other name") << u"export.txt"_s << goodLine(u"a"_s) << oplog;
    QTest::newRow("leading blank") << u"x.log"_s << "\n  " + goodLine(u"a"_s) << oplog;
    QTest::newRow("empty jsonl") << u"operations.1.jsonl"_s << QByteArray() << oplog;
    QTest::newRow("evtx named jsonl") << u"odd.jsonl"_s << QByteArray("ElfFile\0rest", 12) << evtx;
    QTest::newRow("text") << u"notes.txt"_s << QByteArray("hello") << evtx;
}

void TestOperationLogReader::detectsTheKindByContent()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(int, kind);
    QTemporaryDir dir;
    QCOMPARE(int(detectEventFileKind(writeFile(dir, name, content))), kind);
}

void TestOperationLogReader::knowledgeRendersEveryResult_data()
{
    QTest::addColumn<int>("result");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("rendered");
    const int failed = int(OperationResult::Failed);
    QTest::newRow("started") << int(OperationResult::Started) << QString() << QString()
                             << u"join: register started"_s;
    QTest::newRow("succeeded") << int(OperationResult::Succeeded) << QString()
                               << u"Device registered."_s
                               << u"join: register succeeded: Device registered."_s;
    QTest::newRow("failed") << failed << u"AADSTS50126"_s << u"Wrong password."_s
                            << u"join: register failed (AADSTS50126): Wrong password."_s;
    QTest::newRow("failed, no code")
        << failed << QString() << u"Disk full."_s << u"join: register failed: Disk full."_s;
    QTest::newRow("failed, nothing")
        << failed << QString() << QString() << u"join: register failed"_s;
    QTest::newRow("cancelled") << int(OperationResult::Cancelled) << QString() << QString()
                               << u"join: register cancelled"_s;
    QTest::newRow("rolled back") << int(OperationResult::RolledBack) << QString()
                                 << u"Deleted the key."_s
                                 << u"join: register rolled back: Deleted the key."_s;
}

void TestOperationLogReader::knowledgeRendersEveryResult()
{
    QFETCH(int, result);
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(QString, rendered);
    const OperationLogEntry e { QDateTime::currentDateTimeUtc(), kRun, u"join"_s, u"register"_s,
                                OperationResult(result),         code, message };
    const EventRecord record = OperationLogEvents::toEventRecord(e, 1, 0);
    const EventKnowledge &knowledge = EventKnowledge::builtIn();
    QCOMPARE(knowledge.message(record), rendered);
    const EventInfo *info = knowledge.find(record.provider, record.eventId);
    QVERIFY(info);
    QVERIFY(!info->meaning.isEmpty());
    QVERIFY(!knowledge.channelDescription(record.channel).isEmpty());
}

QTEST_GUILESS_MAIN(TestOperationLogReader)
#include "tst_operationlogreader.moc"
