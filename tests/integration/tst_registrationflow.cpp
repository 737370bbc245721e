// Join, status, leave and re-join end to end: the app's engine against fakecloud over real TLS,
// with keys in a real TPM (swtpm) or in software. Every injected fault at every step must end
// in a consistent, explained state with no orphan keys, and an interrupted operation must be
// finished by the next start.
#include "clidevice.h"
#include "crypto/devicecertificate.h"
#include "hello/ngcstore.h"
#include "ops/journalrecovery.h"
#include "registrationtestbed.h"
#include "state/sections.h"
#include "store/prtstore.h"
#include "swtpminstance.h"
#include "tpm/keystore.h"
#include "tpm/softwarekeystore.h"

#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace Entra;
using namespace Entra::Test;
using namespace Qt::Literals::StringLiterals;

namespace {

QString field(const StatusSnapshot &snapshot, QStringView section, QStringView key)
{
    return snapshot.value(section, key);
}

} // namespace

class TestRegistrationFlow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void tpmJoinStatusLeaveRejoin();
    void registerWithSoftwareKeys();
    void keySignTestFailsWhenTheKeyIsGone();
    void leaveRefusedKeepsEverything_data();
    void leaveRefusedKeepsEverything();
    void joinFaultAtEachStep_data();
    void joinFaultAtEachStep();
    void interruptedLeaveIsRepaired_data();
    void interruptedLeaveIsRepaired();
    void killedJoinIsRepairedAtNextStart();
    void cliJoinStatusLeave();
    void cliJoinInterruptedRollsBack();
    void cliGivesUpAtTheTimeout();

private:
    std::unique_ptr<FakeCloudInstance> m_cloud;
    std::unique_ptr<SwtpmInstance> m_tpm;
};

void TestRegistrationFlow::initTestCase()
{
    FakeCloudInstance::Options options;
    options.autoApproveUpn = u"alice@contoso.onmicrosoft.com"_s;
    m_cloud = std::make_unique<FakeCloudInstance>(options);
    QVERIFY2(m_cloud->start(), qPrintable(m_cloud->errorString()));
    m_tpm = std::make_unique<SwtpmInstance>();
    QVERIFY2(m_tpm->start(), qPrintable(m_tpm->errorString()));
}

void TestRegistrationFlow::init()
{
    QVERIFY(m_cloud->clearFaults());
}

