// fakecloud_core's PRT session-key crypto (PROTOCOL.md §6.2-§6.4), in-process, against the real
// captured exchange PROTOCOL.md cites (cjwtvectors.h) and the independent client-side helpers
// of testcrypto: if the emulator reproduces Entra's bytes, its format is the real one.

#include "cjwtvectors.h"
#include "csr.h"
#include "sessionkey.h"
#include "testcrypto.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace FakeCloud;

class TestFakeCloudSessionCrypto : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void clientHelpersDecodeTheCapturedSessionKeyJwe();
    void clientHelpersDecodeTheCapturedRenewal();
    void sealedMarkerReproducesTheCapturedPayload();
    void cbcResponseReproducesTheCapturedRenewal();
    void transportJweRoundTrip();
    void gcmResponseRoundTrip();
    void requestKeyFollowsKdfVersion_data();
    void requestKeyFollowsKdfVersion();
    void requestKeyRefusesBadHeaders_data();
    void requestKeyRefusesBadHeaders();

private:
    FakeCloudTest::KeyPtr m_capturedTransportKey;
    QByteArray m_capturedSessionKey;
};

void TestFakeCloudSessionCrypto::initTestCase()
{
    m_capturedTransportKey = FakeCloudTest::rsaFromPkcs1Der(
        QByteArray(reinterpret_cast<const char *>(FakeCloudTest::Cjwt::TransportKeyDer),
                   sizeof(FakeCloudTest::Cjwt::TransportKeyDer)));
    QVERIFY(m_capturedTransportKey);
    m_capturedSessionKey = FakeCloudTest::sessionKeyFromJwe(m_capturedTransportKey.get(),
                                                            FakeCloudTest::Cjwt::SessionKeyJwe);
}

void TestFakeCloudSessionCrypto::clientHelpersDecodeTheCapturedSessionKeyJwe()
{
    const auto jwe = FakeCloudTest::splitJwe(FakeCloudTest::Cjwt::SessionKeyJwe);
    QVERIFY(jwe.valid);
    QCOMPARE(jwe.headerBytes, QByteArray(R"({"enc":"A256GCM","alg":"RSA-OAEP"})"));
    QCOMPARE(jwe.encryptedKey.size(), 256);
    QCOMPARE(jwe.iv.size(), 12);
    QCOMPARE(jwe.ciphertext.size(), 1);
    QCOMPARE(jwe.tag.size(), 16);
    QCOMPARE(m_capturedSessionKey.size(), 32); // RSA-OAEP-SHA1 under the transport key
    // The 1-byte payload is authenticated with an EMPTY AAD, not the protected header.
    const auto payload = FakeCloudTest::aes256GcmDecrypt(m_capturedSessionKey, jwe.iv,
                                                         jwe.ciphertext, jwe.tag, {});
    QVERIFY(payload);
    QCOMPARE(*payload, QByteArray(" "));
    QVERIFY(!FakeCloudTest::aes256GcmDecrypt(m_capturedSessionKey, jwe.iv, jwe.ciphertext, jwe.tag,
                                             jwe.headerSegment));
}

void TestFakeCloudSessionCrypto::clientHelpersDecodeTheCapturedRenewal()
{
    const auto jwe = FakeCloudTest::splitJwe(FakeCloudTest::Cjwt::RenewalResponse);
    QVERIFY(jwe.valid);
    QCOMPARE(jwe.header.value(u"alg"_s).toString(), u"dir"_s);
    QCOMPARE(jwe.header.value(u"enc"_s).toString(), u"A256GCM"_s);
    QCOMPARE(jwe.encryptedKey.size(), 0);
    QCOMPARE(jwe.iv.size(), 16);
    QCOMPARE(jwe.ciphertext.size(), 1920);
    QCOMPARE(jwe.tag.size(), 0);
    const auto plain = FakeCloudTest::decryptSessionResponse(m_capturedSessionKey,
                                                             FakeCloudTest::Cjwt::RenewalResponse);
    QVERIFY(plain);
    QCOMPARE(*plain, QByteArray(FakeCloudTest::Cjwt::RenewalPayload));
    // A wrong session key gives a padding error or garbage, never the payload.
    QByteArray wrongKey = m_capturedSessionKey;
    wrongKey[0] = char(wrongKey.at(0) ^ 1);
    const auto wrong
        = FakeCloudTest::decryptSessionResponse(wrongKey, FakeCloudTest::Cjwt::RenewalResponse);
    QVERIFY(!wrong || *wrong != QByteArray(FakeCloudTest::Cjwt::RenewalPayload));
}

