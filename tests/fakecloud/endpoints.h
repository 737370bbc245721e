#pragma once

#include "cloud.h"
#include "prt.h"

#include <variant>

// The endpoint groups. Each lives in its own source file.
namespace FakeCloud {

// GET /{domain}/enrollmentserver/contract, /{tenant}/Discover, /common/UserRealm/{upn},
// /{tenant}[/v2.0]/.well-known/openid-configuration, /{tenant}/discovery[/v2.0]/keys,
// /devicelogin (PROTOCOL.md §1).
class DiscoveryEndpoints : public EndpointGroup
{
public:
    using EndpointGroup::EndpointGroup;
    std::optional<HttpResponse> route(const Call &call) override;

private:
    HttpResponse contract(const Call &call, const QString &tenant);
    HttpResponse discover(const Call &call, const QString &tenant);
    HttpResponse userRealm(const Call &call, const QString &upn);
    HttpResponse openIdConfiguration(const Call &call, const QString &tenant, int version);
};

// POST /{tenant}/oauth2[/v2.0]/devicecode and /{tenant}/oauth2[/v2.0]/token (PROTOCOL.md §2),
// with the PRT grants of §5.2 and §6 (prt.h).
class OAuthEndpoints : public EndpointGroup
{
public:
    explicit OAuthEndpoints(Cloud &cloud);
    std::optional<HttpResponse> route(const Call &call) override;

private:
    HttpResponse deviceCode(const Call &call, const QString &tenant, int version);
    HttpResponse token(const Call &call, int version);
    // grant_type jwt-bearer with request=<JWT> and windows_api_version: RS256 or HS256.
    HttpResponse prtRequest(const Call &call, const Form &form);
    HttpResponse deviceCodeGrant(const Call &call, const QList<QPair<QString, QString>> &form,
                                 int version);
    HttpResponse refreshTokenGrant(const Call &call, const QList<QPair<QString, QString>> &form,
                                   int version);
    // The token response for identity and the requested resource (v1) or scope (v2).
    HttpResponse issue(const Call &call, const Identity &identity, const QString &resource,
                       const QString &scope, int version);

    NonceChallenge m_nonces;
    PrtAcquisition m_acquisition;
    SessionRequests m_sessions;
};

// POST /EnrollmentServer/key/?api-version=1.0 (MS-KPP, PROTOCOL.md §5.1) registers a Windows
// Hello key; DELETE /EnrollmentServer/key/{kid}?api-version=1.0 removes one (our route).
class KeyEndpoints : public EndpointGroup
{
public:
    using EndpointGroup::EndpointGroup;
    std::optional<HttpResponse> route(const Call &call) override;

private:
    struct Caller
    {
        User *user;
        QString deviceId;
    };
    // api-version, Accept: application/json, the DRS bearer with deviceid, upn, amr ∋ ngcmfa.
    std::variant<HttpResponse, Caller> authenticate(const Call &call);
    HttpResponse registerKey(const Call &call);
    HttpResponse deleteKey(const Call &call, const QString &kid);
    HttpResponse error(const Call &call, int status, const QString &code, const QString &message,
                       const QString &target);
};

// POST /EnrollmentServer/device/ (join/register), DELETE /EnrollmentServer/device/{id} (leave),
// GET /EnrollmentServer/device/{id} (device authentication check), GET
// /EnrollmentServer/nonce/{tid}/ (PROTOCOL.md §1.3, §3, §4).
class DrsEndpoints : public EndpointGroup
{
public:
    using EndpointGroup::EndpointGroup;
    std::optional<HttpResponse> route(const Call &call) override;

private:
    HttpResponse join(const Call &call);
    // The TLS client certificate names a live, enabled device with this id, or the refusal.
    std::variant<HttpResponse, Device *> authenticateDevice(const Call &call,
                                                            const QString &deviceId);
    HttpResponse leave(const Call &call, const QString &deviceId);
    HttpResponse deviceState(const Call &call, const QString &deviceId);
    HttpResponse nonce(const Call &call);
};

// GET /v1.0/devices[?$filter=deviceId eq '...'], /v1.0/devices/{objectId}.
class GraphEndpoints : public EndpointGroup
{
public:
    using EndpointGroup::EndpointGroup;
    std::optional<HttpResponse> route(const Call &call) override;

    static QJsonObject deviceJson(const Device &device);
};

// /_fakecloud/... test hooks (README.md "Admin hooks"); loopback clients only.
class AdminEndpoints : public EndpointGroup
{
public:
    using EndpointGroup::EndpointGroup;
    std::optional<HttpResponse> route(const Call &call) override;

private:
    HttpResponse devices(const Call &call);
    HttpResponse deviceCodes(const Call &call);
    HttpResponse mintToken(const Call &call);
    HttpResponse faults(const Call &call);
    HttpResponse config(const Call &call);
    HttpResponse users(const Call &call);
    HttpResponse prts(const Call &call);
};

} // namespace FakeCloud