void TestRegistrationFlow::tpmJoinStatusLeaveRejoin()
{
    RegistrationTestBed device(*m_cloud, m_tpm->tcti());
    const auto joined = device.join(0);
    QVERIFY2(joined.registration, joined.error ? qPrintable(joined.error->message) : "");
    const DeviceRegistration &registration = *joined.registration;
    QVERIFY(registration.tpmProtected);
    Result<DeviceCertificate> certificate = DeviceCertificate::fromDer(registration.certificateDer);
    QVERIFY(certificate);

    // Every field is computed from the store, the certificate, the TPM and the cloud.
    StatusSnapshot status = device.status();
    QCOMPARE(field(status, u"Device State", u"AzureAdJoined"), u"YES"_s);
    QCOMPARE(field(status, u"Device Details", u"DeviceId"), certificate->deviceId);
    QCOMPARE(field(status, u"Device Details", u"Thumbprint"), certificate->thumbprint);
    const DeviceDetails details = readSection<DeviceDetails>(status);
    QVERIFY(details.certificateValidity);
    QCOMPARE(details.certificateValidity->notBefore, certificate->notBefore);
    QCOMPARE(details.certificateValidity->notAfter, certificate->notAfter);
    QCOMPARE(field(status, u"Device Details", u"KeyContainerId"), registration.deviceKeyId);
    QCOMPARE(field(status, u"Device Details", u"KeyProvider"), tpmKeyProviderName());
    QCOMPARE(field(status, u"Device Details", u"TpmProtected"), u"YES"_s);
    QCOMPARE(field(status, u"Device Details", u"DeviceAuthStatus"), u"SUCCESS"_s);
    QCOMPARE(field(status, u"Tenant Details", u"TenantId"), m_cloud->tenantId());
    QCOMPARE(field(status, u"Tenant Details", u"TenantName"), m_cloud->tenantDomain());
    QCOMPARE(field(status, u"Diagnostic Data", u"KeySignTest"), u"PASSED"_s);

    // The cloud's view changes DeviceAuthStatus, and only that.
    QVERIFY(m_cloud->disableDevice(registration.deviceId));
    status = device.status();
    QCOMPARE(field(status, u"Device Details", u"DeviceAuthStatus"),
             u"FAILED. Device is either disabled or deleted"_s);
    QVERIFY(field(status, u"Host Details", u"DeviceAuthStatus Detail").contains(u"disabled"_s));
    QCOMPARE(field(status, u"Diagnostic Data", u"KeySignTest"), u"PASSED"_s);
    QVERIFY(m_cloud->enableDevice(registration.deviceId));

    // Leave authenticates with the TPM-resident key as the TLS client key.
    const auto left = device.leave();
    QVERIFY2(left.outcome, left.error ? qPrintable(left.error->message) : "");
    QVERIFY(left.outcome->cloudObjectDeleted);
    QCOMPARE(left.outcome->deletedKeyIds.size(), 2);
    QVERIFY(m_cloud->device(registration.deviceId).isEmpty());
    QVERIFY(device.allKeyIds().isEmpty());
    QVERIFY(!device.store().load()->has_value());
    QVERIFY(!device.store().journal()->has_value());
    status = device.status();
    QCOMPARE(field(status, u"Device State", u"AzureAdJoined"), u"NO"_s);
    QVERIFY(!status.section(u"Device Details"));

    // And the device can join again, as a new device.
    const auto rejoined = device.join(0);
    QVERIFY2(rejoined.registration, rejoined.error ? qPrintable(rejoined.error->message) : "");
    QVERIFY(rejoined.registration->deviceId != registration.deviceId);
    QVERIFY(device.leave().outcome);
    QVERIFY(device.allKeyIds().isEmpty());

    // Every step of every run is in the operation log.
    const QStringList log = operationLogLines(device.stateDir());
    QVERIFY2(log.contains(u"join Register started"_s), qPrintable(log.join(u'\n')));
    QVERIFY(log.contains(u"join Store succeeded"_s));
    QVERIFY(log.contains(u"leave DeleteInCloud succeeded"_s));
    QVERIFY(log.contains(u"leave RemoveLocal succeeded"_s));
    QCOMPARE(log.count(u"join Discover started"_s), 2);
}

void TestRegistrationFlow::registerWithSoftwareKeys()
{
    RegistrationTestBed device(*m_cloud, {});
    const auto registered = device.join(4);
    QVERIFY2(registered.registration, registered.error ? qPrintable(registered.error->message) : "");
    const QString deviceId = registered.registration->deviceId;
    QCOMPARE(m_cloud->device(deviceId).value(u"trustType"_s).toString(), u"Workplace"_s);

    const StatusSnapshot status = device.status();
    QCOMPARE(field(status, u"Device State", u"AzureAdJoined"), u"NO"_s);
    QCOMPARE(field(status, u"User State", u"WorkplaceJoined"), u"YES"_s);
    QCOMPARE(field(status, u"Work Account 1", u"WorkplaceDeviceId"), deviceId);
    QCOMPARE(field(status, u"Work Account 1", u"WorkplaceTenantId"), m_cloud->tenantId());
    QCOMPARE(field(status, u"Work Account 1", u"KeyProvider"), softwareKeyProviderName());
    QCOMPARE(field(status, u"Work Account 1", u"TpmProtected"), u"NO"_s);
    QCOMPARE(field(status, u"Work Account 1", u"DeviceAuthStatus"), u"SUCCESS"_s);
    QCOMPARE(field(status, u"Diagnostic Data", u"KeySignTest"), u"PASSED"_s);

    // Key files are readable by the owner only.
    const QString keyDir = KeyStoreSelector::softwareKeyDirectory(device.stateDir());
    for (const QFileInfo &file : QDir(keyDir).entryInfoList(QDir::Files))
        QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());

    QVERIFY(device.leave().outcome);
    QVERIFY(m_cloud->device(deviceId).isEmpty());
    QVERIFY(device.allKeyIds().isEmpty());
}

