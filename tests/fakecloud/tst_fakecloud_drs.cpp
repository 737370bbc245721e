// DRS join/register, leave and the Graph device lookup, over real TLS against a fakecloud
// process (PROTOCOL.md §3, §4, §8.1).

#include "fakecloudinstance.h"
#include "testcrypto.h"
#include "testhttp.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslKey>
#include <QTest>

#include <openssl/x509v3.h>

using namespace Qt::Literals::StringLiterals;
using namespace FakeCloudTest;
using Entra::Test::FakeCloudInstance;

namespace {

constexpr char Upn[] = "alice@contoso.onmicrosoft.com";
constexpr char JoinPath[] = "/EnrollmentServer/device/?api-version=2.0";

struct Joined
{
    HttpResult result;
    KeyPtr deviceKey;
    CertificatePtr certificate;
    QString deviceId;
};

QByteArray hexBytes(const char *hex)
{
    return QByteArray::fromHex(hex);
}

void verifyDrsError(const HttpResult &result, int status, const QString &errorType,
                    const QString &messagePart)
{
    QCOMPARE(result.status, status);
    const QJsonObject &json = result.json;
    QCOMPARE(json.keys(), (QStringList { u"ErrorType"_s, u"Message"_s, u"Time"_s, u"TraceId"_s }));
    QCOMPARE(json.value(u"ErrorType"_s).toString(), errorType);
    QVERIFY2(json.value(u"Message"_s).toString().contains(messagePart, Qt::CaseInsensitive),
             qPrintable(json.value(u"Message"_s).toString()));
    QVERIFY(!QUuid::fromString(json.value(u"TraceId"_s).toString()).isNull());
    static const QRegularExpression time(u"^\\d\\d-\\d\\d-\\d{4} \\d\\d:\\d\\d:\\d\\dZ$"_s);
    QVERIFY2(time.match(json.value(u"Time"_s).toString()).hasMatch(),
             qPrintable(json.value(u"Time"_s).toString()));
}

} // namespace

class TestFakeCloudDrs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void joinIssuesTheCertificateOfSection34_data();
    void joinIssuesTheCertificateOfSection34();
    void joinThroughTheDeviceCodeFlow();
    void returnClientSidAndStatus201();
    void validationFailures_data();
    void validationFailures();
    void mfaRequiredForJoin();

    void leaveWithTheDeviceCertificate();
    void leaveRefusesWithoutOrWithOtherCertificates_data();
    void leaveRefusesWithoutOrWithOtherCertificates();
    void leaveRefusesDisabledOrExpired_data();
    void leaveRefusesDisabledOrExpired();

    void leaveOverAPooledConnectionHasNoCertificate();
    void alreadyExpiredCertificates();
    void graphNeedsAGraphToken();

private:
    QJsonObject joinBody(EVP_PKEY *deviceKey, int joinType = 0,
                         const QString &attributesKey = u"Attributes"_s) const;
    Joined join(int joinType = 0, const QString &attributesKey = u"Attributes"_s);
    QSslConfiguration clientCertificate(X509 *certificate, EVP_PKEY *key) const;
    HttpResult leave(const QString &deviceId, const QSslConfiguration &ssl);
    HttpResult graphDevice(const QString &deviceId);

    FakeCloudInstance m_cloud;
    QByteArray m_token;
    CertificatePtr m_orgAccessCa;
    KeyPtr m_transportKey;
};

void TestFakeCloudDrs::initTestCase()
{
    QVERIFY2(m_cloud.start(), qPrintable(m_cloud.errorString()));
    m_token = m_cloud.mintAccessToken(QString::fromLatin1(Upn)).toLatin1();
    QVERIFY(!m_token.isEmpty());
    m_orgAccessCa
        = certificateFromPem(m_cloud.state().value(u"orgAccessCa"_s).toString().toLatin1());
    QVERIFY(m_orgAccessCa);
    m_transportKey = generateRsa();
}

void TestFakeCloudDrs::init()
{
    QVERIFY(m_cloud.configure({ { u"requireMfaForJoin"_s, false },
                                { u"joinStatus"_s, 200 },
                                { u"certificateValidityDays"_s, 3650 } }));
    QVERIFY(m_cloud.clearFaults());
}

QJsonObject TestFakeCloudDrs::joinBody(EVP_PKEY *deviceKey, int joinType,
                                       const QString &attributesKey) const
{
    return {
        { u"CertificateRequest"_s,
          QJsonObject { { u"Type"_s, u"pkcs10"_s },
                        { u"Data"_s, QString::fromLatin1(makeCsr(deviceKey).toBase64()) } } },
        { u"TransportKey"_s, QString::fromLatin1(rsaPublicBlob(m_transportKey.get()).toBase64()) },
        { u"TargetDomain"_s, u"contoso.onmicrosoft.com"_s },
        { u"DeviceType"_s, u"Linux"_s },
        { u"OSVersion"_s, u"Debian GNU/Linux 12"_s },
        { u"DeviceDisplayName"_s, u"qa-laptop-07"_s },
        { u"JoinType"_s, joinType },
        { attributesKey,
          QJsonObject { { u"ReuseDevice"_s, u"true"_s },
                        { u"ReturnClientSid"_s, u"true"_s },
                        { u"SharedDevice"_s, u"false"_s } } },
    };
}

