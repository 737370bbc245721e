// EventFilterProxyModel over a lazily filled EventLogModel: every criterion, the message text,
// fetching past hidden rows, sorting over all rows; under QAbstractItemModelTester.
#include "eventfilterproxymodel.h"
#include "eventlogmodel.h"
#include "eventtestdata.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::Events;
using namespace Entra::Models;
using EventTestData::events;

namespace {

struct Fixture
{
    EventLogModel model { EventKnowledge::builtIn() };
    EventFilterProxyModel proxy;
    QAbstractItemModelTester sourceTester {
        &model, QAbstractItemModelTester::FailureReportingMode::QtTest
    };
    QAbstractItemModelTester proxyTester { &proxy,
                                           QAbstractItemModelTester::FailureReportingMode::QtTest };
    Fixture() { proxy.setEventModel(&model); }

    // Indices (EventTestData numbering) of the rows the proxy shows, in proxy order.
    QList<int> shown() const
    {
        QList<int> out;
        for (int row = 0; row < proxy.rowCount(); ++row)
            out.append(int(model.record(proxy.sourceRow(row)).recordId) - 1);
        return out;
    }
};

} // namespace

class TestEventFilterProxyModel : public QObject
{
    Q_OBJECT

private slots:
    void emptyFilterShowsEverything();
    void filters_data();
    void filters();
    void textMatchesTheRenderedMessage();
    void narrowFilterFetchesPastHiddenRows();
    void streamingRecordsReachAFilteredView();
    void sortingFetchesEverything();
    void clearingTheFilterRestoresTheRows();
};

void TestEventFilterProxyModel::emptyFilterShowsEverything()
{
    Fixture f;
    f.model.appendRecords(f.model.addSource(u"x"_s), events(0, 20));
    QCOMPARE(f.proxy.rowCount(), 20);
    QVERIFY(f.proxy.filter().isEmpty());
}

void TestEventFilterProxyModel::filters_data()
{
    QTest::addColumn<EventFilter>("filter");
    QTest::addColumn<QList<int>>("expected");
    // 35 events: i at 10:00:00 + i s; level by i % 5 (Error, Warning, Info, Critical, Verbose);
    // id 100 + i % 7; odd i: AAD channel.
    EventFilter f;
    f.setChannels({ u"microsoft-windows-aad/operational"_s });
    QList<int> odd;
    for (int i = 1; i < 35; i += 2)
        odd.append(i);
    QTest::newRow("channel, any case") << f << odd;

    f = {};
    f.setLevels({ 1 });
    QTest::newRow("critical") << f << QList<int> { 3, 8, 13, 18, 23, 28, 33 };
    f.setLevels({ 2, 3 });
    QTest::newRow("error and warning")
        << f << QList<int> { 0, 1, 5, 6, 10, 11, 15, 16, 20, 21, 25, 26, 30, 31 };

    f = {};
    f.setIds({ { 106, 106 } });
    QTest::newRow("one id") << f << QList<int> { 6, 13, 20, 27, 34 };
    f.setIds({ { 100, 100 }, { 105, 106 } });
    QTest::newRow("ids and a range")
        << f << QList<int> { 0, 5, 6, 7, 12, 13, 14, 19, 20, 21, 26, 27, 28, 33, 34 };

    f = {};
    f.setSince(EventTestData::baseTime.addSecs(30));
    QTest::newRow("since") << f << QList<int> { 30, 31, 32, 33, 34 };
    f.setUntil(EventTestData::baseTime.addSecs(31));
    QTest::newRow("time range, inclusive") << f << QList<int> { 30, 31 };

    f = {};
    f.setText(u"NEEDLE"_s);
    QTest::newRow("text in a field") << f << QList<int>();
    f.setText(u"pc-2"_s);
    QList<int> pc2;
    for (int i = 2; i < 35; i += 3)
        pc2.append(i);
    QTest::newRow("text in computer") << f << pc2;

    f = {};
    f.setChannels({ u"Microsoft-Windows-AAD/Operational"_s });
    f.setLevels({ 2 });
    f.setSince(EventTestData::baseTime.addSecs(10));
    QTest::newRow("all must match") << f << QList<int> { 15, 25 };
}

void TestEventFilterProxyModel::filters()
{
    QFETCH(EventFilter, filter);
    QFETCH(QList<int>, expected);
    Fixture f;
    f.model.appendRecords(f.model.addSource(u"x"_s), events(0, 35));
    f.proxy.setFilter(filter);
    QCOMPARE(f.shown(), expected);
    QCOMPARE(f.proxy.filter(), filter);
}

