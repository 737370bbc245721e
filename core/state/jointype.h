#pragma once

#include "statussnapshot.h"

namespace Entra {

enum class JoinType {
    EntraJoined,
    HybridJoined,
    EntraRegistered,
    DomainJoinedOnly,
    OnPremDrsJoined,
    NotJoined,
    Unknown, // the source has no Device State (a partial paste)
};

struct JoinAssessment
{
    JoinType type = JoinType::Unknown;
    bool dualState = false; // hybrid joined and Entra registered for the same tenant
    QString title;          // "Microsoft Entra hybrid joined"
    QString explanation;    // which fields led there
};

// The decision table of DSREGCMD.md §3.1.
JoinAssessment assessJoin(const StatusSnapshot &snapshot);
QString joinTypeTitle(JoinType type);

} // namespace Entra
