// RSA1 blobs, the PKCS#10 request and device-certificate reading, checked against OpenSSL.
#include "crypto/bcryptrsablob.h"
#include "crypto/csrbuilder.h"
#include "crypto/devicecertificate.h"
#include "tpm/softwarekeystore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

using namespace Entra;
using namespace Qt::Literals::StringLiterals;

namespace {

// A certificate shaped like DRS's (§3.4), minted here with OpenSSL.
QByteArray mintDeviceCertificate(const QByteArray &spki, bool longFormLengths)
{
    EVP_PKEY *caKey = EVP_RSA_gen(2048);
    const auto *cursor = reinterpret_cast<const unsigned char *>(spki.constData());
    EVP_PKEY *subjectKey = d2i_PUBKEY(nullptr, &cursor, spki.size());
    X509 *cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 0x1234567);
    X509_gmtime_adj(X509_getm_notBefore(cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert), 10L * 365 * 24 * 3600);
    X509_NAME *issuer = X509_NAME_new();
    X509_NAME_add_entry_by_txt(issuer, "DC", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("net"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(issuer, "DC", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("windows"), -1, 0, 1);
    X509_NAME_add_entry_by_txt(issuer, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("MS-Organization-Access"), -1, 0, 1);
    X509_NAME_add_entry_by_txt(issuer, "OU", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("82dbaca4-3e81-46ca-9c73-0950c1eaca97"), -1, 0, 1);
    X509_set_issuer_name(cert, issuer);
    X509_NAME *subject = X509_NAME_new();
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("9d53c6fa-b38e-4509-8fb1-51dedb421aac"), -1, -1, 0);
    X509_set_subject_name(cert, subject);
    X509_set_pubkey(cert, subjectKey);

    auto addExtension = [&](const char *oid, const QByteArray &payload) {
        QByteArray value(1, 0x04);
        if (longFormLengths)
            value.append(char(0x81));
        value.append(char(payload.size())).append(payload);
        ASN1_OBJECT *object = OBJ_txt2obj(oid, 1);
        ASN1_OCTET_STRING *data = ASN1_OCTET_STRING_new();
        ASN1_OCTET_STRING_set(data, reinterpret_cast<const unsigned char *>(value.constData()), int(value.size()));
        X509_EXTENSION *ext = X509_EXTENSION_create_by_OBJ(nullptr, object, 0, data);
        X509_add_ext(cert, ext, -1);
        X509_EXTENSION_free(ext);
        ASN1_OCTET_STRING_free(data);
        ASN1_OBJECT_free(object);
    };
    addExtension("1.2.840.113556.1.5.284.2", QByteArray::fromHex("FAC6539D8EB309458FB151DEDB421AAC"));
    addExtension("1.2.840.113556.1.5.284.3", microsoftBytesFromGuid(u"11111111-2222-3333-4444-555555555555"_s));
    addExtension("1.2.840.113556.1.5.284.5", microsoftBytesFromGuid(u"72b988bf-86f1-41af-91ab-2d7cd011db47"_s));
    addExtension("1.2.840.113556.1.5.284.7", "1");
    addExtension("1.2.840.113556.1.5.284.8", "EU");
    X509_sign(cert, caKey, EVP_sha256());
    unsigned char *der = nullptr;
    const int size = i2d_X509(cert, &der);
    const QByteArray bytes(reinterpret_cast<const char *>(der), size);
    OPENSSL_free(der);
    X509_NAME_free(issuer);
    X509_NAME_free(subject);
    X509_free(cert);
    EVP_PKEY_free(subjectKey);
    EVP_PKEY_free(caKey);
    return bytes;
}

} // namespace

class TestCrypto : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void blobHasTheDocumentedLayout();
    void blobRoundTrips();
    void malformedBlobsAreRefused_data();
    void malformedBlobsAreRefused();
    void blobsThatWouldNotRoundTripAreRefused_data();
    void blobsThatWouldNotRoundTripAreRefused();
    void csrVerifiesWithOpenSsl();
    void csrSigningErrorsPropagate();
    void microsoftGuidBytes();
    void readsDeviceCertificate_data();
    void readsDeviceCertificate();
    void refusesWhatIsNotACertificate_data();
    void refusesWhatIsNotACertificate();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<SoftwareKeyStore> m_store;
    QString m_keyId;
    KeyInfo m_key;
};

void TestCrypto::initTestCase()
{
    m_store = std::make_unique<SoftwareKeyStore>(m_dir.path());
    Result<KeyInfo> key = m_store->createKey({});
    QVERIFY(key);
    m_key = *key;
    m_keyId = key->keyId;
}

void TestCrypto::blobHasTheDocumentedLayout()
{
    Result<RsaPublicKey> key = m_store->publicKey(m_keyId);
    QVERIFY(key);
    Result<RsaPublicNumbers> numbers = key->numbers();
    QVERIFY(numbers);
    const QByteArray blob = BcryptRsaBlob::encode(*numbers);
    QCOMPARE(blob.size(), 283);
    QVERIFY(blob.toBase64().startsWith("UlNBMQAIAAADAAAAAAEAAAAAAAAAAAAAAQAB"));
    QCOMPARE(blob.right(256), numbers->modulus.right(256));
}

