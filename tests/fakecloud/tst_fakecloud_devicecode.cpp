// Device-code sign-in v1 and v2, the token endpoint and its AADSTS errors, over real TLS
// against a fakecloud process (PROTOCOL.md §2, §8.3).

#include "fakecloudinstance.h"
#include "testcrypto.h"
#include "testhttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace FakeCloudTest;
using Entra::Test::FakeCloudInstance;

namespace {

constexpr char Broker[] = "29d9ed98-a469-4536-ade2-f981bc1d605e";
constexpr char DrsResource[] = "urn:ms-drs:enterpriseregistration.windows.net";
constexpr char DrsAppId[] = "01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9";
constexpr char DeviceCodeGrant[] = "urn:ietf:params:oauth:grant-type:device_code";
constexpr char Upn[] = "alice@contoso.onmicrosoft.com";

QString broker()
{
    return QString::fromLatin1(Broker);
}

// §8.3: exactly these keys, the description "AADSTS<code>: ...\r\nTrace ID: ...".
void verifyAadsts(const HttpResult &result, int status, const QString &error, int code)
{
    QCOMPARE(result.status, status);
    const QJsonObject &json = result.json;
    QStringList keys = json.keys();
    keys.removeOne(u"suberror"_s);
    QCOMPARE(
        keys,
        (QStringList { u"correlation_id"_s, u"error"_s, u"error_codes"_s, u"error_description"_s,
                       u"error_uri"_s, u"timestamp"_s, u"trace_id"_s }));
    QCOMPARE(json.value(u"error"_s).toString(), error);
    QCOMPARE(json.value(u"error_codes"_s).toArray(), QJsonArray { code });
    static const QRegularExpression description(
        u"^AADSTS(\\d+): .+\\r\\nTrace ID: ([0-9a-f-]{36})\\r\\nCorrelation ID: ([0-9a-f-]{36})"
        "\\r\\nTimestamp: (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ)$"_s);
    const QRegularExpressionMatch match
        = description.match(json.value(u"error_description"_s).toString());
    QVERIFY2(match.hasMatch(), qPrintable(json.value(u"error_description"_s).toString()));
    QCOMPARE(match.captured(1).toInt(), code);
    QCOMPARE(match.captured(2), json.value(u"trace_id"_s).toString());
    QCOMPARE(match.captured(3), json.value(u"correlation_id"_s).toString());
    QCOMPARE(match.captured(4), json.value(u"timestamp"_s).toString());
    QVERIFY(
        json.value(u"error_uri"_s).toString().endsWith(u"/error?code="_s + QString::number(code)));
}

} // namespace

class TestFakeCloudDeviceCode : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void v1PendingApproveToken_data();
    void v1PendingApproveToken();
    void v2PendingApproveToken();
    void v2ToleratesCodeParameter();
    void declineAndExpiry_data();
    void declineAndExpiry();
    void pollingErrors_data();
    void pollingErrors();
    void slowDownWhenConfigured();
    void requireMfaForJoin();
    void refreshTokenGrant();
    void correlationIdIsTheClientRequestId();
    void autoApprove();
    void mintedTokenCarriesDeviceId();

private:
    QJsonObject startV1(const QString &tenant = u"contoso.onmicrosoft.com"_s,
                        const QList<QPair<QString, QString>> &extra = {});
    HttpResult pollV1(const QString &deviceCode, const QString &clientId = broker());
    QJsonObject jwk(const QByteArray &token);

    FakeCloudInstance m_cloud;
};

void TestFakeCloudDeviceCode::initTestCase()
{
    QVERIFY2(m_cloud.start(), qPrintable(m_cloud.errorString()));
}

void TestFakeCloudDeviceCode::init()
{
    QVERIFY(m_cloud.configure({ { u"requireMfaForJoin"_s, false },
                                { u"slowDown"_s, false },
                                { u"deviceCodeInterval"_s, 1 } }));
}

