#pragma once

#include "state/statussnapshot.h"

namespace Entra {

// Prints a snapshot in the current `dsregcmd /status` layout: 72-column boxes, keys
// right-aligned before " : ". DsregcmdParser reads it back to the same sections.
class DsregcmdWriter
{
public:
    static QString write(const StatusSnapshot &snapshot);
};

} // namespace Entra
