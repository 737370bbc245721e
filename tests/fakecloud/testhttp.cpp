#include "testhttp.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QSignalSpy>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloudTest {

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &item : headers) {
        if (item.first.compare(name, Qt::CaseInsensitive) == 0)
            return item.second;
    }
    return {};
}

HttpResult send(const HttpRequest &request)
{
    QNetworkAccessManager manager;
    QNetworkRequest networkRequest(request.url);
    networkRequest.setSslConfiguration(request.ssl);
    networkRequest.setTransferTimeout(request.timeoutMs);
    if (!request.contentType.isEmpty())
        networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
    for (const auto &header : request.headers)
        networkRequest.setRawHeader(header.first, header.second);
    QNetworkReply *reply = manager.sendCustomRequest(networkRequest, request.method, request.body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    HttpResult result;
    result.finished = finished.wait(request.timeoutMs + 5000) || !finished.isEmpty();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.json = QJsonDocument::fromJson(result.body).object();
    result.headers = reply->rawHeaderPairs();
    result.error = reply->error();
    result.errorString = reply->errorString();
    delete reply;
    return result;
}

HttpResult get(const QUrl &url, const QSslConfiguration &ssl,
               const QList<QPair<QByteArray, QByteArray>> &headers)
{
    HttpRequest request;
    request.url = url;
    request.ssl = ssl;
    request.headers = headers;
    return send(request);
}

HttpResult postForm(const QUrl &url, const QSslConfiguration &ssl, const QByteArray &body)
{
    HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.ssl = ssl;
    request.body = body;
    request.contentType = "application/x-www-form-urlencoded";
    return send(request);
}

HttpResult postJson(const QUrl &url, const QSslConfiguration &ssl, const QJsonObject &json,
                    const QByteArray &bearer)
{
    HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.ssl = ssl;
    request.body = QJsonDocument(json).toJson(QJsonDocument::Compact);
    request.contentType = "application/json";
    request.headers.append(qMakePair(QByteArray("Accept"), QByteArray("application/json")));
    if (!bearer.isEmpty())
        request.headers.append(
            qMakePair(QByteArray("Authorization"), QByteArray("Bearer " + bearer)));
    return send(request);
}

QByteArray form(const QList<QPair<QString, QString>> &pairs)
{
    QByteArray body;
    for (const auto &pair : pairs) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(pair.first) + '=' + QUrl::toPercentEncoding(pair.second);
    }
    return body;
}

} // namespace FakeCloudTest
