#pragma once

#include "bundle/eventtimeline.h"
#include "connectivity/connectivityreport.h"
#include "crypto/devicecertificate.h"
#include "diagnostics/diagnosticengine.h"
#include "state/healthsummary.h"
#include "state/statussnapshot.h"
#include "tpm/tpmreport.h"

#include <QByteArray>
#include <QDateTime>
#include <QStringList>

#include <functional>
#include <optional>

namespace Entra::Bundle {

// What report.html shows; the support bundle writer fills it from what it writes elsewhere.
struct ReportInput
{
    QString deviceName; // empty: not known
    QString source; // the snapshot's label
    QString host; // the machine that wrote the bundle
    QString toolVersion;
    QDateTime created; // UTC
    bool identitiesRedacted = false;
    StatusSnapshot snapshot; // as status.json holds it
    HealthSummary health; // the Overview's answers
    DiagnosticReport diagnostics; // as findings.json holds it, most severe first
    std::optional<TpmReport> tpm;
    QList<DeviceCertificate> certificates;
    ConnectivityReport connectivity;
    EventTimeline events;
    QStringList notes; // the manifest's notes
};

// The overall verdict of the report's badge.
enum class ReportVerdict {
    // The words of the Overview's health cards (healthName()), so page and GUI agree.
    Problems, // a failed check or a health problem: "Problems found"
    Attention, // warnings only: "Needs attention"
    Healthy,
    Unknown, // the source says too little
};
ReportVerdict reportVerdict(const ReportInput &input);
QString reportVerdictTitle(ReportVerdict verdict); // "Problems found", ...

// What report.html shows at most besides the condensed events.
struct ReportLimits
{
    qsizetype maxValueChars = 2000; // one status value, evidence line, message
    int maxStatusFields = 3000; // all sections together
    int maxUnplacedLines = 100;
    int maxEvidenceLines = 30; // per finding
    int maxCertificates = 20;
};

// report.html: one self-contained page for a browser (inline CSS and SVG, no script and no
// reference to anything outside the page; a Content-Security-Policy that forbids loading
// anything). Every value is HTML-escaped after passing the filter (identity masking). The size
// is bounded whatever the input: long values are cut, tables have row limits that the page
// states, and events arrive already condensed by EventTimeline.
class ReportHtmlWriter
{
public:
    using TextFilter = std::function<QString(const QString &)>;

    using Limits = ReportLimits;

    explicit ReportHtmlWriter(TextFilter filter = {}, Limits limits = {});
    QByteArray write(const ReportInput &input);

private:
    QString text(const QString &value) const; // filtered, cut, escaped
    QString text(const QString &value, qsizetype maxChars) const;

    void writeHead(const ReportInput &input);
    void writeMasthead(const ReportInput &input, ReportVerdict verdict);
    void writeNavigation(const ReportInput &input);
    void writeSummary(const ReportInput &input, ReportVerdict verdict);
    void writeFindings(const ReportInput &input);
    void writeConnectivity(const ReportInput &input);
    void writeEvents(const ReportInput &input);
    void writeTpm(const ReportInput &input);
    void writeCertificates(const ReportInput &input);
    void writeStatus(const ReportInput &input);
    void writeAbout(const ReportInput &input);

    TextFilter m_filter;
    Limits m_limits;
    QString m_out;
};

} // namespace Entra::Bundle
