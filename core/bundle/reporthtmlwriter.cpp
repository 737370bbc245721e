#include "reporthtmlwriter.h"

#include "htmltext.h"
#include "knowledge/knowledgebase.h"
#include "reportstyle.h"
#include "reportsvg.h"

#include <QLocale>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Bundle {
namespace {

using Events::EventHistogram;

QString number(qint64 n)
{
    return QLocale::c().toString(n);
}

QString plural(qint64 n, const QString &one, const QString &many)
{
    return number(n) + u' ' + (n == 1 ? one : many);
}

QString utcTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s) + u" UTC"_s
                          : u"unknown"_s;
}

// An id for an anchor: letters, digits, '-' and '_' only.
QString anchorId(const QString &prefix, const QString &name)
{
    QString id = prefix;
    for (const QChar c : name)
        id += (c.isLetterOrNumber() && c.unicode() < 128) || c == u'_' ? c.toLower() : u'-';
    return id;
}

QString verdictClass(ReportVerdict verdict)
{
    switch (verdict) {
    case ReportVerdict::Problems:
        return u"v-attention"_s;
    case ReportVerdict::Attention:
        return u"v-look"_s;
    case ReportVerdict::Healthy:
        return u"v-healthy"_s;
    case ReportVerdict::Unknown:
        break;
    }
    return u"v-unknown"_s;
}

Health verdictHealth(ReportVerdict verdict)
{
    switch (verdict) {
    case ReportVerdict::Problems:
        return Health::Problem;
    case ReportVerdict::Attention:
        return Health::Warning;
    case ReportVerdict::Healthy:
        return Health::Good;
    case ReportVerdict::Unknown:
        break;
    }
    return Health::Unknown;
}

QString levelCss(quint8 level)
{
    return u"l-"_s + ReportSvg::levelClassName(EventHistogram::levelClass(level)).toLower();
}

QString shortChannel(const QString &channel)
{
    QString name = channel;
    if (name.startsWith(u"Microsoft-Windows-"_s))
        name = name.mid(18);
    return name;
}

} // namespace

ReportVerdict reportVerdict(const ReportInput &input)
{
    const QList<Finding> &findings = input.diagnostics.findings;
    Health worst = Health::Good;
    bool anyKnown = false;
    for (const HealthItem *item :
         { &input.health.device, &input.health.sso, &input.health.hello }) {
        if (item->health == Health::Problem)
            worst = Health::Problem;
        else if (item->health == Health::Warning && worst != Health::Problem)
            worst = Health::Warning;
        anyKnown = anyKnown || item->health == Health::Good || item->health == Health::Warning
            || item->health == Health::Problem;
    }
    if (countOutcome(findings, CheckOutcome::Fail) > 0 || worst == Health::Problem)
        return ReportVerdict::Problems;
    if (countOutcome(findings, CheckOutcome::Warn) > 0 || worst == Health::Warning)
        return ReportVerdict::Attention;
    if (anyKnown && input.health.device.health == Health::Good)
        return ReportVerdict::Healthy;
    return ReportVerdict::Unknown;
}

QString reportVerdictTitle(ReportVerdict verdict)
{
    switch (verdict) {
    case ReportVerdict::Problems:
        return u"Problems found"_s;
    case ReportVerdict::Attention:
        return u"Needs attention"_s;
    case ReportVerdict::Healthy:
        return u"Healthy"_s;
    case ReportVerdict::Unknown:
        break;
    }
    return u"Not enough information"_s;
}

ReportHtmlWriter::ReportHtmlWriter(TextFilter filter, Limits limits)
    : m_filter(std::move(filter))
    , m_limits(limits)
{ }

QString ReportHtmlWriter::text(const QString &value) const
{
    return text(value, m_limits.maxValueChars);
}

QString ReportHtmlWriter::text(const QString &value, qsizetype maxChars) const
{
    // Cut first (bounded work for the filter), then mask, then escape.
    const QString cut = Html::truncated(value, maxChars);
    return Html::escape(m_filter ? m_filter(cut) : cut);
}