QJsonObject TestFakeCloudDeviceCode::startV1(const QString &tenant,
                                             const QList<QPair<QString, QString>> &extra)
{
    QList<QPair<QString, QString>> fields { { u"client_id"_s, broker() },
                                            { u"resource"_s, QString::fromLatin1(DrsResource) } };
    fields += extra;
    const HttpResult result
        = postForm(m_cloud.url(u"/%1/oauth2/devicecode?api-version=1.0"_s.arg(tenant)),
                   m_cloud.sslConfiguration(), form(fields));
    return result.status == 200 ? result.json : QJsonObject();
}

HttpResult TestFakeCloudDeviceCode::pollV1(const QString &deviceCode, const QString &clientId)
{
    return postForm(m_cloud.url(u"/%1/oauth2/token"_s.arg(m_cloud.tenantId())),
                    m_cloud.sslConfiguration(),
                    form({ { u"grant_type"_s, QString::fromLatin1(DeviceCodeGrant) },
                           { u"client_id"_s, clientId },
                           { u"resource"_s, QString::fromLatin1(DrsResource) },
                           { u"code"_s, deviceCode } }));
}

QJsonObject TestFakeCloudDeviceCode::jwk(const QByteArray &token)
{
    const HttpResult metadata = get(m_cloud.url(u"/common/.well-known/openid-configuration"_s),
                                    m_cloud.sslConfiguration());
    const HttpResult keys
        = get(QUrl(metadata.json.value(u"jwks_uri"_s).toString()), m_cloud.sslConfiguration());
    const QString kid = jwtHeader(token).value(u"kid"_s).toString();
    for (const QJsonValue &key : keys.json.value(u"keys"_s).toArray()) {
        if (key[u"kid"_s].toString() == kid)
            return key.toObject();
    }
    return {};
}

void TestFakeCloudDeviceCode::v1PendingApproveToken_data()
{
    QTest::addColumn<bool>("mfa");
    QTest::addColumn<QStringList>("amr");
    QTest::newRow("password") << false << QStringList { u"pwd"_s };
    QTest::newRow("with MFA") << true << QStringList { u"pwd"_s, u"mfa"_s };
}

void TestFakeCloudDeviceCode::v1PendingApproveToken()
{
    QFETCH(bool, mfa);
    QFETCH(QStringList, amr);

    const QJsonObject code = startV1();
    QVERIFY(!code.isEmpty());
    // v1 carries numbers as strings and spells verification_url.
    QCOMPARE(code.value(u"expires_in"_s).toString(), u"900"_s);
    QCOMPARE(code.value(u"interval"_s).toString(), u"1"_s);
    QCOMPARE(code.value(u"verification_url"_s).toString(),
             m_cloud.baseUrl().toString() + u"/devicelogin"_s);
    QVERIFY(!code.contains(u"verification_uri"_s));
    const QString userCode = code.value(u"user_code"_s).toString();
    QVERIFY(QRegularExpression(u"^[A-Z0-9]{9}$"_s).match(userCode).hasMatch());
    QVERIFY(code.value(u"message"_s).toString().contains(userCode));
    const QString deviceCode = code.value(u"device_code"_s).toString();

    verifyAadsts(pollV1(deviceCode), 400, u"authorization_pending"_s, 70016);
    verifyAadsts(pollV1(deviceCode), 400, u"authorization_pending"_s, 70016);
    QVERIFY(m_cloud.approveDeviceCode(userCode, QString::fromLatin1(Upn), mfa));

    const HttpResult token = pollV1(deviceCode);
    QCOMPARE(token.status, 200);
    QCOMPARE(token.json.value(u"token_type"_s).toString(), u"Bearer"_s);
    QCOMPARE(token.json.value(u"expires_in"_s).toString(), u"3599"_s);
    QVERIFY(token.json.value(u"expires_on"_s).isString());
    QCOMPARE(token.json.value(u"resource"_s).toString(), QString::fromLatin1(DrsResource));
    QVERIFY(!token.json.value(u"refresh_token"_s).toString().isEmpty());

    const QByteArray accessToken = token.json.value(u"access_token"_s).toString().toLatin1();
    QCOMPARE(jwtHeader(accessToken).value(u"alg"_s).toString(), u"RS256"_s);
    QVERIFY(verifyRs256WithJwk(accessToken, jwk(accessToken)));
    QByteArray tampered = accessToken;
    tampered[tampered.indexOf('.') + 5] = tampered.at(tampered.indexOf('.') + 5) == 'A' ? 'B' : 'A';
    QVERIFY(!verifyRs256WithJwk(tampered, jwk(accessToken)));

    const QJsonObject claims = jwtClaims(accessToken);
    QCOMPARE(claims.value(u"aud"_s).toString(), QString::fromLatin1(DrsResource));
    QCOMPARE(claims.value(u"tid"_s).toString(), m_cloud.tenantId());
    QCOMPARE(claims.value(u"upn"_s).toString(), QString::fromLatin1(Upn));
    QCOMPARE(claims.value(u"iss"_s).toString(),
             u"https://sts.windows.net/%1/"_s.arg(m_cloud.tenantId()));
    QCOMPARE(claims.value(u"appid"_s).toString(), broker());
    QVERIFY(!claims.contains(u"deviceid"_s));
    QStringList tokenAmr;
    for (const QJsonValue &value : claims.value(u"amr"_s).toArray())
        tokenAmr.append(value.toString());
    QCOMPARE(tokenAmr, amr);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QVERIFY(qAbs(qint64(claims.value(u"exp"_s).toDouble()) - (now + 3599)) < 60);
    // oid is the user's stable object id.
    const QJsonArray users = m_cloud.state().value(u"users"_s).toArray();
    QCOMPARE(users.size(), 1);
    QCOMPARE(claims.value(u"oid"_s).toString(), users.first()[u"objectId"_s].toString());

    // A device code is redeemed once.
    verifyAadsts(pollV1(deviceCode), 400, u"bad_verification_code"_s, 70018);
}

