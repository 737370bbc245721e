#include "tpmpage.h"

#include "tpm/asyncdelivery.h"
#include "tpm/tpmprobe.h"
#include "tpm/tpmworker.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QThreadPool>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

TpmPage::TpmPage(TctiOptions options, QWidget *parent)
    : StatusPage(parent)
    , m_options(std::move(options))
    , m_model(new Models::TpmPropertiesModel(this))
    , m_verdict(new QLabel(this))
    , m_reasons(new QLabel(this))
    , m_origin(new QLabel(this))
    , m_refresh(new QPushButton(u"Check Again"_s, this))
    , m_view(new QTableView(this))
{
    auto *heading = new QLabel(u"TPM"_s, this);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.4);
    headingFont.setBold(true);
    heading->setFont(headingFont);
    auto *intro = new QLabel(u"Whether this computer's TPM can hold the device and Windows Hello "
                             u"keys, with the properties Get-Tpm shows. Without a ready TPM, keys "
                             u"are kept in software."_s,
                             this);
    intro->setWordWrap(true);

    m_verdict->setObjectName(u"tpmVerdict"_s);
    QFont verdictFont = m_verdict->font();
    verdictFont.setBold(true);
    verdictFont.setPointSizeF(verdictFont.pointSizeF() * 1.15);
    m_verdict->setFont(verdictFont);
    m_verdict->setText(u"Not checked yet."_s);
    m_reasons->setObjectName(u"tpmReasons"_s);
    m_reasons->setWordWrap(true);
    m_reasons->setTextFormat(Qt::RichText);
    m_reasons->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reasons->hide();
    m_refresh->setObjectName(u"tpmRefresh"_s);
    m_origin->setObjectName(u"tpmOrigin"_s);
    m_origin->setWordWrap(true);
    m_origin->hide();

    m_view->setObjectName(u"tpmProperties"_s);
    m_view->setModel(m_model);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnWidth(Models::TpmPropertiesModel::PropertyColumn, 230);
    m_view->setColumnWidth(Models::TpmPropertiesModel::ValueColumn, 320);

    auto *verdictRow = new QHBoxLayout;
    verdictRow->addWidget(m_verdict, 1);
    verdictRow->addWidget(m_refresh);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(intro);
    layout->addWidget(m_origin);
    layout->addLayout(verdictRow);
    layout->addWidget(m_reasons);
    layout->addWidget(m_view, 1);

    connect(m_refresh, &QPushButton::clicked, this, &TpmPage::refresh);
}

TpmPage::~TpmPage()
{
    // Stopping the worker waits for a TPM command in progress; let a pool thread do that
    // rather than the GUI thread.
    if (m_worker && m_probing)
        QThreadPool::globalInstance()->start(
            [worker = std::move(m_worker)]() mutable { worker.reset(); });
}

int TpmPage::attentionCount() const
{
    return m_report ? int(m_report->reasons.size()) : 0;
}

void TpmPage::showEvent(QShowEvent *event)
{
    StatusPage::showEvent(event);
    if (!m_report && !m_probing)
        refresh();
}

void TpmPage::refresh()
{
    if (m_imported)
        showThisComputer();
    if (m_probing)
        return;
    if (!m_worker)
        m_worker = std::make_shared<TpmWorker>(m_options);
    m_probing = true;
    m_refresh->setEnabled(false);
    m_verdict->setText(u"Checking the TPM…"_s);
    m_verdict->setStyleSheet({});
    deliverTo(this, TpmProbe::start(*m_worker),
              [this, request = ++m_probeRequest](const TpmReport &report) {
                  m_probing = false;
                  m_refresh->setEnabled(true);
                  if (request == m_probeRequest && !m_imported)
                      showReport(report);
              });
}

void TpmPage::showImported(const std::optional<TpmReport> &report, const QString &origin)
{
    m_imported = true;
    ++m_probeRequest; // a probe still running belongs to this computer: drop its answer
    m_refresh->setText(u"Check This Computer"_s);
    m_refresh->setEnabled(true);
    m_origin->setText(u"From a support bundle: the TPM of %1 as it was then. “Check This "
                      u"Computer” probes this computer's TPM instead."_s.arg(
                          origin.isEmpty() ? u"the device that wrote it"_s : origin));
    m_origin->show();
    if (report) {
        showReport(*report);
        return;
    }
    m_report.reset();
    m_model->setReport({});
    m_verdict->setText(u"The support bundle holds no TPM report."_s);
    m_verdict->setStyleSheet({});
    m_reasons->hide();
    Q_EMIT reportShown();
}

void TpmPage::showThisComputer()
{
    if (!m_imported)
        return;
    m_imported = false;
    m_origin->hide();
    m_refresh->setText(u"Check Again"_s);
    m_refresh->setEnabled(!m_probing);
    m_report.reset();
    m_model->setReport({});
    m_verdict->setText(u"Not checked yet."_s);
    m_verdict->setStyleSheet({});
    m_reasons->hide();
    if (isVisible() && !m_probing)
        refresh();
}

void TpmPage::showReport(const TpmReport &report)
{
    m_report = report;
    m_model->setReport(report);
    if (report.ready()) {
        m_verdict->setText(u"The TPM is ready for use."_s);
        m_verdict->setStyleSheet(u"color: #1e7b34;"_s);
        m_reasons->hide();
    } else {
        m_verdict->setText(u"The TPM is not ready for use."_s);
        m_verdict->setStyleSheet(u"color: #b01e1e;"_s);
        QString html = u"<ul>"_s;
        for (const TpmReadinessReason &reason : report.reasons) {
            html += u"<li><b>"_s + reason.message.toHtmlEscaped() + u"</b>"_s;
            if (!reason.fix.isEmpty())
                html += u"<br>Fix: "_s + reason.fix.toHtmlEscaped();
            html += u"</li>"_s;
        }
        html += u"</ul>"_s;
        m_reasons->setText(html);
        m_reasons->show();
    }
    Q_EMIT reportShown();
}

} // namespace Entra::Ui
