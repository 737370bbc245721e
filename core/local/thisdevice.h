#pragma once

#include "state/statussnapshot.h"

namespace Entra {

class DeviceEnvironment;

// The status of the machine we run on, in dsregcmd's vocabulary, computed from what is really
// there: the host, the registration store, the device certificate and the device key, which
// KeySignTest signs with (so this blocks on the TPM: call it off the GUI thread). The
// cloud-side DeviceAuthStatus is added by ThisDeviceStatusJob, which needs the network.
class ThisDeviceStatus
{
public:
    static StatusSnapshot collect(DeviceEnvironment &environment);
};

} // namespace Entra
