#include "predicates.h"

#include "knowledge/knowledgebase.h"
#include "tpm/keystore.h"

#include <QHash>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

using State = RuleMatch::State;

QString line(QStringView key, const QString &value)
{
    return key.toString() + u": "_s + value;
}

template<typename T> void addIf(QStringList &evidence, QStringView key, const Opt<T> &value)
{
    if constexpr (std::is_same_v<T, QString>) {
        if (value && !value->isEmpty())
            evidence << line(key, *value);
    } else if constexpr (std::is_same_v<T, bool>) {
        if (value)
            evidence << line(key, StatusValue::formatYesNo(*value));
    } else if constexpr (std::is_same_v<T, QDateTime>) {
        if (value)
            evidence << line(key, StatusValue::formatTime(*value));
    } else if constexpr (std::is_same_v<T, TestOutcome>) {
        if (value)
            evidence << line(key, value->text);
    }
}

bool isFail(const Opt<TestOutcome> &test)
{
    return test && test->kind == TestOutcome::Kind::Fail;
}

// The "Join Debug" section and the lines outside any field, for /join /debug transcripts.
const StatusSection *joinDebug(const StatusSnapshot &snapshot)
{
    return snapshot.section(u"Join Debug");
}

bool isAadErrorEvent(const Events::EventRecord &event)
{
    static const QList<quint32> ids { 1081, 1084, 1085, 1088, 1094, 1095,
                                      1096, 1097, 1098, 1104, 1155 };
    return event.channel.contains(u"AAD"_s, Qt::CaseInsensitive) && ids.contains(event.eventId);
}

QString eventText(const Events::EventRecord &event)
{
    QStringList parts;
    for (const Events::EventField &field : event.data)
        if (!field.value.trimmed().isEmpty())
            parts << field.name + u'=' + field.value.trimmed();
    return parts.join(u", "_s);
}

// ---- the predicates --------------------------------------------------------------------

RuleMatch joinState(const DiagnosticContext &c)
{
    const JoinAssessment &join = c.join;
    if (c.device.azureAdJoined.value_or(false) && c.device.enterpriseJoined.value_or(false))
        return RuleMatch::hit({ join.explanation }, { u"join:inconsistent"_s });
    // A /join /debug transcript has no complete Device State: the hybrid join check reads it.
    if (!c.device.domainJoined && joinDebug(c.input.snapshot))
        return RuleMatch::skip(u"Join state not in this source (a join transcript)"_s);
    switch (join.type) {
    case JoinType::Unknown:
        return RuleMatch::skip(u"Join state not in this source (no Device State)"_s);
    case JoinType::EntraJoined:
    case JoinType::HybridJoined:
        return RuleMatch::clear({ join.explanation }, joinTypeTitle(join.type));
    case JoinType::NotJoined:
        return RuleMatch::hit({ join.explanation }, { u"join:not-joined"_s });
    case JoinType::EntraRegistered:
        return RuleMatch::hit({ join.explanation }, { u"join:registered"_s });
    case JoinType::OnPremDrsJoined:
        return RuleMatch::hit({ join.explanation }, { u"join:onprem-drs"_s });
    case JoinType::DomainJoinedOnly:
        break;
    }
    if (c.diagnostics.errorPhase || c.diagnostics.clientErrorCode)
        return RuleMatch::skip(u"Domain joined only: the hybrid join finding says why"_s);
    return RuleMatch::hit({ join.explanation }, { u"join:domain-only"_s });
}

