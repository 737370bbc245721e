#include "prtclient.h"

#include "clouderror.h"
#include "prt/prtrequest.h"

using namespace Qt::Literals::StringLiterals;

namespace Entra {

PrtClient::PrtClient(CloudHttp &http, CloudEndpoints endpoints)
    : m_http(http)
    , m_endpoints(std::move(endpoints))
{
}

QUrl PrtClient::tokenUrl(const QString &tenant) const
{
    return CloudEndpoints::resolve(m_endpoints.login, u"/%1/oauth2/token"_s.arg(tenant));
}

QNetworkReply *PrtClient::requestNonce(const QString &tenant, QObject *context,
                                       std::function<void(Result<QString>)> done)
{
    const QByteArray body = CloudHttp::formEncode({{u"grant_type"_s, u"srv_challenge"_s}});
    return m_http.post(tokenUrl(tenant), "application/x-www-form-urlencoded", body, {}, context,
                       [done](Result<HttpResponse> response) {
                           if (!response)
                               return done(response.error());
                           if (!response->isSuccess())
                               return done(CloudError::fromResponse(
                                   response->status, response->body, u"get a nonce"_s));
                           const QString nonce = response->json().value(u"Nonce"_s).toString();
                           if (nonce.isEmpty())
                               return done(Error{ErrorDomain::Cloud, response->status,
                                                 u"The nonce answer holds no nonce."_s,
                                                 u"A proxy may have changed the answer."_s,
                                                 QString::fromUtf8(response->body.left(200))});
                           done(nonce);
                       });
}

QNetworkReply *PrtClient::sendRequest(const QString &tenant, const QByteArray &requestJwt,
                                      const QString &windowsApiVersion, QObject *context,
                                      CloudHttp::Callback done)
{
    const QByteArray body = CloudHttp::formEncode({
        {u"windows_api_version"_s, windowsApiVersion},
        {u"grant_type"_s, PrtRequest::kJwtBearer.toString()},
        {u"request"_s, QString::fromLatin1(requestJwt)},
        {u"client_info"_s, u"1"_s},
    });
    return m_http.post(tokenUrl(tenant), "application/x-www-form-urlencoded", body, {}, context,
                       std::move(done));
}

} // namespace Entra
