#include "connectivitycheck.h"

#include "endpointprobe.h"
#include "local/deviceenvironment.h"

#include <QFile>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

QString causeName(EndpointResult::Cause cause)
{
    using C = EndpointResult::Cause;
    switch (cause) {
    case C::None:
        return u"ok"_s;
    case C::NoDns:
        return u"no-dns"_s;
    case C::ConnectionRefused:
        return u"connection-refused"_s;
    case C::ConnectTimeout:
        return u"connect-timeout"_s;
    case C::ProxyUnreachable:
        return u"proxy-unreachable"_s;
    case C::TlsNotSpoken:
        return u"tls-not-spoken"_s;
    case C::TlsUntrusted:
        return u"tls-untrusted"_s;
    case C::TlsExpired:
        return u"tls-expired"_s;
    case C::TlsWrongHost:
        return u"tls-wrong-host"_s;
    case C::ProxyAuthRequired:
        return u"proxy-auth-required"_s;
    case C::ProxyHtml:
        return u"proxy-html"_s;
    case C::ServiceError:
        return u"service-error"_s;
    case C::UnexpectedStatus:
        return u"unexpected-status"_s;
    case C::Timeout:
        break;
    }
    return u"timeout"_s;
}

// The cause as the end of a sentence: "login.microsoftonline.com is not reachable: ...".
static QString causeTitle(EndpointResult::Cause cause)
{
    using C = EndpointResult::Cause;
    switch (cause) {
    case C::None:
        return {};
    case C::NoDns:
        return u"the name does not resolve (DNS)"_s;
    case C::ConnectionRefused:
        return u"the connection is refused (blocked port?)"_s;
    case C::ConnectTimeout:
        return u"no answer (a firewall drops the traffic)"_s;
    case C::ProxyUnreachable:
        return u"the proxy does not answer"_s;
    case C::TlsNotSpoken:
        return u"the server does not speak TLS"_s;
    case C::TlsUntrusted:
        return u"untrusted certificate (TLS interception?)"_s;
    case C::TlsExpired:
        return u"the certificate is expired"_s;
    case C::TlsWrongHost:
        return u"the certificate is for another host"_s;
    case C::ProxyAuthRequired:
        return u"the proxy wants authentication"_s;
    case C::ProxyHtml:
        return u"a proxy answers with an HTML page"_s;
    case C::ServiceError:
        return u"the service answers with a server error"_s;
    case C::UnexpectedStatus:
        return u"unexpected HTTP status"_s;
    case C::Timeout:
        break;
    }
    return u"timed out"_s;
}

QList<ConnectivityTarget> ConnectivityTarget::standard(const CloudEndpoints &endpoints,
                                                       const QString &tenant, bool customCloud)
{
    QUrl deviceLogin = endpoints.login;
    if (!customCloud) // DSRegTool also tests the device-auth host of the token service
        deviceLogin.setHost(u"device."_s + endpoints.login.host());
    const QString t = tenant.isEmpty() ? u"common"_s : tenant;
    return {
        { u"login"_s,
          CloudEndpoints::resolve(endpoints.login,
                                  u"/common/v2.0/.well-known/openid-configuration"_s),
          false },
        { u"device.login"_s,
          CloudEndpoints::resolve(deviceLogin, u"/common/.well-known/openid-configuration"_s),
          true },
        { u"drs-discovery"_s,
          CloudEndpoints::resolve(endpoints.drs, u"/%1/discover?api-version=1.7"_s.arg(t)),
          tenant.isEmpty() },
        { u"graph"_s, CloudEndpoints::resolve(endpoints.graph, u"/v1.0/devices"_s), true },
    };
}

QList<ConnectivityTarget> connectivityTargetsFor(const DeviceEnvironmentOptions &environment,
                                                 const QString &tenant)
{
    const bool custom = !environment.cloudBaseUrl.isEmpty();
    return ConnectivityTarget::standard(
        custom ? CloudEndpoints::fromBase(QUrl(environment.cloudBaseUrl))
               : CloudEndpoints::microsoft(),
        tenant, custom);
}

