// `entra-doctor events` (ARCHITECTURE.md's CLI contract), through the real binary.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(ENTRA_DOCTOR_BINARY), arguments);
    if (!process.waitForStarted() || !process.waitForFinished(60000))
        qFatal("the binary did not run");
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
             process.readAllStandardOutput(), process.readAllStandardError() };
}

QString sample(const QString &name)
{
    return QStringLiteral(ENTRA_SAMPLES_DIR) + u"/evtx/"_s + name;
}

const QString application = u"omerbenamram-evtx__Application_no_crc32.evtx"_s;
const QString hello = u"omerbenamram-evtx__Microsoft-Windows-HelloForBusiness%4Operational.evtx"_s;

} // namespace

class TestEvtxCli : public QObject
{
    Q_OBJECT

private slots:
    void count_data();
    void count();
    void jsonLines();
    void textLines();
    void damagedFileIsReadAndReported();
    void operationLog();
    void badUsageAndInput_data();
    void badUsageAndInput();
};

void TestEvtxCli::count_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("count");
    const QString app = sample(application);
    QTest::newRow("all") << QStringList { app } << QByteArray("17\n");
    QTest::newRow("channel") << QStringList { u"--channel"_s, u"application"_s, app }
                             << QByteArray("17\n");
    QTest::newRow("other channel")
        << QStringList { u"--channel"_s, u"System"_s, app } << QByteArray("0\n");
    QTest::newRow("id") << QStringList { u"--id"_s, u"1003"_s, app } << QByteArray("2\n");
    // Expected counts from libevtx's view of the file (evtxexport -f xml): event ids 1, 15, 6000,
    // 1532, 1531, 5615, 900, 16394, 1066, 1003, 902, 16388, 102, 105, 326, 1003, 5617, created
    // 23:51:45.018 ... 23:54:34.704; "Windows Defender" occurs in one event.
    QTest::newRow("id range") << QStringList { u"--id"_s, u"1-1003"_s, app } << QByteArray("9\n");
    QTest::newRow("since") << QStringList { u"--since"_s, u"2021-03-31T23:54:00Z"_s, app }
                           << QByteArray("5\n");
    QTest::newRow("until") << QStringList { u"--until"_s, u"2021-03-31T23:52:03.284Z"_s, app }
                           << QByteArray("3\n");
    QTest::newRow("text") << QStringList { u"--text"_s, u"windows defender"_s, app }
                          << QByteArray("1\n");
    QTest::newRow("level") << QStringList { u"--level"_s, u"error"_s, sample(hello) }
                           << QByteArray("2\n");
    QTest::newRow("two files") << QStringList { app, sample(hello) } << QByteArray("22\n");
}

void TestEvtxCli::count()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, count);
    const Run r = run(QStringList { u"events"_s, u"--count"_s } + arguments);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, count);
}

void TestEvtxCli::jsonLines()
{
    const Run r = run({ u"events"_s, u"--json"_s, sample(hello) });
    QCOMPARE(r.exitCode, 0);
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 5);
    const QStringList keys { u"Channel"_s,     u"Provider"_s, u"EventID"_s,  u"Level"_s,
                             u"TimeCreated"_s, u"RecordId"_s, u"Computer"_s, u"Data"_s };
    for (const QByteArray &line : lines) {
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(line, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        for (const QString &k : keys)
            QVERIFY2(o.contains(k), qPrintable(k));
        // The contract's key order is kept.
        qsizetype last = -1;
        for (const QString &k : keys) {
            const qsizetype at = line.indexOf(QByteArray('"' + k.toUtf8() + "\":"));
            QVERIFY(at > last);
            last = at;
        }
    }
    const QJsonObject second = QJsonDocument::fromJson(lines[1]).object();
    QCOMPARE(second[u"Channel"_s].toString(), u"Microsoft-Windows-HelloForBusiness/Operational"_s);
    QCOMPARE(second[u"EventID"_s].toInt(), 3054);
    QCOMPARE(second[u"Level"_s].toInt(), 4);
    QCOMPARE(second[u"RecordId"_s].toInt(), 2);
    QCOMPARE(second[u"TimeCreated"_s].toString(), u"2018-07-06T22:07:32.220Z"_s);
    QCOMPARE(second[u"Computer"_s].toString(), u"DESKTOP-1N4R894"_s);
    QCOMPARE(second[u"Message"_s].toString(), u"Hello prerequisites check started"_s);
    // Fields, and an array value as a JSON array.
    const Run app = run({ u"events"_s, u"--json"_s, u"--id"_s, u"15"_s, sample(application) });
    const QJsonObject o = QJsonDocument::fromJson(app.out).object();
    QCOMPARE(o[u"Data"_s].toObject()[u"Data1"_s].toString(), u"Windows Defender"_s);
    QCOMPARE(o[u"Data"_s].toObject()[u"Data2"_s].toString(), u"SECURITY_PRODUCT_STATE_ON"_s);
    QVERIFY(!o.contains(u"Message"_s)); // not in the knowledge base
}

