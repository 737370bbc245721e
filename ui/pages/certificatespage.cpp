#include "certificatespage.h"

#include "certificatefieldsmodel.h"
#include "tpm/asyncdelivery.h"
#include "widgets/findingsview.h"

#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

CertificatesPage::CertificatesPage(QWidget *parent)
    : StatusPage(parent)
    , m_fields(new Models::CertificateFieldsModel(this))
    , m_tree(new QTreeView(this))
    , m_findings(new FindingsView(this))
    , m_open(new QPushButton(u"Open Certificate…"_s, this))
    , m_bundleFiles(new QComboBox(this))
    , m_source(new QLabel(this))
    , m_error(new QLabel(this))
    , m_summary(new QLabel(this))
{
    setAcceptDrops(true);
    askPassword = [this](const QString &prompt, QString *password) {
        bool ok = false;
        *password = QInputDialog::getText(this, u"Certificate password"_s, prompt,
                                          QLineEdit::Password, {}, &ok);
        return ok;
    };

    auto *heading = new QLabel(u"Certificates"_s, this);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.4);
    headingFont.setBold(true);
    heading->setFont(headingFont);
    auto *intro = new QLabel(u"Open or drop a device certificate (.cer, .crt, .pem, .der, or a "
                             u".pfx with its private key) to see every field and extension and to "
                             u"check it the way DSRegTool does."_s,
                             this);
    intro->setWordWrap(true);

    m_open->setObjectName(u"openCertificate"_s);
    m_bundleFiles->setObjectName(u"bundleCertificates"_s);
    m_bundleFiles->setToolTip(u"The certificates in the support bundle"_s);
    m_bundleFiles->hide();
    m_source->setObjectName(u"certificateSource"_s);
    m_source->setText(u"No certificate opened."_s);
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setObjectName(u"certificateError"_s);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #c62828;"_s);
    m_error->hide();
    m_summary->setObjectName(u"certificateSummary"_s);
    QFont summaryFont = m_summary->font();
    summaryFont.setBold(true);
    m_summary->setFont(summaryFont);

    m_tree->setObjectName(u"certificateFields"_s);
    m_tree->setModel(m_fields);
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setColumnWidth(Models::CertificateFieldsModel::FieldColumn, 330);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setTextElideMode(Qt::ElideMiddle);
    m_findings->setObjectName(u"certificateChecks"_s);
    m_findings->setEmptyText(u"Open a certificate to check it."_s);

    auto *top = new QHBoxLayout;
    top->addWidget(m_open);
    top->addWidget(m_bundleFiles);
    top->addWidget(m_source, 1);

    auto *checks = new QWidget(this);
    auto *checksLayout = new QVBoxLayout(checks);
    checksLayout->setContentsMargins(0, 0, 0, 0);
    checksLayout->addWidget(m_summary);
    checksLayout->addWidget(m_findings, 1);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(checks);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(intro);
    layout->addLayout(top);
    layout->addWidget(m_error);
    layout->addWidget(splitter, 1);

    connect(m_open, &QPushButton::clicked, this, &CertificatesPage::chooseFile);
    connect(m_bundleFiles, &QComboBox::activated, this,
            [this](int index) { openFile(m_bundleFiles->itemData(index).toString()); });
}

void CertificatesPage::showBundleFiles(const QStringList &paths, const QStringList &names)
{
    clear();
    for (qsizetype i = 0; i < paths.size(); ++i) {
        const QString name = i < names.size() ? names.at(i) : QFileInfo(paths.at(i)).fileName();
        m_displayNames.insert(paths.at(i), name);
        m_bundleFiles->addItem(name, paths.at(i));
    }
    m_bundleFiles->setVisible(!paths.isEmpty());
    if (paths.isEmpty())
        m_source->setText(u"The support bundle holds no certificate."_s);
    else
        openFile(paths.constFirst());
}

void CertificatesPage::clear()
{
    ++m_request; // drop any inspection still running
    m_loading = false;
    m_file.reset();
    m_checks.clear();
    m_fields->clear();
    m_findings->setFindings({});
    m_summary->clear();
    m_error->hide();
    m_source->setText(u"No certificate opened."_s);
    m_bundleFiles->clear();
    m_bundleFiles->hide();
    m_displayNames.clear();
}

