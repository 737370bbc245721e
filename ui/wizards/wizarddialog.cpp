#include "wizarddialog.h"

#include <QHBoxLayout>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

WizardDialog::WizardDialog(const QString &title, const QString &objectName, QWidget *parent)
    : QDialog(parent)
    , m_stack(new QStackedWidget(this))
    , m_buttons(new QHBoxLayout)
    , m_primary(new QPushButton(this))
    , m_cancel(new QPushButton(u"Cancel"_s, this))
{
    setWindowTitle(title);
    setObjectName(objectName);
    resize(620, 460);
    m_primary->setObjectName(u"primaryButton"_s);
    m_primary->setDefault(true);
    m_cancel->setObjectName(u"cancelButton"_s);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);
    m_buttons->addStretch(1);
    m_buttons->addWidget(m_cancel);
    m_buttons->addWidget(m_primary);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_stack, 1);
    layout->addLayout(m_buttons);
}

void WizardDialog::addPage(QWidget *page)
{
    m_stack->addWidget(page);
}

int WizardDialog::pageIndex() const
{
    return m_stack->currentIndex();
}

void WizardDialog::setPageIndex(int index)
{
    m_stack->setCurrentIndex(index);
}

QPushButton *WizardDialog::addButton(const QString &text, const QString &objectName)
{
    auto *button = new QPushButton(text, this);
    button->setObjectName(objectName);
    m_buttons->insertWidget(m_buttons->indexOf(m_cancel), button);
    return button;
}

} // namespace Entra::Ui
