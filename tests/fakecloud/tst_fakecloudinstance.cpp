// The fakecloud executable's command-line contract and tests/support's FakeCloudInstance:
// one "listening on" line, the CA file, --state-dir persistence, --ca-cert/--ca-key, --tenant-id.

#include "fakecloudinstance.h"
#include "testcrypto.h"
#include "testhttp.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

using namespace Qt::Literals::StringLiterals;
using namespace FakeCloudTest;
using Entra::Test::FakeCloudInstance;

namespace {

constexpr char Upn[] = "alice@contoso.onmicrosoft.com";

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

// A self-signed ECDSA CA certificate (PEM) for key.
QByteArray selfSignedCa(EVP_PKEY *key, const char *commonName)
{
    X509 *ca = X509_new();
    X509_set_version(ca, X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(ca), 42);
    X509_NAME_add_entry_by_NID(X509_get_subject_name(ca), NID_commonName, MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>(commonName), -1, -1, 0);
    X509_set_issuer_name(ca, X509_get_subject_name(ca));
    X509_gmtime_adj(X509_getm_notBefore(ca), -3600);
    X509_gmtime_adj(X509_getm_notAfter(ca), 3600 * 24 * 30);
    X509_set_pubkey(ca, key);
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, ca, ca, nullptr, nullptr, 0);
    for (const auto &[nid, value] : { std::pair { NID_basic_constraints, "critical,CA:TRUE" },
                                      std::pair { NID_key_usage, "critical,keyCertSign" },
                                      std::pair { NID_subject_key_identifier, "hash" } }) {
        X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
        X509_add_ext(ca, extension, -1);
        X509_EXTENSION_free(extension);
    }
    X509_sign(ca, key, EVP_sha256());
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, ca);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, size);
    BIO_free(bio);
    X509_free(ca);
    return pem;
}

} // namespace

class TestFakeCloudInstance : public QObject
{
    Q_OBJECT

private slots:
    void executablePrintsExactlyOneLine();
    void startAndStop();
    void stateDirectorySurvivesRestart();
    void givenCaIsUsed();
    void mismatchedCaKeyIsRefused();
    void tenantIdMustMatchTheSavedState();
    void killedInstanceAnswersNothing();
};

void TestFakeCloudInstance::executablePrintsExactlyOneLine()
{
    QTemporaryDir dir;
    const QString caOut = dir.filePath(u"ca.pem"_s);
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(FakeCloudInstance::executable(),
                  { u"--port"_s, u"0"_s, u"--ca-out"_s, caOut, u"--auto-approve"_s,
                    QString::fromLatin1(Upn) });
    QVERIFY(process.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 20000);
    const QString line = QString::fromUtf8(process.readLine());
    const QRegularExpressionMatch match
        = QRegularExpression(u"^listening on https://127\\.0\\.0\\.1:(\\d+)\\n$"_s).match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    const quint16 port = quint16(match.captured(1).toUInt());
    QVERIFY(port > 0);

    // The CA file is there when the line is, and it is a CA the server chains to.
    const QList<QSslCertificate> cas = QSslCertificate::fromPath(caOut, QSsl::Pem);
    QCOMPARE(cas.size(), 1);
    QVERIFY(cas.first().isSelfSigned());
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(cas);
    const HttpResult result
        = postForm(QUrl(u"https://127.0.0.1:%1/common/oauth2/devicecode"_s.arg(port)), ssl,
                   form({ { u"client_id"_s, u"29d9ed98-a469-4536-ade2-f981bc1d605e"_s },
                          { u"resource"_s, u"urn:ms-drs:enterpriseregistration.windows.net"_s } }));
    QCOMPARE(result.status, 200);
    const HttpResult token
        = postForm(QUrl(u"https://127.0.0.1:%1/common/oauth2/token"_s.arg(port)), ssl,
                   form({ { u"grant_type"_s, u"urn:ietf:params:oauth:grant-type:device_code"_s },
                          { u"client_id"_s, u"29d9ed98-a469-4536-ade2-f981bc1d605e"_s },
                          { u"code"_s, result.json.value(u"device_code"_s).toString() } }));
    QCOMPARE(token.status, 200); // --auto-approve

    process.terminate();
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.readAllStandardOutput(), QByteArray()); // nothing after the one line
    QVERIFY(process.readAllStandardError().contains("tenant"));
}