void CertificatesPage::showSnapshot(const StatusSnapshot &snapshot)
{
    m_expected = ExpectedDeviceIdentity::fromSnapshot(snapshot);
    if (m_loading && !m_pendingPath.isEmpty()) {
        openFile(m_pendingPath, m_pendingPassword); // checked against the new status instead
        return;
    }
    if (!m_file)
        return;
    m_loading = true;
    deliverTo(this, CertificateInspector::recheck(*m_file, m_expected, ++m_request),
              [this](const CertificateInspection &inspection) { showInspection(inspection); });
}

int CertificatesPage::attentionCount() const
{
    return countOutcome(m_checks, CheckOutcome::Fail) + countOutcome(m_checks, CheckOutcome::Warn);
}

void CertificatesPage::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, u"Open a certificate"_s, {},
        u"Certificates (*.cer *.crt *.pem *.der *.pfx *.p12);;All files (*)"_s);
    if (!path.isEmpty())
        openFile(path);
}

void CertificatesPage::openFile(const QString &path, const QString &password)
{
    m_loading = true;
    m_pendingPath = path;
    m_pendingPassword = password;
    m_source->setText(u"Reading %1…"_s.arg(m_displayNames.value(path, QFileInfo(path).fileName())));
    deliverTo(this, CertificateInspector::inspectFile(path, password, m_expected, ++m_request),
              [this](const CertificateInspection &inspection) { showInspection(inspection); });
}

void CertificatesPage::showInspection(const CertificateInspection &inspection)
{
    if (inspection.request != m_request)
        return; // a newer file or status was asked for meanwhile
    m_loading = false;
    m_pendingPassword.clear(); // kept no longer than needed
    if (inspection.error) {
        const Error &error = *inspection.error;
        if (error.code == CertificatePasswordRequired || error.code == CertificateWrongPassword) {
            QString password;
            const QString prompt = error.code == CertificateWrongPassword
                ? u"The password was wrong. Password for %1:"_s
                : u"Password for %1:"_s;
            if (askPassword
                && askPassword(prompt.arg(QFileInfo(m_pendingPath).fileName()), &password)) {
                openFile(m_pendingPath, password);
                return;
            }
        }
        showError(error, m_pendingPath);
        return;
    }
    m_error->hide();
    m_file = inspection.file;
    m_checks = inspection.checks;
    m_fields->setRows(inspection.rows);
    m_tree->expandAll();
    m_findings->setFindings(inspection.checks);
    const CertificateFile &file = *m_file;
    const QString shownName = m_displayNames.contains(file.path)
        ? u"%1 in the support bundle"_s.arg(m_displayNames.value(file.path))
        : QDir::toNativeSeparators(file.path);
    m_source->setText(
        u"%1 — %2%3"_s.arg(shownName, certificateFormatName(file.format),
                           file.hasPrivateKey() ? u", with private key"_s : QString()));
    const int fails = countOutcome(m_checks, CheckOutcome::Fail);
    const int warns = countOutcome(m_checks, CheckOutcome::Warn);
    m_summary->setText(
        fails + warns == 0
            ? u"Device certificate checks: no problems"_s
            : u"Device certificate checks: %1 problem(s), %2 warning(s)"_s.arg(fails).arg(warns));
    Q_EMIT certificateShown(file.certificate());
}

void CertificatesPage::showError(const Error &error, const QString &path)
{
    QString text = u"Could not open %1: %2"_s.arg(QFileInfo(path).fileName(), error.message);
    if (!error.fix.isEmpty())
        text += u' ' + error.fix;
    m_error->setText(text);
    m_error->show();
    m_source->setText(m_file ? u"%1 (still shown)"_s.arg(QDir::toNativeSeparators(m_file->path))
                             : u"No certificate opened."_s);
    Q_EMIT loadFailed(error.message);
}

void CertificatesPage::dragEnterEvent(QDragEnterEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (mime->hasUrls() && mime->urls().constFirst().isLocalFile())
        event->acceptProposedAction();
}

void CertificatesPage::dropEvent(QDropEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (mime->hasUrls() && mime->urls().constFirst().isLocalFile()) {
        openFile(mime->urls().constFirst().toLocalFile());
        event->acceptProposedAction();
    }
}

} // namespace Entra::Ui
