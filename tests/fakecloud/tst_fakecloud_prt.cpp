// The PRT and Windows Hello flows of fakecloud over real TLS (PROTOCOL.md §5, §6, §8.2, §8.3):
// srv_challenge nonces, PRT acquisition signed by the device key (refresh_token, password and
// Hello assertion grants), session-key-signed renewal and access tokens, and MS-KPP key
// registration. The client side is testcrypto/testhttp, written independently of fakecloud.

#include "fakecloudinstance.h"
#include "testcrypto.h"
#include "testhttp.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

using namespace Qt::Literals::StringLiterals;
using namespace FakeCloudTest;
using Entra::Test::FakeCloudInstance;

namespace {

constexpr char Upn[] = "alice@contoso.onmicrosoft.com";
constexpr char Broker[] = "29d9ed98-a469-4536-ade2-f981bc1d605e";
constexpr char WindowsClient[] = "38aa3b87-a06d-4817-b275-7a316988d93b";
constexpr char DrsResource[] = "urn:ms-drs:enterpriseregistration.windows.net";
constexpr char JwtBearer[] = "urn:ietf:params:oauth:grant-type:jwt-bearer";
constexpr char KeyPath[] = "/EnrollmentServer/key/?api-version=1.0";

struct JoinedDevice
{
    KeyPtr deviceKey;
    KeyPtr transportKey;
    QByteArray certificateDer;
    QString id;
};

struct Prt
{
    QString token;
    QByteArray sessionKey;
    HttpResult result;
};

QString upn()
{
    return QString::fromLatin1(Upn);
}

QByteArray compact(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

int aadstsCode(const HttpResult &result)
{
    return result.json.value(u"error_codes"_s).toArray().first().toInt();
}

// The §8.3 shape, the status, the error and the AADSTS code.
void verifyAadsts(const HttpResult &result, const QString &error, int code)
{
    QCOMPARE(result.status, 400);
    QVERIFY2(result.header("content-type").startsWith("application/json"), result.body.constData());
    QCOMPARE(result.json.value(u"error"_s).toString(), error);
    QCOMPARE(aadstsCode(result), code);
    QVERIFY(
        result.json.value(u"error_description"_s).toString().startsWith(u"AADSTS%1: "_s.arg(code)));
}

QJsonObject prtPayload(const QString &grantType, const QString &nonce,
                       const QString &clientId = QString::fromLatin1(Broker))
{
    return { { u"client_id"_s, clientId },          { u"request_nonce"_s, nonce },
             { u"scope"_s, u"openid aza ugs"_s },   { u"grant_type"_s, grantType },
             { u"win_ver"_s, u"10.0.19041.868"_s }, { u"group_sids"_s, QJsonArray() } };
}

} // namespace

class TestFakeCloudPrt : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void srvChallengeNonces();
    void prtFromBrokerRefreshToken_data();
    void prtFromBrokerRefreshToken();
    void prtRefusals_data();
    void prtRefusals();
    void deletedOrDisabledDevice();
    void passwordGrant();
    void nonceAndPrtLifetimeSettings();

    void sessionRenewal_data();
    void sessionRenewal();
    void sessionAccessTokenAndRefreshToken();
    void sessionRefusals_data();
    void sessionRefusals();

    void helloProvisioningAndSignIn();
    void helloAssertionRefusals_data();
    void helloAssertionRefusals();
    void helloKeyOfAnotherDevice();
    void kppRefusals_data();
    void kppRefusals();
    void kppDeleteAndRevoke();

private:
    JoinedDevice join();
    QString brokerRefreshToken(bool mfa, const QString &clientId = QString::fromLatin1(Broker));
    QString nonce();
    QByteArray deviceSigned(const JoinedDevice &device, const QJsonObject &payload,
                            bool x5cArray = true, EVP_PKEY *signer = nullptr);
    HttpResult postRequest(const QByteArray &jwt, const QString &apiVersion = u"2.0"_s);
    Prt acquire(const JoinedDevice &device, const QJsonObject &payload);
    Prt acquireWithRefreshToken(const JoinedDevice &device, bool mfa);
    QByteArray sessionSigned(const QByteArray &sessionKey, const QJsonObject &payload,
                             bool kdfV2 = true,
                             const QJsonValue &kdfVersion = QJsonValue::Undefined);
    QJsonObject renewalPayload(const QString &prt, const QString &nonce) const;
    // The session-key answer, decrypted (empty on failure).
    QJsonObject decrypted(const HttpResult &result, const QByteArray &sessionKey);
    QByteArray helloAssertion(EVP_PKEY *ngcKey, const QByteArray &blob, const QJsonObject &claims,
                              const QString &use = u"ngc"_s);
    HttpResult registerKey(const QByteArray &bearer, const QByteArray &blob,
                           const QList<QPair<QByteArray, QByteArray>> &headers,
                           const QString &path = QString::fromLatin1(KeyPath));
    QByteArray ngcToken(const JoinedDevice &device, const QStringList &amr);
    // A PRT request of device with the smallest valid Hello assertion (iss, request_nonce).
    HttpResult helloSignIn(const JoinedDevice &device, EVP_PKEY *ngcKey, const QByteArray &blob);

    FakeCloudInstance m_cloud;
    QByteArray m_joinToken;
};

void TestFakeCloudPrt::initTestCase()
{
    QVERIFY2(m_cloud.start(), qPrintable(m_cloud.errorString()));
    m_joinToken = m_cloud.mintAccessToken(upn(), u"drs"_s, 3599, true).toLatin1();
    QVERIFY(!m_joinToken.isEmpty());
}

void TestFakeCloudPrt::init()
{
    QVERIFY(m_cloud.configure({ { u"requireMfaForJoin"_s, false },
                                { u"nonceLifetime"_s, 600 },
                                { u"prtLifetime"_s, 1209600 },
                                { u"sessionResponseCipher"_s, u"cbc"_s },
                                { u"unknownNgcKeyError"_s, 130004 },
                                { u"kppErrorWrapped"_s, false } }));
}

JoinedDevice TestFakeCloudPrt::join()
{
    JoinedDevice device;
    device.deviceKey = generateRsa();
    device.transportKey = generateRsa();
    const QJsonObject body {
        { u"CertificateRequest"_s,
          QJsonObject {
              { u"Type"_s, u"pkcs10"_s },
              { u"Data"_s, QString::fromLatin1(makeCsr(device.deviceKey.get()).toBase64()) } } },
        { u"TransportKey"_s,
          QString::fromLatin1(rsaPublicBlob(device.transportKey.get()).toBase64()) },
        { u"TargetDomain"_s, u"contoso.onmicrosoft.com"_s },
        { u"DeviceType"_s, u"Linux"_s },
        { u"OSVersion"_s, u"Debian GNU/Linux 12"_s },
        { u"DeviceDisplayName"_s, u"prt-test"_s },
        { u"JoinType"_s, 0 },
    };
    const HttpResult result = postJson(m_cloud.url(u"/EnrollmentServer/device/?api-version=2.0"_s),
                                       m_cloud.sslConfiguration(), body, m_joinToken);
    device.certificateDer
        = QByteArray::fromBase64(result.json[u"Certificate"_s][u"RawBody"_s].toString().toLatin1());
    if (const CertificatePtr certificate = certificateFromDer(device.certificateDer))
        device.id = subjectCommonName(certificate.get());
    return device;
}