void TestFakeCloudDeviceCode::v2PendingApproveToken()
{
    const QString scope
        = u"openid profile offline_access %1/.default"_s.arg(QLatin1StringView(DrsAppId));
    const HttpResult start = postForm(
        m_cloud.url(u"/%1/oauth2/v2.0/devicecode"_s.arg(m_cloud.tenantId())),
        m_cloud.sslConfiguration(), form({ { u"client_id"_s, broker() }, { u"scope"_s, scope } }));
    QCOMPARE(start.status, 200);
    // v2 carries numbers and spells verification_uri.
    QVERIFY(start.json.value(u"expires_in"_s).isDouble());
    QCOMPARE(start.json.value(u"expires_in"_s).toInt(), 900);
    QCOMPARE(start.json.value(u"interval"_s).toInt(), 1);
    QVERIFY(start.json.contains(u"verification_uri"_s));
    QVERIFY(!start.json.contains(u"verification_url"_s));

    auto poll = [&] {
        return postForm(
            m_cloud.url(u"/organizations/oauth2/v2.0/token"_s), m_cloud.sslConfiguration(),
            form({ { u"grant_type"_s, QString::fromLatin1(DeviceCodeGrant) },
                   { u"client_id"_s, broker() },
                   { u"device_code"_s, start.json.value(u"device_code"_s).toString() } }));
    };
    verifyAadsts(poll(), 400, u"authorization_pending"_s, 70016);
    QVERIFY(m_cloud.approveDeviceCode(u"latest"_s, QString::fromLatin1(Upn), true));
    const HttpResult token = poll();
    QCOMPARE(token.status, 200);
    QVERIFY(token.json.value(u"expires_in"_s).isDouble());
    QVERIFY(!token.json.value(u"refresh_token"_s).toString().isEmpty());
    const QByteArray accessToken = token.json.value(u"access_token"_s).toString().toLatin1();
    QVERIFY(verifyRs256WithJwk(accessToken, jwk(accessToken)));
    const QJsonObject claims = jwtClaims(accessToken);
    QCOMPARE(claims.value(u"aud"_s).toString(), QString::fromLatin1(DrsAppId));
    QCOMPARE(claims.value(u"amr"_s).toArray(), (QJsonArray { u"pwd"_s, u"mfa"_s }));
    const QByteArray idToken = token.json.value(u"id_token"_s).toString().toLatin1();
    QVERIFY(verifyRs256WithJwk(idToken, jwk(idToken)));
    QCOMPARE(jwtClaims(idToken).value(u"preferred_username"_s).toString(),
             QString::fromLatin1(Upn));
    QCOMPARE(jwtClaims(idToken).value(u"aud"_s).toString(), broker());
    const QJsonObject clientInfo
        = QJsonDocument::fromJson(
              QByteArray::fromBase64(token.json.value(u"client_info"_s).toString().toLatin1(),
                                     QByteArray::Base64UrlEncoding))
              .object();
    QCOMPARE(clientInfo.value(u"uid"_s).toString(), claims.value(u"oid"_s).toString());
    QCOMPARE(clientInfo.value(u"utid"_s).toString(), m_cloud.tenantId());
}

