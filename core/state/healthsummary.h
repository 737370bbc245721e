#pragma once

#include "jointype.h"
#include "statussnapshot.h"

#include <QDateTime>

namespace Entra {

enum class Health {
    Good,
    Warning,
    Problem,
    NotApplicable,
    Unknown, // the source does not say
};

QString healthName(Health health);

struct HealthItem
{
    Health health = Health::Unknown;
    QString headline; // "Device authentication failed"
    QString detail;   // the evidence, one or two sentences
    QString fix;      // what to do about it; empty when nothing needs doing
};

// The three answers the Overview gives at a glance. The full rule set is the diagnostics engine.
struct HealthSummary
{
    JoinAssessment join;
    HealthItem device;
    HealthItem sso;
    HealthItem hello;
};

// `now` decides PRT staleness; pass an invalid QDateTime for imported snapshots whose capture
// time is unknown, so that an old paste is not reported as stale.
HealthSummary summarizeHealth(const StatusSnapshot &snapshot, const QDateTime &now);

} // namespace Entra
