#include "healthcard.h"

#include <QHBoxLayout>
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

static QLabel *wrappedLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

HealthCard::HealthCard(const QString &area, QWidget *parent)
    : QFrame(parent)
    , m_stripe(new QWidget(this))
    , m_badge(new QLabel(this))
    , m_headline(wrappedLabel(u"healthHeadline"_s, this))
    , m_detail(wrappedLabel(u"healthDetail"_s, this))
    , m_fix(wrappedLabel(u"healthFix"_s, this))
{
    setFrameShape(QFrame::StyledPanel);

    auto *areaLabel = new QLabel(area, this);
    QFont areaFont = areaLabel->font();
    areaFont.setPointSizeF(areaFont.pointSizeF() * 1.15);
    areaFont.setBold(true);
    areaLabel->setFont(areaFont);
    m_stripe->setFixedWidth(6);
    m_stripe->setAutoFillBackground(true);
    m_badge->setObjectName(u"healthBadge"_s);
    m_badge->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    QFont headlineFont = m_headline->font();
    headlineFont.setBold(true);
    m_headline->setFont(headlineFont);

    auto *text = new QVBoxLayout;
    text->addWidget(areaLabel);
    text->addWidget(m_badge);
    text->addWidget(m_headline);
    text->addWidget(m_detail);
    text->addWidget(m_fix);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 8, 8);
    layout->addWidget(m_stripe);
    layout->addLayout(text, 1);
    setItem({});
}

void HealthCard::setItem(const HealthItem &item, const QString &codeHelp)
{
    m_health = item.health;
    const QColor color = healthColor(item.health);
    QPalette stripe = m_stripe->palette();
    stripe.setColor(QPalette::Window, color);
    m_stripe->setPalette(stripe);
    m_badge->setText(healthName(item.health));
    m_badge->setStyleSheet(u"QLabel { color: white; background: %1; border-radius: 3px; "
                           u"padding: 2px 8px; font-weight: bold; }"_s.arg(color.name()));
    m_headline->setText(item.headline);
    m_detail->setText(item.detail);

    QString fix;
    if (!item.fix.isEmpty())
        fix = u"<b>What to do:</b> "_s + item.fix.toHtmlEscaped();
    if (!codeHelp.isEmpty())
        fix += (fix.isEmpty() ? QString() : u"<br><br>"_s) + codeHelp.toHtmlEscaped();
    m_fix->setText(fix);
    m_fix->setVisible(!fix.isEmpty());
}

QString HealthCard::headline() const
{
    return m_headline->text();
}

QString HealthCard::whatToDo() const
{
    return m_fix->text();
}

} // namespace Entra::Ui
