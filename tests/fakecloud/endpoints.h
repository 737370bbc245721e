#pragma once

#include "cloud.h"

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

// POST /{tenant}/oauth2[/v2.0]/devicecode and /{tenant}/oauth2[/v2.0]/token (PROTOCOL.md §2).
class OAuthEndpoints : public EndpointGroup
{
public:
    using EndpointGroup::EndpointGroup;
    std::optional<HttpResponse> route(const Call &call) override;

private:
    HttpResponse deviceCode(const Call &call, const QString &tenant, int version);
    HttpResponse token(const Call &call, int version);
    HttpResponse deviceCodeGrant(const Call &call, const QList<QPair<QString, QString>> &form,
                                 int version);
    HttpResponse refreshTokenGrant(const Call &call, const QList<QPair<QString, QString>> &form,
                                   int version);
    // The token response for identity and the requested resource (v1) or scope (v2).
    HttpResponse issue(const Call &call, const Identity &identity, const QString &resource,
                       const QString &scope, int version);
};

// POST /EnrollmentServer/device/ (join/register), DELETE /EnrollmentServer/device/{id} (leave),
// GET /EnrollmentServer/device/{id} (device authentication check), GET /EnrollmentServer/nonce/{tid}/ (PROTOCOL.md §1.3, §3, §4).
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
};

} // namespace FakeCloud
