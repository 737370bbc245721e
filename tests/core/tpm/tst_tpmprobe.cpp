// TpmProbe against a real swtpm, and against no TPM at all.
#include "tpm/asyncdelivery.h"
#include "tpm/tpmconnection.h"
#include "tpm/tpmprobe.h"
#include "tpmtestenvironment.h"

#include <QJsonArray>
#include <QTemporaryDir>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::Test;

class TstTpmProbe : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void identity();
    void hierarchiesAndDictionaryAttack();
    void algorithmsAndBanks();
    void readyVerdict();
    void jsonUsesGetTpmNames();
    void asyncDeliversToContextObject();
    void environmentVariableTcti();
    void explicitTctiWinsOverEnvironment();
    void closedPortIsUnreachable();
    void noDeviceAtAll();
    void tpm12Device();

private:
    TpmTestEnvironment m_env;
    TpmReport m_report;
};

void TstTpmProbe::initTestCase()
{
    QVERIFY2(m_env.start(), qPrintable(m_env.swtpm.errorString()));
    m_report = TpmProbe::runSync(*m_env.worker);
}

void TstTpmProbe::cleanupTestCase()
{
    m_env.worker.reset();
    m_env.swtpm.stop();
}

void TstTpmProbe::identity()
{
    QVERIFY(m_report.responding);
    QVERIFY(m_report.devicePresent);
    QVERIFY(!m_report.connectionError);
    QCOMPARE(m_report.tcti, m_env.swtpm.tcti());
    QCOMPARE(m_report.tctiSource, u"explicit"_s);
    QCOMPARE(m_report.manufacturerId, 0x49424D00u);
    QCOMPARE(m_report.manufacturerIdTxt, u"IBM"_s);
    QCOMPARE(m_report.vendorString, u"SW TPM"_s);
    QCOMPARE(m_report.specFamily, u"2.0"_s);
    QVERIFY(m_report.specRevision >= 116);
    QVERIFY(m_report.specYear >= 2014);
    QVERIFY(m_report.firmwareVersion1 != 0);
    // Four dot-separated numbers, as Get-Tpm prints ManufacturerVersion.
    QCOMPARE(m_report.manufacturerVersion().split(u'.').size(), 4);
    QCOMPARE(m_report.manufacturerVersion().section(u'.', 0, 0).toUInt(),
             m_report.firmwareVersion1 >> 16);
}

void TstTpmProbe::hierarchiesAndDictionaryAttack()
{
    QVERIFY(!m_report.ownerAuthSet);
    QVERIFY(!m_report.endorsementAuthSet);
    QVERIFY(!m_report.lockoutAuthSet);
    QVERIFY(m_report.storageHierarchyEnabled);
    QVERIFY(m_report.endorsementHierarchyEnabled);
    QVERIFY(!m_report.da.inLockout);
    QCOMPARE(m_report.da.failedTries, 0u);
    QVERIFY(m_report.da.maxTries > 0);
    QVERIFY(m_report.da.recoverySeconds > 0);
    QVERIFY(m_report.storagePrimaryCreated);
    QVERIFY(!m_report.storagePrimaryError);
}

void TstTpmProbe::algorithmsAndBanks()
{
    const QStringList expected
        = { u"RSA-2048"_s, u"SHA-256"_s, u"RSASSA"_s, u"RSA-OAEP"_s, u"RSAPSS"_s, u"ECC P-256"_s };
    QStringList names;
    for (const TpmAlgorithmSupport &algorithm : m_report.algorithms) {
        names << algorithm.name;
        QVERIFY2(algorithm.supported, qPrintable(algorithm.name));
    }
    QCOMPARE(names, expected);
    QVERIFY(m_report.missingAlgorithms().isEmpty());
    QVERIFY2(m_report.pcrBanks.contains(u"sha256"_s), qPrintable(m_report.pcrBanks.join(u',')));
    QVERIFY(m_report.pcrBanks.contains(u"sha1"_s));
}

void TstTpmProbe::readyVerdict()
{
    QVERIFY2(m_report.reasons.isEmpty(), qPrintable(m_report.reasons.value(0).message));
    QVERIFY(m_report.ready());
}

void TstTpmProbe::jsonUsesGetTpmNames()
{
    const QJsonObject json = m_report.toJson();
    QCOMPARE(json.value("TpmPresent"_L1).toBool(), true);
    QCOMPARE(json.value("TpmReady"_L1).toBool(), true);
    QCOMPARE(json.value("TpmEnabled"_L1).toBool(), true);
    QCOMPARE(json.value("TpmActivated"_L1).toBool(), true);
    QCOMPARE(json.value("TpmOwned"_L1).toBool(), true);
    QCOMPARE(json.value("ManufacturerId"_L1).toInteger(), qint64(1229081856));
    QCOMPARE(json.value("ManufacturerIdTxt"_L1).toString(), u"IBM"_s);
    QCOMPARE(json.value("ManufacturerVersion"_L1).toString(), m_report.manufacturerVersion());
    QCOMPARE(json.value("LockedOut"_L1).toBool(), false);
    QCOMPARE(json.value("LockoutCount"_L1).toInteger(), qint64(0));
    QCOMPARE(json.value("LockoutMax"_L1).toInteger(), qint64(m_report.da.maxTries));
    QCOMPARE(json.value("LockoutHealTime"_L1).toString(),
             formatTpmDuration(m_report.da.recoverySeconds));
    QCOMPARE(json.value("SpecFamily"_L1).toString(), u"2.0"_s);
    QCOMPARE(json.value("Tcti"_L1).toString(), m_env.swtpm.tcti());
    QCOMPARE(json.value("Readiness"_L1).toString(), u"Ready"_s);
    QVERIFY(json.value("ReadinessReasons"_L1).toArray().isEmpty());
    QCOMPARE(json.value("Algorithms"_L1).toObject().value("RSA-2048"_L1).toBool(), true);
    QVERIFY(json.value("PcrBanks"_L1).toArray().contains(u"sha256"_s));
    QCOMPARE(json.value("StoragePrimary"_L1).toBool(), true);
}

