// The PRT session key against the real captured vectors (PROTOCOL.md §6.2-6.4, tests/data/prt):
// unwrap through a key store, the KDF, the CBC-that-says-GCM answer, real GCM, request
// signing with KDF v1 and v2, and sealing at rest.
#include "prt/jose.h"
#include "prt/sessionkey.h"
#include "tpm/softwarekeystore.h"

#include <QFile>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/evp.h>

using namespace Entra;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kData = QStringLiteral(ENTRA_TEST_DATA_DIR "/prt/");

QByteArray readData(const QString &name)
{
    QFile file(kData + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(name));
    return file.readAll().trimmed();
}

// Real AES-256-GCM with the header segment as AAD, written independently of the product code.
QByteArray gcmEncrypt(const QByteArray &key, const QByteArray &iv, const QByteArray &aad,
                      const QByteArray &plain, QByteArray &tag)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    QByteArray out(plain.size(), '\0');
    int length = 0;
    EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, nullptr, nullptr);
    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, int(iv.size()), nullptr);
    EVP_EncryptInit_ex(ctx, nullptr, nullptr, reinterpret_cast<const unsigned char *>(key.data()),
                       reinterpret_cast<const unsigned char *>(iv.data()));
    EVP_EncryptUpdate(ctx, nullptr, &length, reinterpret_cast<const unsigned char *>(aad.data()),
                      int(aad.size()));
    EVP_EncryptUpdate(ctx, reinterpret_cast<unsigned char *>(out.data()), &length,
                      reinterpret_cast<const unsigned char *>(plain.data()), int(plain.size()));
    EVP_EncryptFinal_ex(ctx, reinterpret_cast<unsigned char *>(out.data()) + length, &length);
    tag.resize(16);
    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag.data());
    EVP_CIPHER_CTX_free(ctx);
    return out;
}

} // namespace

class TestPrtCrypto : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void capturedRenewalResponseDecrypts();
    void kdfFollowsTheSpecBytes();
    void realGcmAnswerDecrypts();
    void requestSignatures_data();
    void requestSignatures();
    void sealsAtRest();
    void refusesBadInput_data();
    void refusesBadInput();

private:
    SessionKey capturedSessionKey();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SoftwareKeyStore> m_keys;
    const QString m_transportKeyId = u"0b6ad1a5-6a0c-4c1f-9d5e-2f7b7f0e4d11"_s;
};

void TestPrtCrypto::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_keys = std::make_unique<SoftwareKeyStore>(m_dir->path());
    QVERIFY(QFile::copy(kData + u"captured-transport-key.pem"_s,
                        m_keys->privateKeyPath(m_transportKeyId)));
    QVERIFY(QFile::copy(kData + u"captured-transport-key.pub.pem"_s,
                        m_keys->publicKeyPath(m_transportKeyId)));
}

SessionKey TestPrtCrypto::capturedSessionKey()
{
    Result<Jose::CompactJwe> jwe = Jose::CompactJwe::parse(readData(u"captured-session-key.jwe"_s));
    if (!jwe)
        qFatal("captured session_key_jwe does not parse");
    Result<SessionKey> key = SessionKey::fromSessionKeyJwe(*m_keys, m_transportKeyId, *jwe);
    if (!key)
        qFatal("%s", qPrintable(key.error().message));
    return *key;
}

void TestPrtCrypto::capturedRenewalResponseDecrypts()
{
    Result<Jose::CompactJwe> jwe = Jose::CompactJwe::parse(readData(u"captured-session-key.jwe"_s));
    QVERIFY(jwe);
    QCOMPARE(jwe->header.value(u"enc"_s).toString(), u"A256GCM"_s);
    QCOMPARE(jwe->encryptedKey.size(), 256);
    QCOMPARE(jwe->iv.size(), 12);
    QCOMPARE(jwe->ciphertext.size(), 1);

    Result<Jose::CompactJwe> response =
        Jose::CompactJwe::parse(readData(u"captured-renewal-response.jwe"_s));
    QVERIFY(response);
    QCOMPARE(response->iv.size(), 16);
    QVERIFY(response->tag.isEmpty());
    Result<QByteArray> plain = capturedSessionKey().decryptResponse(*response);
    QVERIFY2(plain, plain ? "" : qPrintable(plain.error().message));
    QCOMPARE(*plain, readData(u"captured-renewal-response.json"_s));
    const QJsonObject json = QJsonDocument::fromJson(*plain).object();
    QCOMPARE(json.value(u"expires_in"_s).toString(), u"1209599"_s); // a string
    QCOMPARE(json.value(u"refresh_token_expires_in"_s).toInt(), 1209599); // a number
    QCOMPARE(Jose::unverifiedClaims(json.value(u"id_token"_s).toString().toLatin1())
                 .value(u"upn"_s)
                 .toString(),
             u"tux@10fp7z.onmicrosoft.com"_s);
}

