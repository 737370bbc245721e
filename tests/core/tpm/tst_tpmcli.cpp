// `entra-doctor tpm [--json]` run as a process against a swtpm, and against no TPM.
#include "swtpminstance.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Entra::Test;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run entraDoctor(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"TSS2_TCTI"_s);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(ENTRA_DOCTOR_BINARY), arguments);
    process.waitForFinished(60000);
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
             process.readAllStandardOutput(), process.readAllStandardError() };
}

QJsonObject json(const Run &run)
{
    return QJsonDocument::fromJson(run.out).object();
}

} // namespace

class TstTpmCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void jsonOnSwtpm();
    void textPutsVerdictFirst();
    void globalOptionsBeforeOrAfter();
    void noTpmOptionChoosesSoftware();
    void unreachableTpmExitsWithProblems();
    void help();

private:
    SwtpmInstance m_swtpm;
};

void TstTpmCli::initTestCase()
{
    QVERIFY2(m_swtpm.start(), qPrintable(m_swtpm.errorString()));
}

void TstTpmCli::jsonOnSwtpm()
{
    const Run run = entraDoctor({ u"tpm"_s, u"--json"_s, u"--tcti"_s, m_swtpm.tcti() });
    QCOMPARE(run.exitCode, 0);
    const QJsonObject object = json(run);
    QCOMPARE(object.value("TpmPresent"_L1).toBool(), true);
    QCOMPARE(object.value("TpmReady"_L1).toBool(), true);
    QCOMPARE(object.value("ManufacturerIdTxt"_L1).toString(), u"IBM"_s);
    QCOMPARE(object.value("ManufacturerId"_L1).toInteger(), qint64(0x49424D00));
    QCOMPARE(object.value("SpecFamily"_L1).toString(), u"2.0"_s);
    QCOMPARE(object.value("Tcti"_L1).toString(), m_swtpm.tcti());
    QCOMPARE(object.value("Readiness"_L1).toString(), u"Ready"_s);
    QCOMPARE(object.value("KeyProvider"_L1).toString(), u"Entra Doctor Platform Crypto Provider"_s);
    QCOMPARE(object.value("KeyProviderReason"_L1).toString(), QString());
}

void TstTpmCli::textPutsVerdictFirst()
{
    const Run run = entraDoctor({ u"tpm"_s, u"--tcti"_s, m_swtpm.tcti() });
    QCOMPARE(run.exitCode, 0);
    const QList<QByteArray> lines = run.out.split('\n');
    QCOMPARE(lines.value(0), QByteArray("The TPM is ready for use."));
    QVERIFY(run.out.contains("ManufacturerIdTxt           : IBM\n"));
    QVERIFY(run.out.contains("TpmReady                    : True\n"));
}

void TstTpmCli::globalOptionsBeforeOrAfter()
{
    const Run before = entraDoctor({ u"--tcti"_s, m_swtpm.tcti(), u"tpm"_s, u"--json"_s });
    const Run after = entraDoctor({ u"tpm"_s, u"--json"_s, u"--tcti"_s, m_swtpm.tcti() });
    QCOMPARE(before.exitCode, 0);
    QCOMPARE(after.exitCode, 0);
    QCOMPARE(json(before).value("ManufacturerIdTxt"_L1), json(after).value("ManufacturerIdTxt"_L1));
}

void TstTpmCli::noTpmOptionChoosesSoftware()
{
    const Run run
        = entraDoctor({ u"tpm"_s, u"--json"_s, u"--no-tpm"_s, u"--tcti"_s, m_swtpm.tcti() });
    QCOMPARE(run.exitCode, 0); // the TPM itself is fine
    const QJsonObject object = json(run);
    QCOMPARE(object.value("KeyProvider"_L1).toString(),
             u"Entra Doctor Software Key Storage Provider"_s);
    QVERIFY(object.value("KeyProviderReason"_L1).toString().contains(u"--no-tpm"_s));
}

void TstTpmCli::unreachableTpmExitsWithProblems()
{
    const QString tcti = u"swtpm:host=127.0.0.1,port=%1"_s.arg(SwtpmInstance::findClosedPort());
    const Run run = entraDoctor({ u"tpm"_s, u"--json"_s, u"--tcti"_s, tcti });
    QCOMPARE(run.exitCode, 1);
    const QJsonObject object = json(run);
    QCOMPARE(object.value("TpmReady"_L1).toBool(), false);
    QCOMPARE(object.value("Readiness"_L1).toString(), u"NotReady"_s);
    const QJsonObject reason = object.value("ReadinessReasons"_L1).toArray().first().toObject();
    QCOMPARE(reason.value("Id"_L1).toString(), u"TctiUnreachable"_s);
    QVERIFY(!reason.value("Fix"_L1).toString().isEmpty());
    QCOMPARE(object.value("KeyProvider"_L1).toString(),
             u"Entra Doctor Software Key Storage Provider"_s);
    // No TSS log noise on stderr: the errors are reported in the output.
    QVERIFY2(run.err.isEmpty(), run.err.constData());

    const Run text = entraDoctor({ u"tpm"_s, u"--tcti"_s, tcti });
    QCOMPARE(text.exitCode, 1);
    QVERIFY(text.out.startsWith("The TPM is not ready for use:\n  - Could not connect"));
    QVERIFY(text.out.contains("    Fix: "));
}

void TstTpmCli::help()
{
    const Run run = entraDoctor({ u"tpm"_s, u"--help"_s });
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("--json"));
    const Run overview = entraDoctor({ u"--help"_s });
    QVERIFY(overview.out.contains("  tpm "));
    QCOMPARE(entraDoctor({ u"tpm"_s, u"extra"_s }).exitCode, 2);
}

QTEST_GUILESS_MAIN(TstTpmCli)
#include "tst_tpmcli.moc"
