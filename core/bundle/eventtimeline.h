#pragma once

#include "events/eventhistogram.h"
#include "events/eventrecord.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

#include <vector>

namespace Entra::Bundle {

// The events of a support bundle in bounded space, for report.html: events are streamed in one
// by one (a log may hold millions) and only counts per time bucket and the most relevant few
// records are kept. Registration events come first: those of the User Device Registration, AAD
// and HelloForBusiness channels, the ids the catalogue (resources/knowledge/events.json) knows
// and the operation log, errors before warnings before the rest; then other logs' errors and
// warnings. Everything else is only counted.
class EventTimeline
{
public:
    struct Row
    {
        QDateTime time; // UTC; invalid when the event had none
        quint8 level = 0;
        quint32 eventId = 0;
        QString channel;
        QString provider;
        QString source; // the file it came from
        QString message; // rendered from the catalogue, or its fields; secrets redacted
        int rank = 0;
    };

    struct Source
    {
        QString name; // the file name
        qint64 total = 0;
        qint64 errors = 0; // critical and error
        qint64 warnings = 0;
        QString issue; // why it could not be read (completely), empty when it was
    };

    explicit EventTimeline(int maxRows = 50);

    // Events added from now on come from this file.
    void beginSource(const QString &name);
    void setSourceIssue(const QString &issue);
    void add(const Events::EventRecord &record);

    qint64 total() const { return m_total; }
    qint64 notable() const { return m_notable; } // events relevant enough for the table
    qint64 withoutTime() const { return m_withoutTime; }
    qint64 notShown() const { return m_notable - qint64(m_top.size()); }
    const QList<Source> &sources() const { return m_sources; }
    // The rows kept, newest first (events without a time last).
    QList<Row> rows() const;
    // Counts per round time bucket and level, like EventHistogram::build over every event added.
    Events::EventHistogram histogram(int maxBuckets = 60) const;

    // A registration event: 5 critical/error, 4 warning or a catalogued "important" id, 3 any
    // other. Another log's event: 2 critical/error, 1 warning, 0 only counted.
    static int rank(const Events::EventRecord &record);
    static constexpr qsizetype kMaxMessageChars = 300;

private:
    struct Kept
    {
        int rank = 0;
        qint64 ms = 0;
        quint64 sequence = 0;
        Row row;
    };
    static bool lessRelevant(const Kept &a, const Kept &b);
    void countInBucket(qint64 ms, Events::EventHistogram::LevelClass level);

    int m_maxRows;
    qint64 m_total = 0;
    qint64 m_notable = 0;
    qint64 m_withoutTime = 0;
    quint64 m_sequence = 0;
    QList<Source> m_sources;
    std::vector<Kept> m_top; // a heap: the least relevant kept row on top

    // Counts at a fine width, made coarser when there are too many buckets (at most 4096 but
    // for spans of centuries); the widths chosen divide every wider round width histogram() can
    // pick, so the final counts are exact (for spans up to 15 years).
    qint64 m_widthMs = 1000;
    QMap<qint64, Events::EventHistogram::Bucket> m_buckets;
    qint64 m_firstMs = 0;
    qint64 m_lastMs = 0;
};

} // namespace Entra::Bundle
