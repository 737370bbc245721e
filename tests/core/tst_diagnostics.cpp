// The diagnostics engine: the top finding of every shared sample, one constructed input for
// every check and every cause of diagnostics.json, the rule book's validation, the certificate
// cross-check, Graph device records and the asynchronous run.
#include "diagnostics/clouddevicerecord.h"
#include "diagnostics/diagnosticengine.h"
#include "diagnostics/diagnosticsources.h"
#include "diagnostics/predicates.h"
#include "dsregcmd/statusimport.h"
#include "sampleutil.h"
#include "testcertificates.h"

#include <QFutureWatcher>
#include <QJsonArray>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace Entra;
using namespace Qt::Literals::StringLiterals;

namespace {

using Fields = QList<std::pair<QString, QString>>;
const QDateTime kNow = QDateTime(QDate(2026, 6, 1), QTime(12, 0), Qt::UTC);

StatusSnapshot snapshot(const QList<std::pair<QString, Fields>> &sections)
{
    StatusSnapshot s;
    s.origin.kind = SourceKind::DsregcmdText;
    s.origin.layout = StatusLayout::Current;
    s.origin.label = u"constructed"_s;
    for (const auto &[title, fields] : sections) {
        StatusSection &section = s.ensureSection(title);
        for (const auto &[key, value] : fields)
            section.set(key, value);
    }
    return s;
}

const Fields kEntraJoined { { u"AzureAdJoined"_s, u"YES"_s },
                            { u"EnterpriseJoined"_s, u"NO"_s },
                            { u"DomainJoined"_s, u"NO"_s },
                            { u"Device Name"_s, u"DESKTOP1"_s } };
const Fields kHybrid { { u"AzureAdJoined"_s, u"YES"_s },
                       { u"EnterpriseJoined"_s, u"NO"_s },
                       { u"DomainJoined"_s, u"YES"_s } };
const Fields kDomainOnly { { u"AzureAdJoined"_s, u"NO"_s },
                           { u"EnterpriseJoined"_s, u"NO"_s },
                           { u"DomainJoined"_s, u"YES"_s } };

TpmReport tpm(bool lockout, quint32 tries = 0, bool responding = true)
{
    TpmReport r;
    r.devicePresent = true;
    r.responding = responding;
    r.da = TpmDaState { lockout, tries, 32, 600, 86400 };
    r.evaluateReadiness();
    return r;
}

Events::EventRecord event(quint32 id, const QString &channel, const QDateTime &time,
                          const QList<Events::EventField> &data)
{
    Events::EventRecord e;
    e.eventId = id;
    e.channel = channel;
    e.timeCreated = time;
    e.level = 2;
    e.data = data;
    return e;
}

DiagnosticInput prtMissingWith(const QString &key, const QString &value)
{
    DiagnosticInput in;
    in.snapshot
        = snapshot({ { u"Device State"_s, kHybrid },
                     { u"SSO State"_s, { { u"AzureAdPrt"_s, u"NO"_s }, { key, value } } } });
    return in;
}

DiagnosticInput hybridWith(const Fields &diagnostics)
{
    DiagnosticInput in;
    in.snapshot
        = snapshot({ { u"Device State"_s, kDomainOnly }, { u"Diagnostic Data"_s, diagnostics } });
    return in;
}

DiagnosticInput ngcWith(const QString &failing)
{
    Fields fields { { u"IsDeviceJoined"_s, u"YES"_s },
                    { u"IsUserAzureAD"_s, u"YES"_s },
                    { u"PolicyEnabled"_s, u"YES"_s },
                    { u"PostLogonEnabled"_s, u"YES"_s },
                    { u"DeviceEligible"_s, u"YES"_s },
                    { u"SessionIsNotRemote"_s, u"YES"_s },
                    { u"CertEnrollment"_s, u"none"_s },
                    { u"OnPremTGT"_s, u"YES"_s },
                    { u"PreReqResult"_s, u"WillNotProvision"_s } };
    for (auto &[key, value] : fields)
        if (key == failing)
            value = u"NO"_s;
    if (failing == u"NgcPreReq")
        fields.prepend({ u"NgcPreReq"_s, u"ERROR (0x80090029)"_s });
    if (failing == u"AdfsRaIsReady")
        fields.append({ u"AdfsRaIsReady"_s, u"NO"_s });
    DiagnosticInput in;
    in.snapshot = snapshot({ { u"Device State"_s, kHybrid },
                             { u"User State"_s, { { u"NgcSet"_s, u"NO"_s } } },
                             { u"Ngc Prerequisite Check"_s, fields } });
    return in;
}

DiagnosticInput keySign(const QString &result, std::optional<TpmReport> report = {},
                        QList<Events::EventRecord> events = {})
{
    DiagnosticInput in;
    in.snapshot = snapshot({ { u"Device State"_s, kHybrid },
                             { u"Device Details"_s, { { u"TpmProtected"_s, u"YES"_s } } },
                             { u"Diagnostic Data"_s, { { u"KeySignTest"_s, result } } } });
    in.tpm = report;
    in.events = events;
    return in;
}

DiagnosticInput cloud(bool enabled, const QStringList &altSecIds, int daysSinceSignIn)
{
    DiagnosticInput in;
    in.snapshot
        = snapshot({ { u"Device State"_s, kEntraJoined },
                     { u"Device Details"_s,
                       { { u"Thumbprint"_s, u"AA11BB22CC33DD44EE55FF66AA77BB88CC99DD00"_s } } } });
    in.now = kNow;
    CloudDeviceRecord record;
    record.deviceId = u"00aa00aa-bb11-cc22-dd33-44ee44ee44ee"_s;
    record.accountEnabled = enabled;
    record.alternativeSecurityIds = altSecIds;
    record.approximateLastSignIn = kNow.addDays(-daysSinceSignIn);
    in.cloudDevice = record;
    return in;
}

const QString kBoundAltSecId
    = u"X509:<SHA1-TP-PUBKEY>AA11BB22CC33DD44EE55FF66AA77BB88CC99DD00+abc="_s;

struct Case
{
    QString name;
    std::function<DiagnosticInput()> input;
    QString id;
    CheckOutcome outcome;
    QString titlePart = {};
};

QList<Case> cases()
{
    const auto F = CheckOutcome::Fail, W = CheckOutcome::Warn, I = CheckOutcome::Info,
               P = CheckOutcome::Pass;
    auto only = [](QList<std::pair<QString, Fields>> sections, QDateTime now = {}) {
        return [sections, now] {
            DiagnosticInput in;
            in.snapshot = snapshot(sections);
            in.now = now;
            return in;
        };
    };
    const Fields notJoined { { u"AzureAdJoined"_s, u"NO"_s },
                             { u"EnterpriseJoined"_s, u"NO"_s },
                             { u"DomainJoined"_s, u"NO"_s } };
    QList<Case> list {
        // join.state
        { u"entra joined"_s, only({ { u"Device State"_s, kEntraJoined } }), u"join.state"_s, P,
          u"Microsoft Entra joined"_s },
        { u"nothing"_s,
          only({ { u"Device State"_s, notJoined },
                 { u"User State"_s, { { u"WorkplaceJoined"_s, u"NO"_s } } } }),
          u"join.not-registered"_s, W },
        { u"registered"_s,
          only({ { u"Device State"_s, notJoined },
                 { u"User State"_s, { { u"WorkplaceJoined"_s, u"YES"_s } } } }),
          u"join.registered-only"_s, I },
        { u"domain only, no error"_s, only({ { u"Device State"_s, kDomainOnly } }),
          u"join.domain-only"_s, W },
        { u"both DRS"_s,
          only({ { u"Device State"_s,
                   { { u"AzureAdJoined"_s, u"YES"_s },
                     { u"EnterpriseJoined"_s, u"YES"_s },
                     { u"DomainJoined"_s, u"YES"_s } } } }),
          u"join.inconsistent"_s, W },
        { u"on-prem DRS"_s,
          only({ { u"Device State"_s,
                   { { u"AzureAdJoined"_s, u"NO"_s },
                     { u"EnterpriseJoined"_s, u"YES"_s },
                     { u"DomainJoined"_s, u"YES"_s } } } }),
          u"join.onprem-drs"_s, I },
        // hybrid join phases
        { u"no DC"_s,
          [] {
              return hybridWith({ { u"AD Connectivity Test"_s, u"FAIL [0x54b]"_s },
                                  { u"Error Phase"_s, u"pre-check"_s } });
          },
          u"hybrid.no-domain-controller"_s, F },
        { u"SCP missing"_s,
          [] {
              return hybridWith({ { u"AD Connectivity Test"_s, u"PASS"_s },
                                  { u"AD Configuration Test"_s, u"FAIL [0x80070002]"_s },
                                  { u"Error Phase"_s, u"discover"_s },
                                  { u"Client ErrorCode"_s, u"0x801c001d"_s } });
          },
          u"hybrid.scp-missing"_s, F },
        { u"DRS unreachable"_s,
          [] {
              return hybridWith({ { u"DRS Discovery Test"_s, u"FAIL [0x801c0021/0x80072efd]"_s },
                                  { u"Error Phase"_s, u"discover"_s } });
          },
          u"hybrid.drs-unreachable"_s, F },
        { u"proxy returns HTML"_s,
          [] {
              return hybridWith({ { u"DRS Discovery Test"_s, u"FAIL [0x801c0021/0x8007000d]"_s } });
          },
          u"hybrid.drs-unreachable"_s, F },
        { u"tenant not found"_s,
          [] {
              return hybridWith({ { u"Error Phase"_s, u"discover"_s },
                                  { u"Client ErrorCode"_s, u"0x801c003a"_s } });
          },
          u"hybrid.tenant-not-found"_s, F },
        { u"discovery failed"_s,
          [] {
              return hybridWith({ { u"DRS Discovery Test"_s, u"FAIL [0x801c0021/0x801c000c]"_s } });
          },
          u"hybrid.discovery-failed"_s, F },
        { u"not synced"_s,
          [] {
              return hybridWith({ { u"Error Phase"_s, u"join"_s },
                                  { u"Client ErrorCode"_s, u"0x801c03f2"_s },
                                  { u"Server ErrorCode"_s, u"DirectoryError"_s } });
          },
          u"hybrid.computer-not-synced"_s, F },
        { u"federation"_s,
          [] {
              return hybridWith(
                  { { u"Error Phase"_s, u"auth"_s }, { u"Client ErrorCode"_s, u"0xcaa90017"_s } });
          },
          u"hybrid.federated-auth"_s, F },
        { u"server busy"_s,
          [] {
              return hybridWith(
                  { { u"Error Phase"_s, u"join"_s }, { u"Client ErrorCode"_s, u"0x801c0025"_s } });
          },
          u"hybrid.server-busy"_s, W },
        { u"other join error"_s,
          [] {
              return hybridWith(
                  { { u"Error Phase"_s, u"join"_s }, { u"Client ErrorCode"_s, u"0x801c0006"_s } });
          },
          u"hybrid.join"_s, F },
        { u"event 305 only"_s,
          [] {
              DiagnosticInput in;
              in.snapshot = snapshot({ { u"Device State"_s, kDomainOnly } });
              in.events = { event(305, u"Microsoft-Windows-User Device Registration/Admin"_s, kNow,
                                  { { u"ErrorCode"_s, u"0x801c0515"_s } }) };
              return in;
          },
          u"hybrid.federated-auth"_s, F },
        // device authentication
        { u"device ok"_s,
          only({ { u"Device State"_s, kEntraJoined },
                 { u"Device Details"_s, { { u"DeviceAuthStatus"_s, u"SUCCESS"_s } } } }),
          u"device.auth"_s, P },
        { u"device deleted"_s,
          only({ { u"Device State"_s, kEntraJoined },
                 { u"Device Details"_s,
                   { { u"DeviceAuthStatus"_s,
                       u"FAILED. Device is either disabled or deleted"_s } } } }),
          u"device.disabled-or-deleted"_s, F },
        { u"device auth test error"_s,
          only({ { u"Device State"_s, kEntraJoined },
                 { u"Device Details"_s, { { u"DeviceAuthStatus"_s, u"FAILED. ERROR"_s } } } }),
          u"device.auth-test-error"_s, W },
        // device key
        { u"key ok"_s, [] { return keySign(u"PASSED"_s); }, u"device.key"_s, P },
        { u"key failed"_s, [] { return keySign(u"FAILED"_s); }, u"device.key"_s, F },
        { u"key failed, TPM locked out"_s, [] { return keySign(u"FAILED"_s, tpm(true, 32)); },
          u"device.key-tpm-locked-out"_s, F },
        { u"key failed, event 344"_s,
          [] {
              return keySign(u"FAILED"_s, {},
                             { event(344, u"Microsoft-Windows-User Device Registration/Admin"_s,
                                     kNow, { { u"ErrorCode"_s, u"0x80090031"_s } }) });
          },
          u"device.key-tpm-locked-out"_s, F },
        { u"key failed, TPM not ready"_s, [] { return keySign(u"FAILED"_s, tpm(false, 0, false)); },
          u"device.key-tpm-not-ready"_s, F },
        { u"recovery"_s,
          only({ { u"Device State"_s, kEntraJoined },
                 { u"Diagnostic Data"_s, { { u"AadRecoveryEnabled"_s, u"YES"_s } } } }),
          u"device.recovery-pending"_s, F },
        // certificate validity and provider
        { u"certificate expired"_s,
          only({ { u"Device State"_s, kEntraJoined },
                 { u"Device Details"_s,
                   { { u"DeviceCertificateValidity"_s,
                       u"[ 2015-01-11 21:02:50.000 UTC -- 2025-01-11 21:32:50.000 UTC ]"_s } } } },
               kNow),
          u"device.certificate-validity"_s, F },
        { u"certificate valid"_s,
          only({ { u"Device State"_s, kEntraJoined },
                 { u"Device Details"_s,
                   { { u"DeviceCertificateValidity"_s,
                       u"[ 2019-01-11 21:02:50.000 UTC -- 2029-01-11 21:32:50.000 UTC ]"_s } } } },
               kNow),
          u"device.certificate-validity"_s, P },
        { u"odd provider"_s,
          only({ { u"Device State"_s, kEntraJoined },
                 { u"Device Details"_s, { { u"KeyProvider"_s, u"Contoso HSM Provider"_s } } } }),
          u"device.key-provider"_s, W, u"Contoso HSM Provider"_s },
        // TPM
        { u"TPM locked out, KeySignTest passed"_s,
          [] { return keySign(u"PASSED"_s, tpm(true, 32)); }, u"tpm.lockout"_s, F },
        { u"TPM near lockout"_s, [] { return keySign(u"PASSED"_s, tpm(false, 30)); },
          u"tpm.lockout-near"_s, W },
        // PRT
        { u"local account"_s,
          only({ { u"Device State"_s, kEntraJoined },
                 { u"SSO State"_s, { { u"AzureAdPrt"_s, u"NO"_s } } },
                 { u"Diagnostic Data"_s,
                   { { u"Executing Account Name"_s, u"DESKTOP1\\admin"_s } } } }),
          u"prt.local-account"_s, I },
        { u"work account"_s,
          only(
              { { u"Device State"_s, kEntraJoined },
                { u"SSO State"_s, { { u"AzureAdPrt"_s, u"YES"_s } } },
                { u"Diagnostic Data"_s,
                  { { u"Executing Account Name"_s, u"AzureAD\\JohnDoe, john@contoso.com"_s } } } }),
          u"prt.local-account"_s, P },
        { u"PRT present"_s,
          only({ { u"Device State"_s, kHybrid },
                 { u"SSO State"_s, { { u"AzureAdPrt"_s, u"YES"_s } } } }),
          u"prt.missing"_s, P },
        { u"PRT missing, no codes"_s,
          [] { return prtMissingWith(u"AcquirePrtDiagnostics"_s, u"PRESENT"_s); }, u"prt.missing"_s,
          F },
        { u"PRT stale"_s,
          only({ { u"Device State"_s, kHybrid },
                 { u"SSO State"_s,
                   { { u"AzureAdPrt"_s, u"YES"_s },
                     { u"AzureAdPrtUpdateTime"_s, u"2026-06-01 02:00:00.000 UTC"_s } } } },
               kNow),
          u"prt.stale"_s, W, u"10 hours"_s },
        { u"PRT fresh"_s,
          only({ { u"Device State"_s, kHybrid },
                 { u"SSO State"_s,
                   { { u"AzureAdPrt"_s, u"YES"_s },
                     { u"AzureAdPrtUpdateTime"_s, u"2026-06-01 11:00:00.000 UTC"_s } } } },
               kNow),
          u"prt.stale"_s, P },
        { u"PRT vs events"_s,
          [] {
              DiagnosticInput in;
              in.snapshot = snapshot(
                  { { u"Device State"_s, kHybrid },
                    { u"SSO State"_s,
                      { { u"AzureAdPrt"_s, u"YES"_s },
                        { u"AzureAdPrtUpdateTime"_s, u"2026-06-01 02:00:00.000 UTC"_s } } } });
              in.events
                  = { event(1098, u"Microsoft-Windows-AAD/Operational"_s, kNow.addSecs(-3600),
                            { { u"Error"_s, u"0xCAA5001C Token broker operation failed"_s } }),
                      event(1098, u"Microsoft-Windows-AAD/Operational"_s, kNow.addDays(-1), {}) };
              return in;
          },
          u"prt.events"_s, W },
        // user
        { u"WAM error"_s,
          only({ { u"Device State"_s, kHybrid },
                 { u"User State"_s, { { u"WamDefaultSet"_s, u"ERROR (0x80070520)"_s } } } }),
          u"wam.default"_s, W },
        { u"dual state"_s,
          only({ { u"Device State"_s, kHybrid },
                 { u"Tenant Details"_s, { { u"TenantId"_s, u"t1"_s } } },
                 { u"User State"_s, { { u"WorkplaceJoined"_s, u"YES"_s } } },
                 { u"Work Account 1"_s, { { u"WorkplaceTenantId"_s, u"t1"_s } } } }),
          u"registration.dual-state"_s, W },
        // Windows Hello
        { u"hello set"_s,
          only({ { u"Device State"_s, kHybrid },
                 { u"User State"_s, { { u"NgcSet"_s, u"YES"_s } } } }),
          u"hello.prerequisites"_s, P },
        { u"hello post logon"_s, [] { return ngcWith(u"PostLogonEnabled"_s); },
          u"hello.prerequisites"_s, W, u"PostLogonEnabled is NO"_s },
        { u"hello device"_s, [] { return ngcWith(u"IsDeviceJoined"_s); },
          u"hello.device-not-joined"_s, I },
        { u"hello user"_s, [] { return ngcWith(u"IsUserAzureAD"_s); }, u"hello.user-not-entra"_s,
          W },
        { u"hello policy"_s, [] { return ngcWith(u"PolicyEnabled"_s); }, u"hello.policy-off"_s, I },
        { u"hello remote"_s, [] { return ngcWith(u"SessionIsNotRemote"_s); },
          u"hello.remote-session"_s, I },
        { u"hello hardware"_s, [] { return ngcWith(u"DeviceEligible"_s); }, u"hello.hardware"_s,
          W },
        { u"hello cloud tgt"_s, [] { return ngcWith(u"OnPremTGT"_s); }, u"hello.cloud-tgt"_s, W },
        { u"hello cert trust"_s, [] { return ngcWith(u"AdfsRaIsReady"_s); }, u"hello.cert-trust"_s,
          W },
        { u"hello error"_s, [] { return ngcWith(u"NgcPreReq"_s); }, u"hello.evaluation-error"_s,
          W },
        // MDM, software key, proxy, format
        { u"no MDM"_s,
          only({ { u"Device State"_s, kEntraJoined },
                 { u"Tenant Details"_s, { { u"MdmUrl"_s, {} } } } }),
          u"mdm.urls"_s, I },
        { u"software key"_s,
          only({ { u"Device State"_s, kEntraJoined },
                 { u"Device Details"_s, { { u"TpmProtected"_s, u"NO"_s } } } }),
          u"device.software-key"_s, I },
        { u"WPAD failed"_s,
          only({ { u"URL Specific Proxy Config"_s,
                   { { u"Auto Detect PAC Status"_s,
                       u"Failed to execute the auto detection: code 0x80072f94"_s } } } }),
          u"proxy.wpad-failed"_s, W },
        { u"SYSTEM direct"_s,
          only({ { u"IE Proxy Config for Current User"_s,
                   { { u"Proxy Server List"_s, u"proxy.contoso.com:8080"_s } } },
                 { u"WinHttp Default Proxy Config"_s, { { u"Access Type"_s, u"DIRECT"_s } } } }),
          u"proxy.system-direct"_s, W },
        { u"proxy fine"_s,
          only({ { u"WinHttp Default Proxy Config"_s, { { u"Access Type"_s, u"DIRECT"_s } } } }),
          u"proxy"_s, P },
        { u"old format"_s,
          [] {
              DiagnosticInput in;
              in.snapshot = snapshot({ { u"Device State"_s, kHybrid } });
              in.snapshot.origin.layout = StatusLayout::Old;
              return in;
          },
          u"source.old-format"_s, W },
        // cloud device record
        { u"cloud fine"_s, [] { return cloud(true, { kBoundAltSecId }, 1); }, u"cloud.device"_s,
          P },
        { u"cloud disabled"_s, [] { return cloud(false, { kBoundAltSecId }, 1); },
          u"cloud.device-disabled"_s, F },
        { u"cloud other cert"_s,
          [] {
              return cloud(
                  true, { u"X509:<SHA1-TP-PUBKEY>FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000"_s }, 1);
          },
          u"cloud.altsecid-mismatch"_s, F },
        { u"cloud pending"_s, [] { return cloud(true, {}, 1); }, u"cloud.pending"_s, W },
        { u"cloud missing"_s,
          [] {
              DiagnosticInput in = cloud(true, {}, 1);
              in.cloudDevice.reset();
              in.cloudLookedUp = true;
              return in;
          },
          u"cloud.device-missing"_s, F },
        { u"cloud stale"_s, [] { return cloud(true, { kBoundAltSecId }, 40); }, u"cloud.stale"_s,
          W },
    };
    // One row per PRT cause: the code as dsregcmd prints it.
    const QList<std::tuple<QString, QString, QString>> prt {
        { u"Server Error Description"_s, u"AADSTS50155: Device authentication failed."_s,
          u"prt.missing.device-auth-failed"_s },
        { u"Server Error Description"_s, u"AADSTS50126: Error validating credentials."_s,
          u"prt.missing.bad-password"_s },
        { u"Server Error Description"_s, u"AADSTS50034: The user account does not exist."_s,
          u"prt.missing.user-not-found"_s },
        { u"Server Error Description"_s, u"AADSTS50057: The user account is disabled."_s,
          u"prt.missing.account-problem"_s },
        { u"Server Error Description"_s, u"AADSTS50173: The provided grant has expired."_s,
          u"prt.missing.session-revoked"_s },
        { u"Server Error Description"_s, u"AADSTS50076: Due to a configuration change..."_s,
          u"prt.missing.mfa-required"_s },
        { u"Server Error Description"_s, u"AADSTS53003: Access has been blocked."_s,
          u"prt.missing.conditional-access"_s },
        { u"Server Error Description"_s, u"AADSTS130005: NgcKeyNotFound"_s,
          u"prt.missing.hello-key"_s },
        { u"Server Error Description"_s, u"AADSTS90002: Tenant not found."_s,
          u"prt.missing.tenant"_s },
        { u"Server Error Description"_s, u"MSIS9682: Received invalid OAuth JWT Bearer request."_s,
          u"prt.missing.adfs-device"_s },
        { u"Attempt Status"_s, u"0xc000023c"_s, u"prt.missing.network"_s },
        { u"HTTP Error"_s, u"0x80072ee7"_s, u"prt.missing.network"_s },
        { u"Attempt Status"_s, u"0xc000005f"_s, u"prt.missing.realm-discovery"_s },
        { u"Attempt Status"_s, u"0xc0048442"_s, u"prt.missing.proxy-tampering"_s },
        { u"Attempt Status"_s, u"0xc00484c1"_s, u"prt.missing.ws-trust"_s },
        { u"Attempt Status"_s, u"0xc000006d"_s, u"prt.missing.logon-failure"_s },
    };
    for (const auto &[key, value, id] : prt)
        list.append({ id + u" via "_s + value.left(12),
                      // init-captures: clang 14 cannot capture structured bindings
                      [k = key, v = value] { return prtMissingWith(k, v); }, id, F });
    return list;
}

const Finding *byId(const QList<Finding> &findings, const QString &id)
{
    for (const Finding &f : findings)
        if (f.id == id)
            return &f;
    return nullptr;
}

} // namespace

