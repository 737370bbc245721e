// TpmKeyStore against a real swtpm; every TPM result is checked with OpenSSL.
#include "tpm/keysigntest.h"
#include "tpm/tpmkeyfile.h"
#include "tpm/tpmkeystore.h"
#include "tpmtestenvironment.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <sys/stat.h>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::Test;

namespace {

// The permission bits as the kernel has them (QFile::permissions adds the "user" bits).
int modeOf(const QString &path)
{
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

} // namespace

class TstTpmKeyStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void createExportsUsablePublicKey();
    void signVerifiesInOpenSsl_data();
    void signVerifiesInOpenSsl();
    void oaepDecryptOfOpenSslCiphertext();
    void rawPrivateOperationInvertsPublic();
    void keyFileIsPrivateAndLoadable();
    void manyOperationsFlushEveryHandle();
    void pinProtectedKey();
    void poolMakesPinKeys();
    void deleteForgetsKey();
    void keysSurviveNewWorker();
    void unknownAndInvalidKeyIds();
    void keySignTestPasses();

private:
    QString createKey(const QString &pin = {});

    TpmTestEnvironment m_env;
    QTemporaryDir m_stateDir;
    std::unique_ptr<TpmKeyStore> m_store;
};

void TstTpmKeyStore::initTestCase()
{
    QVERIFY2(m_env.start(), qPrintable(m_env.swtpm.errorString()));
    QVERIFY(m_stateDir.isValid());
    m_store = std::make_unique<TpmKeyStore>(m_env.worker, m_stateDir.filePath(u"tpm"_s), 0);
}

void TstTpmKeyStore::cleanupTestCase()
{
    m_store.reset();
    m_env.worker.reset();
}

QString TstTpmKeyStore::createKey(const QString &pin)
{
    const Result<KeyInfo> info = m_store->createKey({ {}, pin });
    if (!info) {
        qWarning() << info.error().message << info.error().detail;
        return {};
    }
    return info->keyId;
}

void TstTpmKeyStore::createExportsUsablePublicKey()
{
    const Result<KeyInfo> info = m_store->createKey({});
    QVERIFY2(info, qPrintable(info ? QString() : info.error().detail));
    QVERIFY(!KeyStore::normalizeKeyId(info->keyId).isEmpty());
    QCOMPARE(info->provider, u"Entra Doctor Platform Crypto Provider"_s);
    QVERIFY(info->hardwareBacked);
    QVERIFY(!info->pinProtected);

    const Result<RsaPublicKey> key = RsaPublicKey::fromDer(info->publicKeyDer);
    QVERIFY(key);
    QCOMPARE(key->bits(), 2048);
    const Result<RsaPublicNumbers> numbers = key->numbers();
    QVERIFY(numbers);
    QCOMPARE(numbers->modulus.size(), 256);
    QCOMPARE(numbers->exponent, QByteArray::fromHex("010001"));
    QVERIFY(key->pem().startsWith("-----BEGIN PUBLIC KEY-----"));
    // The DER round-trips through OpenSSL unchanged.
    const Result<RsaPublicKey> again = RsaPublicKey::fromPem(key->pem());
    QVERIFY(again);
    QCOMPARE(again->der(), info->publicKeyDer);
}

void TstTpmKeyStore::signVerifiesInOpenSsl_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("short") << QByteArray("challenge");
    QTest::newRow("1 MiB") << QByteArray(1 << 20, 'x');
}

void TstTpmKeyStore::signVerifiesInOpenSsl()
{
    QFETCH(QByteArray, data);
    const QString keyId = createKey();
    QVERIFY(!keyId.isEmpty());
    const Result<QByteArray> signature = m_store->signSha256(keyId, data);
    QVERIFY2(signature, qPrintable(signature ? QString() : signature.error().detail));
    QCOMPARE(signature->size(), 256);
    const Result<RsaPublicKey> key = m_store->publicKey(keyId);
    QVERIFY(key);
    const Status verified = key->verifySha256(data, *signature);
    QVERIFY2(verified, qPrintable(verified ? QString() : verified.error().detail));
    // And a different message does not verify.
    QVERIFY(!key->verifySha256(data + "!", *signature));
}

void TstTpmKeyStore::oaepDecryptOfOpenSslCiphertext()
{
    const QString keyId = createKey();
    QVERIFY(!keyId.isEmpty());
    const Result<RsaPublicKey> key = m_store->publicKey(keyId);
    QVERIFY(key);
    const QByteArray sessionKey
        = QByteArray::fromHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    const Result<QByteArray> ciphertext = key->encryptOaepSha1(sessionKey);
    QVERIFY(ciphertext);
    const Result<QByteArray> plain = m_store->decryptOaepSha1(keyId, *ciphertext);
    QVERIFY2(plain, qPrintable(plain ? QString() : plain.error().detail));
    QCOMPARE(*plain, sessionKey);
    // A damaged ciphertext is an error, not garbage.
    QByteArray damaged = *ciphertext;
    damaged[10] = char(damaged[10] ^ 0x5A);
    QVERIFY(!m_store->decryptOaepSha1(keyId, damaged));
}