void TstTpmProbe::asyncDeliversToContextObject()
{
    QObject context;
    bool delivered = false;
    bool onMainThread = false;
    TpmReport report;
    deliverTo(&context, TpmProbe::start(*m_env.worker), [&](const TpmReport &r) {
        report = r;
        onMainThread = QThread::currentThread() == thread();
        delivered = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(delivered, 30000);
    QVERIFY(onMainThread);
    QCOMPARE(report.manufacturerIdTxt, u"IBM"_s);
}

void TstTpmProbe::environmentVariableTcti()
{
    qputenv("TSS2_TCTI", m_env.swtpm.tcti().toUtf8());
    TpmWorker worker; // default options: no explicit TCTI, environment allowed
    const TpmReport report = TpmProbe::runSync(worker);
    qunsetenv("TSS2_TCTI");
    QCOMPARE(report.tctiSource, u"TSS2_TCTI"_s);
    QCOMPARE(report.tcti, m_env.swtpm.tcti());
    QCOMPARE(report.manufacturerIdTxt, u"IBM"_s);
}

void TstTpmProbe::explicitTctiWinsOverEnvironment()
{
    qputenv("TSS2_TCTI", "swtpm:host=127.0.0.1,port=1");
    const TpmReport report = TpmProbe::runSync(*m_env.worker);
    qunsetenv("TSS2_TCTI");
    QCOMPARE(report.tctiSource, u"explicit"_s);
    QVERIFY(report.ready());
}

void TstTpmProbe::closedPortIsUnreachable()
{
    const quint16 port = SwtpmInstance::findClosedPort();
    QVERIFY(port != 0);
    TctiOptions options;
    options.explicitTcti = u"swtpm:host=127.0.0.1,port=%1"_s.arg(port);
    TpmWorker worker(options);
    const TpmReport report = TpmProbe::runSync(worker);
    QVERIFY(!report.ready());
    QVERIFY(!report.responding);
    QVERIFY(!report.devicePresent);
    QVERIFY(report.connectionError);
    QCOMPARE(tpmErrorKind(*report.connectionError), TpmErrorKind::Unreachable);
    QCOMPARE(report.reasons.size(), 1);
    QCOMPARE(report.reasons.first().issue, TpmReadinessIssue::TctiUnreachable);
    QVERIFY2(report.reasons.first().message.contains(options.explicitTcti),
             qPrintable(report.reasons.first().message));
    QVERIFY2(report.reasons.first().fix.contains(u"swtpm"_s),
             qPrintable(report.reasons.first().fix));
    const QJsonObject json = report.toJson();
    QCOMPARE(json.value("TpmPresent"_L1).toBool(), false);
    QCOMPARE(json.value("TpmReady"_L1).toBool(), false);
    QCOMPARE(json.value("Readiness"_L1).toString(), u"NotReady"_s);
    QCOMPARE(json.value("ReadinessReasons"_L1).toArray().first().toObject().value("Id"_L1),
             u"TctiUnreachable"_s);
}

void TstTpmProbe::noDeviceAtAll()
{
    QTemporaryDir dev;
    TctiOptions options;
    options.useEnvironment = false;
    options.defaultDevices = { dev.filePath(u"tpmrm0"_s), dev.filePath(u"tpm0"_s) };
    TpmWorker worker(options);
    const TpmReport report = TpmProbe::runSync(worker);
    QCOMPARE(report.tctiSource, u"default"_s);
    QVERIFY(!report.ready());
    QVERIFY(!report.devicePresent);
    QCOMPARE(report.reasons.size(), 1);
    QCOMPARE(report.reasons.first().issue, TpmReadinessIssue::NoDevice);
    QVERIFY2(report.reasons.first().message.contains(u"tpmrm0 and "_s),
             qPrintable(report.reasons.first().message));
    QVERIFY(report.reasons.first().fix.contains(u"firmware"_s));
}

void TstTpmProbe::tpm12Device()
{
    // A TPM 1.2 has /dev/tpm0 (no resource manager) and sysfs says version 1.
    QTemporaryDir root;
    QVERIFY(QDir(root.path()).mkpath(u"sys/tpm0"_s));
    QFile device(root.filePath(u"tpm0"_s));
    QVERIFY(device.open(QIODevice::WriteOnly));
    device.close();
    QFile version(root.filePath(u"sys/tpm0/tpm_version_major"_s));
    QVERIFY(version.open(QIODevice::WriteOnly));
    version.write("1\n");
    version.close();

    TctiOptions options;
    options.useEnvironment = false;
    options.defaultDevices = { root.filePath(u"tpmrm0"_s), root.filePath(u"tpm0"_s) };
    options.sysfsTpmDir = root.filePath(u"sys"_s);
    TpmWorker worker(options);
    const TpmReport report = TpmProbe::runSync(worker);
    QVERIFY(!report.ready());
    QVERIFY(report.devicePresent);
    QCOMPARE(report.reasons.size(), 1);
    QCOMPARE(report.reasons.first().issue, TpmReadinessIssue::Tpm12Only);
    QVERIFY(report.reasons.first().message.contains(u"TPM 1.2"_s));
    QVERIFY(report.reasons.first().fix.contains(u"2.0 mode"_s));
}

QTEST_GUILESS_MAIN(TstTpmProbe)
#include "tst_tpmprobe.moc"