void TestRegistrationFlow::keySignTestFailsWhenTheKeyIsGone()
{
    RegistrationTestBed device(*m_cloud, {});
    const auto joined = device.join(0);
    QVERIFY(joined.registration);
    SoftwareKeyStore keys(KeyStoreSelector::softwareKeyDirectory(device.stateDir()));
    QVERIFY(keys.deleteKey(joined.registration->deviceKeyId));

    const StatusSnapshot status = device.status();
    QCOMPARE(field(status, u"Diagnostic Data", u"KeySignTest"), u"FAILED"_s);
    QVERIFY(!field(status, u"Host Details", u"KeySignTest Error").isEmpty());

    // Without its key the device cannot authenticate to delete itself: nothing changes, and
    // the answer says how to clean up locally.
    const auto refused = device.leave();
    QVERIFY(refused.error);
    QVERIFY2(refused.advice.contains(u"--local-only"_s), qPrintable(refused.advice));
    QVERIFY(device.store().load()->has_value());

    const auto localOnly = device.leave(true);
    QVERIFY(localOnly.outcome);
    QVERIFY(!localOnly.outcome->cloudObjectDeleted);
    QVERIFY2(localOnly.outcome->note.contains(u"remains in the directory"_s),
             qPrintable(localOnly.outcome->note));
    QVERIFY(!m_cloud->device(joined.registration->deviceId).isEmpty());
    QVERIFY(device.allKeyIds().isEmpty());
    QVERIFY(!device.store().load()->has_value());
    QVERIFY(m_cloud->deleteDevice(joined.registration->deviceId));
}

void TestRegistrationFlow::leaveRefusedKeepsEverything_data()
{
    QTest::addColumn<QString>("situation");
    QTest::newRow("deleted by an admin") << u"deleted"_s;
    QTest::newRow("disabled") << u"disabled"_s;
    QTest::newRow("service unavailable") << u"503"_s;
    QTest::newRow("throttled") << u"429"_s;
    QTest::newRow("server error") << u"500"_s;
    // The service deleted the device but every answer was lost on the way.
    QTest::newRow("answer lost") << u"lost"_s;
}

