#include "encoding.h"
#include "prt.h"
#include "sessionkey.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud {

namespace {

bool hasMfa(const QStringList &amr)
{
    return amr.contains(u"mfa"_s) || amr.contains(u"ngcmfa"_s);
}

// amr_values may come in the signed payload or, as for /authorize, as a form field.
QString amrValues(const Form &form, const QJsonObject &claims)
{
    const QString signedValue = claims.value(u"amr_values"_s).toString();
    return signedValue.isEmpty() ? Encoding::formValue(form, u"amr_values"_s) : signedValue;
}

} // namespace

HttpResponse SessionRequests::handle(const Call &call, const Form &form, const Jwt::Token &request)
{
    const QJsonObject &claims = request.claims;
    const QString value = claims.value(u"refresh_token"_s).toString();
    if (value.isEmpty())
        return Prt::missing(call, u"refresh_token"_s);
    CloudState &state = m_cloud.state();
    const auto it = state.prts.constFind(value);
    if (it == state.prts.cend())
        return Prt::error(call, 9002313,
                          u"Invalid request. The refresh_token is not a known Primary Refresh "
                          "Token."_s);
    const PrimaryRefreshToken prt = it.value();

    bool unsupportedKdf = false;
    const auto key
        = SessionKey::requestKey(prt.sessionKey, request.header, request.payload, &unsupportedKdf);
    if (!key)
        return unsupportedKdf
            ? Prt::error(call, 5000611, key.error(), u"invalid_request"_s)
            : Prt::error(call, 50027, u"JWT token is invalid or malformed: "_s + key.error(),
                         u"invalid_request"_s);
    if (!Jwt::verifyHs256(request, key.value()))
        return Prt::error(call, 9002313,
                          u"Invalid request. The request signature does not verify with the "
                          "session key of this Primary Refresh Token."_s);
    if (call.context.now >= prt.expires)
        return Prt::error(call, 70008,
                          u"The provided authorization code or refresh token has expired due "
                          "to inactivity."_s);
    auto device = Prt::liveDevice(call, state, prt.deviceId);
    if (auto *refusal = std::get_if<HttpResponse>(&device))
        return *refusal;
    const QString grantType = claims.value(u"grant_type"_s).toString();
    if (grantType != u"refresh_token"_s)
        return Prt::error(call, 70003,
                          u"The app requested an unsupported grant type '%1' in a session key "
                          "signed request."_s.arg(grantType),
                          u"unsupported_grant_type"_s);
    if (claims.value(u"client_id"_s).toString().isEmpty())
        return Prt::missing(call, u"client_id"_s);
    if (auto refusal = Prt::spendNonce(call, state, claims))
        return *refusal;

    auto json = answer(call, form, claims, prt);
    if (auto *refusal = std::get_if<HttpResponse>(&json))
        return *refusal;
    return encrypted(call, prt.sessionKey, std::get<QJsonObject>(json));
}

