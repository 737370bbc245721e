#include "events/eventfilter.h"

#include <QTest>

using namespace Entra::Events;
using namespace Qt::Literals::StringLiterals;

namespace {

EventRecord sample()
{
    EventRecord r;
    r.recordId = 42;
    r.eventId = 1081;
    r.level = 2;
    r.channel = u"Microsoft-Windows-AAD/Operational"_s;
    r.provider = u"Microsoft-Windows-AAD"_s;
    r.eventSourceName = u"AadCloudAP"_s;
    r.computer = u"PC-01"_s;
    r.timeCreated = QDateTime(QDate(2024, 5, 1), QTime(10, 0, 0), Qt::UTC);
    r.data = { { u"Error"_s, u"invalid_grant"_s },
               { u"Description"_s, u"AADSTS50126: bad password"_s } };
    return r;
}

} // namespace

class TestEvtxFilter : public QObject
{
    Q_OBJECT

private slots:
    void matches_data();
    void matches();
    void informationIncludesLogAlways();
    void parseIds_data();
    void parseIds();
    void parseLevels_data();
    void parseLevels();
    void parseTime_data();
    void parseTime();
};

void TestEvtxFilter::matches_data()
{
    QTest::addColumn<EventFilter>("filter");
    QTest::addColumn<bool>("match");

    auto f = [] {
        return EventFilter();
    };
    QTest::newRow("empty") << f() << true;
    EventFilter x;
    x.setChannels({ u"microsoft-windows-aad/operational"_s });
    QTest::newRow("channel, other case") << x << true;
    x.setChannels({ u"System"_s, u"Application"_s });
    QTest::newRow("channel, other") << x << false;
    x = f();
    x.setProviders({ u"aadcloudap"_s });
    QTest::newRow("provider by event source name") << x << true;
    x.setProviders({ u"Microsoft-Windows-AAD"_s });
    QTest::newRow("provider by name") << x << true;
    x.setProviders({ u"Microsoft-Windows"_s });
    QTest::newRow("provider, part of the name") << x << false;
    x = f();
    x.setIds({ { 1000, 1080 } });
    QTest::newRow("id outside range") << x << false;
    x.setIds({ { 1000, 1080 }, { 1081, 1081 } });
    QTest::newRow("id in second range") << x << true;
    x = f();
    x.setLevels({ 2, 3 });
    QTest::newRow("level in list") << x << true;
    x.setLevels({ 4 });
    QTest::newRow("level not in list") << x << false;
    x = f();
    x.setSince(QDateTime(QDate(2024, 5, 1), QTime(10, 0, 0), Qt::UTC));
    QTest::newRow("since, equal") << x << true;
    x.setSince(QDateTime(QDate(2024, 5, 1), QTime(10, 0, 1), Qt::UTC));
    QTest::newRow("since, later") << x << false;
    x = f();
    x.setUntil(QDateTime(QDate(2024, 5, 1), QTime(10, 0, 0), Qt::UTC));
    QTest::newRow("until, equal") << x << true;
    x.setUntil(QDateTime(QDate(2024, 5, 1), QTime(9, 59, 59), Qt::UTC));
    QTest::newRow("until, earlier") << x << false;
    x = f();
    x.setText(u"aadsts50126"_s);
    QTest::newRow("text in a value") << x << true;
    x.setText(u"descr"_s);
    QTest::newRow("text in a field name") << x << true;
    x.setText(u"pc-0"_s);
    QTest::newRow("text in computer") << x << true;
    x.setText(u"1081"_s);
    QTest::newRow("text is the event id") << x << true;
    x.setText(u"108"_s);
    QTest::newRow("text, part of the id") << x << false;
    x.setText(u"kerberos"_s);
    QTest::newRow("text nowhere") << x << false;
    x = f();
    x.setChannels({ u"Microsoft-Windows-AAD/Operational"_s });
    x.setIds({ { 1081, 1081 } });
    x.setText(u"nothing like this"_s);
    QTest::newRow("all criteria must match") << x << false;
}