void TstTpmKeyStore::rawPrivateOperationInvertsPublic()
{
    const QString keyId = createKey();
    QVERIFY(!keyId.isEmpty());
    const Result<RsaPublicKey> key = m_store->publicKey(keyId);
    QVERIFY(key);
    // A modulus-sized block below the modulus (leading zero byte), as TLS padding produces.
    QByteArray block(256, Qt::Uninitialized);
    QRandomGenerator::global()->generate(block.begin(), block.end());
    block[0] = 0;
    block[1] = char(0x01);
    const Result<QByteArray> signature = m_store->rawPrivateOperation(keyId, block);
    QVERIFY2(signature, qPrintable(signature ? QString() : signature.error().detail));
    QCOMPARE(signature->size(), 256);
    const Result<QByteArray> recovered = key->rawPublic(*signature);
    QVERIFY(recovered);
    QCOMPARE(*recovered, block);
}

void TstTpmKeyStore::keyFileIsPrivateAndLoadable()
{
    const QString keyId = createKey();
    QVERIFY(!keyId.isEmpty());
    const QString path = m_store->keyPath(keyId);
    QVERIFY(QFile::exists(path));
    QCOMPARE(modeOf(path), 0600);
    QCOMPARE(modeOf(m_store->directory()), 0700);
    const Result<TpmKeyRecord> record = TpmKeyFile::load(path);
    QVERIFY(record);
    QCOMPARE(record->keyId, keyId);
    QVERIFY(!record->blob.isEmpty());
    QVERIFY(!record->pinProtected);
    QCOMPARE(TpmKeyBlobs::isDaProtected(record->blob.publicArea).value(), false);
    QVERIFY(m_store->keyIds().contains(keyId));
}

void TstTpmKeyStore::manyOperationsFlushEveryHandle()
{
    // swtpm holds 3 transient objects and there is no resource manager: a leaked handle shows
    // up as TPM_RC_OBJECT_MEMORY within a few operations.
    const QString first = createKey();
    const QString second = createKey();
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    const QByteArray digest = QCryptographicHash::hash("x", QCryptographicHash::Sha256);
    for (int i = 0; i < 8; ++i) {
        const QString &keyId = i % 2 ? first : second;
        const Result<QByteArray> signature = m_store->signDigestSha256(keyId, digest);
        QVERIFY2(signature, qPrintable(signature ? QString() : signature.error().detail));
    }
}

void TstTpmKeyStore::pinProtectedKey()
{
    const Result<KeyInfo> info = m_store->createKey({ {}, u"123456"_s });
    QVERIFY(info);
    QVERIFY(info->pinProtected);
    const Result<TpmKeyRecord> record = TpmKeyFile::load(m_store->keyPath(info->keyId));
    QVERIFY(record);
    QCOMPARE(TpmKeyBlobs::isDaProtected(record->blob.publicArea).value(), true);

    const Result<QByteArray> signature = m_store->signSha256(info->keyId, "data", u"123456"_s);
    QVERIFY2(signature, qPrintable(signature ? QString() : signature.error().detail));
    QVERIFY(m_store->publicKey(info->keyId)->verifySha256("data", *signature));

    // A long PIN (over 32 UTF-8 bytes) works too: it is hashed into the authValue.
    const QString longPin = u"ünïcödé-pin-that-is-longer-than-thirty-two-bytes"_s;
    const Result<KeyInfo> longInfo = m_store->createKey({ {}, longPin });
    QVERIFY(longInfo);
    QVERIFY(m_store->signSha256(longInfo->keyId, "data", longPin));
}