void TestEventFilterProxyModel::textMatchesTheRenderedMessage()
{
    Fixture f;
    EventRecord r = EventTestData::event(0);
    r.provider = u"Microsoft-Windows-User Device Registration"_s;
    r.eventId = 105; // "Device registration step succeeded: join completed"
    r.data.clear();
    f.model.appendRecords(f.model.addSource(u"x"_s), { r, EventTestData::event(1) });
    EventFilter filter;
    filter.setText(u"JOIN COMPLETED"_s);
    f.proxy.setFilter(filter);
    QCOMPARE(f.proxy.rowCount(), 1);
    QCOMPARE(f.proxy.index(0, EventLogModel::IdColumn).data().toUInt(), 105u);
    // The other criteria still apply to a message match.
    filter.setLevels({ 3 });
    f.proxy.setFilter(filter);
    QCOMPARE(f.proxy.rowCount(), 0);
}

void TestEventFilterProxyModel::narrowFilterFetchesPastHiddenRows()
{
    Fixture f;
    const int total = 5 * EventLogModel::fetchBatch;
    f.model.appendRecords(f.model.addSource(u"x"_s), events(0, total));
    QCOMPARE(f.model.rowCount(), EventLogModel::fetchBatch);
    EventFilter filter;
    filter.setSince(EventTestData::baseTime.addSecs(total - 3)); // only the last three
    f.proxy.setFilter(filter);
    QCOMPARE(f.shown(), (QList<int> { total - 3, total - 2, total - 1 }));
    QCOMPARE(f.model.rowCount(), total);
    QVERIFY(!f.proxy.canFetchMore({}));
}

void TestEventFilterProxyModel::streamingRecordsReachAFilteredView()
{
    Fixture f;
    EventFilter filter;
    filter.setIds({ { 106, 106 } }); // one event in seven
    f.proxy.setFilter(filter);
    const int source = f.model.addSource(u"x"_s);
    const int batch = 4096; // as EvtxImportJob delivers them
    for (int i = 0; i < 3; ++i)
        f.model.appendRecords(source, events(i * batch, batch));
    // At least one batch of matching rows without any view asking for more.
    QVERIFY2(f.proxy.rowCount() >= EventLogModel::fetchBatch,
             qPrintable(QString::number(f.proxy.rowCount())));
    while (f.proxy.canFetchMore({}))
        f.proxy.fetchMore({});
    QCOMPARE(f.proxy.rowCount(), (3 * batch + 1) / 7); // i % 7 == 6 for i < 3 * batch
}

void TestEventFilterProxyModel::sortingFetchesEverything()
{
    Fixture f;
    const int total = 3 * EventLogModel::fetchBatch;
    f.model.appendRecords(f.model.addSource(u"x"_s), events(0, total));
    f.proxy.sort(EventLogModel::TimeColumn, Qt::DescendingOrder);
    QCOMPARE(f.proxy.rowCount(), total);
    QCOMPARE(f.shown().first(), total - 1); // the newest of all, not of the first batch
    f.proxy.sort(EventLogModel::LevelColumn, Qt::AscendingOrder);
    QCOMPARE(f.proxy.index(0, EventLogModel::LevelColumn).data().toString(), u"Critical"_s);
    QCOMPARE(f.proxy.index(total - 1, EventLogModel::LevelColumn).data().toString(), u"Verbose"_s);
    // Records that arrive while sorted are sorted in.
    EventRecord early = EventTestData::event(0);
    early.level = 1;
    early.recordId = 99999;
    early.timeCreated = EventTestData::baseTime.addDays(-1);
    f.model.appendRecords(0, { early });
    f.proxy.sort(EventLogModel::TimeColumn, Qt::AscendingOrder);
    QCOMPARE(f.proxy.rowCount(), total + 1);
    QCOMPARE(f.model.record(f.proxy.sourceRow(0)).recordId, quint64(99999));
    // Back to file order.
    f.proxy.sort(-1);
    QCOMPARE(f.shown().first(), 0);
}

void TestEventFilterProxyModel::clearingTheFilterRestoresTheRows()
{
    Fixture f;
    f.model.appendRecords(f.model.addSource(u"x"_s), events(0, 50));
    EventFilter filter;
    filter.setLevels({ 1 });
    f.proxy.setFilter(filter);
    QCOMPARE(f.proxy.rowCount(), 10);
    f.proxy.setFilter({});
    QCOMPARE(f.proxy.rowCount(), 50);
}

QTEST_GUILESS_MAIN(TestEventFilterProxyModel)
#include "tst_eventfilterproxymodel.moc"
