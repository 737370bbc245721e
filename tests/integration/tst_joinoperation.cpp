// JoinOperation end to end over real TLS against fakecloud, with software keys: the happy path,
// a refusal that rolls back, cancellation, an untrusted server, and journal recovery.
#include "cloud/cloudhttp.h"
#include "cloud/drsclient.h"
#include "crypto/devicecertificate.h"
#include "fakecloudinstance.h"
#include "ops/joinoperation.h"
#include "ops/journalrecovery.h"
#include "tpm/softwarekeystore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Entra;
using namespace Entra::Test;
using namespace Qt::Literals::StringLiterals;

class TestJoinOperation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void joinsAndStores_data();
    void joinsAndStores();
    void refusalRollsBack();
    void cancelDuringSignIn();
    void untrustedServerIsRefused();
    void journalRecoveryDeletesOrphanKeys();

private:
    std::unique_ptr<FakeCloudInstance> m_cloud;
    std::unique_ptr<QTemporaryDir> m_state;
    std::unique_ptr<CloudHttp> m_http;
    std::shared_ptr<SoftwareKeyStore> m_keys;
    std::unique_ptr<RegistrationStore> m_store;
};

void TestJoinOperation::initTestCase()
{
    FakeCloudInstance::Options options;
    options.autoApproveUpn = u"alice@contoso.onmicrosoft.com"_s;
    m_cloud = std::make_unique<FakeCloudInstance>(options);
    QVERIFY2(m_cloud->start(), qPrintable(m_cloud->errorString()));
}

void TestJoinOperation::init()
{
    QVERIFY(m_cloud->clearFaults());
    m_state = std::make_unique<QTemporaryDir>();
    m_http = std::make_unique<CloudHttp>();
    QVERIFY(m_http->trustCaFile(m_cloud->caFile()));
    m_keys = std::make_shared<SoftwareKeyStore>(m_state->filePath(u"keys"_s));
    m_store = std::make_unique<RegistrationStore>(m_state->path());
}

void TestJoinOperation::joinsAndStores_data()
{
    QTest::addColumn<int>("joinType");
    QTest::newRow("join") << 0;
    QTest::newRow("register") << 4;
}

void TestJoinOperation::joinsAndStores()
{
    QFETCH(int, joinType);
    DrsClient client(*m_http, CloudEndpoints::fromBase(m_cloud->baseUrl()));
    JoinOperation join(client, m_keys, *m_store,
                       {m_cloud->tenantDomain(), joinType, u"test-device"_s, u"Debian 12"_s});
    QSignalSpy finished(&join, &JoinOperation::finished);
    QSignalSpy failed(&join, &JoinOperation::failed);
    QSignalSpy signIn(&join, &JoinOperation::signInRequired);
    QSignalSpy steps(&join, &JoinOperation::stepStarted);
    join.start();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 30000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(0).value<Error>().message));
    QCOMPARE(signIn.size(), 1);
    QVERIFY(!signIn.first().at(0).toString().isEmpty()); // the user code to show
    QCOMPARE(steps.last().at(0).value<JoinOperation::Step>(), JoinOperation::Step::Done);

    const DeviceRegistration registration = finished.first().at(0).value<DeviceRegistration>();
    Result<DeviceCertificate> cert = DeviceCertificate::fromDer(registration.certificateDer);
    QVERIFY(cert);
    QCOMPARE(cert->deviceId, registration.deviceId);
    QVERIFY(cert->isIssuedByMsOrganizationAccess());
    QCOMPARE(cert->joinType, std::optional<int>(joinType == 0 ? 1 : 0));
    QCOMPARE(registration.userPrincipalName, u"alice@contoso.onmicrosoft.com"_s);
    QVERIFY(m_keys->keyInfo(registration.deviceKeyId));
    QVERIFY(m_keys->keyInfo(registration.transportKeyId));

    // Stored atomically, readable back, journal gone.
    Result<std::optional<DeviceRegistration>> stored = m_store->load();
    QVERIFY(stored && stored->has_value());
    QCOMPARE((*stored)->deviceId, registration.deviceId);
    QCOMPARE((*stored)->certificateDer, registration.certificateDer);
    QVERIFY(m_store->journal() && !m_store->journal()->has_value());
    QCOMPARE(QFile(m_state->filePath(u"registration.json"_s)).permissions()
                 & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    // And the cloud knows the device.
    QVERIFY(m_cloud->device(registration.deviceId).contains(u"deviceId"_s));
}