void TestFakeCloudDeviceCode::v2ToleratesCodeParameter()
{
    const HttpResult start
        = postForm(m_cloud.url(u"/common/oauth2/v2.0/devicecode"_s), m_cloud.sslConfiguration(),
                   form({ { u"client_id"_s, broker() },
                          { u"scope"_s, u"https://graph.microsoft.com/.default"_s } }));
    QCOMPARE(start.status, 200);
    QVERIFY(m_cloud.approveDeviceCode(start.json.value(u"user_code"_s).toString(),
                                      QString::fromLatin1(Upn)));
    const HttpResult token
        = postForm(m_cloud.url(u"/common/oauth2/v2.0/token"_s), m_cloud.sslConfiguration(),
                   form({ { u"grant_type"_s, QString::fromLatin1(DeviceCodeGrant) },
                          { u"client_id"_s, broker() },
                          { u"code"_s, start.json.value(u"device_code"_s).toString() } }));
    QCOMPARE(token.status, 200);
    QCOMPARE(jwtClaims(token.json.value(u"access_token"_s).toString().toLatin1())
                 .value(u"aud"_s)
                 .toString(),
             u"https://graph.microsoft.com"_s);
    QVERIFY(!token.json.contains(u"refresh_token"_s)); // no offline_access asked for
}

void TestFakeCloudDeviceCode::declineAndExpiry_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("code");
    QTest::newRow("declined") << u"decline"_s << u"authorization_declined"_s << 70000;
    QTest::newRow("expired") << u"expire"_s << u"expired_token"_s << 70019;
}

void TestFakeCloudDeviceCode::declineAndExpiry()
{
    QFETCH(QString, action);
    QFETCH(QString, error);
    QFETCH(int, code);
    const QJsonObject start = startV1();
    const QString deviceCode = start.value(u"device_code"_s).toString();
    verifyAadsts(pollV1(deviceCode), 400, u"authorization_pending"_s, 70016);
    QVERIFY(m_cloud
                .admin("POST",
                       u"/devicecodes/%1/%2"_s.arg(start.value(u"user_code"_s).toString(), action))
                .ok());
    verifyAadsts(pollV1(deviceCode), 400, error, code);
    // The code is gone afterwards.
    verifyAadsts(pollV1(deviceCode), 400, u"bad_verification_code"_s, 70018);
}

void TestFakeCloudDeviceCode::pollingErrors_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("code");
    const QString token = u"/common/oauth2/token"_s;
    QTest::newRow("no client_id") << token
                                  << form({ { u"grant_type"_s,
                                              QString::fromLatin1(DeviceCodeGrant) },
                                            { u"code"_s, u"x"_s } })
                                  << 400 << u"invalid_request"_s << 900144;
    QTest::newRow("no code") << token
                             << form({ { u"grant_type"_s, QString::fromLatin1(DeviceCodeGrant) },
                                       { u"client_id"_s, broker() } })
                             << 400 << u"invalid_request"_s << 900144;
    QTest::newRow("unknown code") << token
                                  << form({ { u"grant_type"_s,
                                              QString::fromLatin1(DeviceCodeGrant) },
                                            { u"client_id"_s, broker() },
                                            { u"code"_s, u"DAQABAAEAAADnot-a-code"_s } })
                                  << 400 << u"bad_verification_code"_s << 70018;
    QTest::newRow("unsupported grant")
        << token << form({ { u"grant_type"_s, u"password"_s }, { u"client_id"_s, broker() } })
        << 400 << u"unsupported_grant_type"_s << 70003;
    QTest::newRow("unknown tenant")
        << u"/fabrikam.example/oauth2/token"_s
        << form({ { u"grant_type"_s, QString::fromLatin1(DeviceCodeGrant) } }) << 400
        << u"invalid_request"_s << 90002;
    QTest::newRow("devicecode without resource")
        << u"/common/oauth2/devicecode"_s << form({ { u"client_id"_s, broker() } }) << 400
        << u"invalid_request"_s << 900144;
    QTest::newRow("client id not a GUID")
        << u"/common/oauth2/devicecode"_s
        << form({ { u"client_id"_s, u"my-app"_s },
                  { u"resource"_s, QString::fromLatin1(DrsResource) } })
        << 400 << u"unauthorized_client"_s << 700016;
}

