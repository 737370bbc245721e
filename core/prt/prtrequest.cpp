#include "prtrequest.h"

#include "cloud/drsclient.h"
#include "jose.h"
#include "tpm/keystore.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QSysInfo>

using namespace Qt::Literals::StringLiterals;

namespace Entra::PrtRequest {
namespace {

Jose::Signer rs256(KeyStore &keys, const QString &keyId, const QString &pin = {})
{
    return [&keys, keyId, pin](const QByteArray &input) { return keys.signSha256(keyId, input, pin); };
}

QJsonObject common(const QString &clientId, const QString &nonce)
{
    return {{u"client_id"_s, clientId},
            {u"request_nonce"_s, nonce},
            {u"scope"_s, kScope.toString()},
            {u"win_ver"_s, QSysInfo::prettyProductName()},
            {u"group_sids"_s, QJsonArray()}};
}

} // namespace

Result<QByteArray> signWithDevice(const DeviceSigner &signer, const QJsonObject &payload)
{
    const QJsonObject header{
        {u"alg"_s, u"RS256"_s},
        {u"typ"_s, u"JWT"_s},
        {u"x5c"_s, QJsonArray{QString::fromLatin1(signer.certificateDer.toBase64())}},
    };
    return Jose::signCompact(header, Jose::compactJson(payload),
                             rs256(*signer.keys, signer.deviceKeyId));
}

QJsonObject refreshTokenGrant(const QString &nonce, const QString &brokerRefreshToken)
{
    QJsonObject payload = common(DrsClient::kBrokerClientId.toString(), nonce);
    payload.insert(u"grant_type"_s, u"refresh_token"_s);
    payload.insert(u"refresh_token"_s, brokerRefreshToken);
    return payload;
}

QJsonObject passwordGrant(const QString &nonce, const QString &username, const QString &password)
{
    QJsonObject payload = common(kWindowsClientId.toString(), nonce);
    payload.insert(u"grant_type"_s, u"password"_s);
    payload.insert(u"username"_s, username);
    payload.insert(u"password"_s, password);
    return payload;
}

QJsonObject ngcAssertionGrant(const QString &nonce, const QString &upn, const QByteArray &assertion)
{
    QJsonObject payload = common(kWindowsClientId.toString(), nonce);
    payload.insert(u"grant_type"_s, kJwtBearer.toString());
    payload.insert(u"username"_s, upn);
    payload.insert(u"assertion"_s, QString::fromLatin1(assertion));
    return payload;
}

Result<QByteArray> ngcAssertion(KeyStore &keys, const QString &ngcKeyId, const QString &pin,
                                const QString &upn, const QString &nonce,
                                const QByteArray &ngcKeyBlob)
{
    const QByteArray kid = QCryptographicHash::hash(ngcKeyBlob, QCryptographicHash::Sha256).toBase64();
    const QJsonObject header{{u"alg"_s, u"RS256"_s},
                             {u"typ"_s, u"JWT"_s},
                             {u"kid"_s, QString::fromLatin1(kid)},
                             {u"use"_s, u"ngc"_s}};
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject payload{{u"iss"_s, upn},
                              {u"aud"_s, u"common"_s},
                              {u"iat"_s, now - 300},
                              {u"exp"_s, now + 300},
                              {u"request_nonce"_s, nonce},
                              {u"scope"_s, kScope.toString()}};
    return Jose::signCompact(header, Jose::compactJson(payload), rs256(keys, ngcKeyId, pin));
}

QJsonObject renewal(const QString &nonce, const QString &prt)
{
    QJsonObject payload = common(kWindowsClientId.toString(), nonce);
    payload.insert(u"iss"_s, u"aad:brokerplugin"_s);
    payload.insert(u"grant_type"_s, u"refresh_token"_s);
    payload.insert(u"refresh_token"_s, prt);
    payload.insert(u"previous_refresh_token"_s, prt);
    payload.insert(u"aud"_s, u"login.microsoftonline.com"_s);
    return payload;
}

QJsonObject accessTokenRequest(const QString &nonce, const QString &prt, const QString &clientId,
                               const QString &resource, const QString &amrValues)
{
    QJsonObject payload{{u"client_id"_s, clientId},
                        {u"request_nonce"_s, nonce},
                        {u"scope"_s, u"openid"_s},
                        {u"resource"_s, resource},
                        {u"redirect_uri"_s,
                         QString(u"ms-appx-web://Microsoft.AAD.BrokerPlugin/"_s + clientId)},
                        {u"iss"_s, u"aad:brokerplugin"_s},
                        {u"grant_type"_s, u"refresh_token"_s},
                        {u"refresh_token"_s, prt},
                        {u"aud"_s, u"login.microsoftonline.com"_s}};
    if (!amrValues.isEmpty())
        payload.insert(u"amr_values"_s, amrValues);
    return payload;
}

} // namespace Entra::PrtRequest
