// Injected faults (README.md "Faults"): throttling, 5xx, slow and malformed answers, connections
// closed mid-response; count-based and reproducible. Over real TLS against a fakecloud process.

#include "fakecloudinstance.h"
#include "testcrypto.h"
#include "testhttp.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace FakeCloudTest;
using Entra::Test::FakeCloudInstance;
using Fault = FakeCloudInstance::Fault;

namespace {

constexpr char ContractPath[]
    = "/contoso.onmicrosoft.com/enrollmentserver/contract?api-version=1.0";
constexpr char DeviceCodePath[] = "/common/oauth2/devicecode";

bool isJsonObject(const QByteArray &body)
{
    QJsonParseError error;
    return QJsonDocument::fromJson(body, &error).isObject()
        && error.error == QJsonParseError::NoError;
}

} // namespace

class TestFakeCloudFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void throttleAnswersInTheAreasShape_data();
    void throttleAnswersInTheAreasShape();
    void serverErrors_data();
    void serverErrors();
    void countsAreExactAndRulesQueue();
    void skipLetsRequestsThrough();
    void methodFilter();
    void slowAnswer();
    void slowAnswerOutlastsTheClientTimeout();
    void malformedBodies_data();
    void malformedBodies();
    void malformedJoinIsStillProcessed();
    void connectionClosedMidResponse();
    void connectionDroppedWithoutAnswer();
    void adminHooksAreNeverFaulted();
    void listAndClear();

private:
    HttpResult contract(int timeoutMs = 20000);
    HttpResult deviceCode();
    HttpResult join(EVP_PKEY *deviceKey);

    FakeCloudInstance m_cloud;
    KeyPtr m_transportKey;
};

void TestFakeCloudFaults::initTestCase()
{
    QVERIFY2(m_cloud.start(), qPrintable(m_cloud.errorString()));
    m_transportKey = generateRsa();
}

void TestFakeCloudFaults::init()
{
    QVERIFY(m_cloud.clearFaults());
}

HttpResult TestFakeCloudFaults::contract(int timeoutMs)
{
    FakeCloudTest::HttpRequest request;
    request.url = m_cloud.url(QString::fromLatin1(ContractPath));
    request.ssl = m_cloud.sslConfiguration();
    request.headers = { { "Accept", "application/json" } };
    request.timeoutMs = timeoutMs;
    return send(request);
}

HttpResult TestFakeCloudFaults::deviceCode()
{
    return postForm(
        m_cloud.url(QString::fromLatin1(DeviceCodePath)), m_cloud.sslConfiguration(),
        form({ { u"client_id"_s, u"29d9ed98-a469-4536-ade2-f981bc1d605e"_s },
               { u"resource"_s, u"urn:ms-drs:enterpriseregistration.windows.net"_s } }));
}

HttpResult TestFakeCloudFaults::join(EVP_PKEY *deviceKey)
{
    const QJsonObject body {
        { u"CertificateRequest"_s,
          QJsonObject { { u"Type"_s, u"pkcs10"_s },
                        { u"Data"_s, QString::fromLatin1(makeCsr(deviceKey).toBase64()) } } },
        { u"TransportKey"_s, QString::fromLatin1(rsaPublicBlob(m_transportKey.get()).toBase64()) },
        { u"TargetDomain"_s, u"contoso.onmicrosoft.com"_s },
        { u"DeviceType"_s, u"Linux"_s },
        { u"OSVersion"_s, u"Debian 12"_s },
        { u"DeviceDisplayName"_s, u"faulty"_s },
        { u"JoinType"_s, 0 },
    };
    return postJson(m_cloud.url(u"/EnrollmentServer/device/?api-version=2.0"_s),
                    m_cloud.sslConfiguration(), body,
                    m_cloud.mintAccessToken(u"alice@contoso.onmicrosoft.com"_s).toLatin1());
}

void TestFakeCloudFaults::throttleAnswersInTheAreasShape_data()
{
    QTest::addColumn<QString>("area");
    QTest::newRow("DRS") << u"drs"_s;
    QTest::newRow("STS") << u"sts"_s;
}

