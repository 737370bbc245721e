#include "diagnosticengine.h"

#include "certs/devicecertificatecheck.h"
#include "knowledge/knowledgebase.h"
#include "predicates.h"

#include <QJsonArray>
#include <QtConcurrent>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

QString withArg(const QString &title, const QString &arg)
{
    return title.contains(u"%1"_s) ? title.arg(arg) : title;
}

// "0x801c03f2 (DSREG_E_DIRECTORY_FAILURE): meaning" for every code the knowledge base knows.
QStringList explainCodes(const QStringList &codes)
{
    QStringList lines;
    const KnowledgeBase &kb = KnowledgeBase::builtIn();
    for (const QString &code : codes) {
        const CodeInfo *info = kb.code(code);
        if (!info)
            continue;
        QString text = info->code;
        if (!info->name.isEmpty() && info->name != info->code)
            text += u" ("_s + info->name + u')';
        lines << text + u": "_s + info->meaning;
    }
    lines.removeDuplicates();
    return lines;
}

Finding findingFor(const CheckSpec &spec, const RuleMatch &match)
{
    Finding f;
    f.id = spec.id;
    f.reference = spec.reference;
    f.evidence = match.evidence;
    switch (match.state) {
    case RuleMatch::State::Clear:
        f.outcome = CheckOutcome::Pass;
        f.title = match.note.isEmpty() ? withArg(spec.passTitle, match.titleArg) : match.note;
        return f;
    case RuleMatch::State::Skip:
        f.outcome = CheckOutcome::Skip;
        f.title = !match.note.isEmpty() ? match.note
            : !spec.skipTitle.isEmpty() ? spec.skipTitle
                                        : withArg(spec.title, u"…"_s) + u" (not checked)"_s;
        return f;
    case RuleMatch::State::Hit:
        break;
    }
    f.evidence << explainCodes(match.codes);
    const CheckVariant *variant = spec.variantFor(match.codes);
    f.outcome = variant && variant->outcome ? *variant->outcome : spec.outcome;
    f.id = variant ? variant->id : spec.id;
    f.title = withArg(variant ? variant->title : spec.title, match.titleArg);
    f.cause = variant && !variant->cause.isEmpty() ? variant->cause : spec.cause;
    f.fixSteps = variant && !variant->fix.isEmpty() ? variant->fix : spec.fix;
    if (variant && !variant->reference.isEmpty())
        f.reference = variant->reference;
    return f;
}

} // namespace

const Finding *DiagnosticReport::top() const
{
    for (const Finding &f : findings)
        if (f.outcome == CheckOutcome::Fail || f.outcome == CheckOutcome::Warn
            || f.outcome == CheckOutcome::Info)
            return &f;
    return nullptr;
}

QJsonObject DiagnosticReport::toJson() const
{
    QJsonArray list;
    for (const Finding &f : findings)
        list.append(f.toJson());
    QJsonObject summary;
    for (CheckOutcome o : { CheckOutcome::Fail, CheckOutcome::Warn, CheckOutcome::Info,
                            CheckOutcome::Pass, CheckOutcome::Skip })
        summary.insert(outcomeName(o), countOutcome(findings, o));
    return QJsonObject {
        { u"Source"_s, source },
        { u"ReferenceTime"_s,
          referenceTime.isValid() ? referenceTime.toString(Qt::ISODate) : QString() },
        { u"ReferenceTimeSource"_s, referenceTimeSource },
        { u"Top"_s, top() ? top()->id : QString() },
        { u"Summary"_s, summary },
        { u"Findings"_s, list },
    };
}

DiagnosticReport DiagnosticEngine::run(const DiagnosticInput &input, const RuleBook &rules)
{
    const DiagnosticContext context(input);
    DiagnosticReport report;
    report.source = input.snapshot.origin.label;
    report.referenceTime = context.referenceTime;
    report.referenceTimeSource = context.referenceTimeSource;
    for (const CheckSpec &spec : rules.checks()) {
        const Predicate *predicate = findPredicate(spec.predicate);
        report.findings.append(findingFor(spec, (*predicate)(context)));
    }
    // The cross-check with opened certificates: DSRegTool's checks against this status.
    const ExpectedDeviceIdentity expected = ExpectedDeviceIdentity::fromSnapshot(input.snapshot);
    for (const DeviceCertificate &certificate : input.certificates) {
        DeviceCertificateCheckInput check;
        check.certificate = certificate;
        check.expected = expected;
        check.now = context.referenceTime;
        for (Finding f : checkDeviceCertificate(check)) {
            if (input.certificates.size() > 1)
                f.evidence.prepend(u"Certificate: "_s + certificate.thumbprint);
            report.findings.append(f);
        }
    }
    sortBySeverity(report.findings);
    return report;
}

QFuture<DiagnosticReport> DiagnosticEngine::start(DiagnosticInput input, quint64 request)
{
    return QtConcurrent::run([input = std::move(input), request] {
        DiagnosticReport report = run(input);
        report.request = request;
        return report;
    });
}

} // namespace Entra
