#include "encoding.h"
#include "endpoints.h"
#include "prt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud {

namespace {

constexpr char DeviceCodeGrant[] = "urn:ietf:params:oauth:grant-type:device_code";

QByteArray randomBytes(int count)
{
    QByteArray bytes(count, '\0');
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), count / 4);
    return bytes;
}

// Nine characters without look-alikes, as Entra's user codes.
QString newUserCode()
{
    static constexpr char16_t Alphabet[] = u"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    QString code;
    for (int i = 0; i < 9; ++i)
        code += QChar(Alphabet[QRandomGenerator::system()->bounded(int(std::size(Alphabet)) - 1)]);
    return code;
}

HttpResponse missingParameter(const Call &call, const QString &name)
{
    return Errors::aadsts(
        400, u"invalid_request"_s, 900144,
        u"The request body must contain the following parameter: '%1'."_s.arg(name), call.context);
}

QStringList amrFor(bool mfa, bool ngcmfaRequested)
{
    QStringList amr { u"pwd"_s };
    if (mfa)
        amr.append(u"mfa"_s);
    if (mfa && ngcmfaRequested)
        amr.append(u"ngcmfa"_s);
    return amr;
}

bool hasMfa(const QStringList &amr)
{
    return amr.contains(u"mfa"_s) || amr.contains(u"ngcmfa"_s);
}

struct Grant
{
    QString audience;
    QString scopeClaim; // scp inside the token
    QString scopeResponse; // "scope" of the token response
    bool idToken = true;
    bool refreshToken = true;
};

// What a v1 resource= or v2 scope= asks for.
Grant grantFor(const QString &resource, const QString &scope, int version)
{
    Grant grant;
    if (version == 1) {
        grant.audience = resource;
        grant.scopeClaim = scopeClaimFor(resource);
        grant.scopeResponse = grant.scopeClaim;
        return grant;
    }
    const QStringList words = scope.split(u' ', Qt::SkipEmptyParts);
    QStringList oidc;
    QString permission;
    for (const QString &word : words) {
        if (word == u"openid"_s || word == u"profile"_s || word == u"offline_access"_s
            || word == u"email"_s) {
            oidc.append(word);
        } else if (word.contains(u'/') && grant.audience.isEmpty()) {
            const qsizetype slash = word.lastIndexOf(u'/');
            grant.audience = word.left(slash);
            permission = word.mid(slash + 1);
        } else if (!word.contains(u'/') && grant.audience.isEmpty()) {
            permission = word; // a bare scope is a Graph permission
        }
    }
    if (grant.audience.isEmpty())
        grant.audience = QLatin1StringView(GraphResourceUri);
    if (permission.isEmpty() || permission == u".default"_s)
        permission = isDrsAudience(grant.audience) ? u"adrs_access"_s : u"User.Read"_s;
    grant.scopeClaim = permission;
    grant.scopeResponse
        = QString(grant.audience + u'/' + permission + u' ' + oidc.join(u' ')).trimmed();
    grant.idToken = oidc.contains(u"openid"_s);
    grant.refreshToken = oidc.contains(u"offline_access"_s);
    return grant;
}

HttpResponse mfaRequired(const Call &call, const QString &audience)
{
    return Errors::aadsts(400, u"invalid_grant"_s, 50076,
                          u"Due to a configuration change made by your administrator, or because "
                          "you moved to a new location, you must use multi-factor authentication "
                          "to access '%1'."_s.arg(audience),
                          call.context, u"basic_action"_s);
}

} // namespace

OAuthEndpoints::OAuthEndpoints(Cloud &cloud)
    : EndpointGroup(cloud)
    , m_nonces(cloud)
    , m_acquisition(cloud)
    , m_sessions(cloud)
{ }

std::optional<HttpResponse> OAuthEndpoints::route(const Call &call)
{
    const QStringList &s = call.segments;
    if (s.size() < 3 || !call.segmentIs(1, u"oauth2"))
        return std::nullopt;
    int version = 1;
    qsizetype index = 2;
    if (call.segmentIs(2, u"v2.0")) {
        version = 2;
        index = 3;
    }
    if (s.size() != index + 1)
        return std::nullopt;
    const bool isDeviceCode = call.segmentIs(index, u"devicecode");
    if (!isDeviceCode && !call.segmentIs(index, u"token"))
        return std::nullopt;
    if (call.request.method != "POST")
        return Errors::aadsts(
            405, u"invalid_request"_s, 900561,
            u"The endpoint only accepts POST requests. Received a %1 request."_s.arg(
                QString::fromLatin1(call.request.method)),
            call.context);
    if (!m_cloud.isKnownTenant(s.at(0)))
        return Errors::aadsts(400, u"invalid_request"_s, 90002,
                              u"Tenant '%1' not found. Check to make sure you have the correct "
                              "tenant ID and are signing into the correct cloud."_s.arg(s.at(0)),
                              call.context);
    return isDeviceCode ? deviceCode(call, s.at(0), version) : token(call, version);
}