QString TestFakeCloudPrt::brokerRefreshToken(bool mfa, const QString &clientId)
{
    const HttpResult code
        = postForm(m_cloud.url(u"/common/oauth2/devicecode"_s), m_cloud.sslConfiguration(),
                   form({ { u"client_id"_s, clientId },
                          { u"resource"_s, QString::fromLatin1(DrsResource) } }));
    const QString userCode = code.json.value(u"user_code"_s).toString();
    if (!m_cloud.approveDeviceCode(userCode, upn(), mfa))
        return {};
    const HttpResult token
        = postForm(m_cloud.url(u"/common/oauth2/token"_s), m_cloud.sslConfiguration(),
                   form({ { u"grant_type"_s, u"urn:ietf:params:oauth:grant-type:device_code"_s },
                          { u"client_id"_s, clientId },
                          { u"code"_s, code.json.value(u"device_code"_s).toString() } }));
    return token.json.value(u"refresh_token"_s).toString();
}

QString TestFakeCloudPrt::nonce()
{
    const HttpResult result
        = postForm(m_cloud.url(u"/common/oauth2/token"_s), m_cloud.sslConfiguration(),
                   form({ { u"grant_type"_s, u"srv_challenge"_s } }));
    return result.json.value(u"Nonce"_s).toString();
}

QByteArray TestFakeCloudPrt::deviceSigned(const JoinedDevice &device, const QJsonObject &payload,
                                          bool x5cArray, EVP_PKEY *signer)
{
    const QString certificate = QString::fromLatin1(device.certificateDer.toBase64());
    const QJsonObject header {
        { u"alg"_s, u"RS256"_s },
        { u"typ"_s, u"JWT"_s },
        { u"x5c"_s, x5cArray ? QJsonValue(QJsonArray { certificate }) : QJsonValue(certificate) },
    };
    return signRs256(signer ? signer : device.deviceKey.get(), compact(header), compact(payload));
}

HttpResult TestFakeCloudPrt::postRequest(const QByteArray &jwt, const QString &apiVersion)
{
    QList<QPair<QString, QString>> fields { { u"grant_type"_s, QString::fromLatin1(JwtBearer) },
                                            { u"request"_s, QString::fromLatin1(jwt) },
                                            { u"client_info"_s, u"1"_s } };
    if (!apiVersion.isEmpty())
        fields.prepend({ u"windows_api_version"_s, apiVersion });
    return postForm(m_cloud.url(u"/%1/oauth2/token"_s.arg(m_cloud.tenantId())),
                    m_cloud.sslConfiguration(), form(fields));
}

Prt TestFakeCloudPrt::acquire(const JoinedDevice &device, const QJsonObject &payload)
{
    Prt prt;
    prt.result = postRequest(deviceSigned(device, payload));
    prt.token = prt.result.json.value(u"refresh_token"_s).toString();
    prt.sessionKey
        = sessionKeyFromJwe(device.transportKey.get(),
                            prt.result.json.value(u"session_key_jwe"_s).toString().toLatin1());
    return prt;
}

Prt TestFakeCloudPrt::acquireWithRefreshToken(const JoinedDevice &device, bool mfa)
{
    QJsonObject payload = prtPayload(u"refresh_token"_s, nonce());
    payload.insert(u"refresh_token"_s, brokerRefreshToken(mfa));
    return acquire(device, payload);
}

QByteArray TestFakeCloudPrt::sessionSigned(const QByteArray &sessionKey, const QJsonObject &payload,
                                           bool kdfV2, const QJsonValue &kdfVersion)
{
    const QByteArray ctx = QByteArray::fromHex("a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718");
    QJsonObject header { { u"alg"_s, u"HS256"_s },
                         { u"typ"_s, u"JWT"_s },
                         { u"ctx"_s, QString::fromLatin1(ctx.toBase64()) } };
    const QByteArray payloadBytes = compact(payload); // serialized once: KDF v2 hashes it
    if (!kdfVersion.isUndefined())
        header.insert(u"kdf_ver"_s, kdfVersion);
    else if (kdfV2)
        header.insert(u"kdf_ver"_s, 2);
    const QByteArray context = kdfV2 ? sha256(ctx + payloadBytes) : ctx;
    return signHs256(deriveSessionKey(sessionKey, context), compact(header), payloadBytes);
}

QJsonObject TestFakeCloudPrt::renewalPayload(const QString &prt, const QString &nonce) const
{
    return { { u"client_id"_s, QString::fromLatin1(WindowsClient) },
             { u"request_nonce"_s, nonce },
             { u"scope"_s, u"openid aza ugs"_s },
             { u"iss"_s, u"aad:brokerplugin"_s },
             { u"grant_type"_s, u"refresh_token"_s },
             { u"refresh_token"_s, prt },
             { u"previous_refresh_token"_s, prt },
             { u"aud"_s, u"login.microsoftonline.com"_s },
             { u"win_ver"_s, u"10.0.19041.868"_s },
             { u"group_sids"_s, QJsonArray() } };
}

QJsonObject TestFakeCloudPrt::decrypted(const HttpResult &result, const QByteArray &sessionKey)
{
    if (result.status != 200 || result.body.startsWith("{"))
        return {};
    const auto plain = decryptSessionResponse(sessionKey, result.body);
    return plain ? QJsonDocument::fromJson(*plain).object() : QJsonObject();
}

QByteArray TestFakeCloudPrt::helloAssertion(EVP_PKEY *ngcKey, const QByteArray &blob,
                                            const QJsonObject &claims, const QString &use)
{
    const QJsonObject header { { u"alg"_s, u"RS256"_s },
                               { u"typ"_s, u"JWT"_s },
                               { u"kid"_s, QString::fromLatin1(sha256(blob).toBase64()) },
                               { u"use"_s, use } };
    return signRs256(ngcKey, compact(header), compact(claims));
}

HttpResult TestFakeCloudPrt::registerKey(const QByteArray &bearer, const QByteArray &blob,
                                         const QList<QPair<QByteArray, QByteArray>> &headers,
                                         const QString &path)
{
    FakeCloudTest::HttpRequest request;
    request.method = "POST";
    request.url = m_cloud.url(path);
    request.ssl = m_cloud.sslConfiguration();
    request.contentType = "application/json";
    request.body = compact({ { u"kngc"_s, QString::fromLatin1(blob.toBase64()) } });
    request.headers = headers;
    if (!bearer.isEmpty())
        request.headers.append({ "Authorization", "Bearer " + bearer });
    return send(request);
}

