#include "eventfilterproxymodel.h"

#include "eventlogmodel.h"

namespace Entra::Models {

EventFilterProxyModel::EventFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(EventLogModel::SortRole);
    setDynamicSortFilter(true);
}

void EventFilterProxyModel::setEventModel(EventLogModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    setSourceModel(model);
    if (m_model)
        connect(m_model, &EventLogModel::moreAvailable, this,
                &EventFilterProxyModel::onMoreAvailable);
}

void EventFilterProxyModel::setFilter(const Events::EventFilter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    m_filterWithoutText = filter;
    m_filterWithoutText.setText({});
    m_untimed = filter;
    m_untimed.setSince({});
    m_untimed.setUntil({});
    m_untimedWithoutText = m_untimed;
    m_untimedWithoutText.setText({});
    invalidateFilter();
    fillUntil(EventLogModel::fetchBatch);
}

int EventFilterProxyModel::sourceRow(int proxyRow) const
{
    return mapToSource(index(proxyRow, 0)).row();
}

bool EventFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    return m_model && !sourceParent.isValid() && acceptsRecord(sourceRow);
}

bool EventFilterProxyModel::acceptsRecord(qsizetype index, bool ignoringTimeRange) const
{
    if (!m_model || index < 0 || index >= m_model->totalCount())
        return false;
    const Events::EventFilter &filter = ignoringTimeRange ? m_untimed : m_filter;
    const Events::EventRecord &record = m_model->records().at(index);
    if (filter.matches(record))
        return true;
    // The message comes from the knowledge base, which EventFilter does not know about.
    return !filter.text().isEmpty()
        && (ignoringTimeRange ? m_untimedWithoutText : m_filterWithoutText).matches(record)
        && m_model->message(int(index)).contains(filter.text(), Qt::CaseInsensitive);
}

bool EventFilterProxyModel::canFetchMore(const QModelIndex &parent) const
{
    return m_model && !parent.isValid() && m_model->canFetchMore({});
}

void EventFilterProxyModel::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid())
        fillUntil(rowCount() + EventLogModel::fetchBatch);
}

void EventFilterProxyModel::fillUntil(int rows)
{
    if (!m_model)
        return;
    if (sortColumn() >= 0) {
        m_model->fetchAll();
        return;
    }
    // The proxy filters each inserted batch at once (dynamic filtering), so rowCount() grows.
    while (rowCount() < rows && m_model->canFetchMore({}))
        m_model->fetchMore({});
}

void EventFilterProxyModel::onMoreAvailable()
{
    // Views only ask for more when they scroll; a filter that hides most rows (or a sort) must
    // not leave the table empty while matching records wait in the source.
    fillUntil(EventLogModel::fetchBatch);
}

void EventFilterProxyModel::sort(int column, Qt::SortOrder order)
{
    if (m_model && column >= 0)
        m_model->fetchAll();
    QSortFilterProxyModel::sort(column, order);
}

} // namespace Entra::Models