HttpResponse OAuthEndpoints::deviceCode(const Call &call, const QString &tenant, int version)
{
    const Form form = Encoding::parseForm(call.request.body);
    const QString clientId = Encoding::formValue(form, u"client_id"_s);
    if (clientId.isEmpty())
        return missingParameter(call, u"client_id"_s);
    if (Encoding::parseGuid(clientId).isNull())
        return Errors::aadsts(400, u"unauthorized_client"_s, 700016,
                              u"Application with identifier '%1' was not found in the directory "
                              "'%2'."_s.arg(clientId, m_cloud.state().tenant.displayName),
                              call.context);
    const QString resource = Encoding::formValue(form, u"resource"_s);
    const QString scope = Encoding::formValue(form, u"scope"_s);
    if (version == 1 && resource.isEmpty())
        return missingParameter(call, u"resource"_s);
    if (version == 2 && scope.isEmpty())
        return missingParameter(call, u"scope"_s);

    CloudState &state = m_cloud.state();
    // Forget codes nobody polled to their end (an hour past expiry).
    state.deviceCodes.removeIf(
        [&](const auto &item) { return item.value().expires.secsTo(call.context.now) > 3600; });
    DeviceCode code;
    code.deviceCode = u"DAQABAAEAAAD"_s + QString::fromLatin1(Encoding::base64Url(randomBytes(48)));
    code.userCode = newUserCode();
    code.clientId = clientId;
    code.tenant = tenant;
    code.version = version;
    code.resource = resource;
    code.scope = scope;
    code.amrValues = Encoding::formValue(form, u"amr_values"_s);
    code.issued = call.context.now;
    code.expires = call.context.now.addSecs(state.settings.deviceCodeLifetime);
    code.interval = state.settings.deviceCodeInterval;
    if (!state.settings.autoApproveUpn.isEmpty())
        m_cloud.approve(code, state.settings.autoApproveUpn, state.settings.autoApproveMfa);
    state.deviceCodes.insert(code.deviceCode, code);

    const QString verification = call.baseUrl() + u"/devicelogin"_s;
    const QString message = u"To sign in, use a web browser to open the page %1 and enter the "
                            "code %2 to authenticate."_s.arg(verification, code.userCode);
    if (version == 1) {
        // v1 carries its numbers as JSON strings (PROTOCOL.md "Details settled").
        return HttpResponse::json(
            200,
            QJsonObject { { u"user_code"_s, code.userCode },
                          { u"device_code"_s, code.deviceCode },
                          { u"verification_url"_s, verification },
                          { u"expires_in"_s, QString::number(state.settings.deviceCodeLifetime) },
                          { u"interval"_s, QString::number(code.interval) },
                          { u"message"_s, message } });
    }
    return HttpResponse::json(200,
                              QJsonObject { { u"user_code"_s, code.userCode },
                                            { u"device_code"_s, code.deviceCode },
                                            { u"verification_uri"_s, verification },
                                            { u"expires_in"_s, state.settings.deviceCodeLifetime },
                                            { u"interval"_s, code.interval },
                                            { u"message"_s, message } });
}

HttpResponse OAuthEndpoints::token(const Call &call, int version)
{
    const Form form = Encoding::parseForm(call.request.body);
    const QString grantType = Encoding::formValue(form, u"grant_type"_s);
    if (grantType.isEmpty())
        return missingParameter(call, u"grant_type"_s);
    if (grantType == QLatin1StringView(DeviceCodeGrant) || grantType == u"device_code"_s)
        return deviceCodeGrant(call, form, version);
    if (grantType == u"refresh_token"_s)
        return refreshTokenGrant(call, form, version);
    if (grantType == u"srv_challenge"_s)
        return m_nonces.handle(call);
    if (grantType == QLatin1StringView(JwtBearerGrant))
        return prtRequest(call, form);
    return Errors::aadsts(400, u"unsupported_grant_type"_s, 70003,
                          u"The app requested an unsupported grant type '%1'."_s.arg(grantType),
                          call.context);
}

