#include "cipher.h"
#include "csr.h"
#include "encoding.h"
#include "pki.h"
#include "prt.h"
#include "sessionkey.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud {

namespace {

// x5c as a bare string (ROAD, AADInternals) or a one-element array (spec, libhimmelblau).
std::optional<QByteArray> x5cCertificate(const QJsonObject &header)
{
    QJsonValue value = header.value(u"x5c"_s);
    if (value.isArray()) {
        if (value.toArray().size() != 1)
            return std::nullopt;
        value = value.toArray().first();
    }
    if (!value.isString())
        return std::nullopt;
    return Encoding::fromStrictBase64(value.toString().toLatin1());
}

QStringList withDeviceKey(QStringList amr)
{
    if (!amr.contains(u"rsa"_s))
        amr.append(u"rsa"_s); // the device key took part, as in the captured id_token
    return amr;
}

} // namespace

HttpResponse PrtAcquisition::handle(const Call &call, const Jwt::Token &request)
{
    auto signer = signingDevice(call, request);
    if (auto *refusal = std::get_if<HttpResponse>(&signer))
        return *refusal;
    const Device &device = *std::get<const Device *>(signer);

    const QJsonObject &claims = request.claims;
    const QString clientId = claims.value(u"client_id"_s).toString();
    if (clientId.isEmpty())
        return Prt::missing(call, u"client_id"_s);
    const QString grantType = claims.value(u"grant_type"_s).toString();
    if (grantType.isEmpty())
        return Prt::missing(call, u"grant_type"_s);
    if (!Prt::scopeHas(claims, u"aza"_s) || !Prt::scopeHas(claims, u"openid"_s))
        return Prt::error(call, 70011,
                          u"The provided value for the input parameter 'scope' is not valid: a "
                          "PRT request needs 'openid' and 'aza' (got '%1')."_s.arg(
                              claims.value(u"scope"_s).toString()),
                          u"invalid_scope"_s);
    if (auto refusal = Prt::spendNonce(call, m_cloud.state(), claims))
        return *refusal;

    std::variant<HttpResponse, Prt::Subject> subject = HttpResponse();
    if (grantType == u"refresh_token"_s)
        subject = refreshTokenGrant(call, claims);
    else if (grantType == u"password"_s)
        subject = passwordGrant(call, claims);
    else if (grantType == QLatin1StringView(JwtBearerGrant))
        subject = assertionGrant(call, claims);
    else
        return Prt::error(call, 70003,
                          u"The app requested an unsupported grant type '%1' inside the PRT "
                          "request."_s.arg(grantType),
                          u"unsupported_grant_type"_s);
    if (auto *refusal = std::get_if<HttpResponse>(&subject))
        return *refusal;
    return issue(call, device, std::get<Prt::Subject>(subject), clientId);
}

std::variant<HttpResponse, const Device *> PrtAcquisition::signingDevice(const Call &call,
                                                                         const Jwt::Token &request)
{
    const auto der = x5cCertificate(request.header);
    if (!der)
        return Prt::error(call, 50027,
                          u"JWT token is invalid or malformed: the header needs x5c, the device "
                          "certificate as standard base64 (a string or a one-element array)."_s,
                          u"invalid_request"_s);
    const auto certificate = Ssl::Certificate::fromDer(*der);
    if (!certificate)
        return Prt::error(call, 50027,
                          u"JWT token is invalid or malformed: x5c is not a DER certificate."_s,
                          u"invalid_request"_s);
    const QString problem
        = Pki::checkIssuedBy(m_cloud.keys().orgAccessCa, certificate.value(), call.context.now);
    if (!problem.isEmpty())
        return Prt::error(call, 50155, u"Device authentication failed: %1."_s.arg(problem));
    const CloudState &state = m_cloud.state();
    const Device *device = state.deviceByThumbprint(certificate->sha1Thumbprint());
    if (!device)
        return Prt::error(
            call, 50155,
            u"Device authentication failed: the certificate %1 belongs to no "
            "registered device (it was deleted)."_s.arg(certificate->sha1Thumbprint()));
    auto live = Prt::liveDevice(call, state, device->deviceId);
    if (std::holds_alternative<HttpResponse>(live))
        return live;
    if (!Jwt::verifyRs256(request, certificate->publicKey()))
        return Prt::error(call, 50155,
                          u"Device authentication failed: the request signature does not verify "
                          "with the key of the device certificate."_s);
    return device;
}

