#include "thisdevice.h"

#include "crypto/devicecertificate.h"
#include "deviceenvironment.h"
#include "hello/ngcprerequisites.h"
#include "hello/ngcstore.h"
#include "oplog/operationhistory.h"
#include "state/sectioncatalog.h"
#include "store/prtstore.h"
#include "state/sections.h"
#include "tpm/keysigntest.h"

#include <QSysInfo>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

StatusSection hostDetails()
{
    return StatusSection{
        SectionCatalog::kHostDetails.toString(),
        {
            {u"OS Name"_s, QSysInfo::prettyProductName()},
            {u"OS Version"_s, QSysInfo::productVersion()},
            {u"Kernel Version"_s, QSysInfo::kernelType() + u' ' + QSysInfo::kernelVersion()},
            {u"CPU Architecture"_s, QSysInfo::currentCpuArchitecture()},
        }};
}

// The PRT as the PRT store has it, and the last failed attempt the way dsregcmd shows one.
SsoState ssoState(DeviceEnvironment &environment)
{
    const PrtStore store(environment.stateDirectory());
    SsoState sso;
    Result<std::optional<StoredPrt>> prt = store.load();
    sso.azureAdPrt = prt && prt->has_value();
    if (sso.azureAdPrt.value()) {
        sso.azureAdPrtUpdateTime = (*prt)->updatedAt;
        sso.azureAdPrtExpiryTime = (*prt)->expiresAt;
        sso.azureAdPrtAuthority = (*prt)->authority;
    }
    Result<std::optional<PrtAttempt>> failure = store.lastFailure();
    if (failure && failure->has_value()) {
        const PrtAttempt &a = **failure;
        sso.acquirePrtDiagnostics = u"PRESENT"_s;
        sso.previousPrtAttempt = a.time;
        sso.attemptStatus = a.attemptStatus;
        sso.userIdentity = a.userIdentity;
        sso.credentialType = a.credentialType;
        if (!a.correlationId.isEmpty())
            sso.correlationId = a.correlationId;
        sso.endpointUri = a.endpointUri;
        sso.httpMethod = u"POST"_s;
        sso.httpError = u"0x0"_s;
        if (!a.httpStatus.isEmpty())
            sso.httpStatus = a.httpStatus;
        if (!a.serverErrorCode.isEmpty())
            sso.serverErrorCode = a.serverErrorCode;
        if (!a.serverErrorDescription.isEmpty())
            sso.serverErrorDescription = a.serverErrorDescription;
    }
    return sso;
}

// What the registration says about the device, plus what KeySignTest finds out now.
void describeRegistration(StatusSnapshot &snapshot, const DeviceRegistration &registration,
                          DeviceEnvironment &environment)
{
    const bool joined = registration.joinType == 0;
    Result<DeviceCertificate> certificate = DeviceCertificate::fromDer(registration.certificateDer);
    std::optional<CertificateValidity> validity;
    QString thumbprint;
    if (certificate) {
        validity = CertificateValidity{certificate->notBefore, certificate->notAfter};
        thumbprint = certificate->thumbprint;
    }
    std::shared_ptr<KeyStore> keys = environment.keyStoreFor(registration);
    const KeySignTestResult keyTest =
        KeySignTest::run(*keys, {registration.deviceKeyId, registration.certificateDer, {}, {}});
    const QString keyContainerId = registration.deviceKeyId;

    DeviceState device;
    device.azureAdJoined = joined;
    device.enterpriseJoined = false;
    device.domainJoined = false;
    device.deviceName = QSysInfo::machineHostName();
    snapshot.appendSection(writeSection(device));

    if (joined) {
        DeviceDetails details;
        details.deviceId = registration.deviceId;
        details.thumbprint = thumbprint;
        details.certificateValidity = validity;
        details.keyContainerId = keyContainerId;
        details.keyProvider = registration.keyProvider;
        details.tpmProtected = registration.tpmProtected;
        snapshot.appendSection(writeSection(details));

        TenantDetails tenant;
        tenant.tenantName = registration.targetDomain;
        tenant.tenantId = registration.tenantId;
        tenant.joinSrvUrl = registration.joinEndpoint.toString();
        snapshot.appendSection(writeSection(tenant));
    }

    Result<std::optional<NgcRegistration>> ngc =
        NgcStore(environment.stateDirectory()).load();
    const bool ngcSet = ngc && ngc->has_value();
    UserState user;
    user.ngcSet = ngcSet;
    if (ngcSet)
        user.ngcKeyId = u"{%1}"_s.arg((*ngc)->keyId.toUpper());
    user.workplaceJoined = !joined;
    if (!joined)
        user.workAccountCount = u"1"_s;
    snapshot.appendSection(writeSection(user));

    if (!joined) {
        WorkAccount account;
        account.workplaceDeviceId = registration.deviceId;
        account.workplaceThumbprint = thumbprint;
        account.certificateValidity = validity;
        account.keyContainerId = keyContainerId;
        account.keyProvider = registration.keyProvider;
        account.tpmProtected = registration.tpmProtected;
        account.workplaceTenantId = registration.tenantId;
        account.workplaceTenantName = registration.targetDomain;
        account.ngcSet = false;
        snapshot.appendSection(writeSection(account, u"Work Account 1"));
    }

    const SsoState sso = ssoState(environment);
    snapshot.appendSection(writeSection(sso));

    if (!ngcSet) {
        // Like dsregcmd: the check is shown until Hello is provisioned.
        NgcFacts facts;
        facts.deviceJoined = joined;
        facts.userHasPrt = sso.azureAdPrt.value_or(false);
        facts.deviceEligible =
            registration.tpmProtected || environment.options().forceSoftwareKeys;
        facts.remoteSession = NgcPrerequisiteResult::isRemoteSession();
        snapshot.appendSection(writeSection(NgcPrerequisiteResult::evaluate(facts).section));
    }

    DiagnosticData diagnostics;
    diagnostics.keySignTest = keyTest.statusText();
    snapshot.appendSection(writeSection(diagnostics));

    StatusSection host = hostDetails();
    if (!certificate)
        host.set(u"Device Certificate"_s, u"ERROR: "_s + certificate.error().message);
    if (keyTest.error)
        host.set(u"KeySignTest Error"_s, keyTest.error->message);
    snapshot.appendSection(host);
}

