// The operation log writer: only the given fields reach the file, secrets are redacted, bad
// fields are refused, 0600/0700, rotation, concurrent appends.
#include "oplog/operationlog.h"
#include "oplog/operationlogformat.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimeZone>

#include <sys/stat.h>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::OpLog;

namespace {

const QString kRun = u"6f1c2b4a-0d1e-4f55-9a77-1234567890ab"_s;

OperationLogEntry entry(const QString &step, OperationResult result = OperationResult::Started,
                        const QString &code = {}, const QString &message = {})
{
    return { QDateTime(QDate(2024, 5, 1), QTime(10, 0, 0, 123), Qt::UTC),
             kRun,
             u"join"_s,
             step,
             result,
             code,
             message };
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QList<QJsonObject> objects(const QString &path)
{
    QList<QJsonObject> out;
    for (const QByteArray &line : readAll(path).split('\n')) {
        if (!line.isEmpty())
            out.append(QJsonDocument::fromJson(line).object());
    }
    return out;
}

mode_t modeOf(const QString &path)
{
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 0777;
}

} // namespace

class TestOperationLog : public QObject
{
    Q_OBJECT

private slots:
    void writesOnlyTheGivenFields();
    void timeIsUtcWithMilliseconds();
    void fillsInTheTimeWhenUnset();
    void refusesFieldsThatBreakTheRules_data();
    void refusesFieldsThatBreakTheRules();
    void redactsSecretsInMessages_data();
    void redactsSecretsInMessages();
    void keepsWhatIsNotASecret();
    void messageIsOneCappedLine();
    void privateFileAndDirectory();
    void tightensAnExistingFile();
    void rotatesAndKeepsNFiles();
    void concurrentAppendsStayWholeLines();
    void runWritesStepsWithOneCorrelationId();
    void runNeverWritesAnErrorsDetail();
    void unwritableStateDirectoryIsAClearError();
    void errorCodeText_data();
    void errorCodeText();
};

void TestOperationLog::writesOnlyTheGivenFields()
{
    QTemporaryDir dir;
    OperationLog log(dir.path());
    QVERIFY(log.append(
        entry(u"register"_s, OperationResult::Failed, u"AADSTS50126"_s, u"Could not sign in."_s)));
    QCOMPARE(log.currentFile(), dir.path() + u"/logs/operations.jsonl"_s);
    const QList<QJsonObject> lines = objects(log.currentFile());
    QCOMPARE(lines.size(), 1);
    const QJsonObject o = lines.first();
    QCOMPARE(o.keys(),
             (QStringList { u"correlationId"_s, u"errorCode"_s, u"message"_s, u"operation"_s,
                            u"result"_s, u"step"_s, u"time"_s }));
    QCOMPARE(o[u"correlationId"_s].toString(), kRun);
    QCOMPARE(o[u"operation"_s].toString(), u"join"_s);
    QCOMPARE(o[u"step"_s].toString(), u"register"_s);
    QCOMPARE(o[u"result"_s].toString(), u"failed"_s);
    QCOMPARE(o[u"errorCode"_s].toString(), u"AADSTS50126"_s);
    QCOMPARE(o[u"message"_s].toString(), u"Could not sign in."_s);

    // Empty optional fields are left out, not written empty.
    QVERIFY(log.append(entry(u"discover"_s)));
    const QJsonObject second = objects(log.currentFile()).at(1);
    QCOMPARE(
        second.keys(),
        (QStringList { u"correlationId"_s, u"operation"_s, u"result"_s, u"step"_s, u"time"_s }));
}

void TestOperationLog::timeIsUtcWithMilliseconds()
{
    QTemporaryDir dir;
    OperationLog log(dir.path());
    OperationLogEntry e = entry(u"discover"_s);
    e.time = QDateTime(QDate(2024, 5, 1), QTime(12, 0, 0, 7), QTimeZone(2 * 3600));
    QVERIFY(log.append(e));
    QCOMPARE(objects(log.currentFile()).first()[u"time"_s].toString(),
             u"2024-05-01T10:00:00.007Z"_s);
}

void TestOperationLog::fillsInTheTimeWhenUnset()
{
    QTemporaryDir dir;
    OperationLog log(dir.path());
    OperationLogEntry e = entry(u"discover"_s);
    e.time = {};
    const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
    QVERIFY(log.append(e));
    const QDateTime written = QDateTime::fromString(
        objects(log.currentFile()).first()[u"time"_s].toString(), Qt::ISODateWithMs);
    QVERIFY(written >= before && written <= QDateTime::currentDateTimeUtc());
}

void TestOperationLog::refusesFieldsThatBreakTheRules_data()
{
    QTest::addColumn<OperationLogEntry>("e");
    QTest::addColumn<QString>("field");
    OperationLogEntry e = entry(u"register"_s);
    e.correlationId = u"run-1"_s;
    QTest::newRow("correlation id") << e << u"correlationId"_s;
    e = entry(u"register"_s);
    e.operation = u"Join Now"_s;
    QTest::newRow("operation with a space") << e << u"operation"_s;
    e.operation = u""_s;
    QTest::newRow("no operation") << e << u"operation"_s;
    e = entry(u"register\n{\"injected\":true}"_s);
    QTest::newRow("step with a line break") << e << u"step"_s;
    e = entry(u"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlX2hlcmVfbG9uZw"_s);
    QTest::newRow("token as step") << e << u"step"_s;
    e = entry(u"register"_s, OperationResult::Failed, u"Bearer eyJabc.def"_s);
    QTest::newRow("token as error code") << e << u"errorCode"_s;
    e = entry(u"register"_s, OperationResult::Failed, u"0x801c03f2 denied"_s);
    QTest::newRow("code with text") << e << u"errorCode"_s;
    e = entry(u"register"_s);
    e.time = {};
    // An unset time is filled in by append(), so only the format refuses it.
    QTest::newRow("no time (format)") << e << u"time"_s;
}

void TestOperationLog::refusesFieldsThatBreakTheRules()
{
    QFETCH(OperationLogEntry, e);
    QFETCH(QString, field);
    if (field == u"time") {
        const auto line = OperationLogFormat::encode(e);
        QVERIFY(!line);
        QVERIFY(line.error().message.contains(u"time"_s));
        return;
    }
    QTemporaryDir dir;
    OperationLog log(dir.path());
    const Status status = log.append(e);
    QVERIFY(!status);
    QCOMPARE(status.error().domain, ErrorDomain::Usage);
    QVERIFY2(status.error().message.contains(field), qPrintable(status.error().message));
    QVERIFY(!QFileInfo::exists(log.currentFile()) || readAll(log.currentFile()).isEmpty());
}

void TestOperationLog::redactsSecretsInMessages_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("secret");
    const QString jwt = u"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0."
                        u"TmV2ZXJJblRoZUxvZw"_s;
    QTest::newRow("jwt") << u"Token request returned %1 for the user."_s.arg(jwt) << jwt;
    QTest::newRow("jwt alone") << jwt << u"eyJhdWQiOiJodHRwczovL2dyYXBoIn0"_s;
    QTest::newRow("bearer") << u"Header was Authorization: Bearer abc.DEF-123_x~y"_s
                            << u"abc.DEF-123_x~y"_s;
    QTest::newRow("refresh token")
        << u"retry with refresh_token=0.AQk-short.part&client_id=1"_s << u"0.AQk-short.part"_s;
    QTest::newRow("password") << u"password: \"hunter2 and more\" was rejected"_s << u"hunter2"_s;
    QTest::newRow("pin") << u"PIN check failed, pin=483920"_s << u"483920"_s;
    QTest::newRow("client secret") << u"client_secret=s3cr3t;"_s << u"s3cr3t"_s;
    QTest::newRow("device code") << u"device_code: GAQABAAEAAAB"_s << u"GAQABAAEAAAB"_s;
    QTest::newRow("long base64") << u"blob AwABAAAAAAACAOz_BAD0_8Mxu3ZLeC9nd8xYnTqSh4c0wB+/= end"_s
                                 << u"AwABAAAAAAACAOz_BAD0_8Mxu3ZLeC9nd8xYnTqSh4c0wB+/="_s;
    QTest::newRow("long hex key")
        << u"key 3082010a0282010100c3a1b2c4d5e6f708192a3b4c5d6e7f80 imported"_s
        << u"3082010a0282010100c3a1b2c4d5e6f708192a3b4c5d6e7f80"_s;
}