std::variant<HttpResponse, Prt::Subject>
PrtAcquisition::refreshTokenGrant(const Call &call, const QJsonObject &claims)
{
    const QString value = claims.value(u"refresh_token"_s).toString();
    if (value.isEmpty())
        return Prt::missing(call, u"refresh_token"_s);
    CloudState &state = m_cloud.state();
    const auto it = state.refreshTokens.constFind(value);
    if (it == state.refreshTokens.cend())
        return Prt::error(call, 9002313, u"Invalid request. The refresh token is not known."_s);
    if (call.context.now >= it->expires)
        return Prt::error(call, 70008,
                          u"The provided authorization code or refresh token has expired due "
                          "to inactivity."_s);
    if (it->clientId.compare(QLatin1StringView(BrokerClientId), Qt::CaseInsensitive) != 0)
        return Prt::error(call, 70000,
                          u"Provided grant is invalid or malformed: the refresh token was issued "
                          "to %1, not to the Microsoft Authentication Broker (%2)."_s.arg(
                              it->clientId, QLatin1StringView(BrokerClientId)));
    if (it->clientId.compare(claims.value(u"client_id"_s).toString(), Qt::CaseInsensitive) != 0)
        return Prt::error(call, 70000,
                          u"Provided grant is invalid or malformed: the refresh token was issued "
                          "to a different client than client_id."_s);
    return Prt::Subject { it->upn, withDeviceKey(it->amr) };
}

std::variant<HttpResponse, Prt::Subject> PrtAcquisition::passwordGrant(const Call &call,
                                                                       const QJsonObject &claims)
{
    const QString username = claims.value(u"username"_s).toString();
    if (username.isEmpty())
        return Prt::missing(call, u"username"_s);
    if (!claims.value(u"password"_s).isString())
        return Prt::missing(call, u"password"_s);
    const User *user = m_cloud.state().findUser(username);
    if (!user)
        return Prt::error(call, 50034,
                          u"The user account %1 does not exist in the %2 directory."_s.arg(
                              username, m_cloud.state().tenant.domain));
    if (!user->passwordMatches(claims.value(u"password"_s).toString()))
        return Prt::error(call, 50126,
                          u"Error validating credentials due to invalid username or password."_s);
    return Prt::Subject { user->upn, { u"pwd"_s, u"rsa"_s } };
}

