#pragma once

#include "events/eventrecord.h"

#include <QDateTime>
#include <QList>

#include <array>
#include <functional>

namespace Entra::Events {

// Events per time bucket and level, for the Event logs page's timeline. The bucket width is the
// smallest "round" width (1 s, 5 s, … 1 h, … 1 day, … 1 year) that covers the events' time span in
// at most maxBuckets buckets; buckets start at a multiple of the width (UTC).
struct EventHistogram
{
    // Level classes, in stacking order (bottom first).
    enum LevelClass { Critical, Error, Warning, Information, Verbose, LevelClassCount };
    static LevelClass levelClass(quint8 level); // 0 counts as Information; 6..255 as Verbose

    struct Bucket
    {
        std::array<qint64, LevelClassCount> counts {};
        qint64 total() const;
    };

    QDateTime start; // UTC, start of the first bucket; invalid when there are no buckets
    qint64 bucketMs = 0;
    QList<Bucket> buckets;

    bool isEmpty() const { return buckets.isEmpty(); }
    QDateTime bucketStart(qsizetype index) const;
    QDateTime bucketEnd(qsizetype index) const; // exclusive
    qint64 maxTotal() const;
    // The bucket that holds this time, or -1.
    qsizetype bucketAt(const QDateTime &time) const;

    // Is the record at this index of the list counted?
    using Predicate = std::function<bool(const EventRecord &, qsizetype index)>;
    // Events without a valid time are left out; so is every event `accept` rejects.
    static EventHistogram build(const QList<EventRecord> &records, const Predicate &accept = {},
                                int maxBuckets = 60);
    // The round width build() uses for events from firstMs to lastMs (ms since 1970).
    static qint64 bucketWidthFor(qint64 firstMs, qint64 lastMs, int maxBuckets);
};

} // namespace Entra::Events
