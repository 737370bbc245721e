#include "healthsummary.h"

#include "sections.h"

using namespace Qt::Literals::StringLiterals;

namespace Entra {

QString healthName(Health health)
{
    switch (health) {
    case Health::Good:
        return u"Healthy"_s;
    case Health::Warning:
        return u"Needs attention"_s;
    case Health::Problem:
        return u"Problem"_s;
    case Health::NotApplicable:
        return u"Not applicable"_s;
    case Health::Unknown:
        break;
    }
    return u"Unknown"_s;
}

namespace {

HealthItem item(Health health, const QString &headline, const QString &detail,
                const QString &fix = {})
{
    return HealthItem{health, headline, detail, fix};
}

bool isJoinedToEntra(JoinType type)
{
    return type == JoinType::EntraJoined || type == JoinType::HybridJoined;
}

HealthItem deviceHealth(const StatusSnapshot &snapshot, const JoinAssessment &join,
                        const QDateTime &now)
{
    const auto details = readSection<DeviceDetails>(snapshot);
    const auto diagnostics = readSection<DiagnosticData>(snapshot);

    switch (join.type) {
    case JoinType::Unknown:
        return item(Health::Unknown, u"Join state not in this source"_s,
                u"The source has no Device State section."_s);
    case JoinType::NotJoined:
        return item(Health::Warning, u"Not registered with Microsoft Entra ID"_s, join.explanation,
                u"Join the device (work devices) or add a work account (personal devices), if "
                u"the organisation expects it."_s);
    case JoinType::DomainJoinedOnly:
        if (diagnostics.clientErrorCode || diagnostics.errorPhase)
            return item(Health::Problem, u"Hybrid join is failing"_s,
                    u"Error phase %1, client error code %2."_s.arg(
                        diagnostics.errorPhase.value_or(u"unknown"_s),
                        diagnostics.clientErrorCode.value_or(u"not shown"_s)),
                    u"Look up the client error code for the failing phase; check the SCP, the "
                    u"SYSTEM account's proxy and Entra Connect sync of the computer object."_s);
        return item(Health::Warning, u"Domain joined, but not hybrid joined"_s, join.explanation,
                u"Check that hybrid join is configured (SCP) and look at the Automatic-Device-Join "
                u"task and User Device Registration events 304/305."_s);
    case JoinType::EntraRegistered:
    case JoinType::OnPremDrsJoined:
        return item(Health::Good, join.title, join.explanation);
    case JoinType::EntraJoined:
    case JoinType::HybridJoined:
        break;
    }

    const QString authStatus = details.deviceAuthStatus.value_or(QString());
    if (authStatus.startsWith(u"FAILED", Qt::CaseInsensitive))
        return item(Health::Problem, u"Device authentication failed"_s,
                u"DeviceAuthStatus: %1"_s.arg(authStatus),
                u"The device object is disabled or deleted in Entra ID. Re-enable it, or "
                u"re-register: hybrid `dsregcmd /debug /leave` then sign out and in; Entra joined "
                u"`dsregcmd /forcerecovery`; registered: disconnect and reconnect the account."_s);
    if (diagnostics.keySignTest
        && diagnostics.keySignTest->startsWith(u"FAIL", Qt::CaseInsensitive))
        return item(Health::Problem, u"The device key failed its sign test"_s,
                u"KeySignTest: %1"_s.arg(*diagnostics.keySignTest),
                u"Check the TPM (ready? locked out?). A hybrid device re-registers by itself at the "
                u"next sign-in; an Entra joined or registered one prompts the user to recover."_s);
    if (diagnostics.aadRecoveryEnabled.value_or(false))
        return item(Health::Problem, u"The device is marked for key recovery"_s,
                u"AadRecoveryEnabled: YES"_s,
                u"The device keys are unusable; the next sign-in re-registers the device. Check "
                u"the TPM if it happens again."_s);
    if (details.certificateValidity && now.isValid()
        && details.certificateValidity->notAfter < now)
        return item(Health::Problem, u"The device certificate has expired"_s,
                u"DeviceCertificateValidity ends %1."_s.arg(
                    StatusValue::formatTime(details.certificateValidity->notAfter)),
                u"Re-register the device (leave, then join again) to get a new certificate."_s);

    QStringList evidence{join.explanation};
    if (!authStatus.isEmpty())
        evidence << u"DeviceAuthStatus %1"_s.arg(authStatus);
    if (diagnostics.keySignTest)
        evidence << u"KeySignTest %1"_s.arg(*diagnostics.keySignTest);
    return item(Health::Good, join.title, evidence.join(u"; "_s));
}

HealthItem ssoHealth(const StatusSnapshot &snapshot, const JoinAssessment &join,
                     const QDateTime &now)
{
    const StatusSection *section = snapshot.section(SsoState::kTitle);
    if (!section)
        return item(Health::Unknown, u"SSO state not in this source"_s,
                u"The source has no SSO State section (run dsregcmd as the signed-in user)."_s);
    if (!isJoinedToEntra(join.type) && join.type != JoinType::Unknown)
        return item(Health::NotApplicable, u"No PRT expected"_s,
                u"A Primary Refresh Token is issued on Entra joined and hybrid joined devices."_s);

    const auto sso = readSection<SsoState>(snapshot);
    if (sso.azureAdPrt.value_or(false)) {
        if (sso.azureAdPrtUpdateTime && now.isValid()
            && sso.azureAdPrtUpdateTime->secsTo(now) > 4 * 3600)
            return item(Health::Warning, u"The PRT has not been refreshed for over 4 hours"_s,
                    u"AzureAdPrtUpdateTime: %1"_s.arg(
                        StatusValue::formatTime(*sso.azureAdPrtUpdateTime)),
                    u"Lock and unlock the session (or refresh the PRT), then check again; if it "
                    u"stays old, look at the AAD Operational events."_s);
        QString detail = u"AzureAdPrt YES"_s;
        if (sso.azureAdPrtUpdateTime)
            detail += u", updated %1"_s.arg(StatusValue::formatTime(*sso.azureAdPrtUpdateTime));
        return item(Health::Good, u"The user has a Primary Refresh Token"_s, detail);
    }

    QStringList evidence{u"AzureAdPrt %1"_s.arg(section->value(u"AzureAdPrt"))};
    if (sso.attemptStatus)
        evidence << u"Attempt Status %1"_s.arg(*sso.attemptStatus);
    if (sso.serverErrorDescription)
        evidence << *sso.serverErrorDescription;
    else if (sso.serverErrorCode)
        evidence << u"Server Error Code %1"_s.arg(*sso.serverErrorCode);
    return item(Health::Problem, u"No Primary Refresh Token: single sign-on does not work"_s,
            evidence.join(u"; "_s),
            u"Sign in with the work account, lock and unlock, then check again. The codes above "
            u"say why the last attempt failed."_s);
}

HealthItem helloHealth(const StatusSnapshot &snapshot)
{
    const auto user = readSection<UserState>(snapshot);
    const StatusSection *prereqSection = snapshot.section(NgcPrerequisiteCheck::kTitle);
    if (user.ngcSet.value_or(false))
        return item(Health::Good, u"Windows Hello for Business is set up"_s,
                user.ngcKeyId ? u"NgcKeyId %1"_s.arg(*user.ngcKeyId) : u"NgcSet YES"_s);
    if (prereqSection && !prereqSection->fields.isEmpty()) {
        const auto prereq = readSection<NgcPrerequisiteCheck>(snapshot);
        QStringList failing;
        for (const StatusField &field : prereqSection->fields) {
            if (StatusValue::parseYesNo(field.value) == false)
                failing << field.key;
        }
        const QString result = prereq.preReqResult.value_or(QString());
        if (result.compare(u"WillProvision", Qt::CaseInsensitive) == 0)
            return item(Health::Warning, u"Windows Hello will be set up at the next sign-in"_s,
                    u"PreReqResult WillProvision"_s);
        if (!failing.isEmpty())
            return item(Health::Problem, u"Windows Hello cannot be set up"_s,
                    (failing.size() == 1 ? u"Failing prerequisite: %1 is NO"_s
                                         : u"Failing prerequisites: %1 are NO"_s)
                        .arg(failing.join(u", "_s)),
                    u"Fix the prerequisite(s) named: join the device, sign in with an Entra "
                    u"account, enable the Windows Hello for Business policy, or leave the remote "
                    u"session."_s);
        if (prereq.ngcPreReq)
            return item(Health::Problem, u"The Windows Hello prerequisite check failed"_s,
                    u"NgcPreReq %1"_s.arg(*prereq.ngcPreReq));
    }
    if (user.ngcSet)
        return item(Health::Warning, u"Windows Hello for Business is not set up"_s, u"NgcSet NO"_s);
    return item(Health::Unknown, u"Windows Hello state not in this source"_s,
            u"The source has neither NgcSet nor a Ngc Prerequisite Check."_s);
}

} // namespace

HealthSummary summarizeHealth(const StatusSnapshot &snapshot, const QDateTime &now)
{
    HealthSummary summary;
    summary.join = assessJoin(snapshot);
    summary.device = deviceHealth(snapshot, summary.join, now);
    summary.sso = ssoHealth(snapshot, summary.join, now);
    summary.hello = helloHealth(snapshot);
    return summary;
}

} // namespace Entra
