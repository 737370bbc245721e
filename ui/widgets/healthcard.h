#pragma once

#include "state/healthsummary.h"

#include <QFrame>

class QLabel;

namespace Entra::Ui {

// One at-a-glance answer on the Overview: an area, its health, a headline and the evidence.
class HealthCard : public QFrame
{
    Q_OBJECT

public:
    explicit HealthCard(const QString &area, QWidget *parent = nullptr);

    void setItem(const HealthItem &item);
    Health health() const { return m_health; }
    QString headline() const;

private:
    QLabel *m_badge;
    QLabel *m_headline;
    QLabel *m_detail;
    Health m_health = Health::Unknown;
};

QColor healthColor(Health health);

} // namespace Entra::Ui
