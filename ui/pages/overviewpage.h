#pragma once

#include "statuspage.h"

class QLabel;

namespace Entra::Ui {

class HealthCard;

// The join type and the health of device, SSO and Windows Hello at a glance.
class OverviewPage : public StatusPage
{
    Q_OBJECT

public:
    explicit OverviewPage(QWidget *parent = nullptr);
    void showSnapshot(const StatusSnapshot &snapshot) override;
    int attentionCount() const override;

private:
    QLabel *m_joinType;
    QLabel *m_joinEvidence;
    HealthCard *m_device;
    HealthCard *m_sso;
    HealthCard *m_hello;
};

} // namespace Entra::Ui
