#pragma once

#include "state/statussnapshot.h"

namespace Entra {

// The status of the machine we run on, in dsregcmd's vocabulary. Until this device has a
// registration store (join), it answers what the host itself can: its name and OS, and that
// it is neither joined nor registered and holds no PRT or Hello key.
class ThisDeviceStatus
{
public:
    static StatusSnapshot collect();
};

} // namespace Entra
