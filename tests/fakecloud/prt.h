#pragma once

#include "cloud.h"
#include "jwt.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>
#include <variant>

// The PRT grants of the token endpoint (PROTOCOL.md §5.2, §6): srv_challenge nonces, PRT
// acquisition signed by the device key, and requests signed with the PRT's session key.
namespace FakeCloud {

using Form = QList<QPair<QString, QString>>;

inline constexpr char BrokerClientId[] = "29d9ed98-a469-4536-ade2-f981bc1d605e";
inline constexpr char JwtBearerGrant[] = "urn:ietf:params:oauth:grant-type:jwt-bearer";

// Checks and pieces both PRT request kinds share.
namespace Prt {

// Who a PRT request proves, and how.
struct Subject
{
    QString upn;
    QStringList amr;
};

HttpResponse error(const Call &call, int code, const QString &text,
                   const QString &error = QStringLiteral("invalid_grant"));
HttpResponse missing(const Call &call, const QString &parameter);
// The device still registered (else AADSTS50155) and enabled (else 135011).
std::variant<HttpResponse, const Device *> liveDevice(const Call &call, const CloudState &state,
                                                      const QString &deviceId);
// Spends claims' request_nonce: absent → AADSTS1400001; unknown, used or expired → refused.
std::optional<HttpResponse> spendNonce(const Call &call, CloudState &state,
                                       const QJsonObject &claims);
bool scopeHas(const QJsonObject &claims, const QString &word);
// An opaque token text like Entra's refresh tokens ("0.A…").
QString newOpaqueToken();
// The unsigned (alg none) id_token of PRT answers.
QByteArray idToken(const Tenant &tenant, const QString &issuer, const User &user,
                   const QStringList &amr, const QString &clientId, const QDateTime &now);
QString clientInfo(const User &user, const QString &tenantId);

} // namespace Prt

// grant_type=srv_challenge → {"Nonce":"…"} (MS-OAPXBC 3.2.5.1.1).
class NonceChallenge
{
public:
    explicit NonceChallenge(Cloud &cloud)
        : m_cloud(cloud)
    { }
    HttpResponse handle(const Call &call);

private:
    Cloud &m_cloud;
};

// A PRT request signed RS256 by the device key with the device certificate in x5c, carrying a
// refresh_token, password or Windows Hello assertion grant (PROTOCOL.md §6.2, §5.2).
class PrtAcquisition
{
public:
    explicit PrtAcquisition(Cloud &cloud)
        : m_cloud(cloud)
    { }
    HttpResponse handle(const Call &call, const Jwt::Token &request);

private:
    std::variant<HttpResponse, const Device *> signingDevice(const Call &call,
                                                             const Jwt::Token &request);
    std::variant<HttpResponse, Prt::Subject> refreshTokenGrant(const Call &call,
                                                               const QJsonObject &claims);
    std::variant<HttpResponse, Prt::Subject> passwordGrant(const Call &call,
                                                           const QJsonObject &claims);
    std::variant<HttpResponse, Prt::Subject> assertionGrant(const Call &call,
                                                            const QJsonObject &claims);
    HttpResponse issue(const Call &call, const Device &device, const Prt::Subject &subject,
                       const QString &clientId);

    Cloud &m_cloud;
};

// A request signed HS256 with a key derived from a PRT's session key: renews the PRT (scope
// aza) and/or gets an access token for a resource; answered with a session-key JWE (§6.3, §6.4).
class SessionRequests
{
public:
    explicit SessionRequests(Cloud &cloud)
        : m_cloud(cloud)
    { }
    HttpResponse handle(const Call &call, const Form &form, const Jwt::Token &request);

private:
    std::variant<HttpResponse, QJsonObject> answer(const Call &call, const Form &form,
                                                   const QJsonObject &claims,
                                                   const PrimaryRefreshToken &prt);
    HttpResponse encrypted(const Call &call, const QByteArray &sessionKey, const QJsonObject &json);

    Cloud &m_cloud;
};

} // namespace FakeCloud
