#pragma once

#include "cloudendpoints.h"
#include "cloudhttp.h"

#include <QDateTime>
#include <QJsonObject>

namespace Entra {

struct DiscoveryInfo
{
    QUrl joinEndpoint;
    QString joinServiceVersion;
    QUrl keyProvisioningEndpoint;
    QString drsResourceId;
    QUrl tokenEndpoint;
};

struct DeviceCodeChallenge
{
    QString deviceCode; // a secret of the sign-in: never shown or logged
    QString userCode;
    QUrl verificationUrl;
    QString message;
    int expiresInSeconds = 900;
    int intervalSeconds = 5;
};

// The tokens of one sign-in. Held in memory only; never written or logged.
struct TokenSet
{
    QString accessToken;
    QString refreshToken;
    QJsonObject claims; // the access token's payload, for upn, tid, oid, amr
    QString upn() const;
    QString tenantId() const;
};

struct JoinRequest
{
    QByteArray certificateRequest; // PKCS#10 DER
    QByteArray transportKeyBlob;   // BCRYPT RSA1
    QString targetDomain;
    QString deviceDisplayName;
    QString osVersion;
    int joinType = 0;              // 0 join, 4 register
};

struct JoinResponse
{
    QByteArray certificateDer;
    QString thumbprint;
    QString upn;
};

// The answer of the device-authentication check, in dsregcmd's DeviceAuthStatus words.
struct DeviceAuthCheck
{
    enum class Outcome { Authenticated, DisabledOrDeleted, CouldNotRun };
    Outcome outcome = Outcome::CouldNotRun;
    Error error; // why it failed or could not run

    QString statusText() const; // SUCCESS, FAILED. Device is either disabled or deleted, FAILED. ERROR
};

// The device registration protocol (PROTOCOL.md §1–4) over CloudHttp. Every call is
// asynchronous and reports to `context`.
class DrsClient
{
public:
    static constexpr QStringView kBrokerClientId = u"29d9ed98-a469-4536-ade2-f981bc1d605e";
    static constexpr QStringView kDrsResource = u"urn:ms-drs:enterpriseregistration.windows.net";

    DrsClient(CloudHttp &http, CloudEndpoints endpoints);
    // What the device-code sign-in asks a token for: DRS (the default), or Graph for the cloud
    // check.
    void setSignInResource(const QString &resource) { m_signInResource = resource; }

    QNetworkReply *discover(const QString &domain, QObject *context,
                            std::function<void(Result<DiscoveryInfo>)> done);
    QNetworkReply *startDeviceCode(const QString &tenant, QObject *context,
                                   std::function<void(Result<DeviceCodeChallenge>)> done);
    // An empty optional means "not approved yet" (authorization_pending); poll again later.
    QNetworkReply *pollDeviceCode(const QString &tenant, const DeviceCodeChallenge &challenge,
                                  QObject *context,
                                  std::function<void(Result<std::optional<TokenSet>>)> done);
    QNetworkReply *registerDevice(const DiscoveryInfo &discovery, const TokenSet &token,
                                  const JoinRequest &request, QObject *context,
                                  std::function<void(Result<JoinResponse>)> done);
    // Leave (PROTOCOL.md §4): DELETE of the device object, authenticated by the device
    // certificate and key as the TLS client certificate.
    QNetworkReply *deleteDevice(const QUrl &deviceEndpoint, const QString &deviceId,
                                const QSslCertificate &certificate, const QSslKey &key,
                                QObject *context, std::function<void(Status)> done);
    // DeviceAuthStatus: can this device still authenticate to the service with its certificate?
    QNetworkReply *checkDeviceAuthentication(const QUrl &deviceEndpoint, const QString &deviceId,
                                             const QSslCertificate &certificate,
                                             const QSslKey &key, QObject *context,
                                             std::function<void(DeviceAuthCheck)> done);

    // {deviceEndpoint}/{deviceId}?api-version=1.0
    static QUrl deviceObjectUrl(const QUrl &deviceEndpoint, const QString &deviceId);
    static QJsonObject jwtClaims(const QString &jwt);

    // The successful answers, read (also on their own for fuzz/fuzz_cloudresponse).
    static Result<DiscoveryInfo> parseDiscovery(const HttpResponse &response);
    static Result<DeviceCodeChallenge> parseDeviceCode(const HttpResponse &response);
    static Result<TokenSet> parseTokens(const HttpResponse &response);
    static Result<JoinResponse> parseJoinResponse(const HttpResponse &response);

private:
    CloudHttp &m_http;
    CloudEndpoints m_endpoints;
    QString m_signInResource = kDrsResource.toString();
};

} // namespace Entra