class TestDiagnostics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void topFindingOfEverySample_data();
    void topFindingOfEverySample();
    void everyRuleOnAConstructedInput_data();
    void everyRuleOnAConstructedInput();
    void everyCheckAndCauseHasACase();
    void localAccountIsNotAnError();
    void findingsAreSortedAndExplained();
    void ruleBookRefusesMistakes_data();
    void ruleBookRefusesMistakes();
    void certificateCrossCheck();
    void graphDeviceRecord();
    void codesInText();
    void mergesUserAndElevatedOutputs();
    void runsOffTheCallingThread();
    void ticketText();
};

void TestDiagnostics::topFindingOfEverySample_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("top");
    const QHash<QString, QString> expected {
        { u"01-mslearn-2017-oldformat-hybrid-ngc-prt-yes.txt"_s, u"source.old-format"_s },
        { u"02-mslearn-device-state-hybrid.txt"_s, QString() },
        { u"03-mslearn-device-details-software-ksp.txt"_s, u"device.software-key"_s },
        { u"04-mslearn-tenant-details-mdm-urls.txt"_s, QString() },
        { u"05-mslearn-user-state-ngcset-yes.txt"_s, QString() },
        { u"06-mslearn-sso-state-prt-no-aadsts50126-enterprise-prt-cloudtgt.txt"_s,
          u"prt.missing.bad-password"_s },
        { u"07-mslearn-prejoin-diag-discover-fail-0x801c0021.txt"_s, u"hybrid.discovery-failed"_s },
        { u"08-mslearn-prejoin-diag-syncjoin-directoryerror-0x801c03f2.txt"_s,
          u"hybrid.computer-not-synced"_s },
        { u"09-mslearn-postjoin-diag-keysigntest-passed.txt"_s, QString() },
        { u"10-mslearn-ngc-prereq-certtrust-willprovision.txt"_s, QString() },
        { u"11-mslearn-hybrid-drs-discovery-timeout-0x80072ee2-unelevated.txt"_s,
          u"hybrid.drs-unreachable"_s },
        { u"12-mslearn-sso-state-prt-yes-enterprise-prt-yes.txt"_s, QString() },
        { u"13-kolide-launcher-873-hybrid-tpm-partial.txt"_s, QString() },
        { u"14-azuredocs-issue-48791-not-joined-wamdefaultset-error-partial.txt"_s,
          u"join.not-registered"_s },
        { u"17-it-locale-powershell-workplace-joined-registered-full.txt"_s,
          u"join.registered-only"_s },
        { u"18-appservice-lza-aadj-azure-vm-software-ksp-partial.txt"_s, u"mdm.urls"_s },
        { u"25-msqa-687273-join-debug-enterprise-drs-auth-phase-0xcaa1000e.txt"_s,
          u"hybrid.federated-auth"_s },
        { u"26-blog-debug-join-fragments-dc-unavailable-scp-read-already-joined.txt"_s,
          u"hybrid.no-domain-controller"_s },
        { u"28-dsregcmd-help-and-listaccounts-win11.txt"_s, QString() },
        { u"29-msqa-687273-events-304-305-enterprise-drs.txt"_s, u"hybrid.federated-auth"_s },
    };
    // Every shared sample has a row: a new sample fails here until its expectation is written.
    for (const QString &name : dsregcmdSamples())
        QTest::newRow(qPrintable(name)) << name << expected.value(name, u"<no expectation>"_s);
    QTest::newRow("repository fixture")
        << QStringLiteral(ENTRA_TEST_DATA_DIR "/dsregcmd/hybrid-prt-failure.txt")
        << u"prt.missing.bad-password"_s;
}

