// fakecloud_core's checks of the join request's key material (PROTOCOL.md §3.1, §3.2) and the
// encodings of §0.2/§3.4, in-process. CSRs and blobs come from the independent test helpers.

#include "csr.h"
#include "encoding.h"
#include "pki.h"
#include "testcrypto.h"

#include <QTest>

#include <openssl/x509v3.h>

using namespace Qt::Literals::StringLiterals;
using namespace FakeCloud;

class TestFakeCloudKeyMaterial : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void acceptsRequests_data();
    void acceptsRequests();
    void refusesRequests_data();
    void refusesRequests();
    void acceptsBlob();
    void refusesBlobs_data();
    void refusesBlobs();

    void mixedEndianGuidOfTheMsDvrjExample();
    void longFormOctetString();
    void strictBase64();
    void sidFromObjectId();
    void deviceCertificateVerifiesOnlyAgainstItsCa();

private:
    FakeCloudTest::KeyPtr m_key;
    QByteArray m_blob;
};

void TestFakeCloudKeyMaterial::initTestCase()
{
    m_key = FakeCloudTest::generateRsa();
    m_blob = FakeCloudTest::rsaPublicBlob(m_key.get());
}

void TestFakeCloudKeyMaterial::acceptsRequests_data()
{
    QTest::addColumn<QByteArray>("commonName");
    QTest::newRow("as every client sends it") << QByteArray(FakeCloudTest::JoinCommonName);
    QTest::newRow("lower case") << QByteArray(FakeCloudTest::JoinCommonName).toLower();
    QTest::newRow("trailing NUL (Windows sample)")
        << QByteArray(FakeCloudTest::JoinCommonName) + '\0';
}

void TestFakeCloudKeyMaterial::acceptsRequests()
{
    QFETCH(QByteArray, commonName);
    const auto request = Csr::validateRequest(FakeCloudTest::makeCsr(m_key.get(), commonName));
    QVERIFY2(request.ok(), qPrintable(request.error()));
    QCOMPARE(EVP_PKEY_eq(request->publicKey.get(), m_key.get()), 1);
}

void TestFakeCloudKeyMaterial::refusesRequests_data()
{
    QTest::addColumn<QByteArray>("der");
    QTest::addColumn<QString>("message");
    const QByteArray good = FakeCloudTest::makeCsr(m_key.get());
    QTest::newRow("not DER") << QByteArray("not a request") << u"not a DER PKCS#10"_s;
    QTest::newRow("trailing bytes") << good + QByteArray(2, '\0') << u"bytes after"_s;
    QTest::newRow("other CN") << FakeCloudTest::makeCsr(m_key.get(), "my-laptop")
                              << u"CN=my-laptop"_s;
    QTest::newRow("SHA-1") << FakeCloudTest::makeCsr(m_key.get(), FakeCloudTest::JoinCommonName,
                                                     EVP_sha1())
                           << u"sha256WithRSAEncryption"_s;
    FakeCloudTest::KeyPtr small = FakeCloudTest::generateRsa(1024);
    QTest::newRow("RSA-1024") << FakeCloudTest::makeCsr(small.get()) << u"1024 bits"_s;
    FakeCloudTest::KeyPtr ec = FakeCloudTest::generateEcP256();
    QTest::newRow("EC key") << FakeCloudTest::makeCsr(ec.get()) << u"must be RSA"_s;
    QByteArray broken = good;
    broken[broken.size() - 3] = char(broken.at(broken.size() - 3) ^ 0x40);
    QTest::newRow("broken signature") << broken << u"signature does not verify"_s;
}

void TestFakeCloudKeyMaterial::refusesRequests()
{
    QFETCH(QByteArray, der);
    QFETCH(QString, message);
    const auto request = Csr::validateRequest(der);
    QVERIFY(!request.ok());
    QVERIFY2(request.error().contains(message), qPrintable(request.error()));
}

void TestFakeCloudKeyMaterial::acceptsBlob()
{
    QCOMPARE(m_blob.size(), 283);
    QVERIFY(m_blob.toBase64().startsWith("UlNBMQAIAAADAAAAAAEAAAAAAAAAAAAAAQAB"));
    const auto blob = Csr::parseRsaPublicBlob(m_blob);
    QVERIFY2(blob.ok(), qPrintable(blob.error()));
    QCOMPARE(blob->bitLength, 2048);
    QCOMPARE(blob->exponent, QByteArray::fromHex("010001"));
    QCOMPARE(EVP_PKEY_eq(blob->key.get(), m_key.get()), 1);
}

