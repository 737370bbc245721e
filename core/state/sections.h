#pragma once

#include "statussnapshot.h"
#include "statusvalues.h"

#include <optional>

// Typed views of the dsregcmd sections (DSREGCMD.md §3). Each struct lists its fields once, in
// visit(); reading from and writing to a StatusSection, and the key catalog, all use that list.
// Members are optional: "not printed" differs from "printed empty".

namespace Entra {

template<typename T>
using Opt = std::optional<T>;

struct DeviceState
{
    static constexpr QStringView kTitle = u"Device State";
    Opt<bool> azureAdJoined, enterpriseJoined, domainJoined;
    Opt<QString> domainName, virtualDesktop, deviceName;

    template<typename Self, typename V>
    static void visit(Self &s, V &&v)
    {
        v(u"AzureAdJoined", s.azureAdJoined);
        v(u"EnterpriseJoined", s.enterpriseJoined);
        v(u"DomainJoined", s.domainJoined);
        v(u"DomainName", s.domainName);
        v(u"Virtual Desktop", s.virtualDesktop);
        v(u"Device Name", s.deviceName);
    }
};

struct DeviceDetails
{
    static constexpr QStringView kTitle = u"Device Details";
    Opt<QString> deviceId, thumbprint;
    Opt<CertificateValidity> certificateValidity;
    Opt<QString> keyContainerId, keyProvider;
    Opt<bool> tpmProtected;
    Opt<QString> deviceAuthStatus;

    template<typename Self, typename V>
    static void visit(Self &s, V &&v)
    {
        v(u"DeviceId", s.deviceId);
        v(u"Thumbprint", s.thumbprint);
        v(u"DeviceCertificateValidity", s.certificateValidity);
        v(u"KeyContainerId", s.keyContainerId);
        v(u"KeyProvider", s.keyProvider);
        v(u"TpmProtected", s.tpmProtected);
        v(u"DeviceAuthStatus", s.deviceAuthStatus);
    }
};

struct TenantDetails
{
    static constexpr QStringView kTitle = u"Tenant Details";
    Opt<QString> tenantName, tenantId, idp, authCodeUrl, accessTokenUrl, mdmUrl, mdmTouUrl,
        mdmComplianceUrl, settingsUrl, joinSrvVersion, joinSrvUrl, joinSrvId, keySrvVersion,
        keySrvUrl, keySrvId, webAuthNSrvVersion, webAuthNSrvUrl, webAuthNSrvId,
        deviceManagementSrvVer, deviceManagementSrvUrl, deviceManagementSrvId;

    template<typename Self, typename V>
    static void visit(Self &s, V &&v)
    {
        v(u"TenantName", s.tenantName);
        v(u"TenantId", s.tenantId);
        v(u"Idp", s.idp);
        v(u"AuthCodeUrl", s.authCodeUrl);
        v(u"AccessTokenUrl", s.accessTokenUrl);
        v(u"MdmUrl", s.mdmUrl);
        v(u"MdmTouUrl", s.mdmTouUrl);
        v(u"MdmComplianceUrl", s.mdmComplianceUrl, u"dmComplianceUrl"); // pre-1809 key
        v(u"SettingsUrl", s.settingsUrl);
        v(u"JoinSrvVersion", s.joinSrvVersion);
        v(u"JoinSrvUrl", s.joinSrvUrl);
        v(u"JoinSrvId", s.joinSrvId);
        v(u"KeySrvVersion", s.keySrvVersion);
        v(u"KeySrvUrl", s.keySrvUrl);
        v(u"KeySrvId", s.keySrvId);
        v(u"WebAuthNSrvVersion", s.webAuthNSrvVersion);
        v(u"WebAuthNSrvUrl", s.webAuthNSrvUrl);
        v(u"WebAuthNSrvId", s.webAuthNSrvId);
        v(u"DeviceManagementSrvVer", s.deviceManagementSrvVer);
        v(u"DeviceManagementSrvUrl", s.deviceManagementSrvUrl);
        v(u"DeviceManagementSrvId", s.deviceManagementSrvId);
    }
};

struct UserState
{
    static constexpr QStringView kTitle = u"User State";
    Opt<bool> ngcSet;
    Opt<QString> ngcKeyId, canReset;
    Opt<bool> workplaceJoined;
    Opt<QString> workAccountCount, wamDefaultSet, wamDefaultAuthority, wamDefaultId,
        wamDefaultGuid;