void TstTpmKeyStore::poolMakesPinKeys()
{
    QTemporaryDir dir;
    TpmKeyStore store(m_env.worker, dir.path(), 2);
    QCOMPARE(store.pool().available(), 0);
    QFuture<Result<int>> filled = store.pool().fill();
    filled.waitForFinished();
    QVERIFY(filled.result());
    QCOMPARE(filled.result().value(), 2);
    QCOMPARE(store.pool().available(), 2);

    const Result<KeyInfo> info = store.createKey({ {}, u"2468"_s });
    QVERIFY2(info, qPrintable(info ? QString() : info.error().detail));
    const Result<TpmKeyRecord> record = TpmKeyFile::load(store.keyPath(info->keyId));
    QVERIFY(record);
    QVERIFY(record->fromPool);
    QVERIFY(record->pinProtected);

    // The pooled key now answers to the PIN, and only to it.
    const Result<QByteArray> signature = store.signSha256(info->keyId, "pooled", u"2468"_s);
    QVERIFY2(signature, qPrintable(signature ? QString() : signature.error().detail));
    QVERIFY(store.publicKey(info->keyId)->verifySha256("pooled", *signature));
    const Result<QByteArray> empty = store.signSha256(info->keyId, "pooled", {});
    QVERIFY(!empty);
    QCOMPARE(tpmErrorKind(empty.error()), TpmErrorKind::WrongPin);

    // Taking a key starts a refill in the background.
    QTRY_COMPARE_WITH_TIMEOUT(store.pool().available(), 2, 30000);
    QCOMPARE(modeOf(store.pool().directory()), 0700);
    const QStringList pooled = QDir(store.pool().directory()).entryList(QDir::Files);
    QCOMPARE(pooled.size(), 2);
    for (const QString &file : pooled)
        QCOMPARE(modeOf(store.pool().directory() + u'/' + file), 0600);

    // Keys without a PIN are noDA and never come from the pool.
    const Result<KeyInfo> plain = store.createKey({});
    QVERIFY(plain);
    QVERIFY(!TpmKeyFile::load(store.keyPath(plain->keyId))->fromPool);
    // Reset the DA counter raised by the empty-PIN attempt above for the other tests.
    QVERIFY(m_env.worker->call<Success>([](TpmConnection &connection) -> Status {
        const Result<TpmSession *> session = connection.session();
        if (!session)
            return session.error();
        return (*session)->resetDictionaryAttackLockout();
    }));
}

void TstTpmKeyStore::deleteForgetsKey()
{
    const QString keyId = createKey();
    QVERIFY(!keyId.isEmpty());
    QVERIFY(m_store->deleteKey(keyId));
    QVERIFY(!QFile::exists(m_store->keyPath(keyId)));
    const Result<QByteArray> signature = m_store->signSha256(keyId, "x");
    QVERIFY(!signature);
    QCOMPARE(tpmErrorKind(signature.error()), TpmErrorKind::KeyNotFound);
    const Status again = m_store->deleteKey(keyId);
    QVERIFY(!again);
    QCOMPARE(tpmErrorKind(again.error()), TpmErrorKind::KeyNotFound);
}

void TstTpmKeyStore::keysSurviveNewWorker()
{
    const QString keyId = createKey();
    QVERIFY(!keyId.isEmpty());
    const QByteArray publicKey = m_store->keyInfo(keyId)->publicKeyDer;
    // A new process (worker + store) on the same directory: the storage primary is recreated
    // from the owner seed and the blob loads under it.
    auto worker = std::make_shared<TpmWorker>(m_env.options());
    TpmKeyStore store(worker, m_store->directory(), 0);
    const Result<QByteArray> signature = store.signSha256(keyId, "persisted");
    QVERIFY2(signature, qPrintable(signature ? QString() : signature.error().detail));
    QVERIFY(RsaPublicKey::fromDer(publicKey)->verifySha256("persisted", *signature));
}

void TstTpmKeyStore::unknownAndInvalidKeyIds()
{
    const Result<KeyInfo> unknown = m_store->keyInfo(KeyStore::newKeyId());
    QVERIFY(!unknown);
    QCOMPARE(tpmErrorKind(unknown.error()), TpmErrorKind::KeyNotFound);
    // Not a GUID: refused before it can become a path.
    const Result<QByteArray> traversal = m_store->signSha256(u"../../etc/passwd"_s, "x");
    QVERIFY(!traversal);
    QVERIFY(traversal.error().message.contains(u"not a key id"_s));
    QVERIFY(!m_store->createKey({ u"not-a-guid"_s, {} }));
    // Braces and upper case name the same key.
    const QString keyId = createKey();
    QVERIFY(m_store->keyInfo(u"{%1}"_s.arg(keyId.toUpper())));
}

void TstTpmKeyStore::keySignTestPasses()
{
    const QString keyId = createKey();
    QVERIFY(!keyId.isEmpty());
    const KeySignTestResult result = KeySignTest::run(*m_store, { keyId, {}, {}, {} });
    QVERIFY2(result.passed, qPrintable(result.error ? result.error->detail : QString()));
    QCOMPARE(result.statusText(), u"PASSED"_s);
    QVERIFY(result.tpmProtected);
    QCOMPARE(result.toJson().value("KeySignTest"_L1).toString(), u"PASSED"_s);
    QCOMPARE(result.toJson().value("TpmProtected"_L1).toString(), u"YES"_s);
    QCOMPARE(result.toJson().value("KeyProvider"_L1).toString(),
             u"Entra Doctor Platform Crypto Provider"_s);
}

QTEST_GUILESS_MAIN(TstTpmKeyStore)
#include "tst_tpmkeystore.moc"