RuleMatch hybridJoinFailing(const DiagnosticContext &c)
{
    if (c.device.azureAdJoined.value_or(false))
        return RuleMatch::clear({ u"AzureAdJoined: YES"_s });
    const DiagnosticData &d = c.diagnostics;
    QStringList evidence, codes;
    addIf(evidence, u"Error Phase", d.errorPhase);
    addIf(evidence, u"Client ErrorCode", d.clientErrorCode);
    addIf(evidence, u"Server ErrorCode", d.serverErrorCode);
    addIf(evidence, u"Server Message", d.serverMessage);
    addIf(evidence, u"Registration Type", d.registrationType);
    addIf(evidence, u"Previous Registration", d.previousRegistration);
    if (d.errorPhase)
        codes << u"phase:"_s + d.errorPhase->trimmed().toLower();
    if (d.clientErrorCode)
        codes << codesInText(*d.clientErrorCode);
    if (d.serverErrorCode)
        codes << codesInText(*d.serverErrorCode);
    const QList<std::pair<QStringView, const Opt<TestOutcome> *>> tests {
        { u"AD Connectivity Test", &d.adConnectivityTest },
        { u"AD Configuration Test", &d.adConfigurationTest },
        { u"DRS Discovery Test", &d.drsDiscoveryTest },
        { u"DRS Connectivity Test", &d.drsConnectivityTest },
        { u"Kerberos Ticket Test", &d.kerberosTicketTest },
        { u"Token acquisition Test", &d.tokenAcquisitionTest }
    };
    for (const auto &[name, test] : tests) {
        if (!isFail(*test))
            continue;
        evidence << line(name, (*test)->text);
        codes << codesInText((*test)->text);
    }
    if (isFail(d.adConnectivityTest))
        codes << u"precheck:no-dc"_s;
    if (isFail(d.adConfigurationTest))
        codes << u"test:ad-configuration-fail"_s;

    if (const StatusSection *debug = joinDebug(c.input.snapshot)) {
        for (const StatusField &field : debug->fields) {
            const QString key = field.key.section(u" ("_s, 0, 0);
            if (key.compare(u"isDcAvailable"_s, Qt::CaseInsensitive) == 0
                && field.value.trimmed() == u"NO") {
                codes << u"precheck:no-dc"_s;
                evidence << line(field.key, field.value);
            } else if (key.compare(u"errorPhase"_s, Qt::CaseInsensitive) == 0) {
                codes << u"phase:"_s + field.value.trimmed().toLower();
                evidence << line(field.key, field.value);
            } else {
                const QStringList found = codesInText(field.value);
                if (!found.isEmpty()) {
                    codes << found;
                    evidence << line(field.key, field.value.trimmed());
                }
            }
        }
        for (const QString &text : c.input.snapshot.origin.unplacedLines) {
            const QStringList found = codesInText(text);
            if (!found.isEmpty() && text.contains(u"fail"_s, Qt::CaseInsensitive)) {
                codes << found;
                evidence << text.trimmed();
            }
        }
    }
    // User Device Registration 304/305: the join and authentication phases failed.
    for (const Events::EventRecord &event : c.input.events) {
        if ((event.eventId == 304 || event.eventId == 305)
            && event.channel.contains(u"User Device Registration"_s, Qt::CaseInsensitive)) {
            const QString text = eventText(event);
            codes << codesInText(text);
            if (event.eventId == 305)
                codes << u"phase:auth"_s;
            evidence << u"Event %1 at %2: %3"_s.arg(event.eventId)
                            .arg(event.timeCreated.toString(Qt::ISODate), text.left(300));
        }
    }
    codes.removeDuplicates();
    if (codes.isEmpty())
        return c.join.type == JoinType::DomainJoinedOnly || c.join.type == JoinType::Unknown
            ? RuleMatch::skip(u"Hybrid join not checked (no pre-join diagnostics in this source; "
                              u"run dsregcmd /status elevated)"_s)
            : RuleMatch::clear();
    return RuleMatch::hit(evidence, codes);
}

RuleMatch deviceAuthFailed(const DiagnosticContext &c)
{
    if (!c.details.deviceAuthStatus)
        return RuleMatch::skip();
    const QString status = c.details.deviceAuthStatus->trimmed();
    const QStringList evidence { line(u"DeviceAuthStatus", status) };
    if (!status.startsWith(u"FAILED"_s, Qt::CaseInsensitive))
        return RuleMatch::clear(evidence);
    if (status.contains(u"disabled"_s, Qt::CaseInsensitive)
        || status.contains(u"deleted"_s, Qt::CaseInsensitive))
        return RuleMatch::hit(evidence, { u"status:disabled-or-deleted"_s });
    return RuleMatch::hit(evidence, { u"status:error"_s });
}