void TestRegistrationFlow::leaveRefusedKeepsEverything()
{
    QFETCH(QString, situation);
    RegistrationTestBed device(*m_cloud, {});
    const auto joined = device.join(0);
    QVERIFY(joined.registration);
    const QString deviceId = joined.registration->deviceId;
    const QStringList keysBefore = device.allKeyIds();
    const QString devicePath = u"/EnrollmentServer/device/"_s + deviceId;

    if (situation == u"deleted")
        QVERIFY(m_cloud->deleteDevice(deviceId));
    else if (situation == u"disabled")
        QVERIFY(m_cloud->disableDevice(deviceId));
    else if (situation == u"503")
        QVERIFY(m_cloud->addFault(FakeCloudInstance::Fault::serverError(devicePath, 1, 503)));
    else if (situation == u"429")
        QVERIFY(m_cloud->addFault(FakeCloudInstance::Fault::throttle(devicePath, 1, 30)));
    else if (situation == u"lost") // Qt re-sends a DELETE three times: all four answers lost
        QVERIFY(m_cloud->addFault(FakeCloudInstance::Fault::drop(devicePath, 4, true)));
    else
        QVERIFY(m_cloud->addFault(FakeCloudInstance::Fault::serverError(devicePath, 1, 500)));

    const auto refused = device.leave();
    QVERIFY(refused.error);
    QVERIFY(!refused.error->message.isEmpty());
    QVERIFY2(refused.advice.contains(u"--local-only"_s), qPrintable(refused.advice));
    if (situation == u"lost")
        QVERIFY2(refused.advice.contains(u"may already be deleted"_s), qPrintable(refused.advice));
    // Nothing local changed.
    QVERIFY(device.store().load()->has_value());
    QCOMPARE(device.allKeyIds(), keysBefore);
    QVERIFY(!device.store().journal()->has_value());

    // The status explains the state the cloud is in.
    const QString authStatus = field(device.status(), u"Device Details", u"DeviceAuthStatus");
    const bool cloudObjectGone = m_cloud->device(deviceId).isEmpty();
    if (cloudObjectGone || situation == u"disabled")
        QCOMPARE(authStatus, u"FAILED. Device is either disabled or deleted"_s);
    else
        QCOMPARE(authStatus, u"SUCCESS"_s);

    // Local-only clean-up always completes.
    const auto localOnly = device.leave(true);
    QVERIFY(localOnly.outcome);
    QVERIFY(device.allKeyIds().isEmpty());
    if (!cloudObjectGone)
        QVERIFY(m_cloud->deleteDevice(deviceId));
}

void TestRegistrationFlow::joinFaultAtEachStep_data()
{
    using Fault = FakeCloudInstance::Fault;
    QTest::addColumn<Fault>("fault");
    QTest::addColumn<JoinOperation::Step>("step");
    // Said in the error or the rollback (empty: anything specific).
    QTest::addColumn<QString>("explanation");
    const QString contract = u"/enrollmentserver/contract"_s;
    const QString deviceCode = u"/oauth2/devicecode"_s;
    const QString token = u"/oauth2/token"_s;
    const QString drs = u"/EnrollmentServer/device"_s;
    const QString lost = u"such a device object stays in the directory"_s;
    QTest::newRow("discovery 503") << Fault::serverError(contract, 1, 503) << JoinOperation::Step::Discover << QString();
    QTest::newRow("discovery html") << Fault::malformed(contract, 1, u"html"_s) << JoinOperation::Step::Discover << QString();
    QTest::newRow("discovery closed") << Fault::closeMidResponse(contract, 1) << JoinOperation::Step::Discover
                                      << u"closed the connection in the middle of its answer"_s;
    QTest::newRow("device code 429") << Fault::throttle(deviceCode, 1) << JoinOperation::Step::SignIn << QString();
    QTest::newRow("device code truncated") << Fault::malformed(deviceCode, 1) << JoinOperation::Step::SignIn << QString();
    QTest::newRow("token 500") << Fault::serverError(token, 1, 500) << JoinOperation::Step::SignIn << QString();
    QTest::newRow("register 503") << Fault::serverError(drs, 1, 503) << JoinOperation::Step::Register << QString();
    QTest::newRow("register 429") << Fault::throttle(drs, 1) << JoinOperation::Step::Register << QString();
    // The connection dies after the service registered the device: the answer is lost, and
    // the rollback must say that a device object may remain.
    QTest::newRow("register closed after processing")
        << Fault::closeMidResponse(drs, 1) << JoinOperation::Step::Register << lost;
    QTest::newRow("register dropped before processing")
        << Fault::drop(drs, 1) << JoinOperation::Step::Register
        << u"closed the connection before answering"_s;
    // Qt re-sent a POST whose connection died, creating a second device (found by the soak).
    QTest::newRow("register dropped after processing")
        << Fault::drop(drs, 1, true) << JoinOperation::Step::Register << lost;
    QTest::newRow("register wrong json") << Fault::malformed(drs, 1, u"wrong-json"_s) << JoinOperation::Step::Register << lost;
    QTest::newRow("register empty") << Fault::malformed(drs, 1, u"empty"_s) << JoinOperation::Step::Register << lost;
}

