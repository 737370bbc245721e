// fakecloud_core's state, settings, fault plan and request routing, in-process (no network).

#include "cloud.h"
#include "faults.h"
#include "state.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace FakeCloud;

class TestFakeCloudState : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void settingsApply_data();
    void settingsApply();
    void stateRoundTrip();
    void prtStateRoundTrip();
    void noncesAreSingleUseAndExpire();
    void unknownStateFormatIsRefused();
    void faultPlanTakesRulesInOrder();
    void faultRuleParsing_data();
    void faultRuleParsing();

    void adminHooksAnswerLoopbackOnly();
    void unknownPathIsA404();
    void everyResponseCarriesARequestId();

private:
    HttpRequest request(const QByteArray &method, const QString &path,
                        const QHostAddress &from = QHostAddress::LocalHost) const;

    std::unique_ptr<Cloud> m_cloud;
};

void TestFakeCloudState::initTestCase()
{
    Options options;
    options.tenantId = u"{8A3F1C2E-5B7D-4E9F-A1C3-2D4E6F8A0B1C}"_s;
    options.fallbackBaseUrl = u"https://127.0.0.1:1"_s;
    auto cloud = Cloud::create(options);
    QVERIFY2(cloud.ok(), qPrintable(cloud.error()));
    m_cloud = std::move(cloud.value());
    QCOMPARE(m_cloud->state().tenant.id, u"8a3f1c2e-5b7d-4e9f-a1c3-2d4e6f8a0b1c"_s);
}

HttpRequest TestFakeCloudState::request(const QByteArray &method, const QString &path,
                                        const QHostAddress &from) const
{
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.remoteAddress = from;
    request.headers = { { "host", "127.0.0.1:4443" } };
    return request;
}

void TestFakeCloudState::settingsApply_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::newRow("valid") << QByteArray(R"({"joinStatus":201,"requireMfaForJoin":true})")
                           << QString();
    QTest::newRow("unknown key") << QByteArray(R"({"joinStatuz":201})") << u"unknown setting"_s;
    QTest::newRow("status 202") << QByteArray(R"({"joinStatus":202})") << u"joinStatus"_s;
    QTest::newRow("bool as string") << QByteArray(R"({"slowDown":"true"})") << u"slowDown"_s;
    QTest::newRow("fractional") << QByteArray(R"({"deviceCodeInterval":1.5})")
                                << u"deviceCodeInterval"_s;
    QTest::newRow("service name") << QByteArray(R"({"discoveryServiceName":"Foo"})")
                                  << u"discoveryServiceName"_s;
    QTest::newRow("PRT settings") << QByteArray(
        R"({"joinStatus":201,"requireMfaForJoin":true,"nonceLifetime":30,"prtLifetime":7200,)"
        R"("sessionResponseCipher":"gcm",)"
        R"("unknownNgcKeyError":135010,"kppErrorWrapped":true})")
                                  << QString();
    QTest::newRow("cipher") << QByteArray(R"({"sessionResponseCipher":"A256GCM"})")
                            << u"sessionResponseCipher"_s;
    QTest::newRow("NGC error") << QByteArray(R"({"unknownNgcKeyError":130005})")
                               << u"unknownNgcKeyError"_s;
}

void TestFakeCloudState::settingsApply()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    Settings settings;
    const QString result = settings.apply(QJsonDocument::fromJson(json).object());
    if (error.isEmpty()) {
        QCOMPARE(result, QString());
        QCOMPARE(settings.joinStatus, 201);
        QVERIFY(settings.requireMfaForJoin);
        const QJsonObject given = QJsonDocument::fromJson(json).object();
        for (auto it = given.begin(); it != given.end(); ++it)
            QCOMPARE(settings.toJson().value(it.key()), it.value());
    } else {
        QVERIFY2(result.contains(error), qPrintable(result));
        QCOMPARE(settings.toJson(), Settings().toJson()); // nothing half-applied
    }
}