RuleMatch deviceKeyUnusable(const DiagnosticContext &c)
{
    const DiagnosticData &d = c.diagnostics;
    QStringList evidence, codes;
    addIf(evidence, u"KeySignTest", d.keySignTest);
    addIf(evidence, u"AadRecoveryEnabled", d.aadRecoveryEnabled);
    addIf(evidence, u"TpmProtected", c.details.tpmProtected);
    const QString keySign = d.keySignTest.value_or(QString()).trimmed();
    const bool failed = keySign.startsWith(u"FAIL"_s, Qt::CaseInsensitive);
    const bool recovery = d.aadRecoveryEnabled.value_or(false);
    if (!failed && !recovery) {
        if (keySign.startsWith(u"PASS"_s, Qt::CaseInsensitive))
            return RuleMatch::clear(evidence);
        return RuleMatch::skip();
    }
    if (recovery)
        codes << u"recovery"_s;
    if (const auto &tpm = c.input.tpm) {
        evidence << u"TPM: %1"_s.arg(tpm->ready() ? u"ready"_s : u"not ready"_s);
        if (tpm->da.inLockout)
            codes << u"tpm:locked-out"_s;
        else if (!tpm->ready())
            codes << u"tpm:not-ready"_s;
        evidence << u"TPM LockedOut: %1, LockoutCount %2 of %3"_s
                        .arg(tpm->da.inLockout ? u"True"_s : u"False"_s)
                        .arg(tpm->da.failedTries)
                        .arg(tpm->da.maxTries);
    }
    for (const Events::EventRecord &event : c.input.events) {
        if ((event.eventId == 344 || event.eventId == 345)
            && event.channel.contains(u"User Device Registration"_s, Qt::CaseInsensitive)) {
            codes << u"event:%1"_s.arg(event.eventId) << codesInText(eventText(event));
            evidence << u"Event %1 at %2: %3"_s.arg(event.eventId)
                            .arg(event.timeCreated.toString(Qt::ISODate), eventText(event));
        }
    }
    // Lockout first: it heals without re-registering, so it must not be hidden behind recovery.
    std::stable_sort(codes.begin(), codes.end(), [](const QString &a, const QString &b) {
        return a.startsWith(u"tpm:"_s) && !b.startsWith(u"tpm:"_s);
    });
    return RuleMatch::hit(evidence, codes);
}

RuleMatch deviceCertificateExpired(const DiagnosticContext &c)
{
    Opt<CertificateValidity> validity = c.details.certificateValidity;
    if (!validity || !c.referenceTime.isValid())
        return RuleMatch::skip();
    const QStringList evidence {
        line(u"DeviceCertificateValidity", StatusValue::formatValidity(*validity)),
        u"Judged at %1 (%2)"_s.arg(StatusValue::formatTime(c.referenceTime), c.referenceTimeSource)
    };
    if (validity->notAfter.isValid() && validity->notAfter < c.referenceTime)
        return RuleMatch::hit(evidence);
    return RuleMatch::clear(evidence);
}

RuleMatch unknownKeyProvider(const DiagnosticContext &c)
{
    if (!c.details.keyProvider || c.details.keyProvider->isEmpty())
        return RuleMatch::skip();
    const QString provider = c.details.keyProvider->trimmed();
    const QStringList known { u"Microsoft Platform Crypto Provider"_s,
                              u"Microsoft Software Key Storage Provider"_s, tpmKeyProviderName(),
                              softwareKeyProviderName() };
    const QStringList evidence { line(u"KeyProvider", provider) };
    if (known.contains(provider, Qt::CaseInsensitive))
        return RuleMatch::clear(evidence);
    return RuleMatch::hit(evidence, {}, provider);
}

