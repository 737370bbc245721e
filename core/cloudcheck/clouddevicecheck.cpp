#include "clouddevicecheck.h"

#include "cloud/cloudhttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

CloudDeviceCheck::CloudDeviceCheck(CloudHttp &http, CloudEndpoints endpoints, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_endpoints(endpoints)
    , m_client(http, std::move(endpoints))
{
    m_client.setSignInResource(kGraphResource.toString());
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &CloudDeviceCheck::poll);
}

void CloudDeviceCheck::start(const QString &tenant, const QString &deviceId)
{
    m_tenant = tenant.isEmpty() ? u"organizations"_s : tenant;
    m_deviceId = deviceId;
    m_done = false;
    if (deviceId.isEmpty()) {
        finish(Error { ErrorDomain::Usage,
                       0,
                       u"The status names no DeviceId to look up in the cloud."_s,
                       u"Open a status of a joined or registered device."_s,
                       {} });
        return;
    }
    m_client.startDeviceCode(m_tenant, this, [this](Result<DeviceCodeChallenge> challenge) {
        if (!challenge)
            return finish(challenge.error());
        m_challenge = *challenge;
        m_deadline = QDateTime::currentDateTimeUtc().addSecs(m_challenge.expiresInSeconds);
        Q_EMIT signInRequired(m_challenge.message, m_challenge.verificationUrl,
                              m_challenge.userCode);
        m_pollTimer.start(m_challenge.intervalSeconds * 1000);
    });
}

void CloudDeviceCheck::cancel()
{
    m_pollTimer.stop();
    finish(Error { ErrorDomain::Cloud, 0, u"The cloud check was cancelled."_s, {}, {} });
}

void CloudDeviceCheck::poll()
{
    if (m_done)
        return;
    if (QDateTime::currentDateTimeUtc() > m_deadline)
        return finish(Error { ErrorDomain::Cloud,
                              0,
                              u"The sign-in code expired before it was used."_s,
                              u"Start the cloud check again and sign in in time."_s,
                              {} });
    m_client.pollDeviceCode(m_tenant, m_challenge, this,
                            [this](Result<std::optional<TokenSet>> tokens) {
                                if (!tokens)
                                    return finish(tokens.error());
                                if (!*tokens) // not approved yet
                                    return m_pollTimer.start(m_challenge.intervalSeconds * 1000);
                                lookup((*tokens)->accessToken);
                            });
}

void CloudDeviceCheck::lookup(const QString &accessToken)
{
    QUrl url = CloudEndpoints::resolve(m_endpoints.graph, u"/v1.0/devices"_s);
    url.setQuery(u"$filter=deviceId eq '%1'"_s.arg(m_deviceId));
    m_http.get(url,
               { { "Authorization", "Bearer " + accessToken.toLatin1() },
                 { "Accept", "application/json" } },
               this, [this](Result<HttpResponse> response) {
                   if (!response)
                       return finish(response.error());
                   if (!response->isSuccess())
                       return finish(Error {
                           ErrorDomain::Cloud, response->status,
                           u"Graph refused the device lookup (HTTP %1)."_s.arg(response->status),
                           u"Sign in with an account that may read devices "
                           u"(Global Reader, Cloud Device Administrator)."_s,
                           QString::fromUtf8(response->body.left(500)) });
                   finish(parseLookup(response->body));
               });
}

Result<std::optional<CloudDeviceRecord>> CloudDeviceCheck::parseLookup(const QByteArray &json)
{
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    if (object.contains(u"value"_s) && object.value(u"value"_s).toArray().isEmpty())
        return std::optional<CloudDeviceRecord>();
    Result<CloudDeviceRecord> record = CloudDeviceRecord::fromGraphJson(json);
    if (!record)
        return record.error();
    return std::optional<CloudDeviceRecord>(*record);
}

void CloudDeviceCheck::finish(const Result<std::optional<CloudDeviceRecord>> &result)
{
    if (m_done)
        return;
    m_done = true;
    m_pollTimer.stop();
    Q_EMIT finished(result);
}

} // namespace Entra
