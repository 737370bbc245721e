#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Entra {

// The result of one check. Ordered by how much it needs attention, most first.
enum class CheckOutcome {
    Fail, // something is broken
    Warn, // worth a look, may be fine
    Info, // explains a state that is not an error (a local account has no PRT)
    Pass, // checked and fine
    Skip, // could not be checked with what the sources said
};

QString outcomeName(CheckOutcome outcome); // "fail", "warn", "info", "pass", "skip"
QString outcomeLabel(CheckOutcome outcome); // "Problem", "Warning", "Note", "OK", "Skipped"
bool isProblem(CheckOutcome outcome); // fail or warn

// One check's answer, with what a helpdesk needs to act on it.
struct Finding
{
    QString id; // stable, dotted: "prt.missing.bad-password"
    QString title; // one line saying what was found
    CheckOutcome outcome = CheckOutcome::Skip;
    QStringList evidence; // the values that led here, "Key: value" where possible
    QString cause; // why this happens
    QStringList fixSteps; // what to do, in order
    QString reference; // where it is documented ("DSREGCMD.md §4 P7")

    QJsonObject toJson() const;
};

// Most severe first; equal outcomes keep their order (rule priority).
void sortBySeverity(QList<Finding> &findings);
// The first fail/warn, or nullptr.
const Finding *topProblem(const QList<Finding> &findings);
int countOutcome(const QList<Finding> &findings, CheckOutcome outcome);

// Plain text for a support ticket: the problems first with evidence and fix, then a list of
// what passed or was skipped.
QString findingsTicketText(const QList<Finding> &findings, const QString &heading);

} // namespace Entra
