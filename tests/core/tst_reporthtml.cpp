// report.html of a support bundle: escaping, nothing external, the sections, masking, bounds.
#include "bundle/eventtimeline.h"
#include "bundle/htmltext.h"
#include "bundle/reporthtmlwriter.h"
#include "bundle/supportbundlereader.h"
#include "bundle/supportbundlewriter.h"
#include "crypto/devicecertificate.h"
#include "dsregcmd/statusimport.h"
#include "events/eventhistogram.h"
#include "events/operationlogevents.h"
#include "sampleutil.h"
#include "testcertificates.h"

#include <QFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::Bundle;

namespace {

const QString kProblemSample
    = u"06-mslearn-sso-state-prt-no-aadsts50126-enterprise-prt-cloudtgt.txt"_s;
const QString kHelloEvtx = QStringLiteral(
    ENTRA_SAMPLES_DIR
    "/evtx/omerbenamram-evtx__Microsoft-Windows-HelloForBusiness%4Operational.evtx");
const QString kUpn = u"carol.planted@fabrikam.example"_s;
const QString kTenant = u"7c1d2e3f-2222-4333-8444-955566667777"_s;

StatusSnapshot sample(const QString &name)
{
    Result<StatusSnapshot> snapshot
        = StatusImport::fromBytes(readDsregcmdSample(name), u"sample"_s);
    if (!snapshot)
        qFatal("sample does not parse");
    return *snapshot;
}

void put(const QString &path, const QByteArray &data)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(data);
}

// A state directory with an operation log: a failed join that names a user.
QString stateWithOperationLog(const QTemporaryDir &scratch)
{
    const QString state = scratch.filePath(u"state"_s);
    QDir().mkpath(state + u"/logs"_s);
    put(state + u"/logs/operations.jsonl"_s,
        "{\"time\":\"2024-05-01T10:00:00.000Z\",\"correlationId\":"
        "\"0b7f4e2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b\",\"operation\":\"join\",\"step\":\"register\","
        "\"result\":\"started\"}\n"
        "{\"time\":\"2024-05-01T10:00:02.000Z\",\"correlationId\":"
        "\"0b7f4e2a-1c3d-4e5f-8a9b-0c1d2e3f4a5b\",\"operation\":\"join\",\"step\":\"register\","
        "\"result\":\"failed\",\"errorCode\":\"AADSTS50126\",\"message\":\"sign-in of "
        "carol.planted@fabrikam.example refused\"}\n");
    return state;
}

// The bundle's report.html, read back through SupportBundleReader.
QString reportOf(const QString &zip)
{
    Result<ImportedBundle> bundle = SupportBundleReader::read(zip);
    if (!bundle)
        qFatal("bundle does not read: %s", qPrintable(bundle.error().message));
    if (bundle->reportFile.isEmpty())
        qFatal("no report.html");
    QFile file(bundle->reportFile);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read report.html");
    return QString::fromUtf8(file.readAll());
}

SupportBundleContent fullContent(const QTemporaryDir &scratch)
{
    SupportBundleContent content;
    content.snapshot = sample(kProblemSample);
    content.eventFiles << kHelloEvtx;
    content.stateDirectory = stateWithOperationLog(scratch);
    Result<DeviceCertificate> certificate
        = DeviceCertificate::fromDer(TestCertificates::mint().der);
    if (!certificate)
        qFatal("no certificate");
    content.certificates << *certificate;
    TpmReport tpm;
    tpm.tcti = u"swtpm:port=2321"_s;
    tpm.responding = true;
    tpm.devicePresent = true;
    tpm.specFamily = u"2.0"_s;
    tpm.evaluateReadiness();
    content.tpm = tpm;
    ConnectivityReport connectivity;
    connectivity.measured = true;
    connectivity.cloud = u"Microsoft"_s;
    connectivity.measuredAt = QDateTime::currentDateTimeUtc();
    connectivity.overallTimeoutMs = 20000;
    EndpointResult login;
    login.target = { u"login"_s, QUrl(u"https://login.microsoftonline.com/common"_s), false };
    login.proxy = u"DIRECT"_s;
    login.steps << u"DNS: login.microsoftonline.com → 20.190.1.1"_s;
    login.cause = EndpointResult::Cause::TlsUntrusted;
    login.message
        = u"The server's certificate chain is not trusted (issued by \"Evil <Proxy> & Co\")."_s;
    login.fix = u"Exclude the Microsoft endpoints from TLS inspection."_s;
    connectivity.results << login;
    content.connectivity = connectivity;
    return content;
}