void TestFakeCloudDeviceCode::pollingErrors()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, error);
    QFETCH(int, code);
    verifyAadsts(postForm(m_cloud.url(path), m_cloud.sslConfiguration(), body), status, error,
                 code);
}

void TestFakeCloudDeviceCode::slowDownWhenConfigured()
{
    QVERIFY(m_cloud.configure({ { u"slowDown"_s, true }, { u"deviceCodeInterval"_s, 30 } }));
    const QJsonObject start = startV1();
    const QString deviceCode = start.value(u"device_code"_s).toString();
    verifyAadsts(pollV1(deviceCode), 400, u"authorization_pending"_s, 70016);
    verifyAadsts(pollV1(deviceCode), 400, u"slow_down"_s, 70016);
    // Another client polling the same code is a different client.
    verifyAadsts(pollV1(deviceCode, u"1b730954-1685-4b74-9bfd-dac224a7b894"_s), 400,
                 u"invalid_grant"_s, 70000);
}

void TestFakeCloudDeviceCode::requireMfaForJoin()
{
    QVERIFY(m_cloud.setRequireMfaForJoin(true));
    const QJsonObject withoutMfa = startV1();
    QVERIFY(m_cloud.approveDeviceCode(withoutMfa.value(u"user_code"_s).toString(),
                                      QString::fromLatin1(Upn), false));
    const HttpResult refused = pollV1(withoutMfa.value(u"device_code"_s).toString());
    verifyAadsts(refused, 400, u"invalid_grant"_s, 50076);
    QCOMPARE(refused.json.value(u"suberror"_s).toString(), u"basic_action"_s);

    const QJsonObject withMfa = startV1();
    QVERIFY(m_cloud.approveDeviceCode(withMfa.value(u"user_code"_s).toString(),
                                      QString::fromLatin1(Upn), true));
    QCOMPARE(pollV1(withMfa.value(u"device_code"_s).toString()).status, 200);
}

void TestFakeCloudDeviceCode::refreshTokenGrant()
{
    const QJsonObject start = startV1(u"common"_s, { { u"amr_values"_s, u"ngcmfa"_s } });
    QVERIFY(m_cloud.approveDeviceCode(start.value(u"user_code"_s).toString(),
                                      QString::fromLatin1(Upn), true));
    const HttpResult first = pollV1(start.value(u"device_code"_s).toString());
    QCOMPARE(first.status, 200);
    QCOMPARE(jwtClaims(first.json.value(u"access_token"_s).toString().toLatin1())
                 .value(u"amr"_s)
                 .toArray(),
             (QJsonArray { u"pwd"_s, u"mfa"_s, u"ngcmfa"_s }));

    const HttpResult graph = postForm(
        m_cloud.url(u"/common/oauth2/token"_s), m_cloud.sslConfiguration(),
        form({ { u"grant_type"_s, u"refresh_token"_s },
               { u"client_id"_s, broker() },
               { u"resource"_s, u"https://graph.microsoft.com"_s },
               { u"refresh_token"_s, first.json.value(u"refresh_token"_s).toString() } }));
    QCOMPARE(graph.status, 200);
    const QByteArray accessToken = graph.json.value(u"access_token"_s).toString().toLatin1();
    QVERIFY(verifyRs256WithJwk(accessToken, jwk(accessToken)));
    const QJsonObject claims = jwtClaims(accessToken);
    QCOMPARE(claims.value(u"aud"_s).toString(), u"https://graph.microsoft.com"_s);
    QCOMPARE(claims.value(u"upn"_s).toString(), QString::fromLatin1(Upn));
    QCOMPARE(claims.value(u"amr"_s).toArray().size(), 3);

    verifyAadsts(postForm(m_cloud.url(u"/common/oauth2/token"_s), m_cloud.sslConfiguration(),
                          form({ { u"grant_type"_s, u"refresh_token"_s },
                                 { u"client_id"_s, broker() },
                                 { u"resource"_s, u"https://graph.microsoft.com"_s },
                                 { u"refresh_token"_s, u"0.Anot-a-token"_s } })),
                 400, u"invalid_grant"_s, 9002313);
}

