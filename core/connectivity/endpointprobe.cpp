#include "endpointprobe.h"

#include <QHostInfo>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QSslSocket>
#include <QTcpSocket>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

using Cause = EndpointResult::Cause;

EndpointProbe::EndpointProbe(ConnectivityTarget target, const ConnectivityOptions &options,
                             QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_result.target = std::move(target);
    m_timer.setSingleShot(true);
}

void EndpointProbe::armTimer(const std::function<void()> &onTimeout)
{
    m_timer.disconnect();
    connect(&m_timer, &QTimer::timeout, this, onTimeout);
    m_timer.start(m_options.timeoutMs);
}

void EndpointProbe::start()
{
    const QUrl &url = m_result.target.url;
    if (m_options.proxy) {
        m_proxy = *m_options.proxy;
    } else {
        const QList<QNetworkProxy> proxies
            = QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(url));
        m_proxy = proxies.isEmpty() ? QNetworkProxy(QNetworkProxy::NoProxy) : proxies.first();
    }
    if (m_proxy.type() == QNetworkProxy::HttpProxy
        || m_proxy.type() == QNetworkProxy::Socks5Proxy) {
        m_result.proxy
            = u"%1://%2:%3"_s
                  .arg(m_proxy.type() == QNetworkProxy::HttpProxy ? u"http"_s : u"socks5"_s,
                       m_proxy.hostName())
                  .arg(m_proxy.port());
        m_host = m_proxy.hostName();
        m_port = m_proxy.port();
    } else {
        m_proxy = QNetworkProxy(QNetworkProxy::NoProxy);
        m_result.proxy = u"DIRECT"_s;
        m_host = url.host();
        m_port = quint16(url.port(443));
    }
    m_result.steps << u"Proxy: "_s + m_result.proxy;
    resolve();
}

void EndpointProbe::resolve()
{
    QHostAddress literal;
    if (literal.setAddress(m_host)) {
        m_result.steps << u"DNS: %1 is an address"_s.arg(m_host);
        connectTcp(literal);
        return;
    }
    armTimer([this] {
        fail(Cause::NoDns,
             u"The name %1 did not resolve within %2 s (DNS)."_s.arg(m_host).arg(m_options.timeoutMs
                                                                                 / 1000.0),
             u"Check the DNS servers and that the name may be resolved from this network."_s);
    });
    QHostInfo::lookupHost(m_host, this, [this](const QHostInfo &info) {
        m_timer.stop();
        if (m_done)
            return;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            fail(m_proxy.type() == QNetworkProxy::NoProxy ? Cause::NoDns : Cause::ProxyUnreachable,
                 u"The name %1 does not resolve (DNS): %2"_s.arg(m_host, info.errorString()),
                 m_proxy.type() == QNetworkProxy::NoProxy
                     ? u"Check the DNS servers, or whether the name is blocked on this network."_s
                     : u"The proxy's name does not resolve: check the proxy setting."_s);
            return;
        }
        QStringList addresses;
        for (const QHostAddress &a : info.addresses())
            addresses << a.toString();
        m_result.steps << u"DNS: %1 → %2"_s.arg(m_host, addresses.join(u", "_s));
        connectTcp(info.addresses().constFirst());
    });
}

void EndpointProbe::connectTcp(const QHostAddress &address)
{
    auto *socket = new QTcpSocket(this);
    socket->setProxy(QNetworkProxy::NoProxy);
    const bool viaProxy = m_proxy.type() != QNetworkProxy::NoProxy;
    const QString where = u"%1:%2"_s.arg(address.toString()).arg(m_port);
    armTimer([this, socket, where, viaProxy] {
        socket->abort();
        fail(viaProxy ? Cause::ProxyUnreachable : Cause::ConnectTimeout,
             u"No answer from %1 within %2 s: a firewall drops the traffic%3."_s.arg(where)
                 .arg(m_options.timeoutMs / 1000.0)
                 .arg(viaProxy ? u" to the proxy"_s : QString()),
             u"Allow outgoing HTTPS (TCP %1) to this host, or use the organisation's proxy."_s.arg(
                 m_port));
    });
    connect(socket, &QTcpSocket::connected, this, [this, socket, where] {
        m_timer.stop();
        m_result.steps << u"TCP: connected to "_s + where;
        socket->abort();
        socket->deleteLater();
        handshake();
    });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket, where, viaProxy] {
        m_timer.stop();
        const QString reason = socket->errorString();
        socket->deleteLater();
        if (viaProxy)
            fail(Cause::ProxyUnreachable,
                 u"The proxy %1 does not accept connections (%2)."_s.arg(m_result.proxy, reason),
                 u"Check the proxy setting (https_proxy) and that the proxy runs."_s);
        else
            fail(Cause::ConnectionRefused,
                 u"%1 refused the connection (%2): nothing listens there, or a firewall rejects "
                 u"port %3."_s.arg(where, reason)
                     .arg(m_port),
                 u"Allow outgoing HTTPS (TCP %1) to this host."_s.arg(m_port));
    });
    socket->connectToHost(address, m_port);
}

