#include "thisdevicebundle.h"

#include "connectivity/connectivityreport.h"
#include "deviceenvironment.h"
#include "state/sections.h"
#include "tpm/tpmprobe.h"
#include "tpm/tpmworker.h"

#include <QEventLoop>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

Bundle::SupportBundleContent ThisDeviceBundle::collect(DeviceEnvironment &environment,
                                                       const StatusSnapshot &snapshot,
                                                       Parts parts)
{
    Bundle::SupportBundleContent content;
    content.snapshot = snapshot;
    content.now = QDateTime::currentDateTimeUtc();
    content.stateDirectory = environment.stateDirectory();
    if (parts.tpm)
        content.tpm = TpmProbe::runSync(*environment.tpmWorker());
    Result<std::optional<DeviceRegistration>> registration = environment.registrationStore().load();
    if (registration && registration->has_value() && !(*registration)->certificateDer.isEmpty()) {
        Result<DeviceCertificate> certificate
            = DeviceCertificate::fromDer((*registration)->certificateDer);
        if (certificate)
            content.certificates << std::move(certificate).value();
    }
    content.connectivity = parts.connectivity
        ? measureConnectivity(environment, snapshot)
        : ConnectivityReport::notMeasured(u"Skipped with --no-connectivity."_s);
    return content;
}

ConnectivityReport ThisDeviceBundle::measureConnectivity(const DeviceEnvironment &environment,
                                                         const StatusSnapshot &snapshot)
{
    const auto tenant = readSection<TenantDetails>(snapshot);
    ConnectivityReportJob job;
    std::optional<ConnectivityReport> report;
    QEventLoop loop;
    QObject::connect(&job, &ConnectivityReportJob::finished, &loop,
                     [&report, &loop](const ConnectivityReport &measured) {
                         report = measured;
                         loop.quit();
                     });
    job.start(environment.options(), tenant.tenantId.value_or(tenant.tenantName.value_or(QString())));
    if (!report)
        loop.exec();
    return *report;
}

} // namespace Entra
