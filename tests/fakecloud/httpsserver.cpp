#include "httpsserver.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>

#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

} // namespace

HttpsServer::HttpsServer(Cloud &cloud, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_cloud(cloud)
{ }

QSslConfiguration HttpsServer::sslConfiguration(const KeyRing &keys)
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(QSslCertificate(keys.server.certificate.pem(), QSsl::Pem));
    configuration.setPrivateKey(QSslKey(keys.server.key.privatePem(), QSsl::Ec, QSsl::Pem));
    // Request a client certificate from everyone (DELETE needs it) but let the handshake pass
    // without one; the acceptable-CA list names MS-Organization-Access.
    configuration.setPeerVerifyMode(QSslSocket::QueryPeer);
    configuration.setCaCertificates(
        { QSslCertificate(keys.orgAccessCa.certificate.pem(), QSsl::Pem) });
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    return configuration;
}

quint16 HttpsServer::listenOnLoopback(quint16 port, QString *error)
{
    const QSslConfiguration configuration = sslConfiguration(m_cloud.keys());
    if (configuration.localCertificate().isNull() || configuration.privateKey().isNull()) {
        *error = u"Qt cannot load the server certificate or key"_s;
        return 0;
    }
    sslSetup(configuration);
    const quint16 bound = listen(QHostAddress::LocalHost, port);
    if (bound == 0)
        *error = u"cannot listen on 127.0.0.1:%1"_s.arg(port);
    return bound;
}

bool HttpsServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpRequest converted;
    converted.method = methodName(request.method());
    converted.path = request.url().path(QUrl::FullyDecoded);
    converted.query = request.query();
    for (const auto &header : request.headers())
        converted.headers.append({ header.first.toLower(), header.second });
    converted.body = request.body();
    converted.remoteAddress = request.remoteAddress();
    if (const auto *ssl = qobject_cast<QSslSocket *>(socket))
        converted.peerCertificateDer = ssl->peerCertificate().toDer();

    const Delivery delivery = m_cloud.handle(converted);
    auto responder = std::make_shared<QHttpServerResponder>(makeResponder(request, socket));
    if (delivery.delayMs > 0) {
        QTimer::singleShot(delivery.delayMs, socket,
                           [responder, socket, delivery] { send(*responder, socket, delivery); });
    } else {
        send(*responder, socket, delivery);
    }
    return true;
}

void HttpsServer::missingHandler(const QHttpServerRequest &, QTcpSocket *)
{
    // handleRequest() answers everything (unknown paths get a 404 from the cloud).
}

void HttpsServer::send(QHttpServerResponder &responder, QTcpSocket *socket,
                       const Delivery &delivery)
{
    if (!socket->isOpen() || socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (delivery.drop) { // reset by a middlebox: no status line, no TLS close_notify
        socket->abort();
        return;
    }
    const HttpResponse &response = delivery.response;
    responder.writeStatusLine(QHttpServerResponder::StatusCode(response.status));
    if (!response.contentType.isEmpty())
        responder.writeHeader("Content-Type", response.contentType);
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    for (const auto &header : response.headers)
        responder.writeHeader(header.first, header.second);
    if (delivery.closeAfterBodyBytes < 0) {
        responder.writeBody(response.body);
        return;
    }
    // A connection that dies mid-response: the head promises more than arrives.
    responder.writeBody(response.body.left(delivery.closeAfterBodyBytes));
    socket->flush();
    socket->disconnectFromHost();
}

} // namespace FakeCloud
