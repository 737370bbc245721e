#include "cloudhttp.h"

#include <QFile>
#include <QIODevice>

#include <cstring>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSslCertificate>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

// A request body Qt can read once: without it Qt 6 re-sends a request whose connection closed
// before the answer, up to three times, POSTs included. With it, Qt reports ContentReSendError.
class OneShotBody : public QIODevice
{
public:
    OneShotBody(QByteArray data, QObject *parent)
        : QIODevice(parent)
        , m_data(std::move(data))
    {
        open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }
    bool reset() override { return false; }
    qint64 bytesAvailable() const override
    {
        return m_data.size() - m_position + QIODevice::bytesAvailable();
    }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = qMin(maxSize, qint64(m_data.size()) - m_position);
        if (n <= 0)
            return m_position >= m_data.size() ? -1 : 0;
        std::memcpy(data, m_data.constData() + m_position, size_t(n));
        m_position += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_position = 0;
};

// Failures of the connection itself (as opposed to an HTTP status, which is an answer).
bool isTransportFailure(QNetworkReply::NetworkError error)
{
    return error != QNetworkReply::NoError && error < QNetworkReply::ProxyConnectionRefusedError;
}

} // namespace

QJsonObject HttpResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray HttpResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

CloudHttp::CloudHttp(QObject *parent)
    : QObject(parent)
    , m_ssl(QSslConfiguration::defaultConfiguration())
{
    m_manager.setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
}

Status CloudHttp::trustCaFile(const QString &pemPath)
{
    QFile file(pemPath);
    if (!file.open(QIODevice::ReadOnly))
        return Error{ErrorDomain::Io, file.error(),
                     u"Cannot read the CA file %1: %2."_s.arg(pemPath, file.errorString()),
                     u"Check the path given with --ca-file."_s, {}};
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(file.readAll());
    if (certificates.isEmpty())
        return Error{ErrorDomain::Crypto, 0,
                     u"%1 holds no PEM certificate to trust."_s.arg(pemPath),
                     u"--ca-file expects CA certificates in PEM form."_s, {}};
    m_ssl.addCaCertificates(certificates);
    return Success{};
}

QNetworkRequest CloudHttp::request(const QUrl &url,
                                   const QList<std::pair<QByteArray, QByteArray>> &headers) const
{
    QNetworkRequest request(url);
    request.setSslConfiguration(m_ssl);
    request.setTransferTimeout(int(m_timeout.count()));
    request.setHeader(QNetworkRequest::UserAgentHeader, u"EntraDoctor/%1"_s.arg(
                                                            QStringLiteral(ENTRA_DOCTOR_VERSION)));
    request.setRawHeader("Accept", "application/json");
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return request;
}

QNetworkReply *CloudHttp::get(const QUrl &url,
                              const QList<std::pair<QByteArray, QByteArray>> &headers,
                              QObject *context, Callback callback)
{
    return track(m_manager.get(request(url, headers)), context, std::move(callback));
}

QNetworkReply *CloudHttp::post(const QUrl &url, const QByteArray &contentType,
                               const QByteArray &body,
                               const QList<std::pair<QByteArray, QByteArray>> &headers,
                               QObject *context, Callback callback)
{
    QNetworkRequest req = request(url, headers);
    req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    req.setHeader(QNetworkRequest::ContentLengthHeader, body.size());
    req.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
    // Over HTTP/1.1, where the send-once behaviour is what fakecloud tests; the few POSTs of an
    // operation gain nothing from HTTP/2.
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    auto *once = new OneShotBody(body, nullptr);
    QNetworkReply *reply = m_manager.post(req, once);
    once->setParent(reply);
    return track(reply, context, std::move(callback));
}

QNetworkReply *CloudHttp::sendCustom(const QByteArray &verb, const QUrl &url,
                                     const QList<std::pair<QByteArray, QByteArray>> &headers,
                                     QObject *context, Callback callback)
{
    return track(m_manager.sendCustomRequest(request(url, headers), verb), context,
                 std::move(callback));
}

QNetworkReply *CloudHttp::deleteWithClientCertificate(const QUrl &url,
                                                      const QSslCertificate &certificate,
                                                      const QSslKey &key, QObject *context,
                                                      Callback callback)
{
    return sendWithClientCertificate("DELETE", url, certificate, key, context,
                                     std::move(callback));
}

QNetworkReply *CloudHttp::getWithClientCertificate(const QUrl &url,
                                                   const QSslCertificate &certificate,
                                                   const QSslKey &key, QObject *context,
                                                   Callback callback)
{
    return sendWithClientCertificate("GET", url, certificate, key, context, std::move(callback));
}