void TestOperationLog::redactsSecretsInMessages()
{
    QFETCH(QString, message);
    QFETCH(QString, secret);
    QTemporaryDir dir;
    OperationLog log(dir.path());
    QVERIFY(log.append(entry(u"sign-in"_s, OperationResult::Failed, u"AADSTS50126"_s, message)));
    const QByteArray file = readAll(log.currentFile());
    QVERIFY2(!file.contains(secret.toUtf8()), file.constData());
    QVERIFY2(file.contains("[redacted]"), file.constData());
}

void TestOperationLog::keepsWhatIsNotASecret()
{
    const QString message
        = u"Device {0B5A2F6C-1D2E-4F55-9A77-1234567890AB} in tenant "
          u"72f988bf-86f1-41af-91ab-2d7cd011db47: AADSTS50126 at "
          u"https://enterpriseregistration.windows.net/EnterpriseRegistration.svc "
          u"(0x801c03f2); the token: expired"_s;
    QCOMPARE(OperationLogFormat::redactSecrets(message), message);
}

void TestOperationLog::messageIsOneCappedLine()
{
    QTemporaryDir dir;
    OperationLog log(dir.path());
    const QString message
        = u"first line\r\nsecond line\n"_s + QString(2000, u'x').replace(u"xxxxx"_s, u"x y "_s);
    QVERIFY(log.append(entry(u"register"_s, OperationResult::Failed, {}, message)));
    const QByteArray file = readAll(log.currentFile());
    QCOMPARE(file.count('\n'), 1);
    const QString written = objects(log.currentFile()).first()[u"message"_s].toString();
    QVERIFY(written.startsWith(u"first line second line x y"_s));
    QCOMPARE(written.size(), OperationLogFormat::maxMessageLength);
    QVERIFY(written.endsWith(u'\u2026'));
}

