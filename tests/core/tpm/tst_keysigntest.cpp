// KeySignTest with a TPM key, verified against a device certificate the way dsregcmd does.
#include "tpm/keysigntest.h"
#include "tpm/tpmkeystore.h"
#include "tpmtestenvironment.h"

#include <QTemporaryDir>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::Test;

namespace {

// A certificate for `subjectPublicKeyDer`, issued by a throw-away software CA. DER or PEM.
QByteArray issueCertificate(const QByteArray &subjectPublicKeyDer, bool pem)
{
    const auto *p = reinterpret_cast<const unsigned char *>(subjectPublicKeyDer.constData());
    EVP_PKEY *subjectKey = d2i_PUBKEY(nullptr, &p, long(subjectPublicKeyDer.size()));
    EVP_PKEY *caKey = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048));
    X509 *cert = X509_new();
    QByteArray out;
    if (subjectKey && caKey && cert) {
        X509_set_version(cert, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
        X509_gmtime_adj(X509_getm_notBefore(cert), 0);
        X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
        X509_NAME *name = X509_get_subject_name(cert);
        X509_NAME_add_entry_by_txt(
            name, "CN", MBSTRING_ASC,
            reinterpret_cast<const unsigned char *>("7E980AD9-B86D-4306-9425-9AC066FB014A"), -1, -1,
            0);
        X509_set_issuer_name(cert, name);
        X509_set_pubkey(cert, subjectKey);
        if (X509_sign(cert, caKey, EVP_sha256()) > 0) {
            if (pem) {
                BIO *bio = BIO_new(BIO_s_mem());
                PEM_write_bio_X509(bio, cert);
                char *data = nullptr;
                const long length = BIO_get_mem_data(bio, &data);
                out = QByteArray(data, length);
                BIO_free(bio);
            } else {
                unsigned char *der = nullptr;
                const int length = i2d_X509(cert, &der);
                out = QByteArray(reinterpret_cast<const char *>(der), length);
                OPENSSL_free(der);
            }
        }
    }
    X509_free(cert);
    EVP_PKEY_free(caKey);
    EVP_PKEY_free(subjectKey);
    return out;
}

} // namespace

class TstKeySignTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void againstCertificate_data();
    void againstCertificate();
    void certificateOfAnotherKeyFails();
    void pinKeyNeedsItsPin();
    void tpmGoneFailsWithDecodedError();

private:
    TpmTestEnvironment m_env;
    QTemporaryDir m_stateDir;
    std::shared_ptr<TpmKeyStore> m_store;
    KeyInfo m_deviceKey;
    KeyInfo m_otherKey;
};

void TstKeySignTest::initTestCase()
{
    QVERIFY2(m_env.start(), qPrintable(m_env.swtpm.errorString()));
    m_store = std::make_shared<TpmKeyStore>(m_env.worker, m_stateDir.filePath(u"tpm"_s), 0);
    const Result<KeyInfo> device = m_store->createKey({});
    const Result<KeyInfo> other = m_store->createKey({});
    QVERIFY(device && other);
    m_deviceKey = *device;
    m_otherKey = *other;
}

void TstKeySignTest::cleanupTestCase()
{
    m_store.reset();
    m_env.worker.reset();
}

void TstKeySignTest::againstCertificate_data()
{
    QTest::addColumn<bool>("pem");
    QTest::newRow("DER") << false;
    QTest::newRow("PEM") << true;
}

void TstKeySignTest::againstCertificate()
{
    QFETCH(bool, pem);
    const QByteArray certificate = issueCertificate(m_deviceKey.publicKeyDer, pem);
    QVERIFY(!certificate.isEmpty());
    QCOMPARE(RsaPublicKey::fromCertificate(certificate)->der(), m_deviceKey.publicKeyDer);

    const KeySignTestResult result
        = KeySignTest::run(*m_store, { m_deviceKey.keyId, certificate, {}, {} });
    QVERIFY2(result.passed, qPrintable(result.error ? result.error->message : QString()));
    QCOMPARE(result.verifiedAgainst, u"certificate"_s);
    QVERIFY(result.tpmProtected);
    QCOMPARE(result.keyId, m_deviceKey.keyId);
}

void TstKeySignTest::certificateOfAnotherKeyFails()
{
    const QByteArray certificate = issueCertificate(m_otherKey.publicKeyDer, false);
    const KeySignTestResult result
        = KeySignTest::run(*m_store, { m_deviceKey.keyId, certificate, {}, {} });
    QVERIFY(!result.passed);
    QVERIFY(result.error);
    QVERIFY(result.error->message.contains(u"does not match"_s));
    QVERIFY(result.error->fix.contains(u"re-register"_s));
    // A certificate that cannot be read is a failure with a reason, not a pass.
    const KeySignTestResult garbage
        = KeySignTest::run(*m_store, { m_deviceKey.keyId, "not a certificate", {}, {} });
    QVERIFY(!garbage.passed);
    QVERIFY(garbage.error->message.contains(u"certificate could not be read"_s));
}

void TstKeySignTest::pinKeyNeedsItsPin()
{
    const Result<KeyInfo> hello = m_store->createKey({ {}, u"8642"_s });
    QVERIFY(hello);
    QVERIFY(KeySignTest::run(*m_store, { hello->keyId, {}, {}, u"8642"_s }).passed);
    const KeySignTestResult wrong = KeySignTest::run(*m_store, { hello->keyId, {}, {}, u"0000"_s });
    QVERIFY(!wrong.passed);
    QCOMPARE(tpmErrorKind(*wrong.error), TpmErrorKind::WrongPin);
    QVERIFY2(wrong.error->message.contains(u"1 of "_s), qPrintable(wrong.error->message));
    QCOMPARE(wrong.toJson().value("Error"_L1).toObject().value("Domain"_L1).toString(), u"tpm"_s);
}

void TstKeySignTest::tpmGoneFailsWithDecodedError()
{
    const QByteArray certificate = issueCertificate(m_deviceKey.publicKeyDer, false);
    m_env.swtpm.kill();
    const KeySignTestResult result
        = KeySignTest::run(*m_store, { m_deviceKey.keyId, certificate, {}, {} });
    QVERIFY(!result.passed);
    QVERIFY(result.error);
    QCOMPARE(result.error->domain, ErrorDomain::Tpm);
    const TpmErrorKind kind = tpmErrorKind(*result.error);
    QVERIFY2(kind == TpmErrorKind::ConnectionLost || kind == TpmErrorKind::Unreachable,
             qPrintable(result.error->detail));
    QVERIFY(!result.error->detail.isEmpty());
}

QTEST_GUILESS_MAIN(TstKeySignTest)
#include "tst_keysigntest.moc"