RuleMatch tpmLockout(const DiagnosticContext &c)
{
    if (!c.input.tpm)
        return RuleMatch::skip();
    const TpmReport &tpm = *c.input.tpm;
    if (!tpm.responding)
        return RuleMatch::skip(u"TPM lockout not checked (no TPM answered)"_s);
    QStringList evidence {
        u"LockedOut: %1"_s.arg(tpm.da.inLockout ? u"True"_s : u"False"_s),
        u"LockoutCount: %1 of LockoutMax %2"_s.arg(tpm.da.failedTries).arg(tpm.da.maxTries)
    };
    if (c.diagnostics.keySignTest)
        evidence << line(u"KeySignTest (status)", *c.diagnostics.keySignTest);
    if (tpm.da.inLockout) {
        if (c.diagnostics.keySignTest
            && c.diagnostics.keySignTest->startsWith(u"PASS"_s, Qt::CaseInsensitive))
            evidence << u"The status's KeySignTest PASSED: it ran before the lockout, the device "
                        u"key fails now."_s;
        return RuleMatch::hit(evidence);
    }
    if (tpm.da.maxTries > 0 && tpm.da.failedTries * 4 >= tpm.da.maxTries * 3)
        return RuleMatch::hit(evidence, { u"tpm:near-lockout"_s });
    return RuleMatch::clear(evidence);
}

std::optional<bool> signedInLocally(const DiagnosticContext &c)
{
    if (c.ngc.isUserAzureAd == false)
        return true;
    if (c.user.wamDefaultGuid && c.user.wamDefaultGuid->contains(u"MicrosoftAccount"_s))
        return true;
    const QString account = c.diagnostics.executingAccountName.value_or(QString()).trimmed();
    if (account.isEmpty())
        return c.ngc.isUserAzureAd == true ? std::optional<bool>(false) : std::nullopt;
    if (account.startsWith(u"AzureAD\\"_s, Qt::CaseInsensitive) || account.contains(u'@'))
        return false;
    const QString domain = account.section(u'\\', 0, 0);
    const QString host = c.device.deviceName.value_or(QString()).section(u'.', 0, 0);
    if (!host.isEmpty() && domain.compare(host, Qt::CaseInsensitive) == 0)
        return true;
    if (c.join.type == JoinType::EntraJoined)
        return true; // no domain on an Entra joined device: DOMAIN\user without UPN is local
    return std::nullopt;
}

RuleMatch localAccount(const DiagnosticContext &c)
{
    if (!c.localAccount)
        return RuleMatch::skip();
    QStringList evidence;
    addIf(evidence, u"Executing Account Name", c.diagnostics.executingAccountName);
    addIf(evidence, u"IsUserAzureAD", c.ngc.isUserAzureAd);
    addIf(evidence, u"WamDefaultGUID", c.user.wamDefaultGuid);
    addIf(evidence, u"AzureAdPrt", c.sso.azureAdPrt);
    if (*c.localAccount && !c.sso.azureAdPrt.value_or(false) && c.joinedToEntra())
        return RuleMatch::hit(evidence);
    return *c.localAccount ? RuleMatch::skip(u"Local account, but no PRT is expected here"_s)
                           : RuleMatch::clear(evidence);
}

RuleMatch prtMissing(const DiagnosticContext &c)
{
    const StatusSection *section = c.input.snapshot.section(SsoState::kTitle);
    if (!section || !c.sso.azureAdPrt)
        return RuleMatch::skip();
    if (!c.joinedToEntra() && c.join.type != JoinType::Unknown)
        return RuleMatch::skip(
            u"No PRT expected on a device that is %1"_s.arg(joinTypeTitle(c.join.type).toLower()));
    const SsoState &s = c.sso;
    if (*s.azureAdPrt)
        return RuleMatch::clear({ line(u"AzureAdPrt", u"YES"_s) });
    if (c.localAccount.value_or(false))
        return RuleMatch::skip(u"No PRT expected: the user signed in with a local account"_s);
    QStringList evidence { line(u"AzureAdPrt", u"NO"_s) };
    addIf(evidence, u"AcquirePrtDiagnostics", s.acquirePrtDiagnostics);
    addIf(evidence, u"Previous Prt Attempt", s.previousPrtAttempt);
    addIf(evidence, u"Attempt Status", s.attemptStatus);
    addIf(evidence, u"User Identity", s.userIdentity);
    addIf(evidence, u"Credential Type", s.credentialType);
    addIf(evidence, u"Correlation ID", s.correlationId);
    addIf(evidence, u"Endpoint URI", s.endpointUri);
    addIf(evidence, u"HTTP Error", s.httpError);
    addIf(evidence, u"HTTP status", s.httpStatus);
    addIf(evidence, u"Server Error Code", s.serverErrorCode);
    addIf(evidence, u"Server Error Description", s.serverErrorDescription);
    QStringList codes;
    // Server codes first: they are more specific than the client's NTSTATUS.
    for (const Opt<QString> *value :
         { &s.serverErrorDescription, &s.serverErrorCode, &s.attemptStatus, &s.httpError })
        if (*value)
            codes << codesInText(**value);
    codes.removeDuplicates();
    return RuleMatch::hit(evidence, codes);
}

