#include "eventtimeline.h"

#include "diagnostics/diagnosticsources.h"
#include "events/eventknowledge.h"
#include "events/operationlogevents.h"
#include "oplog/operationlogformat.h"

#include <algorithm>
#include <limits>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Bundle {
namespace {

constexpr qint64 kSecond = 1000;
constexpr qint64 kMinute = 60 * kSecond;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;
// Up to 7 days each divides every round width of EventHistogram above it, so the counts are
// exact; 91 and 365 days keep absurd spans (damaged timestamps over centuries) bounded, at the
// price of approximate buckets for spans over 15 years.
constexpr qint64 kFineWidths[]
    = { kSecond, 5 * kSecond, 10 * kSecond, 30 * kSecond, kMinute,   5 * kMinute,
        kHour,   kDay,        7 * kDay,     91 * kDay,    365 * kDay };
constexpr int kMaxFineBuckets = 4096;

qint64 floorTo(qint64 value, qint64 width)
{
    const qint64 q = value / width;
    return (value % width != 0 && value < 0 ? q - 1 : q) * width;
}

QString messageFor(const Events::EventRecord &record)
{
    QString message = Events::EventKnowledge::builtIn().message(record);
    if (message.isEmpty()) {
        QStringList parts;
        for (const Events::EventField &field : record.data) {
            if (parts.size() == 6)
                break;
            if (!field.value.trimmed().isEmpty())
                parts << field.name + u": "_s + field.value.simplified();
        }
        message = parts.join(u"; "_s);
    }
    if (message.trimmed().isEmpty())
        message = u"Event %1 of %2 (no text; the file in events/ has the whole event)"_s.arg(
            QString::number(record.eventId), record.provider);
    message = OpLog::OperationLogFormat::redactSecrets(message.simplified());
    if (message.size() > EventTimeline::kMaxMessageChars)
        message = message.left(EventTimeline::kMaxMessageChars - 1) + u'\u2026';
    return message;
}

} // namespace

EventTimeline::EventTimeline(int maxRows)
    : m_maxRows(qMax(0, maxRows))
{ }

void EventTimeline::beginSource(const QString &name)
{
    m_sources << Source { name, 0, 0, 0, {} };
}

void EventTimeline::setSourceIssue(const QString &issue)
{
    if (m_sources.isEmpty())
        beginSource(QString());
    m_sources.last().issue = issue;
}

int EventTimeline::rank(const Events::EventRecord &record)
{
    using Events::EventHistogram;
    int severity = 0;
    switch (EventHistogram::levelClass(record.level)) {
    case EventHistogram::Critical:
    case EventHistogram::Error:
        severity = 2;
        break;
    case EventHistogram::Warning:
        severity = 1;
        break;
    default:
        break;
    }
    const Events::EventInfo *info
        = Events::EventKnowledge::builtIn().find(record.provider, record.eventId);
    const bool registration = info || DiagnosticSources::isRelevantEvent(record)
        || record.channel == Events::OperationLogEvents::channel;
    if (!registration)
        return severity; // another log's errors and warnings; its other events only count
    return 3 + qMax(severity, info && info->important ? 1 : 0);
}

bool EventTimeline::lessRelevant(const Kept &a, const Kept &b)
{
    if (a.rank != b.rank)
        return a.rank < b.rank;
    if (a.ms != b.ms)
        return a.ms < b.ms;
    return a.sequence < b.sequence;
}

