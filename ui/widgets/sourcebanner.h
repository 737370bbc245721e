#pragma once

#include "common/error.h"
#include "state/statussnapshot.h"

#include <QFrame>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QToolButton;

namespace Entra::Ui {

// The strip above the pages: which source is shown, whether a load is running, and what went
// wrong with the last one. Errors are shown inline, never in a modal box.
class SourceBanner : public QFrame
{
    Q_OBJECT

public:
    explicit SourceBanner(QWidget *parent = nullptr);

    void showLoading(const QString &label);
    void showSource(const SnapshotOrigin &origin);
    void showError(const Error &error, const QString &label);
    // Something the user should know that is not about the shown source (an interrupted
    // operation that was repaired at start-up); stays until replaced.
    void showNotice(const QString &text);

    QString sourceText() const;
    QString errorText() const;
    QString noticeText() const;

private:
    QLabel *m_source;
    QProgressBar *m_busy;
    QLabel *m_error;
    QLabel *m_notice;
    QToolButton *m_unplacedToggle;
    QPlainTextEdit *m_unplaced;
};

} // namespace Entra::Ui
