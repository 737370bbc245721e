#include "ngcprerequisites.h"

#include <QProcessEnvironment>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

NgcPrerequisiteResult NgcPrerequisiteResult::evaluate(const NgcFacts &facts)
{
    NgcPrerequisiteResult result;
    NgcPrerequisiteCheck &check = result.section;
    check.isDeviceJoined = facts.deviceJoined;
    check.isUserAzureAd = facts.userHasPrt;
    check.policyEnabled = facts.policyEnabled;
    check.postLogonEnabled = true;
    check.deviceEligible = facts.deviceEligible;
    check.sessionIsNotRemote = !facts.remoteSession;
    check.certEnrollment = u"none"_s;

    // In dsregcmd's order: the first NO is the blocker.
    const std::pair<QString, QString> blockers[] = {
        {facts.deviceJoined ? QString() : u"IsDeviceJoined"_s,
         u"The device is not Entra joined. Windows Hello for Business needs a joined device; "
         u"join it first (Device › Join or Register…, type \"join\")."_s},
        {facts.userHasPrt ? QString() : u"IsUserAzureAD"_s,
         u"There is no PRT for an Entra account on this device. Sign in (acquire a PRT) "
         u"first."_s},
        {facts.policyEnabled ? QString() : u"PolicyEnabled"_s,
         u"Windows Hello for Business is turned off by policy. Ask the administrator to "
         u"enable it for this user or device."_s},
        {facts.deviceEligible ? QString() : u"DeviceEligible"_s,
         u"The device has no usable TPM for the Hello key, and software keys are not allowed. "
         u"Fix the TPM (see the TPM page), or allow software keys."_s},
        {facts.remoteSession ? u"SessionIsNotRemote"_s : QString(),
         u"This is a remote session. Set up the PIN when signed in at the device itself."_s},
    };
    for (const auto &[name, explanation] : blockers) {
        if (!name.isEmpty()) {
            result.failing = name;
            result.explanation = explanation;
            break;
        }
    }
    result.willProvision = result.failing.isEmpty();
    check.preReqResult = result.willProvision ? u"WillProvision"_s : u"WillNotProvision"_s;
    return result;
}

bool NgcPrerequisiteResult::isRemoteSession()
{
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    return environment.contains(u"SSH_CONNECTION"_s) || environment.contains(u"SSH_TTY"_s);
}

} // namespace Entra
