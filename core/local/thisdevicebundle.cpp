#include "thisdevicebundle.h"

#include "deviceenvironment.h"
#include "tpm/tpmprobe.h"
#include "tpm/tpmworker.h"

namespace Entra {

Bundle::SupportBundleContent ThisDeviceBundle::collect(DeviceEnvironment &environment,
                                                       const StatusSnapshot &snapshot,
                                                       bool probeTpm)
{
    Bundle::SupportBundleContent content;
    content.snapshot = snapshot;
    content.now = QDateTime::currentDateTimeUtc();
    content.stateDirectory = environment.stateDirectory();
    if (probeTpm)
        content.tpm = TpmProbe::runSync(*environment.tpmWorker());
    Result<std::optional<DeviceRegistration>> registration = environment.registrationStore().load();
    if (registration && registration->has_value() && !(*registration)->certificateDer.isEmpty()) {
        Result<DeviceCertificate> certificate
            = DeviceCertificate::fromDer((*registration)->certificateDer);
        if (certificate)
            content.certificates << std::move(certificate).value();
    }
    return content;
}

} // namespace Entra
