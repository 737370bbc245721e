// OperationHistory::latestFailures: the failure of each operation's latest run, as the status
// shows it ("Last Join Failure"), until a later run of that operation succeeds.
#include "oplog/operationhistory.h"
#include "oplog/operationlog.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::OpLog;

namespace {

// One line per entry: "operation run step result", run a small number naming the correlation id.
struct Line
{
    QString operation;
    int run;
    QString step;
    OperationResult result;
};

QString runId(int run)
{
    return u"00000000-0000-4000-8000-%1"_s.arg(run, 12, 10, QLatin1Char('0'));
}

} // namespace

Q_DECLARE_METATYPE(QList<Line>)

class TestOperationHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void latestFailures_data();
    void latestFailures();
    void sinceSkipsOlderRuns();
    void rotatedFilesCount();
};

void TestOperationHistory::latestFailures_data()
{
    using R = OperationResult;
    QTest::addColumn<QList<Line>>("lines");
    QTest::addColumn<QStringList>("expected"); // "operation step" of each failure, oldest first

    QTest::newRow("empty log") << QList<Line> {} << QStringList {};
    QTest::newRow("a join that failed")
        << QList<Line> { { u"join"_s, 1, u"Discover"_s, R::Started },
                         { u"join"_s, 1, u"Discover"_s, R::Succeeded },
                         { u"join"_s, 1, u"Register"_s, R::Started },
                         { u"join"_s, 1, u"Register"_s, R::Failed },
                         { u"join"_s, 1, u"Register"_s, R::RolledBack } }
        << QStringList { u"join Register"_s };
    QTest::newRow("superseded by a later success")
        << QList<Line> { { u"join"_s, 1, u"Register"_s, R::Failed },
                         { u"join"_s, 2, u"Register"_s, R::Started },
                         { u"join"_s, 2, u"Register"_s, R::Succeeded } }
        << QStringList {};
    QTest::newRow("a later failure replaces an earlier one")
        << QList<Line> { { u"join"_s, 1, u"Register"_s, R::Failed },
                         { u"join"_s, 2, u"SignIn"_s, R::Failed } }
        << QStringList { u"join SignIn"_s };
    QTest::newRow("cancelled is not a failure")
        << QList<Line> { { u"leave"_s, 1, u"DeleteInCloud"_s, R::Failed },
                         { u"leave"_s, 2, u"DeleteInCloud"_s, R::Cancelled } }
        << QStringList {};
    QTest::newRow("still running") << QList<Line> { { u"pin"_s, 1, u"GetToken"_s, R::Failed },
                                                    { u"pin"_s, 2, u"GetToken"_s, R::Started } }
                                   << QStringList {};
    QTest::newRow("each operation on its own")
        << QList<Line> { { u"prt"_s, 1, u"Send"_s, R::Failed },
                         { u"pin"_s, 2, u"RegisterKey"_s, R::Failed },
                         { u"join"_s, 3, u"Store"_s, R::Succeeded },
                         { u"prt"_s, 4, u"Nonce"_s, R::Started } }
        << QStringList { u"pin RegisterKey"_s };
    QTest::newRow("interleaved runs") << QList<Line> { { u"pin"_s, 1, u"GetToken"_s, R::Started },
                                                       { u"prt"_s, 2, u"Nonce"_s, R::Failed },
                                                       { u"pin"_s, 1, u"GetToken"_s, R::Failed } }
                                      << QStringList { u"prt Nonce"_s, u"pin GetToken"_s };
}

void TestOperationHistory::latestFailures()
{
    QFETCH(QList<Line>, lines);
    QFETCH(QStringList, expected);
    QTemporaryDir state;
    OperationLog log(state.path());
    QDateTime time(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC);
    for (const Line &line : std::as_const(lines)) {
        time = time.addSecs(1);
        QVERIFY(
            log.append({ time, runId(line.run), line.operation, line.step, line.result,
                         line.result == OperationResult::Failed ? u"503"_s : QString(),
                         line.result == OperationResult::Failed ? u"It broke."_s : QString() }));
    }
    QStringList found;
    const QList<OperationLogEntry> failures = OperationHistory::latestFailures(state.path());
    for (const OperationLogEntry &failure : failures) {
        found << failure.operation + u' ' + failure.step;
        QCOMPARE(failure.result, OperationResult::Failed);
        QCOMPARE(failure.errorCode, u"503"_s);
        QCOMPARE(failure.message, u"It broke."_s);
    }
    QCOMPARE(found, expected);
}

void TestOperationHistory::sinceSkipsOlderRuns()
{
    QTemporaryDir state;
    OperationLog log(state.path());
    const QDateTime before(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC);
    QVERIFY(log.append(
        { before, runId(1), u"pin"_s, u"Store"_s, OperationResult::Failed, {}, u"Old device."_s }));
    QVERIFY(log.append({ before.addSecs(60),
                         runId(2),
                         u"prt"_s,
                         u"Send"_s,
                         OperationResult::Failed,
                         {},
                         u"This device."_s }));
    const QList<OperationLogEntry> failures
        = OperationHistory::latestFailures(state.path(), before.addSecs(30));
    QCOMPARE(failures.size(), 1);
    QCOMPARE(failures.first().message, u"This device."_s);
}

void TestOperationHistory::rotatedFilesCount()
{
    // A failure in a rotated file still counts; a success in the current one supersedes it.
    QTemporaryDir state;
    OperationLog log(state.path(), { 400, 3 });
    const QDateTime time(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC);
    QVERIFY(log.append({ time, runId(1), u"leave"_s, u"DeleteInCloud"_s, OperationResult::Failed,
                         u"401"_s, u"Refused."_s }));
    for (int i = 0; i < 6; ++i)
        QVERIFY(log.append({ time.addSecs(i + 1),
                             runId(2),
                             u"prt"_s,
                             u"Nonce"_s,
                             OperationResult::Started,
                             {},
                             u"Getting a nonce."_s }));
    QVERIFY(log.existingFiles().size() > 1);
    QList<OperationLogEntry> failures = OperationHistory::latestFailures(state.path());
    QCOMPARE(failures.size(), 1);
    QCOMPARE(failures.first().operation, u"leave"_s);
    QVERIFY(log.append({ time.addSecs(10),
                         runId(3),
                         u"leave"_s,
                         u"RemoveLocal"_s,
                         OperationResult::Succeeded,
                         {},
                         {} }));
    failures = OperationHistory::latestFailures(state.path());
    QVERIFY(failures.isEmpty());
}

QTEST_GUILESS_MAIN(TestOperationHistory)
#include "tst_operationhistory.moc"