QByteArray ReportHtmlWriter::write(const ReportInput &input)
{
    m_out.clear();
    const ReportVerdict verdict = reportVerdict(input);
    writeHead(input);
    writeMasthead(input, verdict);
    writeNavigation(input);
    m_out += u"<main class=\"wrap\">\n"_s;
    writeSummary(input, verdict);
    writeFindings(input);
    writeConnectivity(input);
    writeEvents(input);
    writeTpm(input);
    writeCertificates(input);
    writeStatus(input);
    writeAbout(input);
    m_out += u"</main>\n<footer>Written by Entra Doctor %1 on %2. This page is self-contained: it "
             u"loads nothing from anywhere.</footer>\n</body>\n</html>\n"_s.arg(
                 text(input.toolVersion), text(utcTime(input.created)));
    return m_out.toUtf8();
}

void ReportHtmlWriter::writeHead(const ReportInput &input)
{
    const QString device = input.deviceName.isEmpty() ? u"Unknown device"_s : input.deviceName;
    m_out += u"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
             u"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
             // Nothing may be loaded, whatever a value might smuggle in.
             u"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
             u"style-src 'unsafe-inline'\">\n"
             u"<meta name=\"generator\" content=\"Entra Doctor\">\n"
             u"<title>Support report: %1</title>\n<style>%2</style>\n</head>\n<body>\n"_s.arg(
                 text(device, 200), reportStyleSheet());
}

void ReportHtmlWriter::writeMasthead(const ReportInput &input, ReportVerdict verdict)
{
    const QString device = input.deviceName.isEmpty() ? u"Unknown device"_s : input.deviceName;
    m_out += u"<header class=\"masthead\"><div class=\"wrap\">\n"
             u"<div class=\"brand\">Entra Doctor &middot; Support report</div>\n"
             u"<div class=\"masthead-main\"><div>\n<h1 id=\"device-name\">%1</h1>\n"
             u"<dl class=\"meta\">"_s.arg(text(device, 200));
    auto meta = [this](const QString &label, const QString &value) {
        m_out += u"<div><dt>%1</dt><dd>%2</dd></div>"_s.arg(label, value);
    };
    meta(u"Source"_s, text(input.source.isEmpty() ? u"unknown"_s : input.source, 300));
    meta(u"Created"_s, text(utcTime(input.created)));
    meta(u"Written on"_s, text(input.host.isEmpty() ? u"unknown"_s : input.host, 200));
    meta(u"Join type"_s, text(input.health.join.title));
    if (input.identitiesRedacted)
        meta(u"Identities"_s, u"masked"_s);
    m_out += u"</dl>\n</div>\n<div class=\"badge %1\" id=\"status-badge\">%2<span>%3</span></div>\n"
             u"</div></div></header>\n"_s.arg(verdictClass(verdict),
                                              ReportSvg::statusIcon(verdictHealth(verdict), 28),
                                              reportVerdictTitle(verdict));
}

void ReportHtmlWriter::writeNavigation(const ReportInput &input)
{
    const QList<Finding> &findings = input.diagnostics.findings;
    const int problems = countOutcome(findings, CheckOutcome::Fail);
    const int warnings = countOutcome(findings, CheckOutcome::Warn);
    QString findingCount;
    if (problems)
        findingCount = u"<span class=\"count fail\">%1</span>"_s.arg(problems);
    else if (warnings)
        findingCount = u"<span class=\"count warn\">%1</span>"_s.arg(warnings);
    QString networkCount;
    if (input.connectivity.measured) {
        const int failed = input.connectivity.failures();
        networkCount = failed ? u"<span class=\"count fail\">%1</span>"_s.arg(failed)
                              : u"<span class=\"count pass\">&#10003;</span>"_s;
    }
    m_out += u"<nav class=\"toc\" aria-label=\"Sections\"><div class=\"wrap\"><ul>"
             u"<li><a href=\"#summary\">Summary</a></li>"
             u"<li><a href=\"#findings\">Findings%1</a></li>"
             u"<li><a href=\"#connectivity\">Connectivity%2</a></li>"
             u"<li><a href=\"#events\">Events</a></li>"
             u"<li><a href=\"#tpm\">TPM</a></li>"
             u"<li><a href=\"#certificates\">Certificates</a></li>"
             u"<li><a href=\"#status\">Status</a></li>"
             u"<li><a href=\"#about\">About this bundle</a></li>"
             u"</ul></div></nav>\n"_s.arg(findingCount, networkCount);
}