void TestFakeCloudKeyMaterial::refusesBlobs_data()
{
    QTest::addColumn<QByteArray>("blob");
    QTest::addColumn<QString>("message");
    auto patched = [this](int offset, const QByteArray &bytes) {
        QByteArray blob = m_blob;
        blob.replace(offset, bytes.size(), bytes);
        return blob;
    };
    QTest::newRow("too short") << m_blob.left(20) << u"header alone"_s;
    QTest::newRow("magic RSA2") << patched(0, "RSA2") << u"52 53 41 32"_s;
    QTest::newRow("magic big-endian") << patched(0, "1ASR") << u"magic"_s;
    QTest::newRow("bit length big-endian")
        << patched(4, QByteArray::fromHex("00000800")) << u"BitLength"_s;
    QTest::newRow("cbPublicExp 0")
        << patched(8, QByteArray::fromHex("00000000")) << u"cbPublicExp"_s;
    QTest::newRow("cbModulus 255")
        << patched(12, QByteArray::fromHex("ff000000")) << u"cbModulus"_s;
    QTest::newRow("cbPrime1 128") << patched(16, QByteArray::fromHex("80000000")) << u"cbPrime1"_s;
    QTest::newRow("cbPrime2 128") << patched(20, QByteArray::fromHex("80000000")) << u"cbPrime2"_s;
    QTest::newRow("one byte short") << m_blob.left(282) << u"282 bytes"_s;
    QTest::newRow("one byte long") << m_blob + '\x01' << u"284 bytes"_s;
    QTest::newRow("exponent leading zero")
        << QByteArray(patched(8, QByteArray::fromHex("04000000")).left(24)
                      + QByteArray::fromHex("00010001") + m_blob.mid(27))
        << u"leading zero"_s;
    QTest::newRow("even exponent") << patched(24, QByteArray::fromHex("010000")) << u"exponent"_s;
    QTest::newRow("modulus top bit clear")
        << patched(27, QByteArray::fromHex("01")) << u"significant bits"_s;
    QByteArray even = m_blob;
    even[even.size() - 1] = char(even.back() & 0xfe);
    QTest::newRow("even modulus") << even << u"even"_s;
}

void TestFakeCloudKeyMaterial::refusesBlobs()
{
    QFETCH(QByteArray, blob);
    QFETCH(QString, message);
    const auto parsed = Csr::parseRsaPublicBlob(blob);
    QVERIFY(!parsed.ok());
    QVERIFY2(parsed.error().contains(message), qPrintable(parsed.error()));
}

void TestFakeCloudKeyMaterial::mixedEndianGuidOfTheMsDvrjExample()
{
    // PROTOCOL.md §0.2: CN 9d53c6fa-b38e-4509-8fb1-51dedb421aac <-> FA C6 53 9D 8E B3 09 45 ...
    const QUuid id = QUuid::fromString(u"9d53c6fa-b38e-4509-8fb1-51dedb421aac"_s);
    const QByteArray bytes = QByteArray::fromHex("FAC6539D8EB309458FB151DEDB421AAC");
    QCOMPARE(Encoding::guidMixedEndian(id), bytes);
    QCOMPARE(Encoding::guidFromMixedEndian(bytes), id);
    QCOMPARE(Encoding::guidString(id), u"9d53c6fa-b38e-4509-8fb1-51dedb421aac"_s);
}

void TestFakeCloudKeyMaterial::longFormOctetString()
{
    QCOMPARE(Pki::longFormOctetString("1"), QByteArray::fromHex("04810131"));
    QCOMPARE(Pki::longFormOctetString(QByteArray(16, '\xaa')).left(3),
             QByteArray::fromHex("048110"));
}

void TestFakeCloudKeyMaterial::strictBase64()
{
    QCOMPARE(Encoding::fromStrictBase64("UlNBMQ=="), std::optional<QByteArray>("RSA1"));
    QCOMPARE(Encoding::fromStrictBase64("UlNBMQ"), std::nullopt); // no padding
    QCOMPARE(Encoding::fromStrictBase64("Ul-BMQ=="), std::nullopt); // url-safe alphabet
    QCOMPARE(Encoding::fromStrictBase64("UlNB MQ=="), std::nullopt);
    QCOMPARE(Encoding::fromStrictBase64("U=NBMQ=="), std::nullopt);
    QCOMPARE(Encoding::fromBase64Url("UlNBMQ"), std::optional<QByteArray>("RSA1"));
}

void TestFakeCloudKeyMaterial::sidFromObjectId()
{
    // Data1..Data4 as four little-endian ULONGs.
    QCOMPARE(
        Encoding::sidFromObjectId(QUuid::fromString(u"00000001-0002-0003-0400-000005000000"_s)),
        u"S-1-12-1-1-196610-4-5"_s);
}

void TestFakeCloudKeyMaterial::deviceCertificateVerifiesOnlyAgainstItsCa()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto ca = Pki::createOrgAccessCa(now);
    const auto otherCa = Pki::createOrgAccessCa(now);
    QVERIFY(ca.ok() && otherCa.ok());
    const auto request = Csr::validateRequest(FakeCloudTest::makeCsr(m_key.get()));
    Pki::DeviceCertificateFields fields;
    fields.deviceId = QUuid::createUuid();
    fields.userObjectId = QUuid::createUuid();
    fields.tenantId = QUuid::createUuid();
    fields.notBefore = now;
    fields.notAfter = now.addDays(Pki::DeviceCertificateValidityDays);
    const auto certificate = Pki::issueDeviceCertificate(ca.value(), request->publicKey, fields);
    QVERIFY2(certificate.ok(), qPrintable(certificate.error()));
    QCOMPARE(Pki::checkIssuedBy(ca.value(), certificate.value(), now), QString());
    // Same issuer name, other key: refused.
    QVERIFY(Pki::checkIssuedBy(otherCa.value(), certificate.value(), now).contains(u"signature"_s));
    QVERIFY(Pki::checkIssuedBy(ca.value(), certificate.value(), now.addDays(3651))
                .contains(u"expired"_s));
    QVERIFY(Pki::checkIssuedBy(ca.value(), certificate.value(), now.addDays(-1))
                .contains(u"not valid yet"_s));
}

QTEST_GUILESS_MAIN(TestFakeCloudKeyMaterial)
#include "tst_fakecloud_keymaterial.moc"