// The latest failed run of each operation, as the operation log recorded it, until a later run
// succeeds: "Last Join Failure : 2024-05-01T10:00:03Z, step Register (503): Could not …".
// Without a registration only a join's failure concerns the device; with one, only runs since it
// was registered.
void describeFailures(StatusSnapshot &snapshot, DeviceEnvironment &environment,
                      const std::optional<DeviceRegistration> &registration)
{
    const QList<OpLog::OperationLogEntry> failures = OpLog::OperationHistory::latestFailures(
        environment.stateDirectory(), registration ? registration->registeredAt : QDateTime());
    for (const OpLog::OperationLogEntry &failure : failures) {
        if (!registration && failure.operation != u"join")
            continue;
        const QString name = failure.operation == u"pin" || failure.operation == u"prt"
            ? failure.operation.toUpper()
            : failure.operation.left(1).toUpper() + failure.operation.mid(1);
        snapshot.ensureSection(SectionCatalog::kHostDetails.toString())
            .set(u"Last %1 Failure"_s.arg(name),
                 u"%1, step %2%3: %4"_s.arg(
                     failure.time.toString(Qt::ISODate), failure.step,
                     failure.errorCode.isEmpty() ? QString() : u" (%1)"_s.arg(failure.errorCode),
                     failure.message));
    }
}

void describeUnregistered(StatusSnapshot &snapshot, const QString &storeProblem)
{
    DeviceState device;
    device.azureAdJoined = false;
    device.enterpriseJoined = false;
    device.domainJoined = false;
    device.deviceName = QSysInfo::machineHostName();
    snapshot.appendSection(writeSection(device));

    UserState user;
    user.ngcSet = false;
    user.workplaceJoined = false;
    snapshot.appendSection(writeSection(user));

    SsoState sso;
    sso.azureAdPrt = false;
    snapshot.appendSection(writeSection(sso));

    StatusSection host = hostDetails();
    if (!storeProblem.isEmpty())
        host.set(u"Registration Store"_s, u"ERROR: "_s + storeProblem);
    snapshot.appendSection(host);
}

} // namespace

StatusSnapshot ThisDeviceStatus::collect(DeviceEnvironment &environment)
{
    StatusSnapshot snapshot;
    snapshot.origin.kind = SourceKind::ThisDevice;
    snapshot.origin.layout = StatusLayout::Structured;
    snapshot.origin.label = u"This device"_s;
    snapshot.origin.loadedAt = QDateTime::currentDateTimeUtc();

    const RegistrationStore store = environment.registrationStore();
    Result<std::optional<DeviceRegistration>> registration = store.load();
    if (registration && registration->has_value())
        describeRegistration(snapshot, **registration, environment);
    else
        describeUnregistered(snapshot, registration ? QString() : registration.error().message);

    describeFailures(snapshot, environment,
                     registration ? *registration : std::optional<DeviceRegistration>());

    if (Result<std::optional<OperationJournal>> journal = store.journal();
        journal && journal->has_value()) {
        const OperationJournal &j = **journal;
        snapshot.ensureSection(SectionCatalog::kHostDetails.toString())
            .set(u"Interrupted Operation"_s,
                 u"%1 started %2, stopped during \"%3\""_s.arg(
                     j.operation, j.startedAt.toString(Qt::ISODate), j.step));
    }
    return snapshot;
}

} // namespace Entra
