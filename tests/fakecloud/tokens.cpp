#include "tokens.h"

#include "encoding.h"
#include "jwt.h"

#include <QCryptographicHash>
#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud {

bool isDrsAudience(const QString &audience)
{
    return audience == QLatin1StringView(DrsResourceUri)
        || audience.compare(QLatin1StringView(DrsAppId), Qt::CaseInsensitive) == 0;
}

bool isGraphAudience(const QString &audience)
{
    return audience == QLatin1StringView(GraphResourceUri)
        || audience == QLatin1StringView(GraphResourceUri) + u'/'
        || audience.compare(QLatin1StringView(GraphAppId), Qt::CaseInsensitive) == 0;
}

QString scopeClaimFor(const QString &resource)
{
    return isDrsAudience(resource) ? u"adrs_access"_s : u"user_impersonation"_s;
}

TokenService::TokenService(const Tenant &tenant, const KeyRing &keys)
    : m_tenant(tenant)
    , m_keys(keys)
{ }

QString TokenService::issuer() const
{
    return u"https://sts.windows.net/%1/"_s.arg(m_tenant.id);
}

QString TokenService::keyId() const
{
    return m_keys.tokenKeyId;
}

QJsonObject TokenService::jwks() const
{
    const Ssl::Key &key = m_keys.tokenSigner.key;
    const QJsonObject jwk {
        { u"kty"_s, u"RSA"_s },
        { u"use"_s, u"sig"_s },
        { u"kid"_s, keyId() },
        { u"x5t"_s, keyId() },
        { u"n"_s, QString::fromLatin1(Encoding::base64Url(key.rsaModulus())) },
        { u"e"_s, QString::fromLatin1(Encoding::base64Url(key.rsaExponent())) },
        { u"x5c"_s,
          QJsonArray { QString::fromLatin1(m_keys.tokenSigner.certificate.der().toBase64()) } },
        { u"issuer"_s, issuer() },
    };
    return { { u"keys"_s, QJsonArray { jwk } } };
}

Expected<QByteArray> TokenService::accessToken(const Identity &identity, const QString &audience,
                                               const QString &scope, const QDateTime &now,
                                               qint64 lifetimeSeconds) const
{
    const qint64 issuedAt = now.toSecsSinceEpoch();
    QJsonObject claims {
        { u"aud"_s, audience },
        { u"iss"_s, issuer() },
        { u"iat"_s, issuedAt },
        { u"nbf"_s, issuedAt },
        { u"exp"_s, issuedAt + lifetimeSeconds },
        { u"acr"_s, u"1"_s },
        { u"amr"_s, QJsonArray::fromStringList(identity.amr) },
        { u"appid"_s, identity.clientId },
        { u"appidacr"_s, u"0"_s },
        { u"ipaddr"_s, u"127.0.0.1"_s },
        { u"name"_s, identity.displayName },
        { u"oid"_s, identity.objectId },
        { u"scp"_s, scope },
        { u"sub"_s,
          QString::fromLatin1(Encoding::base64Url(QCryptographicHash::hash(
              (identity.objectId + audience).toUtf8(), QCryptographicHash::Sha256))) },
        { u"tid"_s, m_tenant.id },
        { u"unique_name"_s, identity.upn },
        { u"upn"_s, identity.upn },
        { u"uti"_s, Encoding::newGuid() },
        { u"ver"_s, u"1.0"_s },
    };
    if (!identity.deviceId.isEmpty())
        claims.insert(u"deviceid"_s, identity.deviceId);
    return Jwt::signRs256(m_keys.tokenSigner.key, keyId(), claims);
}

Expected<QByteArray> TokenService::idToken(const Identity &identity, const QString &clientId,
                                           const QDateTime &now, int version) const
{
    const qint64 issuedAt = now.toSecsSinceEpoch();
    QJsonObject claims {
        { u"aud"_s, clientId },
        { u"iat"_s, issuedAt },
        { u"nbf"_s, issuedAt },
        { u"exp"_s, issuedAt + 3600 },
        { u"name"_s, identity.displayName },
        { u"oid"_s, identity.objectId },
        { u"sub"_s, identity.objectId },
        { u"tid"_s, m_tenant.id },
        { u"amr"_s, QJsonArray::fromStringList(identity.amr) },
    };
    if (version == 2) {
        claims.insert(u"iss"_s, u"https://login.microsoftonline.com/%1/v2.0"_s.arg(m_tenant.id));
        claims.insert(u"preferred_username"_s, identity.upn);
        claims.insert(u"ver"_s, u"2.0"_s);
    } else {
        claims.insert(u"iss"_s, issuer());
        claims.insert(u"upn"_s, identity.upn);
        claims.insert(u"unique_name"_s, identity.upn);
        claims.insert(u"ver"_s, u"1.0"_s);
    }
    return Jwt::signRs256(m_keys.tokenSigner.key, keyId(), claims);
}

Expected<QJsonObject> TokenService::verifyBearer(const QByteArray &authorization,
                                                 bool (*audienceAccepted)(const QString &),
                                                 const QString &audienceName,
                                                 const QDateTime &now) const
{
    if (authorization.isEmpty())
        return Failure { u"The request has no Authorization header (Bearer token required)."_s };
    if (!authorization.startsWith("Bearer ") && !authorization.startsWith("bearer "))
        return Failure { u"The Authorization header is not a Bearer token."_s };
    auto token = Jwt::parse(authorization.mid(7));
    if (!token)
        return Failure { u"The access token is malformed: "_s + token.error() };
    if (token->header.value(u"alg"_s).toString() != u"RS256"_s)
        return Failure { u"The access token algorithm \"%1\" is not accepted (RS256 required)."_s
                             .arg(token->header.value(u"alg"_s).toString()) };
    if (token->header.value(u"kid"_s).toString() != keyId()
        || !Jwt::verifyRs256(token.value(), m_keys.tokenSigner.key))
        return Failure { u"The access token signature is not valid."_s };
    const QJsonObject &claims = token->claims;
    const qint64 moment = now.toSecsSinceEpoch();
    if (!claims.value(u"exp"_s).isDouble() || qint64(claims.value(u"exp"_s).toDouble()) <= moment)
        return Failure { u"The access token has expired."_s };
    if (claims.value(u"nbf"_s).isDouble()
        && qint64(claims.value(u"nbf"_s).toDouble()) > moment + 300)
        return Failure { u"The access token is not valid yet."_s };
    if (claims.value(u"iss"_s).toString() != issuer()
        || claims.value(u"tid"_s).toString() != m_tenant.id)
        return Failure { u"The access token was not issued by this tenant."_s };
    const QString audience = claims.value(u"aud"_s).toString();
    if (!audienceAccepted(audience))
        return Failure { u"The access token audience \"%1\" is not %2."_s.arg(audience,
                                                                              audienceName) };
    return claims;
}

} // namespace FakeCloud
