#pragma once

#include "bundle/bundleexportjob.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace Entra::Ui {

// File › Export Support Bundle: where to save, whether to mask identities, then the export
// with a progress bar and Cancel. The window stays usable throughout: the job collects and
// writes on a pool thread.
class ExportBundleDialog : public QDialog
{
    Q_OBJECT

public:
    // `contents` says in a sentence what the bundle will hold; `collect` gathers it (on the
    // pool thread) and the dialog sets the masking the person chose.
    ExportBundleDialog(const QString &contents, Bundle::BundleExportJob::Collect collect,
                       QWidget *parent = nullptr);

    void setPath(const QString &path);
    void setRedactIdentities(bool redact);
    void startExport();
    bool isExporting() const { return m_job->isRunning(); }
    bool succeeded() const { return m_succeeded; }
    QString resultText() const;

    static QString suggestedFileName();

Q_SIGNALS:
    void exported(const QString &path);

protected:
    void reject() override; // cancels a running export instead of closing under it

private:
    void chooseFile();
    void onProgress(qint64 written, qint64 total);
    void onFinished(const Bundle::Manifest &manifest, const QString &path);
    void onFailed(const Error &error);
    void setBusy(bool busy);

    Bundle::BundleExportJob::Collect m_collect;
    Bundle::BundleExportJob *m_job;
    QLineEdit *m_path;
    QPushButton *m_browse;
    QCheckBox *m_redact;
    QProgressBar *m_progress;
    QLabel *m_result;
    QPushButton *m_export;
    QPushButton *m_cancel;
    QPushButton *m_showFolder;
    QString m_writtenPath;
    bool m_succeeded = false;
};

} // namespace Entra::Ui
