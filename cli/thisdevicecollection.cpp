#include "thisdevicecollection.h"

#include "local/deviceenvironment.h"
#include "local/thisdevicestatusjob.h"

#include <QEventLoop>

namespace Entra::Cli {

StatusSnapshot collectThisDevice(const std::shared_ptr<DeviceEnvironment> &environment)
{
    ThisDeviceStatusJob job(environment);
    StatusSnapshot snapshot;
    QEventLoop loop;
    QObject::connect(&job, &ThisDeviceStatusJob::finished, &loop,
                     [&snapshot, &loop](const StatusSnapshot &collected) {
                         snapshot = collected;
                         loop.quit();
                     });
    job.start();
    loop.exec();
    return snapshot;
}

} // namespace Entra::Cli
