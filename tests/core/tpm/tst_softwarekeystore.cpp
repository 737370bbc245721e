// SoftwareKeyStore: OpenSSL keys in 0600 PEM files.
#include "tpm/asyncdelivery.h"
#include "tpm/keysigntest.h"
#include "tpm/softwarekeystore.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;

namespace {

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

class TstSoftwareKeyStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void createAndExport();
    void filesArePrivate_data();
    void filesArePrivate();
    void signVerifies_data();
    void signVerifies();
    void oaepRoundTrip();
    void rawPrivateOperation();
    void pinProtectedKey();
    void deleteAndList();
    void invalidKeyIds_data();
    void invalidKeyIds();
    void keySignTestAgainstOtherKeyFails();
    void keySignTestAsync();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SoftwareKeyStore> m_store;
};

void TstSoftwareKeyStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<SoftwareKeyStore>(m_dir->filePath(u"keys/software"_s));
}

void TstSoftwareKeyStore::createAndExport()
{
    const Result<KeyInfo> info = m_store->createKey({});
    QVERIFY(info);
    QCOMPARE(info->provider, u"Entra Doctor Software Key Storage Provider"_s);
    QVERIFY(!info->hardwareBacked);
    QVERIFY(!info->pinProtected);
    const Result<RsaPublicKey> key = RsaPublicKey::fromDer(info->publicKeyDer);
    QVERIFY(key);
    QCOMPARE(key->bits(), 2048);
    QCOMPARE(key->numbers()->exponent, QByteArray::fromHex("010001"));
    QCOMPARE(m_store->keyInfo(info->keyId)->publicKeyDer, info->publicKeyDer);

    // The caller's key id is kept (normalised).
    const QString wanted = u"6F9619FF-8B86-D011-B42D-00C04FC964FF"_s;
    const Result<KeyInfo> named = m_store->createKey({ wanted, {} });
    QVERIFY(named);
    QCOMPARE(named->keyId, wanted.toLower());
    QVERIFY(!m_store->createKey({ wanted, {} })); // already exists
}

void TstSoftwareKeyStore::filesArePrivate_data()
{
    QTest::addColumn<QString>("pin");
    QTest::newRow("no pin") << QString();
    QTest::newRow("pin") << u"123456"_s;
}

void TstSoftwareKeyStore::filesArePrivate()
{
    QFETCH(QString, pin);
    const Result<KeyInfo> info = m_store->createKey({ {}, pin });
    QVERIFY(info);
    QCOMPARE(modeOf(m_store->privateKeyPath(info->keyId)), 0600);
    QCOMPARE(modeOf(m_store->publicKeyPath(info->keyId)), 0600);
    QCOMPARE(modeOf(m_store->directory()), 0700);
    // Written atomically: no temporary files left behind.
    QCOMPARE(QDir(m_store->directory()).entryList(QDir::Files | QDir::Hidden).size(), 2);
    QFile file(m_store->privateKeyPath(info->keyId));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray pem = file.readAll();
    QCOMPARE(pem.contains("BEGIN ENCRYPTED PRIVATE KEY"), !pin.isEmpty());
    QCOMPARE(pem.contains("BEGIN PRIVATE KEY"), pin.isEmpty());
}

void TstSoftwareKeyStore::signVerifies_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("text") << QByteArray("challenge");
    QTest::newRow("binary") << QByteArray::fromHex("00ff00ff");
}

void TstSoftwareKeyStore::signVerifies()
{
    QFETCH(QByteArray, data);
    const Result<KeyInfo> info = m_store->createKey({});
    QVERIFY(info);
    const Result<QByteArray> signature = m_store->signSha256(info->keyId, data);
    QVERIFY(signature);
    QCOMPARE(signature->size(), 256);
    QVERIFY(m_store->publicKey(info->keyId)->verifySha256(data, *signature));
    QVERIFY(!m_store->publicKey(info->keyId)->verifySha256(data + "x", *signature));
}

void TstSoftwareKeyStore::oaepRoundTrip()
{
    const Result<KeyInfo> info = m_store->createKey({});
    QVERIFY(info);
    const QByteArray secret = "32-byte session key material....";
    const Result<QByteArray> ciphertext = m_store->publicKey(info->keyId)->encryptOaepSha1(secret);
    QVERIFY(ciphertext);
    const Result<QByteArray> plain = m_store->decryptOaepSha1(info->keyId, *ciphertext);
    QVERIFY(plain);
    QCOMPARE(*plain, secret);
}

