#pragma once

#include "cloudendpoints.h"
#include "cloudhttp.h"

namespace Entra {

struct RegisteredNgcKey
{
    QString kid; // the service's GUID for the key (not the assertion's kid)
    QString upn;
};

// The key provisioning service (MS-KPP, PROTOCOL.md §5.1): registers a user's Hello public key
// with a DRS token that carries deviceid and amr ngcmfa, and deletes it again.
class KeyProvisioningClient
{
public:
    KeyProvisioningClient(CloudHttp &http, CloudEndpoints endpoints);

    QUrl keyUrl(const QString &kid = {}) const;
    QNetworkReply *registerKey(const QString &drsAccessToken, const QByteArray &rsa1Blob,
                               QObject *context,
                               std::function<void(Result<RegisteredNgcKey>)> done);
    QNetworkReply *deleteKey(const QString &drsAccessToken, const QString &kid, QObject *context,
                             std::function<void(Status)> done);

private:
    CloudHttp &m_http;
    CloudEndpoints m_endpoints;
};

} // namespace Entra