QNetworkReply *CloudHttp::sendWithClientCertificate(const QByteArray &verb, const QUrl &url,
                                                    const QSslCertificate &certificate,
                                                    const QSslKey &key, QObject *context,
                                                    Callback callback)
{
    QNetworkRequest req = request(url, {});
    QSslConfiguration ssl = req.sslConfiguration();
    ssl.setLocalCertificate(certificate);
    ssl.setPrivateKey(key);
    req.setSslConfiguration(ssl);
    // A pooled connection to the same host would go out without the client certificate, so
    // these requests get a manager (and so a connection) of their own.
    auto *manager = new QNetworkAccessManager(this);
    manager->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = manager->sendCustomRequest(req, verb);
    connect(reply, &QObject::destroyed, manager, &QObject::deleteLater);
    return track(reply, context, std::move(callback));
}

QNetworkReply *CloudHttp::track(QNetworkReply *reply, QObject *context, Callback callback)
{
    auto sslErrors = std::make_shared<QStringList>();
    connect(reply, &QNetworkReply::sslErrors, reply, [sslErrors](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            sslErrors->append(error.errorString());
        // Never ignored: the handshake fails and the reply reports it.
    });
    connect(reply, &QNetworkReply::finished, context,
            [reply, sslErrors, callback = std::move(callback)] {
                reply->deleteLater();
                const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
                // A status line followed by a dead connection is not an answer: the body is cut.
                if (status.isValid() && !isTransportFailure(reply->error())) {
                    callback(HttpResponse{status.toInt(), reply->readAll(),
                                          reply->rawHeaderPairs()});
                    return;
                }
                const QString host = reply->url().host();
                Error error{ErrorDomain::Cloud, reply->error(), {}, {}, reply->errorString()};
                switch (reply->error()) {
                case QNetworkReply::HostNotFoundError:
                    error.message = u"The name %1 cannot be resolved (DNS)."_s.arg(host);
                    error.fix = u"Check the network connection and the DNS server."_s;
                    break;
                case QNetworkReply::ConnectionRefusedError:
                    error.message = u"%1 refused the connection."_s.arg(host);
                    error.fix = u"A firewall may block port 443, or the address is wrong."_s;
                    break;
                case QNetworkReply::SslHandshakeFailedError:
                    error.message = u"The TLS connection to %1 failed: %2"_s.arg(
                        host, sslErrors->isEmpty() ? reply->errorString()
                                                   : sslErrors->join(u"; "_s));
                    error.fix = u"The server's certificate is not trusted. A TLS-intercepting "
                                u"proxy causes this; trust its CA with --ca-file only if your "
                                u"organisation runs it."_s;
                    break;
                case QNetworkReply::OperationCanceledError:
                case QNetworkReply::TimeoutError:
                    error.message = u"%1 did not answer in time, or the request was cancelled."_s
                                        .arg(host);
                    error.fix = u"Check the connection and any proxy, then try again."_s;
                    break;
                case QNetworkReply::RemoteHostClosedError:
                    error.message = status.isValid()
                        ? u"%1 closed the connection in the middle of its answer (HTTP %2)."_s.arg(
                              host, status.toString())
                        : u"%1 closed the connection before answering."_s.arg(host);
                    error.fix = u"Try again; a proxy may be dropping the connection."_s;
                    break;
                case QNetworkReply::ContentReSendError: // a POST that Qt wanted to send again
                    error.message = u"%1 closed the connection before answering; the request was "
                                    u"not sent again, so that it cannot happen twice."_s.arg(host);
                    error.fix = u"Try again; a proxy may be dropping the connection."_s;
                    error.code = QNetworkReply::RemoteHostClosedError;
                    break;
                default:
                    error.message = u"The request to %1 failed: %2."_s.arg(host,
                                                                           reply->errorString());
                    break;
                }
                callback(error);
            });
    return reply;
}

bool CloudHttp::answerLost(const Error &error)
{
    if (error.domain != ErrorDomain::Cloud)
        return false;
    switch (error.code) {
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // the transfer timeout
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProtocolFailure:
        return true;
    default:
        // A 2xx answer the client could not read (DrsClient, KeyProvisioningClient).
        return error.code >= 200 && error.code < 300;
    }
}

QByteArray CloudHttp::formEncode(const QList<std::pair<QString, QString>> &fields)
{
    QByteArray body;
    for (const auto &[name, value] : fields) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return body;
}

} // namespace Entra
