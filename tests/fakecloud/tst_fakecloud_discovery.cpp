// Discovery, user realm, OpenID metadata and TLS trust, over real TLS against a fakecloud
// process (PROTOCOL.md §1, routing for one base URL).

#include "fakecloudinstance.h"
#include "testcrypto.h"
#include "testhttp.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>
#include <QXmlStreamReader>

#include <openssl/x509v3.h>

using namespace Qt::Literals::StringLiterals;
using namespace FakeCloudTest;
using Entra::Test::FakeCloudInstance;

namespace {

constexpr char TenantId[] = "8a3f1c2e-5b7d-4e9f-a1c3-2d4e6f8a0b1c";

// Every string in json that looks like a URL, with the key path that holds it.
void collectUrls(const QJsonValue &value, const QString &path, QList<QPair<QString, QString>> &urls)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collectUrls(it.value(), path + u'.' + it.key(), urls);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            collectUrls(array.at(i), path + u'[' + QString::number(i) + u']', urls);
    } else if (value.isString() && value.toString().contains(u"://"_s)) {
        urls.append({ path, value.toString() });
    }
}

// All URLs must point under base (identifiers such as issuer and resource URIs excepted).
void verifyUnderBase(const QJsonObject &json, const QString &base,
                     const QStringList &exceptKeys = {})
{
    QList<QPair<QString, QString>> urls;
    collectUrls(json, QString(), urls);
    QVERIFY(!urls.isEmpty());
    for (const auto &[path, url] : urls) {
        if (exceptKeys.contains(path.section(u'.', -1)))
            continue;
        QVERIFY2(url == base || url.startsWith(base + u'/'),
                 qPrintable(u"%1 = %2 is not under %3"_s.arg(path, url, base)));
    }
}

} // namespace

class TestFakeCloudDiscovery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void contractJson_data();
    void contractJson();
    void contractXml_data();
    void contractXml();
    void contractErrors_data();
    void contractErrors();
    void discover();
    void discoverCanUseTheOtherServiceName();
    void userRealm_data();
    void userRealm();
    void openIdConfiguration_data();
    void openIdConfiguration();
    void urlsFollowTheHostTheClientUsed();
    void requestIdsAreEchoed();

    void clientWithoutTheCaFailsTheHandshake();
    void clientTrustingAnotherCaFailsTheHandshake();
    void serverCertificateCoversLoopbackNames();

private:
    FakeCloudInstance m_cloud { [] {
        FakeCloudInstance::Options options;
        options.tenantId = QString::fromLatin1(TenantId);
        options.tenantDomain = u"contoso.onmicrosoft.com"_s;
        return options;
    }() };
    QString m_base;
};

void TestFakeCloudDiscovery::initTestCase()
{
    QVERIFY2(m_cloud.start(), qPrintable(m_cloud.errorString()));
    m_base = m_cloud.baseUrl().toString();
    QCOMPARE(m_cloud.tenantId(), QString::fromLatin1(TenantId));
}

void TestFakeCloudDiscovery::contractJson_data()
{
    QTest::addColumn<QString>("tenant");
    QTest::addColumn<QString>("apiVersion");
    QTest::newRow("domain, 1.0") << u"contoso.onmicrosoft.com"_s << u"1.0"_s;
    QTest::newRow("domain upper case, 1.2") << u"Contoso.OnMicrosoft.com"_s << u"1.2"_s;
    QTest::newRow("tenant id, 1.4") << QString::fromLatin1(TenantId) << u"1.4"_s;
}

