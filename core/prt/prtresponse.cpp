#include "prtresponse.h"

#include "jose.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

// A lifetime in seconds, as a number or a string; 0 when it is none or not plausible (over ten
// years). A double out of qint64's range must not be cast (fuzz_cloudresponse found 1e300).
qint64 lifetimeSeconds(const QJsonValue &value)
{
    constexpr qint64 maxSeconds = qint64(10) * 366 * 24 * 3600;
    if (value.isDouble()) {
        const double seconds = value.toDouble();
        return seconds > 0 && seconds <= double(maxSeconds) ? qint64(seconds) : 0; // NaN: 0
    }
    bool ok = false;
    const qint64 seconds = value.toString().toLongLong(&ok);
    return ok && seconds > 0 && seconds <= maxSeconds ? seconds : 0;
}

} // namespace

QString PrtResponse::upn() const
{
    const QString upn = idTokenClaims.value(u"upn"_s).toString();
    return upn.isEmpty() ? idTokenClaims.value(u"preferred_username"_s).toString() : upn;
}

QStringList PrtResponse::amr() const
{
    QStringList values;
    const QJsonArray amr = idTokenClaims.value(u"amr"_s).toArray();
    for (const QJsonValue &value : amr)
        values << value.toString();
    return values;
}

Result<PrtResponse> PrtResponse::fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonObject object = QJsonDocument::fromJson(json, &error).object();
    if (error.error != QJsonParseError::NoError || object.isEmpty())
        return Error{ErrorDomain::Cloud, 0,
                     u"The token service's answer is not the JSON it sends."_s,
                     u"A proxy may have changed the answer; check the connection."_s,
                     QString::fromUtf8(json.left(200))};
    PrtResponse response;
    response.refreshToken = object.value(u"refresh_token"_s).toString();
    response.accessToken = object.value(u"access_token"_s).toString();
    response.sessionKeyJwe = object.value(u"session_key_jwe"_s).toString().toLatin1();
    response.idTokenClaims =
        Jose::unverifiedClaims(object.value(u"id_token"_s).toString().toLatin1());
    const qint64 lifetime = lifetimeSeconds(object.value(u"refresh_token_expires_in"_s));
    if (lifetime > 0)
        response.expiresAt = QDateTime::currentDateTimeUtc().addSecs(lifetime);
    response.tenantId = object.value(u"device_tenant_id"_s).toString();
    if (response.tenantId.isEmpty())
        response.tenantId = response.idTokenClaims.value(u"tid"_s).toString();
    if (response.refreshToken.isEmpty() && response.accessToken.isEmpty())
        return Error{ErrorDomain::Cloud, 0, u"The token service answered without a token."_s,
                     {}, {}};
    return response;
}

} // namespace Entra