Joined TestFakeCloudDrs::join(int joinType, const QString &attributesKey)
{
    Joined joined;
    joined.deviceKey = generateRsa();
    joined.result = postJson(m_cloud.url(QString::fromLatin1(JoinPath)), m_cloud.sslConfiguration(),
                             joinBody(joined.deviceKey.get(), joinType, attributesKey), m_token);
    const QByteArray der = QByteArray::fromBase64(
        joined.result.json[u"Certificate"_s][u"RawBody"_s].toString().toLatin1());
    joined.certificate = certificateFromDer(der);
    if (joined.certificate)
        joined.deviceId = subjectCommonName(joined.certificate.get());
    return joined;
}

QSslConfiguration TestFakeCloudDrs::clientCertificate(X509 *certificate, EVP_PKEY *key) const
{
    QSslConfiguration ssl = m_cloud.sslConfiguration();
    ssl.setLocalCertificate(QSslCertificate(certificateDer(certificate), QSsl::Der));
    ssl.setPrivateKey(qtPrivateKey(key));
    return ssl;
}

HttpResult TestFakeCloudDrs::leave(const QString &deviceId, const QSslConfiguration &ssl)
{
    FakeCloudTest::HttpRequest request;
    request.method = "DELETE";
    request.url = m_cloud.url(u"/EnrollmentServer/device/%1?api-version=1.0"_s.arg(deviceId));
    request.ssl = ssl;
    return send(request);
}

HttpResult TestFakeCloudDrs::graphDevice(const QString &deviceId)
{
    const QString token = m_cloud.mintAccessToken(QString::fromLatin1(Upn), u"graph"_s);
    QUrl url = m_cloud.url(u"/v1.0/devices"_s);
    url.setQuery(u"$filter=deviceId eq '%1'"_s.arg(deviceId));
    return get(url, m_cloud.sslConfiguration(),
               { { "Authorization", "Bearer " + token.toLatin1() } });
}

void TestFakeCloudDrs::joinIssuesTheCertificateOfSection34_data()
{
    QTest::addColumn<int>("joinType");
    QTest::addColumn<QString>("attributesKey");
    QTest::addColumn<QByteArray>("joinTypeExtension");
    QTest::addColumn<QString>("trustType");
    QTest::newRow("join") << 0 << u"Attributes"_s
                          << hexBytes("048101"
                                      "31")
                          << u"AzureAd"_s;
    QTest::newRow("register") << 4 << u"Attributes"_s
                              << hexBytes("048101"
                                          "30")
                              << u"Workplace"_s;
    QTest::newRow("lower-case attributes") << 0 << u"attributes"_s
                                           << hexBytes("048101"
                                                       "31")
                                           << u"AzureAd"_s;
}