void TestFakeCloudState::stateRoundTrip()
{
    CloudState state;
    state.tenant = { u"8a3f1c2e-5b7d-4e9f-a1c3-2d4e6f8a0b1c"_s, u"contoso.onmicrosoft.com"_s,
                     u"Contoso"_s, u"EU"_s };
    state.user(u"Alice@Contoso.onmicrosoft.com"_s);
    Device device;
    device.deviceId = u"9d53c6fa-b38e-4509-8fb1-51dedb421aac"_s;
    device.joinType = 4;
    device.accountEnabled = false;
    device.certificateDer = QByteArray::fromHex("3082");
    device.transportKey = "RSA1";
    device.attributes = { { u"ReuseDevice"_s, u"true"_s } };
    device.registered = QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC);
    state.devices.insert(device.deviceId, device);
    DeviceCode code;
    code.deviceCode = u"DAQ"_s;
    code.userCode = u"ABCDEFGHJ"_s;
    code.status = DeviceCode::Status::Declined;
    code.expires = device.registered;
    state.deviceCodes.insert(code.deviceCode, code);
    state.settings.joinStatus = 201;

    const auto copy = CloudState::fromJson(state.toJson());
    QVERIFY2(copy.ok(), qPrintable(copy.error()));
    QCOMPARE(copy->toJson(), state.toJson());
    QCOMPARE(copy->devices.first().trustType(), u"Workplace"_s);
    QCOMPARE(copy->devices.first().registered, device.registered);
    QCOMPARE(copy->users.first().upn, u"Alice@Contoso.onmicrosoft.com"_s);
    QVERIFY(copy->users.contains(u"alice@contoso.onmicrosoft.com"_s));
    QCOMPARE(copy->deviceCodes.first().status, DeviceCode::Status::Declined);
}

void TestFakeCloudState::prtStateRoundTrip()
{
    CloudState state;
    state.tenant = { u"8a3f1c2e-5b7d-4e9f-a1c3-2d4e6f8a0b1c"_s, u"contoso.onmicrosoft.com"_s,
                     u"Contoso"_s, u"NA"_s };
    state.user(u"alice@contoso.onmicrosoft.com"_s);
    User &alice = *state.findUser(u"ALICE@contoso.onmicrosoft.com"_s);
    alice.setPassword(u"pässword"_s);
    KeyCredential key;
    key.kid = u"5f1c9a53-0b7e-4f7a-9d61-3b2a8c4e7d10"_s;
    key.keyIdentifier = u"kid+/="_s;
    key.keyMaterial = "RSA1blob";
    key.deviceId = u"9d53c6fa-b38e-4509-8fb1-51dedb421aac"_s;
    key.created = QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC);
    alice.keyCredentials.append(key);
    PrimaryRefreshToken prt;
    prt.token = u"0.Aprt"_s;
    prt.upn = alice.upn;
    prt.deviceId = key.deviceId;
    prt.amr = QStringList { u"rsa"_s, u"ngcmfa"_s, u"mfa"_s };
    prt.sessionKey = QByteArray(32, 's');
    prt.expires = key.created.addDays(14);
    state.prts.insert(prt.token, prt);
    const QString nonce = state.issueNonce(key.created);
    state.settings.sessionResponseCipher = u"gcm"_s;
    state.settings.prtLifetime = 3600;

    const auto copy = CloudState::fromJson(state.toJson());
    QVERIFY2(copy.ok(), qPrintable(copy.error()));
    QCOMPARE(copy->toJson(), state.toJson());
    const User &restored = copy->users.first();
    QVERIFY(restored.passwordMatches(u"pässword"_s));
    QVERIFY(!restored.passwordMatches(u"password"_s));
    QVERIFY(!state.toJson().value(u"users"_s).toArray().first().toObject().contains(u"password"_s));
    QCOMPARE(restored.keyByIdentifier(u"kid+/="_s)->keyMaterial, QByteArray("RSA1blob"));
    QCOMPARE(copy->prts.first().sessionKey, prt.sessionKey);
    QCOMPARE(copy->prts.first().amr, prt.amr);
    QCOMPARE(copy->nonces.value(nonce), key.created.addSecs(600));
    QCOMPARE(copy->settings.sessionResponseCipher, u"gcm"_s);
}

void TestFakeCloudState::noncesAreSingleUseAndExpire()
{
    CloudState state;
    state.settings.nonceLifetime = 60;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString first = state.issueNonce(now);
    const QString second = state.issueNonce(now);
    QVERIFY(first != second);
    QCOMPARE(state.spendNonce(first, now.addSecs(59)), CloudState::NonceCheck::Valid);
    QCOMPARE(state.spendNonce(first, now.addSecs(59)), CloudState::NonceCheck::Unknown);
    QCOMPARE(state.spendNonce(second, now.addSecs(60)), CloudState::NonceCheck::Expired);
    QCOMPARE(state.spendNonce(u"made-up"_s, now), CloudState::NonceCheck::Unknown);
    state.issueNonce(now);
    state.issueNonce(now.addSecs(120)); // issuing purges the expired ones
    QCOMPARE(state.nonces.size(), 1);
}