    template<typename Self, typename V>
    static void visit(Self &s, V &&v)
    {
        v(u"NgcSet", s.ngcSet);
        v(u"NgcKeyId", s.ngcKeyId);
        v(u"CanReset", s.canReset);
        v(u"WorkplaceJoined", s.workplaceJoined);
        v(u"WorkAccountCount", s.workAccountCount);
        v(u"WamDefaultSet", s.wamDefaultSet); // YES, NO, ERROR or ERROR (0x...)
        v(u"WamDefaultAuthority", s.wamDefaultAuthority);
        v(u"WamDefaultId", s.wamDefaultId);
        v(u"WamDefaultGUID", s.wamDefaultGuid);
    }
};

struct SsoState
{
    static constexpr QStringView kTitle = u"SSO State";
    Opt<bool> azureAdPrt;
    Opt<QDateTime> azureAdPrtUpdateTime, azureAdPrtExpiryTime;
    Opt<QString> azureAdPrtAuthority;
    Opt<bool> enterprisePrt;
    Opt<QDateTime> enterprisePrtUpdateTime, enterprisePrtExpiryTime;
    Opt<QString> enterprisePrtAuthority;
    Opt<QString> acquirePrtDiagnostics, refreshPrtDiagnostics;
    Opt<QDateTime> previousPrtAttempt;
    Opt<QString> attemptStatus, userIdentity, credentialType, correlationId, endpointUri,
        httpMethod, httpError, httpStatus, serverErrorCode, serverErrorDescription;
    Opt<bool> onPremTgt, cloudTgt;
    Opt<QString> kerbTopLevelNames;

    template<typename Self, typename V>
    static void visit(Self &s, V &&v)
    {
        v(u"AzureAdPrt", s.azureAdPrt);
        v(u"AzureAdPrtUpdateTime", s.azureAdPrtUpdateTime);
        v(u"AzureAdPrtExpiryTime", s.azureAdPrtExpiryTime);
        v(u"AzureAdPrtAuthority", s.azureAdPrtAuthority);
        v(u"EnterprisePrt", s.enterprisePrt);
        v(u"EnterprisePrtUpdateTime", s.enterprisePrtUpdateTime);
        v(u"EnterprisePrtExpiryTime", s.enterprisePrtExpiryTime);
        v(u"EnterprisePrtAuthority", s.enterprisePrtAuthority);
        v(u"AcquirePrtDiagnostics", s.acquirePrtDiagnostics);
        v(u"RefreshPrtDiagnostics", s.refreshPrtDiagnostics);
        v(u"Previous Prt Attempt", s.previousPrtAttempt);
        v(u"Attempt Status", s.attemptStatus);
        v(u"User Identity", s.userIdentity);
        v(u"Credential Type", s.credentialType);
        v(u"Correlation ID", s.correlationId);
        v(u"Endpoint URI", s.endpointUri);
        v(u"HTTP Method", s.httpMethod);
        v(u"HTTP Error", s.httpError);
        v(u"HTTP status", s.httpStatus);
        v(u"Server Error Code", s.serverErrorCode);
        v(u"Server Error Description", s.serverErrorDescription);
        v(u"OnPremTgt", s.onPremTgt);
        v(u"CloudTgt", s.cloudTgt);
        v(u"KerbTopLevelNames", s.kerbTopLevelNames);
    }
};

// Pre-join diagnostics (domain joined, not yet hybrid joined) and post-join diagnostics.
struct DiagnosticData
{
    static constexpr QStringView kTitle = u"Diagnostic Data";
    Opt<QString> diagnosticsReference, userContext;
    Opt<QDateTime> clientTime;
    Opt<TestOutcome> adConnectivityTest, adConfigurationTest, drsDiscoveryTest,
        drsConnectivityTest, kerberosTicketTest, tokenAcquisitionTest;
    Opt<QString> fallbackToSyncJoin, fallbackToFedJoin;
    Opt<QDateTime> previousRegistration;
    Opt<QString> registrationType, errorPhase, clientErrorCode, serverErrorCode, serverMessage,
        httpsStatus, requestId, executingAccountName;
    Opt<bool> aadRecoveryEnabled;
    Opt<QString> keySignTest, displayNameUpdated, osVersionUpdated, hostNameUpdated;

