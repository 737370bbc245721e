#include "operationprogressview.h"

#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

OperationProgressView::OperationProgressView(QWidget *parent)
    : QWidget(parent)
    , m_steps(new QListWidget(this))
    , m_progress(new QProgressBar(this))
    , m_detail(new QLabel(this))
{
    m_steps->setObjectName(u"steps"_s);
    m_steps->setSelectionMode(QAbstractItemView::NoSelection);
    m_steps->setFocusPolicy(Qt::NoFocus);
    m_progress->setObjectName(u"progress"_s);
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_steps, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_detail);
}

void OperationProgressView::setSteps(const QStringList &titles)
{
    m_steps->clear();
    m_current = -1;
    for (const QString &title : titles)
        m_steps->addItem(title);
    for (int i = 0; i < m_steps->count(); ++i)
        mark(i, u"waiting"_s);
    m_progress->setRange(0, int(titles.size()));
    m_progress->setValue(0);
    m_detail->clear();
}

void OperationProgressView::mark(int index, const QString &state)
{
    QListWidgetItem *item = m_steps->item(index);
    if (!item)
        return;
    const QStyle *style = QApplication::style();
    QIcon icon;
    if (state == u"done")
        icon = style->standardIcon(QStyle::SP_DialogApplyButton);
    else if (state == u"running")
        icon = style->standardIcon(QStyle::SP_MediaPlay);
    else if (state == u"failed")
        icon = style->standardIcon(QStyle::SP_MessageBoxCritical);
    item->setIcon(icon);
    item->setData(Qt::UserRole, state);
    item->setToolTip(state);
    QFont font = item->font();
    font.setBold(state == u"running");
    item->setFont(font);
    item->setForeground(state == u"waiting" ? m_steps->palette().color(QPalette::PlaceholderText)
                                            : m_steps->palette().color(QPalette::Text));
}

void OperationProgressView::startStep(int index)
{
    for (int i = 0; i < index; ++i)
        mark(i, u"done"_s);
    mark(index, u"running"_s);
    m_current = index;
    m_progress->setValue(index);
}

void OperationProgressView::finishAll()
{
    for (int i = 0; i < m_steps->count(); ++i)
        mark(i, u"done"_s);
    m_current = m_steps->count();
    m_progress->setValue(m_progress->maximum());
}

void OperationProgressView::failCurrent()
{
    mark(m_current, u"failed"_s);
}

void OperationProgressView::setDetail(const QString &text)
{
    m_detail->setText(text);
}

QString OperationProgressView::stepText(int index) const
{
    const QListWidgetItem *item = m_steps->item(index);
    return item ? item->data(Qt::UserRole).toString() : QString();
}

} // namespace Entra::Ui