void TestFakeCloudState::unknownStateFormatIsRefused()
{
    QVERIFY(!CloudState::fromJson(QJsonObject { { u"format"_s, 2 } }).ok());
    QVERIFY(!CloudState::fromJson(QJsonObject { { u"format"_s, 1 } }).ok()); // no tenant
}

void TestFakeCloudState::faultPlanTakesRulesInOrder()
{
    FaultPlan plan;
    FaultRule throttle;
    throttle.kind = FaultKind::Throttle;
    throttle.path = u"/oauth2/"_s;
    throttle.remaining = 2;
    FaultRule delay;
    delay.kind = FaultKind::Delay;
    delay.delayMs = 100;
    delay.remaining = 3;
    FaultRule status;
    status.kind = FaultKind::Status;
    status.status = 503;
    status.path = u"/OAUTH2/token"_s;
    plan.add(throttle);
    plan.add(delay);
    plan.add(status);

    auto take = [&](const QString &path) {
        return plan.take("POST", path);
    };
    FaultPlan::Applied applied = take(u"/common/oauth2/token"_s);
    QCOMPARE(applied.rule->kind, FaultKind::Throttle);
    QCOMPARE(applied.delayMs, 100);
    applied = take(u"/common/oauth2/devicecode"_s);
    QCOMPARE(applied.rule->kind, FaultKind::Throttle);
    applied = take(u"/common/oauth2/token"_s);
    QCOMPARE(applied.rule->kind, FaultKind::Status);
    QCOMPARE(applied.delayMs, 100);
    applied = take(u"/common/oauth2/token"_s);
    QVERIFY(!applied.rule);
    QCOMPARE(applied.delayMs, 0);
    QCOMPARE(plan.toJson().size(), 0);
}

void TestFakeCloudState::faultRuleParsing_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("valid");
    QTest::newRow("throttle") << QByteArray(R"({"kind":"throttle","count":2,"retryAfter":7})")
                              << true;
    QTest::newRow("close") << QByteArray(R"({"kind":"close","bytes":10})") << true;
    QTest::newRow("unknown kind") << QByteArray(R"({"kind":"explode"})") << false;
    QTest::newRow("count 0") << QByteArray(R"({"kind":"status","count":0})") << false;
    QTest::newRow("status 200") << QByteArray(R"({"kind":"status","status":200})") << false;
    QTest::newRow("delay missing") << QByteArray(R"({"kind":"delay"})") << false;
    QTest::newRow("mode") << QByteArray(R"({"kind":"malformed","mode":"xml"})") << false;
}

void TestFakeCloudState::faultRuleParsing()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, valid);
    QCOMPARE(FaultRule::fromJson(QJsonDocument::fromJson(json).object()).ok(), valid);
}

void TestFakeCloudState::adminHooksAnswerLoopbackOnly()
{
    const Delivery local = m_cloud->handle(request("GET", u"/_fakecloud/state"_s));
    QCOMPARE(local.response.status, 200);
    const Delivery remote
        = m_cloud->handle(request("GET", u"/_fakecloud/state"_s, QHostAddress(u"192.0.2.10"_s)));
    QCOMPARE(remote.response.status, 403);
    QVERIFY(!remote.response.body.contains("tenant"));
}

void TestFakeCloudState::unknownPathIsA404()
{
    const Delivery delivery = m_cloud->handle(request("GET", u"/nowhere/at/all"_s));
    QCOMPARE(delivery.response.status, 404);
    QCOMPARE(delivery.delayMs, 0);
    QCOMPARE(delivery.closeAfterBodyBytes, -1);
}

void TestFakeCloudState::everyResponseCarriesARequestId()
{
    const Delivery delivery = m_cloud->handle(request("GET", u"/common/discovery/keys"_s));
    QCOMPARE(delivery.response.status, 200);
    QVERIFY(
        !QUuid::fromString(QString::fromLatin1(delivery.response.header("request-id"))).isNull());
    QCOMPARE(delivery.response.header("request-id"), delivery.response.header("x-ms-request-id"));
}

QTEST_GUILESS_MAIN(TestFakeCloudState)
#include "tst_fakecloud_state.moc"
