#pragma once

#include "connectivitycheck.h"

#include <QHostAddress>
#include <QTimer>

class QAbstractSocket;
class QNetworkAccessManager;

namespace Entra {

// One target, one layer after the other; each layer starts when the previous succeeded.
class EndpointProbe : public QObject
{
    Q_OBJECT

public:
    EndpointProbe(ConnectivityTarget target, const ConnectivityOptions &options,
                  QObject *parent = nullptr);
    void start();
    // Stops where the probe is and reports a timeout at that layer (the overall limit ran out).
    void abandon(int afterMs);
    bool isDone() const { return m_done; }
    const EndpointResult &result() const { return m_result; }

Q_SIGNALS:
    void finished();

private:
    void resolve();
    void connectTcp(const QHostAddress &address);
    void handshake();
    void request();
    void fail(EndpointResult::Cause cause, const QString &message, const QString &fix);
    void succeed();
    void armTimer(const std::function<void()> &onTimeout);

    EndpointResult m_result;
    ConnectivityOptions m_options;
    QNetworkProxy m_proxy;
    QString m_host; // what DNS and TCP reach: the endpoint, or the proxy
    quint16 m_port = 443;
    QTimer m_timer;
    QAbstractSocket *m_socket = nullptr;
    QNetworkAccessManager *m_manager = nullptr;
    bool m_done = false;
};

} // namespace Entra
