// `entra-doctor cert` through the real binary: formats, passwords, exit codes and the JSON.
#include "clirun.h"
#include "testcertificates.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

using Run = CliRun;

Run run(const QStringList &arguments)
{
    return CliRun::run(arguments);
}

} // namespace

class TestCliCert : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void exitCodes_data();
    void exitCodes();
    void jsonContract();
    void textListsFieldsExtensionsAndChecks();
    void comparesWithAStatus();

private:
    QString write(const QString &name, const QByteArray &data);
    QTemporaryDir m_dir;
    TestCertificates::Minted m_cert;
};

QString TestCliCert::write(const QString &name, const QByteArray &data)
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write a fixture");
    file.write(data);
    return file.fileName();
}

void TestCliCert::initTestCase()
{
    m_cert = TestCertificates::mint();
    write(u"device.cer"_s, m_cert.der);
    write(u"device.pem"_s, TestCertificates::toPem(m_cert.der));
    write(u"device.pfx"_s, TestCertificates::toPfx(m_cert.der, m_cert.keyPkcs8, "s3cret"));
    write(u"password.txt"_s, "s3cret\n");
    write(u"wrong.txt"_s, "guess\n");
    write(u"half.cer"_s, m_cert.der.left(300));
    TestCertificates::Options expired;
    expired.notBeforeOffset = -20LL * 86400;
    expired.notAfterOffset = -86400;
    write(u"expired.pem"_s, TestCertificates::toPem(TestCertificates::mint(expired).der));
}

void TestCliCert::exitCodes_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrPart");
    const QString d = m_dir.path() + u'/';
    QTest::newRow("der") << QStringList { u"cert"_s, d + u"device.cer"_s } << 0 << QString();
    QTest::newRow("pem") << QStringList { u"cert"_s, d + u"device.pem"_s } << 0 << QString();
    QTest::newRow("pfx with password")
        << QStringList { u"cert"_s, d + u"device.pfx"_s, u"--password-file"_s,
                         d + u"password.txt"_s }
        << 0 << QString();
    QTest::newRow("pfx without password")
        << QStringList { u"cert"_s, d + u"device.pfx"_s } << 2 << u"--password-file"_s;
    QTest::newRow("pfx wrong password")
        << QStringList { u"cert"_s, d + u"device.pfx"_s, u"--password-file"_s, d + u"wrong.txt"_s }
        << 2 << u"password is wrong"_s;
    QTest::newRow("truncated") << QStringList { u"cert"_s, d + u"half.cer"_s } << 2
                               << u"truncated"_s;
    QTest::newRow("missing") << QStringList { u"cert"_s, d + u"nope.cer"_s } << 2
                             << u"Cannot open"_s;
    QTest::newRow("no file") << QStringList { u"cert"_s } << 2 << u"exactly one"_s;
    QTest::newRow("expired fails a check")
        << QStringList { u"cert"_s, d + u"expired.pem"_s } << 1 << QString();
}

void TestCliCert::exitCodes()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrPart);
    const Run r = run(arguments);
    QVERIFY2(r.exitCode == exitCode, r.err.constData());
    QVERIFY2(QString::fromUtf8(r.err).contains(stderrPart), r.err.constData());
}

void TestCliCert::jsonContract()
{
    const Run r = run({ u"cert"_s, m_dir.filePath(u"device.pfx"_s), u"--json"_s,
                        u"--password-file"_s, m_dir.filePath(u"password.txt"_s) });
    QCOMPARE(r.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(json[u"Format"_s].toString(), u"PFX (PKCS#12)"_s);
    QVERIFY(json[u"HasPrivateKey"_s].toBool());
    QCOMPARE(json[u"DeviceId"_s].toString(), u"9d53c6fa-b38e-4509-8fb1-51dedb421aac"_s);
    QCOMPARE(json[u"TenantId"_s].toString(), u"72b988bf-86f1-41af-91ab-2d7cd011db47"_s);
    QCOMPARE(json[u"KeyType"_s].toString(), u"RSA"_s);
    QVERIFY(json[u"Thumbprint"_s].toString().contains(QRegularExpression(u"^[0-9A-F]{40}$"_s)));
    QVERIFY(json[u"AltSecId"_s].toString().startsWith(u"X509:<SHA1-TP-PUBKEY>"_s
                                                      + json[u"Thumbprint"_s].toString()));
    QVERIFY(json[u"NotBefore"_s].toString().endsWith(u'Z'));
    QStringList checks;
    for (const QJsonValue &check : json[u"Checks"_s].toArray())
        checks << check[u"id"_s].toString() + u'=' + check[u"result"_s].toString();
    QVERIFY2(checks.contains(u"cert.key-sign-test=pass"_s), qPrintable(checks.join(u' ')));
    QVERIFY(checks.contains(u"cert.private-key=pass"_s));
}

void TestCliCert::textListsFieldsExtensionsAndChecks()
{
    const Run r = run({ u"cert"_s, m_dir.filePath(u"device.cer"_s) });
    const QString text = QString::fromUtf8(r.out);
    QVERIFY2(text.contains(u"Device ID: 9d53c6fa-b38e-4509-8fb1-51dedb421aac"_s),
             r.out.constData());
    QVERIFY(text.contains(u"Tenant region (1.2.840.113556.1.5.284.8): EU"_s));
    QVERIFY(text.contains(u"Extended Key Usage (2.5.29.37, critical)"_s));
    QVERIFY(text.contains(u"[PASS] Issued by MS-Organization-Access (Azure DRS)"_s));
    QVERIFY(text.contains(u"[SKIP] Private key not checked"_s));
}

void TestCliCert::comparesWithAStatus()
{
    const Run r = run({ u"cert"_s, m_dir.filePath(u"device.cer"_s), u"--import"_s,
                        QStringLiteral(ENTRA_TEST_DATA_DIR "/dsregcmd/hybrid-prt-failure.txt") });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("[FAIL] This is not the certificate the status names"),
             r.out.constData());
    QVERIFY(r.out.contains("Fix: Open the certificate with thumbprint AA11BB22"));
}

QTEST_GUILESS_MAIN(TestCliCert)
#include "tst_cli_cert.moc"
