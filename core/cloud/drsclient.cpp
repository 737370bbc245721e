#include "drsclient.h"

#include "clouderror.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

// v1 answers carry numbers as strings, v2 as numbers (PROTOCOL.md, "Details settled").
int number(const QJsonValue &value, int fallback)
{
    if (value.isDouble())
        return value.toInt();
    bool ok = false;
    const int parsed = value.toString().toInt(&ok);
    return ok ? parsed : fallback;
}

Error malformedAnswer(const QString &what, const HttpResponse &response)
{
    return Error{ErrorDomain::Cloud, response.status,
                 u"The %1 answer is not what the service sends (HTTP %2)."_s.arg(what).arg(
                     response.status),
                 u"A proxy may have changed the answer; check the connection."_s,
                 QString::fromUtf8(response.body.left(300))};
}

} // namespace

QString TokenSet::upn() const
{
    const QString upn = claims.value(u"upn"_s).toString();
    return upn.isEmpty() ? claims.value(u"unique_name"_s).toString() : upn;
}

QString TokenSet::tenantId() const
{
    return claims.value(u"tid"_s).toString();
}

DrsClient::DrsClient(CloudHttp &http, CloudEndpoints endpoints)
    : m_http(http)
    , m_endpoints(std::move(endpoints))
{
}

QJsonObject DrsClient::jwtClaims(const QString &jwt)
{
    const QStringList parts = jwt.split(u'.');
    if (parts.size() < 2)
        return {};
    return QJsonDocument::fromJson(QByteArray::fromBase64(parts.at(1).toLatin1(),
                                                          QByteArray::Base64UrlEncoding))
        .object();
}

QNetworkReply *DrsClient::discover(const QString &domain, QObject *context,
                                   std::function<void(Result<DiscoveryInfo>)> done)
{
    const QUrl url = CloudEndpoints::resolve(
        m_endpoints.drs, u"/%1/enrollmentserver/contract?api-version=1.0"_s.arg(
                             QString::fromLatin1(QUrl::toPercentEncoding(domain))));
    return m_http.get(url, {}, context, [done](Result<HttpResponse> response) {
        if (!response)
            return done(response.error());
        if (!response->isSuccess())
            return done(CloudError::fromResponse(response->status, response->body,
                                                 u"discover the registration service"_s));
        done(parseDiscovery(*response));
    });
}

QNetworkReply *DrsClient::startDeviceCode(const QString &tenant, QObject *context,
                                          std::function<void(Result<DeviceCodeChallenge>)> done)
{
    const QUrl url = CloudEndpoints::resolve(m_endpoints.login,
                                             u"/%1/oauth2/devicecode?api-version=1.0"_s.arg(tenant));
    const QByteArray body = CloudHttp::formEncode(
        {{u"client_id"_s, kBrokerClientId.toString()}, {u"resource"_s, m_signInResource}});
    return m_http.post(url, "application/x-www-form-urlencoded", body, {}, context,
                       [done](Result<HttpResponse> response) {
                           if (!response)
                               return done(response.error());
                           if (!response->isSuccess())
                               return done(CloudError::fromResponse(
                                   response->status, response->body, u"start the sign-in"_s));
                           done(parseDeviceCode(*response));
                       });
}

QNetworkReply *DrsClient::pollDeviceCode(const QString &tenant,
                                         const DeviceCodeChallenge &challenge, QObject *context,
                                         std::function<void(Result<std::optional<TokenSet>>)> done)
{
    const QUrl url = CloudEndpoints::resolve(m_endpoints.login,
                                             u"/%1/oauth2/token?api-version=1.0"_s.arg(tenant));
    const QByteArray body = CloudHttp::formEncode(
        {{u"grant_type"_s, u"urn:ietf:params:oauth:grant-type:device_code"_s},
         {u"client_id"_s, kBrokerClientId.toString()},
         {u"resource"_s, m_signInResource},
         {u"code"_s, challenge.deviceCode}}); // v1's name for the device code
    return m_http.post(
        url, "application/x-www-form-urlencoded", body, {}, context,
        [done](Result<HttpResponse> response) {
            if (!response)
                return done(response.error());
            const QString oauthError = CloudError::oauthError(response->body);
            if (oauthError == u"authorization_pending" || oauthError == u"slow_down")
                return done(std::optional<TokenSet>());
            if (!response->isSuccess()) {
                Error error = CloudError::fromResponse(response->status, response->body,
                                                       u"complete the sign-in"_s);
                if (oauthError == u"authorization_declined")
                    error.message = u"The sign-in was declined."_s;
                else if (oauthError == u"expired_token" || oauthError == u"code_expired")
                    error.message = u"The sign-in code expired before it was used."_s;
                if (error.fix.isEmpty())
                    error.fix = u"Start again and complete the sign-in in time."_s;
                return done(error);
            }
            Result<TokenSet> tokens = parseTokens(*response);
            if (!tokens)
                return done(tokens.error());
            done(std::optional<TokenSet>(std::move(*tokens)));
        });
}