void TestDiagnostics::topFindingOfEverySample()
{
    QFETCH(QString, file);
    QFETCH(QString, top);
    const Result<StatusSnapshot> status
        = StatusImport::fromFile(file.startsWith(u'/') ? file : dsregcmdSampleDir() + u'/' + file);
    QVERIFY2(status, qPrintable(status ? QString() : status.error().message));
    DiagnosticInput input;
    input.snapshot = *status;
    const DiagnosticReport report = DiagnosticEngine::run(input);
    QCOMPARE(report.top() ? report.top()->id : QString(), top);
    QCOMPARE(report.findings.size(), RuleBook::builtIn().checks().size());
}

void TestDiagnostics::everyRuleOnAConstructedInput_data()
{
    QTest::addColumn<int>("index");
    const QList<Case> all = cases();
    for (int i = 0; i < all.size(); ++i)
        QTest::newRow(qPrintable(all.at(i).name)) << i;
}

void TestDiagnostics::everyRuleOnAConstructedInput()
{
    QFETCH(int, index);
    const Case c = cases().at(index);
    const DiagnosticReport report = DiagnosticEngine::run(c.input());
    const Finding *f = byId(report.findings, c.id);
    QStringList ids;
    for (const Finding &each : report.findings)
        ids << each.id + u'=' + outcomeName(each.outcome);
    QVERIFY2(f, qPrintable(u"no finding %1 in: %2"_s.arg(c.id, ids.join(u' '))));
    QCOMPARE(outcomeName(f->outcome), outcomeName(c.outcome));
    QVERIFY2(f->title.contains(c.titlePart), qPrintable(f->title));
    QVERIFY2(!f->title.contains(u"%1"_s), qPrintable(f->title));
    if (isProblem(f->outcome) || f->outcome == CheckOutcome::Info) {
        QVERIFY2(!f->evidence.isEmpty(), "a finding shows its evidence");
        QVERIFY2(!f->cause.isEmpty(), "a finding says why");
        QVERIFY2(!f->reference.isEmpty(), "a finding names its reference");
    }
    if (f->outcome == CheckOutcome::Fail)
        QVERIFY2(!f->fixSteps.isEmpty(), "a failure says what to do");
}

