// EventHistogram: round bucket widths, counts per level class, predicate, lookups.
#include "events/eventhistogram.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Entra::Events;

namespace {

const QDateTime t0(QDate(2024, 5, 1), QTime(10, 0, 0), Qt::UTC);

EventRecord at(qint64 msAfterT0, quint8 level, quint32 id = 1)
{
    EventRecord r;
    r.timeCreated = t0.addMSecs(msAfterT0);
    r.level = level;
    r.eventId = id;
    return r;
}

} // namespace

class TestEventHistogram : public QObject
{
    Q_OBJECT

private slots:
    void widths_data();
    void widths();
    void countsPerLevelClass();
    void predicateAndTimelessEvents();
    void empty();
    void bucketLookup();
};

void TestEventHistogram::widths_data()
{
    QTest::addColumn<qint64>("span");
    QTest::addColumn<int>("maxBuckets");
    QTest::addColumn<qint64>("width");
    const qint64 s = 1000;
    QTest::newRow("no span") << qint64(0) << 60 << s;
    QTest::newRow("59 s") << 59 * s << 60 << s;
    QTest::newRow("60 s needs 61 one-second buckets") << 60 * s << 60 << 5 * s;
    QTest::newRow("10 min") << 600 * s << 60 << 30 * s;
    QTest::newRow("2 h") << 7200 * s << 60 << 300 * s;
    QTest::newRow("3 days") << 3 * 86400 * s << 60 << 3 * 3600 * s;
    QTest::newRow("few buckets") << 3600 * s << 4 << 1800 * s;
    // 300 years in 60 buckets: 5-year buckets would need 61, one for the end.
    QTest::newRow("centuries") << qint64(300) * 365 * 86400 * s << 60
                               << qint64(6) * 365 * 86400 * s;
}

void TestEventHistogram::widths()
{
    QFETCH(qint64, span);
    QFETCH(int, maxBuckets);
    QFETCH(qint64, width);
    QCOMPARE(EventHistogram::bucketWidthFor(0, span, maxBuckets), width);
    QVERIFY(span / width + 1 <= maxBuckets);
}

void TestEventHistogram::countsPerLevelClass()
{
    // 10:00:03 .. 10:09:58 → 10 s buckets from 10:00:00 (60 of them).
    const QList<EventRecord> records {
        at(3000, 2),  at(4000, 2),  at(5000, 3),   at(9999, 4),
        at(30000, 0), at(31000, 1), at(598000, 5), at(597000, 17),
    };
    const EventHistogram h = EventHistogram::build(records);
    QCOMPARE(h.bucketMs, 10000);
    QCOMPARE(h.start, t0);
    QCOMPARE(h.buckets.size(), 60);
    using H = EventHistogram;
    QCOMPARE(h.buckets[0].counts[H::Error], 2);
    QCOMPARE(h.buckets[0].counts[H::Warning], 1);
    QCOMPARE(h.buckets[0].counts[H::Information], 1);
    QCOMPARE(h.buckets[0].total(), 4);
    QCOMPARE(h.buckets[1].total(), 0);
    QCOMPARE(h.buckets[3].counts[H::Information], 1); // level 0 counts as Information
    QCOMPARE(h.buckets[3].counts[H::Critical], 1);
    QCOMPARE(h.buckets[59].counts[H::Verbose], 2); // 5 and provider-defined 17
    qint64 total = 0;
    for (const auto &b : h.buckets)
        total += b.total();
    QCOMPARE(total, records.size());
    QCOMPARE(h.maxTotal(), 4);
}

void TestEventHistogram::predicateAndTimelessEvents()
{
    QList<EventRecord> records { at(0, 2, 100), at(1000, 2, 200), at(3600000, 4, 100) };
    records.append(EventRecord {}); // no time: left out
    const EventHistogram all = EventHistogram::build(records);
    QCOMPARE(all.bucketMs, 300000);
    qint64 total = 0;
    for (const auto &b : all.buckets)
        total += b.total();
    QCOMPARE(total, 3);
    const EventHistogram only100
        = EventHistogram::build(records, [](const EventRecord &r, qsizetype) { return r.eventId == 100; });
    total = 0;
    for (const auto &b : only100.buckets)
        total += b.total();
    QCOMPARE(total, 2);
    const EventHistogram only200
        = EventHistogram::build(records, [](const EventRecord &r, qsizetype) { return r.eventId == 200; });
    QCOMPARE(only200.buckets.size(), 1); // a span of one event: one bucket
    QCOMPARE(only200.bucketMs, 1000);
    QCOMPARE(only200.start, t0.addSecs(1));
}

void TestEventHistogram::empty()
{
    const EventHistogram h = EventHistogram::build({});
    QVERIFY(h.isEmpty());
    QVERIFY(!h.start.isValid());
    QCOMPARE(h.maxTotal(), 0);
    QCOMPARE(h.bucketAt(t0), -1);
}

void TestEventHistogram::bucketLookup()
{
    const EventHistogram h = EventHistogram::build({ at(0, 4), at(600000, 4) });
    QCOMPARE(h.bucketMs, 30000);
    QCOMPARE(h.bucketAt(t0), 0);
    QCOMPARE(h.bucketAt(t0.addMSecs(29999)), 0);
    QCOMPARE(h.bucketAt(t0.addSecs(30)), 1);
    QCOMPARE(h.bucketAt(t0.addSecs(600)), 20);
    QCOMPARE(h.bucketAt(t0.addSecs(630)), -1);
    QCOMPARE(h.bucketAt(t0.addSecs(-1)), -1);
    QCOMPARE(h.bucketStart(2), t0.addSecs(60));
    QCOMPARE(h.bucketEnd(2), t0.addSecs(90));
}

QTEST_GUILESS_MAIN(TestEventHistogram)
#include "tst_eventhistogram.moc"