void ReportHtmlWriter::writeSummary(const ReportInput &input, ReportVerdict verdict)
{
    const QList<Finding> &findings = input.diagnostics.findings;
    const Finding *top = input.diagnostics.top();
    // The most severe finding, else the most severe of the Overview's answers.
    QString headline = input.health.device.headline;
    if (top && isProblem(top->outcome)) {
        headline = top->title;
    } else {
        for (const Health worst : { Health::Problem, Health::Warning }) {
            const HealthItem *found = nullptr;
            for (const HealthItem *item :
                 { &input.health.device, &input.health.sso, &input.health.hello }) {
                if (!found && item->health == worst)
                    found = item;
            }
            if (found) {
                headline = found->headline;
                break;
            }
        }
    }
    m_out += u"<section class=\"card\" id=\"summary\">\n<h2>Health at a glance</h2>\n"
             u"<div class=\"verdict %1\">%2<div><div class=\"verdict-title\">%3</div>"
             u"<div id=\"headline\">%4</div></div></div>\n"_s.arg(
                 verdictClass(verdict), ReportSvg::statusIcon(verdictHealth(verdict), 40),
                 reportVerdictTitle(verdict), text(headline));
    if (top && isProblem(top->outcome))
        m_out
            += u"<p class=\"muted\">The most severe finding first; "
               u"<a href=\"#%1\">see what to do</a>.</p>\n"_s.arg(anchorId(u"finding-"_s, top->id));
    m_out += u"<p class=\"join\"><strong>%1</strong> &mdash; %2</p>\n"_s.arg(
        text(input.health.join.title), text(input.health.join.explanation));

    m_out += u"<div class=\"health-grid\">\n"_s;
    const std::pair<QString, const HealthItem *> areas[] = {
        { u"Device registration"_s, &input.health.device },
        { u"Single sign-on (PRT)"_s, &input.health.sso },
        { u"Windows Hello for Business"_s, &input.health.hello },
    };
    for (const auto &[area, item] : areas) {
        m_out
            += u"<article class=\"health\" style=\"border-top-color:%1\"><header>%2<span>%3</span>"
               u"<span class=\"pill\" style=\"background:%1;margin-left:auto\">%4</span></header>"
               u"<h3>%5</h3>"_s.arg(ReportSvg::healthColour(item->health),
                                    ReportSvg::statusIcon(item->health, 18), area,
                                    healthName(item->health), text(item->headline));
        if (!item->detail.isEmpty())
            m_out += u"<p>%1</p>"_s.arg(text(item->detail));
        if (!item->fix.isEmpty())
            m_out += u"<p class=\"fix\"><strong>What to do:</strong> %1</p>"_s.arg(text(item->fix));
        m_out += u"</article>\n"_s;
    }
    m_out += u"</div>\n<div class=\"chips\">"_s;
    const std::pair<CheckOutcome, QString> kinds[] = {
        { CheckOutcome::Fail, u"problems"_s }, { CheckOutcome::Warn, u"warnings"_s },
        { CheckOutcome::Info, u"notes"_s },    { CheckOutcome::Pass, u"passed"_s },
        { CheckOutcome::Skip, u"skipped"_s },
    };
    for (const auto &[outcome, label] : kinds)
        m_out += u"<span class=\"chip\"><b style=\"color:%1\">%2</b> %3</span>"_s.arg(
            ReportSvg::outcomeColour(outcome), number(countOutcome(findings, outcome)), label);
    if (input.connectivity.measured)
        m_out += u"<span class=\"chip\">Connectivity: <b>%1 of %2</b> endpoints reachable</span>"_s
                     .arg(input.connectivity.results.size() - input.connectivity.failures())
                     .arg(input.connectivity.results.size());
    else
        m_out += u"<span class=\"chip\">Connectivity: not measured</span>"_s;
    qint64 errors = 0;
    for (const EventTimeline::Source &source : input.events.sources())
        errors += source.errors;
    m_out += u"<span class=\"chip\">Events: <b>%1</b>, %2</span>"_s.arg(
        number(input.events.total()), plural(errors, u"error"_s, u"errors"_s));
    m_out += u"</div>\n</section>\n"_s;
}

