// connectivity.json of a support bundle: ConnectivityReportJob against fakecloud (real TLS), a
// closed port and a server that never answers (the overall limit), and what the writer puts in
// the bundle for this device and for an imported status.
#include "bundle/supportbundlereader.h"
#include "bundle/supportbundlewriter.h"
#include "connectivity/connectivityreport.h"
#include "dsregcmd/statusimport.h"
#include "fakecloudinstance.h"
#include "local/deviceenvironment.h"
#include "sampleutil.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::Bundle;
using namespace Entra::Test;

namespace {

ConnectivityReport measure(const DeviceEnvironmentOptions &environment,
                           int overallTimeoutMs = ConnectivityReportJob::kDefaultOverallTimeoutMs)
{
    ConnectivityReportJob job;
    QSignalSpy finished(&job, &ConnectivityReportJob::finished);
    job.start(environment, u"contoso.onmicrosoft.com"_s, overallTimeoutMs);
    if (!finished.wait(overallTimeoutMs + 15000))
        qFatal("the connectivity job did not finish");
    if (finished.size() != 1)
        qFatal("finished() was emitted %d times", int(finished.size()));
    return finished.constFirst().constFirst().value<ConnectivityReport>();
}

quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    return server.serverPort();
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return QJsonDocument::fromJson(file.readAll()).object();
}

StatusSnapshot sample()
{
    Result<StatusSnapshot> snapshot = StatusImport::fromBytes(
        readDsregcmdSample(u"12-mslearn-sso-state-prt-yes-enterprise-prt-yes.txt"_s), u"s"_s);
    if (!snapshot)
        qFatal("sample does not parse");
    return *snapshot;
}

} // namespace

class TestBundleConnectivity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fakecloudIsReachable();
    void closedPortIsRefused();
    void silentServerHitsTheOverallLimit();
    void unreadableCaFileIsNotMeasured();
    void jsonRoundTrip();
    void bundleOfThisDevice();
    void bundleOfAnImportedStatus();

private:
    FakeCloudInstance m_cloud;
};

void TestBundleConnectivity::initTestCase()
{
    qRegisterMetaType<ConnectivityReport>();
    QVERIFY2(m_cloud.start(), qPrintable(m_cloud.errorString()));
}

void TestBundleConnectivity::fakecloudIsReachable()
{
    DeviceEnvironmentOptions environment;
    environment.cloudBaseUrl = m_cloud.baseUrl().toString();
    environment.caFile = m_cloud.caFile();
    const ConnectivityReport report = measure(environment);
    QVERIFY(report.measured);
    QCOMPARE(report.cloud, environment.cloudBaseUrl);
    QCOMPARE(report.results.size(), qsizetype(4));
    QCOMPARE(report.failures(), 0);
    QVERIFY(report.measuredAt.isValid());

    const QJsonObject json = report.toJson();
    QCOMPARE(json.value(u"measured"_s).toBool(), true);
    QCOMPARE(json.value(u"reachable"_s).toInt(), 4);
    QCOMPARE(json.value(u"failed"_s).toInt(), 0);
    QStringList names;
    for (const QJsonValue &value : json.value(u"endpoints"_s).toArray()) {
        const QJsonObject endpoint = value.toObject();
        names << endpoint.value(u"name"_s).toString();
        QCOMPARE(endpoint.value(u"ok"_s).toBool(), true);
        QCOMPARE(endpoint.value(u"cause"_s).toString(), u"ok"_s);
        QVERIFY(endpoint.value(u"url"_s).toString().startsWith(environment.cloudBaseUrl));
        QCOMPARE(endpoint.value(u"certificateIssuer"_s).toString(), u"fakecloud test CA"_s);
        QVERIFY(endpoint.value(u"steps"_s).toArray().size() >= 5); // proxy, DNS, TCP, TLS, HTTP
    }
    QCOMPARE(names,
             (QStringList { u"login"_s, u"device.login"_s, u"drs-discovery"_s, u"graph"_s }));
}

void TestBundleConnectivity::closedPortIsRefused()
{
    DeviceEnvironmentOptions environment;
    environment.cloudBaseUrl = u"https://127.0.0.1:%1"_s.arg(closedPort());
    environment.caFile = m_cloud.caFile();
    const ConnectivityReport report = measure(environment);
    QVERIFY(report.measured);
    QCOMPARE(report.failures(), 4);
    for (const EndpointResult &r : report.results) {
        QCOMPARE(r.cause, EndpointResult::Cause::ConnectionRefused);
        QVERIFY2(r.message.contains(u"refused the connection"_s), qPrintable(r.message));
    }
    const QJsonObject first = report.toJson().value(u"endpoints"_s).toArray().first().toObject();
    QCOMPARE(first.value(u"ok"_s).toBool(), false);
    QCOMPARE(first.value(u"cause"_s).toString(), u"connection-refused"_s);
    QVERIFY(first.value(u"message"_s).toString().contains(u"refused"_s));
    QVERIFY(!first.value(u"fix"_s).toString().isEmpty());
}

