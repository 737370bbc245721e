#pragma once

#include "cloudendpoints.h"
#include "cloudhttp.h"

namespace Entra {

// The token endpoint as a device uses it for its PRT (PROTOCOL.md §5.2, §6.2, §6.4): a nonce,
// then a signed request. The caller builds and signs the request (PrtRequest) and reads the
// answer (PrtResponse, or SessionKey::decryptResponse for session-key requests).
class PrtClient
{
public:
    PrtClient(CloudHttp &http, CloudEndpoints endpoints);

    QUrl tokenUrl(const QString &tenant) const;
    // grant_type=srv_challenge → {"Nonce": ...}
    QNetworkReply *requestNonce(const QString &tenant, QObject *context,
                                std::function<void(Result<QString>)> done);
    // windows_api_version, grant_type=jwt-bearer, request=<jwt>, client_info=1. Any HTTP
    // answer is passed on; only transport failures are errors.
    QNetworkReply *sendRequest(const QString &tenant, const QByteArray &requestJwt,
                               const QString &windowsApiVersion, QObject *context,
                               CloudHttp::Callback done);

private:
    CloudHttp &m_http;
    CloudEndpoints m_endpoints;
};

} // namespace Entra
