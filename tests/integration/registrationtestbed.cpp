#include "registrationtestbed.h"

#include "clidevice.h"

#include "local/thisdevicestatusjob.h"
#include "tpm/keystore.h"
#include "tpm/softwarekeystore.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Test {

RegistrationTestBed::RegistrationTestBed(FakeCloudInstance &cloud, const QString &tcti)
    : m_cloud(cloud)
{
    DeviceEnvironmentOptions options;
    options.stateDir = m_state.path();
    options.tcti = tcti;
    options.forceSoftwareKeys = tcti.isEmpty();
    options.cloudBaseUrl = cloud.baseUrl().toString();
    options.caFile = cloud.caFile();
    m_environment = std::make_shared<DeviceEnvironment>(options);
}

RegistrationTestBed::JoinRun RegistrationTestBed::join(int joinType)
{
    JoinRun run;
    CloudHttp http;
    if (Status trusted = m_environment->configure(http); !trusted) {
        run.error = trusted.error();
        return run;
    }
    DrsClient client(http, m_environment->endpoints());
    RegistrationStore registrationStore = store();
    const KeyStoreSelection keys = m_environment->selectKeyStore();
    JoinOperation join(client, keys.store, registrationStore,
                       {m_cloud.tenantDomain(), joinType, u"testbed"_s, u"Debian 12"_s});
    QSignalSpy finished(&join, &JoinOperation::finished);
    QSignalSpy failed(&join, &JoinOperation::failed);
    join.start();
    if (!QTest::qWaitFor([&] { return !finished.isEmpty() || !failed.isEmpty(); }, 60000)) {
        run.error = Error{ErrorDomain::Internal, 0, u"The join did not finish in time."_s, {}, {}};
        return run;
    }
    if (!finished.isEmpty()) {
        run.registration = finished.first().at(0).value<DeviceRegistration>();
    } else {
        run.error = failed.first().at(0).value<Error>();
        run.failedStep = failed.first().at(1).value<JoinOperation::Step>();
        run.rollback = failed.first().at(2).toString();
    }
    return run;
}

RegistrationTestBed::LeaveRun RegistrationTestBed::leave(bool localOnly)
{
    LeaveRun run;
    CloudHttp http;
    (void)m_environment->configure(http);
    DrsClient client(http, m_environment->endpoints());
    RegistrationStore registrationStore = store();
    Result<std::optional<DeviceRegistration>> registration = registrationStore.load();
    std::shared_ptr<KeyStore> keys =
        registration && registration->has_value()
        ? m_environment->keyStoreFor(**registration)
        : std::make_shared<SoftwareKeyStore>(KeyStoreSelector::softwareKeyDirectory(stateDir()));
    LeaveOperation leave(client, keys, registrationStore, {localOnly});
    QSignalSpy finished(&leave, &LeaveOperation::finished);
    QSignalSpy failed(&leave, &LeaveOperation::failed);
    leave.start();
    if (!QTest::qWaitFor([&] { return !finished.isEmpty() || !failed.isEmpty(); }, 60000)) {
        run.error = Error{ErrorDomain::Internal, 0, u"The leave did not finish in time."_s, {}, {}};
        return run;
    }
    if (!finished.isEmpty()) {
        run.outcome = finished.first().at(0).value<LeaveOutcome>();
    } else {
        run.error = failed.first().at(0).value<Error>();
        run.advice = failed.first().at(2).toString();
    }
    return run;
}

StatusSnapshot RegistrationTestBed::status()
{
    ThisDeviceStatusJob job(m_environment);
    QSignalSpy finished(&job, &ThisDeviceStatusJob::finished);
    job.start();
    if (!QTest::qWaitFor([&] { return !finished.isEmpty(); }, 60000))
        return {};
    return finished.first().at(0).value<StatusSnapshot>();
}

QStringList RegistrationTestBed::allKeyIds()
{
    return keyIdsInStateDir(stateDir());
}

} // namespace Entra::Test