void TestFakeCloudInstance::startAndStop()
{
    FakeCloudInstance cloud;
    QVERIFY2(cloud.start(), qPrintable(cloud.errorString()));
    QVERIFY(cloud.isRunning());
    QVERIFY(cloud.port() > 0);
    QVERIFY(cloud.processId() > 0);
    QCOMPARE(cloud.baseUrl(), QUrl(u"https://127.0.0.1:%1"_s.arg(cloud.port())));
    QVERIFY(QFile::exists(cloud.caFile()));
    QCOMPARE(cloud.caCertificates().size(), 1);
    QVERIFY(!QUuid::fromString(cloud.tenantId()).isNull());
    QCOMPARE(cloud.tenantDomain(), u"contoso.onmicrosoft.com"_s);
    QCOMPARE(cloud.sslConfiguration().caCertificates(), cloud.caCertificates());
    QVERIFY(cloud.start()); // already running: fine
    cloud.stop();
    QVERIFY(!cloud.isRunning());
    QVERIFY(!cloud.admin("GET", u"/state"_s).ok());
}

void TestFakeCloudInstance::stateDirectorySurvivesRestart()
{
    QTemporaryDir state;
    FakeCloudInstance::Options options;
    options.stateDir = state.path();
    QString tenantId;
    QByteArray caPem;
    QByteArray graphToken;
    QString deviceId;
    QByteArray certificate;
    KeyPtr deviceKey = generateRsa();
    {
        FakeCloudInstance first(options);
        QVERIFY2(first.start(), qPrintable(first.errorString()));
        tenantId = first.tenantId();
        caPem = readFile(first.caFile());
        graphToken = first.mintAccessToken(QString::fromLatin1(Upn), u"graph"_s).toLatin1();
        KeyPtr transportKey = generateRsa();
        const QJsonObject body {
            { u"CertificateRequest"_s,
              QJsonObject {
                  { u"Type"_s, u"pkcs10"_s },
                  { u"Data"_s, QString::fromLatin1(makeCsr(deviceKey.get()).toBase64()) } } },
            { u"TransportKey"_s,
              QString::fromLatin1(rsaPublicBlob(transportKey.get()).toBase64()) },
            { u"TargetDomain"_s, u"contoso.onmicrosoft.com"_s },
            { u"DeviceType"_s, u"Linux"_s },
            { u"OSVersion"_s, u"Debian 12"_s },
            { u"DeviceDisplayName"_s, u"persisted"_s },
            { u"JoinType"_s, 4 },
        };
        const HttpResult joined = postJson(
            first.url(u"/EnrollmentServer/device/?api-version=2.0"_s), first.sslConfiguration(),
            body, first.mintAccessToken(QString::fromLatin1(Upn)).toLatin1());
        QCOMPARE(joined.status, 200);
        certificate = QByteArray::fromBase64(
            joined.json[u"Certificate"_s][u"RawBody"_s].toString().toLatin1());
        deviceId = subjectCommonName(certificateFromDer(certificate).get());
    }

    // Saved atomically, readable by the owner only.
    const QDir dir(state.path());
    for (const QString &file : { u"state.json"_s, u"keys/tls-ca.pem"_s, u"keys/tls-ca.key"_s,
                                 u"keys/org-access-ca.pem"_s, u"keys/org-access-ca.key"_s,
                                 u"keys/token-signing.pem"_s, u"keys/token-signing.key"_s }) {
        const QFileInfo info(dir.filePath(file));
        QVERIFY2(info.exists(), qPrintable(file));
        QCOMPARE(
            info.permissions()
                & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
            QFile::Permissions());
    }
    QVERIFY(!readFile(dir.filePath(u"state.json"_s)).contains("BEGIN PRIVATE KEY"));

    FakeCloudInstance second(options);
    QVERIFY2(second.start(), qPrintable(second.errorString()));
    QCOMPARE(second.tenantId(), tenantId);
    QCOMPARE(readFile(second.caFile()), caPem); // clients keep trusting the same CA
    QCOMPARE(second.device(deviceId).value(u"trustType"_s).toString(), u"Workplace"_s);

    // A token issued before the restart still verifies; the device is in Graph.
    QUrl url = second.url(u"/v1.0/devices"_s);
    url.setQuery(u"$filter=deviceId eq '%1'"_s.arg(deviceId));
    const HttpResult graph
        = get(url, second.sslConfiguration(), { { "Authorization", "Bearer " + graphToken } });
    QCOMPARE(graph.status, 200);
    QCOMPARE(graph.json[u"value"_s][0][u"deviceId"_s].toString(), deviceId);

    // The certificate issued before the restart still authenticates the leave.
    QSslConfiguration ssl = second.sslConfiguration();
    ssl.setLocalCertificate(QSslCertificate(certificate, QSsl::Der));
    ssl.setPrivateKey(qtPrivateKey(deviceKey.get()));
    FakeCloudTest::HttpRequest leave;
    leave.method = "DELETE";
    leave.url = second.url(u"/EnrollmentServer/device/%1"_s.arg(deviceId));
    leave.ssl = ssl;
    QCOMPARE(send(leave).status, 200);
    QVERIFY(second.device(deviceId).isEmpty());
}

