#pragma once

#include <QObject>

class QSocketNotifier;

namespace Entra::Cli {

// Turns Ctrl+C (SIGINT) and SIGTERM into a Qt signal while it exists, so a running join or
// leave can cancel and roll back instead of dying half-way. (Were the process killed anyway,
// the journal lets the next start repair it.)
class InterruptSignal : public QObject
{
    Q_OBJECT

public:
    explicit InterruptSignal(QObject *parent = nullptr);
    ~InterruptSignal() override;

Q_SIGNALS:
    void interrupted();

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Entra::Cli