void ReportHtmlWriter::writeFindings(const ReportInput &input)
{
    QList<Finding> findings = input.diagnostics.findings;
    sortBySeverity(findings);
    const int problems = countOutcome(findings, CheckOutcome::Fail);
    const int warnings = countOutcome(findings, CheckOutcome::Warn);
    m_out += u"<section class=\"card\" id=\"findings\">\n<h2>Findings and fixes "
             u"<span class=\"sub\">%1, %2; most severe first</span></h2>\n"_s.arg(
                 plural(problems, u"problem"_s, u"problems"_s),
                 plural(warnings, u"warning"_s, u"warnings"_s));
    if (input.diagnostics.referenceTime.isValid())
        m_out += u"<p class=\"muted\">Ages are judged against %1 (%2).</p>\n"_s.arg(
            text(utcTime(input.diagnostics.referenceTime)),
            text(input.diagnostics.referenceTimeSource));

    QList<const Finding *> others;
    for (const Finding &f : std::as_const(findings)) {
        if (f.outcome == CheckOutcome::Pass || f.outcome == CheckOutcome::Skip) {
            others << &f;
            continue;
        }
        const QString kind = outcomeName(f.outcome);
        m_out += u"<article class=\"finding %1\" id=\"%2\"><h3><span class=\"pill %1\">%3</span>"
                 u"<span class=\"title\">%4</span><code class=\"id\">%5</code></h3><dl>"_s.arg(
                     kind, anchorId(u"finding-"_s, f.id), outcomeLabel(f.outcome), text(f.title),
                     text(f.id, 200));
        if (!f.cause.isEmpty())
            m_out += u"<dt>Why</dt><dd>%1</dd>"_s.arg(text(f.cause));
        if (!f.fixSteps.isEmpty()) {
            m_out += u"<dt>What to do</dt><dd><ol>"_s;
            for (const QString &step : f.fixSteps)
                m_out += u"<li>%1</li>"_s.arg(text(step));
            m_out += u"</ol></dd>"_s;
        }
        if (!f.evidence.isEmpty()) {
            m_out += u"<dt>Evidence</dt><dd><ul class=\"evidence\">"_s;
            for (qsizetype i = 0; i < f.evidence.size() && i < m_limits.maxEvidenceLines; ++i)
                m_out += u"<li>%1</li>"_s.arg(text(f.evidence.at(i)));
            if (f.evidence.size() > m_limits.maxEvidenceLines)
                m_out += u"<li class=\"more\">%1 more lines not shown</li>"_s.arg(
                    f.evidence.size() - m_limits.maxEvidenceLines);
            m_out += u"</ul></dd>"_s;
        }
        if (!f.reference.isEmpty())
            m_out += u"<dt>Reference</dt><dd>%1</dd>"_s.arg(text(f.reference));
        m_out += u"</dl></article>\n"_s;
    }
    if (findings.isEmpty())
        m_out += u"<p>No checks ran.</p>\n"_s;
    else if (problems + warnings + countOutcome(findings, CheckOutcome::Info) == 0)
        m_out += u"<p>No problems found.</p>\n"_s;
    if (!others.isEmpty()) {
        m_out += u"<h3>Checks that passed or could not run</h3>\n<table><thead><tr>"
                 u"<th class=\"nowrap\">Result</th><th>Check</th><th>Id</th></tr></thead><tbody>"_s;
        for (const Finding *f : std::as_const(others))
            m_out += u"<tr><td class=\"nowrap\"><span class=\"pill %1\">%2</span></td><td>%3</td>"
                     u"<td><code>%4</code></td></tr>"_s.arg(outcomeName(f->outcome),
                                                            outcomeLabel(f->outcome),
                                                            text(f->title), text(f->id, 200));
        m_out += u"</tbody></table>\n"_s;
    }
    m_out += u"</section>\n"_s;
}

