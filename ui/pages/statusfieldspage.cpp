#include "statusfieldspage.h"

#include "state/statusvalues.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

StatusFieldsPage::StatusFieldsPage(const QString &title, const QString &introduction,
                                   Models::StatusFieldsModel::SectionFilter filter,
                                   QWidget *parent)
    : StatusPage(parent)
    , m_model(new Models::StatusFieldsModel(KnowledgeBase::builtIn(), std::move(filter), this))
    , m_view(new QTreeView(this))
    , m_emptyNote(new QLabel(this))
    , m_details(new QTextBrowser(this))
    , m_eventsAroundButton(new QPushButton(u"Show Events Around This Time"_s, this))
{
    auto *heading = new QLabel(title, this);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.4);
    headingFont.setBold(true);
    heading->setFont(headingFont);
    auto *intro = new QLabel(introduction, this);
    intro->setWordWrap(true);

    m_view->setModel(m_model);
    m_view->setAlternatingRowColors(true);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->setColumnWidth(Models::StatusFieldsModel::FieldColumn, 230);
    m_view->setColumnWidth(Models::StatusFieldsModel::ValueColumn, 380);

    m_emptyNote->setObjectName(u"emptyNote"_s);
    m_emptyNote->setWordWrap(true);
    m_emptyNote->setText(u"The current source does not include these sections."_s);
    m_emptyNote->hide();

    m_details->setObjectName(u"fieldDetails"_s);
    m_details->setOpenExternalLinks(false);
    m_details->setPlaceholderText(u"Select a field to see what it means and what a healthy "
                                  u"device shows."_s);

    m_eventsAroundButton->setObjectName(u"showEventsAroundButton"_s);
    m_eventsAroundButton->setToolTip(u"Open the Event logs page filtered to a few minutes "
                                     u"before and after this time"_s);
    m_eventsAroundButton->hide();
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &StatusFieldsPage::showContextMenu);
    connect(m_eventsAroundButton, &QPushButton::clicked, this,
            [this] { requestEventsAround(m_view->currentIndex()); });

    auto *detailsArea = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(detailsArea);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_details, 1);
    detailsLayout->addWidget(m_eventsAroundButton, 0, Qt::AlignLeft);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(detailsArea);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(intro);
    layout->addWidget(m_emptyNote);
    layout->addWidget(splitter, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { showDetails(current); });
}

void StatusFieldsPage::showSnapshot(const StatusSnapshot &snapshot)
{
    m_model->setSnapshot(snapshot);
    m_view->expandAll();
    m_emptyNote->setVisible(m_model->rowCount() == 0);
    m_details->clear();
}

int StatusFieldsPage::attentionCount() const
{
    return m_model->problemCount();
}

QDateTime StatusFieldsPage::timeOf(const QModelIndex &index)
{
    using Model = Models::StatusFieldsModel;
    const QModelIndex first = index.siblingAtColumn(Model::FieldColumn);
    if (!first.isValid() || first.data(Model::IsSectionRole).toBool())
        return {};
    return StatusValue::parseTime(first.data(Model::RawValueRole).toString()).value_or(QDateTime());
}

void StatusFieldsPage::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_view->indexAt(position);
    if (!timeOf(index).isValid())
        return;
    QMenu menu(this);
    menu.addAction(u"Show Events Around This Time"_s, this,
                   [this, index] { requestEventsAround(index); });
    menu.exec(m_view->viewport()->mapToGlobal(position));
}

void StatusFieldsPage::requestEventsAround(const QModelIndex &index)
{
    const QDateTime time = timeOf(index);
    if (!time.isValid())
        return;
    const QString key = index.siblingAtColumn(Models::StatusFieldsModel::FieldColumn)
                            .data(Models::StatusFieldsModel::KeyRole)
                            .toString();
    Q_EMIT showEventsAroundRequested(time, key);
}

void StatusFieldsPage::showDetails(const QModelIndex &index)
{
    using Model = Models::StatusFieldsModel;
    m_eventsAroundButton->setVisible(timeOf(index).isValid());
    if (!index.isValid()) {
        m_details->clear();
        return;
    }
    const QModelIndex first = index.siblingAtColumn(Model::FieldColumn);
    if (first.data(Model::IsSectionRole).toBool()) {
        m_details->setHtml(u"<h3>%1</h3><p>%2</p>"_s.arg(
            first.data(Model::SectionTitleRole).toString().toHtmlEscaped(),
            first.data(Qt::ToolTipRole).toString().toHtmlEscaped()));
        return;
    }
    QString html = u"<h3>%1</h3><p><b>Value:</b> %2</p>"_s.arg(
        first.data(Model::KeyRole).toString().toHtmlEscaped(),
        first.data(Model::RawValueRole).toString().toHtmlEscaped());
    const QString meaning = first.data(Model::MeaningRole).toString();
    html += meaning.isEmpty() ? u"<p><i>No explanation is known for this field.</i></p>"_s
                              : u"<p>%1</p>"_s.arg(meaning.toHtmlEscaped());
    const QString healthy = first.data(Model::HealthyRole).toString();
    if (!healthy.isEmpty())
        html += u"<p><b>Healthy:</b> %1</p>"_s.arg(healthy.toHtmlEscaped());
    const QString codes = first.data(Model::CodeExplanationRole).toString();
    if (!codes.isEmpty())
        html += u"<p><b>Codes:</b><br>%1</p>"_s.arg(
            codes.toHtmlEscaped().replace(u'\n', u"<br>"_s));
    m_details->setHtml(html);
}

} // namespace Entra::Ui
