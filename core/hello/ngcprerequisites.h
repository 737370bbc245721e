#pragma once

#include "state/sections.h"

namespace Entra {

// The facts dsregcmd's "Ngc Prerequisite Check" weighs, gathered by the caller.
struct NgcFacts
{
    bool deviceJoined = false; // Entra joined (registered devices cannot use Hello for Business)
    bool userHasPrt = false; // a PRT from an Entra account
    bool policyEnabled = true;
    bool deviceEligible = false; // a ready TPM, or software keys allowed by policy
    bool remoteSession = false;
};

// dsregcmd's verdict, field by field, with the failing prerequisite named and explained.
struct NgcPrerequisiteResult
{
    NgcPrerequisiteCheck section;
    bool willProvision = false;
    QString failing; // e.g. "IsDeviceJoined"; empty when WillProvision
    QString explanation; // what the failing one means and how to fix it

    static NgcPrerequisiteResult evaluate(const NgcFacts &facts);
    // SSH_CONNECTION / SSH_TTY in the environment.
    static bool isRemoteSession();
};

} // namespace Entra