void ReportHtmlWriter::writeConnectivity(const ReportInput &input)
{
    const ConnectivityReport &c = input.connectivity;
    m_out += u"<section class=\"card\" id=\"connectivity\">\n<h2>Connectivity"_s;
    if (!c.measured) {
        m_out += u"</h2>\n<p><span class=\"pill skip\">Not measured</span> %1</p>\n</section>\n"_s
                     .arg(text(c.reason.isEmpty() ? u"No reason was given."_s : c.reason));
        return;
    }
    m_out += u" <span class=\"sub\">%1 of %2 endpoints reachable</span></h2>\n"
             u"<p class=\"muted\">DNS, TCP, TLS and HTTP from %3 to %4 at %5, within %6 s in "
             u"all.</p>\n"_s.arg(
                 number(c.results.size() - c.failures()), number(c.results.size()),
                 text(input.host.isEmpty() ? u"this machine"_s : input.host, 200),
                 c.cloud == u"Microsoft" ? u"Microsoft's endpoints"_s : text(c.cloud, 300),
                 text(utcTime(c.measuredAt)), QString::number(c.overallTimeoutMs / 1000.0));
    m_out += u"<table><thead><tr><th>Endpoint</th><th class=\"nowrap\">Result</th><th>Proxy</th>"
             u"<th>Details</th></tr></thead><tbody>\n"_s;
    for (const EndpointResult &r : c.results) {
        m_out += u"<tr><td><b>%1</b><br><code>%2</code></td><td class=\"nowrap\">"_s.arg(
            text(r.target.name, 100), text(r.target.url.toString(), 500));
        if (r.ok())
            m_out += u"<span class=\"pill pass\">Reachable</span>"_s;
        else
            m_out += u"<span class=\"pill fail\">%1</span>"_s.arg(text(causeName(r.cause)));
        m_out += u"</td><td><code>%1</code></td><td class=\"msg\">"_s.arg(text(r.proxy, 200));
        if (!r.ok()) {
            m_out += u"<div>%1</div>"_s.arg(text(r.message));
            if (!r.fix.isEmpty())
                m_out += u"<div class=\"fix\"><strong>What to do:</strong> %1</div>"_s.arg(
                    text(r.fix));
        } else if (r.httpStatus) {
            m_out += u"<div>HTTP %1</div>"_s.arg(r.httpStatus);
        }
        if (!r.steps.isEmpty()) {
            m_out += u"<ul class=\"steps\">"_s;
            for (qsizetype i = 0; i < r.steps.size() && i < 12; ++i)
                m_out += u"<li>%1</li>"_s.arg(text(r.steps.at(i), 500));
            m_out += u"</ul>"_s;
        }
        m_out += u"</td></tr>\n"_s;
    }
    m_out += u"</tbody></table>\n</section>\n"_s;
}