void TestFakeCloudDiscovery::contractJson()
{
    QFETCH(QString, tenant);
    QFETCH(QString, apiVersion);
    const HttpResult result = get(
        m_cloud.url(u"/%1/enrollmentserver/contract?api-version=%2"_s.arg(tenant, apiVersion)),
        m_cloud.sslConfiguration(), { { "Accept", "application/json" } });
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("Content-Type").startsWith("application/json"));
    const QJsonObject &json = result.json;
    QCOMPARE(json[u"DeviceRegistrationService"_s][u"ServiceVersion"_s].toString(), apiVersion);
    QCOMPARE(json[u"DeviceJoinService"_s][u"JoinEndpoint"_s].toString(),
             m_base + u"/EnrollmentServer/device/"_s);
    QCOMPARE(json[u"DeviceJoinService"_s][u"JoinResourceId"_s].toString(),
             u"urn:ms-drs:enterpriseregistration.windows.net"_s);
    QCOMPARE(json[u"DeviceJoinService"_s][u"ServiceVersion"_s].toString(), u"2.0"_s);
    QCOMPARE(json[u"KeyProvisioningService"_s][u"KeyProvisionEndpoint"_s].toString(),
             m_base + u"/EnrollmentServer/key/"_s);
    QCOMPARE(json[u"AuthenticationService"_s][u"OAuth2"_s][u"TokenEndpoint"_s].toString(),
             m_base + u'/' + QString::fromLatin1(TenantId) + u"/oauth2/token"_s);
    verifyUnderBase(
        json, m_base,
        { u"RegistrationResourceId"_s, u"JoinResourceId"_s, u"KeyProvisionResourceId"_s });
}

void TestFakeCloudDiscovery::contractXml_data()
{
    QTest::addColumn<QByteArray>("accept");
    QTest::newRow("no Accept header") << QByteArray();
    QTest::newRow("application/xml") << QByteArray("application/xml");
}

void TestFakeCloudDiscovery::contractXml()
{
    QFETCH(QByteArray, accept);
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!accept.isEmpty())
        headers.append({ "Accept", accept });
    const HttpResult result
        = get(m_cloud.url(u"/contoso.onmicrosoft.com/enrollmentserver/contract?api-version=1.2"_s),
              m_cloud.sslConfiguration(), headers);
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("Content-Type").startsWith("application/xml"));
    QXmlStreamReader xml(result.body);
    QVERIFY(xml.readNextStartElement());
    QCOMPARE(xml.name(), u"Discovery");
    QCOMPARE(xml.namespaceUri(),
             u"http://schemas.datacontract.org/2004/07/Microsoft.DeviceRegistration.Entities");
    QString joinEndpoint;
    QString serviceVersion;
    QStringList path { u"Discovery"_s };
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement())
            path.append(xml.name().toString());
        else if (xml.isEndElement())
            path.removeLast();
        else if (xml.isCharacters() && path.endsWith(u"JoinEndpoint"_s))
            joinEndpoint = xml.text().toString();
        else if (xml.isCharacters() && path.size() >= 2
                 && path.at(path.size() - 2) == u"DeviceRegistrationService"_s
                 && path.last() == u"ServiceVersion"_s)
            serviceVersion = xml.text().toString();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(joinEndpoint, m_base + u"/EnrollmentServer/device/"_s);
    QCOMPARE(serviceVersion, u"1.2"_s);
}

void TestFakeCloudDiscovery::contractErrors_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown tenant")
        << u"/fabrikam.example/enrollmentserver/contract?api-version=1.0"_s << u"AADSTS90002"_s;
    QTest::newRow("no api-version")
        << u"/contoso.onmicrosoft.com/enrollmentserver/contract"_s << u"api-version"_s;
    QTest::newRow("Discover, unknown tenant")
        << u"/fabrikam.example/Discover?api-version=1.9"_s << u"AADSTS90002"_s;
}

void TestFakeCloudDiscovery::contractErrors()
{
    QFETCH(QString, path);
    QFETCH(QString, message);
    const HttpResult result
        = get(m_cloud.url(path), m_cloud.sslConfiguration(), { { "Accept", "application/json" } });
    QCOMPARE(result.status, 400);
    QCOMPARE(result.json.keys(),
             (QStringList { u"ErrorType"_s, u"Message"_s, u"Time"_s, u"TraceId"_s }));
    QCOMPARE(result.json.value(u"ErrorType"_s).toString(), u"DirectoryError"_s);
    QVERIFY(result.json.value(u"Message"_s).toString().contains(message));
    QVERIFY(QRegularExpression(u"^\\d\\d-\\d\\d-\\d{4} \\d\\d:\\d\\d:\\d\\dZ$"_s)
                .match(result.json.value(u"Time"_s).toString())
                .hasMatch());
}

