#pragma once

#include "bundle/supportbundlewriter.h"
#include "state/statussnapshot.h"

namespace Entra {

class DeviceEnvironment;

// The parts of a support bundle that only this device can give besides its status: the TPM
// report, the device certificate from the registration store, and the state directory whose
// operation log goes in. Talks to the TPM and reads files: never on the GUI thread.
struct ThisDeviceBundle
{
    static Bundle::SupportBundleContent collect(DeviceEnvironment &environment,
                                                const StatusSnapshot &snapshot, bool probeTpm);
};

} // namespace Entra
