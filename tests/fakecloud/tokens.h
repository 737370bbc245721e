#pragma once

#include "expected.h"
#include "statedirectory.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace FakeCloud {

inline constexpr char DrsResourceUri[] = "urn:ms-drs:enterpriseregistration.windows.net";
inline constexpr char DrsAppId[] = "01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9";
inline constexpr char GraphResourceUri[] = "https://graph.microsoft.com";
inline constexpr char GraphAppId[] = "00000003-0000-0000-c000-000000000000";

// DRS accepts its URI or its app id as aud (v1 resource= vs v2 scope=<appid>/.default).
bool isDrsAudience(const QString &audience);
bool isGraphAudience(const QString &audience);
// The scp of a v1 token for resource: adrs_access for DRS, user_impersonation otherwise.
QString scopeClaimFor(const QString &resource);

// Who a token is for, and how they signed in.
struct Identity
{
    QString upn;
    QString objectId;
    QString displayName;
    QStringList amr; // ["pwd"] or ["pwd","mfa"]
    QString clientId;
    QString deviceId; // only when the grant involved a registered device
};

// Issues and checks RS256 JWTs signed by fakecloud's token-signing key (published at the JWKS).
class TokenService
{
public:
    TokenService(const Tenant &tenant, const KeyRing &keys);

    QString issuer() const; // https://sts.windows.net/<tid>/
    QString keyId() const;
    QJsonObject jwks() const;

    // A v1-format access token: aud, iss, iat, nbf, exp, tid, oid, upn, unique_name, name, amr,
    // appid, scp, ver, uti, sub[, deviceid]. lifetimeSeconds may be negative (already expired).
    Expected<QByteArray> accessToken(const Identity &identity, const QString &audience,
                                     const QString &scope, const QDateTime &now,
                                     qint64 lifetimeSeconds) const;
    // An RS256 id_token for the client (v1: upn/unique_name; v2: preferred_username).
    Expected<QByteArray> idToken(const Identity &identity, const QString &clientId,
                                 const QDateTime &now, int version) const;

    // Checks an "Authorization: Bearer <jwt>" header value: RS256 under our key (kid), not
    // expired, not before nbf, our issuer and tenant, aud accepted. Returns the claims.
    Expected<QJsonObject> verifyBearer(const QByteArray &authorization,
                                       bool (*audienceAccepted)(const QString &),
                                       const QString &audienceName, const QDateTime &now) const;

private:
    const Tenant &m_tenant;
    const KeyRing &m_keys;
};

} // namespace FakeCloud
