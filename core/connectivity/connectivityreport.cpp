#include "connectivityreport.h"

#include "local/deviceenvironment.h"

#include <QJsonArray>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

EndpointResult::Cause causeFromName(const QString &name)
{
    using C = EndpointResult::Cause;
    for (const C cause :
         { C::None, C::NoDns, C::ConnectionRefused, C::ConnectTimeout, C::ProxyUnreachable,
           C::TlsNotSpoken, C::TlsUntrusted, C::TlsExpired, C::TlsWrongHost, C::ProxyAuthRequired,
           C::ProxyHtml, C::ServiceError, C::UnexpectedStatus, C::Timeout }) {
        if (causeName(cause) == name)
            return cause;
    }
    return C::Timeout;
}

QJsonObject endpointJson(const EndpointResult &r)
{
    QJsonObject o {
        { u"name"_s, r.target.name }, { u"url"_s, r.target.url.toString() },
        { u"ok"_s, r.ok() },          { u"cause"_s, causeName(r.cause) },
        { u"proxy"_s, r.proxy },      { u"steps"_s, QJsonArray::fromStringList(r.steps) },
    };
    if (!r.ok()) {
        o.insert(u"message"_s, r.message);
        o.insert(u"fix"_s, r.fix);
    }
    if (r.httpStatus != 0)
        o.insert(u"httpStatus"_s, r.httpStatus);
    if (!r.certificateIssuer.isEmpty())
        o.insert(u"certificateIssuer"_s, r.certificateIssuer);
    if (r.certificateExpiry.isValid())
        o.insert(u"certificateExpiry"_s, isoTime(r.certificateExpiry));
    return o;
}

} // namespace

ConnectivityReport ConnectivityReport::notMeasured(const QString &reason)
{
    ConnectivityReport report;
    report.reason = reason;
    return report;
}

int ConnectivityReport::failures() const
{
    int n = 0;
    for (const EndpointResult &r : results)
        n += !r.ok();
    return n;
}

QJsonObject ConnectivityReport::toJson() const
{
    QJsonObject root { { u"measured"_s, measured } };
    if (!measured) {
        root.insert(u"reason"_s, reason);
        return root;
    }
    QJsonArray endpoints;
    for (const EndpointResult &r : results)
        endpoints.append(endpointJson(r));
    root.insert(u"measuredAt"_s, isoTime(measuredAt));
    root.insert(u"cloud"_s, cloud);
    root.insert(u"overallTimeoutMs"_s, overallTimeoutMs);
    root.insert(u"reachable"_s, int(results.size()) - failures());
    root.insert(u"failed"_s, failures());
    root.insert(u"endpoints"_s, endpoints);
    return root;
}

Result<ConnectivityReport> ConnectivityReport::fromJson(const QJsonObject &json)
{
    if (!json.value(u"measured"_s).isBool())
        return Error { ErrorDomain::Parse, 0, u"This is not a connectivity report."_s, {}, {} };
    ConnectivityReport report;
    report.measured = json.value(u"measured"_s).toBool();
    report.reason = json.value(u"reason"_s).toString();
    report.measuredAt = QDateTime::fromString(json.value(u"measuredAt"_s).toString(), Qt::ISODate);
    report.cloud = json.value(u"cloud"_s).toString();
    report.overallTimeoutMs = json.value(u"overallTimeoutMs"_s).toInt();
    for (const QJsonValue &value : json.value(u"endpoints"_s).toArray()) {
        const QJsonObject o = value.toObject();
        EndpointResult r;
        r.target.name = o.value(u"name"_s).toString();
        r.target.url = QUrl(o.value(u"url"_s).toString());
        r.cause = causeFromName(o.value(u"cause"_s).toString());
        r.proxy = o.value(u"proxy"_s).toString();
        for (const QJsonValue &step : o.value(u"steps"_s).toArray())
            r.steps << step.toString();
        r.message = o.value(u"message"_s).toString();
        r.fix = o.value(u"fix"_s).toString();
        r.httpStatus = o.value(u"httpStatus"_s).toInt();
        r.certificateIssuer = o.value(u"certificateIssuer"_s).toString();
        r.certificateExpiry
            = QDateTime::fromString(o.value(u"certificateExpiry"_s).toString(), Qt::ISODate);
        report.results << r;
    }
    return report;
}

ConnectivityReportJob::ConnectivityReportJob(QObject *parent)
    : QObject(parent)
{ }

void ConnectivityReportJob::start(const DeviceEnvironmentOptions &environment,
                                  const QString &tenant, int overallTimeoutMs)
{
    Result<ConnectivityOptions> options = connectivityOptionsFor(environment);
    if (!options) {
        const ConnectivityReport report = ConnectivityReport::notMeasured(
            u"The check could not start: "_s + options.error().message);
        // Delivered from the event loop, like a measured report, so callers connect first.
        QTimer::singleShot(0, this, [this, report] { Q_EMIT finished(report); });
        return;
    }
    options->overallTimeoutMs = overallTimeoutMs;
    // No layer may wait longer than the whole check.
    if (overallTimeoutMs > 0)
        options->timeoutMs = qMin(options->timeoutMs, overallTimeoutMs);
    const QDateTime started = QDateTime::currentDateTimeUtc();
    const QString cloud
        = environment.cloudBaseUrl.isEmpty() ? u"Microsoft"_s : environment.cloudBaseUrl;
    delete m_check;
    m_check = new ConnectivityCheck(connectivityTargetsFor(environment, tenant), *options, this);
    connect(m_check, &ConnectivityCheck::finished, this,
            [this, started, cloud, overallTimeoutMs](const QList<EndpointResult> &results) {
                ConnectivityReport report;
                report.measured = true;
                report.measuredAt = started;
                report.cloud = cloud;
                report.overallTimeoutMs = overallTimeoutMs;
                report.results = results;
                Q_EMIT finished(report);
            });
    m_check->start();
}

} // namespace Entra