QByteArray TestFakeCloudPrt::ngcToken(const JoinedDevice &device, const QStringList &amr)
{
    const auto reply = m_cloud.admin("POST", u"/tokens"_s,
                                     { { u"upn"_s, upn() },
                                       { u"audience"_s, u"drs"_s },
                                       { u"amr"_s, QJsonArray::fromStringList(amr) },
                                       { u"deviceId"_s, device.id } });
    return reply.json.value(u"access_token"_s).toString().toLatin1();
}

HttpResult TestFakeCloudPrt::helloSignIn(const JoinedDevice &device, EVP_PKEY *ngcKey,
                                         const QByteArray &blob)
{
    const QString outer = nonce();
    QJsonObject request
        = prtPayload(QString::fromLatin1(JwtBearer), outer, QString::fromLatin1(WindowsClient));
    const QJsonObject claims { { u"iss"_s, upn() }, { u"request_nonce"_s, outer } };
    request.insert(u"assertion"_s, QString::fromLatin1(helloAssertion(ngcKey, blob, claims)));
    return acquire(device, request).result;
}

// --- nonces and PRT acquisition --------------------------------------------------------------

void TestFakeCloudPrt::srvChallengeNonces()
{
    for (const QString &tenant : { u"common"_s, m_cloud.tenantId() }) {
        const HttpResult result
            = postForm(m_cloud.url(u"/%1/oauth2/token"_s.arg(tenant)), m_cloud.sslConfiguration(),
                       form({ { u"grant_type"_s, u"srv_challenge"_s } }));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json.keys(), QStringList { u"Nonce"_s });
        QVERIFY(result.json.value(u"Nonce"_s).toString().size() >= 32);
    }
    QVERIFY(nonce() != nonce());
}

void TestFakeCloudPrt::prtFromBrokerRefreshToken_data()
{
    QTest::addColumn<bool>("x5cArray");
    QTest::addColumn<QString>("apiVersion");
    QTest::addColumn<bool>("mfa");
    QTest::newRow("x5c array, 2.0") << true << u"2.0"_s << false;
    QTest::newRow("x5c string, 2.2, mfa") << false << u"2.2"_s << true;
}

void TestFakeCloudPrt::prtFromBrokerRefreshToken()
{
    QFETCH(bool, x5cArray);
    QFETCH(QString, apiVersion);
    QFETCH(bool, mfa);
    const JoinedDevice device = join();
    QVERIFY(!device.id.isEmpty());
    QJsonObject payload = prtPayload(u"refresh_token"_s, nonce());
    payload.insert(u"refresh_token"_s, brokerRefreshToken(mfa));
    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const HttpResult result = postRequest(deviceSigned(device, payload, x5cArray), apiVersion);
    QVERIFY2(result.status == 200, result.body.constData());

    // Exactly the §6.2 fields, strings where Entra sends strings.
    const QJsonObject &json = result.json;
    QCOMPARE(
        json.keys(),
        (QStringList { u"client_info"_s, u"device_tenant_id"_s, u"expires_in"_s, u"expires_on"_s,
                       u"ext_expires_in"_s, u"id_token"_s, u"refresh_token"_s,
                       u"refresh_token_expires_in"_s, u"session_key_jwe"_s, u"token_type"_s }));
    QCOMPARE(json.value(u"token_type"_s).toString(), u"pop"_s);
    QCOMPARE(json.value(u"expires_in"_s).toString(), u"1209600"_s);
    QCOMPARE(json.value(u"ext_expires_in"_s).toString(), u"0"_s);
    QVERIFY(json.value(u"refresh_token_expires_in"_s).isDouble());
    QCOMPARE(json.value(u"refresh_token_expires_in"_s).toInt(), 1209600);
    const qint64 expiresOn = json.value(u"expires_on"_s).toString().toLongLong();
    QVERIFY(expiresOn >= before + 1209600 && expiresOn <= before + 1209600 + 60);
    QCOMPARE(json.value(u"device_tenant_id"_s).toString(), m_cloud.tenantId());

    // session_key_jwe: RSA-OAEP-SHA1 to the transport key, 12-byte IV, 1 byte, 16-byte tag.
    const QByteArray jwe = json.value(u"session_key_jwe"_s).toString().toLatin1();
    const CompactJwe parts = splitJwe(jwe);
    QCOMPARE(parts.headerBytes, QByteArray(R"({"enc":"A256GCM","alg":"RSA-OAEP"})"));
    QCOMPARE(parts.encryptedKey.size(), 256);
    QCOMPARE(parts.iv.size(), 12);
    QCOMPARE(parts.ciphertext.size(), 1);
    QCOMPARE(parts.tag.size(), 16);
    const QByteArray sessionKey = sessionKeyFromJwe(device.transportKey.get(), jwe);
    QCOMPARE(sessionKey.size(), 32);
    QVERIFY(aes256GcmDecrypt(sessionKey, parts.iv, parts.ciphertext, parts.tag, {}));
    QVERIFY(sessionKeyFromJwe(device.deviceKey.get(), jwe).isEmpty()); // not the device key

    // id_token alg none; client_info names the user in this tenant.
    const QByteArray idToken = json.value(u"id_token"_s).toString().toLatin1();
    QCOMPARE(jwtHeader(idToken), (QJsonObject { { u"typ"_s, u"JWT"_s }, { u"alg"_s, u"none"_s } }));
    QVERIFY(idToken.endsWith('.'));
    const QJsonObject claims = jwtClaims(idToken);
    QCOMPARE(claims.value(u"upn"_s).toString(), upn());
    QCOMPARE(claims.value(u"aud"_s).toString(), QString::fromLatin1(Broker));
    QCOMPARE(claims.value(u"tid"_s).toString(), m_cloud.tenantId());
    const QStringList amr = claims.value(u"amr"_s).toVariant().toStringList();
    QVERIFY(amr.contains(u"rsa"_s));
    QCOMPARE(amr.contains(u"mfa"_s), mfa);
    const QJsonObject clientInfo
        = QJsonDocument::fromJson(fromBase64Url(json.value(u"client_info"_s).toString().toLatin1()))
              .object();
    QCOMPARE(clientInfo.value(u"uid"_s).toString(), claims.value(u"oid"_s).toString());
    QCOMPARE(clientInfo.value(u"utid"_s).toString(), m_cloud.tenantId());

    // The PRT is stored with its device, user and session key.
    const auto prts = m_cloud.admin("GET", u"/prts"_s).json.value(u"prts"_s).toArray();
    bool found = false;
    for (const QJsonValue &prt : prts) {
        if (prt[u"token"_s].toString() != json.value(u"refresh_token"_s).toString())
            continue;
        found = true;
        QCOMPARE(prt[u"deviceId"_s].toString(), device.id);
        QCOMPARE(prt[u"upn"_s].toString(), upn());
        QCOMPARE(QByteArray::fromBase64(prt[u"sessionKey"_s].toString().toLatin1()), sessionKey);
    }
    QVERIFY(found);
}