void TestCrypto::blobRoundTrips()
{
    const RsaPublicNumbers numbers = *m_store->publicKey(m_keyId)->numbers();
    Result<RsaPublicNumbers> back = BcryptRsaBlob::decode(BcryptRsaBlob::encode(numbers));
    QVERIFY(back);
    QCOMPARE(back->exponent, QByteArray::fromHex("010001"));
    QCOMPARE(back->modulus.right(256), numbers.modulus.right(256));
}

void TestCrypto::malformedBlobsAreRefused_data()
{
    QTest::addColumn<int>("offset");
    QTest::addColumn<char>("byte");
    QTest::addColumn<int>("truncateTo");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("magic") << 0 << 'X' << -1 << u"magic"_s;
    QTest::newRow("prime length") << 16 << char(1) << -1 << u"private"_s;
    QTest::newRow("modulus length") << 12 << char(2) << -1 << u"lengths"_s;
    QTest::newRow("bit length") << 5 << char(4) << -1 << u"bit length"_s;
    QTest::newRow("truncated") << 0 << 'R' << 200 << u"lengths"_s;
    QTest::newRow("header only") << 0 << 'R' << 10 << u"shorter than its header"_s;
}

void TestCrypto::malformedBlobsAreRefused()
{
    QFETCH(int, offset);
    QFETCH(char, byte);
    QFETCH(int, truncateTo);
    QFETCH(QString, messagePart);
    QByteArray blob = BcryptRsaBlob::encode(*m_store->publicKey(m_keyId)->numbers());
    blob[offset] = byte;
    if (truncateTo >= 0)
        blob.truncate(truncateTo);
    const Result<RsaPublicNumbers> result = BcryptRsaBlob::decode(blob);
    QVERIFY(!result);
    QVERIFY2(result.error().message.contains(messagePart), qPrintable(result.error().message));
}

// Found by fuzz_rsa1blob: a blob whose modulus is shorter than its bytes (leading zero) or whose
// exponent is zero was accepted, and encode() of the result did not decode any more.
void TestCrypto::blobsThatWouldNotRoundTripAreRefused_data()
{
    QTest::addColumn<QByteArray>("blob");
    QTest::addColumn<QString>("messagePart");
    // (-> QByteArray: with QStringBuilder, `auto` would return a builder over the local `out`.)
    const auto blob = [](quint32 bits, const QByteArray &exponent,
                         const QByteArray &modulus) -> QByteArray {
        QByteArray out;
        for (const quint32 v : {0x31415352u, bits, quint32(exponent.size()),
                                quint32(modulus.size()), 0u, 0u}) {
            char le[4];
            qToLittleEndian(v, le);
            out.append(le, 4);
        }
        return out + exponent + modulus;
    };
    QFile crash(QStringLiteral(ENTRA_FUZZ_CORPUS_DIR "/rsa1blob/crash-zero-modulus.blob"));
    QVERIFY(crash.open(QIODevice::ReadOnly));
    QTest::newRow("fuzz crash: zero modulus") << crash.readAll() << u"bit length"_s;
    QTest::newRow("leading zero byte") << blob(24, "\x03", QByteArray::fromHex("00c53b11"))
                                       << u"bit length"_s;
    QTest::newRow("bits below the top bit") << blob(32, "\x03", QByteArray::fromHex("453b1107"))
                                            << u"bit length"_s;
    QTest::newRow("zero exponent") << blob(32, QByteArray(3, '\0'), QByteArray::fromHex("c53b1107"))
                                   << u"exponent is zero"_s;
}

void TestCrypto::blobsThatWouldNotRoundTripAreRefused()
{
    QFETCH(QByteArray, blob);
    QFETCH(QString, messagePart);
    const Result<RsaPublicNumbers> result = BcryptRsaBlob::decode(blob);
    QVERIFY(!result);
    QVERIFY2(result.error().message.contains(messagePart), qPrintable(result.error().message));
    // The smallest well-formed blob still reads, and round-trips.
    const QByteArray good = QByteArray::fromHex("525341312000000001000000040000000000000000000000"
                                                "03c53b1107");
    const Result<RsaPublicNumbers> numbers = BcryptRsaBlob::decode(good);
    QVERIFY(numbers);
    QCOMPARE(BcryptRsaBlob::encode(*numbers), good);
}

