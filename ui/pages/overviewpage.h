#pragma once

#include "diagnostics/finding.h"
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
    // The diagnostics' most severe findings, in a compact list under the cards.
    void showFindings(const QList<Entra::Finding> &findings);

private:
    QLabel *m_joinType;
    QLabel *m_joinEvidence;
    HealthCard *m_device;
    HealthCard *m_sso;
    HealthCard *m_hello;
    QLabel *m_topFindingsCaption;
    QLabel *m_topFindings;
};

} // namespace Entra::Ui
