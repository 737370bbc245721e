#pragma once

#include "cloud/cloudendpoints.h"
#include "cloud/drsclient.h"
#include "common/result.h"
#include "diagnostics/clouddevicerecord.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

namespace Entra {

class CloudHttp;

// The helpdesk's cloud check (DSRegTool's "device health"): a device-code sign-in for Microsoft
// Graph, then GET /v1.0/devices?$filter=deviceId eq '<id>'. The result feeds the diagnostics'
// cloud.device check (exists, enabled, bound to the certificate or "pending", stale).
// Asynchronous on the caller's event loop; the access token stays in memory.
class CloudDeviceCheck : public QObject
{
    Q_OBJECT

public:
    static constexpr QStringView kGraphResource = u"https://graph.microsoft.com";

    CloudDeviceCheck(CloudHttp &http, CloudEndpoints endpoints, QObject *parent = nullptr);

    // `tenant`: the TenantId or a verified domain; `deviceId`: the device to look up.
    void start(const QString &tenant, const QString &deviceId);
    void cancel();

    // Parses a Graph list answer: no entry means the device object does not exist.
    static Result<std::optional<CloudDeviceRecord>> parseLookup(const QByteArray &json);

Q_SIGNALS:
    // Show this to the person: open the URL, enter the code.
    void signInRequired(const QString &message, const QUrl &verificationUrl,
                        const QString &userCode);
    // The device object, or empty when Graph has none; an error when the check could not run.
    void finished(const Entra::Result<std::optional<Entra::CloudDeviceRecord>> &result);

private:
    void poll();
    void lookup(const QString &accessToken);
    void finish(const Result<std::optional<CloudDeviceRecord>> &result);

    CloudHttp &m_http;
    CloudEndpoints m_endpoints;
    DrsClient m_client;
    QString m_tenant;
    QString m_deviceId;
    DeviceCodeChallenge m_challenge;
    QTimer m_pollTimer;
    QDateTime m_deadline;
    bool m_done = false;
};

} // namespace Entra