void TestEvtxFilter::matches()
{
    QFETCH(EventFilter, filter);
    QFETCH(bool, match);
    QCOMPARE(filter.matches(sample()), match);
    QCOMPARE(filter.isEmpty(), filter == EventFilter());
}

void TestEvtxFilter::informationIncludesLogAlways()
{
    EventRecord r = sample();
    r.level = 0;
    EventFilter f;
    f.setLevels({ 4 });
    QVERIFY(f.matches(r));
    f.setLevels({ 2 });
    QVERIFY(!f.matches(r));
    f.setLevels({ 0 });
    QVERIFY(f.matches(r));
}

void TestEvtxFilter::parseIds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QList<EventIdRange>>("ranges");
    QTest::newRow("one") << u"4624"_s << true << QList<EventIdRange> { { 4624, 4624 } };
    QTest::newRow("list and range")
        << u"4624, 100-111"_s << true << QList<EventIdRange> { { 4624, 4624 }, { 100, 111 } };
    QTest::newRow("reversed range") << u"111-100"_s << false << QList<EventIdRange> {};
    QTest::newRow("word") << u"abc"_s << false << QList<EventIdRange> {};
    QTest::newRow("empty") << u""_s << false << QList<EventIdRange> {};
}

void TestEvtxFilter::parseIds()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QList<EventIdRange>, ranges);
    const auto parsed = EventFilter::parseIds(text);
    QCOMPARE(parsed.hasValue(), ok);
    if (ok)
        QCOMPARE(*parsed, ranges);
    else
        QVERIFY(!parsed.error().message.isEmpty());
}

void TestEvtxFilter::parseLevels_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QList<quint8>>("levels");
    QTest::newRow("name") << u"Error"_s << true << QList<quint8> { 2 };
    QTest::newRow("names and number") << u"error, warning,5"_s << true << QList<quint8> { 2, 3, 5 };
    QTest::newRow("info") << u"info"_s << true << QList<quint8> { 4 };
    QTest::newRow("unknown") << u"loud"_s << false << QList<quint8> {};
    QTest::newRow("too big") << u"256"_s << false << QList<quint8> {};
}

void TestEvtxFilter::parseLevels()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QList<quint8>, levels);
    const auto parsed = EventFilter::parseLevels(text);
    QCOMPARE(parsed.hasValue(), ok);
    if (ok)
        QCOMPARE(*parsed, levels);
}

void TestEvtxFilter::parseTime_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("time");
    QTest::newRow("date") << u"2024-05-01"_s << QDateTime(QDate(2024, 5, 1), QTime(0, 0), Qt::UTC);
    QTest::newRow("UTC") << u"2024-05-01T10:20:30Z"_s
                         << QDateTime(QDate(2024, 5, 1), QTime(10, 20, 30), Qt::UTC);
    QTest::newRow("no zone is UTC")
        << u"2024-05-01T10:20:30"_s << QDateTime(QDate(2024, 5, 1), QTime(10, 20, 30), Qt::UTC);
    QTest::newRow("offset") << u"2024-05-01T12:20:30+02:00"_s
                            << QDateTime(QDate(2024, 5, 1), QTime(10, 20, 30), Qt::UTC);
    QTest::newRow("milliseconds") << u"2024-05-01T10:20:30.250Z"_s
                                  << QDateTime(QDate(2024, 5, 1), QTime(10, 20, 30, 250), Qt::UTC);
    QTest::newRow("garbage") << u"yesterday"_s << QDateTime();
}

void TestEvtxFilter::parseTime()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, time);
    const auto parsed = EventFilter::parseTime(text);
    QCOMPARE(parsed.hasValue(), time.isValid());
    if (time.isValid())
        QCOMPARE(*parsed, time);
}

QTEST_GUILESS_MAIN(TestEvtxFilter)
#include "tst_evtx_filter.moc"
