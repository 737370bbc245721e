// EventLogModel: lazy rows (canFetchMore/fetchMore in batches), columns and roles, under
// QAbstractItemModelTester.
#include "eventlogmodel.h"
#include "eventtestdata.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::Events;
using namespace Entra::Models;
using EventTestData::events;

class TestEventLogModel : public QObject
{
    Q_OBJECT

private slots:
    void startsEmpty();
    void firstBatchIsShownAtOnceTheRestOnDemand();
    void smallImportsAreShownWhole();
    void columnsAndRoles();
    void messageFromKnowledgeOrFields();
    void sortValuesOrderBySeverityAndTime();
    void channelsInOrderOfAppearance();
    void sourcesAreKeptPerRecord();
    void clearEmptiesEverything();
};

void TestEventLogModel::startsEmpty()
{
    EventLogModel model(EventKnowledge::builtIn());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(EventLogModel::ColumnCount));
    QVERIFY(!model.canFetchMore({}));
    QCOMPARE(model.headerData(EventLogModel::TimeColumn, Qt::Horizontal).toString(),
             u"Time (UTC)"_s);
}

void TestEventLogModel::firstBatchIsShownAtOnceTheRestOnDemand()
{
    EventLogModel model(EventKnowledge::builtIn());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy more(&model, &EventLogModel::moreAvailable);
    const int total = 2 * EventLogModel::fetchBatch + 345;
    const int source = model.addSource(u"/tmp/a.evtx"_s);
    model.appendRecords(source, events(0, 700));
    QCOMPARE(model.rowCount(), 700);
    QCOMPARE(more.count(), 0);
    model.appendRecords(source, events(700, total - 700));
    QCOMPARE(model.totalCount(), total);
    QCOMPARE(model.rowCount(), EventLogModel::fetchBatch); // topped up to one batch, no more
    QCOMPARE(more.count(), 1);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 2 * EventLogModel::fetchBatch);
    model.fetchMore({});
    QCOMPARE(model.rowCount(), total);
    QVERIFY(!model.canFetchMore({}));
    model.fetchMore({}); // nothing left: no change
    QCOMPARE(model.rowCount(), total);
    // Rows are the records in arrival order.
    QCOMPARE(model.index(total - 1, EventLogModel::IdColumn).data().toUInt(),
             events(total - 1, 1).first().eventId);
}

void TestEventLogModel::smallImportsAreShownWhole()
{
    EventLogModel model(EventKnowledge::builtIn());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int source = model.addSource(u"a"_s);
    for (int i = 0; i < 10; ++i)
        model.appendRecords(source, events(i * 3, 3));
    QCOMPARE(model.rowCount(), 30);
    QVERIFY(!model.canFetchMore({}));
    model.appendRecords(source, {}); // an empty batch changes nothing
    QCOMPARE(model.rowCount(), 30);
}

void TestEventLogModel::columnsAndRoles()
{
    EventLogModel model(EventKnowledge::builtIn());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendRecords(model.addSource(u"/logs/aad.evtx"_s), events(0, 5));
    const auto cell = [&model](int row, int column, int role = Qt::DisplayRole) {
        return model.index(row, column).data(role);
    };
    QCOMPARE(cell(1, EventLogModel::TimeColumn).toString(), u"2024-05-01 10:00:01.000"_s);
    QCOMPARE(cell(0, EventLogModel::LevelColumn).toString(), u"Error"_s);
    QCOMPARE(cell(3, EventLogModel::LevelColumn).toString(), u"Critical"_s);
    QCOMPARE(cell(2, EventLogModel::IdColumn).toUInt(), 102u);
    QCOMPARE(cell(1, EventLogModel::ProviderColumn).toString(), u"Microsoft-Windows-AAD"_s);
    QCOMPARE(cell(1, EventLogModel::ChannelColumn).toString(),
             u"Microsoft-Windows-AAD/Operational"_s);
    QCOMPARE(cell(0, EventLogModel::SourceColumn).toString(), u"aad.evtx"_s);
    QCOMPARE(cell(0, EventLogModel::SourceColumn, Qt::ToolTipRole).toString(), u"/logs/aad.evtx"_s);
    QCOMPARE(cell(0, 0, EventLogModel::TimeRole).toDateTime(), EventTestData::baseTime);
    QCOMPARE(cell(0, 0, EventLogModel::LevelRole).toInt(), 2);
    QCOMPARE(cell(4, 0, EventLogModel::EventIdRole).toUInt(), 104u);
    QCOMPARE(cell(3, 0, EventLogModel::RecordNumberRole).toLongLong(), 3);
    // Errors are red, warnings amber: different colours, shown as the level's decoration.
    const QColor error = cell(0, EventLogModel::LevelColumn, Qt::DecorationRole).value<QColor>();
    const QColor warning = cell(1, EventLogModel::LevelColumn, Qt::DecorationRole).value<QColor>();
    QVERIFY(error.isValid() && warning.isValid() && error != warning);
    QVERIFY(error.red() > error.blue());
}

