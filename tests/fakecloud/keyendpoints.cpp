#include "csr.h"
#include "encoding.h"
#include "endpoints.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud {

namespace {

// MS-KPP: application/json is the only acceptable type, so it must be listed itself.
bool acceptsJson(const QByteArray &accept)
{
    for (const QByteArray &range : accept.split(',')) {
        if (range.split(';').first().trimmed().toLower() == "application/json")
            return true;
    }
    return false;
}

QStringList amrOf(const QJsonObject &claims)
{
    QStringList amr;
    for (const QJsonValue &value : claims.value(u"amr"_s).toArray())
        amr.append(value.toString());
    return amr;
}

} // namespace

std::optional<HttpResponse> KeyEndpoints::route(const Call &call)
{
    const QStringList &s = call.segments;
    if (s.size() < 2 || !call.segmentIs(0, u"enrollmentserver") || !call.segmentIs(1, u"key"))
        return std::nullopt;
    const QByteArray &method = call.request.method;
    if (s.size() == 2 && method == "POST")
        return registerKey(call);
    if (s.size() == 3 && method == "DELETE")
        return deleteKey(call, s.at(2));
    return error(call, 405, u"invalid_request"_s,
                 u"The method %1 is not allowed here (POST /EnrollmentServer/key/, DELETE "
                 "/EnrollmentServer/key/{kid})."_s.arg(QString::fromLatin1(method)),
                 u"method"_s);
}

HttpResponse KeyEndpoints::error(const Call &call, int status, const QString &code,
                                 const QString &message, const QString &target)
{
    return Errors::kpp(status, code, message, target, call.context,
                       m_cloud.state().settings.kppErrorWrapped);
}

std::variant<HttpResponse, KeyEndpoints::Caller> KeyEndpoints::authenticate(const Call &call)
{
    const HttpRequest &request = call.request;
    // MS-KPP 2.2.1.4: api-version in the query or as a header, never both.
    const bool inQuery = request.hasQueryItem(u"api-version"_s);
    const bool inHeader = !request.header("api-version").isEmpty();
    if (inQuery == inHeader)
        return error(call, 400, u"invalid_request"_s,
                     inQuery ? u"api-version is given both in the query and as a header."_s
                             : u"The api-version is missing."_s,
                     u"api-version"_s);
    const QString version = inQuery ? request.queryValue(u"api-version"_s)
                                    : QString::fromLatin1(request.header("api-version"));
    if (version != u"1.0"_s)
        return error(call, 400, u"invalid_request"_s,
                     u"The api-version '%1' is not supported (1.0)."_s.arg(version),
                     u"api-version"_s);
    if (!acceptsJson(request.header("accept")))
        return error(call, 400, u"invalid_request"_s,
                     u"The Accept header must be application/json."_s, u"accept"_s);

    auto claims = m_cloud.tokens().verifyBearer(
        request.header("authorization"), &isDrsAudience,
        u"the Device Registration Service (%1)"_s.arg(QLatin1StringView(DrsResourceUri)),
        call.context.now);
    if (!claims)
        return error(call, 401, u"unauthorized"_s, claims.error(), u"authorization"_s);
    const QString upn = claims->value(u"upn"_s).toString();
    const QString deviceId = claims->value(u"deviceid"_s).toString();
    if (upn.isEmpty())
        return error(call, 401, u"unauthorized"_s, u"The access token has no upn claim."_s,
                     u"upn"_s);
    if (deviceId.isEmpty())
        return error(call, 401, u"unauthorized"_s,
                     u"The access token has no deviceid claim: get it through the device's "
                     "PRT."_s,
                     u"deviceid"_s);
    if (!amrOf(claims.value()).contains(u"ngcmfa"_s))
        return error(call, 401, u"unauthorized"_s,
                     u"The access token's amr lacks ngcmfa: request it with "
                     "amr_values=ngcmfa after an MFA sign-in."_s,
                     u"amr"_s);
    CloudState &state = m_cloud.state();
    const auto device = state.devices.constFind(deviceId);
    if (device == state.devices.cend() || !device->accountEnabled)
        return error(call, 401, u"unauthorized"_s,
                     u"The device %1 of the access token is not registered or is "
                     "disabled."_s.arg(deviceId),
                     u"deviceid"_s);
    state.user(upn);
    return Caller { state.findUser(upn), deviceId };
}

HttpResponse KeyEndpoints::registerKey(const Call &call)
{
    auto authenticated = authenticate(call);
    if (auto *refusal = std::get_if<HttpResponse>(&authenticated))
        return *refusal;
    const Caller caller = std::get<Caller>(authenticated);

    const QJsonDocument document = QJsonDocument::fromJson(call.request.body);
    if (!call.request.header("content-type").toLower().startsWith("application/json")
        || !document.isObject())
        return error(call, 400, u"invalid_request"_s,
                     u"The body must be a JSON object sent as application/json."_s, u"body"_s);
    const QJsonValue kngc = document.object().value(u"kngc"_s);
    if (!kngc.isString())
        return error(call, 400, u"invalid_request"_s, u"kngc is missing or not a string."_s,
                     u"kngc"_s);
    const auto blob = Encoding::fromStrictBase64(kngc.toString().toLatin1());
    if (!blob)
        return error(call, 400, u"invalid_request"_s,
                     u"kngc is not standard base64 with padding."_s, u"kngc"_s);
    const auto key = Csr::parseRsaPublicBlob(*blob);
    if (!key)
        return error(call, 400, u"invalid_request"_s, u"kngc: "_s + key.error(), u"kngc"_s);

    const QString identifier = QString::fromLatin1(
        QCryptographicHash::hash(*blob, QCryptographicHash::Sha256).toBase64());
    User &user = *caller.user;
    const KeyCredential *existing = user.keyByIdentifier(identifier);
    QString kid = existing ? existing->kid : Encoding::newGuid();
    if (!existing) { // the same key registered again keeps its kid
        KeyCredential credential;
        credential.kid = kid;
        credential.keyIdentifier = identifier;
        credential.keyMaterial = *blob;
        credential.deviceId = caller.deviceId;
        credential.created = call.context.now;
        user.keyCredentials.append(credential);
    }
    return HttpResponse::json(200, QJsonObject { { u"kid"_s, kid }, { u"upn"_s, user.upn } });
}

HttpResponse KeyEndpoints::deleteKey(const Call &call, const QString &kid)
{
    auto authenticated = authenticate(call);
    if (auto *refusal = std::get_if<HttpResponse>(&authenticated))
        return *refusal;
    User &user = *std::get<Caller>(authenticated).user;
    const qsizetype removed = user.keyCredentials.removeIf(
        [&](const KeyCredential &key) { return key.kid.compare(kid, Qt::CaseInsensitive) == 0; });
    if (removed == 0)
        return error(call, 404, u"not_found"_s,
                     u"The user %1 has no key with kid %2."_s.arg(user.upn, kid), u"kid"_s);
    return HttpResponse::empty(200);
}

} // namespace FakeCloud