void TestJoinOperation::refusalRollsBack()
{
    QVERIFY(m_cloud->addFault(FakeCloudInstance::Fault::serverError(u"/EnrollmentServer/device"_s, 1, 503)));
    DrsClient client(*m_http, CloudEndpoints::fromBase(m_cloud->baseUrl()));
    JoinOperation join(client, m_keys, *m_store, {m_cloud->tenantDomain(), 0, u"d"_s, u"os"_s});
    QSignalSpy failed(&join, &JoinOperation::failed);
    join.start();
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 30000);
    QCOMPARE(failed.first().at(1).value<JoinOperation::Step>(), JoinOperation::Step::Register);
    const Error error = failed.first().at(0).value<Error>();
    QCOMPARE(error.code, 503);
    QVERIFY2(error.message.contains(u"register the device"_s), qPrintable(error.message));
    QVERIFY(failed.first().at(2).toString().startsWith(u"Rolled back: deleted key"_s));
    QVERIFY(m_keys->keyIds().isEmpty()); // no orphan keys
    QVERIFY(m_store->load() && !m_store->load()->has_value());
    QVERIFY(!m_store->journal()->has_value());
}

void TestJoinOperation::cancelDuringSignIn()
{
    FakeCloudInstance::Options options; // no auto-approve: the sign-in waits for the user
    FakeCloudInstance manual(options);
    QVERIFY(manual.start());
    CloudHttp http;
    QVERIFY(http.trustCaFile(manual.caFile()));
    DrsClient client(http, CloudEndpoints::fromBase(manual.baseUrl()));
    JoinOperation join(client, m_keys, *m_store, {manual.tenantDomain(), 0, u"d"_s, u"os"_s});
    QSignalSpy signIn(&join, &JoinOperation::signInRequired);
    QSignalSpy failed(&join, &JoinOperation::failed);
    join.start();
    QTRY_VERIFY_WITH_TIMEOUT(!signIn.isEmpty(), 15000);
    join.cancel();
    QCOMPARE(failed.size(), 1);
    QVERIFY(failed.first().at(0).value<Error>().message.contains(u"cancelled"_s));
    QVERIFY(m_keys->keyIds().isEmpty());
}

void TestJoinOperation::untrustedServerIsRefused()
{
    CloudHttp systemCasOnly; // fakecloud's CA not trusted
    DrsClient client(systemCasOnly, CloudEndpoints::fromBase(m_cloud->baseUrl()));
    JoinOperation join(client, m_keys, *m_store, {m_cloud->tenantDomain(), 0, u"d"_s, u"os"_s});
    QSignalSpy failed(&join, &JoinOperation::failed);
    join.start();
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 15000);
    const Error error = failed.first().at(0).value<Error>();
    QVERIFY2(error.message.contains(u"TLS connection"_s), qPrintable(error.message));
    QVERIFY(error.fix.contains(u"not trusted"_s));
    QCOMPARE(failed.first().at(1).value<JoinOperation::Step>(), JoinOperation::Step::Discover);
}

void TestJoinOperation::journalRecoveryDeletesOrphanKeys()
{
    // As if the program died after creating keys, before the registration was saved.
    Result<KeyInfo> orphan = m_keys->createKey({});
    QVERIFY(orphan);
    OperationJournal journal;
    journal.operation = u"join"_s;
    journal.step = u"Registering the device"_s;
    journal.createdKeyIds = {orphan->keyId, KeyStore::newKeyId()};
    journal.deviceId = u"9d53c6fa-b38e-4509-8fb1-51dedb421aac"_s;
    journal.startedAt = QDateTime::currentDateTimeUtc();
    QVERIFY(m_store->writeJournal(journal));
    Result<QString> repaired = JournalRecovery::repair(*m_store, {m_keys.get()});
    QVERIFY(repaired);
    QVERIFY2(repaired->contains(orphan->keyId), qPrintable(*repaired));
    QVERIFY(repaired->contains(u"9d53c6fa"_s)); // the cloud object it may have left
    QVERIFY(m_keys->keyIds().isEmpty());
    QVERIFY(!m_store->journal()->has_value());
    // Nothing to do the second time.
    QCOMPARE(*JournalRecovery::repair(*m_store, {m_keys.get()}), QString());
}

QTEST_GUILESS_MAIN(TestJoinOperation)
#include "tst_joinoperation.moc"