void TestOperationLog::privateFileAndDirectory()
{
    QTemporaryDir dir;
    OperationLog log(dir.path());
    QVERIFY(log.append(entry(u"discover"_s)));
    QCOMPARE(modeOf(log.currentFile()), mode_t(0600));
    QCOMPARE(modeOf(log.directory()), mode_t(0700));
}

void TestOperationLog::tightensAnExistingFile()
{
    QTemporaryDir dir;
    OperationLog log(dir.path());
    QVERIFY(QDir().mkpath(log.directory()));
    QFile file(log.currentFile());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QVERIFY(QFile::setPermissions(log.currentFile(),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                      | QFileDevice::ReadGroup | QFileDevice::ReadOther));
    QCOMPARE(modeOf(log.currentFile()), mode_t(0644));
    QVERIFY(log.append(entry(u"discover"_s)));
    QCOMPARE(modeOf(log.currentFile()), mode_t(0600));
}

void TestOperationLog::rotatesAndKeepsNFiles()
{
    QTemporaryDir dir;
    OperationLog log(dir.path(), { 2048, 2 });
    const int total = 100; // ~170 bytes a line: about 12 lines a file
    for (int i = 0; i < total; ++i)
        QVERIFY(log.append(entry(u"step %1"_s.arg(i))));
    const QStringList files = log.existingFiles();
    QCOMPARE(files,
             (QStringList { log.directory() + u"/operations.2.jsonl"_s,
                            log.directory() + u"/operations.1.jsonl"_s, log.currentFile() }));
    QVERIFY(!QFileInfo::exists(log.directory() + u"/operations.3.jsonl"_s));
    // Oldest first, no gaps: the kept lines are the last ones written, in order.
    QList<int> steps;
    for (const QString &file : files) {
        QVERIFY(QFileInfo(file).size() <= 2048);
        QCOMPARE(modeOf(file), mode_t(0600));
        for (const QJsonObject &o : objects(file))
            steps.append(o[u"step"_s].toString().mid(5).toInt());
    }
    QVERIFY(steps.size() > 20 && steps.size() < total);
    QCOMPARE(steps.last(), total - 1);
    for (qsizetype i = 1; i < steps.size(); ++i)
        QCOMPARE(steps[i], steps[i - 1] + 1);
}

void TestOperationLog::concurrentAppendsStayWholeLines()
{
    QTemporaryDir dir;
    const int threads = 4;
    const int perThread = 60;
    QList<QThread *> workers;
    std::atomic<int> failures { 0 };
    for (int t = 0; t < threads; ++t) {
        workers.append(QThread::create([&, t] {
            OperationLog log(dir.path(), { 4096, 100 }); // one object per thread, like processes
            for (int i = 0; i < perThread; ++i) {
                if (!log.append(entry(u"thread %1 step %2"_s.arg(t).arg(i))))
                    ++failures;
            }
        }));
        workers.last()->start();
    }
    for (QThread *w : workers) {
        QVERIFY(w->wait(60000));
        delete w;
    }
    QCOMPARE(failures.load(), 0);
    int lines = 0;
    for (const QString &file : OperationLog(dir.path(), { 4096, 100 }).existingFiles()) {
        for (const QByteArray &line : readAll(file).split('\n')) {
            if (line.isEmpty())
                continue;
            QVERIFY2(OperationLogFormat::decode(line), line.constData());
            ++lines;
        }
    }
    QCOMPARE(lines, threads * perThread);
}