HttpResponse OAuthEndpoints::prtRequest(const Call &call, const Form &form)
{
    const QString request = Encoding::formValue(form, u"request"_s);
    if (request.isEmpty())
        return missingParameter(call, u"request"_s);
    const QString apiVersion = Encoding::formValue(form, u"windows_api_version"_s);
    if (apiVersion.isEmpty())
        return missingParameter(call, u"windows_api_version"_s);
    if (apiVersion != u"2.0"_s && apiVersion != u"2.2"_s)
        return Errors::aadsts(400, u"invalid_request"_s, 9002313,
                              u"Invalid request. windows_api_version '%1' is not supported (2.0 "
                              "or 2.2)."_s.arg(apiVersion),
                              call.context);
    const auto token = Jwt::parse(request.toLatin1());
    if (!token)
        return Errors::aadsts(400, u"invalid_request"_s, 50027,
                              u"JWT token is invalid or malformed: "_s + token.error(),
                              call.context);
    // The device key signs acquisitions (RS256); the session key signs everything after.
    const QString algorithm = token->header.value(u"alg"_s).toString();
    if (algorithm == u"RS256"_s)
        return m_acquisition.handle(call, token.value());
    if (algorithm == u"HS256"_s)
        return m_sessions.handle(call, form, token.value());
    return Errors::aadsts(400, u"invalid_request"_s, 50027,
                          u"JWT token is invalid or malformed: alg '%1' is neither RS256 (device "
                          "key) nor HS256 (session key)."_s.arg(algorithm),
                          call.context);
}

HttpResponse OAuthEndpoints::deviceCodeGrant(const Call &call, const Form &form, int version)
{
    // v1 polls with code=, v2 with device_code=; the other name is tolerated.
    const QString primary = version == 1 ? u"code"_s : u"device_code"_s;
    const QString secondary = version == 1 ? u"device_code"_s : u"code"_s;
    QString value = Encoding::formValue(form, primary);
    if (value.isEmpty())
        value = Encoding::formValue(form, secondary);
    if (value.isEmpty())
        return missingParameter(call, primary);
    const QString clientId = Encoding::formValue(form, u"client_id"_s);
    if (clientId.isEmpty())
        return missingParameter(call, u"client_id"_s);

    CloudState &state = m_cloud.state();
    auto it = state.deviceCodes.find(value);
    if (it == state.deviceCodes.end())
        return Errors::aadsts(400, u"bad_verification_code"_s, 70018,
                              u"Invalid verification code: the device code is not known."_s,
                              call.context);
    DeviceCode &code = it.value();
    if (code.clientId.compare(clientId, Qt::CaseInsensitive) != 0)
        return Errors::aadsts(400, u"invalid_grant"_s, 70000,
                              u"The device code was issued to a different client."_s, call.context);
    if (call.context.now >= code.expires) {
        state.deviceCodes.erase(it);
        return Errors::aadsts(400, u"expired_token"_s, 70019, u"Verification code expired."_s,
                              call.context);
    }
    if (code.status == DeviceCode::Status::Declined) {
        state.deviceCodes.erase(it);
        return Errors::aadsts(400, u"authorization_declined"_s, 70000,
                              u"The user declined the authorization request."_s, call.context);
    }
    if (code.status == DeviceCode::Status::Pending) {
        const bool tooSoon = state.settings.slowDown && code.lastPoll.isValid()
            && code.lastPoll.msecsTo(call.context.now) < qint64(code.interval) * 1000;
        code.lastPoll = call.context.now;
        if (tooSoon)
            return Errors::aadsts(400, u"slow_down"_s, 70016,
                                  u"OAuth 2.0 device flow error. Polling too often; add 5 seconds "
                                  "to the interval."_s,
                                  call.context);
        return Errors::aadsts(400, u"authorization_pending"_s, 70016,
                              u"OAuth 2.0 device flow error. Authorization is pending. Continue "
                              "polling."_s,
                              call.context);
    }

    const DeviceCode approved = code;
    state.deviceCodes.erase(it); // a device code is redeemed once
    const User &user = state.user(approved.upn);
    Identity identity {
        user.upn,          user.objectId,
        user.displayName,  amrFor(approved.mfa, approved.amrValues.contains(u"ngcmfa"_s)),
        approved.clientId, {}
    };
    return issue(call, identity, approved.resource, approved.scope, version);
}