void TestFakeCloudDrs::joinIssuesTheCertificateOfSection34()
{
    QFETCH(int, joinType);
    QFETCH(QString, attributesKey);
    QFETCH(QByteArray, joinTypeExtension);
    QFETCH(QString, trustType);

    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const Joined joined = join(joinType, attributesKey);
    QCOMPARE(joined.result.status, 200);
    QVERIFY2(joined.certificate, joined.result.body.constData());
    X509 *certificate = joined.certificate.get();
    const QByteArray der = certificateDer(certificate);

    // §3.3 response
    QCOMPARE(joined.result.json[u"Certificate"_s][u"Thumbprint"_s].toString(),
             QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha1).toHex())
                 .toUpper());
    QCOMPARE(joined.result.json[u"Certificate"_s][u"RawBody"_s].toString(),
             QString::fromLatin1(der.toBase64()));
    QCOMPARE(joined.result.json[u"User"_s][u"Upn"_s].toString(), QString::fromLatin1(Upn));

    // Version 3, 16-byte serial, sha256WithRSAEncryption, signed by MS-Organization-Access.
    QCOMPARE(X509_get_version(certificate), 2);
    const ASN1_INTEGER *serial = X509_get0_serialNumber(certificate);
    QCOMPARE(ASN1_STRING_length(serial), 16);
    QCOMPARE(X509_get_signature_nid(certificate), NID_sha256WithRSAEncryption);
    EVP_PKEY *caKey = X509_get0_pubkey(m_orgAccessCa.get());
    QCOMPARE(X509_verify(certificate, caKey), 1);

    // Issuer: one RDN (a single SET) holding DC=net, DC=windows, CN=MS-Organization-Access,
    // OU=82dbaca4-... in this order.
    const QByteArray issuer = issuerDer(certificate);
    QCOMPARE(uchar(issuer.at(0)), uchar(0x30)); // Name ::= SEQUENCE
    QCOMPARE(uchar(issuer.at(1)), uchar(issuer.size() - 2)); // short-form length: whole name
    QCOMPARE(uchar(issuer.at(2)), uchar(0x31)); // one RelativeDistinguishedName SET ...
    QCOMPARE(int(uchar(issuer.at(3))), int(issuer.size() - 4)); // ... spanning the rest
    const X509_NAME *issuerName = X509_get_issuer_name(certificate);
    QCOMPARE(X509_NAME_entry_count(issuerName), 4);
    const int nids[]
        = { NID_domainComponent, NID_domainComponent, NID_commonName, NID_organizationalUnitName };
    const char *values[]
        = { "net", "windows", "MS-Organization-Access", "82dbaca4-3e81-46ca-9c73-0950c1eaca97" };
    const int types[]
        = { V_ASN1_IA5STRING, V_ASN1_IA5STRING, V_ASN1_PRINTABLESTRING, V_ASN1_PRINTABLESTRING };
    for (int i = 0; i < 4; ++i) {
        const X509_NAME_ENTRY *entry = X509_NAME_get_entry(issuerName, i);
        QCOMPARE(X509_NAME_ENTRY_set(entry), 0);
        QCOMPARE(OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry)), nids[i]);
        const ASN1_STRING *value = X509_NAME_ENTRY_get_data(entry);
        QCOMPARE(ASN1_STRING_type(value), types[i]);
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(ASN1_STRING_get0_data(value)),
                            ASN1_STRING_length(value)),
                 QByteArray(values[i]));
    }

    // Subject CN = the new device id, lower case, PrintableString.
    int cnType = 0;
    const QString deviceId = subjectCommonName(certificate, &cnType);
    QCOMPARE(cnType, V_ASN1_PRINTABLESTRING);
    QVERIFY(!QUuid::fromString(deviceId).isNull());
    QCOMPARE(deviceId, deviceId.toLower());
    QCOMPARE(X509_NAME_entry_count(X509_get_subject_name(certificate)), 1);

    // 10 years (3650 days), starting now; the key is the CSR key.
    int days = 0;
    int seconds = 0;
    validitySpan(certificate, &days, &seconds);
    QCOMPARE(days, 3650);
    QCOMPARE(seconds, 0);
    QVERIFY(qAbs(notBeforeSecs(certificate) - before) < 120);
    QCOMPARE(EVP_PKEY_eq(X509_get0_pubkey(certificate), joined.deviceKey.get()), 1);

    // Extensions: basicConstraints and EKU critical; the 284.x values in the long form.
    QVERIFY(extensionCritical(certificate, "2.5.29.19"));
    QCOMPARE(X509_get_extension_flags(certificate) & EXFLAG_CA, 0u);
    QVERIFY(extensionCritical(certificate, "2.5.29.37"));
    QCOMPARE(X509_get_extended_key_usage(certificate), uint32_t(XKU_SSL_CLIENT));

    const QByteArray deviceExtension = extensionValue(certificate, "1.2.840.113556.1.5.284.2");
    QCOMPARE(deviceExtension.size(), 19);
    QCOMPARE(deviceExtension.left(3), hexBytes("048110"));
    QCOMPARE(guidFromMixedEndian(deviceExtension.mid(3)), QUuid::fromString(deviceId));
    // Mixed endian, byte by byte: Data1 reversed, Data2 reversed, Data3 reversed, Data4 as is.
    const QByteArray rfc = QUuid::fromString(deviceId).toRfc4122();
    QByteArray data1 = rfc.left(4);
    std::reverse(data1.begin(), data1.end());
    const QByteArray data2 = QByteArray(1, rfc.at(5)) + rfc.at(4);
    const QByteArray data3 = QByteArray(1, rfc.at(7)) + rfc.at(6);
    QCOMPARE(deviceExtension.mid(3, 4), data1);
    QCOMPARE(deviceExtension.mid(7, 2), data2);
    QCOMPARE(deviceExtension.mid(9, 2), data3);
    QCOMPARE(deviceExtension.mid(11), rfc.mid(8));

    const QJsonObject user = m_cloud.state().value(u"users"_s).toArray().first().toObject();
    const QByteArray userExtension = extensionValue(certificate, "1.2.840.113556.1.5.284.3");
    QCOMPARE(userExtension.left(3), hexBytes("048110"));
    QCOMPARE(guidFromMixedEndian(userExtension.mid(3)),
             QUuid::fromString(jwtClaims(m_token).value(u"oid"_s).toString()));
    const QByteArray tenantExtension = extensionValue(certificate, "1.2.840.113556.1.5.284.5");
    QCOMPARE(tenantExtension.left(3), hexBytes("048110"));
    QCOMPARE(guidFromMixedEndian(tenantExtension.mid(3)), QUuid::fromString(m_cloud.tenantId()));
    QCOMPARE(extensionValue(certificate, "1.2.840.113556.1.5.284.7"), joinTypeExtension);
    QCOMPARE(extensionValue(certificate, "1.2.840.113556.1.5.284.8"),
             hexBytes("048102"
                      "4e41"));
    QVERIFY(!extensionCritical(certificate, "1.2.840.113556.1.5.284.2"));

    // The device object with its AltSecId (§3.5), and the Graph view of it.
    unsigned char *rsaPublicKey = nullptr;
    const int rsaPublicKeyLength = i2d_PublicKey(joined.deviceKey.get(), &rsaPublicKey);
    const QByteArray keyHash = QCryptographicHash::hash(
        QByteArray(reinterpret_cast<const char *>(rsaPublicKey), rsaPublicKeyLength),
        QCryptographicHash::Sha256);
    OPENSSL_free(rsaPublicKey);
    const QString thumbprint
        = QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha1).toHex())
              .toUpper();
    const QString altSecId
        = u"X509:<SHA1-TP-PUBKEY>"_s + thumbprint + u'+' + QString::fromLatin1(keyHash.toBase64());
    const QJsonObject device = m_cloud.device(deviceId);
    QCOMPARE(device.value(u"altSecId"_s).toString(), altSecId);
    QCOMPARE(device.value(u"transportKey"_s).toString(),
             QString::fromLatin1(rsaPublicBlob(m_transportKey.get()).toBase64()));

    const HttpResult graph = graphDevice(deviceId);
    QCOMPARE(graph.status, 200);
    const QJsonArray value = graph.json.value(u"value"_s).toArray();
    QCOMPARE(value.size(), 1);
    const QJsonObject graphDevice = value.first().toObject();
    QCOMPARE(graphDevice.value(u"deviceId"_s).toString(), deviceId);
    QCOMPARE(graphDevice.value(u"accountEnabled"_s).toBool(), true);
    QCOMPARE(graphDevice.value(u"trustType"_s).toString(), trustType);
    QCOMPARE(graphDevice.value(u"displayName"_s).toString(), u"qa-laptop-07"_s);
    QCOMPARE(graphDevice.value(u"operatingSystem"_s).toString(), u"Linux"_s);
    QCOMPARE(graphDevice.value(u"operatingSystemVersion"_s).toString(), u"Debian GNU/Linux 12"_s);
    const QDateTime lastSignIn = QDateTime::fromString(
        graphDevice.value(u"approximateLastSignInDateTime"_s).toString(), Qt::ISODate);
    QVERIFY(lastSignIn.isValid());
    QVERIFY(qAbs(lastSignIn.toSecsSinceEpoch() - before) < 120);
    const QJsonObject alternative
        = graphDevice.value(u"alternativeSecurityIds"_s).toArray().first().toObject();
    QCOMPARE(alternative.value(u"type"_s).toInt(), 2);
    const QByteArray utf16
        = QByteArray::fromBase64(alternative.value(u"key"_s).toString().toLatin1());
    QCOMPARE(
        QString::fromUtf16(reinterpret_cast<const char16_t *>(utf16.constData()), utf16.size() / 2),
        altSecId);
}