void TestRegistrationFlow::joinFaultAtEachStep()
{
    QFETCH(FakeCloudInstance::Fault, fault);
    QFETCH(JoinOperation::Step, step);
    QFETCH(QString, explanation);
    RegistrationTestBed device(*m_cloud, m_tpm->tcti());
    const int devicesBefore = m_cloud->devices().size();
    QVERIFY(m_cloud->addFault(fault));

    const auto run = device.join(0);
    QVERIFY2(run.error, "the join should have failed");
    QCOMPARE(run.failedStep, step);
    QVERIFY(!run.error->message.isEmpty());
    QVERIFY(!run.rollback.isEmpty());
    const QString said = run.error->message + u'\n' + run.rollback;
    QVERIFY2(said.contains(explanation), qPrintable(said));
    // Consistent: no registration, no journal, no orphan key in either store.
    QVERIFY(!device.store().load()->has_value());
    QVERIFY(!device.store().journal()->has_value());
    QVERIFY2(device.allKeyIds().isEmpty(), qPrintable(device.allKeyIds().join(u' ')));
    const QString stepName = QString::fromLatin1(
        QMetaEnum::fromType<JoinOperation::Step>().valueToKey(int(step)));
    const QStringList log = operationLogLines(device.stateDir());
    QVERIFY2(log.contains(u"join %1 failed"_s.arg(stepName)), qPrintable(log.join(u'\n')));
    if (run.rollback.startsWith(u"Rolled back"_s))
        QVERIFY(log.contains(u"join %1 rolled-back"_s.arg(stepName)));
    // The status explains the failure until a join succeeds.
    const QString lastFailure = field(device.status(), u"Host Details", u"Last Join Failure");
    QVERIFY2(lastFailure.contains(u"step %1"_s.arg(stepName))
                 && lastFailure.contains(run.error->message.left(80)),
             qPrintable(lastFailure));
    // A fault that let the service process the request leaves one device object behind (never
    // two), and the rollback said so; clean it up for the next row.
    const QJsonArray devices = m_cloud->devices();
    QVERIFY(devices.size() <= devicesBefore + 1);
    if (devices.size() > devicesBefore) {
        QVERIFY2(run.rollback.contains(u"stays in the directory"_s), qPrintable(run.rollback));
        QVERIFY(m_cloud->deleteDevice(devices.last().toObject().value(u"deviceId"_s).toString()));
    }

    // The next attempt, without the fault, succeeds.
    const auto retry = device.join(0);
    QVERIFY2(retry.registration, retry.error ? qPrintable(retry.error->message) : "");
    QVERIFY(!device.status().section(u"Host Details")->contains(u"Last Join Failure"));
    QVERIFY(device.leave().outcome);
}

void TestRegistrationFlow::interruptedLeaveIsRepaired_data()
{
    QTest::addColumn<bool>("cloudDeleted");
    QTest::addColumn<bool>("registrationRemoved");
    QTest::addColumn<bool>("helloRemoved"); // the device had a PIN and a PRT; Hello is gone too
    QTest::addColumn<bool>("expectLeft");
    QTest::newRow("before the service answered") << false << false << false << false;
    QTest::newRow("after the service deleted it") << true << false << false << true;
    QTest::newRow("after the registration was removed") << true << true << false << true;
    // Found by the soak: killed between removing the Hello registration and its key.
    QTest::newRow("after the Hello registration was removed") << true << true << true << true;
}