void TestFakeCloudDiscovery::discover()
{
    const HttpResult result
        = get(m_cloud.url(u"/contoso.onmicrosoft.com/Discover?api-version=1.9&managed=True"_s),
              m_cloud.sslConfiguration(), { { "Accept", "application/json, text/plain, */*" } });
    QCOMPARE(result.status, 200);
    const QJsonObject &json = result.json;
    const QString tid = QString::fromLatin1(TenantId);
    QCOMPARE(json[u"DiscoveryService"_s][u"ServiceVersion"_s].toString(), u"1.9"_s);
    QCOMPARE(json[u"DeviceJoinService"_s][u"JoinEndpoint"_s].toString(),
             m_base + u"/EnrollmentServer/device/"_s);
    QCOMPARE(json[u"KeyProvisioningService"_s][u"ServiceVersion"_s].toString(), u"1.0"_s);
    QCOMPARE(json[u"TenantInfo"_s][u"TenantId"_s].toString(), tid);
    QCOMPARE(json[u"TenantInfo"_s][u"TenantName"_s].toString(), u"contoso.onmicrosoft.com"_s);
    QCOMPARE(json[u"IdentityProviderService"_s][u"Federated"_s].toBool(true), false);
    QCOMPARE(json[u"NonceService"_s][u"Endpoint"_s].toString(),
             m_base + u"/EnrollmentServer/nonce/"_s + tid + u'/');
    for (const QString &service :
         { u"DeviceRegistrationService"_s, u"AuthenticationService"_s, u"WebAuthNService"_s,
           u"DeviceManagementService"_s, u"MsaProviderData"_s, u"PrecreateService"_s,
           u"AzureRbacService"_s, u"BPLService"_s, u"DeviceJoinResourceService"_s })
        QVERIFY2(json.value(service).isObject(), qPrintable(service));
    verifyUnderBase(json, m_base,
                    { u"RegistrationResourceId"_s, u"JoinResourceId"_s, u"KeyProvisionResourceId"_s,
                      u"WebAuthNResourceId"_s, u"DeviceManagementResourceId"_s,
                      u"PrecreateResourceId"_s, u"BPLResourceId"_s, u"ResourceId"_s });

    // The nonce service it names answers.
    const HttpResult nonce
        = get(QUrl(json[u"NonceService"_s][u"Endpoint"_s].toString() + u"?api-version=1.0"_s),
              m_cloud.sslConfiguration());
    QCOMPARE(nonce.status, 200);
    QVERIFY(!QByteArray::fromBase64(nonce.json.value(u"Value"_s).toString().toLatin1()).isEmpty());
}

void TestFakeCloudDiscovery::discoverCanUseTheOtherServiceName()
{
    QVERIFY(m_cloud.configure({ { u"discoveryServiceName"_s, u"ServicesService"_s } }));
    const HttpResult result
        = get(m_cloud.url(u"/contoso.onmicrosoft.com/Discover?api-version=1.9"_s),
              m_cloud.sslConfiguration());
    QVERIFY(m_cloud.configure({ { u"discoveryServiceName"_s, u"DiscoveryService"_s } }));
    QCOMPARE(result.status, 200);
    QVERIFY(!result.json.contains(u"DiscoveryService"_s));
    QCOMPARE(result.json[u"ServicesService"_s][u"ServicesEndpoint"_s].toString(),
             m_base + u'/' + QString::fromLatin1(TenantId) + u"/Discover"_s);
}