void TestFakeCloudDrs::joinThroughTheDeviceCodeFlow()
{
    // The token a client really gets: v1 device code for the DRS resource.
    const HttpResult code
        = postForm(m_cloud.url(u"/%1/oauth2/devicecode"_s.arg(m_cloud.tenantDomain())),
                   m_cloud.sslConfiguration(),
                   form({ { u"client_id"_s, u"29d9ed98-a469-4536-ade2-f981bc1d605e"_s },
                          { u"resource"_s, u"urn:ms-drs:enterpriseregistration.windows.net"_s } }));
    QCOMPARE(code.status, 200);
    QVERIFY(m_cloud.approveDeviceCode(code.json.value(u"user_code"_s).toString(),
                                      u"bob@contoso.onmicrosoft.com"_s));
    const HttpResult token = postForm(
        m_cloud.url(u"/%1/oauth2/token"_s.arg(m_cloud.tenantId())), m_cloud.sslConfiguration(),
        form({ { u"grant_type"_s, u"urn:ietf:params:oauth:grant-type:device_code"_s },
               { u"client_id"_s, u"29d9ed98-a469-4536-ade2-f981bc1d605e"_s },
               { u"code"_s, code.json.value(u"device_code"_s).toString() } }));
    QCOMPARE(token.status, 200);
    KeyPtr deviceKey = generateRsa();
    const HttpResult joined = postJson(m_cloud.url(QString::fromLatin1(JoinPath)),
                                       m_cloud.sslConfiguration(), joinBody(deviceKey.get()),
                                       token.json.value(u"access_token"_s).toString().toLatin1());
    QCOMPARE(joined.status, 200);
    QCOMPARE(joined.json[u"User"_s][u"Upn"_s].toString(), u"bob@contoso.onmicrosoft.com"_s);
}

