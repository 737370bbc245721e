// The readers of the cloud's answers (DrsClient::parse*, PrtResponse::fromJson) on their own,
// with the inputs fuzz_cloudresponse found (fuzz/corpus/cloudresponse/crash-*: the first byte
// chose the reader there, the rest is the body).
#include "cloud/drsclient.h"
#include "prt/prtresponse.h"

#include <QDateTime>
#include <QFile>
#include <QTest>

using namespace Entra;
using namespace Qt::Literals::StringLiterals;

namespace {

QByteArray fuzzBody(const QString &name)
{
    QFile file(QStringLiteral(ENTRA_FUZZ_CORPUS_DIR "/cloudresponse/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return file.readAll().mid(1);
}

HttpResponse ok(const QByteArray &body)
{
    return HttpResponse{200, body, {}};
}

} // namespace

class TestCloudAnswers : public QObject
{
    Q_OBJECT

private slots:
    void prtLifetime_data();
    void prtLifetime();
    void deviceCodeTimingIsBounded_data();
    void deviceCodeTimingIsBounded();
    void deviceCodeNeedsBothCodes();
    void discoveryNeedsAnHttpsJoinEndpoint();
};

void TestCloudAnswers::prtLifetime_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("expectedSeconds"); // -1: no expiry known

    QTest::newRow("number") << R"({"refresh_token":"x","refresh_token_expires_in":1209600})"_ba
                            << qint64(1209600);
    QTest::newRow("string") << R"({"refresh_token":"x","refresh_token_expires_in":"1209600"})"_ba
                            << qint64(1209600);
    // UBSan: 1e300 converted to long long (fuzz_cloudresponse).
    QTest::newRow("fuzz crash: 1e300") << fuzzBody(u"crash-prt-lifetime-1e300.json"_s)
                                       << qint64(-1);
    QTest::newRow("negative") << R"({"refresh_token":"x","refresh_token_expires_in":-5})"_ba
                              << qint64(-1);
    QTest::newRow("eleven years")
        << R"({"refresh_token":"x","refresh_token_expires_in":"347155200"})"_ba << qint64(-1);
    QTest::newRow("not a number")
        << R"({"refresh_token":"x","refresh_token_expires_in":"soon"})"_ba << qint64(-1);
}

void TestCloudAnswers::prtLifetime()
{
    QFETCH(QByteArray, body);
    QFETCH(qint64, expectedSeconds);
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const Result<PrtResponse> response = PrtResponse::fromJson(body);
    QVERIFY(response);
    QCOMPARE(response->refreshToken, u"x"_s);
    if (expectedSeconds < 0) {
        QVERIFY(!response->expiresAt.isValid());
    } else {
        const qint64 seconds = before.secsTo(response->expiresAt);
        QVERIFY2(seconds >= expectedSeconds - 5 && seconds <= expectedSeconds,
                 qPrintable(QString::number(seconds)));
    }
}

void TestCloudAnswers::deviceCodeTimingIsBounded_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("interval");
    QTest::addColumn<int>("expiresIn");

    QTest::newRow("v1 strings")
        << R"({"device_code":"d","user_code":"u","interval":"5","expires_in":"900"})"_ba << 5
        << 900;
    QTest::newRow("v2 numbers")
        << R"({"device_code":"d","user_code":"u","interval":7,"expires_in":600})"_ba << 7 << 600;
    QTest::newRow("absent") << R"({"device_code":"d","user_code":"u"})"_ba << 5 << 900;
    // interval 2^31-1 overflowed interval * 1000 in the cloud check's timer; a negative expiry
    // made a deadline in the past (fuzz_cloudresponse).
    QTest::newRow("fuzz crash: huge interval")
        << fuzzBody(u"crash-devicecode-huge-interval.json"_s) << 300 << 0;
    QTest::newRow("zero interval")
        << R"({"device_code":"d","user_code":"u","interval":0,"expires_in":99999999})"_ba << 1
        << 86400;
}

void TestCloudAnswers::deviceCodeTimingIsBounded()
{
    QFETCH(QByteArray, body);
    QFETCH(int, interval);
    QFETCH(int, expiresIn);
    const Result<DeviceCodeChallenge> challenge = DrsClient::parseDeviceCode(ok(body));
    QVERIFY(challenge);
    QCOMPARE(challenge->intervalSeconds, interval);
    QCOMPARE(challenge->expiresInSeconds, expiresIn);
}

void TestCloudAnswers::deviceCodeNeedsBothCodes()
{
    const Result<DeviceCodeChallenge> challenge =
        DrsClient::parseDeviceCode(ok(R"({"device_code":"d","interval":5})"_ba));
    QVERIFY(!challenge);
    QVERIFY2(challenge.error().message.contains(u"device code"_s),
             qPrintable(challenge.error().message));
}

void TestCloudAnswers::discoveryNeedsAnHttpsJoinEndpoint()
{
    const Result<DiscoveryInfo> plain = DrsClient::parseDiscovery(
        ok(R"({"DeviceJoinService":{"JoinEndpoint":"http://drs.example/device"}})"_ba));
    QVERIFY(!plain);
    const Result<DiscoveryInfo> good = DrsClient::parseDiscovery(ok(
        R"({"DeviceJoinService":{"JoinEndpoint":"https://drs.example/device"},
            "AuthenticationService":{"OAuth2":{"TokenEndpoint":"https://login.example/t"}}})"_ba));
    QVERIFY(good);
    QCOMPARE(good->joinEndpoint, QUrl(u"https://drs.example/device"_s));
    QCOMPARE(good->joinServiceVersion, u"2.0"_s);
    QCOMPARE(good->tokenEndpoint, QUrl(u"https://login.example/t"_s));
}

QTEST_GUILESS_MAIN(TestCloudAnswers)
#include "tst_cloudanswers.moc"
