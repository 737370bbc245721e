#pragma once

#include <QWidget>

class QLabel;
class QListWidget;
class QProgressBar;

namespace Entra::Ui {

// The steps of a multi-step operation, each marked waiting, running, done or failed, over a
// progress bar: what the Join and Leave wizards show while they work.
class OperationProgressView : public QWidget
{
    Q_OBJECT

public:
    explicit OperationProgressView(QWidget *parent = nullptr);

    void setSteps(const QStringList &titles);
    // Marks every earlier step done and this one running.
    void startStep(int index);
    void finishAll();
    void failCurrent();
    void setDetail(const QString &text);

    int currentStep() const { return m_current; }
    QString stepText(int index) const;

private:
    void mark(int index, const QString &state);

    QListWidget *m_steps;
    QProgressBar *m_progress;
    QLabel *m_detail;
    int m_current = -1;
};

} // namespace Entra::Ui
