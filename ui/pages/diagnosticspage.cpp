#include "diagnosticspage.h"

#include "tpm/asyncdelivery.h"
#include "widgets/findingsview.h"

#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

DiagnosticsPage::DiagnosticsPage(QWidget *parent)
    : StatusPage(parent)
    , m_findings(new FindingsView(this))
    , m_summary(new QLabel(this))
    , m_problemsOnly(new QCheckBox(u"Problems only"_s, this))
    , m_copy(new QPushButton(u"Copy for Ticket"_s, this))
{
    auto *heading = new QLabel(u"Diagnostics"_s, this);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.4);
    headingFont.setBold(true);
    heading->setFont(headingFont);
    auto *intro = new QLabel(u"What is wrong and how to fix it: every check over the status, the "
                             u"opened certificate and this device's TPM, most severe first."_s,
                             this);
    intro->setWordWrap(true);

    m_summary->setObjectName(u"diagnosticsSummary"_s);
    m_summary->setWordWrap(true);
    QFont summaryFont = m_summary->font();
    summaryFont.setBold(true);
    m_summary->setFont(summaryFont);
    m_summary->setText(u"Open a dsregcmd output to diagnose it."_s);
    m_problemsOnly->setObjectName(u"problemsOnly"_s);
    m_copy->setObjectName(u"copyForTicket"_s);
    m_copy->setEnabled(false);
    m_findings->setObjectName(u"diagnosticsFindings"_s);
    m_findings->setEmptyText(u"No problems found."_s);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_problemsOnly);
    bar->addWidget(m_copy);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(intro);
    layout->addLayout(bar);
    layout->addWidget(m_findings, 1);

    connect(m_problemsOnly, &QCheckBox::toggled, this, &DiagnosticsPage::setProblemsOnly);
    connect(m_copy, &QPushButton::clicked, this, &DiagnosticsPage::copyForTicket);
}

void DiagnosticsPage::showSnapshot(const StatusSnapshot &snapshot)
{
    m_snapshot = snapshot;
    m_haveSnapshot = true;
    runAgain();
}

void DiagnosticsPage::setCertificate(const DeviceCertificate &certificate)
{
    m_certificates = { certificate };
    if (m_haveSnapshot)
        runAgain();
}

void DiagnosticsPage::setTpmReport(const TpmReport &report)
{
    m_tpm = report;
    if (m_haveSnapshot && m_snapshot.origin.kind == SourceKind::ThisDevice)
        runAgain();
}

void DiagnosticsPage::runAgain()
{
    DiagnosticInput input;
    input.snapshot = m_snapshot;
    input.certificates = m_certificates;
    // The TPM and the clock belong to this computer: they say nothing about an imported status.
    if (m_snapshot.origin.kind == SourceKind::ThisDevice) {
        input.tpm = m_tpm;
        input.now = QDateTime::currentDateTimeUtc();
    }
    m_running = true;
    m_summary->setText(u"Checking…"_s);
    deliverTo(this, DiagnosticEngine::start(std::move(input), ++m_request),
              [this](const DiagnosticReport &report) { showReport(report); });
}

void DiagnosticsPage::showReport(const DiagnosticReport &report)
{
    if (report.request != m_request)
        return; // a newer snapshot or certificate is being checked
    m_running = false;
    m_report = report;
    m_findings->setFindings(report.findings);
    m_copy->setEnabled(true);
    const int fails = countOutcome(report.findings, CheckOutcome::Fail);
    const int warns = countOutcome(report.findings, CheckOutcome::Warn);
    QString text = fails + warns == 0 ? u"No problems found"_s
                                      : u"%1 problem(s), %2 warning(s)"_s.arg(fails).arg(warns);
    text += u" — %1 note(s), %2 passed, %3 not checked"_s
                .arg(countOutcome(report.findings, CheckOutcome::Info))
                .arg(countOutcome(report.findings, CheckOutcome::Pass))
                .arg(countOutcome(report.findings, CheckOutcome::Skip));
    m_summary->setText(text);
    Q_EMIT reportShown(report.findings);
}

int DiagnosticsPage::attentionCount() const
{
    if (!m_report)
        return 0;
    return countOutcome(m_report->findings, CheckOutcome::Fail)
        + countOutcome(m_report->findings, CheckOutcome::Warn);
}

void DiagnosticsPage::setProblemsOnly(bool problemsOnly)
{
    if (m_problemsOnly->isChecked() != problemsOnly)
        m_problemsOnly->setChecked(problemsOnly); // toggles back into here
    m_findings->setProblemsOnly(problemsOnly);
}

QString DiagnosticsPage::ticketText() const
{
    if (!m_report)
        return {};
    QString heading = u"Entra Doctor findings for %1"_s.arg(m_report->source);
    QString text = findingsTicketText(m_report->findings, heading);
    if (m_report->referenceTime.isValid())
        text += u"\nAges judged at %1 (%2).\n"_s.arg(m_report->referenceTime.toString(Qt::ISODate),
                                                     m_report->referenceTimeSource);
    return text;
}

void DiagnosticsPage::copyForTicket()
{
    QGuiApplication::clipboard()->setText(ticketText());
}

} // namespace Entra::Ui