Events::EventRecord makeEvent(qint64 ms, quint8 level, const QString &channel,
                              const QString &provider, quint32 id)
{
    Events::EventRecord r;
    r.timeCreated = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    r.level = level;
    r.channel = channel;
    r.provider = provider;
    r.eventId = id;
    r.data << Events::EventField { u"Detail"_s, u"event at %1"_s.arg(ms) };
    return r;
}

} // namespace

class TestReportHtml : public QObject
{
    Q_OBJECT

private slots:
    void escapeText_data();
    void escapeText();
    void valuesAreEscaped();
    void nothingExternal();
    void sectionsAndNavigation();
    void findingsBySeverity();
    void identitiesAreMasked();
    void sizeIsBoundedForHugeLogs();
    void timelineMatchesEventHistogram_data();
    void timelineMatchesEventHistogram();
    void timelineKeepsTheMostRelevant();
    void verdict_data();
    void verdict();
};

void TestReportHtml::escapeText_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("markup") << u"<script>alert(1)</script>"_s
                            << u"&lt;script&gt;alert(1)&lt;/script&gt;"_s;
    QTest::newRow("ampersand") << u"a & b &amp;"_s << u"a &amp; b &amp;amp;"_s;
    QTest::newRow("quotes") << u"\"x\" 'y'"_s << u"&quot;x&quot; &#39;y&#39;"_s;
    QTest::newRow("controls") << u"a\u0000b\u0007c\td\ne\u007f"_s << u"abc\td\ne"_s;
    QTest::newRow("unicode") << u"Gerät – ✓"_s << u"Gerät – ✓"_s;
}

void TestReportHtml::escapeText()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(Html::escape(in), out);
}

void TestReportHtml::valuesAreEscaped()
{
    QTemporaryDir scratch;
    SupportBundleContent content;
    content.snapshot = sample(kProblemSample);
    content.snapshot.ensureSection(u"Device State"_s).set(u"Device Name"_s, u"<b>pc&co</b>"_s);
    content.snapshot.ensureSection(u"Diagnostic Data"_s)
        .set(u"Client ErrorCode"_s, u"<script>alert(\"x\")</script> & <img src=x onerror=y>"_s);
    content.snapshot.origin.unplacedLines << u"</pre><script>evil()</script>"_s;
    const QString zip = scratch.filePath(u"b.zip"_s);
    QVERIFY(SupportBundleWriter::write(zip, content));
    const QString html = reportOf(zip);

    QVERIFY(html.contains(u"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x "
                          u"onerror=y&gt;"_s));
    QVERIFY(html.contains(u"<h1 id=\"device-name\">&lt;b&gt;pc&amp;co&lt;/b&gt;</h1>"_s));
    QVERIFY(html.contains(u"&lt;/pre&gt;&lt;script&gt;evil()&lt;/script&gt;"_s));
    QVERIFY(!html.contains(u"<script"_s, Qt::CaseInsensitive));
    QVERIFY(!html.contains(u"<img"_s, Qt::CaseInsensitive));
    QVERIFY(!html.contains(u"<b>pc"_s));
    QVERIFY(!html.contains(u"</pre><script>"_s));
}

