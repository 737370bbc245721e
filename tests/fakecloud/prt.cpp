#include "prt.h"

#include "cipher.h"
#include "encoding.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud {

namespace Prt {

HttpResponse error(const Call &call, int code, const QString &text, const QString &error)
{
    return Errors::aadsts(400, error, code, text, call.context);
}

HttpResponse missing(const Call &call, const QString &parameter)
{
    return error(call, 900144,
                 u"The request body must contain the following parameter: '%1'."_s.arg(parameter),
                 u"invalid_request"_s);
}

std::variant<HttpResponse, const Device *> liveDevice(const Call &call, const CloudState &state,
                                                      const QString &deviceId)
{
    const auto it = state.devices.constFind(deviceId);
    if (it == state.devices.cend())
        return error(call, 50155,
                     u"Device authentication failed: the device %1 is not registered in the "
                     "tenant (it was deleted)."_s.arg(deviceId));
    if (it->certificateExpired)
        return error(call, 50155,
                     u"Device authentication failed: the certificate of device %1 has "
                     "expired."_s.arg(deviceId));
    if (!it->accountEnabled)
        return error(
            call, 135011,
            u"Device used during the authentication is disabled (device %1)."_s.arg(deviceId));
    return &it.value();
}

std::optional<HttpResponse> spendNonce(const Call &call, CloudState &state,
                                       const QJsonObject &claims)
{
    const QString nonce = claims.value(u"request_nonce"_s).toString();
    if (nonce.isEmpty())
        return error(call, 1400001, u"Request nonce is not provided."_s, u"invalid_request"_s);
    switch (state.spendNonce(nonce, call.context.now)) {
    case CloudState::NonceCheck::Valid:
        return std::nullopt;
    case CloudState::NonceCheck::Expired:
        return error(call, 9002313,
                     u"Invalid request. The request nonce has expired; get a new one with "
                     "grant_type=srv_challenge."_s);
    case CloudState::NonceCheck::Unknown:
        break;
    }
    return error(call, 9002313,
                 u"Invalid request. The request nonce is unknown or was already used (nonces are "
                 "single use)."_s);
}

bool scopeHas(const QJsonObject &claims, const QString &word)
{
    return claims.value(u"scope"_s).toString().split(u' ', Qt::SkipEmptyParts).contains(word);
}

QString newOpaqueToken()
{
    return u"0.A"_s + QString::fromLatin1(Encoding::base64Url(Cipher::randomBytes(96)));
}

QByteArray idToken(const Tenant &tenant, const QString &issuer, const User &user,
                   const QStringList &amr, const QString &clientId, const QDateTime &now)
{
    const qint64 issuedAt = now.toSecsSinceEpoch();
    return Jwt::encodeUnsigned({
        { u"aud"_s, clientId },
        { u"iss"_s, issuer },
        { u"iat"_s, issuedAt },
        { u"nbf"_s, issuedAt },
        { u"exp"_s, issuedAt + 3900 },
        { u"amr"_s, QJsonArray::fromStringList(amr) },
        { u"ipaddr"_s, u"127.0.0.1"_s },
        { u"name"_s, user.displayName },
        { u"oid"_s, user.objectId },
        { u"sub"_s, user.objectId },
        { u"tenant_display_name"_s, tenant.displayName },
        { u"tenant_region_scope"_s, tenant.region },
        { u"tid"_s, tenant.id },
        { u"unique_name"_s, user.upn },
        { u"upn"_s, user.upn },
        { u"ver"_s, u"1.0"_s },
    });
}

QString clientInfo(const User &user, const QString &tenantId)
{
    const QJsonObject info { { u"uid"_s, user.objectId }, { u"utid"_s, tenantId } };
    return QString::fromLatin1(
        Encoding::base64Url(QJsonDocument(info).toJson(QJsonDocument::Compact)));
}

} // namespace Prt

HttpResponse NonceChallenge::handle(const Call &call)
{
    return HttpResponse::json(
        200, QJsonObject { { u"Nonce"_s, m_cloud.state().issueNonce(call.context.now) } });
}

} // namespace FakeCloud
