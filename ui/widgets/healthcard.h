#pragma once

#include "state/healthsummary.h"

#include <QFrame>

class QLabel;

namespace Entra::Ui {

// One at-a-glance answer on the Overview: an area, its health, a headline, the evidence and
// what to do.
class HealthCard : public QFrame
{
    Q_OBJECT

public:
    explicit HealthCard(const QString &area, QWidget *parent = nullptr);

    // `codeHelp` explains error codes found in the evidence (from the knowledge base).
    void setItem(const HealthItem &item, const QString &codeHelp = {});
    Health health() const { return m_health; }
    QString headline() const;
    QString whatToDo() const;

private:
    QWidget *m_stripe;
    QLabel *m_badge;
    QLabel *m_headline;
    QLabel *m_detail;
    QLabel *m_fix;
    Health m_health = Health::Unknown;
};

QColor healthColor(Health health);

} // namespace Entra::Ui