void TestReportHtml::nothingExternal()
{
    QTemporaryDir scratch;
    const SupportBundleContent content = fullContent(scratch);
    const QString zip = scratch.filePath(u"b.zip"_s);
    Result<Manifest> written = SupportBundleWriter::write(zip, content);
    QVERIFY2(written, qPrintable(written ? QString() : written.error().message));
    const QString html = reportOf(zip);
    QVERIFY(html.contains(u"login.microsoftonline.com"_s)); // as text, not as a reference
    QVERIFY(html.contains(u"Evil &lt;Proxy&gt; &amp; Co"_s));

    // Every attribute that can make a browser load something points into the page (or data:).
    static const QRegularExpression reference(
        u"\\b(src|href|xlink:href|action|formaction|poster|srcset|data|background|manifest|"
        u"ping|cite|longdesc|codebase|archive|usemap)\\s*=\\s*(\"([^\"]*)\"|'([^']*)'|([^\\s>]+))"_s,
        QRegularExpression::CaseInsensitiveOption);
    int anchors = 0;
    for (auto it = reference.globalMatch(html); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const QString value = m.captured(3) + m.captured(4) + m.captured(5);
        QVERIFY2(value.startsWith(u'#') || value.startsWith(u"data:"_s), qPrintable(m.captured()));
        anchors += value.startsWith(u'#');
    }
    QVERIFY(anchors >= 8);
    for (const QString &forbidden :
         { u"url("_s, u"@import"_s, u"<script"_s, u"<link"_s, u"<iframe"_s, u"<object"_s,
           u"<embed"_s, u"<img"_s, u"<base"_s, u"<form"_s, u"http-equiv=\"refresh\""_s,
           u"@font-face"_s, u"javascript:"_s })
        QVERIFY2(!html.contains(forbidden, Qt::CaseInsensitive), qPrintable(forbidden));
    // And the browser is told to load nothing whatever slips through.
    QVERIFY(html.contains(u"Content-Security-Policy\" content=\"default-src 'none'"_s));
}

void TestReportHtml::sectionsAndNavigation()
{
    QTemporaryDir scratch;
    const QString zip = scratch.filePath(u"b.zip"_s);
    QVERIFY(SupportBundleWriter::write(zip, fullContent(scratch)));
    const QString html = reportOf(zip);

    QVERIFY(html.startsWith(u"<!DOCTYPE html>"_s));
    QVERIFY(html.trimmed().endsWith(u"</html>"_s));
    for (const QString &id : { u"summary"_s, u"findings"_s, u"connectivity"_s, u"events"_s,
                               u"tpm"_s, u"certificates"_s, u"status"_s, u"about"_s }) {
        QVERIFY2(html.contains(u"<section class=\"card\" id=\"%1\">"_s.arg(id)), qPrintable(id));
        QVERIFY2(html.contains(u"<a href=\"#%1\">"_s.arg(id)), qPrintable(id));
    }
    // Every in-page link has its target.
    QSet<QString> ids;
    static const QRegularExpression idAttribute(u"\\bid=\"([^\"]+)\""_s);
    for (auto it = idAttribute.globalMatch(html); it.hasNext();) {
        const QString id = it.next().captured(1);
        QVERIFY2(!ids.contains(id), qPrintable(u"duplicate id "_s + id));
        ids.insert(id);
    }
    static const QRegularExpression link(u"href=\"#([^\"]*)\""_s);
    for (auto it = link.globalMatch(html); it.hasNext();) {
        const QString target = it.next().captured(1);
        QVERIFY2(ids.contains(target), qPrintable(u"no target for #"_s + target));
    }

    // The status as tables: every section and field of the snapshot.
    const StatusSnapshot snapshot = sample(kProblemSample);
    for (const StatusSection &section : snapshot.sections()) {
        QVERIFY2(html.contains(u">%1</h3>"_s.arg(Html::escape(section.title))),
                 qPrintable(section.title));
        for (const StatusField &field : section.fields)
            QVERIFY2(html.contains(u"<th>%1</th>"_s.arg(Html::escape(field.key))),
                     qPrintable(field.key));
    }
    // Values the knowledge base flags.
    QVERIFY(html.contains(u"<th>Attempt Status</th><td class=\"v-warn\">0xc000006d<span "
                          u"class=\"flag\">worth a look</span>"_s));
    // The health summary, the TPM, the certificate, connectivity and events.
    QVERIFY(html.contains(u"No Primary Refresh Token"_s));
    QVERIFY(html.contains(u"id=\"status-badge\""_s));
    QVERIFY(html.contains(u"<span>Problems found</span>"_s));
    QVERIFY(html.contains(u"swtpm:port=2321"_s));
    QVERIFY(html.contains(u"CN=9d53c6fa-b38e-4509-8fb1-51dedb421aac"_s));
    QVERIFY(html.contains(u"MS-Organization-Access"_s));
    QVERIFY(html.contains(u"Thumbprint (SHA-1)"_s));
    QVERIFY(html.contains(u"<span class=\"pill fail\">tls-untrusted</span>"_s));
    QVERIFY(html.contains(u"<svg class=\"histogram\""_s));
    QVERIFY(html.contains(u"Hello prerequisites check failed"_s)); // evtx 7054, from the catalogue
    QVERIFY(html.contains(u"events/operations.jsonl"_s));
    QVERIFY(html.contains(u"AADSTS50126"_s)); // the failed join step of the operation log
    // The connectivity result also became a finding (as in findings.json).
    QVERIFY(html.contains(u"id=\"finding-net-login-tls-untrusted\""_s));
}