void TestFakeCloudDrs::returnClientSidAndStatus201()
{
    QVERIFY(m_cloud.configure({ { u"joinStatus"_s, 201 } }));
    const Joined joined = join();
    QCOMPARE(joined.result.status, 201);
    const QJsonArray changes = joined.result.json.value(u"MembershipChanges"_s).toArray();
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first()[u"LocalSID"_s].toString(), u"S-1-5-32-544"_s);
    const QJsonArray sids = changes.first()[u"AddSIDs"_s].toArray();
    QVERIFY(!sids.isEmpty());
    for (const QJsonValue &sid : sids)
        QVERIFY2(QRegularExpression(u"^S-1-12-1(-\\d+){4}$"_s).match(sid.toString()).hasMatch(),
                 qPrintable(sid.toString()));
}

enum class Mutation {
    NoToken,
    GraphAudience,
    ExpiredToken,
    ForgedSignature,
    BlobMagicRsa2,
    BlobPrimeLength,
    BlobLittleEndianModulus,
    BlobTruncated,
    BlobUrlSafeBase64,
    BlobBitLength,
    CsrWrongCommonName,
    CsrSha1,
    CsrBrokenSignature,
    CsrRsa1024,
    CsrTypeNotPkcs10,
    JoinTypeHybrid,
    JoinTypeAsString,
    JoinTypeMissing,
    AttributeNotBoolean,
    DisplayNameMissing,
    NoApiVersion,
};

void TestFakeCloudDrs::validationFailures_data()
{
    QTest::addColumn<Mutation>("mutation");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("errorType");
    QTest::addColumn<QString>("message");
    const QString auth = u"AuthenticationError"_s;
    const QString directory = u"DirectoryError"_s;
    QTest::newRow("no bearer token") << Mutation::NoToken << 401 << auth << u"Authorization"_s;
    QTest::newRow("token for Graph") << Mutation::GraphAudience << 401 << auth << u"audience"_s;
    QTest::newRow("expired token") << Mutation::ExpiredToken << 401 << auth << u"expired"_s;
    QTest::newRow("forged signature") << Mutation::ForgedSignature << 401 << auth << u"signature"_s;
    QTest::newRow("blob magic RSA2") << Mutation::BlobMagicRsa2 << 400 << directory << u"magic"_s;
    QTest::newRow("blob prime length")
        << Mutation::BlobPrimeLength << 400 << directory << u"cbPrime1"_s;
    QTest::newRow("blob little-endian modulus")
        << Mutation::BlobLittleEndianModulus << 400 << directory << u"modulus"_s;
    QTest::newRow("blob truncated") << Mutation::BlobTruncated << 400 << directory << u"bytes"_s;
    QTest::newRow("blob url-safe base64")
        << Mutation::BlobUrlSafeBase64 << 400 << directory << u"base64"_s;
    QTest::newRow("blob bit length")
        << Mutation::BlobBitLength << 400 << directory << u"BitLength"_s;
    QTest::newRow("CSR wrong CN") << Mutation::CsrWrongCommonName << 400 << directory << u"CN="_s;
    QTest::newRow("CSR SHA-1") << Mutation::CsrSha1 << 400 << directory << u"sha256"_s;
    QTest::newRow("CSR broken signature")
        << Mutation::CsrBrokenSignature << 400 << directory << u"signature"_s;
    QTest::newRow("CSR RSA-1024") << Mutation::CsrRsa1024 << 400 << directory << u"2048"_s;
    QTest::newRow("CSR type") << Mutation::CsrTypeNotPkcs10 << 400 << directory << u"pkcs10"_s;
    QTest::newRow("JoinType 6") << Mutation::JoinTypeHybrid << 400 << auth
                                << u"enrollment request type (6)"_s;
    QTest::newRow("JoinType string")
        << Mutation::JoinTypeAsString << 400 << directory << u"JoinType"_s;
    QTest::newRow("JoinType missing")
        << Mutation::JoinTypeMissing << 400 << directory << u"JoinType"_s;
    QTest::newRow("attribute not boolean")
        << Mutation::AttributeNotBoolean << 400 << directory << u"SharedDevice"_s;
    QTest::newRow("display name missing")
        << Mutation::DisplayNameMissing << 400 << directory << u"DeviceDisplayName"_s;
    QTest::newRow("no api-version")
        << Mutation::NoApiVersion << 400 << directory << u"api-version"_s;
}