void TestFakeCloudPrt::prtRefusals_data()
{
    QTest::addColumn<QString>("breakage");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("code");
    QTest::newRow("nonce reused") << u"reused nonce"_s << u"invalid_grant"_s << 9002313;
    QTest::newRow("nonce missing") << u"no nonce"_s << u"invalid_request"_s << 1400001;
    QTest::newRow("nonce unknown") << u"unknown nonce"_s << u"invalid_grant"_s << 9002313;
    QTest::newRow("nonce expired") << u"expired nonce"_s << u"invalid_grant"_s << 9002313;
    QTest::newRow("scope without aza") << u"openid ugs"_s << u"invalid_scope"_s << 70011;
    QTest::newRow("scope without openid") << u"aza ugs"_s << u"invalid_scope"_s << 70011;
    QTest::newRow("client_id not the RT's") << u"other client_id"_s << u"invalid_grant"_s << 70000;
    QTest::newRow("RT not issued to the broker")
        << u"non-broker RT"_s << u"invalid_grant"_s << 70000;
    QTest::newRow("RT unknown") << u"unknown RT"_s << u"invalid_grant"_s << 9002313;
    QTest::newRow("signed by another key") << u"other signer"_s << u"invalid_grant"_s << 50155;
    QTest::newRow("certificate not by MS-Organization-Access")
        << u"forged certificate"_s << u"invalid_grant"_s << 50155;
    QTest::newRow("no x5c") << u"no x5c"_s << u"invalid_request"_s << 50027;
    QTest::newRow("x5c with two certificates") << u"two x5c"_s << u"invalid_request"_s << 50027;
    QTest::newRow("windows_api_version missing") << u"no api"_s << u"invalid_request"_s << 900144;
    QTest::newRow("windows_api_version 1.0") << u"api 1.0"_s << u"invalid_request"_s << 9002313;
    QTest::newRow("alg none") << u"alg none"_s << u"invalid_request"_s << 50027;
    QTest::newRow("inner grant unknown")
        << u"inner grant"_s << u"unsupported_grant_type"_s << 70003;
}

void TestFakeCloudPrt::prtRefusals()
{
    QFETCH(QString, breakage);
    QFETCH(QString, error);
    QFETCH(int, code);
    const JoinedDevice device = join();
    QJsonObject payload = prtPayload(u"refresh_token"_s, nonce());
    payload.insert(u"refresh_token"_s, brokerRefreshToken(false));
    // The unbroken request works (checked first with its own nonce, so the refusal is real).
    QJsonObject working = payload;
    working.insert(u"request_nonce"_s, nonce());
    QCOMPARE(postRequest(deviceSigned(device, working)).status, 200);

    QByteArray jwt;
    QString apiVersion = u"2.0"_s;
    KeyPtr otherKey;
    if (breakage == u"reused nonce"_s) {
        payload.insert(u"request_nonce"_s, working.value(u"request_nonce"_s));
    } else if (breakage == u"no nonce"_s) {
        payload.remove(u"request_nonce"_s);
    } else if (breakage == u"unknown nonce"_s) {
        payload.insert(u"request_nonce"_s, u"AwABEgEAAAADAOz_bm90LWlzc3VlZA"_s);
    } else if (breakage == u"expired nonce"_s) {
        QVERIFY(m_cloud.admin("POST", u"/nonces/expire"_s).ok());
    } else if (breakage.startsWith(u"openid"_s) || breakage.startsWith(u"aza"_s)) {
        payload.insert(u"scope"_s, breakage);
    } else if (breakage == u"other client_id"_s) {
        payload.insert(u"client_id"_s, QString::fromLatin1(WindowsClient));
    } else if (breakage == u"non-broker RT"_s) {
        const QString client = u"1b730954-1685-4b74-9bfd-dac224a7b894"_s;
        payload.insert(u"refresh_token"_s, brokerRefreshToken(false, client));
        payload.insert(u"client_id"_s, client);
    } else if (breakage == u"unknown RT"_s) {
        payload.insert(u"refresh_token"_s, u"0.AnotARefreshToken"_s);
    } else if (breakage == u"inner grant"_s) {
        payload.insert(u"grant_type"_s, u"client_credentials"_s);
    } else if (breakage == u"no api"_s) {
        apiVersion.clear();
    } else if (breakage == u"api 1.0"_s) {
        apiVersion = u"1.0"_s;
    }
    if (breakage == u"other signer"_s) {
        otherKey = generateRsa();
        jwt = deviceSigned(device, payload, true, otherKey.get());
    } else if (breakage == u"forged certificate"_s) {
        QByteArray forged = device.certificateDer;
        forged[forged.size() - 1] = char(forged.at(forged.size() - 1) ^ 0x01); // its signature
        jwt = signRs256(device.deviceKey.get(),
                        compact({ { u"alg"_s, u"RS256"_s },
                                  { u"x5c"_s, QString::fromLatin1(forged.toBase64()) } }),
                        compact(payload));
    } else if (breakage == u"no x5c"_s || breakage == u"two x5c"_s) {
        const QString der = QString::fromLatin1(device.certificateDer.toBase64());
        QJsonObject header { { u"alg"_s, u"RS256"_s } };
        if (breakage == u"two x5c"_s)
            header.insert(u"x5c"_s, QJsonArray { der, der });
        jwt = signRs256(device.deviceKey.get(), compact(header), compact(payload));
    } else if (breakage == u"alg none"_s) {
        jwt = base64Url(R"({"alg":"none"})") + '.' + base64Url(compact(payload)) + '.';
    } else {
        jwt = deviceSigned(device, payload);
    }
    verifyAadsts(postRequest(jwt, apiVersion), error, code);
}

void TestFakeCloudPrt::deletedOrDisabledDevice()
{
    const JoinedDevice device = join();
    const Prt prt = acquireWithRefreshToken(device, false);
    QCOMPARE(prt.result.status, 200);
    const QString refreshToken = brokerRefreshToken(false);
    auto request = [&] {
        QJsonObject payload = prtPayload(u"refresh_token"_s, nonce());
        payload.insert(u"refresh_token"_s, refreshToken);
        return postRequest(deviceSigned(device, payload));
    };
    auto renew = [&] {
        return postRequest(sessionSigned(prt.sessionKey, renewalPayload(prt.token, nonce())));
    };

    QVERIFY(m_cloud.disableDevice(device.id));
    verifyAadsts(request(), u"invalid_grant"_s, 135011);
    verifyAadsts(renew(), u"invalid_grant"_s, 135011);
    QVERIFY(m_cloud.enableDevice(device.id));
    QCOMPARE(request().status, 200);
    QCOMPARE(renew().status, 200);
    QVERIFY(m_cloud.deleteDevice(device.id)); // as an admin in the portal
    verifyAadsts(request(), u"invalid_grant"_s, 50155);
    verifyAadsts(renew(), u"invalid_grant"_s, 50155);
}

