#pragma once

#include "cloud/cloudendpoints.h"
#include "common/result.h"
#include "diagnostics/finding.h"

#include <QList>
#include <QNetworkProxy>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

#include <optional>

namespace Entra {

struct DeviceEnvironmentOptions;

// One endpoint registration and sign-in need (DSREGCMD.md §7, §11).
struct ConnectivityTarget
{
    QString name; // "login", "device.login", "drs-discovery", "graph"
    QUrl url;
    bool anyHttpStatus = false; // reachable is enough (Graph answers 401 without a token)

    // login, device.login, DRS discovery for `tenant`, Graph: Microsoft's hosts, or all under
    // the `--cloud` base.
    static QList<ConnectivityTarget> standard(const CloudEndpoints &endpoints,
                                              const QString &tenant, bool customCloud);
};

// What happened at each layer, and the first layer that failed with its cause named.
struct EndpointResult
{
    enum class Cause {
        None,
        NoDns, // the name does not resolve
        ConnectionRefused, // nothing listens, or a firewall rejects
        ConnectTimeout, // a firewall drops the packets
        ProxyUnreachable, // the configured proxy does not answer
        TlsNotSpoken, // something else answers on the port
        TlsUntrusted, // a TLS-intercepting proxy or a wrong server
        TlsExpired,
        TlsWrongHost,
        ProxyAuthRequired, // HTTP 407
        ProxyHtml, // an HTML page instead of the service's answer
        ServiceError, // HTTP 5xx
        UnexpectedStatus,
        Timeout, // TLS or HTTP did not finish in time
    };

    ConnectivityTarget target;
    QString proxy; // "DIRECT" or "http://proxy:8080"
    QStringList steps; // "DNS: 127.0.0.1", "TCP: connected to 127.0.0.1:443", ...
    Cause cause = Cause::None;
    QString message; // the cause in plain words
    QString fix;
    int httpStatus = 0;
    QString certificateIssuer;
    QDateTime certificateExpiry;

    bool ok() const { return cause == Cause::None; }
};

QString causeName(EndpointResult::Cause cause); // "no-dns", "tls-untrusted", ...

struct ConnectivityOptions
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration(); // trust: system + --ca-file
    std::optional<QNetworkProxy> proxy; // empty: the system's (environment) proxy for each URL
    int timeoutMs = 10000; // per layer
    // All endpoints together; 0: no limit. An endpoint still being probed when it runs out is
    // reported as a timeout at the layer it had reached.
    int overallTimeoutMs = 0;
};

// The standard targets and the trust of an environment (--cloud, --ca-file); the tenant selects
// DRS discovery (empty: "common"). An unreadable CA file is an error.
QList<ConnectivityTarget> connectivityTargetsFor(const DeviceEnvironmentOptions &environment,
                                                 const QString &tenant);
Result<ConnectivityOptions> connectivityOptionsFor(const DeviceEnvironmentOptions &environment);

// Probes each target layer by layer (proxy, DNS, TCP, TLS, HTTP), all targets in parallel, on
// the calling thread's event loop; never blocks. Emits finished() once with one result per
// target, in the order given.
class ConnectivityCheck : public QObject
{
    Q_OBJECT

public:
    explicit ConnectivityCheck(QList<ConnectivityTarget> targets, ConnectivityOptions options = {},
                               QObject *parent = nullptr);
    void start();
    const QList<EndpointResult> &results() const { return m_results; }

    // One finding per endpoint: pass, or fail with the layer and the cause.
    static QList<Finding> findings(const QList<EndpointResult> &results);

Q_SIGNALS:
    void finished(const QList<Entra::EndpointResult> &results);

private:
    void probeDone();
    void overallTimeout();

    QList<ConnectivityTarget> m_targets;
    ConnectivityOptions m_options;
    QList<EndpointResult> m_results;
    int m_pending = 0;
    QTimer *m_deadline = nullptr;
};

} // namespace Entra