void TestDiagnostics::everyCheckAndCauseHasACase()
{
    QSet<QString> covered;
    for (const Case &c : cases())
        covered.insert(c.id);
    QStringList missing;
    for (const CheckSpec &spec : RuleBook::builtIn().checks()) {
        if (!covered.contains(spec.id))
            missing << spec.id;
        for (const CheckVariant &variant : spec.variants)
            if (!covered.contains(variant.id))
                missing << variant.id;
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u", "_s)));
    // And every predicate the code offers is used by some check.
    QSet<QString> used;
    for (const CheckSpec &spec : RuleBook::builtIn().checks())
        used.insert(spec.predicate);
    for (const QString &name : predicateNames())
        QVERIFY2(used.contains(name), qPrintable(name));
}

void TestDiagnostics::localAccountIsNotAnError()
{
    DiagnosticInput in;
    in.snapshot = snapshot(
        { { u"Device State"_s, kEntraJoined },
          { u"SSO State"_s, { { u"AzureAdPrt"_s, u"NO"_s } } },
          { u"Diagnostic Data"_s, { { u"Executing Account Name"_s, u"DESKTOP1\\admin"_s } } } });
    const DiagnosticReport report = DiagnosticEngine::run(in);
    QCOMPARE(report.top()->id, u"prt.local-account"_s);
    QVERIFY(!report.hasFailure());
    QCOMPARE(byId(report.findings, u"prt.missing"_s)->outcome, CheckOutcome::Skip);
}