void TestEvtxCli::textLines()
{
    const Run r = run({ u"events"_s, u"--id"_s, u"6000"_s, sample(application) });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out,
             QByteArray("2021-03-31T23:52:03.284Z  Information   6000  Microsoft-Windows-Winlogon  "
                        "Data1=WSearch; Binary=D9060000\n"));
    QVERIFY(r.err.isEmpty());
}

void TestEvtxCli::damagedFileIsReadAndReported()
{
    const QString file = sample(u"omerbenamram-evtx__sample_with_a_bad_chunk_magic.evtx"_s);
    const Run r = run({ u"events"_s, u"--count"_s, file });
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QByteArray("380\n"));
    QVERIFY(r.err.contains("3 damaged records skipped"));
    const Run verbose = run({ u"events"_s, u"--count"_s, u"-v"_s, file });
    QVERIFY(verbose.err.contains("record 47640: record not readable"));
}

// The app's own operations.jsonl next to .evtx files (written by hand here: the file format is
// a contract too).
void TestEvtxCli::operationLog()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"operations.jsonl"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QByteArray ids = "\"correlationId\":\"6f1c2b4a-0d1e-4f55-9a77-1234567890ab\","
                           "\"operation\":\"join\",";
    file.write("{\"time\":\"2024-05-01T10:00:00.123Z\"," + ids
               + "\"step\":\"discover\",\"result\":\"started\"}\n");
    file.write("not json at all\n");
    file.write("{\"time\":\"2024-05-01T10:00:03.000Z\"," + ids
               + "\"step\":\"register\",\"result\":\"failed\",\"errorCode\":\"AADSTS50126\","
                 "\"message\":\"Wrong password.\"}\n");
    file.close();

    const Run json = run({ u"events"_s, u"--json"_s, u"--level"_s, u"error"_s, path });
    QCOMPARE(json.exitCode, 0);
    const QList<QByteArray> lines = json.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 1);
    const QJsonObject o = QJsonDocument::fromJson(lines.first()).object();
    QCOMPARE(o[u"Channel"_s].toString(), u"EntraDoctor/Operations"_s);
    QCOMPARE(o[u"Provider"_s].toString(), u"Entra Doctor"_s);
    QCOMPARE(o[u"EventID"_s].toInt(), 3);
    QCOMPARE(o[u"Level"_s].toInt(), 2);
    QCOMPARE(o[u"RecordId"_s].toInt(), 3); // the line number
    QCOMPARE(o[u"TimeCreated"_s].toString(), u"2024-05-01T10:00:03.000Z"_s);
    QCOMPARE(o[u"Data"_s].toObject()[u"ErrorCode"_s].toString(), u"AADSTS50126"_s);
    QCOMPARE(o[u"Data"_s].toObject()[u"Step"_s].toString(), u"register"_s);
    QCOMPARE(o[u"Message"_s].toString(), u"join: register failed (AADSTS50126): Wrong password."_s);
    // The damaged line is reported, not fatal.
    QVERIFY2(json.err.contains("1 damaged records skipped"), json.err.constData());
    const Run verbose = run({ u"events"_s, u"--count"_s, u"-v"_s, path });
    QVERIFY2(verbose.err.contains("line 2: not JSON"), verbose.err.constData());
    // Mixed with an .evtx file in one call; filters apply to both.
    const Run both = run({ u"events"_s, u"--count"_s, sample(application), path });
    QCOMPARE(both.out, QByteArray("19\n"));
    const Run channel = run({ u"events"_s, u"--count"_s, u"--channel"_s,
                              u"EntraDoctor/Operations"_s, sample(application), path });
    QCOMPARE(channel.out, QByteArray("2\n"));
    const Run text = run({ u"events"_s, u"--id"_s, u"1"_s, path });
    QCOMPARE(
        text.out,
        QByteArray("2024-05-01T10:00:00.123Z  Information      1  Entra Doctor  join: discover "
                   "started\n"));
}

void TestEvtxCli::badUsageAndInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    const QString app = sample(application);
    QTest::newRow("no file") << QStringList {} << QByteArray("no event log file");
    QTest::newRow("json and count")
        << QStringList { u"--json"_s, u"--count"_s, app } << QByteArray("cannot be combined");
    QTest::newRow("bad id") << QStringList { u"--id"_s, u"abc"_s, app }
                            << QByteArray("not an event id");
    QTest::newRow("bad level") << QStringList { u"--level"_s, u"loud"_s, app }
                               << QByteArray("not an event level");
    QTest::newRow("bad time") << QStringList { u"--since"_s, u"yesterday"_s, app }
                              << QByteArray("not an ISO 8601");
    QTest::newRow("missing file") << QStringList { u"/nonexistent/x.evtx"_s }
                                  << QByteArray("Cannot open");
    QTest::newRow("not an event log")
        << QStringList { QStringLiteral(ENTRA_SAMPLES_DIR) + u"/evtx/SOURCES.md"_s }
        << QByteArray("not a Windows event log");
}

void TestEvtxCli::badUsageAndInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const Run r = run(QStringList { u"events"_s } + arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), r.err.constData());
}

QTEST_GUILESS_MAIN(TestEvtxCli)
#include "tst_evtx_cli.moc"