void TestRegistrationFlow::interruptedLeaveIsRepaired()
{
    QFETCH(bool, cloudDeleted);
    QFETCH(bool, registrationRemoved);
    QFETCH(bool, helloRemoved);
    QFETCH(bool, expectLeft);
    RegistrationTestBed device(*m_cloud, {});
    const auto joined = device.join(0);
    QVERIFY(joined.registration);
    // A Windows Hello key and a PRT, as after `pin setup` (their content does not matter here).
    SoftwareKeyStore keys(KeyStoreSelector::softwareKeyDirectory(device.stateDir()));
    const Result<KeyInfo> helloKey = keys.createKey({{}, u"480913"_s});
    QVERIFY(helloKey);
    NgcRegistration ngc;
    ngc.keyId = helloKey->keyId;
    ngc.upn = u"alice@contoso.onmicrosoft.com"_s;
    ngc.deviceId = joined.registration->deviceId;
    ngc.publicKeyBlob = "RSA1";
    QVERIFY(NgcStore(device.stateDir()).save(ngc));
    QVERIFY(NgcStore(device.stateDir()).load() && NgcStore(device.stateDir()).load()->has_value());
    StoredPrt prt;
    prt.upn = ngc.upn;
    prt.sealedPrt = "sealed";
    prt.encryptedSessionKey = "wrapped";
    QVERIFY(PrtStore(device.stateDir()).save(prt));

    RegistrationStore store = device.store();
    OperationJournal journal;
    journal.operation = u"leave"_s;
    journal.step = u"Deleting the device in the directory"_s;
    journal.deviceId = joined.registration->deviceId;
    journal.startedAt = QDateTime::currentDateTimeUtc();
    journal.releasedKeyIds = {joined.registration->deviceKeyId, joined.registration->transportKeyId,
                              helloKey->keyId};
    journal.helloUpn = ngc.upn;
    journal.cloudObjectDeleted = cloudDeleted;
    QVERIFY(store.writeJournal(journal));
    if (registrationRemoved)
        QVERIFY(store.remove());
    if (helloRemoved) {
        QVERIFY(NgcStore(device.stateDir()).remove());
        QVERIFY(PrtStore(device.stateDir()).remove());
    }

    Result<QString> repaired = JournalRecovery::repair(device.environment());
    QVERIFY(repaired);
    QVERIFY2(repaired->contains(u"interrupted"_s), qPrintable(*repaired));
    QVERIFY(!store.journal()->has_value());
    QCOMPARE(!store.load()->has_value(), expectLeft);
    QCOMPARE(device.allKeyIds().isEmpty(), expectLeft);
    // The Hello registration and the PRT go with the registration, and the key left on the
    // key service is explained.
    const Result<std::optional<NgcRegistration>> hello = NgcStore(device.stateDir()).load();
    const Result<std::optional<StoredPrt>> prtLeft = PrtStore(device.stateDir()).load();
    QVERIFY(hello && prtLeft);
    QCOMPARE(!hello->has_value(), expectLeft);
    QCOMPARE(!prtLeft->has_value(), expectLeft);
    if (expectLeft)
        QVERIFY2(repaired->contains(u"an administrator can remove it from the user's "
                                    u"authentication methods"_s),
                 qPrintable(*repaired));
    QVERIFY(m_cloud->deleteDevice(joined.registration->deviceId));
}