void TestPrtCrypto::kdfFollowsTheSpecBytes()
{
    // derived = HMAC-SHA256(key, 00000001 || label || 00 || context || 00000100), built here
    // from the spec's bytes with a key we know, compared with the class's answer.
    Result<Jose::CompactJwe> jwe = Jose::CompactJwe::parse(readData(u"captured-session-key.jwe"_s));
    QVERIFY(jwe);
    Result<QByteArray> raw = m_keys->decryptOaepSha1(m_transportKeyId, jwe->encryptedKey);
    QVERIFY(raw);
    QCOMPARE(raw->size(), 32);
    const QByteArray context = "0123456789abcdef01234567";
    QByteArray message = QByteArray::fromHex("00000001");
    message.append("AzureAD-SecureConversation").append('\0').append(context).append(
        QByteArray::fromHex("00000100"));
    const QByteArray expected =
        QMessageAuthenticationCode::hash(message, *raw, QCryptographicHash::Sha256);
    QCOMPARE(capturedSessionKey().deriveKey(context), expected);
    QCOMPARE(SessionKey::kdfV2Context("ctx", "payload"),
             QCryptographicHash::hash("ctxpayload", QCryptographicHash::Sha256));
}

void TestPrtCrypto::realGcmAnswerDecrypts()
{
    const SessionKey key = capturedSessionKey();
    const QByteArray ctx = QByteArray(24, '\x42');
    QJsonObject header{{u"alg"_s, u"dir"_s}, {u"enc"_s, u"A256GCM"_s},
                       {u"ctx"_s, QString::fromLatin1(ctx.toBase64())}};
    const QByteArray headerSegment = Jose::base64Url(Jose::compactJson(header));
    const QByteArray iv(12, '\x07');
    QByteArray tag;
    const QByteArray plain = R"({"access_token":"x"})";
    const QByteArray cipher = gcmEncrypt(key.deriveKey(ctx), iv, headerSegment, plain, tag);
    QByteArray compact = headerSegment;
    compact.append("..").append(Jose::base64Url(iv)).append('.').append(Jose::base64Url(cipher));
    compact.append('.').append(Jose::base64Url(tag));
    Result<Jose::CompactJwe> jwe = Jose::CompactJwe::parse(compact);
    QVERIFY(jwe);
    QCOMPARE(key.decryptResponse(*jwe).value(), plain);
    // A flipped tag bit is caught.
    jwe->tag[0] = char(jwe->tag.at(0) ^ 1);
    QVERIFY(!key.decryptResponse(*jwe));
}

void TestPrtCrypto::requestSignatures_data()
{
    QTest::addColumn<SessionKey::KdfVersion>("version");
    QTest::newRow("KDF v1") << SessionKey::KdfVersion::V1;
    QTest::newRow("KDF v2") << SessionKey::KdfVersion::V2;
}

void TestPrtCrypto::requestSignatures()
{
    QFETCH(SessionKey::KdfVersion, version);
    const SessionKey key = capturedSessionKey();
    const QByteArray payload = R"({"grant_type":"refresh_token","request_nonce":"n"})";
    Result<QByteArray> jwt = key.signRequest(payload, version);
    QVERIFY(jwt);
    const QList<QByteArray> parts = jwt->split('.');
    QCOMPARE(parts.size(), 3);
    const QJsonObject header =
        QJsonDocument::fromJson(*Jose::fromBase64Url(parts.at(0))).object();
    QCOMPARE(header.value(u"alg"_s).toString(), u"HS256"_s);
    // ctx is standard base64 with padding (PROTOCOL.md §10 fact 5).
    const QByteArray ctx = QByteArray::fromBase64(header.value(u"ctx"_s).toString().toLatin1());
    QCOMPARE(ctx.size(), 24);
    QCOMPARE(*Jose::fromBase64Url(parts.at(1)), payload); // signed exactly as given
    const bool v2 = version == SessionKey::KdfVersion::V2;
    QCOMPARE(header.value(u"kdf_ver"_s).toInt(), v2 ? 2 : 0);
    const QByteArray signingKey =
        key.deriveKey(v2 ? SessionKey::kdfV2Context(ctx, payload) : ctx);
    const QByteArray expected = QMessageAuthenticationCode::hash(
        parts.at(0) + '.' + parts.at(1), signingKey, QCryptographicHash::Sha256);
    QCOMPARE(*Jose::fromBase64Url(parts.at(2)), expected);
}

void TestPrtCrypto::sealsAtRest()
{
    const SessionKey key = capturedSessionKey();
    const QByteArray secret = "0.AbcA-the-primary-refresh-token";
    Result<QByteArray> sealed = key.seal(secret);
    QVERIFY(sealed);
    QVERIFY(!sealed->contains(secret));
    QVERIFY(!sealed->contains(secret.toBase64()));
    QCOMPARE(key.unseal(*sealed).value(), secret);
    QVERIFY(key.seal(secret).value() != *sealed); // fresh context and IV each time
    QByteArray tampered = *sealed;
    tampered[tampered.size() - 3] = tampered.at(tampered.size() - 3) == 'A' ? 'B' : 'A';
    QVERIFY(!key.unseal(tampered));
    QVERIFY(!key.unseal("not.sealed"));
}

void TestPrtCrypto::refusesBadInput_data()
{
    QTest::addColumn<QByteArray>("compact");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("three segments") << QByteArray("a.b.c");
    QTest::newRow("not base64url") << QByteArray("e30.!!.AA.AA.AA");
    QTest::newRow("header not JSON") << QByteArray("bm9wZQ....");
}

void TestPrtCrypto::refusesBadInput()
{
    QFETCH(QByteArray, compact);
    Result<Jose::CompactJwe> jwe = Jose::CompactJwe::parse(compact);
    QVERIFY(!jwe);
    QVERIFY(jwe.error().message.contains(u"malformed"_s));
}

QTEST_GUILESS_MAIN(TestPrtCrypto)
#include "tst_prtcrypto.moc"