    template<typename Self, typename V>
    static void visit(Self &s, V &&v)
    {
        v(u"Diagnostics Reference", s.diagnosticsReference);
        v(u"User Context", s.userContext);
        v(u"Client Time", s.clientTime);
        v(u"AD Connectivity Test", s.adConnectivityTest);
        v(u"AD Configuration Test", s.adConfigurationTest);
        v(u"DRS Discovery Test", s.drsDiscoveryTest);
        v(u"DRS Connectivity Test", s.drsConnectivityTest);
        v(u"Kerberos Ticket Test", s.kerberosTicketTest);
        v(u"Token acquisition Test", s.tokenAcquisitionTest);
        v(u"Fallback to Sync-Join", s.fallbackToSyncJoin);
        v(u"Fallback to Fed-Join", s.fallbackToFedJoin);
        v(u"Previous Registration", s.previousRegistration);
        v(u"Registration Type", s.registrationType);
        v(u"Error Phase", s.errorPhase);
        v(u"Client ErrorCode", s.clientErrorCode);
        v(u"Server ErrorCode", s.serverErrorCode);
        v(u"Server Message", s.serverMessage);
        v(u"Https Status", s.httpsStatus);
        v(u"Request Id", s.requestId);
        v(u"Executing Account Name", s.executingAccountName);
        v(u"AadRecoveryEnabled", s.aadRecoveryEnabled);
        v(u"KeySignTest", s.keySignTest);
        v(u"DisplayNameUpdated", s.displayNameUpdated);
        v(u"OsVersionUpdated", s.osVersionUpdated);
        v(u"HostNameUpdated", s.hostNameUpdated);
    }
};

// "IE Proxy Config for Current User", "... for System Account", "URL Specific Proxy Config"
// and "WinHttp Default Proxy Config" share these keys.
struct ProxyConfig
{
    static constexpr QStringView kTitle = u"IE Proxy Config for Current User";
    static constexpr QStringView kSystemTitle = u"IE Proxy Config for System Account";
    static constexpr QStringView kUrlSpecificTitle = u"URL Specific Proxy Config";
    static constexpr QStringView kWinHttpTitle = u"WinHttp Default Proxy Config";
    Opt<bool> autoDetectSettings;
    Opt<QString> autoConfigurationUrl, proxyServerList, proxyBypassList, accessType,
        autoDetectPacStatus;

    template<typename Self, typename V>
    static void visit(Self &s, V &&v)
    {
        v(u"Auto Detect Settings", s.autoDetectSettings);
        v(u"Auto-Configuration URL", s.autoConfigurationUrl);
        v(u"Proxy Server List", s.proxyServerList);
        v(u"Proxy Bypass List", s.proxyBypassList);
        v(u"Access Type", s.accessType);
        v(u"Auto Detect PAC Status", s.autoDetectPacStatus);
    }
};

struct NgcPrerequisiteCheck
{
    static constexpr QStringView kTitle = u"Ngc Prerequisite Check";
    Opt<QString> ngcPreReq;
    Opt<bool> isDeviceJoined, isUserAzureAd, policyEnabled, postLogonEnabled, deviceEligible,
        sessionIsNotRemote;
    Opt<QString> certEnrollment;
    Opt<bool> adfsRefreshToken, adfsRaIsReady;
    Opt<QString> logonCertTemplateReady;
    Opt<bool> onPremTgt;
    Opt<QString> preReqResult;