void TestRegistrationFlow::killedJoinIsRepairedAtNextStart()
{
    // The real program, killed while the service takes its time to register the device.
    QTemporaryDir state;
    QVERIFY(m_cloud->addFault(
        FakeCloudInstance::Fault::slow(u"/EnrollmentServer/device"_s, 1, 20000).onMethod("POST")));
    const CliDevice cli(*m_cloud, state.path());
    const CliDevice::Run join = cli.runAndKill({u"join"_s, u"--tenant"_s, m_cloud->tenantDomain()},
                                               {}, "Registering the device", 300);
    QVERIFY2(join.killed, qPrintable(join.all())); // well inside the 20 s the service takes
    QVERIFY(QFile::exists(state.filePath(u"journal.json"_s)));
    SoftwareKeyStore keys(KeyStoreSelector::softwareKeyDirectory(state.path()));
    QCOMPARE(keys.keyIds().size(), 2); // the orphans the journal names

    const CliDevice::Run status = cli.run({u"status"_s}, {}, 60000);
    QVERIFY2(status.err.contains(u"was interrupted during \"Registering the device\""_s),
             qPrintable(status.err));
    QVERIFY(status.err.contains(u"keys it had created were deleted"_s));
    // The service did register the device before the kill: the repair must say that it may.
    QVERIFY2(status.err.contains(u"that device object remains in the directory"_s),
             qPrintable(status.err));
    QVERIFY(keys.keyIds().isEmpty());
    QVERIFY(!QFile::exists(state.filePath(u"journal.json"_s)));
    QVERIFY(status.out.contains(u"AzureAdJoined : NO"_s));
    QVERIFY(m_cloud->clearFaults());
    const QJsonArray devices = m_cloud->devices();
    for (const QJsonValue &orphan : devices)
        QVERIFY(m_cloud->deleteDevice(orphan.toObject().value(u"deviceId"_s).toString()));
}