void TestFakeCloudPrt::passwordGrant()
{
    const JoinedDevice device = join();
    const QString bob = u"bob@contoso.onmicrosoft.com"_s;
    auto withPassword = [&](const QString &user, const QString &password) {
        QJsonObject payload
            = prtPayload(u"password"_s, nonce(), QString::fromLatin1(WindowsClient));
        payload.insert(u"username"_s, user);
        payload.insert(u"password"_s, password);
        return acquire(device, payload);
    };
    QVERIFY(m_cloud
                .admin("POST", u"/users/%1/password"_s.arg(bob),
                       { { u"password"_s, u"Corr3ct horse"_s } })
                .ok());
    const Prt prt = withPassword(bob, u"Corr3ct horse"_s);
    QVERIFY2(prt.result.status == 200, prt.result.body.constData());
    QCOMPARE(prt.sessionKey.size(), 32);
    const QJsonObject claims
        = jwtClaims(prt.result.json.value(u"id_token"_s).toString().toLatin1());
    QCOMPARE(claims.value(u"upn"_s).toString(), bob);
    QCOMPARE(claims.value(u"amr"_s).toVariant().toStringList(),
             (QStringList { u"pwd"_s, u"rsa"_s }));
    QCOMPARE(claims.value(u"aud"_s).toString(), QString::fromLatin1(WindowsClient));

    verifyAadsts(withPassword(bob, u"corr3ct horse"_s).result, u"invalid_grant"_s, 50126);
    verifyAadsts(withPassword(u"nobody@contoso.onmicrosoft.com"_s, u"x"_s).result,
                 u"invalid_grant"_s, 50034);
    verifyAadsts(withPassword(upn(), u""_s).result, u"invalid_grant"_s, 50126); // none set
    // The state keeps a salted hash, never the password.
    QVERIFY(!m_cloud.admin("GET", u"/state"_s).body.contains("Corr3ct horse"));
}

void TestFakeCloudPrt::nonceAndPrtLifetimeSettings()
{
    QVERIFY(m_cloud.configure({ { u"prtLifetime"_s, 3600 }, { u"nonceLifetime"_s, 1 } }));
    const JoinedDevice device = join();
    QJsonObject payload = prtPayload(u"refresh_token"_s, nonce());
    payload.insert(u"refresh_token"_s, brokerRefreshToken(false));
    QThread::msleep(2100);
    const HttpResult stale = postRequest(deviceSigned(device, payload));
    verifyAadsts(stale, u"invalid_grant"_s, 9002313);
    QVERIFY(stale.json.value(u"error_description"_s).toString().contains(u"expired"_s));

    payload.insert(u"request_nonce"_s, nonce());
    const HttpResult result = postRequest(deviceSigned(device, payload));
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json.value(u"expires_in"_s).toString(), u"3600"_s);
    QCOMPARE(result.json.value(u"refresh_token_expires_in"_s).toInt(), 3600);
    QVERIFY(!m_cloud.configure({ { u"sessionResponseCipher"_s, u"ecb"_s } }));
    QVERIFY(!m_cloud.configure({ { u"unknownNgcKeyError"_s, 130005 } }));
    QVERIFY(!m_cloud.configure({ { u"nonceLifetime"_s, 0 } }));
}

// --- session-key-signed requests -------------------------------------------------------------

void TestFakeCloudPrt::sessionRenewal_data()
{
    QTest::addColumn<bool>("kdfV2");
    QTest::addColumn<QString>("cipher");
    QTest::addColumn<int>("ivSize");
    QTest::newRow("KDF v2, CBC answer") << true << u"cbc"_s << 16;
    QTest::newRow("KDF v1, CBC answer") << false << u"cbc"_s << 16;
    QTest::newRow("KDF v2, GCM answer") << true << u"gcm"_s << 12;
}

void TestFakeCloudPrt::sessionRenewal()
{
    QFETCH(bool, kdfV2);
    QFETCH(QString, cipher);
    QFETCH(int, ivSize);
    QVERIFY(m_cloud.configure({ { u"sessionResponseCipher"_s, cipher } }));
    const JoinedDevice device = join();
    const Prt prt = acquireWithRefreshToken(device, false);
    QCOMPARE(prt.result.status, 200);

    const HttpResult result = postRequest(
        sessionSigned(prt.sessionKey, renewalPayload(prt.token, nonce()), kdfV2), u"2.2"_s);
    QVERIFY2(result.status == 200, result.body.constData());
    QVERIFY(!result.body.startsWith("{")); // a compact JWE, not JSON
    const CompactJwe parts = splitJwe(result.body);
    QVERIFY(parts.valid);
    QCOMPARE(parts.header.value(u"alg"_s).toString(), u"dir"_s);
    QCOMPARE(parts.header.value(u"enc"_s).toString(), u"A256GCM"_s);
    QCOMPARE(QByteArray::fromBase64(parts.header.value(u"ctx"_s).toString().toLatin1()).size(), 24);
    QVERIFY(parts.encryptedKey.isEmpty());
    QCOMPARE(parts.iv.size(), ivSize);
    QCOMPARE(parts.tag.size(), cipher == u"cbc"_s ? 0 : 16);

    const QJsonObject json = decrypted(result, prt.sessionKey);
    QCOMPARE(json.value(u"token_type"_s).toString(), u"Bearer"_s);
    QCOMPARE(json.value(u"expires_in"_s).toString(), u"1209600"_s);
    QVERIFY(json.value(u"refresh_token_expires_in"_s).isDouble());
    QVERIFY(!json.contains(u"session_key_jwe"_s)); // the session key stays
    QVERIFY(!json.contains(u"access_token"_s));
    QCOMPARE(jwtHeader(json.value(u"id_token"_s).toString().toLatin1()).value(u"alg"_s).toString(),
             u"none"_s);
    const QString renewed = json.value(u"refresh_token"_s).toString();
    QVERIFY(!renewed.isEmpty() && renewed != prt.token);

    // The renewed PRT works with the same session key; another key does not.
    const HttpResult again
        = postRequest(sessionSigned(prt.sessionKey, renewalPayload(renewed, nonce()), kdfV2));
    QVERIFY(!decrypted(again, prt.sessionKey).value(u"refresh_token"_s).toString().isEmpty());
    QVERIFY(decrypted(again, QByteArray(32, 'k')).isEmpty());
}

