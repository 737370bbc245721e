#include "healthcard.h"

#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

QColor healthColor(Health health)
{
    switch (health) {
    case Health::Good:
        return QColor(0x2e, 0x7d, 0x32);
    case Health::Warning:
        return QColor(0xc7, 0x7c, 0x02);
    case Health::Problem:
        return QColor(0xc6, 0x28, 0x28);
    case Health::NotApplicable:
    case Health::Unknown:
        break;
    }
    return QColor(0x75, 0x75, 0x75);
}

HealthCard::HealthCard(const QString &area, QWidget *parent)
    : QFrame(parent)
    , m_badge(new QLabel(this))
    , m_headline(new QLabel(this))
    , m_detail(new QLabel(this))
{
    setFrameShape(QFrame::StyledPanel);
    setMinimumWidth(220);
    auto *areaLabel = new QLabel(area, this);
    QFont areaFont = areaLabel->font();
    areaFont.setPointSizeF(areaFont.pointSizeF() * 1.15);
    areaFont.setBold(true);
    areaLabel->setFont(areaFont);

    m_badge->setObjectName(u"healthBadge"_s);
    m_headline->setObjectName(u"healthHeadline"_s);
    m_headline->setWordWrap(true);
    QFont headlineFont = m_headline->font();
    headlineFont.setBold(true);
    m_headline->setFont(headlineFont);
    m_detail->setObjectName(u"healthDetail"_s);
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(areaLabel);
    layout->addWidget(m_badge);
    layout->addWidget(m_headline);
    layout->addWidget(m_detail);
    layout->addStretch();
    setItem({});
}

void HealthCard::setItem(const HealthItem &item)
{
    m_health = item.health;
    const QColor color = healthColor(item.health);
    m_badge->setText(healthName(item.health));
    m_badge->setStyleSheet(u"QLabel { color: white; background: %1; border-radius: 3px; "
                           u"padding: 2px 8px; font-weight: bold; }"_s.arg(color.name()));
    m_badge->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    setStyleSheet(u"Entra--Ui--HealthCard { border-left: 5px solid %1; }"_s.arg(color.name()));
    m_headline->setText(item.headline);
    m_detail->setText(item.detail);
}

QString HealthCard::headline() const
{
    return m_headline->text();
}

} // namespace Entra::Ui
