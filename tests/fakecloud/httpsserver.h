#pragma once

#include "cloud.h"

#include <QAbstractHttpServer>
#include <QSslConfiguration>

class QHttpServerResponder;

namespace FakeCloud {

// The TLS front end: Qt HttpServer with a certificate from fakecloud's test CA. It asks every
// client for a certificate (QueryPeer) and hands it to the DRS DELETE endpoint, which checks it
// itself. Responses are written as Cloud::handle() says, including delays and cut-off bodies.
class HttpsServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    explicit HttpsServer(Cloud &cloud, QObject *parent = nullptr);

    // Listens on 127.0.0.1:port (0 = a free port); returns the port, or 0 and sets error.
    quint16 listenOnLoopback(quint16 port, QString *error);

    static QSslConfiguration sslConfiguration(const KeyRing &keys);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    static void send(QHttpServerResponder &responder, QTcpSocket *socket, const Delivery &delivery);

    Cloud &m_cloud;
};

} // namespace FakeCloud
