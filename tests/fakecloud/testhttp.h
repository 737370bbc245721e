#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QUrl>

// Real HTTPS requests for the fakecloud tests: a fresh QNetworkAccessManager per request (so a
// TLS client certificate is never mixed up with a pooled connection), waiting with QSignalSpy.
namespace FakeCloudTest {

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QJsonObject json;
    QList<QNetworkReply::RawHeaderPair> headers;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    bool finished = false;

    QByteArray header(const QByteArray &name) const;
};

struct HttpRequest
{
    QByteArray method = "GET";
    QUrl url;
    QByteArray body;
    QByteArray contentType;
    QList<QPair<QByteArray, QByteArray>> headers;
    QSslConfiguration ssl; // trust and client certificate
    int timeoutMs = 20000;
};

HttpResult send(const HttpRequest &request);
HttpResult get(const QUrl &url, const QSslConfiguration &ssl,
               const QList<QPair<QByteArray, QByteArray>> &headers = {});
HttpResult postForm(const QUrl &url, const QSslConfiguration &ssl, const QByteArray &form);
HttpResult postJson(const QUrl &url, const QSslConfiguration &ssl, const QJsonObject &json,
                    const QByteArray &bearer = {});

// x-www-form-urlencoded from pairs, values percent-encoded ('+' included).
QByteArray form(const QList<QPair<QString, QString>> &pairs);

} // namespace FakeCloudTest
