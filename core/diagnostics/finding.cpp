#include "finding.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

QString outcomeName(CheckOutcome outcome)
{
    switch (outcome) {
    case CheckOutcome::Fail:
        return u"fail"_s;
    case CheckOutcome::Warn:
        return u"warn"_s;
    case CheckOutcome::Info:
        return u"info"_s;
    case CheckOutcome::Pass:
        return u"pass"_s;
    case CheckOutcome::Skip:
        break;
    }
    return u"skip"_s;
}

QString outcomeLabel(CheckOutcome outcome)
{
    switch (outcome) {
    case CheckOutcome::Fail:
        return u"Problem"_s;
    case CheckOutcome::Warn:
        return u"Warning"_s;
    case CheckOutcome::Info:
        return u"Note"_s;
    case CheckOutcome::Pass:
        return u"OK"_s;
    case CheckOutcome::Skip:
        break;
    }
    return u"Skipped"_s;
}

bool isProblem(CheckOutcome outcome)
{
    return outcome == CheckOutcome::Fail || outcome == CheckOutcome::Warn;
}

QJsonObject Finding::toJson() const
{
    return QJsonObject {
        { u"id"_s, id },
        { u"result"_s, outcomeName(outcome) },
        { u"title"_s, title },
        { u"evidence"_s, QJsonArray::fromStringList(evidence) },
        { u"cause"_s, cause },
        { u"fix"_s, QJsonArray::fromStringList(fixSteps) },
        { u"reference"_s, reference },
    };
}

void sortBySeverity(QList<Finding> &findings)
{
    std::stable_sort(findings.begin(), findings.end(), [](const Finding &a, const Finding &b) {
        return int(a.outcome) < int(b.outcome);
    });
}

const Finding *topProblem(const QList<Finding> &findings)
{
    const Finding *top = nullptr;
    for (const Finding &finding : findings) {
        if (isProblem(finding.outcome) && (!top || int(finding.outcome) < int(top->outcome)))
            top = &finding;
    }
    return top;
}

int countOutcome(const QList<Finding> &findings, CheckOutcome outcome)
{
    return int(std::count_if(findings.begin(), findings.end(),
                             [outcome](const Finding &f) { return f.outcome == outcome; }));
}

QString findingsTicketText(const QList<Finding> &findings, const QString &heading)
{
    QList<Finding> sorted = findings;
    sortBySeverity(sorted);
    QString text = heading + u'\n' + QString(heading.size(), u'=') + u'\n';
    text += u"%1 problem(s), %2 warning(s), %3 note(s), %4 passed, %5 skipped\n"_s
                .arg(countOutcome(sorted, CheckOutcome::Fail))
                .arg(countOutcome(sorted, CheckOutcome::Warn))
                .arg(countOutcome(sorted, CheckOutcome::Info))
                .arg(countOutcome(sorted, CheckOutcome::Pass))
                .arg(countOutcome(sorted, CheckOutcome::Skip));
    for (const Finding &f : std::as_const(sorted)) {
        if (f.outcome == CheckOutcome::Pass || f.outcome == CheckOutcome::Skip)
            continue;
        text += u"\n[%1] %2 (%3)\n"_s.arg(outcomeLabel(f.outcome).toUpper(), f.title, f.id);
        for (const QString &line : f.evidence)
            text += u"  Evidence: "_s + line + u'\n';
        if (!f.cause.isEmpty())
            text += u"  Cause: "_s + f.cause + u'\n';
        for (qsizetype i = 0; i < f.fixSteps.size(); ++i)
            text += u"  Fix %1: %2\n"_s.arg(i + 1).arg(f.fixSteps.at(i));
        if (!f.reference.isEmpty())
            text += u"  Reference: "_s + f.reference + u'\n';
    }
    QStringList others;
    for (const Finding &f : std::as_const(sorted)) {
        if (f.outcome == CheckOutcome::Pass || f.outcome == CheckOutcome::Skip)
            others << u"  %1: %2 (%3)"_s.arg(outcomeLabel(f.outcome), f.title, f.id);
    }
    if (!others.isEmpty())
        text += u"\nOther checks:\n"_s + others.join(u'\n') + u'\n';
    return text;
}

} // namespace Entra