void TstSoftwareKeyStore::rawPrivateOperation()
{
    const Result<KeyInfo> info = m_store->createKey({});
    QVERIFY(info);
    QByteArray block(256, Qt::Uninitialized);
    QRandomGenerator::global()->generate(block.begin(), block.end());
    block[0] = 0;
    const Result<QByteArray> output = m_store->rawPrivateOperation(info->keyId, block);
    QVERIFY(output);
    QCOMPARE(output->size(), 256);
    QCOMPARE(m_store->publicKey(info->keyId)->rawPublic(*output).value(), block);
}

void TstSoftwareKeyStore::pinProtectedKey()
{
    const Result<KeyInfo> info = m_store->createKey({ {}, u"4711"_s });
    QVERIFY(info);
    QVERIFY(info->pinProtected);
    QVERIFY(m_store->signSha256(info->keyId, "x", u"4711"_s));
    const Result<QByteArray> wrong = m_store->signSha256(info->keyId, "x", u"1174"_s);
    QVERIFY(!wrong);
    QVERIFY2(wrong.error().message.contains(u"PIN is wrong"_s), qPrintable(wrong.error().message));
    const Result<QByteArray> missing = m_store->signSha256(info->keyId, "x");
    QVERIFY(!missing);
    QVERIFY2(missing.error().message.contains(u"needs its PIN"_s),
             qPrintable(missing.error().message));
    // The public key needs no PIN.
    QVERIFY(m_store->publicKey(info->keyId));
}

void TstSoftwareKeyStore::deleteAndList()
{
    const Result<KeyInfo> a = m_store->createKey({});
    const Result<KeyInfo> b = m_store->createKey({});
    QVERIFY(a && b);
    QStringList expected = { a->keyId, b->keyId };
    expected.sort();
    QCOMPARE(m_store->keyIds(), expected);
    QVERIFY(m_store->deleteKey(a->keyId));
    QCOMPARE(m_store->keyIds(), QStringList { b->keyId });
    QVERIFY(!QFile::exists(m_store->publicKeyPath(a->keyId)));
    QVERIFY(!m_store->deleteKey(a->keyId));
    QVERIFY(!m_store->signSha256(a->keyId, "x"));
}

void TstSoftwareKeyStore::invalidKeyIds_data()
{
    QTest::addColumn<QString>("keyId");
    QTest::newRow("empty") << QString();
    QTest::newRow("traversal") << u"../../etc/shadow"_s;
    QTest::newRow("almost a guid") << u"6F9619FF-8B86-D011-B42D-00C04FC964F"_s;
}

void TstSoftwareKeyStore::invalidKeyIds()
{
    QFETCH(QString, keyId);
    QVERIFY(!m_store->keyInfo(keyId));
    QVERIFY(!m_store->signSha256(keyId, "x"));
    QVERIFY(!m_store->deleteKey(keyId));
}

void TstSoftwareKeyStore::keySignTestAgainstOtherKeyFails()
{
    const Result<KeyInfo> a = m_store->createKey({});
    const Result<KeyInfo> b = m_store->createKey({});
    QVERIFY(a && b);
    const KeySignTestResult passed
        = KeySignTest::run(*m_store, { a->keyId, {}, a->publicKeyDer, {} });
    QVERIFY(passed.passed);
    QCOMPARE(passed.verifiedAgainst, u"public key"_s);
    // The device key was replaced: the certificate's key no longer matches.
    const KeySignTestResult failed
        = KeySignTest::run(*m_store, { a->keyId, {}, b->publicKeyDer, {} });
    QVERIFY(!failed.passed);
    QCOMPARE(failed.statusText(), u"FAILED"_s);
    QVERIFY(failed.error);
    QCOMPARE(failed.error->domain, ErrorDomain::Crypto);
    QVERIFY2(failed.error->message.contains(u"does not match"_s),
             qPrintable(failed.error->message));
    QCOMPARE(failed.toJson().value("KeySignTest"_L1).toString(), u"FAILED"_s);
    QVERIFY(failed.toJson().contains("Error"_L1));
    // A key that is gone fails too.
    QVERIFY(m_store->deleteKey(a->keyId));
    QVERIFY(!KeySignTest::run(*m_store, { a->keyId, {}, a->publicKeyDer, {} }).passed);
}

void TstSoftwareKeyStore::keySignTestAsync()
{
    auto store = std::make_shared<SoftwareKeyStore>(m_dir->filePath(u"async"_s));
    const Result<KeyInfo> key = store->createKey({});
    QVERIFY(key);
    QObject context;
    std::optional<KeySignTestResult> result;
    deliverTo(&context, KeySignTest::start(store, { key->keyId, {}, {}, {} }),
              [&](const KeySignTestResult &r) { result = r; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(result->passed);
    QCOMPARE(result->verifiedAgainst, u"stored public key"_s);
}

QTEST_GUILESS_MAIN(TstSoftwareKeyStore)
#include "tst_softwarekeystore.moc"