std::variant<HttpResponse, QJsonObject> SessionRequests::answer(const Call &call, const Form &form,
                                                                const QJsonObject &claims,
                                                                const PrimaryRefreshToken &prt)
{
    CloudState &state = m_cloud.state();
    const QString clientId = claims.value(u"client_id"_s).toString();
    const QString resource = claims.value(u"resource"_s).toString();
    const bool renew = Prt::scopeHas(claims, u"aza"_s);
    if (resource.isEmpty() && !renew)
        return Prt::missing(call, u"resource"_s);

    QStringList amr = prt.amr;
    if (amrValues(form, claims).split(u' ', Qt::SkipEmptyParts).contains(u"ngcmfa"_s)) {
        if (!hasMfa(amr))
            return Errors::aadsts(400, u"invalid_grant"_s, 50076,
                                  u"Due to a configuration change made by your administrator, "
                                  "or because you moved to a new location, you must use "
                                  "multi-factor authentication to access '%1'."_s.arg(resource),
                                  call.context, u"basic_action"_s);
        if (!amr.contains(u"ngcmfa"_s))
            amr.append(u"ngcmfa"_s);
    }
    if (state.settings.requireMfaForJoin && isDrsAudience(resource) && !hasMfa(amr))
        return Errors::aadsts(400, u"invalid_grant"_s, 50076,
                              u"The tenant requires multi-factor authentication to access "
                              "'%1'."_s.arg(resource),
                              call.context, u"basic_action"_s);

    const User &user = state.user(prt.upn);
    const qint64 now = call.context.now.toSecsSinceEpoch();
    QJsonObject json { { u"token_type"_s, u"Bearer"_s } };
    int lifetime = state.settings.prtLifetime;
    if (!resource.isEmpty()) {
        lifetime = state.settings.accessTokenLifetime;
        const Identity identity { user.upn, user.objectId, user.displayName,
                                  amr,      clientId,      prt.deviceId };
        const QString scope = scopeClaimFor(resource);
        auto accessToken
            = m_cloud.tokens().accessToken(identity, resource, scope, call.context.now, lifetime);
        if (!accessToken)
            return Errors::aadsts(500, u"server_error"_s, 90033, accessToken.error(), call.context);
        json.insert(u"scope"_s, scope);
        json.insert(u"resource"_s, resource);
        json.insert(u"access_token"_s, QString::fromLatin1(accessToken.value()));
        json.insert(u"not_before"_s, QString::number(now));
    }
    json.insert(u"expires_in"_s, QString::number(lifetime));
    json.insert(u"ext_expires_in"_s, resource.isEmpty() ? u"0"_s : QString::number(lifetime));
    json.insert(u"expires_on"_s, QString::number(now + lifetime));

    if (renew) {
        // A new PRT with the same session key: the answer has no session_key_jwe (§6.4).
        PrimaryRefreshToken renewed = prt;
        renewed.token = Prt::newOpaqueToken();
        renewed.issued = call.context.now;
        renewed.expires = call.context.now.addSecs(state.settings.prtLifetime);
        state.prts.insert(renewed.token, renewed);
        json.insert(u"refresh_token"_s, renewed.token);
        json.insert(u"refresh_token_expires_in"_s, state.settings.prtLifetime);
    } else {
        RefreshToken refresh;
        refresh.token = Prt::newOpaqueToken();
        refresh.upn = user.upn;
        refresh.clientId = clientId;
        refresh.amr = amr;
        refresh.deviceId = prt.deviceId;
        refresh.issued = call.context.now;
        refresh.expires = call.context.now.addSecs(state.settings.refreshTokenLifetime);
        state.refreshTokens.insert(refresh.token, refresh);
        json.insert(u"refresh_token"_s, refresh.token);
    }
    if (Prt::scopeHas(claims, u"openid"_s))
        json.insert(u"id_token"_s,
                    QString::fromLatin1(Prt::idToken(state.tenant, m_cloud.tokens().issuer(), user,
                                                     amr, clientId, call.context.now)));
    json.insert(u"client_info"_s, Prt::clientInfo(user, state.tenant.id));
    return json;
}

HttpResponse SessionRequests::encrypted(const Call &call, const QByteArray &sessionKey,
                                        const QJsonObject &json)
{
    const auto cipher = m_cloud.state().settings.sessionResponseCipher == u"gcm"_s
        ? SessionKey::ResponseCipher::Gcm
        : SessionKey::ResponseCipher::Cbc;
    const auto jwe = SessionKey::encryptResponse(
        sessionKey, QJsonDocument(json).toJson(QJsonDocument::Compact), cipher);
    if (!jwe)
        return Errors::aadsts(500, u"server_error"_s, 90033,
                              u"fakecloud could not encrypt the answer: "_s + jwe.error(),
                              call.context);
    // The body is the compact JWE itself, not JSON (PROTOCOL.md §6.4).
    return HttpResponse::bytes(200, "application/jose", jwe.value());
}

} // namespace FakeCloud
