#pragma once

#include "cloud/cloudhttp.h"
#include "cloud/drsclient.h"
#include "fakecloudinstance.h"
#include "local/deviceenvironment.h"
#include "ops/joinoperation.h"
#include "ops/leaveoperation.h"
#include "state/statussnapshot.h"

#include <QTemporaryDir>

#include <memory>

namespace Entra::Test {

// One device (a fresh state directory, software keys or a TPM) against one fakecloud: runs
// join, leave and status the way the app does and waits for their signals.
class RegistrationTestBed
{
public:
    struct JoinRun
    {
        std::optional<DeviceRegistration> registration;
        std::optional<Error> error;
        JoinOperation::Step failedStep = JoinOperation::Step::Discover;
        QString rollback;
    };
    struct LeaveRun
    {
        std::optional<LeaveOutcome> outcome;
        std::optional<Error> error;
        QString advice;
    };

    RegistrationTestBed(FakeCloudInstance &cloud, const QString &tcti); // empty tcti: software

    DeviceEnvironment &environment() { return *m_environment; }
    std::shared_ptr<DeviceEnvironment> sharedEnvironment() { return m_environment; }
    QString stateDir() const { return m_state.path(); }
    RegistrationStore store() const { return m_environment->registrationStore(); }

    JoinRun join(int joinType = 0);
    LeaveRun leave(bool localOnly = false);
    StatusSnapshot status();
    // Key ids in both key stores of the state directory.
    QStringList allKeyIds();

private:
    FakeCloudInstance &m_cloud;
    QTemporaryDir m_state;
    std::shared_ptr<DeviceEnvironment> m_environment;
};

} // namespace Entra::Test
