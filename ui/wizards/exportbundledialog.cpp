#include "exportbundledialog.h"

#include <QCheckBox>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QSysInfo>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

ExportBundleDialog::ExportBundleDialog(const QString &contents,
                                       Bundle::BundleExportJob::Collect collect, QWidget *parent)
    : QDialog(parent)
    , m_collect(std::move(collect))
    , m_job(new Bundle::BundleExportJob(this))
    , m_path(new QLineEdit(this))
    , m_browse(new QPushButton(u"Browse…"_s, this))
    , m_redact(new QCheckBox(u"Mask user names and tenant ids"_s, this))
    , m_progress(new QProgressBar(this))
    , m_result(new QLabel(this))
    , m_export(new QPushButton(u"Export"_s, this))
    , m_cancel(new QPushButton(u"Cancel"_s, this))
    , m_showFolder(new QPushButton(u"Show in Folder"_s, this))
{
    setWindowTitle(u"Export Support Bundle"_s);
    setObjectName(u"exportBundleDialog"_s);
    resize(600, 340);

    auto *intro = new QLabel(
        u"<b>Export a support bundle</b><p>One zip file for your helpdesk with %1, and a report "
        u"page that any browser opens. It never holds a private key, token, session key, PIN "
        u"or password.</p>"_s.arg(contents.toHtmlEscaped()),
        this);
    intro->setObjectName(u"exportIntro"_s);
    intro->setWordWrap(true);
    m_path->setObjectName(u"bundlePath"_s);
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    m_path->setText(
        QDir(documents.isEmpty() ? QDir::homePath() : documents).filePath(suggestedFileName()));
    m_browse->setObjectName(u"browseButton"_s);
    m_redact->setObjectName(u"redactIdentities"_s);
    m_redact->setToolTip(u"Replaces user names (UPNs) and tenant ids with stable placeholders, "
                         u"for bundles that leave your organisation"_s);
    m_progress->setObjectName(u"exportProgress"_s);
    m_progress->setRange(0, 100);
    m_progress->hide();
    m_result->setObjectName(u"exportResult"_s);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_export->setObjectName(u"exportButton"_s);
    m_export->setDefault(true);
    m_cancel->setObjectName(u"cancelButton"_s);
    m_showFolder->setObjectName(u"showFolderButton"_s);
    m_showFolder->hide();

    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    auto *form = new QFormLayout;
    form->addRow(u"Save to:"_s, pathRow);
    form->addRow(QString(), m_redact);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_showFolder);
    buttons->addStretch(1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_result);
    layout->addStretch(1);
    layout->addLayout(buttons);

    connect(m_browse, &QPushButton::clicked, this, &ExportBundleDialog::chooseFile);
    connect(m_export, &QPushButton::clicked, this, &ExportBundleDialog::startExport);
    connect(m_cancel, &QPushButton::clicked, this, &ExportBundleDialog::reject);
    connect(m_showFolder, &QPushButton::clicked, this, [this] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_writtenPath).absolutePath()));
    });
    connect(m_job, &Bundle::BundleExportJob::collecting, this, [this] {
        m_result->setText(u"Collecting the status, the TPM report and the logs…"_s);
    });
    connect(m_job, &Bundle::BundleExportJob::progressed, this, &ExportBundleDialog::onProgress);
    connect(m_job, &Bundle::BundleExportJob::finished, this, &ExportBundleDialog::onFinished);
    connect(m_job, &Bundle::BundleExportJob::failed, this, &ExportBundleDialog::onFailed);
}

QString ExportBundleDialog::suggestedFileName()
{
    return u"entra-doctor-%1-%2.zip"_s.arg(
        QSysInfo::machineHostName(), QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmm"_s));
}

void ExportBundleDialog::setPath(const QString &path)
{
    m_path->setText(path);
}

void ExportBundleDialog::setRedactIdentities(bool redact)
{
    m_redact->setChecked(redact);
}

QString ExportBundleDialog::resultText() const
{
    return m_result->text();
}

void ExportBundleDialog::chooseFile()
{
    const QString path = QFileDialog::getSaveFileName(this, u"Save the support bundle"_s,
                                                      m_path->text(), u"Support bundle (*.zip)"_s);
    if (!path.isEmpty())
        m_path->setText(path.endsWith(u".zip"_s, Qt::CaseInsensitive) ? path : path + u".zip"_s);
}

void ExportBundleDialog::startExport()
{
    if (m_job->isRunning())
        return;
    const QString path = m_path->text().trimmed();
    const QFileInfo target(path);
    if (path.isEmpty() || target.isDir()) {
        m_result->setText(
            u"Choose a file name for the bundle, for example %1."_s.arg(suggestedFileName()));
        return;
    }
    if (!target.absoluteDir().exists()) {
        m_result->setText(u"The folder %1 does not exist."_s.arg(
            QDir::toNativeSeparators(target.absolutePath())));
        return;
    }
    m_succeeded = false;
    setBusy(true);
    m_progress->setValue(0);
    const bool redact = m_redact->isChecked();
    m_job->start(target.absoluteFilePath(), [collect = m_collect, redact] {
        Result<Bundle::SupportBundleContent> content = collect();
        if (content)
            content->redactIdentities = redact;
        return content;
    });
}

void ExportBundleDialog::reject()
{
    if (m_job->isRunning()) {
        m_job->cancel();
        m_result->setText(u"Cancelling…"_s);
        return;
    }
    QDialog::reject();
}

void ExportBundleDialog::onProgress(qint64 written, qint64 total)
{
    m_progress->setValue(total > 0 ? int(written * 100 / total) : 0);
    m_result->setText(u"Writing… %1 of %2"_s.arg(QLocale().formattedDataSize(written),
                                                 QLocale().formattedDataSize(total)));
}

void ExportBundleDialog::onFinished(const Bundle::Manifest &manifest, const QString &path)
{
    setBusy(false);
    m_succeeded = true;
    m_writtenPath = path;
    m_progress->setValue(100);
    QString text = u"The support bundle was written to %1 (%2 entries). Send this file to your "
                   u"helpdesk."_s.arg(QDir::toNativeSeparators(path))
                       .arg(manifest.entries.size() + 1);
    for (const QString &note : manifest.notes)
        text += u"\nNote: "_s + note;
    m_result->setText(text);
    m_export->hide();
    m_cancel->setText(u"Close"_s);
    m_showFolder->show();
    Q_EMIT exported(path);
}

void ExportBundleDialog::onFailed(const Error &error)
{
    setBusy(false);
    m_progress->hide();
    m_result->setText(error.fix.isEmpty() ? error.message : error.message + u' ' + error.fix);
}

void ExportBundleDialog::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_path->setEnabled(!busy);
    m_browse->setEnabled(!busy);
    m_redact->setEnabled(!busy);
    m_export->setEnabled(!busy);
}

} // namespace Entra::Ui