void TestCrypto::csrVerifiesWithOpenSsl()
{
    Result<QByteArray> csr = CsrBuilder::build(m_key.publicKeyDer, [this](const QByteArray &digest) {
        return m_store->signDigestSha256(m_keyId, digest);
    });
    QVERIFY(csr);
    const auto *cursor = reinterpret_cast<const unsigned char *>(csr->constData());
    X509_REQ *req = d2i_X509_REQ(nullptr, &cursor, csr->size());
    QVERIFY(req);
    EVP_PKEY *key = X509_REQ_get0_pubkey(req);
    QVERIFY(key);
    QCOMPARE(EVP_PKEY_get_bits(key), 2048);
    QCOMPARE(X509_REQ_verify(req, key), 1);
    char cn[64] = {};
    X509_NAME_get_text_by_NID(X509_REQ_get_subject_name(req), NID_commonName, cn, sizeof cn);
    QCOMPARE(QByteArray(cn), CsrBuilder::registrationSubjectCn());
    QCOMPARE(X509_REQ_get_signature_nid(req), NID_sha256WithRSAEncryption);
    X509_REQ_free(req);
}

void TestCrypto::csrSigningErrorsPropagate()
{
    const Result<QByteArray> csr = CsrBuilder::build(m_key.publicKeyDer, [](const QByteArray &) {
        return Result<QByteArray>(Error{ErrorDomain::Tpm, 0x921, u"locked out"_s, {}, {}});
    });
    QVERIFY(!csr);
    QCOMPARE(csr.error().code, 0x921);
    QVERIFY(!CsrBuilder::build("not der", {}));
}

void TestCrypto::microsoftGuidBytes()
{
    // MS-DVRJ's example: CN 9d53c6fa-... is stored as FA C6 53 9D 8E B3 09 45 8F B1 ...
    const QByteArray bytes = QByteArray::fromHex("FAC6539D8EB309458FB151DEDB421AAC");
    QCOMPARE(guidFromMicrosoftBytes(bytes), u"9d53c6fa-b38e-4509-8fb1-51dedb421aac"_s);
    QCOMPARE(microsoftBytesFromGuid(u"9d53c6fa-b38e-4509-8fb1-51dedb421aac"_s), bytes);
    QVERIFY(guidFromMicrosoftBytes("short").isEmpty());
}

void TestCrypto::readsDeviceCertificate_data()
{
    QTest::addColumn<bool>("longForm");
    QTest::newRow("windows long-form lengths (04 81 10)") << true;
    QTest::newRow("minimal lengths (04 10)") << false;
}

void TestCrypto::readsDeviceCertificate()
{
    QFETCH(bool, longForm);
    const QByteArray der = mintDeviceCertificate(m_key.publicKeyDer, longForm);
    Result<DeviceCertificate> cert = DeviceCertificate::fromData(der);
    QVERIFY2(cert, qPrintable(cert ? QString() : cert.error().message));
    QCOMPARE(cert->deviceId, u"9d53c6fa-b38e-4509-8fb1-51dedb421aac"_s);
    QCOMPARE(cert->subjectCommonName, cert->deviceId);
    QCOMPARE(cert->userObjectId, u"11111111-2222-3333-4444-555555555555"_s);
    QCOMPARE(cert->tenantId, u"72b988bf-86f1-41af-91ab-2d7cd011db47"_s);
    QCOMPARE(cert->joinType, std::optional<int>(1));
    QCOMPARE(cert->tenantRegion, u"EU"_s);
    QVERIFY(cert->isIssuedByMsOrganizationAccess());
    QVERIFY2(cert->issuer.contains(u"+"_s), qPrintable(cert->issuer)); // one multi-valued RDN
    QCOMPARE(cert->thumbprint,
             QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha1).toHex().toUpper()));
    QCOMPARE(cert->signatureAlgorithmOid, u"1.2.840.113549.1.1.11"_s);
    QCOMPARE(cert->keyType, u"RSA"_s);
    QCOMPARE(cert->keyBits, 2048);
    QCOMPARE(cert->subjectPublicKeyInfo, m_key.publicKeyDer);
    QCOMPARE(cert->serialNumber, u"01234567"_s);
    QVERIFY(cert->notAfter > cert->notBefore.addYears(9));
    QVERIFY(cert->alternativeSecurityId().startsWith(u"X509:<SHA1-TP-PUBKEY>"_s + cert->thumbprint + u'+'));
    // PEM round trip gives the same certificate.
    Result<DeviceCertificate> fromPem = DeviceCertificate::fromPem(cert->toPem());
    QVERIFY(fromPem);
    QCOMPARE(fromPem->der, der);
}

void TestCrypto::refusesWhatIsNotACertificate_data()
{
    QTest::addColumn<QByteArray>("data");
    const QByteArray der = mintDeviceCertificate(m_key.publicKeyDer, true);
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("truncated") << der.left(der.size() / 2);
    QTest::newRow("trailing garbage") << der + QByteArray("junk");
    QTest::newRow("broken pem") << QByteArray("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    QTest::newRow("text") << QByteArray("hello");
}

void TestCrypto::refusesWhatIsNotACertificate()
{
    QFETCH(QByteArray, data);
    const Result<DeviceCertificate> cert = DeviceCertificate::fromData(data);
    QVERIFY(!cert);
    QVERIFY(cert.error().message.contains(u"not a readable X.509 certificate"_s));
    QVERIFY(cert.error().fix.contains(u"PEM"_s));
}

QTEST_GUILESS_MAIN(TestCrypto)
#include "tst_crypto.moc"