void TestFakeCloudInstance::givenCaIsUsed()
{
    QTemporaryDir dir;
    KeyPtr key = generateEcP256();
    const QByteArray caPem = selfSignedCa(key.get(), "given test CA");
    QVERIFY(writeFile(dir.filePath(u"ca.pem"_s), caPem));
    QVERIFY(writeFile(dir.filePath(u"ca.key"_s), privateKeyPem(key.get())));
    FakeCloudInstance::Options options;
    options.caCertFile = dir.filePath(u"ca.pem"_s);
    options.caKeyFile = dir.filePath(u"ca.key"_s);
    FakeCloudInstance cloud(options);
    QVERIFY2(cloud.start(), qPrintable(cloud.errorString()));
    QCOMPARE(cloud.caCertificates(), QSslCertificate::fromData(caPem, QSsl::Pem));
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(QSslCertificate::fromData(caPem, QSsl::Pem));
    QCOMPARE(get(cloud.url(u"/common/discovery/keys"_s), ssl).status, 200);
}

void TestFakeCloudInstance::mismatchedCaKeyIsRefused()
{
    QTemporaryDir dir;
    KeyPtr key = generateEcP256();
    KeyPtr otherKey = generateEcP256();
    QVERIFY(writeFile(dir.filePath(u"ca.pem"_s), selfSignedCa(key.get(), "given test CA")));
    QVERIFY(writeFile(dir.filePath(u"ca.key"_s), privateKeyPem(otherKey.get())));
    FakeCloudInstance::Options options;
    options.caCertFile = dir.filePath(u"ca.pem"_s);
    options.caKeyFile = dir.filePath(u"ca.key"_s);
    FakeCloudInstance cloud(options);
    QVERIFY(!cloud.start());
    QVERIFY2(cloud.errorString().contains(u"do not belong together"_s),
             qPrintable(cloud.errorString()));
}

void TestFakeCloudInstance::tenantIdMustMatchTheSavedState()
{
    QTemporaryDir state;
    FakeCloudInstance::Options options;
    options.stateDir = state.path();
    options.tenantId = u"11111111-2222-3333-4444-555555555555"_s;
    {
        FakeCloudInstance first(options);
        QVERIFY2(first.start(), qPrintable(first.errorString()));
        QCOMPARE(first.tenantId(), options.tenantId);
    }
    options.tenantId = u"99999999-2222-3333-4444-555555555555"_s;
    FakeCloudInstance second(options);
    QVERIFY(!second.start());
    QVERIFY2(second.errorString().contains(u"differs"_s), qPrintable(second.errorString()));
}

void TestFakeCloudInstance::killedInstanceAnswersNothing()
{
    FakeCloudInstance cloud;
    QVERIFY2(cloud.start(), qPrintable(cloud.errorString()));
    const quint16 port = cloud.port();
    cloud.kill();
    QVERIFY(!cloud.isRunning());
    QCOMPARE(cloud.port(), quint16(0));
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(cloud.caCertificates());
    const HttpResult result
        = get(QUrl(u"https://127.0.0.1:%1/common/discovery/keys"_s.arg(port)), ssl);
    QCOMPARE(result.error, QNetworkReply::ConnectionRefusedError);
}

QTEST_GUILESS_MAIN(TestFakeCloudInstance)
#include "tst_fakecloudinstance.moc"