void TestFakeCloudFaults::throttleAnswersInTheAreasShape()
{
    QFETCH(QString, area);
    const bool drs = area == u"drs"_s;
    QVERIFY(m_cloud.addFault(
        Fault::throttle(drs ? u"/enrollmentserver/contract"_s : u"/oauth2/devicecode"_s, 1, 7)));
    const HttpResult throttled = drs ? contract() : deviceCode();
    QCOMPARE(throttled.status, 429);
    QCOMPARE(throttled.header("Retry-After"), QByteArray("7"));
    if (drs) {
        QCOMPARE(throttled.json.value(u"ErrorType"_s).toString(), u"DirectoryError"_s);
        QCOMPARE(throttled.json.value(u"Message"_s).toString(),
                 u"Your request is throttled temporarily. Please try after 7 seconds."_s);
        QVERIFY(throttled.json.contains(u"TraceId"_s) && throttled.json.contains(u"Time"_s));
    } else {
        QCOMPARE(throttled.json.value(u"error"_s).toString(), u"temporarily_unavailable"_s);
        QCOMPARE(throttled.json.value(u"error_codes"_s).toArray(), QJsonArray { 90055 });
        QVERIFY(
            throttled.json.value(u"error_description"_s).toString().startsWith(u"AADSTS90055: "_s));
    }
    QCOMPARE((drs ? contract() : deviceCode()).status, 200);
}

void TestFakeCloudFaults::serverErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("area");
    QTest::newRow("500 STS") << 500 << u"sts"_s;
    QTest::newRow("503 STS") << 503 << u"sts"_s;
    QTest::newRow("500 DRS") << 500 << u"drs"_s;
    QTest::newRow("503 Graph") << 503 << u"graph"_s;
}

void TestFakeCloudFaults::serverErrors()
{
    QFETCH(int, status);
    QFETCH(QString, area);
    HttpResult result;
    if (area == u"sts"_s) {
        QVERIFY(m_cloud.addFault(Fault::serverError(u"/oauth2/devicecode"_s, 1, status)));
        result = deviceCode();
        QCOMPARE(result.json.value(u"error_codes"_s).toArray(), QJsonArray { 90033 });
    } else if (area == u"drs"_s) {
        QVERIFY(m_cloud.addFault(Fault::serverError(u"/enrollmentserver/"_s, 1, status)));
        result = contract();
        QCOMPARE(result.json.value(u"ErrorType"_s).toString(), u"DirectoryError"_s);
    } else {
        QVERIFY(m_cloud.addFault(Fault::serverError(u"/v1.0/devices"_s, 1, status)));
        result = get(m_cloud.url(u"/v1.0/devices"_s), m_cloud.sslConfiguration());
        QCOMPARE(result.json[u"error"_s][u"code"_s].toString(), u"serviceNotAvailable"_s);
    }
    QCOMPARE(result.status, status);
}

void TestFakeCloudFaults::countsAreExactAndRulesQueue()
{
    QVERIFY(m_cloud.addFault(Fault::serverError(u"/enrollmentserver/contract"_s, 2, 503)));
    QVERIFY(m_cloud.addFault(Fault::throttle(u"/enrollmentserver/contract"_s, 1, 3)));
    QCOMPARE(contract().status, 503);
    QCOMPARE(contract().status, 503);
    QCOMPARE(contract().status, 429);
    QCOMPARE(contract().status, 200);
    QCOMPARE(contract().status, 200);
    QCOMPARE(m_cloud.admin("GET", u"/faults"_s).json.value(u"faults"_s).toArray().size(), 0);
}

void TestFakeCloudFaults::skipLetsRequestsThrough()
{
    // The third contract request fails; the two before it (and the one after) do not.
    QVERIFY(m_cloud.addFault(
        Fault::serverError(u"/enrollmentserver/contract"_s, 1, 502).afterSkipping(2)));
    QCOMPARE(m_cloud.admin("GET", u"/faults"_s).json[u"faults"_s][0][u"skip"_s].toInt(), 2);
    QCOMPARE(contract().status, 200);
    QCOMPARE(deviceCode().status, 200); // another path does not count
    QCOMPARE(contract().status, 200);
    QCOMPARE(contract().status, 502);
    QCOMPARE(contract().status, 200);
    QVERIFY(!m_cloud.admin("POST", u"/faults"_s, { { u"kind"_s, u"status"_s }, { u"skip"_s, -1 } })
                 .ok());
}