void TestEventLogModel::messageFromKnowledgeOrFields()
{
    EventLogModel model(EventKnowledge::builtIn());
    EventRecord known;
    known.provider = u"Microsoft-Windows-User Device Registration"_s;
    known.eventId = 105;
    known.timeCreated = EventTestData::baseTime;
    EventRecord unknown = known;
    unknown.eventId = 65000;
    unknown.data = { { u"Reason"_s, u"line one\nline two"_s }, { u"Big"_s, QString(500, u'x') } };
    model.appendRecords(model.addSource(u"x"_s), { known, unknown });
    QCOMPARE(model.index(0, EventLogModel::MessageColumn).data().toString(),
             u"Device registration step succeeded: join completed"_s);
    const QString summary = model.index(1, EventLogModel::MessageColumn).data().toString();
    QVERIFY2(summary.startsWith(u"Reason=line one line two; Big=xxx"_s), qPrintable(summary));
    QCOMPARE(summary.size(), 200);
    QCOMPARE(model.index(1, 0).data(EventLogModel::MessageRole).toString(), summary);
}

void TestEventLogModel::sortValuesOrderBySeverityAndTime()
{
    EventLogModel model(EventKnowledge::builtIn());
    model.appendRecords(model.addSource(u"x"_s), events(0, 5)); // Error Warning Info Crit Verbose
    const auto rank = [&model](int row) {
        return model.index(row, EventLogModel::LevelColumn).data(EventLogModel::SortRole).toInt();
    };
    QVERIFY(rank(3) < rank(0)); // critical before error
    QVERIFY(rank(0) < rank(1)); // error before warning
    QVERIFY(rank(1) < rank(2)); // warning before information
    QVERIFY(rank(2) < rank(4)); // information before verbose
    const auto time = [&model](int row) {
        return model.index(row, EventLogModel::TimeColumn)
            .data(EventLogModel::SortRole)
            .toLongLong();
    };
    QCOMPARE(time(1) - time(0), 1000);
}

void TestEventLogModel::channelsInOrderOfAppearance()
{
    EventLogModel model(EventKnowledge::builtIn());
    QSignalSpy changed(&model, &EventLogModel::channelsChanged);
    const int source = model.addSource(u"x"_s);
    model.appendRecords(source, events(0, 1));
    model.appendRecords(source, events(1, 10));
    model.appendRecords(source, events(11, 10)); // no new channel: no signal
    QCOMPARE(model.channels(),
             (QStringList { u"Microsoft-Windows-User Device Registration/Admin"_s,
                            u"Microsoft-Windows-AAD/Operational"_s }));
    QCOMPARE(changed.count(), 2);
}

void TestEventLogModel::sourcesAreKeptPerRecord()
{
    EventLogModel model(EventKnowledge::builtIn());
    const int a = model.addSource(u"/a/first.evtx"_s);
    const int b = model.addSource(u"/b/operations.jsonl"_s);
    model.appendRecords(a, events(0, 2));
    model.appendRecords(b, events(2, 1));
    model.appendRecords(a, events(3, 1));
    QCOMPARE(model.sourceLabel(0), u"/a/first.evtx"_s);
    QCOMPARE(model.sourceLabel(2), u"/b/operations.jsonl"_s);
    QCOMPARE(model.sourceLabel(3), u"/a/first.evtx"_s);
    QCOMPARE(model.index(2, 0).data(EventLogModel::SourceRole).toString(),
             u"/b/operations.jsonl"_s);
}

void TestEventLogModel::clearEmptiesEverything()
{
    EventLogModel model(EventKnowledge::builtIn());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendRecords(model.addSource(u"x"_s), events(0, 1500));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.totalCount(), 0);
    QVERIFY(!model.canFetchMore({}));
    QVERIFY(model.channels().isEmpty());
    model.appendRecords(model.addSource(u"y"_s), events(0, 3));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.sourceLabel(0), u"y"_s);
}

QTEST_GUILESS_MAIN(TestEventLogModel)
#include "tst_eventlogmodel.moc"
