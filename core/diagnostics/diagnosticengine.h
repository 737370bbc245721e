#pragma once

#include "diagnosticinput.h"
#include "finding.h"
#include "rulebook.h"

#include <QFuture>
#include <QJsonObject>

namespace Entra {

// What one run of the diagnostics found, most severe first.
struct DiagnosticReport
{
    QList<Finding> findings;
    QString source; // the snapshot's label
    QDateTime referenceTime; // what "now" was for age checks; invalid when unknown
    QString referenceTimeSource; // "now", "the status's Client Time"
    quint64 request = 0; // for front ends that ask repeatedly: which request this answers

    bool hasFailure() const { return countOutcome(findings, CheckOutcome::Fail) > 0; }
    // The finding to show first: the most severe that is not a pass or skip, else nullptr.
    const Finding *top() const;
    QJsonObject toJson() const;
};

// Runs every check of the rule book over the input, plus DSRegTool's certificate checks for
// each certificate given. Pure: no I/O, no clock (the time is in the input).
class DiagnosticEngine
{
public:
    static DiagnosticReport run(const DiagnosticInput &input,
                                const RuleBook &rules = RuleBook::builtIn());
    // The same on a pool thread; the caller never waits.
    static QFuture<DiagnosticReport> start(DiagnosticInput input, quint64 request = 0);
};

} // namespace Entra
