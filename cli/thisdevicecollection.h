#pragma once

#include "state/statussnapshot.h"

#include <memory>

namespace Entra {
class DeviceEnvironment;
}

namespace Entra::Cli {

// This device's status as `status` prints it: the store, the certificate, KeySignTest, then the
// cloud's DeviceAuthStatus. The CLI may wait for it (a local event loop runs until it is done).
StatusSnapshot collectThisDevice(const std::shared_ptr<DeviceEnvironment> &environment);

} // namespace Entra::Cli