void EndpointProbe::handshake()
{
    auto *socket = new QSslSocket(this);
    m_socket = socket;
    socket->setProxy(m_proxy);
    socket->setSslConfiguration(m_options.ssl);
    auto errors = std::make_shared<QList<QSslError>>();
    connect(socket, &QSslSocket::sslErrors, this, [errors](const QList<QSslError> &list) {
        *errors << list; // never ignored: the handshake fails and says why
    });
    armTimer([this, socket] {
        socket->abort();
        fail(Cause::Timeout, u"The TLS handshake did not finish in time."_s,
             u"Something on the way holds the connection open without answering; check the "
             u"proxy or firewall."_s);
    });
    connect(socket, &QSslSocket::encrypted, this, [this, socket] {
        m_timer.stop();
        const QSslCertificate peer = socket->peerCertificate();
        m_result.certificateIssuer = peer.issuerDisplayName();
        m_result.certificateExpiry = peer.expiryDate().toUTC();
        m_result.steps << u"TLS: %1, certificate for %2 issued by %3, valid until %4"_s.arg(
            socket->sessionProtocol() == QSsl::TlsV1_3 ? u"TLS 1.3"_s : u"TLS 1.2"_s,
            peer.subjectDisplayName(), peer.issuerDisplayName(),
            peer.expiryDate().toUTC().toString(Qt::ISODate));
        socket->abort();
        socket->deleteLater();
        m_socket = nullptr;
        request();
    });
    connect(socket, &QSslSocket::errorOccurred, this, [this, socket, errors] {
        m_timer.stop();
        const QString reason = socket->errorString();
        const QSslCertificate peer = socket->peerCertificate();
        socket->deleteLater();
        m_socket = nullptr;
        if (m_done)
            return;
        QStringList texts;
        bool untrusted = false, expired = false, wrongHost = false;
        for (const QSslError &e : std::as_const(*errors)) {
            texts << e.errorString();
            switch (e.error()) {
            case QSslError::HostNameMismatch:
                wrongHost = true;
                break;
            case QSslError::CertificateExpired:
            case QSslError::CertificateNotYetValid:
                expired = true;
                break;
            default:
                untrusted = true;
            }
        }
        if (!peer.isNull()) {
            m_result.certificateIssuer = peer.issuerDisplayName();
            m_result.certificateExpiry = peer.expiryDate().toUTC();
        }
        const QString detail = texts.isEmpty() ? reason : texts.join(u"; "_s);
        if (untrusted)
            fail(Cause::TlsUntrusted,
                 u"The server's certificate chain is not trusted (issued by \"%1\"): a "
                 u"TLS-intercepting proxy or a wrong server answers. %2"_s.arg(
                     m_result.certificateIssuer, detail),
                 u"Exclude the Microsoft endpoints from TLS inspection; trust the proxy's CA "
                 u"(--ca-file) only if the organisation runs it."_s);
        else if (expired)
            fail(Cause::TlsExpired,
                 u"The server's certificate is expired or not yet valid: %1"_s.arg(detail),
                 u"Check this device's clock; if it is right, the server (or a proxy) uses an "
                 u"expired certificate."_s);
        else if (wrongHost)
            fail(Cause::TlsWrongHost,
                 u"The certificate is not for %1: %2"_s.arg(m_result.target.url.host(), detail),
                 u"DNS or a proxy sends the connection to another server; check both."_s);
        else
            fail(Cause::TlsNotSpoken,
                 u"The TLS handshake failed (%1): the server on the port does not speak TLS."_s.arg(
                     reason),
                 u"Another service, or a proxy expecting plain HTTP, answers on this port; check "
                 u"the proxy and the address."_s);
    });
    const QUrl &url = m_result.target.url;
    socket->connectToHostEncrypted(url.host(), quint16(url.port(443)));
}