void TestFakeCloudSessionCrypto::sealedMarkerReproducesTheCapturedPayload()
{
    const QList<QByteArray> parts = QByteArray(FakeCloudTest::Cjwt::SessionKeyJwe).split('.');
    const auto marker
        = SessionKey::sealedMarker(m_capturedSessionKey, FakeCloudTest::fromBase64Url(parts.at(2)));
    QVERIFY2(marker, qPrintable(marker.error()));
    QCOMPARE(marker.value(), parts.at(3) + '.' + parts.at(4));
}

void TestFakeCloudSessionCrypto::cbcResponseReproducesTheCapturedRenewal()
{
    const auto captured = FakeCloudTest::splitJwe(FakeCloudTest::Cjwt::RenewalResponse);
    const QByteArray ctx
        = QByteArray::fromBase64(captured.header.value(u"ctx"_s).toString().toLatin1());
    const auto jwe
        = SessionKey::encryptResponse(m_capturedSessionKey, FakeCloudTest::Cjwt::RenewalPayload,
                                      SessionKey::ResponseCipher::Cbc, ctx, captured.iv);
    QVERIFY2(jwe, qPrintable(jwe.error()));
    QCOMPARE(jwe.value(), QByteArray(FakeCloudTest::Cjwt::RenewalResponse));
}

void TestFakeCloudSessionCrypto::transportJweRoundTrip()
{
    const FakeCloudTest::KeyPtr transport = FakeCloudTest::generateRsa();
    const auto blob = Csr::parseRsaPublicBlob(FakeCloudTest::rsaPublicBlob(transport.get()));
    QVERIFY2(blob, qPrintable(blob.error()));
    const QByteArray sessionKey
        = QByteArray::fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    const auto jwe = SessionKey::transportJwe(blob->key, sessionKey);
    QVERIFY2(jwe, qPrintable(jwe.error()));
    const auto parts = FakeCloudTest::splitJwe(jwe.value());
    QVERIFY(parts.valid);
    QCOMPARE(parts.headerBytes, QByteArray(R"({"enc":"A256GCM","alg":"RSA-OAEP"})"));
    QCOMPARE(parts.encryptedKey.size(), 256);
    QCOMPARE(parts.iv.size(), 12);
    QCOMPARE(parts.ciphertext.size(), 1);
    QCOMPARE(parts.tag.size(), 16);
    QCOMPARE(FakeCloudTest::sessionKeyFromJwe(transport.get(), jwe.value()), sessionKey);
    const auto payload
        = FakeCloudTest::aes256GcmDecrypt(sessionKey, parts.iv, parts.ciphertext, parts.tag, {});
    QVERIFY(payload);
    // Another transport key cannot recover it.
    const FakeCloudTest::KeyPtr other = FakeCloudTest::generateRsa();
    QVERIFY(FakeCloudTest::sessionKeyFromJwe(other.get(), jwe.value()).isEmpty());
}