QString describeAge(qint64 seconds)
{
    const qint64 hours = seconds / 3600;
    if (hours < 48)
        return u"%1 hours"_s.arg(hours);
    return u"%1 days"_s.arg(hours / 24);
}

RuleMatch prtStale(const DiagnosticContext &c)
{
    if (!c.sso.azureAdPrt.value_or(false) || !c.sso.azureAdPrtUpdateTime
        || !c.referenceTime.isValid())
        return RuleMatch::skip();
    const qint64 age = c.sso.azureAdPrtUpdateTime->secsTo(c.referenceTime);
    QStringList evidence {
        line(u"AzureAdPrtUpdateTime", StatusValue::formatTime(*c.sso.azureAdPrtUpdateTime)),
        u"Judged at %1 (%2)"_s.arg(StatusValue::formatTime(c.referenceTime), c.referenceTimeSource)
    };
    addIf(evidence, u"RefreshPrtDiagnostics", c.sso.refreshPrtDiagnostics);
    if (age > 4 * 3600)
        return RuleMatch::hit(evidence, {}, describeAge(age));
    return RuleMatch::clear(evidence);
}

RuleMatch prtVersusEvents(const DiagnosticContext &c)
{
    QList<const Events::EventRecord *> aad;
    for (const Events::EventRecord &event : c.input.events)
        if (isAadErrorEvent(event))
            aad << &event;
    const Opt<QDateTime> since
        = c.sso.azureAdPrtUpdateTime ? c.sso.azureAdPrtUpdateTime : c.sso.previousPrtAttempt;
    if (c.input.events.isEmpty() || !since)
        return RuleMatch::skip();
    if (aad.isEmpty()) // other channels only: nothing to compare with
        return RuleMatch::skip(u"PRT not compared with events (no AAD errors among the %1 events "
                               u"given)"_s.arg(c.input.events.size()));
    QList<const Events::EventRecord *> after;
    for (const Events::EventRecord *event : std::as_const(aad))
        if (event->timeCreated > *since)
            after << event;
    QStringList evidence {
        u"PRT time: %1"_s.arg(StatusValue::formatTime(*since)),
        u"AAD error events read: %1, after that time: %2"_s.arg(aad.size()).arg(after.size())
    };
    if (after.isEmpty())
        return RuleMatch::clear(evidence);
    std::sort(after.begin(), after.end(),
              [](const auto *a, const auto *b) { return a->timeCreated > b->timeCreated; });
    QStringList codes;
    for (qsizetype i = 0; i < after.size(); ++i) {
        const QString text = eventText(*after.at(i));
        codes << codesInText(text);
        if (i < 3)
            evidence << u"Event %1 at %2: %3"_s.arg(after.at(i)->eventId)
                            .arg(after.at(i)->timeCreated.toString(Qt::ISODate), text.left(300));
    }
    codes.removeDuplicates();
    return RuleMatch::hit(evidence, codes);
}

RuleMatch wamDefaultError(const DiagnosticContext &c)
{
    if (!c.user.wamDefaultSet)
        return RuleMatch::skip();
    const QString value = c.user.wamDefaultSet->trimmed();
    QStringList evidence { line(u"WamDefaultSet", value) };
    addIf(evidence, u"User Context", c.diagnostics.userContext);
    addIf(evidence, u"Executing Account Name", c.diagnostics.executingAccountName);
    if (value.startsWith(u"ERROR"_s, Qt::CaseInsensitive))
        return RuleMatch::hit(evidence, codesInText(value));
    return RuleMatch::clear(evidence);
}

