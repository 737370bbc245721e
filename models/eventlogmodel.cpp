#include "eventlogmodel.h"

#include "eventlevelstyle.h"

#include <QFileInfo>

#include <limits>

using namespace Qt::Literals::StringLiterals;
using namespace Entra::Events;

namespace Entra::Models {

namespace {

constexpr qsizetype messageSummaryLength = 200;

// Severity first: Critical, Error, Warning, Information, Verbose.
int severityRank(quint8 level)
{
    return int(EventHistogram::levelClass(level)) * 256 + level;
}

// Without a message from the knowledge base: the fields, "Name=value; …", cut short.
QString fieldSummary(const EventRecord &r)
{
    QString text;
    for (const EventField &f : r.data) {
        if (!text.isEmpty())
            text += u"; "_s;
        text += f.name + u'=' + f.value.simplified();
        if (text.size() > messageSummaryLength)
            return text.left(messageSummaryLength - 1) + u'\u2026';
    }
    return text;
}

} // namespace

EventLogModel::EventLogModel(const EventKnowledge &knowledge, QObject *parent)
    : QAbstractTableModel(parent)
    , m_knowledge(knowledge)
{ }

int EventLogModel::addSource(const QString &label)
{
    m_sources.append(label);
    return int(m_sources.size() - 1);
}

void EventLogModel::appendRecords(int source, const QList<EventRecord> &records)
{
    if (records.isEmpty())
        return;
    const qsizetype channelsBefore = m_channels.size();
    m_records.reserve(m_records.size() + records.size());
    for (const EventRecord &r : records) {
        m_records.append(r);
        m_sourceOf.append(source);
        if (!r.channel.isEmpty() && !m_channels.contains(r.channel))
            m_channels.append(r.channel);
    }
    if (m_channels.size() != channelsBefore)
        Q_EMIT channelsChanged();
    // Rows appear at once up to the first batch; the rest waits for the views to ask.
    if (m_shown < fetchBatch)
        showRows(fetchBatch - m_shown);
    if (canFetchMore({}))
        Q_EMIT moreAvailable();
}

void EventLogModel::clear()
{
    beginResetModel();
    m_records.clear();
    m_sourceOf.clear();
    m_sources.clear();
    m_channels.clear();
    m_shown = 0;
    endResetModel();
    Q_EMIT channelsChanged();
}

QString EventLogModel::sourceLabel(int row) const
{
    const int source = m_sourceOf.value(row, -1);
    return source >= 0 ? m_sources.value(source) : QString();
}

QString EventLogModel::message(int row) const
{
    const EventRecord &r = m_records.at(row);
    const QString known = m_knowledge.message(r);
    return known.isEmpty() ? fieldSummary(r) : known;
}

void EventLogModel::fetchAll()
{
    showRows(m_records.size() - m_shown);
}

void EventLogModel::showRows(qsizetype count)
{
    const qsizetype available
        = std::min<qsizetype>(m_records.size(), std::numeric_limits<int>::max());
    const int target = int(std::min<qsizetype>(available, m_shown + std::max<qsizetype>(count, 0)));
    // Views and testers may call fetchMore() from the insertion's own signals: one at a time.
    if (target <= m_shown || m_inserting)
        return;
    m_inserting = true;
    beginInsertRows({}, m_shown, target - 1);
    m_shown = target;
    endInsertRows();
    m_inserting = false;
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_shown;
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool EventLogModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_inserting && m_shown < m_records.size()
        && m_shown < std::numeric_limits<int>::max();
}

void EventLogModel::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid())
        showRows(fetchBatch);
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const EventRecord &r = m_records.at(row);
    switch (role) {
    case TimeRole:
        return r.timeCreated;
    case LevelRole:
        return int(r.level);
    case EventIdRole:
        return r.eventId;
    case ChannelRole:
        return r.channel;
    case ProviderRole:
        return r.provider;
    case MessageRole:
        return message(row);
    case SourceRole:
        return sourceLabel(row);
    case RecordNumberRole:
        return qint64(row);
    default:
        break;
    }
    const int column = index.column();
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (column) {
        case TimeColumn:
            return r.timeCreated.isValid() ? r.timeCreated.toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s)
                                           : u"(no time)"_s;
        case LevelColumn:
            return levelName(r.level);
        case IdColumn:
            return r.eventId;
        case ProviderColumn:
            return r.provider;
        case MessageColumn:
            return message(row);
        case ChannelColumn:
            return r.channel;
        case SourceColumn:
            return role == Qt::ToolTipRole ? sourceLabel(row)
                                           : QFileInfo(sourceLabel(row)).fileName();
        default:
            return {};
        }
    }
    if (role == SortRole) {
        switch (column) {
        case TimeColumn:
            return r.timeCreated.isValid() ? r.timeCreated.toMSecsSinceEpoch()
                                           : std::numeric_limits<qint64>::min();
        case LevelColumn:
            return severityRank(r.level);
        case IdColumn:
            return r.eventId;
        case MessageColumn:
            return message(row);
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::DecorationRole && column == LevelColumn)
        return eventLevelColor(r.level);
    if (role == Qt::TextAlignmentRole && column == IdColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return u"Time (UTC)"_s;
    case LevelColumn:
        return u"Level"_s;
    case IdColumn:
        return u"Event ID"_s;
    case ProviderColumn:
        return u"Provider"_s;
    case MessageColumn:
        return u"Message"_s;
    case ChannelColumn:
        return u"Channel"_s;
    case SourceColumn:
        return u"File"_s;
    default:
        return {};
    }
}

QHash<int, QByteArray> EventLogModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sortValue");
    names.insert(TimeRole, "time");
    names.insert(LevelRole, "level");
    names.insert(EventIdRole, "eventId");
    names.insert(ChannelRole, "channel");
    names.insert(ProviderRole, "provider");
    names.insert(MessageRole, "message");
    names.insert(SourceRole, "source");
    names.insert(RecordNumberRole, "recordNumber");
    return names;
}

} // namespace Entra::Models
