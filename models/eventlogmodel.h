#pragma once

#include "events/eventknowledge.h"
#include "events/eventrecord.h"

#include <QAbstractTableModel>
#include <QStringList>

namespace Entra::Models {

// The events of one or more imported files, as a table that fills itself lazily: records are
// kept as they arrive (appendRecords), but rows are only handed to views in batches of
// fetchBatch, through canFetchMore()/fetchMore() as the view scrolls. The first batch is shown
// as soon as records arrive, so a big import shows rows at once.
// Columns: time (UTC), level, event id, provider, message, channel, file.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        LevelColumn,
        IdColumn,
        ProviderColumn,
        MessageColumn,
        ChannelColumn,
        SourceColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, // a value that sorts right: time in ms, level by severity…
        TimeRole, // QDateTime UTC
        LevelRole, // int, System/Level
        EventIdRole, // uint
        ChannelRole,
        ProviderRole,
        MessageRole, // the rendered message (knowledge base), or a summary of the fields
        SourceRole, // the file's label
        RecordNumberRole, // qint64: the record's position among all records (stable)
    };
    Q_ENUM(Role)

    static constexpr int fetchBatch = 1000;

    explicit EventLogModel(const Events::EventKnowledge &knowledge, QObject *parent = nullptr);

    // A file (or other source) the following records come from; returns its number.
    int addSource(const QString &label);
    void appendRecords(int source, const QList<Events::EventRecord> &records);
    void clear();

    qsizetype totalCount() const { return m_records.size(); } // received, shown or not
    const QList<Events::EventRecord> &records() const { return m_records; }
    const Events::EventRecord &record(int row) const { return m_records.at(row); }
    QString sourceLabel(int row) const;
    QString message(int row) const;
    QStringList channels() const { return m_channels; } // in order of first appearance
    void fetchAll();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    // Records were appended that are not rows yet (views fetch them as they scroll).
    void moreAvailable();
    void channelsChanged();

private:
    void showRows(qsizetype count);

    const Events::EventKnowledge &m_knowledge;
    QList<Events::EventRecord> m_records;
    QList<int> m_sourceOf; // per record
    QStringList m_sources;
    QStringList m_channels;
    int m_shown = 0; // rows handed to views: the first m_shown records
    bool m_inserting = false;
};

} // namespace Entra::Models