void TestFakeCloudFaults::methodFilter()
{
    QVERIFY(m_cloud.addFault(
        Fault::serverError(u"/EnrollmentServer/device/"_s, 1, 500).onMethod("DELETE")));
    KeyPtr deviceKey = generateRsa();
    QCOMPARE(join(deviceKey.get()).status, 200); // a POST: not affected
    QCOMPARE(m_cloud.admin("GET", u"/faults"_s).json[u"faults"_s][0][u"count"_s].toInt(), 1);
}

void TestFakeCloudFaults::slowAnswer()
{
    QVERIFY(m_cloud.addFault(Fault::slow(u"/enrollmentserver/contract"_s, 1, 1500)));
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(contract().status, 200);
    QVERIFY2(timer.elapsed() >= 1400, qPrintable(QString::number(timer.elapsed())));
    timer.restart();
    QCOMPARE(contract().status, 200);
    QVERIFY2(timer.elapsed() < 1400, qPrintable(QString::number(timer.elapsed())));
}

void TestFakeCloudFaults::slowAnswerOutlastsTheClientTimeout()
{
    QVERIFY(m_cloud.addFault(Fault::slow(u"/enrollmentserver/contract"_s, 1, 3000)));
    const HttpResult result = contract(500);
    QVERIFY2(result.error == QNetworkReply::OperationCanceledError
                 || result.error == QNetworkReply::TimeoutError,
             qPrintable(result.errorString));
    QCOMPARE(result.status, 0);
}

void TestFakeCloudFaults::malformedBodies_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("truncated") << u"truncated"_s << QByteArray("application/json");
    QTest::newRow("html") << u"html"_s << QByteArray("text/html");
    QTest::newRow("wrong-json") << u"wrong-json"_s << QByteArray("application/json");
    QTest::newRow("empty") << u"empty"_s << QByteArray("application/json");
}

void TestFakeCloudFaults::malformedBodies()
{
    QFETCH(QString, mode);
    QFETCH(QByteArray, contentType);
    QVERIFY(m_cloud.addFault(Fault::malformed(u"/enrollmentserver/contract"_s, 1, mode)));
    const HttpResult result = contract();
    QCOMPARE(result.error, QNetworkReply::NoError);
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("Content-Type").startsWith(contentType));
    if (mode == u"wrong-json"_s) {
        QVERIFY(isJsonObject(result.body));
        QVERIFY(!result.json.contains(u"DeviceJoinService"_s));
    } else {
        QVERIFY2(!isJsonObject(result.body), result.body.constData());
    }
    if (mode == u"empty"_s)
        QVERIFY(result.body.isEmpty());
    QVERIFY(isJsonObject(contract().body));
}

void TestFakeCloudFaults::malformedJoinIsStillProcessed()
{
    const qsizetype before = m_cloud.devices().size();
    QVERIFY(m_cloud.addFault(Fault::malformed(u"/EnrollmentServer/device/"_s, 1).onMethod("POST")));
    KeyPtr deviceKey = generateRsa();
    const HttpResult result = join(deviceKey.get());
    QCOMPARE(result.status, 200);
    QVERIFY(!isJsonObject(result.body));
    // The server did the work: the cloud now holds a device the client never learnt about.
    QCOMPARE(m_cloud.devices().size(), before + 1);
}

void TestFakeCloudFaults::connectionClosedMidResponse()
{
    const qsizetype before = m_cloud.devices().size();
    QVERIFY(m_cloud.addFault(Fault::closeMidResponse(u"/EnrollmentServer/device/"_s, 1, 40)));
    KeyPtr deviceKey = generateRsa();
    const HttpResult result = join(deviceKey.get());
    QVERIFY2(result.error != QNetworkReply::NoError, result.body.constData());
    QVERIFY(!isJsonObject(result.body));
    QCOMPARE(m_cloud.devices().size(), before + 1);

    QVERIFY(m_cloud.addFault(Fault::closeMidResponse(u"/enrollmentserver/contract"_s, 1)));
    QVERIFY(contract().error != QNetworkReply::NoError);
    QCOMPARE(contract().status, 200);
}