void TestOperationLog::runWritesStepsWithOneCorrelationId()
{
    QTemporaryDir dir;
    OperationLog log(dir.path());
    OperationRun run(log, u"leave"_s);
    run.started(u"delete device"_s);
    run.failed(u"delete device"_s,
               Error { ErrorDomain::Cloud, 404, u"The device was not found."_s, {}, {} });
    run.rolledBack(u"delete device"_s, u"Nothing to undo."_s);
    const QList<QJsonObject> lines = objects(log.currentFile());
    QCOMPARE(lines.size(), 3);
    QStringList results;
    for (const QJsonObject &o : lines) {
        QCOMPARE(o[u"correlationId"_s].toString(), run.correlationId());
        QCOMPARE(o[u"operation"_s].toString(), u"leave"_s);
        results.append(o[u"result"_s].toString());
    }
    QCOMPARE(results, (QStringList { u"started"_s, u"failed"_s, u"rolled-back"_s }));
    QCOMPARE(lines[1][u"errorCode"_s].toString(), u"404"_s);
    // A second run gets its own id.
    QVERIFY(OperationRun(log, u"leave"_s).correlationId() != run.correlationId());
}

void TestOperationLog::runNeverWritesAnErrorsDetail()
{
    QTemporaryDir dir;
    OperationLog log(dir.path());
    OperationRun run(log, u"prt"_s);
    const Error error { ErrorDomain::Cloud, 50126, u"Could not refresh the PRT."_s,
                        u"Sign in again."_s, u"HTTP 400, trace DETAIL-ONLY-TEXT"_s };
    run.failed(u"refresh"_s, error);
    const QByteArray file = readAll(log.currentFile());
    QVERIFY(file.contains("\"errorCode\":\"AADSTS50126\""));
    QVERIFY(file.contains("Could not refresh the PRT."));
    QVERIFY(!file.contains("DETAIL-ONLY-TEXT"));
    QVERIFY(!file.contains("Sign in again"));
}

void TestOperationLog::unwritableStateDirectoryIsAClearError()
{
    QTemporaryDir dir;
    const QString notADirectory = dir.path() + u"/state"_s;
    QFile file(notADirectory);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    OperationLog log(notADirectory);
    const Status status = log.append(entry(u"discover"_s));
    QVERIFY(!status);
    QCOMPARE(status.error().domain, ErrorDomain::Io);
    QVERIFY2(status.error().message.contains(u"log directory"_s),
             qPrintable(status.error().message));
    // A run keeps going and warns once.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"operation log:.*log directory"_s));
    OperationRun run(log, u"join"_s);
    run.started(u"discover"_s);
    run.succeeded(u"discover"_s);
}

void TestOperationLog::errorCodeText_data()
{
    QTest::addColumn<Error>("error");
    QTest::addColumn<QString>("text");
    QTest::newRow("none") << Error { ErrorDomain::Cloud, 0, {}, {}, {} } << QString();
    QTest::newRow("aadsts") << Error { ErrorDomain::Cloud, 50126, {}, {}, {} } << u"AADSTS50126"_s;
    QTest::newRow("http") << Error { ErrorDomain::Cloud, 401, {}, {}, {} } << u"401"_s;
    QTest::newRow("tpm") << Error { ErrorDomain::Tpm, 0x921, {}, {}, {} } << u"0x921"_s;
    QTest::newRow("hresult") << Error { ErrorDomain::Store, qint64(0x801c03f2), {}, {}, {} }
                             << u"0x801c03f2"_s;
    QTest::newRow("negative hresult")
        << Error { ErrorDomain::Internal, qint64(qint32(0x80070005)), {}, {}, {} }
        << u"0x80070005"_s;
    QTest::newRow("small") << Error { ErrorDomain::Io, 13, {}, {}, {} } << u"13"_s;
}

void TestOperationLog::errorCodeText()
{
    QFETCH(Error, error);
    QFETCH(QString, text);
    QCOMPARE(OpLog::errorCodeText(error), text);
}

QTEST_GUILESS_MAIN(TestOperationLog)
#include "tst_operationlog.moc"