void TestBundleConnectivity::silentServerHitsTheOverallLimit()
{
    // Accepts connections and never says a word: the TLS handshake would wait for its own
    // (per-layer) timeout; the overall limit ends it sooner.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    QList<QTcpSocket *> held;
    connect(&silent, &QTcpServer::newConnection, this, [&silent, &held] {
        while (QTcpSocket *socket = silent.nextPendingConnection())
            held << socket;
    });
    DeviceEnvironmentOptions environment;
    environment.cloudBaseUrl = u"https://127.0.0.1:%1"_s.arg(silent.serverPort());
    QElapsedTimer timer;
    timer.start();
    const ConnectivityReport report = measure(environment, 1500);
    QVERIFY2(timer.elapsed() < 6000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(report.measured);
    QCOMPARE(report.overallTimeoutMs, 1500);
    QCOMPARE(report.failures(), 4);
    for (const EndpointResult &r : report.results) {
        QCOMPARE(r.cause, EndpointResult::Cause::Timeout);
        QVERIFY2(r.message.contains(u"1.5 s"_s), qPrintable(r.message));
        QVERIFY2(r.message.contains(u"TCP"_s), qPrintable(r.message)); // TCP answered, TLS not
    }
    QCOMPARE(report.toJson()
                 .value(u"endpoints"_s)
                 .toArray()
                 .first()
                 .toObject()
                 .value(u"cause"_s)
                 .toString(),
             u"timeout"_s);
    qDeleteAll(held);
}

void TestBundleConnectivity::unreadableCaFileIsNotMeasured()
{
    DeviceEnvironmentOptions environment;
    environment.cloudBaseUrl = m_cloud.baseUrl().toString();
    environment.caFile = u"/nonexistent/ca.pem"_s;
    const ConnectivityReport report = measure(environment);
    QVERIFY(!report.measured);
    QVERIFY2(report.reason.contains(u"/nonexistent/ca.pem"_s), qPrintable(report.reason));
    const QJsonObject json = report.toJson();
    QCOMPARE(json.value(u"measured"_s).toBool(), false);
    QCOMPARE(json.value(u"reason"_s).toString(), report.reason);
    QVERIFY(!json.contains(u"endpoints"_s));
}

void TestBundleConnectivity::jsonRoundTrip()
{
    DeviceEnvironmentOptions environment;
    environment.cloudBaseUrl = u"https://127.0.0.1:%1"_s.arg(closedPort());
    const ConnectivityReport report = measure(environment);
    Result<ConnectivityReport> back = ConnectivityReport::fromJson(report.toJson());
    QVERIFY(back);
    QCOMPARE(back->toJson(), report.toJson());
    QCOMPARE(back->results.first().cause, EndpointResult::Cause::ConnectionRefused);
    QVERIFY(!ConnectivityReport::fromJson(QJsonObject { { u"x"_s, 1 } }));
}

void TestBundleConnectivity::bundleOfThisDevice()
{
    DeviceEnvironmentOptions environment;
    environment.cloudBaseUrl = u"https://127.0.0.1:%1"_s.arg(closedPort());
    SupportBundleContent content;
    content.snapshot = sample();
    content.snapshot.origin.kind = SourceKind::ThisDevice;
    content.now = QDateTime::currentDateTimeUtc();
    content.connectivity = measure(environment);
    QTemporaryDir scratch;
    const QString zip = scratch.filePath(u"b.zip"_s);
    QVERIFY(SupportBundleWriter::write(zip, content));

    Result<ImportedBundle> bundle = SupportBundleReader::read(zip);
    QVERIFY(bundle);
    QVERIFY(!bundle->connectivityFile.isEmpty());
    QVERIFY(!bundle->reportFile.isEmpty());
    const QJsonObject json = readJson(bundle->connectivityFile);
    QCOMPARE(json.value(u"measured"_s).toBool(), true);
    QCOMPARE(json.value(u"failed"_s).toInt(), 4);
    // The same results are findings, as `diagnose --connectivity` gives them.
    const QJsonObject findings = readJson(bundle->findingsFile);
    QStringList ids;
    for (const QJsonValue &f : findings.value(u"Findings"_s).toArray())
        ids << f.toObject().value(u"id"_s).toString();
    QVERIFY2(ids.contains(u"net.login.connection-refused"_s), qPrintable(ids.join(u' ')));
    QVERIFY(ids.contains(u"net.graph.connection-refused"_s));
    // And the report shows them.
    QFile report(bundle->reportFile);
    QVERIFY(report.open(QIODevice::ReadOnly));
    const QByteArray html = report.readAll();
    QCOMPARE(html.count("<span class=\"pill fail\">connection-refused</span>"), 4);
    QVERIFY(html.contains("0 of 4 endpoints reachable"));
}

void TestBundleConnectivity::bundleOfAnImportedStatus()
{
    SupportBundleContent content;
    content.snapshot = sample(); // imported: no connectivity given
    QTemporaryDir scratch;
    const QString zip = scratch.filePath(u"b.zip"_s);
    QVERIFY(SupportBundleWriter::write(zip, content));
    Result<ImportedBundle> bundle = SupportBundleReader::read(zip);
    QVERIFY(bundle);
    const QJsonObject json = readJson(bundle->connectivityFile);
    QCOMPARE(json.value(u"measured"_s).toBool(), false);
    QVERIFY2(json.value(u"reason"_s).toString().contains(u"imported"_s),
             qPrintable(json.value(u"reason"_s).toString()));
    QFile report(bundle->reportFile);
    QVERIFY(report.open(QIODevice::ReadOnly));
    QVERIFY(report.readAll().contains("<span class=\"pill skip\">Not measured</span>"));
}

QTEST_GUILESS_MAIN(TestBundleConnectivity)
#include "tst_bundleconnectivity.moc"