void EndpointProbe::request()
{
    m_manager = new QNetworkAccessManager(this);
    m_manager->setProxy(m_proxy);
    QNetworkRequest req(m_result.target.url);
    req.setSslConfiguration(m_options.ssl);
    req.setTransferTimeout(m_options.timeoutMs);
    req.setRawHeader("Accept", "application/json");
    req.setRawHeader("ocp-adrs-client-name", "dsreg"); // as DSRegTool's connectivity test
    req.setRawHeader("ocp-adrs-client-version", "10");
    QNetworkReply *reply = m_manager->get(req);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (m_done)
            return;
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (!status.isValid()) {
            fail(Cause::Timeout, u"The HTTP request failed: %1"_s.arg(reply->errorString()),
                 u"Check the proxy and try again."_s);
            return;
        }
        m_result.httpStatus = status.toInt();
        const QByteArray type = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        const QByteArray body = reply->read(512);
        m_result.steps << u"HTTP: %1 %2"_s.arg(m_result.httpStatus).arg(QString::fromLatin1(type));
        const bool html = type.contains("html") || body.trimmed().startsWith("<!DOCTYPE html")
            || body.trimmed().startsWith("<html");
        if (m_result.httpStatus == 407)
            fail(Cause::ProxyAuthRequired, u"The proxy requires authentication (HTTP 407)."_s,
                 u"Allow the device (the SYSTEM/computer account for registration) through the "
                 u"proxy without interactive authentication."_s);
        else if (html)
            fail(Cause::ProxyHtml,
                 u"An HTML page answered (HTTP %1) instead of the service: a proxy's login or "
                 u"block page."_s.arg(m_result.httpStatus),
                 u"Exclude the Microsoft endpoints from the proxy's authentication and "
                 u"filtering."_s);
        else if (m_result.httpStatus >= 500)
            fail(Cause::ServiceError,
                 u"The service answered HTTP %1 (a server error)."_s.arg(m_result.httpStatus),
                 u"Try again later."_s);
        else if (!m_result.target.anyHttpStatus
                 && (m_result.httpStatus < 200 || m_result.httpStatus >= 300))
            fail(Cause::UnexpectedStatus,
                 u"The service answered HTTP %1 where 200 was expected."_s.arg(m_result.httpStatus),
                 u"Check the tenant name and that nothing rewrites the request."_s);
        else
            succeed();
    });
}

void EndpointProbe::abandon(int afterMs)
{
    if (m_done)
        return;
    m_timer.stop();
    // Late answers of the sockets and the request must not reach a finished probe.
    for (QAbstractSocket *socket : findChildren<QAbstractSocket *>()) {
        socket->disconnect(this);
        socket->abort();
    }
    if (m_manager) {
        for (QNetworkReply *reply : m_manager->findChildren<QNetworkReply *>()) {
            reply->disconnect(this);
            reply->abort();
        }
    }
    const QString layer = m_result.steps.isEmpty() ? u"the start"_s
                                                   : m_result.steps.constLast().section(u':', 0, 0);
    fail(Cause::Timeout,
         u"Not finished within the overall limit of %1 s (the last layer that answered: %2)."_s
             .arg(afterMs / 1000.0)
             .arg(layer),
         u"Something on the way holds the connection open without answering, or the network is "
         u"very slow; check the proxy and firewall."_s);
}

void EndpointProbe::fail(Cause cause, const QString &message, const QString &fix)
{
    if (m_done)
        return;
    m_done = true;
    m_result.cause = cause;
    m_result.message = message;
    m_result.fix = fix;
    Q_EMIT finished();
}

void EndpointProbe::succeed()
{
    if (m_done)
        return;
    m_done = true;
    Q_EMIT finished();
}

} // namespace Entra
