#pragma once

#include "common/result.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QSslKey>

#include <functional>


namespace Entra {

struct HttpResponse
{
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;

    bool isSuccess() const { return status >= 200 && status < 300; }
    QJsonObject json() const;
    QByteArray header(const QByteArray &name) const;
};

// Asynchronous HTTPS for the protocol clients. TLS is always verified: against the system CAs
// plus any CA file the user trusts explicitly (fakecloud's test CA). An HTTP status, even 4xx
// or 5xx, is a response; only transport failures (DNS, TCP, TLS, timeout, a connection that
// died before the whole answer arrived) are errors, and those say which of them it was.
// A POST goes out once: Qt would silently send it again when the connection dies before the
// answer, and a join or a key registration the service already carried out would then happen
// twice; instead the lost answer is reported (see answerLost()).
class CloudHttp : public QObject
{
    Q_OBJECT

public:
    using Callback = std::function<void(Result<HttpResponse>)>;

    explicit CloudHttp(QObject *parent = nullptr);

    Status trustCaFile(const QString &pemPath);
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    // `context` owns the callback: if it is gone when the reply arrives, nothing is called.
    // The returned reply may be aborted to cancel.
    QNetworkReply *get(const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers,
                       QObject *context, Callback callback);
    QNetworkReply *post(const QUrl &url, const QByteArray &contentType, const QByteArray &body,
                        const QList<std::pair<QByteArray, QByteArray>> &headers,
                        QObject *context, Callback callback);
    // Any other verb (DELETE with a bearer token), no body.
    QNetworkReply *sendCustom(const QByteArray &verb, const QUrl &url,
                              const QList<std::pair<QByteArray, QByteArray>> &headers,
                              QObject *context, Callback callback);
    // DELETE authenticated by a TLS client certificate (PROTOCOL.md §4).
    QNetworkReply *deleteWithClientCertificate(const QUrl &url, const QSslCertificate &certificate,
                                               const QSslKey &key, QObject *context,
                                               Callback callback);
    // GET authenticated by the device certificate (the DeviceAuthStatus check).
    QNetworkReply *getWithClientCertificate(const QUrl &url, const QSslCertificate &certificate,
                                            const QSslKey &key, QObject *context,
                                            Callback callback);

    // Form encoding that also escapes '+', which QUrlQuery leaves alone.
    static QByteArray formEncode(const QList<std::pair<QString, QString>> &fields);

    // True when `error` says a request went out but no usable answer came back (the connection
    // died or timed out on the way, or a 2xx answer could not be read): the service may have
    // carried it out. Refusals, and failures before the request was sent, are not.
    static bool answerLost(const Error &error);

private:
    QNetworkRequest request(const QUrl &url,
                            const QList<std::pair<QByteArray, QByteArray>> &headers) const;
    QNetworkReply *sendWithClientCertificate(const QByteArray &verb, const QUrl &url,
                                             const QSslCertificate &certificate,
                                             const QSslKey &key, QObject *context,
                                             Callback callback);
    QNetworkReply *track(QNetworkReply *reply, QObject *context, Callback callback);

    QNetworkAccessManager m_manager;
    QSslConfiguration m_ssl;
    std::chrono::milliseconds m_timeout{30000};
};

} // namespace Entra