void TestFakeCloudDrs::validationFailures()
{
    QFETCH(Mutation, mutation);
    QFETCH(int, status);
    QFETCH(QString, errorType);
    QFETCH(QString, message);

    KeyPtr deviceKey = generateRsa();
    QJsonObject body = joinBody(deviceKey.get());
    QByteArray token = m_token;
    QString path = QString::fromLatin1(JoinPath);
    QByteArray blob = rsaPublicBlob(m_transportKey.get());
    auto setBlob = [&](const QByteArray &bytes) {
        body.insert(u"TransportKey"_s, QString::fromLatin1(bytes.toBase64()));
    };
    auto setCsr = [&](const QByteArray &csr) {
        body.insert(u"CertificateRequest"_s,
                    QJsonObject { { u"Type"_s, u"pkcs10"_s },
                                  { u"Data"_s, QString::fromLatin1(csr.toBase64()) } });
    };
    switch (mutation) {
    case Mutation::NoToken:
        token.clear();
        break;
    case Mutation::GraphAudience:
        token = m_cloud.mintAccessToken(QString::fromLatin1(Upn), u"graph"_s).toLatin1();
        break;
    case Mutation::ExpiredToken:
        token = m_cloud.mintAccessToken(QString::fromLatin1(Upn), u"drs"_s, -120).toLatin1();
        break;
    case Mutation::ForgedSignature: {
        // Same header and claims, signed by a key fakecloud does not know.
        const QList<QByteArray> parts = m_token.split('.');
        KeyPtr forger = generateRsa();
        const QByteArray input = parts.at(0) + '.' + parts.at(1);
        EVP_MD_CTX *md = EVP_MD_CTX_new();
        size_t length = 0;
        EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, forger.get());
        EVP_DigestSign(md, nullptr, &length,
                       reinterpret_cast<const unsigned char *>(input.constData()),
                       size_t(input.size()));
        QByteArray signature(qsizetype(length), '\0');
        EVP_DigestSign(md, reinterpret_cast<unsigned char *>(signature.data()), &length,
                       reinterpret_cast<const unsigned char *>(input.constData()),
                       size_t(input.size()));
        EVP_MD_CTX_free(md);
        token = input + '.'
            + signature.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        break;
    }
    case Mutation::BlobMagicRsa2:
        blob[3] = '2';
        setBlob(blob);
        break;
    case Mutation::BlobPrimeLength:
        blob[16] = char(0x80);
        setBlob(blob);
        break;
    case Mutation::BlobLittleEndianModulus: {
        // A key whose modulus starts with an even byte: reversed, the number is even, which
        // no RSA modulus is. (With an odd first byte a reversed modulus can look valid.)
        KeyPtr transport = generateRsa();
        while (uchar(rsaPublicBlob(transport.get()).at(27)) % 2 != 0)
            transport = generateRsa();
        blob = rsaPublicBlob(transport.get());
        QByteArray modulus = blob.mid(27);
        std::reverse(modulus.begin(), modulus.end());
        setBlob(blob.left(27) + modulus);
        break;
    }
    case Mutation::BlobTruncated:
        setBlob(blob.left(blob.size() - 1));
        break;
    case Mutation::BlobUrlSafeBase64:
        body.insert(u"TransportKey"_s,
                    QString::fromLatin1(blob.toBase64(QByteArray::Base64UrlEncoding
                                                      | QByteArray::OmitTrailingEquals)));
        break;
    case Mutation::BlobBitLength:
        blob[5] = 0x04; // 1024 bits announced, 256 modulus bytes sent
        setBlob(blob);
        break;
    case Mutation::CsrWrongCommonName:
        setCsr(makeCsr(deviceKey.get(), "qa-laptop-07"));
        break;
    case Mutation::CsrSha1:
        setCsr(makeCsr(deviceKey.get(), JoinCommonName, EVP_sha1()));
        break;
    case Mutation::CsrBrokenSignature: {
        QByteArray csr = makeCsr(deviceKey.get());
        csr[csr.size() - 1] = char(csr.at(csr.size() - 1) ^ 0x01);
        setCsr(csr);
        break;
    }
    case Mutation::CsrRsa1024: {
        KeyPtr small = generateRsa(1024);
        setCsr(makeCsr(small.get()));
        break;
    }
    case Mutation::CsrTypeNotPkcs10:
        body.insert(u"CertificateRequest"_s,
                    QJsonObject {
                        { u"Type"_s, u"x509"_s },
                        { u"Data"_s, QString::fromLatin1(makeCsr(deviceKey.get()).toBase64()) } });
        break;
    case Mutation::JoinTypeHybrid:
        body.insert(u"JoinType"_s, 6);
        break;
    case Mutation::JoinTypeAsString:
        body.insert(u"JoinType"_s, u"0"_s);
        break;
    case Mutation::JoinTypeMissing:
        body.remove(u"JoinType"_s);
        break;
    case Mutation::AttributeNotBoolean:
        body.insert(u"Attributes"_s, QJsonObject { { u"SharedDevice"_s, u"maybe"_s } });
        break;
    case Mutation::DisplayNameMissing:
        body.remove(u"DeviceDisplayName"_s);
        break;
    case Mutation::NoApiVersion:
        path = u"/EnrollmentServer/device/"_s;
        break;
    }

    const int devicesBefore = int(m_cloud.devices().size());
    const HttpResult result = postJson(m_cloud.url(path), m_cloud.sslConfiguration(), body, token);
    verifyDrsError(result, status, errorType, message);
    QCOMPARE(int(m_cloud.devices().size()), devicesBefore);
}