QNetworkReply *DrsClient::registerDevice(const DiscoveryInfo &discovery, const TokenSet &token,
                                         const JoinRequest &request, QObject *context,
                                         std::function<void(Result<JoinResponse>)> done)
{
    QUrl url = discovery.joinEndpoint;
    url.setQuery(u"api-version="_s + discovery.joinServiceVersion);
    const QJsonObject body{
        {u"CertificateRequest"_s,
         QJsonObject{{u"Type"_s, u"pkcs10"_s},
                     {u"Data"_s, QString::fromLatin1(request.certificateRequest.toBase64())}}},
        {u"TransportKey"_s, QString::fromLatin1(request.transportKeyBlob.toBase64())},
        {u"TargetDomain"_s, request.targetDomain},
        {u"DeviceType"_s, u"Linux"_s},
        {u"OSVersion"_s, request.osVersion},
        {u"DeviceDisplayName"_s, request.deviceDisplayName},
        {u"JoinType"_s, request.joinType},
        {u"Attributes"_s, QJsonObject{{u"ReuseDevice"_s, u"true"_s},
                                      {u"ReturnClientSid"_s, u"true"_s},
                                      {u"SharedDevice"_s, u"false"_s}}},
    };
    const QByteArray authorization = "Bearer " + token.accessToken.toLatin1();
    return m_http.post(
        url, "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact),
        {{"Authorization", authorization}, {"ocp-adrs-client-name", "EntraDoctor"},
         {"ocp-adrs-client-version", ENTRA_DOCTOR_VERSION}},
        context, [done](Result<HttpResponse> response) {
            if (!response)
                return done(response.error());
            if (!response->isSuccess())
                return done(CloudError::fromResponse(response->status, response->body,
                                                     u"register the device"_s));
            done(parseJoinResponse(*response));
        });
}

Result<DiscoveryInfo> DrsClient::parseDiscovery(const HttpResponse &response)
{
    const QJsonObject json = response.json();
    const QJsonObject join = json.value(u"DeviceJoinService"_s).toObject();
    DiscoveryInfo info;
    info.joinEndpoint = QUrl(join.value(u"JoinEndpoint"_s).toString());
    info.joinServiceVersion = join.value(u"ServiceVersion"_s).toString(u"2.0"_s);
    info.drsResourceId = join.value(u"JoinResourceId"_s).toString(kDrsResource.toString());
    info.keyProvisioningEndpoint = QUrl(json.value(u"KeyProvisioningService"_s)
                                            .toObject()
                                            .value(u"KeyProvisionEndpoint"_s)
                                            .toString());
    info.tokenEndpoint = QUrl(json.value(u"AuthenticationService"_s)
                                  .toObject()
                                  .value(u"OAuth2"_s)
                                  .toObject()
                                  .value(u"TokenEndpoint"_s)
                                  .toString());
    if (!info.joinEndpoint.isValid() || info.joinEndpoint.scheme() != u"https")
        return malformedAnswer(u"discovery"_s, response);
    return info;
}

Result<DeviceCodeChallenge> DrsClient::parseDeviceCode(const HttpResponse &response)
{
    const QJsonObject json = response.json();
    DeviceCodeChallenge challenge;
    challenge.deviceCode = json.value(u"device_code"_s).toString();
    challenge.userCode = json.value(u"user_code"_s).toString();
    // v1 spells it verification_url, v2 verification_uri
    challenge.verificationUrl = QUrl(
        json.value(u"verification_url"_s).toString(json.value(u"verification_uri"_s).toString()));
    challenge.message = json.value(u"message"_s).toString();
    // Bounded, so the polling timer and the deadline stay in range whatever a proxy sends
    // (fuzz_cloudresponse: an interval of 2^31-1 s overflowed interval * 1000 ms).
    challenge.expiresInSeconds = qBound(0, number(json.value(u"expires_in"_s), 900), 86400);
    challenge.intervalSeconds = qBound(1, number(json.value(u"interval"_s), 5), 300);
    if (challenge.deviceCode.isEmpty() || challenge.userCode.isEmpty())
        return malformedAnswer(u"device code"_s, response);
    return challenge;
}