void TestFakeCloudPrt::sessionAccessTokenAndRefreshToken()
{
    const JoinedDevice device = join();
    const Prt prt = acquireWithRefreshToken(device, false);
    QJsonObject payload = renewalPayload(prt.token, nonce());
    payload.insert(u"scope"_s, u"openid"_s); // no aza: an app token, the PRT is not rolled
    payload.insert(u"client_id"_s, QString::fromLatin1(Broker));
    payload.insert(u"resource"_s, u"https://graph.microsoft.com"_s);
    payload.insert(u"redirect_uri"_s,
                   u"ms-appx-web://Microsoft.AAD.BrokerPlugin/%1"_s.arg(QLatin1StringView(Broker)));
    const QJsonObject json
        = decrypted(postRequest(sessionSigned(prt.sessionKey, payload)), prt.sessionKey);
    const QByteArray accessToken = json.value(u"access_token"_s).toString().toLatin1();
    QVERIFY(!accessToken.isEmpty());
    const QJsonObject claims = jwtClaims(accessToken);
    QCOMPARE(claims.value(u"aud"_s).toString(), u"https://graph.microsoft.com"_s);
    QCOMPARE(claims.value(u"deviceid"_s).toString(), device.id);
    QVERIFY(!claims.value(u"amr"_s).toVariant().toStringList().contains(u"ngcmfa"_s));
    QCOMPARE(json.value(u"expires_in"_s).toString(), u"3599"_s);
    QVERIFY(!json.contains(u"refresh_token_expires_in"_s));

    // Its refresh token is an ordinary one (not a PRT), redeemable at the token endpoint.
    const QString refreshToken = json.value(u"refresh_token"_s).toString();
    const HttpResult redeemed
        = postForm(m_cloud.url(u"/common/oauth2/token"_s), m_cloud.sslConfiguration(),
                   form({ { u"grant_type"_s, u"refresh_token"_s },
                          { u"refresh_token"_s, refreshToken },
                          { u"resource"_s, u"https://graph.microsoft.com"_s } }));
    QCOMPARE(redeemed.status, 200);
    QCOMPARE(jwtClaims(redeemed.json.value(u"access_token"_s).toString().toLatin1())
                 .value(u"deviceid"_s)
                 .toString(),
             device.id);
    const QJsonObject misuse = renewalPayload(refreshToken, nonce()); // a plain RT is no PRT
    verifyAadsts(postRequest(sessionSigned(prt.sessionKey, misuse)), u"invalid_grant"_s, 9002313);
}

void TestFakeCloudPrt::sessionRefusals_data()
{
    QTest::addColumn<QString>("breakage");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("code");
    QTest::newRow("signed with another key") << u"key"_s << u"invalid_grant"_s << 9002313;
    QTest::newRow("KDF v1 bytes, kdf_ver 2 header")
        << u"kdf mix"_s << u"invalid_grant"_s << 9002313;
    QTest::newRow("kdf_ver 3") << u"kdf 3"_s << u"invalid_request"_s << 5000611;
    QTest::newRow("nonce reused") << u"reused nonce"_s << u"invalid_grant"_s << 9002313;
    QTest::newRow("nonce missing") << u"no nonce"_s << u"invalid_request"_s << 1400001;
    QTest::newRow("PRT unknown") << u"unknown prt"_s << u"invalid_grant"_s << 9002313;
    QTest::newRow("PRT expired") << u"expired prt"_s << u"invalid_grant"_s << 70008;
    QTest::newRow("ngcmfa without MFA") << u"ngcmfa"_s << u"invalid_grant"_s << 50076;
    QTest::newRow("grant_type password") << u"grant"_s << u"unsupported_grant_type"_s << 70003;
    QTest::newRow("neither aza nor resource") << u"no aza"_s << u"invalid_request"_s << 900144;
}

void TestFakeCloudPrt::sessionRefusals()
{
    QFETCH(QString, breakage);
    QFETCH(QString, error);
    QFETCH(int, code);
    const JoinedDevice device = join();
    const Prt prt = acquireWithRefreshToken(device, false);
    QCOMPARE(prt.result.status, 200);
    const QString used = nonce();
    QCOMPARE(postRequest(sessionSigned(prt.sessionKey, renewalPayload(prt.token, used))).status,
             200);

    QJsonObject payload = renewalPayload(prt.token, nonce());
    QByteArray key = prt.sessionKey;
    bool kdfV2 = true;
    QJsonValue kdfVersion(QJsonValue::Undefined);
    if (breakage == u"key"_s) {
        key[0] = char(key.at(0) ^ 0x40);
    } else if (breakage == u"kdf mix"_s) {
        kdfV2 = false;
        kdfVersion = 2;
    } else if (breakage == u"kdf 3"_s) {
        kdfVersion = 3;
    } else if (breakage == u"reused nonce"_s) {
        payload.insert(u"request_nonce"_s, used);
    } else if (breakage == u"no nonce"_s) {
        payload.remove(u"request_nonce"_s);
    } else if (breakage == u"unknown prt"_s) {
        payload.insert(u"refresh_token"_s, u"0.AunknownPrt"_s);
    } else if (breakage == u"expired prt"_s) {
        QVERIFY(m_cloud.admin("POST", u"/prts/expire"_s, { { u"token"_s, prt.token } }).ok());
    } else if (breakage == u"ngcmfa"_s) {
        payload.insert(u"scope"_s, u"openid"_s);
        payload.insert(u"resource"_s, QString::fromLatin1(DrsResource));
        payload.insert(u"amr_values"_s, u"ngcmfa"_s);
    } else if (breakage == u"grant"_s) {
        payload.insert(u"grant_type"_s, u"password"_s);
    } else if (breakage == u"no aza"_s) {
        payload.insert(u"scope"_s, u"openid ugs"_s);
    }
    const HttpResult result = postRequest(sessionSigned(key, payload, kdfV2, kdfVersion));
    verifyAadsts(result, error, code); // errors come as plain JSON, not encrypted
}

// --- Windows Hello (NGC) -----------------------------------------------------------------------