RuleMatch dualState(const DiagnosticContext &c)
{
    if (c.join.type == JoinType::Unknown)
        return RuleMatch::skip();
    QStringList evidence { c.join.explanation };
    if (!c.join.dualState)
        return RuleMatch::clear(evidence);
    addIf(evidence, u"TenantId", c.tenant.tenantId);
    for (const StatusSection *account :
         c.input.snapshot.sectionsStartingWith(WorkAccount::kTitle)) {
        const auto wpj = readSection<WorkAccount>(account);
        addIf(evidence, QString(account->title + u" WorkplaceTenantId"_s), wpj.workplaceTenantId);
    }
    return RuleMatch::hit(evidence);
}

RuleMatch ngcPrerequisite(const DiagnosticContext &c)
{
    if (c.user.ngcSet.value_or(false))
        return RuleMatch::clear({ line(u"NgcSet", u"YES"_s) });
    const StatusSection *section = c.input.snapshot.section(NgcPrerequisiteCheck::kTitle);
    if (!section || section->fields.isEmpty())
        return RuleMatch::skip();
    const NgcPrerequisiteCheck &n = c.ngc;
    if (n.preReqResult && n.preReqResult->compare(u"WillProvision"_s, Qt::CaseInsensitive) == 0)
        return RuleMatch::clear({ line(u"PreReqResult", *n.preReqResult) });
    QStringList evidence, codes;
    addIf(evidence, u"PreReqResult", n.preReqResult);
    if (n.ngcPreReq && n.ngcPreReq->startsWith(u"ERROR"_s, Qt::CaseInsensitive)) {
        codes << u"ngc:NgcPreReq"_s << codesInText(*n.ngcPreReq);
        evidence << line(u"NgcPreReq", *n.ngcPreReq);
    }
    QString first;
    const QList<std::pair<QString, Opt<bool>>> checks {
        { u"IsDeviceJoined"_s, n.isDeviceJoined },
        { u"IsUserAzureAD"_s, n.isUserAzureAd },
        { u"PolicyEnabled"_s, n.policyEnabled },
        { u"PostLogonEnabled"_s, n.postLogonEnabled },
        { u"DeviceEligible"_s, n.deviceEligible },
        { u"SessionIsNotRemote"_s, n.sessionIsNotRemote },
        { u"AdfsRefreshToken"_s, n.adfsRefreshToken },
        { u"AdfsRaIsReady"_s, n.adfsRaIsReady },
        { u"OnPremTGT"_s, n.onPremTgt }
    };
    for (const auto &[key, value] : checks) {
        if (value == false) {
            codes << u"ngc:"_s + key;
            evidence << line(key, u"NO"_s);
            if (first.isEmpty())
                first = key;
        }
    }
    if (n.logonCertTemplateReady && !n.logonCertTemplateReady->startsWith(u"YES"_s)) {
        codes << u"ngc:LogonCertTemplateReady"_s;
        evidence << line(u"LogonCertTemplateReady", *n.logonCertTemplateReady);
        if (first.isEmpty())
            first = u"LogonCertTemplateReady"_s;
    }
    if (codes.isEmpty())
        return RuleMatch::skip(u"Windows Hello prerequisites printed, none failing"_s);
    return RuleMatch::hit(evidence, codes, first.isEmpty() ? u"NgcPreReq"_s : first);
}

RuleMatch mdmUrlsEmpty(const DiagnosticContext &c)
{
    if (!c.joinedToEntra() || !c.tenant.mdmUrl)
        return RuleMatch::skip();
    if (c.tenant.mdmUrl->trimmed().isEmpty())
        return RuleMatch::hit({ u"MdmUrl: (empty)"_s });
    return RuleMatch::clear({ line(u"MdmUrl", *c.tenant.mdmUrl) });
}

RuleMatch softwareKey(const DiagnosticContext &c)
{
    if (!c.details.tpmProtected)
        return RuleMatch::skip();
    QStringList evidence { line(u"TpmProtected",
                                StatusValue::formatYesNo(*c.details.tpmProtected)) };
    addIf(evidence, u"KeyProvider", c.details.keyProvider);
    return *c.details.tpmProtected ? RuleMatch::clear(evidence) : RuleMatch::hit(evidence);
}

