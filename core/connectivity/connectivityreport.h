#pragma once

#include "connectivitycheck.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>

namespace Entra {

// The connectivity of one machine at one time, as a support bundle keeps it (connectivity.json):
// the results of a ConnectivityCheck, or why there are none ("measured": false).
struct ConnectivityReport
{
    bool measured = false;
    QString reason; // why not measured; empty when measured
    QDateTime measuredAt; // UTC
    QString cloud; // "Microsoft" or the --cloud base URL
    int overallTimeoutMs = 0;
    QList<EndpointResult> results;

    static ConnectivityReport notMeasured(const QString &reason);
    int failures() const;
    QJsonObject toJson() const;
    // Reads what toJson() wrote; unknown causes read as timeouts.
    static Result<ConnectivityReport> fromJson(const QJsonObject &json);
};

// Runs the standard connectivity check of an environment (its --cloud endpoints and --ca-file
// trust; the tenant picks DRS discovery) within an overall time limit, on the calling thread's
// event loop; never blocks. Emits finished() exactly once, also when the check cannot start (an
// unreadable CA file): then the report is not measured and says why.
class ConnectivityReportJob : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultOverallTimeoutMs = 20000;

    explicit ConnectivityReportJob(QObject *parent = nullptr);
    void start(const DeviceEnvironmentOptions &environment, const QString &tenant,
               int overallTimeoutMs = kDefaultOverallTimeoutMs);

Q_SIGNALS:
    void finished(const Entra::ConnectivityReport &report);

private:
    ConnectivityCheck *m_check = nullptr;
};

} // namespace Entra