void TestDiagnostics::findingsAreSortedAndExplained()
{
    const DiagnosticReport report
        = DiagnosticEngine::run(hybridWith({ { u"Error Phase"_s, u"join"_s },
                                             { u"Client ErrorCode"_s, u"0x801c03f2"_s },
                                             { u"Server ErrorCode"_s, u"DirectoryError"_s } }));
    for (qsizetype i = 1; i < report.findings.size(); ++i)
        QVERIFY(int(report.findings.at(i - 1).outcome) <= int(report.findings.at(i).outcome));
    const Finding *f = byId(report.findings, u"hybrid.computer-not-synced"_s);
    QVERIFY(f);
    // The knowledge base explains the codes in the evidence.
    QVERIFY2(f->evidence.join(u'\n').contains(u"0x801C03F2 (DSREG_E_DIRECTORY_FAILURE)"_s),
             qPrintable(f->evidence.join(u'\n')));
    QVERIFY(report.hasFailure());
    const QJsonObject json = report.toJson();
    QCOMPARE(json[u"Top"_s].toString(), u"hybrid.computer-not-synced"_s);
    QCOMPARE(json[u"Findings"_s].toArray().size(), report.findings.size());
    QCOMPARE(json[u"Summary"_s][u"fail"_s].toInt(), 1);
}