RuleMatch proxyTrouble(const DiagnosticContext &c)
{
    const StatusSnapshot &s = c.input.snapshot;
    const auto user = readSection<ProxyConfig>(s, ProxyConfig::kTitle);
    const auto urlSpecific = readSection<ProxyConfig>(s, ProxyConfig::kUrlSpecificTitle);
    const auto winHttp = readSection<ProxyConfig>(s, ProxyConfig::kWinHttpTitle);
    const bool any = s.section(ProxyConfig::kTitle) || s.section(ProxyConfig::kSystemTitle)
        || s.section(ProxyConfig::kUrlSpecificTitle) || s.section(ProxyConfig::kWinHttpTitle);
    if (!any)
        return RuleMatch::skip();
    QStringList evidence, codes;
    if (urlSpecific.autoDetectPacStatus) {
        const QStringList found = codesInText(*urlSpecific.autoDetectPacStatus);
        if (!found.isEmpty()) {
            codes << found;
            evidence << line(u"Auto Detect PAC Status", *urlSpecific.autoDetectPacStatus);
        }
    }
    const bool userProxy = user.proxyServerList && !user.proxyServerList->trimmed().isEmpty();
    const bool systemDirect
        = winHttp.accessType && winHttp.accessType->contains(u"DIRECT"_s, Qt::CaseInsensitive);
    if (userProxy && systemDirect) {
        codes << u"proxy:system-direct"_s;
        evidence << line(u"Proxy Server List (current user)", *user.proxyServerList)
                 << line(u"Access Type (WinHTTP)", *winHttp.accessType);
    }
    if (codes.isEmpty())
        return RuleMatch::clear();
    return RuleMatch::hit(evidence, codes);
}

RuleMatch oldLayout(const DiagnosticContext &c)
{
    if (c.input.snapshot.origin.layout == StatusLayout::Old)
        return RuleMatch::hit({ u"Layout: %1"_s.arg(layoutDescription(StatusLayout::Old)) });
    return RuleMatch::clear();
}

RuleMatch cloudDevice(const DiagnosticContext &c)
{
    if (!c.input.cloudDevice && c.input.cloudLookedUp)
        return RuleMatch::hit({u"Graph has no device with deviceId %1"_s.arg(
                                  c.details.deviceId.value_or(u"(unknown)"_s))},
                              {u"cloud:missing"_s});
    if (!c.input.cloudDevice)
        return RuleMatch::skip();
    const CloudDeviceRecord &cloud = *c.input.cloudDevice;
    QStringList evidence { line(u"deviceId", cloud.deviceId),
                           line(u"accountEnabled", cloud.accountEnabled ? u"true"_s : u"false"_s) };
    for (const QString &id : cloud.alternativeSecurityIds)
        evidence << line(u"alternativeSecurityId", id);
    evidence << line(u"approximateLastSignInDateTime",
                     cloud.approximateLastSignIn.isValid()
                         ? cloud.approximateLastSignIn.toString(Qt::ISODate)
                         : u"never"_s);
    QStringList codes;
    if (!cloud.accountEnabled)
        codes << u"cloud:disabled"_s;
    QStringList bound;
    for (const QString &id : cloud.alternativeSecurityIds)
        if (const QString tp = CloudDeviceRecord::thumbprintOf(id); !tp.isEmpty())
            bound << tp;
    // The certificate to compare with: an opened one, else the status's Thumbprint.
    QString thumbprint = c.details.thumbprint.value_or(QString()).toUpper();
    if (!c.input.certificates.isEmpty())
        thumbprint = c.input.certificates.constFirst().thumbprint;
    if (bound.isEmpty()) {
        codes << u"cloud:pending"_s;
    } else if (!thumbprint.isEmpty() && !bound.contains(thumbprint)) {
        codes << u"cloud:other-certificate"_s;
        evidence << u"Device certificate thumbprint: "_s + thumbprint;
    }
    const QDateTime now
        = c.referenceTime.isValid() ? c.referenceTime : QDateTime::currentDateTimeUtc();
    if (!cloud.approximateLastSignIn.isValid() || cloud.approximateLastSignIn.daysTo(now) >= 21)
        codes << u"cloud:stale"_s;
    if (codes.isEmpty())
        return RuleMatch::clear(evidence);
    return RuleMatch::hit(evidence, codes);
}