void ReportHtmlWriter::writeEvents(const ReportInput &input)
{
    const EventTimeline &events = input.events;
    m_out += u"<section class=\"card\" id=\"events\">\n<h2>Event timeline"_s;
    if (events.total() == 0 && events.sources().isEmpty()) {
        m_out += u"</h2>\n<p>This bundle holds no events (no .evtx file was added and there is "
                 u"no operation log).</p>\n</section>\n"_s;
        return;
    }
    qint64 errors = 0, warnings = 0;
    for (const EventTimeline::Source &source : events.sources()) {
        errors += source.errors;
        warnings += source.warnings;
    }
    m_out += u" <span class=\"sub\">%1 from %2: %3, %4</span></h2>\n"_s.arg(
        plural(events.total(), u"event"_s, u"events"_s),
        plural(events.sources().size(), u"file"_s, u"files"_s),
        plural(errors, u"error"_s, u"errors"_s), plural(warnings, u"warning"_s, u"warnings"_s));

    const EventHistogram histogram = events.histogram(60);
    if (!histogram.isEmpty()) {
        m_out += u"<div class=\"legend\">"_s;
        for (int level = 0; level < EventHistogram::LevelClassCount; ++level)
            m_out += u"<span><i style=\"background:%1\"></i>%2</span>"_s.arg(
                ReportSvg::levelColour(EventHistogram::LevelClass(level)),
                ReportSvg::levelClassName(EventHistogram::LevelClass(level)));
        m_out += u"</div>\n"_s + ReportSvg::histogram(histogram) + u'\n';
    }
    if (events.withoutTime())
        m_out += u"<p class=\"muted\">%1 without a time are not in the chart.</p>\n"_s.arg(
            plural(events.withoutTime(), u"event"_s, u"events"_s));

    const QList<EventTimeline::Row> rows = events.rows();
    m_out += u"<h3>Most relevant events, newest first</h3>\n<p class=\"muted\">Device "
             u"registration, sign-in (AAD) and Windows Hello events, the events Entra Doctor "
             u"knows and its own operation log, errors and warnings first; then other logs' "
             u"errors and warnings.</p>\n"_s;
    if (rows.isEmpty()) {
        m_out += u"<p>None of the events is an error, a warning or a known registration "
                 u"event.</p>\n"_s;
    } else {
        m_out += u"<table id=\"event-table\"><thead><tr><th class=\"nowrap\">Time (UTC)</th>"
                 u"<th>Level</th><th class=\"log\">Log</th><th>Id</th><th>Message</th></tr>"
                 u"</thead><tbody>\n"_s;
        for (const EventTimeline::Row &row : rows) {
            m_out += u"<tr><td class=\"nowrap mono\">%1</td><td><span class=\"pill %2\">%3</span>"
                     u"</td><td title=\"%4\">%5</td><td class=\"mono\">%6</td>"
                     u"<td class=\"msg\">%7</td></tr>\n"_s.arg(
                         row.time.isValid() ? row.time.toString(u"yyyy-MM-dd HH:mm:ss"_s)
                                            : u"&mdash;"_s,
                         levelCss(row.level), text(Events::levelName(row.level)),
                         text(row.provider + u" \u00b7 "_s + row.source, 400),
                         text(shortChannel(row.channel), 200), QString::number(row.eventId),
                         text(row.message));
        }
        m_out += u"</tbody></table>\n"_s;
        if (events.notShown() > 0)
            m_out += u"<p class=\"more\" id=\"events-more\">%1 more relevant %2 not shown; the "
                     u"complete logs are in the bundle's events/ folder.</p>\n"_s.arg(
                         number(events.notShown()),
                         events.notShown() == 1 ? u"event"_s : u"events"_s);
    }

    m_out += u"<h3>Files</h3>\n<table><thead><tr><th>File</th><th>Events</th><th>Errors</th>"
             u"<th>Warnings</th><th>Note</th></tr></thead><tbody>\n"_s;
    for (const EventTimeline::Source &source : events.sources())
        m_out
            += u"<tr><td><code>%1</code></td><td>%2</td><td>%3</td><td>%4</td><td>%5</td>"
               u"</tr>\n"_s.arg(text(source.name, 300), number(source.total), number(source.errors),
                                number(source.warnings), text(source.issue, 500));
    m_out += u"</tbody></table>\n</section>\n"_s;
}

void ReportHtmlWriter::writeTpm(const ReportInput &input)
{
    m_out += u"<section class=\"card\" id=\"tpm\">\n<h2>TPM</h2>\n"_s;
    if (!input.tpm) {
        m_out += u"<p><span class=\"pill skip\">No report</span> The bundle has no TPM report "
                 u"(an imported status, or the TPM was not used).</p>\n</section>\n"_s;
        return;
    }
    const TpmReport &tpm = *input.tpm;
    if (tpm.ready()) {
        m_out += u"<div class=\"verdict v-healthy\">%1<div><div class=\"verdict-title\">Ready "
                 u"for device keys</div><div>A TPM 2.0 answered and has what registration "
                 u"needs.</div></div></div>\n"_s.arg(ReportSvg::statusIcon(Health::Good, 32));
    } else {
        m_out += u"<div class=\"verdict v-attention\">%1<div><div class=\"verdict-title\">Not "
                 u"ready for device keys</div><div>Keys are kept in software until this is "
                 u"fixed.</div></div></div>\n"_s.arg(ReportSvg::statusIcon(Health::Problem, 32));
        if (tpm.connectionError)
            m_out += u"<p>%1</p>\n"_s.arg(text(tpm.connectionError->message));
        for (const TpmReadinessReason &reason : tpm.reasons) {
            m_out += u"<article class=\"finding fail\"><h3><span class=\"title\">%1</span>"
                     u"<code class=\"id\">%2</code></h3>"_s.arg(
                         text(reason.message), text(tpmReadinessIssueName(reason.issue)));
            if (!reason.fix.isEmpty())
                m_out += u"<p class=\"fix\"><strong>What to do:</strong> %1</p>"_s.arg(
                    text(reason.fix));
            m_out += u"</article>\n"_s;
        }
    }
    m_out += u"<table class=\"kv\"><tbody>\n"_s;
    for (const auto &[name, value] : tpm.properties())
        m_out += u"<tr><th>%1</th><td>%2</td></tr>\n"_s.arg(text(name, 200), text(value));
    m_out += u"</tbody></table>\n</section>\n"_s;
}