Result<ConnectivityOptions> connectivityOptionsFor(const DeviceEnvironmentOptions &environment)
{
    ConnectivityOptions options;
    if (environment.caFile.isEmpty())
        return options;
    QFile file(environment.caFile);
    if (!file.open(QIODevice::ReadOnly))
        return Error { ErrorDomain::Io,
                       0,
                       u"Cannot read the CA file %1: %2."_s.arg(environment.caFile,
                                                                file.errorString()),
                       {},
                       {} };
    const QList<QSslCertificate> cas = QSslCertificate::fromData(file.readAll());
    if (cas.isEmpty())
        return Error { ErrorDomain::Io,
                       0,
                       u"The CA file %1 holds no PEM certificate."_s.arg(environment.caFile),
                       {},
                       {} };
    options.ssl.addCaCertificates(cas);
    return options;
}

ConnectivityCheck::ConnectivityCheck(QList<ConnectivityTarget> targets, ConnectivityOptions options,
                                     QObject *parent)
    : QObject(parent)
    , m_targets(std::move(targets))
    , m_options(std::move(options))
{ }

void ConnectivityCheck::start()
{
    m_results.clear();
    m_pending = int(m_targets.size());
    if (m_options.overallTimeoutMs > 0 && !m_targets.isEmpty()) {
        delete m_deadline;
        m_deadline = new QTimer(this);
        m_deadline->setSingleShot(true);
        connect(m_deadline, &QTimer::timeout, this, &ConnectivityCheck::overallTimeout);
        m_deadline->start(m_options.overallTimeoutMs);
    }
    QList<EndpointProbe *> probes;
    for (const ConnectivityTarget &target : std::as_const(m_targets)) {
        auto *probe = new EndpointProbe(target, m_options, this);
        probes << probe;
        connect(probe, &EndpointProbe::finished, this, &ConnectivityCheck::probeDone);
    }
    for (EndpointProbe *probe : std::as_const(probes))
        probe->start();
    if (m_targets.isEmpty())
        Q_EMIT finished(m_results);
}

void ConnectivityCheck::overallTimeout()
{
    // abandon() finishes each probe still running, which ends the check through probeDone().
    for (EndpointProbe *probe : findChildren<EndpointProbe *>(Qt::FindDirectChildrenOnly))
        probe->abandon(m_options.overallTimeoutMs);
}

void ConnectivityCheck::probeDone()
{
    if (--m_pending > 0)
        return;
    if (m_deadline)
        m_deadline->stop();
    for (EndpointProbe *probe : findChildren<EndpointProbe *>(Qt::FindDirectChildrenOnly)) {
        m_results << probe->result();
        probe->deleteLater();
    }
    // In the order the targets were given.
    std::stable_sort(m_results.begin(), m_results.end(), [this](const auto &a, const auto &b) {
        auto index = [this](const EndpointResult &r) {
            for (qsizetype i = 0; i < m_targets.size(); ++i)
                if (m_targets.at(i).name == r.target.name)
                    return i;
            return qsizetype(-1);
        };
        return index(a) < index(b);
    });
    Q_EMIT finished(m_results);
}

QList<Finding> ConnectivityCheck::findings(const QList<EndpointResult> &results)
{
    QList<Finding> list;
    for (const EndpointResult &r : results) {
        Finding f;
        f.id = u"net.%1"_s.arg(r.target.name);
        f.evidence = QStringList { u"URL: "_s + r.target.url.toString() } + r.steps;
        f.reference = u"DSREGCMD.md §6.2, §7 (connectivity test), §11 (endpoints)"_s;
        if (r.ok()) {
            f.outcome = CheckOutcome::Pass;
            f.title = u"%1 is reachable (%2)"_s.arg(r.target.url.host(), r.target.name);
        } else {
            f.id += u'.' + causeName(r.cause);
            f.outcome = CheckOutcome::Fail;
            f.title = u"%1 is not reachable: %2"_s.arg(r.target.url.host(), causeTitle(r.cause));
            f.cause = r.message;
            f.fixSteps = { r.fix };
        }
        list << f;
    }
    return list;
}

} // namespace Entra