void TestFakeCloudSessionCrypto::gcmResponseRoundTrip()
{
    const QByteArray plain = R"({"token_type":"Bearer","refresh_token":"x"})";
    const auto jwe
        = SessionKey::encryptResponse(m_capturedSessionKey, plain, SessionKey::ResponseCipher::Gcm);
    QVERIFY2(jwe, qPrintable(jwe.error()));
    const auto parts = FakeCloudTest::splitJwe(jwe.value());
    QCOMPARE(parts.iv.size(), 12);
    QCOMPARE(parts.tag.size(), 16);
    QCOMPARE(QByteArray::fromBase64(parts.header.value(u"ctx"_s).toString().toLatin1()).size(), 24);
    QCOMPARE(FakeCloudTest::decryptSessionResponse(m_capturedSessionKey, jwe.value()).value_or(""),
             plain);
    // The header is authenticated: the same bytes under another header do not decrypt.
    QByteArray otherHeader = parts.headerBytes;
    otherHeader.replace("\"dir\"", "\"dir \"");
    QByteArray tampered = jwe.value();
    tampered.replace(0, parts.headerSegment.size(), FakeCloudTest::base64Url(otherHeader));
    QVERIFY(!FakeCloudTest::decryptSessionResponse(m_capturedSessionKey, tampered));

    const auto cbc
        = SessionKey::encryptResponse(m_capturedSessionKey, plain, SessionKey::ResponseCipher::Cbc);
    QVERIFY(cbc);
    QCOMPARE(FakeCloudTest::splitJwe(cbc.value()).iv.size(), 16);
    QCOMPARE(FakeCloudTest::decryptSessionResponse(m_capturedSessionKey, cbc.value()).value_or(""),
             plain);
}

void TestFakeCloudSessionCrypto::requestKeyFollowsKdfVersion_data()
{
    QTest::addColumn<QJsonValue>("kdfVersion");
    QTest::addColumn<bool>("v2");
    QTest::newRow("no kdf_ver: v1") << QJsonValue(QJsonValue::Undefined) << false;
    QTest::newRow("kdf_ver 1") << QJsonValue(1) << false;
    QTest::newRow("kdf_ver 2") << QJsonValue(2) << true;
    QTest::newRow("kdf_ver \"2\"") << QJsonValue(u"2"_s) << true;
}

void TestFakeCloudSessionCrypto::requestKeyFollowsKdfVersion()
{
    QFETCH(QJsonValue, kdfVersion);
    QFETCH(bool, v2);
    const QByteArray ctx = QByteArray::fromHex("0123456789abcdef0123456789abcdef0123456789abcdef");
    const QByteArray payload = R"({"refresh_token":"0.Axyz","request_nonce":"n"})";
    QJsonObject header { { u"alg"_s, u"HS256"_s },
                         { u"ctx"_s, QString::fromLatin1(ctx.toBase64()) } };
    if (!kdfVersion.isUndefined())
        header.insert(u"kdf_ver"_s, kdfVersion);
    bool unsupported = true;
    const auto key = SessionKey::requestKey(m_capturedSessionKey, header, payload, &unsupported);
    QVERIFY2(key, qPrintable(key.error()));
    QVERIFY(!unsupported);
    const QByteArray context = v2 ? FakeCloudTest::sha256(ctx + payload) : ctx;
    QCOMPARE(key.value(), FakeCloudTest::deriveSessionKey(m_capturedSessionKey, context));
}

void TestFakeCloudSessionCrypto::requestKeyRefusesBadHeaders_data()
{
    QTest::addColumn<QJsonObject>("header");
    QTest::addColumn<bool>("unsupportedKdf");
    QTest::newRow("no ctx") << QJsonObject { { u"alg"_s, u"HS256"_s } } << false;
    QTest::newRow("ctx base64url") << QJsonObject { { u"ctx"_s, u"_-8="_s } } << false;
    QTest::newRow("ctx unpadded") << QJsonObject { { u"ctx"_s, u"AAAAAA"_s } } << false;
    QTest::newRow("kdf_ver 3") << QJsonObject { { u"ctx"_s, u"AAAA"_s }, { u"kdf_ver"_s, 3 } }
                               << true;
}

void TestFakeCloudSessionCrypto::requestKeyRefusesBadHeaders()
{
    QFETCH(QJsonObject, header);
    QFETCH(bool, unsupportedKdf);
    bool unsupported = !unsupportedKdf;
    QVERIFY(!SessionKey::requestKey(m_capturedSessionKey, header, "{}", &unsupported));
    QCOMPARE(unsupported, unsupportedKdf);
}

QTEST_GUILESS_MAIN(TestFakeCloudSessionCrypto)
#include "tst_fakecloud_sessioncrypto.moc"