void TestFakeCloudFaults::connectionDroppedWithoutAnswer()
{
    // Qt's HTTP client (6.4) sends a request again, up to three times, when the connection
    // closes before any answer, even a POST: four drops in a row reach it as an error.
    const auto remaining = [this] {
        const QJsonArray faults = m_cloud.admin("GET", u"/faults"_s).json[u"faults"_s].toArray();
        return faults.isEmpty() ? 0 : faults.first()[u"count"_s].toInt();
    };
    // Dropped before the service saw it: no status, nothing created.
    const qsizetype before = m_cloud.devices().size();
    QVERIFY(m_cloud.addFault(Fault::drop(u"/EnrollmentServer/device/"_s, 4)));
    KeyPtr deviceKey = generateRsa();
    HttpResult result = join(deviceKey.get());
    QCOMPARE(result.error, QNetworkReply::RemoteHostClosedError);
    QCOMPARE(result.status, 0);
    QCOMPARE(remaining(), 0);
    QCOMPARE(m_cloud.devices().size(), before);

    // Dropped after the service acted on it: the client heard nothing, but each attempt
    // created a device.
    QVERIFY(m_cloud.addFault(Fault::drop(u"/EnrollmentServer/device/"_s, 4, true)));
    result = join(deviceKey.get());
    QCOMPARE(result.error, QNetworkReply::RemoteHostClosedError);
    QCOMPARE(result.status, 0);
    QCOMPARE(m_cloud.devices().size(), before + 4);

    // One drop: the client's second attempt gets the answer.
    QVERIFY(m_cloud.addFault(Fault::drop(u"/enrollmentserver/contract"_s, 1)));
    QCOMPARE(contract().status, 200);
    QCOMPARE(remaining(), 0);
    QVERIFY(m_cloud.addFault(Fault::drop(u"/x"_s, 2, true)));
    const QJsonObject rule = m_cloud.admin("GET", u"/faults"_s).json[u"faults"_s][0].toObject();
    QCOMPARE(rule.value(u"kind"_s).toString(), u"drop"_s);
    QCOMPARE(rule.value(u"process"_s).toBool(), true);
}

void TestFakeCloudFaults::adminHooksAreNeverFaulted()
{
    QVERIFY(m_cloud.addFault(Fault::serverError(QString(), 1, 500))); // any path
    QVERIFY(m_cloud.state().contains(u"tenant"_s));
    QCOMPARE(m_cloud.admin("GET", u"/faults"_s).json[u"faults"_s][0][u"count"_s].toInt(), 1);
    QCOMPARE(contract().status, 500);
    QCOMPARE(contract().status, 200);
}

void TestFakeCloudFaults::listAndClear()
{
    QVERIFY(m_cloud.addFault(Fault::throttle(u"/a"_s, 3, 9)));
    QVERIFY(m_cloud.addFault(Fault::slow(u"/b"_s, 2, 250)));
    const QJsonArray faults = m_cloud.admin("GET", u"/faults"_s).json.value(u"faults"_s).toArray();
    QCOMPARE(faults.size(), 2);
    QCOMPARE(faults[0][u"kind"_s].toString(), u"throttle"_s);
    QCOMPARE(faults[0][u"count"_s].toInt(), 3);
    QCOMPARE(faults[0][u"retryAfter"_s].toInt(), 9);
    QCOMPARE(faults[1][u"delayMs"_s].toInt(), 250);
    QVERIFY(!m_cloud.admin("POST", u"/faults"_s, { { u"kind"_s, u"explode"_s } }).ok());
    QVERIFY(m_cloud.clearFaults());
    QCOMPARE(m_cloud.admin("GET", u"/faults"_s).json.value(u"faults"_s).toArray().size(), 0);
}

QTEST_GUILESS_MAIN(TestFakeCloudFaults)
#include "tst_fakecloud_faults.moc"