void ReportHtmlWriter::writeCertificates(const ReportInput &input)
{
    m_out += u"<section class=\"card\" id=\"certificates\">\n<h2>Certificates</h2>\n"_s;
    if (input.certificates.isEmpty()) {
        m_out += u"<p>The bundle holds no certificate (no device registration, or an imported "
                 u"status).</p>\n</section>\n"_s;
        return;
    }
    // Validity against when the bundle was made: the reader may open it much later.
    const QDateTime at = input.created.isValid() ? input.created : QDateTime::currentDateTimeUtc();
    int shown = 0;
    for (const DeviceCertificate &c : input.certificates) {
        if (shown++ == m_limits.maxCertificates) {
            m_out += u"<p class=\"more\">%1 more not shown.</p>\n"_s.arg(
                input.certificates.size() - m_limits.maxCertificates);
            break;
        }
        QString validity = u"<span class=\"pill pass\">valid</span>"_s;
        if (c.notAfter.isValid() && c.notAfter < at)
            validity = u"<span class=\"pill fail\">expired</span>"_s;
        else if (c.notBefore.isValid() && c.notBefore > at)
            validity = u"<span class=\"pill warn\">not yet valid</span>"_s;
        m_out += u"<h3>%1 %2</h3>\n<table class=\"kv\"><tbody>\n"_s.arg(
            text(c.subjectCommonName.isEmpty() ? c.subject : c.subjectCommonName, 300), validity);
        auto row = [this](const QString &name, const QString &value) {
            if (!value.isEmpty())
                m_out += u"<tr><th>%1</th><td>%2</td></tr>\n"_s.arg(name, text(value));
        };
        row(u"Subject"_s, c.subject);
        row(u"Issuer"_s, c.issuer);
        row(u"Valid from"_s, utcTime(c.notBefore));
        row(u"Valid until"_s, utcTime(c.notAfter));
        row(u"Thumbprint (SHA-1)"_s, c.thumbprint);
        row(u"Serial number"_s, c.serialNumber);
        row(u"Key"_s,
            c.keyBits ? u"%1 %2 bits"_s.arg(c.keyType, QString::number(c.keyBits)) : c.keyType);
        row(u"Device id"_s, c.deviceId);
        row(u"Tenant id"_s, c.tenantId);
        row(u"Issued by MS-Organization-Access"_s,
            c.isIssuedByMsOrganizationAccess() ? u"yes"_s : u"no"_s);
        m_out += u"</tbody></table>\n"_s;
    }
    m_out += u"<p class=\"muted\">Public parts only; the PEM files are in certificates/.</p>\n"
             u"</section>\n"_s;
}