const QHash<QString, Predicate> &registry()
{
    static const QHash<QString, Predicate> predicates {
        { u"joinState"_s, joinState },
        { u"hybridJoinFailing"_s, hybridJoinFailing },
        { u"deviceAuthFailed"_s, deviceAuthFailed },
        { u"deviceKeyUnusable"_s, deviceKeyUnusable },
        { u"deviceCertificateExpired"_s, deviceCertificateExpired },
        { u"unknownKeyProvider"_s, unknownKeyProvider },
        { u"tpmLockout"_s, tpmLockout },
        { u"localAccount"_s, localAccount },
        { u"prtMissing"_s, prtMissing },
        { u"prtStale"_s, prtStale },
        { u"prtVersusEvents"_s, prtVersusEvents },
        { u"wamDefaultError"_s, wamDefaultError },
        { u"dualState"_s, dualState },
        { u"ngcPrerequisite"_s, ngcPrerequisite },
        { u"mdmUrlsEmpty"_s, mdmUrlsEmpty },
        { u"softwareKey"_s, softwareKey },
        { u"proxyTrouble"_s, proxyTrouble },
        { u"oldLayout"_s, oldLayout },
        { u"cloudDevice"_s, cloudDevice },
    };
    return predicates;
}

} // namespace

DiagnosticContext::DiagnosticContext(const DiagnosticInput &in)
    : input(in)
    , join(assessJoin(in.snapshot))
    , device(readSection<DeviceState>(in.snapshot))
    , details(readSection<DeviceDetails>(in.snapshot))
    , tenant(readSection<TenantDetails>(in.snapshot))
    , user(readSection<UserState>(in.snapshot))
    , sso(readSection<SsoState>(in.snapshot))
    , diagnostics(readSection<DiagnosticData>(in.snapshot))
    , ngc(readSection<NgcPrerequisiteCheck>(in.snapshot))
{
    if (in.now.isValid()) {
        referenceTime = in.now.toUTC();
        referenceTimeSource = u"now"_s;
    } else if (diagnostics.clientTime) {
        referenceTime = *diagnostics.clientTime;
        referenceTimeSource = u"the status's Client Time"_s;
    }
    localAccount = signedInLocally(*this);
}

bool DiagnosticContext::joinedToEntra() const
{
    return join.type == JoinType::EntraJoined || join.type == JoinType::HybridJoined;
}

RuleMatch RuleMatch::hit(QStringList evidence, QStringList codes, QString titleArg)
{
    return RuleMatch { State::Hit, std::move(evidence), std::move(codes), std::move(titleArg), {} };
}

RuleMatch RuleMatch::clear(QStringList evidence, QString titleArg)
{
    return RuleMatch { State::Clear, std::move(evidence), {}, std::move(titleArg), {} };
}

RuleMatch RuleMatch::skip(QString note)
{
    return RuleMatch { State::Skip, {}, {}, {}, std::move(note) };
}

const Predicate *findPredicate(const QString &name)
{
    const auto it = registry().constFind(name);
    return it == registry().constEnd() ? nullptr : &it.value();
}

QStringList predicateNames()
{
    QStringList names = registry().keys();
    names.sort();
    return names;
}

QStringList codesInText(QStringView text)
{
    QStringList codes;
    for (const quint32 code : StatusValue::codesIn(text)) {
        // Success HRESULTs (0x0, ADAL's 0x4aa9... informational codes) name no failure.
        if (code == 0 || (code < 0x80000000u && code > 0xffffu))
            continue;
        codes << u"0x"_s + QString::number(code, 16);
    }
    static const QRegularExpression named(
        u"\\b(AADSTS\\d+|MSIS\\d+|DirectoryError|AuthenticationError|DeviceNotFound)\\b"_s,
        QRegularExpression::CaseInsensitiveOption);
    for (auto it = named.globalMatch(text.toString()); it.hasNext();)
        codes << it.next().captured(1);
    codes.removeDuplicates();
    return codes;
}

} // namespace Entra
