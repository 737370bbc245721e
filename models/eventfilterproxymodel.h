#pragma once

#include "events/eventfilter.h"

#include <QSortFilterProxyModel>

namespace Entra::Models {

class EventLogModel;

// Filters an EventLogModel with an Events::EventFilter (channel, level, ids, time range, text;
// the same predicate as `entra-doctor events`); the text also matches the rendered message.
// Sorts on EventLogModel::SortRole.
//
// The source fills lazily, so the proxy fetches for it: after a filter change, and as records
// stream in, it fetches source batches until at least one batch of rows passes the filter (or
// everything is fetched), so a narrow filter still finds its events. Sorting needs every row,
// so while a sort column is set everything is fetched.
class EventFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit EventFilterProxyModel(QObject *parent = nullptr);

    void setEventModel(EventLogModel *model);
    EventLogModel *eventModel() const { return m_model; }

    const Events::EventFilter &filter() const { return m_filter; }
    void setFilter(const Events::EventFilter &filter);

    // The source row (EventLogModel row) of a proxy row.
    int sourceRow(int proxyRow) const;
    // Does the filter accept this record of the source (fetched as a row or not)? Without the
    // time range: for the timeline, which shows the whole span with the range marked.
    bool acceptsRecord(qsizetype index, bool ignoringTimeRange = false) const;

    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void fillUntil(int rows);
    void onMoreAvailable();

    EventLogModel *m_model = nullptr;
    Events::EventFilter m_filter;
    // The same without text and/or time range, prepared once per filter change.
    Events::EventFilter m_filterWithoutText;
    Events::EventFilter m_untimed;
    Events::EventFilter m_untimedWithoutText;
};

} // namespace Entra::Models