void ReportHtmlWriter::writeStatus(const ReportInput &input)
{
    const StatusSnapshot &snapshot = input.snapshot;
    m_out += u"<section class=\"card\" id=\"status\">\n<h2>Status <span class=\"sub\">every "
             u"section and field, as status.txt</span></h2>\n"_s;
    if (snapshot.isEmpty()) {
        m_out += u"<p>The status is empty.</p>\n</section>\n"_s;
        return;
    }
    m_out += u"<ul class=\"sections\">"_s;
    for (qsizetype i = 0; i < snapshot.sections().size(); ++i)
        m_out += u"<li><a href=\"#%1\">%2</a></li>"_s.arg(
            anchorId(u"status-%1-"_s.arg(i), snapshot.sections().at(i).title),
            text(snapshot.sections().at(i).title, 200));
    m_out += u"</ul>\n"_s;

    const KnowledgeBase &knowledge = KnowledgeBase::builtIn();
    int fields = 0;
    qsizetype left = 0;
    for (qsizetype i = 0; i < snapshot.sections().size(); ++i) {
        const StatusSection &section = snapshot.sections().at(i);
        if (fields >= m_limits.maxStatusFields) {
            left += section.fields.size();
            continue;
        }
        m_out += u"<h3 id=\"%1\">%2</h3>\n<table class=\"kv\"><tbody>\n"_s.arg(
            anchorId(u"status-%1-"_s.arg(i), section.title), text(section.title, 200));
        for (const StatusField &field : section.fields) {
            if (fields++ >= m_limits.maxStatusFields) {
                ++left;
                continue;
            }
            QString css, flag;
            switch (knowledge.assess(section.title, field.key, field.value)) {
            case ValueAssessment::Unhealthy:
                css = u" class=\"v-bad\""_s;
                flag = u"<span class=\"flag\">&#9888; unhealthy</span>"_s;
                break;
            case ValueAssessment::Warning:
                css = u" class=\"v-warn\""_s;
                flag = u"<span class=\"flag\">worth a look</span>"_s;
                break;
            case ValueAssessment::Normal:
                break;
            }
            m_out += u"<tr><th>%1</th><td%2>%3%4</td></tr>\n"_s.arg(text(field.key, 200), css,
                                                                    text(field.value), flag);
        }
        m_out += u"</tbody></table>\n"_s;
    }
    if (left > 0)
        m_out
            += u"<p class=\"more\">%1 more fields not shown; status.txt has them all.</p>\n"_s.arg(
                number(left));

    const QStringList &unplaced = snapshot.origin.unplacedLines;
    if (!unplaced.isEmpty()) {
        m_out += u"<h3 id=\"status-other-lines\">Lines outside any field</h3>\n<pre>"_s;
        for (qsizetype i = 0; i < unplaced.size() && i < m_limits.maxUnplacedLines; ++i)
            m_out += text(unplaced.at(i), 500) + u'\n';
        m_out += u"</pre>\n"_s;
        if (unplaced.size() > m_limits.maxUnplacedLines)
            m_out += u"<p class=\"more\">%1 more lines not shown.</p>\n"_s.arg(
                unplaced.size() - m_limits.maxUnplacedLines);
    }
    m_out += u"</section>\n"_s;
}

void ReportHtmlWriter::writeAbout(const ReportInput &input)
{
    m_out += u"<section class=\"card\" id=\"about\">\n<h2>About this bundle</h2>\n"
             u"<table class=\"kv\"><tbody>\n"_s;
    auto row = [this](const QString &name, const QString &value) {
        m_out += u"<tr><th>%1</th><td>%2</td></tr>\n"_s.arg(name, value);
    };
    row(u"Device"_s, text(input.deviceName.isEmpty() ? u"unknown"_s : input.deviceName, 200));
    row(u"Source"_s, text(input.source, 300));
    row(u"Created"_s, text(utcTime(input.created)));
    row(u"Written on"_s, text(input.host, 200));
    row(u"Entra Doctor"_s, text(input.toolVersion, 100));
    row(u"Identities"_s,
        input.identitiesRedacted ? u"masked (user names and tenant ids replaced consistently)"_s
                                 : u"as the source had them"_s);
    m_out += u"</tbody></table>\n<p>The bundle also holds status.txt, status.json, findings.json, "
             u"connectivity.json, tpm.json, certificates/ and events/, and manifest.json with the "
             u"SHA-256 of every file. It never holds a key, token, PRT, PIN or password.</p>\n"_s;
    if (!input.notes.isEmpty()) {
        m_out += u"<h3>Notes</h3>\n<ul>"_s;
        for (const QString &note : input.notes)
            m_out += u"<li>%1</li>"_s.arg(text(note));
        m_out += u"</ul>\n"_s;
    }
    m_out += u"</section>\n"_s;
}

} // namespace Entra::Bundle