std::variant<HttpResponse, Prt::Subject> PrtAcquisition::assertionGrant(const Call &call,
                                                                        const QJsonObject &claims)
{
    const QString text = claims.value(u"assertion"_s).toString();
    if (text.isEmpty())
        return Prt::missing(call, u"assertion"_s);
    const auto assertion = Jwt::parse(text.toLatin1());
    if (!assertion)
        return Prt::error(call, 50027,
                          u"JWT token is invalid or malformed: the assertion: "_s
                              + assertion.error(),
                          u"invalid_request"_s);
    const QJsonObject &header = assertion->header;
    const QString keyId = header.value(u"kid"_s).toString();
    if (header.value(u"alg"_s).toString() != u"RS256"_s
        || header.value(u"use"_s).toString() != u"ngc"_s || keyId.isEmpty())
        return Prt::error(call, 50027,
                          u"JWT token is invalid or malformed: a Windows Hello assertion needs "
                          "the header alg RS256, use ngc and kid."_s,
                          u"invalid_request"_s);
    const QJsonObject &inner = assertion->claims;
    CloudState &state = m_cloud.state();
    const QString upn = inner.value(u"iss"_s).toString();
    const User *user = state.findUser(upn);
    if (!user)
        return Prt::error(call, 50034,
                          u"The user account %1 does not exist in the %2 directory."_s.arg(
                              upn, state.tenant.domain));
    const QString nonce = inner.value(u"request_nonce"_s).toString();
    if (nonce.isEmpty())
        return Prt::error(call, 1400001, u"Request nonce is not provided."_s, u"invalid_request"_s);

    const KeyCredential *key = user->keyByIdentifier(keyId);
    if (!key) {
        const int code = state.settings.unknownNgcKeyError;
        return Prt::error(call, code,
                          code == 130004 ? u"NgcKeyNotFound - The user principal does not have "
                                           "the NGC ID key configured."_s
                                         : u"KeyNotFound - The key %1 was not found."_s.arg(keyId));
    }
    const auto keyDevice = state.devices.constFind(key->deviceId);
    if (keyDevice == state.devices.cend())
        return Prt::error(call, 130008,
                          u"NgcDeviceIsNotFound - The device referenced by the NGC key was not "
                          "found."_s);
    if (!keyDevice->accountEnabled)
        return Prt::error(call, 130007, u"NgcDeviceIsDisabled - The device is disabled."_s);
    const auto blob = Csr::parseRsaPublicBlob(key->keyMaterial);
    if (!blob || !Jwt::verifyRs256(assertion.value(), blob->key))
        return Prt::error(call, 130005,
                          u"NgcInvalidSignature - NGC key signature verified failed."_s);
    const QJsonValue expires = inner.value(u"exp"_s);
    if (expires.isDouble()
        && qint64(expires.toDouble()) < call.context.now.toSecsSinceEpoch() - 300)
        return Prt::error(call, 700024, u"Client assertion is not within its valid time range."_s);
    // The outer nonce was spent already; a second, separately fetched nonce is spent here.
    if (nonce != claims.value(u"request_nonce"_s).toString()) {
        if (auto refusal = Prt::spendNonce(call, state, inner))
            return *refusal;
    }
    return Prt::Subject { user->upn, { u"rsa"_s, u"ngcmfa"_s, u"mfa"_s } };
}

HttpResponse PrtAcquisition::issue(const Call &call, const Device &device,
                                   const Prt::Subject &subject, const QString &clientId)
{
    CloudState &state = m_cloud.state();
    const auto transportKey = Csr::parseRsaPublicBlob(device.transportKey);
    if (!transportKey)
        return Errors::aadsts(500, u"server_error"_s, 130006,
                              u"NgcTransportKeyNotFound - The device has no usable transport "
                              "key: "_s
                                  + transportKey.error(),
                              call.context);
    PrimaryRefreshToken prt;
    prt.token = Prt::newOpaqueToken();
    prt.upn = subject.upn;
    prt.deviceId = device.deviceId;
    prt.clientId = clientId;
    prt.amr = subject.amr;
    prt.sessionKey = Cipher::randomBytes(SessionKey::SessionKeySize);
    prt.issued = call.context.now;
    prt.expires = call.context.now.addSecs(state.settings.prtLifetime);
    const auto jwe = SessionKey::transportJwe(transportKey->key, prt.sessionKey);
    if (!jwe)
        return Errors::aadsts(500, u"server_error"_s, 90033,
                              u"fakecloud could not encrypt the session key: "_s + jwe.error(),
                              call.context);
    state.prts.insert(prt.token, prt);

    const User &user = state.user(subject.upn);
    const int lifetime = state.settings.prtLifetime;
    // Numbers as strings except refresh_token_expires_in (PROTOCOL.md §6.2, captured payload).
    return HttpResponse::json(
        200,
        QJsonObject {
            { u"token_type"_s, u"pop"_s },
            { u"expires_in"_s, QString::number(lifetime) },
            { u"ext_expires_in"_s, u"0"_s },
            { u"expires_on"_s, QString::number(prt.expires.toSecsSinceEpoch()) },
            { u"refresh_token"_s, prt.token },
            { u"refresh_token_expires_in"_s, lifetime },
            { u"session_key_jwe"_s, QString::fromLatin1(jwe.value()) },
            { u"id_token"_s,
              QString::fromLatin1(Prt::idToken(state.tenant, m_cloud.tokens().issuer(), user,
                                               prt.amr, clientId, call.context.now)) },
            { u"client_info"_s, Prt::clientInfo(user, state.tenant.id) },
            { u"device_tenant_id"_s, state.tenant.id },
        });
}

} // namespace FakeCloud