void TestFakeCloudDiscovery::userRealm_data()
{
    QTest::addColumn<QString>("upn");
    QTest::addColumn<QString>("apiVersion");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected");
    QTest::newRow("v1 managed") << u"alice@contoso.onmicrosoft.com"_s << u"1.0"_s
                                << u"account_type"_s << u"Managed"_s;
    QTest::newRow("v1 unknown") << u"bob@fabrikam.example"_s << u"1.0"_s << u"account_type"_s
                                << u"Unknown"_s;
    QTest::newRow("v2 managed") << u"alice@contoso.onmicrosoft.com"_s << u"2.0"_s
                                << u"NameSpaceType"_s << u"Managed"_s;
}

void TestFakeCloudDiscovery::userRealm()
{
    QFETCH(QString, upn);
    QFETCH(QString, apiVersion);
    QFETCH(QString, key);
    QFETCH(QString, expected);
    const HttpResult result
        = get(m_cloud.url(u"/common/UserRealm/%1?api-version=%2"_s.arg(
                  QString::fromLatin1(QUrl::toPercentEncoding(upn)), apiVersion)),
              m_cloud.sslConfiguration());
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json.value(key).toString(), expected);
    if (apiVersion == u"1.0"_s) {
        QCOMPARE(result.json.value(u"ver"_s).toString(), u"1.0"_s);
        QCOMPARE(result.json.value(u"domain_name"_s).toString(), upn.section(u'@', 1));
    } else {
        QCOMPARE(result.json.value(u"Login"_s).toString(), upn);
    }
}

void TestFakeCloudDiscovery::openIdConfiguration_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("tokenPath");
    QTest::addColumn<QString>("issuer");
    QTest::newRow("v1 by domain") << u"/contoso.onmicrosoft.com/.well-known/openid-configuration"_s
                                  << u"/oauth2/token"_s
                                  << u"https://sts.windows.net/%1/"_s.arg(
                                         QLatin1StringView(TenantId));
    QTest::newRow("v2 common") << u"/common/v2.0/.well-known/openid-configuration"_s
                               << u"/oauth2/v2.0/token"_s
                               << u"https://login.microsoftonline.com/%1/v2.0"_s.arg(
                                      QLatin1StringView(TenantId));
}

void TestFakeCloudDiscovery::openIdConfiguration()
{
    QFETCH(QString, path);
    QFETCH(QString, tokenPath);
    QFETCH(QString, issuer);
    const HttpResult result = get(m_cloud.url(path), m_cloud.sslConfiguration());
    QCOMPARE(result.status, 200);
    const QString tid = QString::fromLatin1(TenantId);
    QCOMPARE(result.json.value(u"token_endpoint"_s).toString(), m_base + u'/' + tid + tokenPath);
    QCOMPARE(result.json.value(u"issuer"_s).toString(), issuer);
    verifyUnderBase(result.json, m_base, { u"issuer"_s });

    const HttpResult keys
        = get(QUrl(result.json.value(u"jwks_uri"_s).toString()), m_cloud.sslConfiguration());
    QCOMPARE(keys.status, 200);
    const QJsonObject key = keys.json.value(u"keys"_s).toArray().first().toObject();
    QCOMPARE(key.value(u"kty"_s).toString(), u"RSA"_s);
    QCOMPARE(key.value(u"use"_s).toString(), u"sig"_s);
    QCOMPARE(key.value(u"kid"_s).toString(), key.value(u"x5t"_s).toString());
    // x5c holds the certificate of the same key as n/e.
    CertificatePtr certificate = certificateFromDer(
        QByteArray::fromBase64(key.value(u"x5c"_s).toArray().first().toString().toLatin1()));
    QVERIFY(certificate);
    const QByteArray token = m_cloud.mintAccessToken(u"alice@contoso.onmicrosoft.com"_s).toLatin1();
    QVERIFY(verifyRs256WithJwk(token, key));
}

