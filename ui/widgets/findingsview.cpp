#include "findingsview.h"

#include "findingsmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

FindingsView::FindingsView(QWidget *parent)
    : QWidget(parent)
    , m_model(new Models::FindingsModel(this))
    , m_filter(new Models::FindingsFilterModel(this))
    , m_view(new QTreeView(this))
    , m_details(new QTextBrowser(this))
{
    m_filter->setSourceModel(m_model);
    m_view->setObjectName(u"findingsList"_s);
    m_view->setModel(m_filter);
    m_view->setRootIsDecorated(false);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setUniformRowHeights(true);
    m_view->setColumnWidth(Models::FindingsModel::ResultColumn, 90);
    // The id is in the details pane (and the ticket text); the list keeps the titles readable.
    m_view->setColumnHidden(Models::FindingsModel::IdColumn, true);
    m_view->header()->setStretchLastSection(true);
    m_details->setObjectName(u"findingDetails"_s);
    m_details->setOpenLinks(false);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &FindingsView::showCurrent);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &FindingsView::showCurrent);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &FindingsView::showCurrent);
}

void FindingsView::setFindings(const QList<Finding> &findings)
{
    m_model->setFindings(findings);
    // Start with the first problem: that is what the person came for.
    int first = 0;
    for (int row = 0; row < m_filter->rowCount(); ++row) {
        if (m_filter->index(row, 0).data(Models::FindingsModel::ProblemRole).toBool()) {
            first = row;
            break;
        }
    }
    if (m_filter->rowCount() > 0)
        m_view->setCurrentIndex(m_filter->index(first, 0));
    showCurrent();
}

void FindingsView::setProblemsOnly(bool problemsOnly)
{
    m_filter->setProblemsOnly(problemsOnly);
    if (!m_view->currentIndex().isValid() && m_filter->rowCount() > 0)
        m_view->setCurrentIndex(m_filter->index(0, 0));
    showCurrent();
}

void FindingsView::setEmptyText(const QString &text)
{
    m_emptyText = text;
    showCurrent();
}

QString FindingsView::findingHtml(const Finding &f)
{
    const QString colour = Models::FindingsModel::outcomeColor(f.outcome).name();
    QString html = u"<p><b style='color:%1'>%2</b> &nbsp;<b>%3</b><br><small>%4</small></p>"_s.arg(
        colour, outcomeLabel(f.outcome), f.title.toHtmlEscaped(), f.id);
    if (!f.cause.isEmpty())
        html += u"<p><b>Why</b><br>%1</p>"_s.arg(f.cause.toHtmlEscaped());
    if (!f.fixSteps.isEmpty()) {
        html += u"<p><b>What to do</b></p><ol>"_s;
        for (const QString &step : f.fixSteps)
            html += u"<li>%1</li>"_s.arg(step.toHtmlEscaped());
        html += u"</ol>"_s;
    }
    if (!f.evidence.isEmpty()) {
        html += u"<p><b>Evidence</b></p><ul>"_s;
        for (const QString &line : f.evidence)
            html += u"<li><tt>%1</tt></li>"_s.arg(line.toHtmlEscaped());
        html += u"</ul>"_s;
    }
    if (!f.reference.isEmpty())
        html += u"<p><small>Reference: %1</small></p>"_s.arg(f.reference.toHtmlEscaped());
    return html;
}

void FindingsView::showCurrent()
{
    const QModelIndex current = m_filter->mapToSource(m_view->currentIndex());
    const Finding *finding = m_model->findingAt(current.isValid() ? current.row() : -1);
    if (finding)
        m_details->setHtml(findingHtml(*finding));
    else
        m_details->setHtml(m_filter->rowCount() == 0 && !m_emptyText.isEmpty()
                               ? u"<p>%1</p>"_s.arg(m_emptyText.toHtmlEscaped())
                               : QString());
}

} // namespace Entra::Ui