void TestDiagnostics::ruleBookRefusesMistakes_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << QByteArray("{") << u"diagnostics.json"_s;
    QTest::newRow("no checks") << QByteArray(R"({"checks": []})") << u"no checks"_s;
    QTest::newRow("unknown predicate")
        << QByteArray(R"({"checks": [{"id": "a", "predicate": "nope", "outcome": "fail",
                         "title": "t", "passTitle": "p"}]})")
        << u"unknown predicate \"nope\""_s;
    QTest::newRow("bad outcome") << QByteArray(
        R"({"checks": [{"id": "a", "predicate": "oldLayout", "outcome": "bad",
                         "title": "t", "passTitle": "p"}]})")
                                 << u"needs id, outcome"_s;
    QTest::newRow("duplicate id") << QByteArray(
        R"({"checks": [{"id": "a", "predicate": "oldLayout", "outcome": "warn",
                         "title": "t", "passTitle": "p", "variants": [{"id": "a", "title": "v"}]}]})")
                                  << u"used twice"_s;
}

void TestDiagnostics::ruleBookRefusesMistakes()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const Result<RuleBook> book = RuleBook::fromJson(json);
    QVERIFY(!book);
    QVERIFY2(book.error().message.contains(message), qPrintable(book.error().message));
}

void TestDiagnostics::certificateCrossCheck()
{
    const Result<StatusSnapshot> status = StatusImport::fromFile(
        QStringLiteral(ENTRA_TEST_DATA_DIR "/dsregcmd/hybrid-prt-failure.txt"));
    QVERIFY(status);
    TestCertificates::Options options;
    options.subjectCn = u"00aa00aa-bb11-cc22-dd33-44ee44ee44ee"_s; // the fixture's DeviceId
    DiagnosticInput in;
    in.snapshot = *status;
    in.certificates = { *DeviceCertificate::fromDer(TestCertificates::mint(options).der) };
    const DiagnosticReport report = DiagnosticEngine::run(in);
    QCOMPARE(byId(report.findings, u"cert.subject"_s)->outcome, CheckOutcome::Pass);
    // The fixture's Thumbprint is another certificate's.
    QCOMPARE(byId(report.findings, u"cert.thumbprint"_s)->outcome, CheckOutcome::Fail);
}

