#include "diagnosticspage.h"

#include "certs/devicecertificatecheck.h"
#include "cloud/cloudhttp.h"
#include "cloudcheck/clouddevicecheck.h"
#include "connectivity/connectivitycheck.h"
#include "diagnostics/diagnosticsources.h"
#include "findingsmodel.h"
#include "local/deviceenvironment.h"
#include "state/sections.h"
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
    , m_network(new QPushButton(u"Check Connectivity"_s, this))
    , m_cloud(new QPushButton(u"Check in the Cloud"_s, this))
    , m_signIn(new QLabel(this))
    , m_environment(std::make_shared<DeviceEnvironment>())
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
    bar->addWidget(m_network);
    bar->addWidget(m_cloud);
    bar->addWidget(m_copy);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(intro);
    layout->addLayout(bar);
    layout->addWidget(m_signIn);
    layout->addWidget(m_findings, 1);

    connect(m_problemsOnly, &QCheckBox::toggled, this, &DiagnosticsPage::setProblemsOnly);
    connect(m_copy, &QPushButton::clicked, this, &DiagnosticsPage::copyForTicket);
    m_network->setObjectName(u"checkConnectivity"_s);
    m_network->setToolTip(u"Test DNS, TCP, TLS and HTTP from this computer to login, "
                          u"device.login, DRS discovery and Graph."_s);
    connect(m_network, &QPushButton::clicked, this, &DiagnosticsPage::checkConnectivity);
    m_cloud->setObjectName(u"checkInCloud"_s);
    m_cloud->setToolTip(u"Sign in as a helpdesk account and compare with the device object in "
                        u"Entra ID (exists, enabled, certificate bound, not stale)."_s);
    m_signIn->setObjectName(u"cloudSignIn"_s);
    m_signIn->setWordWrap(true);
    m_signIn->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    m_signIn->setOpenExternalLinks(true);
    m_signIn->hide();
    connect(m_cloud, &QPushButton::clicked, this, &DiagnosticsPage::checkInCloud);
}

void DiagnosticsPage::showSnapshot(const StatusSnapshot &snapshot)
{
    // A cloud lookup was for the device of the previous snapshot.
    if (ExpectedDeviceIdentity::fromSnapshot(snapshot).deviceId
        != ExpectedDeviceIdentity::fromSnapshot(m_snapshot).deviceId) {
        m_cloudLookedUp = false;
        m_cloudDevice.reset();
    }
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

void DiagnosticsPage::setEvents(const QList<Events::EventRecord> &events)
{
    m_events = DiagnosticSources::relevantEvents(events);
    if (m_haveSnapshot)
        runAgain();
}

void DiagnosticsPage::runAgain()
{
    DiagnosticInput input;
    input.snapshot = m_snapshot;
    input.certificates = m_certificates;
    input.events = m_events;
    input.cloudLookedUp = m_cloudLookedUp;
    input.cloudDevice = m_cloudDevice;
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
    showFindings();
}

// The engine's findings plus the last connectivity check's.
void DiagnosticsPage::showFindings()
{
    if (!m_report)
        return;
    QList<Finding> findings = m_report->findings;
    findings << m_networkFindings;
    sortBySeverity(findings);
    m_findings->setFindings(findings);
    m_copy->setEnabled(true);
    const int fails = countOutcome(findings, CheckOutcome::Fail);
    const int warns = countOutcome(findings, CheckOutcome::Warn);
    QString text = fails + warns == 0 ? u"No problems found"_s
                                      : u"%1 problem(s), %2 warning(s)"_s.arg(fails).arg(warns);
    text += u" — %1 note(s), %2 passed, %3 not checked"_s
                .arg(countOutcome(findings, CheckOutcome::Info))
                .arg(countOutcome(findings, CheckOutcome::Pass))
                .arg(countOutcome(findings, CheckOutcome::Skip));
    m_summary->setText(text);
    Q_EMIT reportShown(findings);
}

void DiagnosticsPage::setEnvironment(std::shared_ptr<DeviceEnvironment> environment)
{
    m_environment = std::move(environment);
}

void DiagnosticsPage::checkConnectivity()
{
    if (m_checkingNetwork)
        return;
    const Result<ConnectivityOptions> options = connectivityOptionsFor(m_environment->options());
    if (!options) {
        m_networkFindings = { Finding {
            u"net.configuration"_s, options.error().message, CheckOutcome::Fail, {}, {}, {}, {} } };
        showFindings();
        return;
    }
    const auto tenant = readSection<TenantDetails>(m_snapshot);
    auto *check = new ConnectivityCheck(
        connectivityTargetsFor(m_environment->options(),
                               tenant.tenantId.value_or(tenant.tenantName.value_or(QString()))),
        *options, this);
    m_checkingNetwork = true;
    m_network->setEnabled(false);
    m_network->setText(u"Checking…"_s);
    connect(check, &ConnectivityCheck::finished, this, [this, check] {
        m_networkFindings = ConnectivityCheck::findings(check->results());
        check->deleteLater();
        m_checkingNetwork = false;
        m_network->setEnabled(true);
        m_network->setText(u"Check Connectivity"_s);
        showFindings();
    });
    check->start();
}

void DiagnosticsPage::checkInCloud()
{
    if (m_checkingCloud)
        return;
    auto *http = new CloudHttp(this);
    if (const Status trusted = m_environment->configure(*http); !trusted) {
        http->deleteLater();
        m_signIn->setText(trusted.error().message);
        m_signIn->show();
        return;
    }
    auto *check = new CloudDeviceCheck(*http, m_environment->endpoints(), http);
    connect(check, &CloudDeviceCheck::signInRequired, this,
            [this](const QString &, const QUrl &url, const QString &code) {
                m_signIn->setText(
                    u"To look the device up in Entra ID, open <a href='%1'>%1</a> "
                    u"and enter the code <b>%2</b> (sign in as an account that may "
                    u"read devices)."_s.arg(url.toString().toHtmlEscaped(), code.toHtmlEscaped()));
                m_signIn->show();
            });
    connect(check, &CloudDeviceCheck::finished, this,
            [this, http](const Result<std::optional<CloudDeviceRecord>> &result) {
                http->deleteLater();
                m_checkingCloud = false;
                m_cloud->setEnabled(true);
                m_cloud->setText(u"Check in the Cloud"_s);
                if (!result) {
                    m_signIn->setText(u"The cloud check could not run: %1 %2"_s.arg(
                        result.error().message, result.error().fix));
                    m_signIn->show();
                    return;
                }
                m_signIn->hide();
                m_cloudLookedUp = true;
                m_cloudDevice = *result;
                runAgain();
            });
    const auto tenant = readSection<TenantDetails>(m_snapshot);
    m_checkingCloud = true;
    m_cloud->setEnabled(false);
    m_cloud->setText(u"Signing in…"_s);
    check->start(tenant.tenantId.value_or(QString()),
                 ExpectedDeviceIdentity::fromSnapshot(m_snapshot).deviceId);
}

QString DiagnosticsPage::signInText() const
{
    return m_signIn->isHidden() ? QString() : m_signIn->text();
}

int DiagnosticsPage::attentionCount() const
{
    const QList<Finding> &shown = m_findings->model()->findings();
    return countOutcome(shown, CheckOutcome::Fail) + countOutcome(shown, CheckOutcome::Warn);
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
    QString text = findingsTicketText(m_findings->model()->findings(), heading);
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
