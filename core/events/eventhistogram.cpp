#include "eventhistogram.h"

#include <algorithm>
#include <limits>

namespace Entra::Events {

namespace {

constexpr qint64 second = 1000;
constexpr qint64 minute = 60 * second;
constexpr qint64 hour = 60 * minute;
constexpr qint64 day = 24 * hour;
constexpr qint64 roundWidths[] = {
    second,      5 * second,  10 * second, 30 * second, minute,   5 * minute,
    10 * minute, 15 * minute, 30 * minute, hour,        3 * hour, 6 * hour,
    12 * hour,   day,         7 * day,     30 * day,    91 * day, 365 * day,
};

// Floor division that also rounds negative times (before 1970) down.
qint64 floorTo(qint64 value, qint64 width)
{
    const qint64 q = value / width;
    return (value % width != 0 && value < 0 ? q - 1 : q) * width;
}

} // namespace

EventHistogram::LevelClass EventHistogram::levelClass(quint8 level)
{
    switch (level) {
    case 1:
        return Critical;
    case 2:
        return Error;
    case 3:
        return Warning;
    case 0:
    case 4:
        return Information;
    default:
        return Verbose;
    }
}

qint64 EventHistogram::Bucket::total() const
{
    qint64 sum = 0;
    for (const qint64 c : counts)
        sum += c;
    return sum;
}

QDateTime EventHistogram::bucketStart(qsizetype index) const
{
    return start.addMSecs(qint64(index) * bucketMs);
}

QDateTime EventHistogram::bucketEnd(qsizetype index) const
{
    return start.addMSecs(qint64(index + 1) * bucketMs);
}

qint64 EventHistogram::maxTotal() const
{
    qint64 most = 0;
    for (const Bucket &b : buckets)
        most = std::max(most, b.total());
    return most;
}

qsizetype EventHistogram::bucketAt(const QDateTime &time) const
{
    if (isEmpty() || !time.isValid())
        return -1;
    const qint64 offset = start.msecsTo(time);
    if (offset < 0)
        return -1;
    const qint64 index = offset / bucketMs;
    return index < buckets.size() ? qsizetype(index) : -1;
}

qint64 EventHistogram::bucketWidthFor(qint64 firstMs, qint64 lastMs, int maxBuckets)
{
    maxBuckets = std::max(maxBuckets, 1);
    // Buckets start at a multiple of the width, so count from the first bucket's start.
    const auto fits = [&](qint64 width) {
        return (lastMs - floorTo(firstMs, width)) / width + 1 <= maxBuckets;
    };
    for (const qint64 width : roundWidths) {
        if (fits(width))
            return width;
    }
    // Longer than maxBuckets years: whole years, as many as needed.
    const qint64 year = roundWidths[std::size(roundWidths) - 1];
    qint64 width = ((lastMs - firstMs) / maxBuckets / year + 1) * year;
    while (!fits(width))
        width += year;
    return width;
}

EventHistogram EventHistogram::build(const QList<EventRecord> &records, const Predicate &accept,
                                     int maxBuckets)
{
    EventHistogram h;
    qint64 first = std::numeric_limits<qint64>::max();
    qint64 last = std::numeric_limits<qint64>::min();
    QList<bool> counted(records.size(), false); // the predicate may be costly: ask once
    for (qsizetype i = 0; i < records.size(); ++i) {
        const EventRecord &r = records[i];
        if (!r.timeCreated.isValid() || (accept && !accept(r, i)))
            continue;
        counted[i] = true;
        const qint64 t = r.timeCreated.toMSecsSinceEpoch();
        first = std::min(first, t);
        last = std::max(last, t);
    }
    if (first > last)
        return h;
    h.bucketMs = bucketWidthFor(first, last, maxBuckets);
    const qint64 startMs = floorTo(first, h.bucketMs);
    h.start = QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC);
    h.buckets.resize((last - startMs) / h.bucketMs + 1);
    for (qsizetype i = 0; i < records.size(); ++i) {
        if (!counted[i])
            continue;
        const EventRecord &r = records[i];
        const qint64 index = (r.timeCreated.toMSecsSinceEpoch() - startMs) / h.bucketMs;
        ++h.buckets[index].counts[levelClass(r.level)];
    }
    return h;
}

} // namespace Entra::Events
