#include "keyprovisioningclient.h"

#include "clouderror.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

QList<std::pair<QByteArray, QByteArray>> bearer(const QString &token)
{
    return {{"Authorization", QByteArray("Bearer ").append(token.toLatin1())},
            {"Accept", "application/json"}};
}

} // namespace

KeyProvisioningClient::KeyProvisioningClient(CloudHttp &http, CloudEndpoints endpoints)
    : m_http(http)
    , m_endpoints(std::move(endpoints))
{
}

QUrl KeyProvisioningClient::keyUrl(const QString &kid) const
{
    QUrl url = CloudEndpoints::resolve(m_endpoints.drs, u"/EnrollmentServer/key/"_s + kid);
    url.setQuery(u"api-version=1.0"_s);
    return url;
}

QNetworkReply *KeyProvisioningClient::registerKey(
    const QString &drsAccessToken, const QByteArray &rsa1Blob, QObject *context,
    std::function<void(Result<RegisteredNgcKey>)> done)
{
    const QByteArray body = QJsonDocument(QJsonObject{
                                              {u"kngc"_s, QString::fromLatin1(rsa1Blob.toBase64())},
                                          })
                                .toJson(QJsonDocument::Compact);
    return m_http.post(keyUrl(), "application/json", body, bearer(drsAccessToken), context,
                       [done](Result<HttpResponse> response) {
                           if (!response)
                               return done(response.error());
                           if (!response->isSuccess())
                               return done(CloudError::fromResponse(
                                   response->status, response->body,
                                   u"register the Windows Hello key"_s));
                           const QJsonObject json = response->json();
                           RegisteredNgcKey key{json.value(u"kid"_s).toString(),
                                                json.value(u"upn"_s).toString()};
                           if (key.kid.isEmpty())
                               return done(Error{ErrorDomain::Cloud, response->status,
                                                 u"The key service's answer names no key."_s,
                                                 u"A proxy may have changed the answer."_s,
                                                 QString::fromUtf8(response->body.left(200))});
                           done(key);
                       });
}

QNetworkReply *KeyProvisioningClient::deleteKey(const QString &drsAccessToken, const QString &kid,
                                                QObject *context, std::function<void(Status)> done)
{
    return m_http.sendCustom("DELETE", keyUrl(kid), bearer(drsAccessToken), context,
                             [done](Result<HttpResponse> response) {
                                 if (!response)
                                     return done(response.error());
                                 if (!response->isSuccess())
                                     return done(CloudError::fromResponse(
                                         response->status, response->body,
                                         u"delete the Windows Hello key"_s));
                                 done(Success{});
                             });
}

} // namespace Entra