void TestFakeCloudDiscovery::urlsFollowTheHostTheClientUsed()
{
    const QString localhost = u"https://localhost:%1"_s.arg(m_cloud.port());
    const HttpResult result = get(
        QUrl(localhost + u"/contoso.onmicrosoft.com/enrollmentserver/contract?api-version=1.0"_s),
        m_cloud.sslConfiguration(), { { "Accept", "application/json" } });
    QCOMPARE(result.status, 200);
    QCOMPARE(result.json[u"DeviceJoinService"_s][u"JoinEndpoint"_s].toString(),
             localhost + u"/EnrollmentServer/device/"_s);
}

void TestFakeCloudDiscovery::requestIdsAreEchoed()
{
    const QByteArray requestId = "0b7c1c32-1d6b-4f56-9a8e-3b2f1e0d9c8a";
    const HttpResult result
        = get(m_cloud.url(u"/fabrikam.example/enrollmentserver/contract?api-version=1.0"_s),
              m_cloud.sslConfiguration(),
              { { "client-request-id", requestId },
                { "return-client-request-id", "true" },
                { "Accept", "application/json" } });
    QCOMPARE(result.header("client-request-id"), requestId);
    QCOMPARE(result.header("request-id"), result.json.value(u"TraceId"_s).toString().toLatin1());
}

void TestFakeCloudDiscovery::clientWithoutTheCaFailsTheHandshake()
{
    // The system CAs only: fakecloud's test CA is not among them.
    const HttpResult result
        = get(m_cloud.url(u"/contoso.onmicrosoft.com/enrollmentserver/contract?api-version=1.0"_s),
              QSslConfiguration::defaultConfiguration());
    QCOMPARE(result.error, QNetworkReply::SslHandshakeFailedError);
    QCOMPARE(result.status, 0);
    QVERIFY(result.body.isEmpty());
}

void TestFakeCloudDiscovery::clientTrustingAnotherCaFailsTheHandshake()
{
    // A CA with the same name as fakecloud's, but another key.
    KeyPtr key = generateRsa();
    X509 *ca = X509_new();
    X509_set_version(ca, X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(ca), 1);
    X509_NAME_add_entry_by_NID(X509_get_subject_name(ca), NID_commonName, MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>("fakecloud test CA"), -1, -1,
                               0);
    X509_set_issuer_name(ca, X509_get_subject_name(ca));
    X509_gmtime_adj(X509_getm_notBefore(ca), -3600);
    X509_gmtime_adj(X509_getm_notAfter(ca), 3600 * 24);
    X509_set_pubkey(ca, key.get());
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, ca, ca, nullptr, nullptr, 0);
    X509_EXTENSION *constraints
        = X509V3_EXT_conf_nid(nullptr, &context, NID_basic_constraints, "critical,CA:TRUE");
    X509_add_ext(ca, constraints, -1);
    X509_EXTENSION_free(constraints);
    X509_sign(ca, key.get(), EVP_sha256());
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates({ QSslCertificate(certificateDer(ca), QSsl::Der) });
    X509_free(ca);

    const HttpResult result = get(
        m_cloud.url(u"/contoso.onmicrosoft.com/enrollmentserver/contract?api-version=1.0"_s), ssl);
    QCOMPARE(result.error, QNetworkReply::SslHandshakeFailedError);
    QCOMPARE(result.status, 0);
}

void TestFakeCloudDiscovery::serverCertificateCoversLoopbackNames()
{
    const QList<QSslCertificate> cas = m_cloud.caCertificates();
    QCOMPARE(cas.size(), 1);
    QVERIFY(cas.first().isSelfSigned());
    for (const QString &host : { u"127.0.0.1"_s, u"localhost"_s }) {
        const HttpResult result
            = get(QUrl(u"https://%1:%2/common/discovery/keys"_s.arg(host).arg(m_cloud.port())),
                  m_cloud.sslConfiguration());
        QVERIFY2(result.error == QNetworkReply::NoError, qPrintable(host + result.errorString));
        QCOMPARE(result.status, 200);
    }
}

QTEST_GUILESS_MAIN(TestFakeCloudDiscovery)
#include "tst_fakecloud_discovery.moc"