void TestDiagnostics::graphDeviceRecord()
{
    const QString altSecId
        = u"X509:<SHA1-TP-PUBKEY>AA11BB22CC33DD44EE55FF66AA77BB88CC99DD00+abc="_s;
    const QByteArray key
        = QByteArray(reinterpret_cast<const char *>(altSecId.utf16()), altSecId.size() * 2)
              .toBase64();
    const QByteArray json = R"({"value": [{"deviceId": "d1", "accountEnabled": false,
        "approximateLastSignInDateTime": "2026-05-01T10:00:00Z",
        "alternativeSecurityIds": [{"type": 2, "key": ")"
        + key + R"("}]}]})";
    const Result<CloudDeviceRecord> record = CloudDeviceRecord::fromGraphJson(json);
    QVERIFY2(record, qPrintable(record ? QString() : record.error().message));
    QCOMPARE(record->deviceId, u"d1"_s);
    QVERIFY(!record->accountEnabled);
    QCOMPARE(record->alternativeSecurityIds, QStringList { altSecId });
    QCOMPARE(CloudDeviceRecord::thumbprintOf(altSecId),
             u"AA11BB22CC33DD44EE55FF66AA77BB88CC99DD00"_s);
    QCOMPARE(record->approximateLastSignIn, QDateTime(QDate(2026, 5, 1), QTime(10, 0), Qt::UTC));
    QVERIFY(CloudDeviceRecord::fromGraphJson(R"({"value": []})")
                .error()
                .message.contains(u"does not exist"_s));
    QVERIFY(
        CloudDeviceRecord::fromGraphJson(R"({"id": 1})").error().message.contains(u"deviceId"_s));
    QVERIFY(CloudDeviceRecord::fromGraphJson("nope").error().message.contains(u"not valid JSON"_s));
}