HttpResponse OAuthEndpoints::refreshTokenGrant(const Call &call, const Form &form, int version)
{
    const QString value = Encoding::formValue(form, u"refresh_token"_s);
    if (value.isEmpty())
        return missingParameter(call, u"refresh_token"_s);
    const QString resource = Encoding::formValue(form, u"resource"_s);
    const QString scope = Encoding::formValue(form, u"scope"_s);
    if (version == 1 && resource.isEmpty())
        return missingParameter(call, u"resource"_s);
    if (version == 2 && scope.isEmpty())
        return missingParameter(call, u"scope"_s);
    CloudState &state = m_cloud.state();
    const auto it = state.refreshTokens.constFind(value);
    if (it == state.refreshTokens.cend())
        return Errors::aadsts(400, u"invalid_grant"_s, 9002313,
                              u"Invalid request. Request is malformed or invalid."_s, call.context);
    const RefreshToken token = it.value();
    if (call.context.now >= token.expires) {
        state.refreshTokens.remove(value);
        return Errors::aadsts(400, u"invalid_grant"_s, 70008,
                              u"The provided authorization code or refresh token has expired due "
                              "to inactivity."_s,
                              call.context);
    }
    const User &user = state.user(token.upn);
    const QString clientId = Encoding::formValue(form, u"client_id"_s);
    Identity identity { user.upn,
                        user.objectId,
                        user.displayName,
                        token.amr,
                        clientId.isEmpty() ? token.clientId : clientId,
                        token.deviceId };
    return issue(call, identity, resource, scope, version);
}

HttpResponse OAuthEndpoints::issue(const Call &call, const Identity &identity,
                                   const QString &resource, const QString &scope, int version)
{
    CloudState &state = m_cloud.state();
    const Grant grant = grantFor(resource, scope, version);
    if (state.settings.requireMfaForJoin && isDrsAudience(grant.audience) && !hasMfa(identity.amr))
        return mfaRequired(call, grant.audience);

    const int lifetime = state.settings.accessTokenLifetime;
    auto accessToken = m_cloud.tokens().accessToken(identity, grant.audience, grant.scopeClaim,
                                                    call.context.now, lifetime);
    auto idToken = m_cloud.tokens().idToken(identity, identity.clientId, call.context.now, version);
    if (!accessToken || !idToken)
        return Errors::aadsts(500, u"server_error"_s, 90033,
                              u"fakecloud could not sign the token: "_s + accessToken.error()
                                  + idToken.error(),
                              call.context);
    RefreshToken refresh;
    refresh.token = u"0.A"_s + QString::fromLatin1(Encoding::base64Url(randomBytes(96)));
    refresh.upn = identity.upn;
    refresh.clientId = identity.clientId;
    refresh.amr = identity.amr;
    refresh.deviceId = identity.deviceId;
    refresh.issued = call.context.now;
    refresh.expires = call.context.now.addSecs(state.settings.refreshTokenLifetime);

    const qint64 now = call.context.now.toSecsSinceEpoch();
    QJsonObject json { { u"token_type"_s, u"Bearer"_s },
                       { u"scope"_s, grant.scopeResponse },
                       { u"access_token"_s, QString::fromLatin1(accessToken.value()) } };
    if (version == 1) {
        json.insert(u"expires_in"_s, QString::number(lifetime));
        json.insert(u"ext_expires_in"_s, QString::number(lifetime));
        json.insert(u"expires_on"_s, QString::number(now + lifetime));
        json.insert(u"not_before"_s, QString::number(now));
        json.insert(u"resource"_s, resource);
        json.insert(u"refresh_token"_s, refresh.token);
        json.insert(u"id_token"_s, QString::fromLatin1(idToken.value()));
        state.refreshTokens.insert(refresh.token, refresh);
    } else {
        json.insert(u"expires_in"_s, lifetime);
        json.insert(u"ext_expires_in"_s, lifetime);
        if (grant.refreshToken) {
            json.insert(u"refresh_token"_s, refresh.token);
            state.refreshTokens.insert(refresh.token, refresh);
        }
        if (grant.idToken)
            json.insert(u"id_token"_s, QString::fromLatin1(idToken.value()));
        const QJsonObject clientInfo { { u"uid"_s, identity.objectId },
                                       { u"utid"_s, state.tenant.id } };
        json.insert(u"client_info"_s,
                    QString::fromLatin1(Encoding::base64Url(
                        QJsonDocument(clientInfo).toJson(QJsonDocument::Compact))));
    }
    return HttpResponse::json(200, json);
}

} // namespace FakeCloud