void TestRegistrationFlow::cliJoinStatusLeave()
{
    QTemporaryDir state;
    const CliDevice cli(*m_cloud, state.path(), m_tpm->tcti());
    using Run = CliDevice::Run;
    auto run = [&cli](const QStringList &arguments) { return cli.run(arguments); };

    Run usage = run({u"join"_s});
    QCOMPARE(usage.exitCode, 2);
    QVERIFY2(usage.err.contains(u"--tenant DOMAIN is required"_s), qPrintable(usage.err));
    usage = run({u"join"_s, u"--tenant"_s, m_cloud->tenantDomain(), u"--type"_s, u"hybrid"_s});
    QCOMPARE(usage.exitCode, 2);
    Run notJoined = run({u"leave"_s});
    QCOMPARE(notJoined.exitCode, 1);
    QVERIFY(notJoined.err.contains(u"nothing to leave"_s));

    const Run joined = run({u"join"_s, u"--tenant"_s, m_cloud->tenantDomain()});
    QVERIFY2(joined.exitCode == 0, qPrintable(joined.out + joined.err));
    QVERIFY(joined.out.contains(tpmKeyProviderName()));
    QVERIFY(joined.out.contains(u"enter the code"_s));
    QVERIFY(joined.out.contains(u"Joined: device "_s));
    // No token (a JWT starts "eyJ") in what the CLI printed or in the registration store; the
    // only private key material is in the key store, 0600.
    QVERIFY(!joined.out.contains(u"eyJ"_s) && !joined.err.contains(u"eyJ"_s));
    QDirIterator files(state.path(), QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY2(!content.contains("eyJ"), qPrintable(path));
        if (!path.contains(u"/keys/"_s))
            QVERIFY2(!content.contains("PRIVATE"), qPrintable(path));
        QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
    }

    const Run again = run({u"join"_s, u"--tenant"_s, m_cloud->tenantDomain()});
    QCOMPARE(again.exitCode, 1);
    QVERIFY(again.err.contains(u"already joined"_s));

    const Run status = run({u"status"_s, u"--json"_s});
    QCOMPARE(status.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(status.out.toUtf8()).object();
    const QJsonObject details = json.value(u"Device Details"_s).toObject();
    QCOMPARE(details.value(u"TpmProtected"_s).toString(), u"YES"_s);
    QCOMPARE(details.value(u"DeviceAuthStatus"_s).toString(), u"SUCCESS"_s);
    QCOMPARE(json.value(u"Diagnostic Data"_s).toObject().value(u"KeySignTest"_s).toString(),
             u"PASSED"_s);
    const QString deviceId = details.value(u"DeviceId"_s).toString();
    QVERIFY(!m_cloud->device(deviceId).isEmpty());

    const Run left = run({u"leave"_s});
    QVERIFY2(left.exitCode == 0, qPrintable(left.out + left.err));
    QVERIFY(left.out.contains(u"was deleted in the directory"_s));
    QVERIFY(m_cloud->device(deviceId).isEmpty());
}

void TestRegistrationFlow::cliJoinInterruptedRollsBack()
{
    // SIGTERM (as Ctrl+C's SIGINT) while the service is registering: the join cancels and
    // rolls back instead of dying half-way.
    QTemporaryDir state;
    QVERIFY(m_cloud->addFault(
        FakeCloudInstance::Fault::slow(u"/EnrollmentServer/device"_s, 1, 20000).onMethod("POST")));
    QProcess join;
    join.start(QStringLiteral(ENTRA_DOCTOR_BINARY),
               {u"join"_s, u"--tenant"_s, m_cloud->tenantDomain(), u"--state-dir"_s, state.path(),
                u"--cloud"_s, m_cloud->baseUrl().toString(), u"--ca-file"_s, m_cloud->caFile(),
                u"--no-tpm"_s});
    QVERIFY(join.waitForStarted());
    QByteArray output;
    QVERIFY(QTest::qWaitFor(
        [&] {
            output += join.readAllStandardOutput();
            return output.contains("Registering the device") || join.state() != QProcess::Running;
        },
        30000));
    QVERIFY2(output.contains("Registering the device"), output.constData());
    join.terminate();
    QVERIFY(join.waitForFinished(30000));
    QCOMPARE(join.exitStatus(), QProcess::NormalExit);
    QCOMPARE(join.exitCode(), 1);
    const QString err = QString::fromUtf8(join.readAllStandardError());
    QVERIFY2(err.contains(u"cancelled"_s), qPrintable(err));
    QVERIFY2(err.contains(u"Rolled back: deleted key"_s), qPrintable(err));
    QVERIFY(!QFile::exists(state.filePath(u"journal.json"_s)));
    QVERIFY(SoftwareKeyStore(KeyStoreSelector::softwareKeyDirectory(state.path())).keyIds().isEmpty());
    QVERIFY(m_cloud->clearFaults());
}

void TestRegistrationFlow::cliGivesUpAtTheTimeout()
{
    // --timeout bounds each request to the cloud: a service that does not answer is reported
    // after that long, and the status explains the failed join afterwards.
    QTemporaryDir state;
    QVERIFY(m_cloud->addFault(
        FakeCloudInstance::Fault::slow(u"/enrollmentserver/contract"_s, 1, 8000)));
    CliDevice cli(*m_cloud, state.path());
    cli.setTimeout(std::chrono::seconds(1));
    const CliDevice::Run join = cli.run({u"join"_s, u"--tenant"_s, m_cloud->tenantDomain()});
    QCOMPARE(join.exitCode, 1);
    QVERIFY2(join.err.contains(u"did not answer in time"_s), qPrintable(join.err));
    QVERIFY2(join.elapsedMs < 6000, qPrintable(QString::number(join.elapsedMs)));
    const CliDevice::Run status = cli.run({u"status"_s, u"--json"_s});
    const QJsonObject host =
        QJsonDocument::fromJson(status.out.toUtf8()).object().value(u"Host Details"_s).toObject();
    QVERIFY2(host.value(u"Last Join Failure"_s).toString().contains(u"did not answer in time"_s),
             qPrintable(status.out));
    QVERIFY(m_cloud->clearFaults());

    const CliDevice plain(*m_cloud, state.path());
    for (const QString &bad : {u"0"_s, u"soon"_s, u"3601"_s}) {
        const CliDevice::Run refused = plain.run({u"status"_s, u"--timeout"_s, bad});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(u"--timeout needs a number of seconds"_s),
                 qPrintable(refused.err));
    }
}

QTEST_GUILESS_MAIN(TestRegistrationFlow)
#include "tst_registrationflow.moc"