void TestFakeCloudDeviceCode::correlationIdIsTheClientRequestId()
{
    FakeCloudTest::HttpRequest request;
    request.method = "POST";
    request.url = m_cloud.url(u"/common/oauth2/token"_s);
    request.ssl = m_cloud.sslConfiguration();
    request.contentType = "application/x-www-form-urlencoded";
    request.body = form({ { u"grant_type"_s, QString::fromLatin1(DeviceCodeGrant) },
                          { u"client_id"_s, broker() },
                          { u"code"_s, u"unknown"_s } });
    request.headers = { { "client-request-id", "3c6b1c32-1d6b-4f56-9a8e-3b2f1e0d9c8a" },
                        { "return-client-request-id", "true" } };
    const HttpResult result = send(request);
    verifyAadsts(result, 400, u"bad_verification_code"_s, 70018);
    QCOMPARE(result.json.value(u"correlation_id"_s).toString(),
             u"3c6b1c32-1d6b-4f56-9a8e-3b2f1e0d9c8a"_s);
    QCOMPARE(result.header("client-request-id"),
             QByteArray("3c6b1c32-1d6b-4f56-9a8e-3b2f1e0d9c8a"));
}

void TestFakeCloudDeviceCode::autoApprove()
{
    FakeCloudInstance::Options options;
    options.autoApproveUpn = u"carol@contoso.onmicrosoft.com"_s;
    FakeCloudInstance cloud(options);
    QVERIFY2(cloud.start(), qPrintable(cloud.errorString()));
    const HttpResult start
        = postForm(cloud.url(u"/common/oauth2/devicecode"_s), cloud.sslConfiguration(),
                   form({ { u"client_id"_s, broker() },
                          { u"resource"_s, QString::fromLatin1(DrsResource) } }));
    QCOMPARE(start.status, 200);
    const HttpResult token
        = postForm(cloud.url(u"/common/oauth2/token"_s), cloud.sslConfiguration(),
                   form({ { u"grant_type"_s, QString::fromLatin1(DeviceCodeGrant) },
                          { u"client_id"_s, broker() },
                          { u"code"_s, start.json.value(u"device_code"_s).toString() } }));
    QCOMPARE(token.status, 200);
    const QJsonObject claims = jwtClaims(token.json.value(u"access_token"_s).toString().toLatin1());
    QCOMPARE(claims.value(u"upn"_s).toString(), u"carol@contoso.onmicrosoft.com"_s);
    QCOMPARE(claims.value(u"amr"_s).toArray(), QJsonArray { u"pwd"_s });
}

void TestFakeCloudDeviceCode::mintedTokenCarriesDeviceId()
{
    const QString deviceId = u"9d53c6fa-b38e-4509-8fb1-51dedb421aac"_s;
    const QByteArray token
        = m_cloud.mintAccessToken(QString::fromLatin1(Upn), u"drs"_s, 600, true, deviceId)
              .toLatin1();
    QVERIFY(verifyRs256WithJwk(token, jwk(token)));
    const QJsonObject claims = jwtClaims(token);
    QCOMPARE(claims.value(u"deviceid"_s).toString(), deviceId);
    QCOMPARE(claims.value(u"amr"_s).toArray(), (QJsonArray { u"pwd"_s, u"mfa"_s }));
    QCOMPARE(qint64(claims.value(u"exp"_s).toDouble()) - qint64(claims.value(u"iat"_s).toDouble()),
             600);
}

QTEST_GUILESS_MAIN(TestFakeCloudDeviceCode)
#include "tst_fakecloud_devicecode.moc"