void EventTimeline::add(const Events::EventRecord &record)
{
    if (m_sources.isEmpty())
        beginSource(QString());
    Source &source = m_sources.last();
    ++m_total;
    ++source.total;
    const auto level = Events::EventHistogram::levelClass(record.level);
    if (level == Events::EventHistogram::Critical || level == Events::EventHistogram::Error)
        ++source.errors;
    else if (level == Events::EventHistogram::Warning)
        ++source.warnings;

    const bool timed = record.timeCreated.isValid();
    const qint64 ms
        = timed ? record.timeCreated.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
    if (timed)
        countInBucket(ms, level);
    else
        ++m_withoutTime;

    const int r = rank(record);
    if (r == 0 || m_maxRows == 0)
        return;
    ++m_notable;
    Kept kept { r, ms, m_sequence++, {} };
    // A min-heap under "more relevant": its top is the first to give way.
    auto moreRelevant = [](const Kept &a, const Kept &b) {
        return lessRelevant(b, a);
    };
    if (qsizetype(m_top.size()) == m_maxRows) {
        if (!lessRelevant(m_top.front(), kept))
            return; // the message is only rendered for rows that are kept
        std::pop_heap(m_top.begin(), m_top.end(), moreRelevant);
        m_top.pop_back();
    }
    kept.row = Row { record.timeCreated.toUTC(),
                     record.level,
                     record.eventId,
                     record.channel,
                     record.provider,
                     source.name,
                     messageFor(record),
                     r };
    m_top.push_back(std::move(kept));
    std::push_heap(m_top.begin(), m_top.end(), moreRelevant);
}

void EventTimeline::countInBucket(qint64 ms, Events::EventHistogram::LevelClass level)
{
    if (m_buckets.isEmpty()) {
        m_firstMs = m_lastMs = ms;
    } else {
        m_firstMs = qMin(m_firstMs, ms);
        m_lastMs = qMax(m_lastMs, ms);
    }
    ++m_buckets[floorTo(ms, m_widthMs)].counts[level];
    if (m_buckets.size() <= kMaxFineBuckets || m_widthMs == std::end(kFineWidths)[-1])
        return;
    // Too many buckets: the next fine width, merging what was counted.
    const qint64 *next
        = std::upper_bound(std::begin(kFineWidths), std::end(kFineWidths), m_widthMs);
    while (m_buckets.size() > kMaxFineBuckets && next != std::end(kFineWidths)) {
        m_widthMs = *next++;
        QMap<qint64, Events::EventHistogram::Bucket> coarser;
        for (auto it = m_buckets.constBegin(); it != m_buckets.constEnd(); ++it) {
            auto &target = coarser[floorTo(it.key(), m_widthMs)];
            for (int i = 0; i < Events::EventHistogram::LevelClassCount; ++i)
                target.counts[i] += it.value().counts[i];
        }
        m_buckets = std::move(coarser);
    }
}

QList<EventTimeline::Row> EventTimeline::rows() const
{
    std::vector<const Kept *> sorted;
    sorted.reserve(m_top.size());
    for (const Kept &kept : m_top)
        sorted.push_back(&kept);
    std::sort(sorted.begin(), sorted.end(), [](const Kept *a, const Kept *b) {
        if (a->ms != b->ms)
            return a->ms > b->ms;
        return a->sequence > b->sequence;
    });
    QList<Row> out;
    out.reserve(qsizetype(sorted.size()));
    for (const Kept *kept : sorted)
        out << kept->row;
    return out;
}

Events::EventHistogram EventTimeline::histogram(int maxBuckets) const
{
    Events::EventHistogram histogram;
    if (m_buckets.isEmpty() || maxBuckets < 1)
        return histogram;
    const qint64 width
        = qMax(Events::EventHistogram::bucketWidthFor(m_firstMs, m_lastMs, maxBuckets), m_widthMs);
    const qint64 start = floorTo(m_firstMs, width);
    const qint64 count = (floorTo(m_lastMs, width) - start) / width + 1;
    histogram.start = QDateTime::fromMSecsSinceEpoch(start, Qt::UTC);
    histogram.bucketMs = width;
    histogram.buckets.resize(qsizetype(qMin<qint64>(count, maxBuckets)));
    for (auto it = m_buckets.constBegin(); it != m_buckets.constEnd(); ++it) {
        const qint64 index = qMin<qint64>((floorTo(it.key(), width) - start) / width,
                                          histogram.buckets.size() - 1);
        for (int i = 0; i < Events::EventHistogram::LevelClassCount; ++i)
            histogram.buckets[index].counts[i] += it.value().counts[i];
    }
    return histogram;
}

} // namespace Entra::Bundle