void TestReportHtml::findingsBySeverity()
{
    QTemporaryDir scratch;
    const QString zip = scratch.filePath(u"b.zip"_s);
    QVERIFY(SupportBundleWriter::write(zip, fullContent(scratch)));
    const QString html = reportOf(zip);

    QList<int> order;
    static const QRegularExpression card(
        u"<article class=\"finding (fail|warn|info)\" id=\"finding-"_s);
    for (auto it = card.globalMatch(html); it.hasNext();) {
        const QString kind = it.next().captured(1);
        order << (kind == u"fail" ? 0 : kind == u"warn" ? 1 : 2);
    }
    QVERIFY(order.size() >= 2);
    QVERIFY(std::is_sorted(order.begin(), order.end()));
    // The most severe finding leads the summary, and the summary links to it.
    const QString opening = u"<article class=\"finding fail\" id=\""_s;
    const qsizetype first = html.indexOf(opening) + opening.size();
    QVERIFY(first > opening.size());
    const QString firstId = html.mid(first, html.indexOf(u'"', first) - first);
    QVERIFY2(html.contains(u"<a href=\"#%1\">see what to do</a>"_s.arg(firstId)),
             qPrintable(firstId));
}

void TestReportHtml::identitiesAreMasked()
{
    QTemporaryDir scratch;
    SupportBundleContent content = fullContent(scratch);
    content.snapshot.ensureSection(u"Tenant Details"_s).set(u"TenantId"_s, kTenant);
    content.snapshot.ensureSection(u"User State"_s).set(u"UserEmail"_s, kUpn);
    content.snapshot.ensureSection(u"Device State"_s).set(u"Device Name"_s, u"PC of "_s + kUpn);
    content.redactIdentities = true;
    const QString zip = scratch.filePath(u"b.zip"_s);
    QVERIFY(SupportBundleWriter::write(zip, content));
    const QString html = reportOf(zip);
    QVERIFY(!html.contains(kUpn, Qt::CaseInsensitive)); // status, device name, operation log
    QVERIFY(!html.contains(u"carol.planted"_s, Qt::CaseInsensitive));
    QVERIFY(!html.contains(kTenant, Qt::CaseInsensitive));
    QVERIFY(html.contains(u"user1@masked.invalid"_s));
    QVERIFY(html.contains(u"masked-tenant-1"_s));
    QVERIFY(html.contains(u"<dt>Identities</dt><dd>masked</dd>"_s));

    // Without the option the same values are there (the test can fail).
    content.redactIdentities = false;
    QVERIFY(SupportBundleWriter::write(zip, content));
    QVERIFY(reportOf(zip).contains(kUpn));
}

