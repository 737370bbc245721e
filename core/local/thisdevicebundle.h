#pragma once

#include "bundle/supportbundlewriter.h"
#include "state/statussnapshot.h"

namespace Entra {

class DeviceEnvironment;

// The parts of a support bundle that only this device can give besides its status: the TPM
// report, the device certificate from the registration store, the state directory whose
// operation log goes in, and connectivity from here to the endpoints. Talks to the TPM and the
// network and waits for them (in a local event loop): never on the GUI thread.
struct ThisDeviceBundle
{
    struct Parts
    {
        bool tpm = true;
        bool connectivity = true;
    };
    static Bundle::SupportBundleContent collect(DeviceEnvironment &environment,
                                                const StatusSnapshot &snapshot, Parts parts);
    // DNS, TCP, TLS and HTTP to the environment's endpoints, within the check's overall limit.
    static ConnectivityReport measureConnectivity(const DeviceEnvironment &environment,
                                                  const StatusSnapshot &snapshot);
};

} // namespace Entra