void TestFakeCloudPrt::helloProvisioningAndSignIn()
{
    const JoinedDevice device = join();
    const Prt prt = acquireWithRefreshToken(device, true); // an MFA sign-in
    QCOMPARE(prt.result.status, 200);

    // A DRS token with ngcmfa and deviceid, through the PRT (§10 fact 10).
    QJsonObject payload = renewalPayload(prt.token, nonce());
    payload.insert(u"client_id"_s, u"dd762716-544d-4aeb-a526-687b73838a22"_s);
    payload.insert(u"scope"_s, u"openid"_s);
    payload.insert(u"resource"_s, QString::fromLatin1(DrsResource));
    payload.insert(u"amr_values"_s, u"ngcmfa"_s);
    const QJsonObject tokens
        = decrypted(postRequest(sessionSigned(prt.sessionKey, payload)), prt.sessionKey);
    const QByteArray drsToken = tokens.value(u"access_token"_s).toString().toLatin1();
    const QJsonObject drsClaims = jwtClaims(drsToken);
    QCOMPARE(drsClaims.value(u"aud"_s).toString(), QString::fromLatin1(DrsResource));
    QCOMPARE(drsClaims.value(u"deviceid"_s).toString(), device.id);
    QVERIFY(drsClaims.value(u"amr"_s).toVariant().toStringList().contains(u"ngcmfa"_s));

    // MS-KPP registration.
    const KeyPtr ngcKey = generateRsa();
    const QByteArray blob = rsaPublicBlob(ngcKey.get());
    const HttpResult registered = registerKey(drsToken, blob, { { "Accept", "application/json" } });
    QVERIFY2(registered.status == 200, registered.body.constData());
    QCOMPARE(registered.json.keys(), (QStringList { u"kid"_s, u"upn"_s }));
    QVERIFY(!QUuid::fromString(registered.json.value(u"kid"_s).toString()).isNull());
    QCOMPARE(registered.json.value(u"upn"_s).toString(), upn());
    const QJsonArray keys = m_cloud.admin("GET", u"/users/%1/keys"_s.arg(upn()))
                                .json.value(u"keyCredentials"_s)
                                .toArray();
    QCOMPARE(keys.size(), 1);
    QCOMPARE(keys.at(0)[u"keyIdentifier"_s].toString(),
             QString::fromLatin1(sha256(blob).toBase64()));
    QCOMPARE(keys.at(0)[u"kid"_s].toString(), registered.json.value(u"kid"_s).toString());
    QCOMPARE(keys.at(0)[u"usage"_s].toString(), u"NGC"_s);
    QCOMPARE(keys.at(0)[u"deviceId"_s].toString(), device.id);
    QCOMPARE(QByteArray::fromBase64(keys.at(0)[u"keyMaterial"_s].toString().toLatin1()), blob);
    // Registering the same key again keeps its kid.
    QCOMPARE(registerKey(drsToken, blob, { { "Accept", "application/json" } }).json.value(u"kid"_s),
             registered.json.value(u"kid"_s));

    // Sign in with the key: the same nonce inside and outside, then a separately fetched one.
    for (bool secondNonce : { false, true }) {
        const QString outer = nonce();
        const QString inner = secondNonce ? nonce() : outer;
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QByteArray assertion = helloAssertion(ngcKey.get(), blob,
                                                    { { u"iss"_s, upn() },
                                                      { u"aud"_s, u"common"_s },
                                                      { u"iat"_s, now - 300 },
                                                      { u"exp"_s, now + 300 },
                                                      { u"request_nonce"_s, inner },
                                                      { u"scope"_s, u"openid aza ugs"_s } });
        QJsonObject request
            = prtPayload(QString::fromLatin1(JwtBearer), outer, QString::fromLatin1(WindowsClient));
        request.insert(u"username"_s, upn());
        request.insert(u"assertion"_s, QString::fromLatin1(assertion));
        const Prt hello = acquire(device, request);
        QVERIFY2(hello.result.status == 200, hello.result.body.constData());
        QCOMPARE(hello.sessionKey.size(), 32);
        const QStringList amr
            = jwtClaims(hello.result.json.value(u"id_token"_s).toString().toLatin1())
                  .value(u"amr"_s)
                  .toVariant()
                  .toStringList();
        QVERIFY2(amr.contains(u"ngcmfa"_s), qPrintable(amr.join(u',')));
        if (secondNonce) // a nonce used inside is spent too
            QCOMPARE(acquire(device, request).result.status, 400);
    }
}

void TestFakeCloudPrt::helloAssertionRefusals_data()
{
    QTest::addColumn<QString>("breakage");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("code");
    QTest::newRow("unknown key") << u"unknown key"_s << u"invalid_grant"_s << 130004;
    QTest::newRow("unknown key, 135010 configured")
        << u"unknown key 135010"_s << u"invalid_grant"_s << 135010;
    QTest::newRow("signed by another key") << u"signature"_s << u"invalid_grant"_s << 130005;
    QTest::newRow("no request_nonce") << u"no nonce"_s << u"invalid_request"_s << 1400001;
    QTest::newRow("use not ngc") << u"use"_s << u"invalid_request"_s << 50027;
    QTest::newRow("iss unknown") << u"iss"_s << u"invalid_grant"_s << 50034;
    QTest::newRow("expired") << u"exp"_s << u"invalid_grant"_s << 700024;
}

void TestFakeCloudPrt::helloAssertionRefusals()
{
    QFETCH(QString, breakage);
    QFETCH(QString, error);
    QFETCH(int, code);
    const JoinedDevice device = join();
    const KeyPtr ngcKey = generateRsa();
    const QByteArray blob = rsaPublicBlob(ngcKey.get());
    QCOMPARE(registerKey(ngcToken(device, { u"pwd"_s, u"mfa"_s, u"ngcmfa"_s }), blob,
                         { { "Accept", "application/json" } })
                 .status,
             200);
    const QString outer = nonce();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonObject claims {
        { u"iss"_s, upn() },     { u"aud"_s, u"common"_s },     { u"iat"_s, now },
        { u"exp"_s, now + 300 }, { u"request_nonce"_s, outer }, { u"scope"_s, u"openid aza ugs"_s }
    };
    KeyPtr signer;
    QByteArray kidBlob = blob;
    QString use = u"ngc"_s;
    if (breakage.startsWith(u"unknown key"_s)) {
        kidBlob = rsaPublicBlob(generateRsa().get());
        if (breakage.endsWith(u"135010"_s))
            QVERIFY(m_cloud.configure({ { u"unknownNgcKeyError"_s, 135010 } }));
    } else if (breakage == u"signature"_s) {
        signer = generateRsa();
    } else if (breakage == u"no nonce"_s) {
        claims.remove(u"request_nonce"_s);
    } else if (breakage == u"use"_s) {
        use = u"sig"_s;
    } else if (breakage == u"iss"_s) {
        claims.insert(u"iss"_s, u"mallory@contoso.onmicrosoft.com"_s);
    } else if (breakage == u"exp"_s) {
        claims.insert(u"exp"_s, now - 3600);
    }
    const QByteArray assertion
        = helloAssertion(signer ? signer.get() : ngcKey.get(), kidBlob, claims, use);
    QJsonObject request
        = prtPayload(QString::fromLatin1(JwtBearer), outer, QString::fromLatin1(WindowsClient));
    request.insert(u"assertion"_s, QString::fromLatin1(assertion));
    verifyAadsts(acquire(device, request).result, error, code);
}

void TestFakeCloudPrt::helloKeyOfAnotherDevice()
{
    // A key registered on device A, used in a request signed by device B: A's state counts.
    const JoinedDevice a = join();
    const JoinedDevice b = join();
    const KeyPtr ngcKey = generateRsa();
    const QByteArray blob = rsaPublicBlob(ngcKey.get());
    QCOMPARE(registerKey(ngcToken(a, { u"ngcmfa"_s }), blob, { { "Accept", "application/json" } })
                 .status,
             200);
    auto signIn = [&] {
        return helloSignIn(b, ngcKey.get(), blob);
    };
    QCOMPARE(signIn().status, 200);
    QVERIFY(m_cloud.disableDevice(a.id));
    verifyAadsts(signIn(), u"invalid_grant"_s, 130007);
    QVERIFY(m_cloud.deleteDevice(a.id));
    verifyAadsts(signIn(), u"invalid_grant"_s, 130008);
}