void TestFakeCloudDrs::mfaRequiredForJoin()
{
    QVERIFY(m_cloud.setRequireMfaForJoin(true));
    KeyPtr deviceKey = generateRsa();
    const HttpResult refused
        = postJson(m_cloud.url(QString::fromLatin1(JoinPath)), m_cloud.sslConfiguration(),
                   joinBody(deviceKey.get()), m_token);
    verifyDrsError(refused, 401, u"AuthenticationError"_s, u"multi-factor"_s);
    const QByteArray mfaToken
        = m_cloud.mintAccessToken(QString::fromLatin1(Upn), u"drs"_s, 3599, true).toLatin1();
    const HttpResult accepted
        = postJson(m_cloud.url(QString::fromLatin1(JoinPath)), m_cloud.sslConfiguration(),
                   joinBody(deviceKey.get()), mfaToken);
    QCOMPARE(accepted.status, 200);
}

void TestFakeCloudDrs::leaveWithTheDeviceCertificate()
{
    const Joined joined = join();
    QCOMPARE(joined.result.status, 200);
    const QSslConfiguration ssl
        = clientCertificate(joined.certificate.get(), joined.deviceKey.get());

    const HttpResult deleted = leave(joined.deviceId, ssl);
    QCOMPARE(deleted.status, 200);
    QVERIFY(deleted.body.isEmpty());
    QVERIFY(m_cloud.device(joined.deviceId).isEmpty());
    QCOMPARE(graphDevice(joined.deviceId).json.value(u"value"_s).toArray().size(), 0);

    // The certificate no longer belongs to a live device.
    const HttpResult again = leave(joined.deviceId, ssl);
    verifyDrsError(again, 400, u"DirectoryError"_s, u"not found"_s);
}

void TestFakeCloudDrs::leaveRefusesWithoutOrWithOtherCertificates_data()
{
    QTest::addColumn<QString>("presented");
    QTest::addColumn<QString>("target");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("no certificate")
        << u"none"_s << u"self"_s << 401 << u"No TLS client certificate"_s;
    QTest::newRow("self-signed look-alike")
        << u"forged"_s << u"self"_s << 401 << u"not a valid device certificate"_s;
    QTest::newRow("another device's certificate")
        << u"other"_s << u"self"_s << 401 << u"belongs to device"_s;
    QTest::newRow("unknown device id") << u"self"_s << u"unknown"_s << 400 << u"not found"_s;
}

void TestFakeCloudDrs::leaveRefusesWithoutOrWithOtherCertificates()
{
    QFETCH(QString, presented);
    QFETCH(QString, target);
    QFETCH(int, status);
    QFETCH(QString, message);

    const Joined joined = join();
    const Joined other = join();
    QCOMPARE(joined.result.status, 200);
    QCOMPARE(other.result.status, 200);

    QSslConfiguration ssl = m_cloud.sslConfiguration();
    KeyPtr forgedKey;
    if (presented == u"self"_s) {
        ssl = clientCertificate(joined.certificate.get(), joined.deviceKey.get());
    } else if (presented == u"other"_s) {
        ssl = clientCertificate(other.certificate.get(), other.deviceKey.get());
    } else if (presented == u"forged"_s) {
        // Same subject and issuer names, self-signed with the device key.
        forgedKey = generateRsa();
        X509 *forged = X509_dup(joined.certificate.get());
        X509_set_pubkey(forged, forgedKey.get());
        X509_sign(forged, forgedKey.get(), EVP_sha256());
        ssl = clientCertificate(forged, forgedKey.get());
        X509_free(forged);
    }
    const QString deviceId = target == u"unknown"_s
        ? QUuid::createUuid().toString(QUuid::WithoutBraces)
        : joined.deviceId;
    const HttpResult refused = leave(deviceId, ssl);
    verifyDrsError(refused, status, status == 401 ? u"AuthenticationError"_s : u"DirectoryError"_s,
                   message);
    QVERIFY(!m_cloud.device(joined.deviceId).isEmpty());
    QVERIFY(!m_cloud.device(other.deviceId).isEmpty());
}