void TestDiagnostics::codesInText()
{
    QCOMPARE(Entra::codesInText(u"FAIL [0x801c0021/0x80072ee2]"),
             (QStringList { u"0x801c0021"_s, u"0x80072ee2"_s }));
    QCOMPARE(Entra::codesInText(u"AADSTS50126: Error validating"),
             QStringList { u"AADSTS50126"_s });
    QCOMPARE(Entra::codesInText(u"resultCode: 0x0"), QStringList());
    QCOMPARE(Entra::codesInText(u"AdalLog: HRESULT: 0x4aa90010"), QStringList()); // success
    QCOMPARE(Entra::codesInText(u"FAIL [0x54b]"), QStringList { u"0x54b"_s });
    QCOMPARE(Entra::codesInText(u"Server ErrorCode : DirectoryError"),
             QStringList { u"DirectoryError"_s });
}

void TestDiagnostics::mergesUserAndElevatedOutputs()
{
    StatusSnapshot user = snapshot(
        { { u"Device State"_s, kHybrid }, { u"SSO State"_s, { { u"AzureAdPrt"_s, u"YES"_s } } } });
    StatusSnapshot elevated
        = snapshot({ { u"Device State"_s, { { u"DomainName"_s, u"CONTOSO"_s } } },
                     { u"Diagnostic Data"_s, { { u"KeySignTest"_s, u"FAILED"_s } } },
                     { u"SSO State"_s, { { u"AzureAdPrt"_s, u"NO"_s } } } });
    elevated.origin.label = u"elevated"_s;
    const StatusSnapshot merged = DiagnosticSources::merge({ user, elevated });
    QCOMPARE(merged.value(u"SSO State", u"AzureAdPrt"), u"YES"_s); // the first source wins
    QCOMPARE(merged.value(u"Device State", u"DomainName"), u"CONTOSO"_s);
    QCOMPARE(merged.value(u"Diagnostic Data", u"KeySignTest"), u"FAILED"_s);
    QCOMPARE(merged.origin.label, u"constructed + elevated"_s);
}

void TestDiagnostics::runsOffTheCallingThread()
{
    DiagnosticInput in = prtMissingWith(u"Server Error Description"_s, u"AADSTS50126"_s);
    QFutureWatcher<DiagnosticReport> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(DiagnosticEngine::start(in, 7));
    QVERIFY(finished.wait(10000));
    const DiagnosticReport report = watcher.result();
    QCOMPARE(report.request, quint64(7));
    QCOMPARE(report.top()->id, u"prt.missing.bad-password"_s);
}

void TestDiagnostics::ticketText()
{
    const DiagnosticReport report = DiagnosticEngine::run(
        prtMissingWith(u"Server Error Description"_s, u"AADSTS50126: bad password"_s));
    const QString text = findingsTicketText(report.findings, u"Entra Doctor findings"_s);
    QVERIFY(text.startsWith(u"Entra Doctor findings\n=====================\n"_s));
    QVERIFY2(text.contains(u"[PROBLEM] No PRT: Entra ID rejected the password "
                           u"(prt.missing.bad-password)"_s),
             qPrintable(text));
    QVERIFY(text.contains(u"  Fix 1: Wait for password hash sync"_s));
    QVERIFY(text.contains(u"Other checks:\n"_s));
}

QTEST_GUILESS_MAIN(TestDiagnostics)
#include "tst_diagnostics.moc"