Result<TokenSet> DrsClient::parseTokens(const HttpResponse &response)
{
    const QJsonObject json = response.json();
    TokenSet tokens;
    tokens.accessToken = json.value(u"access_token"_s).toString();
    tokens.refreshToken = json.value(u"refresh_token"_s).toString();
    tokens.claims = jwtClaims(tokens.accessToken);
    if (tokens.accessToken.isEmpty() || tokens.claims.isEmpty())
        return malformedAnswer(u"token"_s, response);
    return tokens;
}

Result<JoinResponse> DrsClient::parseJoinResponse(const HttpResponse &response)
{
    const QJsonObject json = response.json();
    const QJsonObject certificate = json.value(u"Certificate"_s).toObject();
    JoinResponse result;
    result.certificateDer =
        QByteArray::fromBase64(certificate.value(u"RawBody"_s).toString().toLatin1());
    result.thumbprint = certificate.value(u"Thumbprint"_s).toString();
    result.upn = json.value(u"User"_s).toObject().value(u"Upn"_s).toString();
    if (result.certificateDer.isEmpty())
        return malformedAnswer(u"registration"_s, response);
    return result;
}

QUrl DrsClient::deviceObjectUrl(const QUrl &deviceEndpoint, const QString &deviceId)
{
    QUrl url = deviceEndpoint;
    QString path = url.path();
    if (!path.endsWith(u'/'))
        path += u'/';
    url.setPath(path + deviceId);
    url.setQuery(u"api-version=1.0"_s);
    return url;
}

QNetworkReply *DrsClient::deleteDevice(const QUrl &deviceEndpoint, const QString &deviceId,
                                       const QSslCertificate &certificate, const QSslKey &key,
                                       QObject *context, std::function<void(Status)> done)
{
    return m_http.deleteWithClientCertificate(
        deviceObjectUrl(deviceEndpoint, deviceId), certificate, key, context,
        [done](Result<HttpResponse> response) {
            if (!response)
                return done(response.error());
            if (!response->isSuccess())
                return done(CloudError::fromResponse(response->status, response->body,
                                                     u"delete the device"_s));
            done(Success{});
        });
}

QNetworkReply *DrsClient::checkDeviceAuthentication(
    const QUrl &deviceEndpoint, const QString &deviceId, const QSslCertificate &certificate,
    const QSslKey &key, QObject *context, std::function<void(DeviceAuthCheck)> done)
{
    return m_http.getWithClientCertificate(
        deviceObjectUrl(deviceEndpoint, deviceId), certificate, key, context,
        [done](Result<HttpResponse> response) {
            DeviceAuthCheck check;
            if (!response) {
                check.outcome = DeviceAuthCheck::Outcome::CouldNotRun;
                check.error = response.error();
            } else if (response->isSuccess()) {
                check.outcome = response->json().value(u"AccountEnabled"_s).toBool(true)
                    ? DeviceAuthCheck::Outcome::Authenticated
                    : DeviceAuthCheck::Outcome::DisabledOrDeleted;
            } else {
                check.error = CloudError::fromResponse(response->status, response->body,
                                                       u"authenticate the device"_s);
                // 401/400 are the service refusing this device; anything else (404/405 from a
                // service without this check, 5xx) means the test could not run.
                check.outcome = response->status == 401 || response->status == 400
                    ? DeviceAuthCheck::Outcome::DisabledOrDeleted
                    : DeviceAuthCheck::Outcome::CouldNotRun;
            }
            done(check);
        });
}

QString DeviceAuthCheck::statusText() const
{
    switch (outcome) {
    case Outcome::Authenticated:
        return u"SUCCESS"_s;
    case Outcome::DisabledOrDeleted:
        return u"FAILED. Device is either disabled or deleted"_s;
    case Outcome::CouldNotRun:
        break;
    }
    return u"FAILED. ERROR"_s;
}

} // namespace Entra