void TestReportHtml::sizeIsBoundedForHugeLogs()
{
    constexpr int kEvents = 300000;
    EventTimeline timeline;
    timeline.beginSource(u"events/huge.evtx"_s);
    const qint64 start = QDateTime(QDate(2024, 5, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    QRandomGenerator random(7);
    for (int i = 0; i < kEvents; ++i) {
        const quint8 level = quint8(2 + random.bounded(3)); // error, warning, information
        Events::EventRecord r
            = makeEvent(start + qint64(i) * 1700, level, u"Microsoft-Windows-AAD/Operational"_s,
                        u"Microsoft-Windows-AAD"_s, 99998); // not catalogued
        r.data.first().value = u"<b>%1</b> & a long text "_s.arg(i) + QString(400, u'x');
        timeline.add(r);
    }
    QCOMPARE(timeline.total(), qint64(kEvents));
    QCOMPARE(timeline.rows().size(), qsizetype(50));
    QCOMPARE(timeline.notable(), qint64(kEvents));
    QCOMPARE(timeline.notShown(), qint64(kEvents - 50));

    ReportInput input;
    input.snapshot = sample(kProblemSample);
    input.events = timeline;
    // A value far longer than a page should show.
    input.snapshot.ensureSection(u"Diagnostic Data"_s).set(u"Huge"_s, QString(1'000'000, u'A'));
    const QByteArray html = ReportHtmlWriter().write(input);
    QVERIFY2(html.size() < 300 * 1024, QByteArray::number(html.size()).constData());
    QCOMPARE(html.count("<tr><td class=\"nowrap mono\">"), 50);
    QVERIFY(html.contains(
        u"%1 more relevant events not shown"_s.arg(QLocale::c().toString(kEvents - 50)).toUtf8()));
    QVERIFY(html.contains(QByteArray(1999, 'A').append("\xe2\x80\xa6"))); // cut at 2000 characters
    QVERIFY(!html.contains(QByteArray(2001, 'A')));
    QVERIFY(html.contains("&lt;b&gt;"));
    // Errors outrank the warnings and information of the same log; newest first.
    const QList<EventTimeline::Row> rows = timeline.rows();
    for (const EventTimeline::Row &row : rows)
        QCOMPARE(row.level, quint8(2));
    for (qsizetype i = 1; i < rows.size(); ++i)
        QVERIFY(rows.at(i - 1).time > rows.at(i).time);
    QVERIFY(rows.first().time > QDateTime::fromMSecsSinceEpoch(start, Qt::UTC).addDays(5));
}

void TestReportHtml::timelineMatchesEventHistogram_data()
{
    QTest::addColumn<qint64>("stepMs"); // between events
    QTest::addColumn<int>("count");
    QTest::newRow("seconds") << qint64(300) << 500;
    QTest::newRow("hours") << qint64(7 * 60 * 1000) << 2000;
    QTest::newRow("coarsened") << qint64(1100) << 20000; // > 4096 distinct seconds
    QTest::newRow("years") << qint64(3LL * 24 * 3600 * 1000 + 17) << 3000; // 25 years
    QTest::newRow("coarsened to weeks") << qint64(24LL * 3600 * 1000 + 5) << 5000; // 13.7 years
    QTest::newRow("one event") << qint64(1) << 1;
}

void TestReportHtml::timelineMatchesEventHistogram()
{
    QFETCH(qint64, stepMs);
    QFETCH(int, count);
    QList<Events::EventRecord> records;
    const qint64 start = QDateTime(QDate(2001, 2, 3), QTime(4, 5, 6), Qt::UTC).toMSecsSinceEpoch();
    QRandomGenerator random(11);
    for (int i = 0; i < count; ++i)
        records << makeEvent(
            start + qint64(i) * stepMs + random.bounded(int(qMin<qint64>(stepMs, 1000))),
            quint8(random.bounded(6)), u"System"_s, u"Service Control Manager"_s, 7036);
    std::shuffle(records.begin(), records.end(), std::mt19937(3)); // files are not sorted either
    EventTimeline timeline(0);
    for (const Events::EventRecord &r : std::as_const(records))
        timeline.add(r);
    const Events::EventHistogram expected = Events::EventHistogram::build(records);
    const Events::EventHistogram actual = timeline.histogram();
    QCOMPARE(actual.start, expected.start);
    QCOMPARE(actual.bucketMs, expected.bucketMs);
    QCOMPARE(actual.buckets.size(), expected.buckets.size());
    for (qsizetype i = 0; i < expected.buckets.size(); ++i)
        QVERIFY2(actual.buckets.at(i).counts == expected.buckets.at(i).counts,
                 qPrintable(u"bucket %1"_s.arg(i)));
    QCOMPARE(timeline.rows().size(), qsizetype(0));
}

void TestReportHtml::timelineKeepsTheMostRelevant()
{
    EventTimeline timeline(4);
    timeline.beginSource(u"events/a.evtx"_s);
    const qint64 t = QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    // Noise: many information events elsewhere, and another log's errors, all newer.
    for (int i = 0; i < 100; ++i)
        timeline.add(makeEvent(t + 100000 + i, 4, u"System"_s, u"Service Control Manager"_s, 7036));
    timeline.add(
        makeEvent(t + 200000, 2, u"System"_s, u"Microsoft-Windows-DistributedCOM"_s, 10016));
    // Registration events: an error, a warning, a catalogued information event, and an
    // uncatalogued one.
    timeline.add(makeEvent(t + 1, 2, u"Microsoft-Windows-User Device Registration/Admin"_s,
                           u"Microsoft-Windows-User Device Registration"_s, 304));
    timeline.add(makeEvent(t + 2, 3, u"Microsoft-Windows-AAD/Operational"_s,
                           u"Microsoft-Windows-AAD"_s, 1098));
    timeline.add(makeEvent(t + 3, 4, u"Microsoft-Windows-HelloForBusiness/Operational"_s,
                           u"Microsoft-Windows-HelloForBusiness"_s, 3054));
    timeline.add(makeEvent(t + 4, 4, u"Microsoft-Windows-AAD/Operational"_s,
                           u"Microsoft-Windows-AAD"_s, 99999));
    timeline.add(makeEvent(t + 5, 2, Events::OperationLogEvents::channel.toString(),
                           Events::OperationLogEvents::provider.toString(), 3));

    QCOMPARE(timeline.total(), qint64(106));
    QCOMPARE(timeline.notable(), qint64(6)); // the DCOM error and the five registration events
    QCOMPARE(timeline.notShown(), qint64(2));
    const QList<EventTimeline::Row> rows = timeline.rows();
    QList<quint32> ids;
    for (const EventTimeline::Row &row : rows)
        ids << row.eventId;
    // The two errors, the warning and one of the information events stay; newest first.
    QCOMPARE(ids.size(), qsizetype(4));
    QCOMPARE(ids.at(0), 3u);
    QVERIFY(ids.contains(304u));
    QVERIFY(ids.contains(1098u));
    QVERIFY(!ids.contains(10016u));
    for (qsizetype i = 1; i < rows.size(); ++i)
        QVERIFY(rows.at(i - 1).time >= rows.at(i).time);
    QCOMPARE(timeline.sources().size(), qsizetype(1));
    QCOMPARE(timeline.sources().first().errors, qint64(3));
    QCOMPARE(timeline.sources().first().warnings, qint64(1));
}

void TestReportHtml::verdict_data()
{
    QTest::addColumn<QList<int>>("outcomes");
    QTest::addColumn<int>("deviceHealth");
    QTest::addColumn<int>("expected");
    const int good = int(Health::Good), unknown = int(Health::Unknown);
    QTest::newRow("a failure") << QList<int> { int(CheckOutcome::Fail), int(CheckOutcome::Pass) }
                               << good << int(ReportVerdict::Problems);
    QTest::newRow("a device problem") << QList<int> { int(CheckOutcome::Pass) }
                                      << int(Health::Problem) << int(ReportVerdict::Problems);
    QTest::newRow("a warning") << QList<int> { int(CheckOutcome::Warn), int(CheckOutcome::Info) }
                               << good << int(ReportVerdict::Attention);
    QTest::newRow("all good") << QList<int> { int(CheckOutcome::Pass), int(CheckOutcome::Info) }
                              << good << int(ReportVerdict::Healthy);
    QTest::newRow("nothing known")
        << QList<int> { int(CheckOutcome::Skip) } << unknown << int(ReportVerdict::Unknown);
}

void TestReportHtml::verdict()
{
    QFETCH(QList<int>, outcomes);
    QFETCH(int, deviceHealth);
    QFETCH(int, expected);
    ReportInput input;
    for (const int outcome : outcomes) {
        Finding f;
        f.id = u"x.%1"_s.arg(outcome);
        f.title = u"Check %1"_s.arg(outcome);
        f.outcome = CheckOutcome(outcome);
        input.diagnostics.findings << f;
    }
    input.health.device.health = Health(deviceHealth);
    input.health.device.headline = u"Device headline"_s;
    QCOMPARE(int(reportVerdict(input)), expected);
    const QString html = QString::fromUtf8(ReportHtmlWriter().write(input));
    QVERIFY(
        html.contains(u"<span>%1</span></div>"_s.arg(reportVerdictTitle(ReportVerdict(expected)))));
}

QTEST_GUILESS_MAIN(TestReportHtml)
#include "tst_reporthtml.moc"