void TestFakeCloudDrs::leaveRefusesDisabledOrExpired_data()
{
    QTest::addColumn<QString>("hook");
    QTest::addColumn<QString>("message");
    QTest::newRow("disabled") << u"disable"_s << u"disabled"_s;
    QTest::newRow("certificate expired") << u"expire-certificate"_s << u"expired"_s;
}

void TestFakeCloudDrs::leaveRefusesDisabledOrExpired()
{
    QFETCH(QString, hook);
    QFETCH(QString, message);
    const Joined joined = join();
    QVERIFY(m_cloud.admin("POST", u"/devices/%1/%2"_s.arg(joined.deviceId, hook)).ok());
    const QSslConfiguration ssl
        = clientCertificate(joined.certificate.get(), joined.deviceKey.get());
    verifyDrsError(leave(joined.deviceId, ssl), 401, u"AuthenticationError"_s, message);
    QVERIFY(!m_cloud.device(joined.deviceId).isEmpty());
    if (hook == u"disable"_s) {
        QCOMPARE(graphDevice(joined.deviceId).json[u"value"_s][0][u"accountEnabled"_s].toBool(),
                 false);
        QVERIFY(m_cloud.enableDevice(joined.deviceId));
        QCOMPARE(leave(joined.deviceId, ssl).status, 200);
    }
}

void TestFakeCloudDrs::leaveOverAPooledConnectionHasNoCertificate()
{
    // README "Notes for clients": one QNetworkAccessManager reuses its connection (made without
    // a certificate) for a DELETE that carries one; the server sees no client certificate.
    const Joined joined = join();
    QNetworkAccessManager manager;
    auto run = [&manager](const QNetworkRequest &request, const QByteArray &verb) {
        QNetworkReply *reply = manager.sendCustomRequest(request, verb);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(20000);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        delete reply;
        return status;
    };
    QNetworkRequest discovery(m_cloud.url(u"/common/discovery/keys"_s));
    discovery.setSslConfiguration(m_cloud.sslConfiguration());
    QCOMPARE(run(discovery, "GET"), 200);
    QNetworkRequest leaveRequest(
        m_cloud.url(u"/EnrollmentServer/device/%1?api-version=1.0"_s.arg(joined.deviceId)));
    leaveRequest.setSslConfiguration(
        clientCertificate(joined.certificate.get(), joined.deviceKey.get()));
    QCOMPARE(run(leaveRequest, "DELETE"), 401);
    manager.clearConnectionCache();
    QCOMPARE(run(leaveRequest, "DELETE"), 200);
}

void TestFakeCloudDrs::alreadyExpiredCertificates()
{
    QVERIFY(m_cloud.configure({ { u"certificateValidityDays"_s, -1 } }));
    const Joined joined = join();
    QCOMPARE(joined.result.status, 200);
    time_t now = time(nullptr);
    QCOMPARE(X509_cmp_time(X509_get0_notAfter(joined.certificate.get()), &now), -1);
    int days = 0;
    int seconds = 0;
    validitySpan(joined.certificate.get(), &days, &seconds);
    QCOMPARE(days, 3650);
    const QSslConfiguration ssl
        = clientCertificate(joined.certificate.get(), joined.deviceKey.get());
    verifyDrsError(leave(joined.deviceId, ssl), 401, u"AuthenticationError"_s, u"has expired"_s);
}

void TestFakeCloudDrs::graphNeedsAGraphToken()
{
    const Joined joined = join();
    QUrl url = m_cloud.url(u"/v1.0/devices"_s);
    url.setQuery(u"$filter=deviceId eq '%1'"_s.arg(joined.deviceId));
    const HttpResult anonymous = get(url, m_cloud.sslConfiguration());
    QCOMPARE(anonymous.status, 401);
    QCOMPARE(anonymous.json[u"error"_s][u"code"_s].toString(), u"InvalidAuthenticationToken"_s);
    const HttpResult drsToken
        = get(url, m_cloud.sslConfiguration(), { { "Authorization", "Bearer " + m_token } });
    QCOMPARE(drsToken.status, 401);
    QVERIFY(m_cloud.deleteDevice(joined.deviceId));
    QCOMPARE(graphDevice(joined.deviceId).json.value(u"value"_s).toArray().size(), 0);
}

QTEST_GUILESS_MAIN(TestFakeCloudDrs)
#include "tst_fakecloud_drs.moc"