void TestFakeCloudPrt::kppRefusals_data()
{
    QTest::addColumn<QString>("breakage");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("target");
    QTest::addColumn<bool>("wrapped");
    QTest::newRow("no Accept") << u"no accept"_s << 400 << u"accept"_s << false;
    QTest::newRow("Accept */*") << u"accept any"_s << 400 << u"accept"_s << false;
    QTest::newRow("no api-version") << u"no api"_s << 400 << u"api-version"_s << false;
    QTest::newRow("api-version in query and header")
        << u"api twice"_s << 400 << u"api-version"_s << false;
    QTest::newRow("api-version 2.0") << u"api 2.0"_s << 400 << u"api-version"_s << false;
    QTest::newRow("no bearer") << u"no bearer"_s << 401 << u"authorization"_s << false;
    QTest::newRow("amr without ngcmfa") << u"mfa only"_s << 401 << u"amr"_s << false;
    QTest::newRow("amr without ngcmfa, wrapped") << u"mfa only"_s << 401 << u"amr"_s << true;
    QTest::newRow("no deviceid") << u"no device"_s << 401 << u"deviceid"_s << false;
    QTest::newRow("device deleted") << u"deleted"_s << 401 << u"deviceid"_s << false;
    QTest::newRow("kngc not base64") << u"kngc base64"_s << 400 << u"kngc"_s << false;
    QTest::newRow("kngc not an RSA1 blob") << u"kngc blob"_s << 400 << u"kngc"_s << false;
}

void TestFakeCloudPrt::kppRefusals()
{
    QFETCH(QString, breakage);
    QFETCH(int, status);
    QFETCH(QString, target);
    QFETCH(bool, wrapped);
    QVERIFY(m_cloud.configure({ { u"kppErrorWrapped"_s, wrapped } }));
    const auto keyCount = [&] {
        return m_cloud.admin("GET", u"/users/%1/keys"_s.arg(upn()))
            .json.value(u"keyCredentials"_s)
            .toArray()
            .size();
    };
    const qsizetype keysBefore = keyCount();
    const JoinedDevice device = join();
    QByteArray token = ngcToken(device, { u"pwd"_s, u"mfa"_s, u"ngcmfa"_s });
    QByteArray blob = rsaPublicBlob(generateRsa().get());
    QList<QPair<QByteArray, QByteArray>> headers { { "Accept", "application/json" } };
    QString path = QString::fromLatin1(KeyPath);
    if (breakage == u"no accept"_s)
        headers.clear();
    else if (breakage == u"accept any"_s)
        headers = { { "Accept", "*/*" } };
    else if (breakage == u"no api"_s)
        path = u"/EnrollmentServer/key/"_s;
    else if (breakage == u"api twice"_s)
        headers.append(qMakePair(QByteArray("api-version"), QByteArray("1.0")));
    else if (breakage == u"api 2.0"_s)
        path = u"/EnrollmentServer/key/?api-version=2.0"_s;
    else if (breakage == u"no bearer"_s)
        token.clear();
    else if (breakage == u"mfa only"_s)
        token = ngcToken(device, { u"pwd"_s, u"mfa"_s });
    else if (breakage == u"no device"_s)
        token = m_cloud.mintAccessToken(upn(), u"drs"_s, 3599, true).toLatin1();
    else if (breakage == u"deleted"_s)
        QVERIFY(m_cloud.deleteDevice(device.id));
    else if (breakage == u"kngc blob"_s)
        blob.replace(0, 4, "RSA2");

    HttpResult result;
    if (breakage == u"kngc base64"_s) {
        FakeCloudTest::HttpRequest request;
        request.method = "POST";
        request.url = m_cloud.url(path);
        request.ssl = m_cloud.sslConfiguration();
        request.contentType = "application/json";
        request.body = R"({"kngc":"UlNBMQAI-_"})";
        request.headers = headers;
        request.headers.append({ "Authorization", "Bearer " + token });
        result = send(request);
    } else {
        result = registerKey(token, blob, headers, path);
    }
    QCOMPARE(result.status, status);
    const QJsonObject details = wrapped ? result.json.value(u"error"_s).toObject() : result.json;
    QCOMPARE(details.keys(),
             (QStringList { u"clientrequestid"_s, u"code"_s, u"innererror"_s, u"message"_s,
                            u"response"_s, u"target"_s, u"time"_s }));
    QCOMPARE(details.value(u"response"_s).toString(), u"ERROR_FAIL"_s);
    QCOMPARE(details.value(u"target"_s).toString(), target);
    QCOMPARE(details.value(u"innererror"_s).toObject(),
             (QJsonObject { { u"trace"_s, u"null"_s }, { u"context"_s, u"null"_s } }));
    QCOMPARE(keyCount(), keysBefore); // nothing was stored
}

void TestFakeCloudPrt::kppDeleteAndRevoke()
{
    QVERIFY(m_cloud.admin("DELETE", u"/users/%1/keys"_s.arg(upn())).ok());
    const JoinedDevice device = join();
    const QByteArray token = ngcToken(device, { u"ngcmfa"_s });
    const KeyPtr ngcKey = generateRsa();
    const QByteArray blob = rsaPublicBlob(ngcKey.get());
    const QString kid = registerKey(token, blob, { { "Accept", "application/json" } })
                            .json.value(u"kid"_s)
                            .toString();
    QVERIFY(!kid.isEmpty());
    auto remove = [&](const QByteArray &bearer) {
        FakeCloudTest::HttpRequest request;
        request.method = "DELETE";
        request.url = m_cloud.url(u"/EnrollmentServer/key/%1?api-version=1.0"_s.arg(kid));
        request.ssl = m_cloud.sslConfiguration();
        request.headers = { { "Accept", "application/json" } };
        if (!bearer.isEmpty())
            request.headers.append({ "Authorization", "Bearer " + bearer });
        return send(request);
    };
    QCOMPARE(remove({}).status, 401);
    QCOMPARE(remove(token).status, 200);
    QCOMPARE(remove(token).status, 404);
    auto signIn = [&] {
        return helloSignIn(device, ngcKey.get(), blob);
    };
    verifyAadsts(signIn(), u"invalid_grant"_s, 130004);

    // The admin hook revokes what was registered again.
    QCOMPARE(registerKey(token, blob, { { "Accept", "application/json" } }).status, 200);
    QCOMPARE(signIn().status, 200);
    QCOMPARE(
        m_cloud.admin("DELETE", u"/users/%1/keys"_s.arg(upn())).json.value(u"revoked"_s).toInt(),
        1);
    verifyAadsts(signIn(), u"invalid_grant"_s, 130004);
}

QTEST_GUILESS_MAIN(TestFakeCloudPrt)
#include "tst_fakecloud_prt.moc"