    template<typename Self, typename V>
    static void visit(Self &s, V &&v)
    {
        v(u"NgcPreReq", s.ngcPreReq);
        v(u"IsDeviceJoined", s.isDeviceJoined);
        v(u"IsUserAzureAD", s.isUserAzureAd);
        v(u"PolicyEnabled", s.policyEnabled);
        v(u"PostLogonEnabled", s.postLogonEnabled);
        v(u"DeviceEligible", s.deviceEligible);
        v(u"SessionIsNotRemote", s.sessionIsNotRemote);
        v(u"CertEnrollment", s.certEnrollment);
        v(u"AdfsRefreshToken", s.adfsRefreshToken);
        v(u"AdfsRaIsReady", s.adfsRaIsReady);
        v(u"LogonCertTemplateReady", s.logonCertTemplateReady);
        v(u"OnPremTGT", s.onPremTgt, u"CloudTGT"); // called CloudTGT before Windows 11 23H2
        v(u"PreReqResult", s.preReqResult);
    }
};

// "Work Account 1", "Work Account 2", ...: one per Entra registered (WPJ) account.
struct WorkAccount
{
    static constexpr QStringView kTitle = u"Work Account";
    Opt<QString> workplaceDeviceId, workplaceThumbprint;
    Opt<CertificateValidity> certificateValidity;
    Opt<QString> keyContainerId, keyProvider;
    Opt<bool> tpmProtected;
    Opt<QString> workplaceTenantId, workplaceTenantName, workplaceMdmUrl, workplaceSettingsUrl;
    Opt<bool> ngcSet;

    template<typename Self, typename V>
    static void visit(Self &s, V &&v)
    {
        v(u"WorkplaceDeviceId", s.workplaceDeviceId);
        v(u"WorkplaceThumbprint", s.workplaceThumbprint);
        v(u"DeviceCertificateValidity", s.certificateValidity);
        v(u"KeyContainerId", s.keyContainerId);
        v(u"KeyProvider", s.keyProvider);
        v(u"TpmProtected", s.tpmProtected);
        v(u"WorkplaceTenantId", s.workplaceTenantId);
        v(u"WorkplaceTenantName", s.workplaceTenantName);
        v(u"WorkplaceMdmUrl", s.workplaceMdmUrl);
        v(u"WorkplaceSettingsUrl", s.workplaceSettingsUrl);
        v(u"NgcSet", s.ngcSet);
    }
};

namespace detail {
void decodeInto(const QString &raw, Opt<QString> &out);
void decodeInto(const QString &raw, Opt<bool> &out);
void decodeInto(const QString &raw, Opt<QDateTime> &out);
void decodeInto(const QString &raw, Opt<CertificateValidity> &out);
void decodeInto(const QString &raw, Opt<TestOutcome> &out);
QString encode(const QString &value);
QString encode(bool value);
QString encode(const QDateTime &value);
QString encode(const CertificateValidity &value);
QString encode(const TestOutcome &value);
} // namespace detail

// Typed view of one section; a missing section gives an all-empty struct.
template<typename S>
S readSection(const StatusSection *section)
{
    S typed;
    if (!section)
        return typed;
    S::visit(typed, [section](QStringView key, auto &member, QStringView alias = {}) {
        const StatusField *field = section->find(key);
        if (!field && !alias.isEmpty())
            field = section->find(alias);
        if (field)
            detail::decodeInto(field->value, member);
    });
    return typed;
}

template<typename S>
S readSection(const StatusSnapshot &snapshot, QStringView title = S::kTitle)
{
    return readSection<S>(snapshot.section(title));
}

// The fields that are set, in dsregcmd's order; used by producers of "this device" state.
template<typename S>
StatusSection writeSection(const S &typed, QStringView title = S::kTitle)
{
    StatusSection section{title.toString(), {}};
    S::visit(typed, [&section](QStringView key, const auto &member, QStringView = {}) {
        if (member)
            section.fields.append({key.toString(), detail::encode(*member)});
    });
    return section;
}

template<typename S>
QStringList sectionKeys()
{
    QStringList keys;
    S typed;
    S::visit(typed, [&keys](QStringView key, auto &, QStringView alias = {}) {
        keys.append(key.toString());
        if (!alias.isEmpty())
            keys.append(alias.toString());
    });
    return keys;
}

} // namespace Entra
