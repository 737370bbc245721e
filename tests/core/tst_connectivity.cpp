// Connectivity checks layer by layer, against fakecloud (real TLS) and deliberately broken
// endpoints on loopback: each failure must be named by its cause.
#include "connectivity/connectivitycheck.h"
#include "fakecloudinstance.h"
#include "testcertificates.h"

#include <QSignalSpy>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Entra;
using namespace Entra::Test;
using namespace Qt::Literals::StringLiterals;

namespace {

QList<EndpointResult> runCheck(const QList<ConnectivityTarget> &targets,
                               ConnectivityOptions options = {})
{
    ConnectivityCheck check(targets, std::move(options));
    QSignalSpy finished(&check, &ConnectivityCheck::finished);
    check.start();
    if (!finished.wait(30000))
        qFatal("the connectivity check did not finish");
    return check.results();
}

EndpointResult probe(const QUrl &url, ConnectivityOptions options = {})
{
    const auto results = runCheck({ { u"target"_s, url, true } }, std::move(options));
    return results.constFirst();
}

// A free loopback port with nothing listening.
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    return server.serverPort();
}

QString describe(const EndpointResult &r)
{
    return causeName(r.cause) + u": "_s + r.message + u" | "_s + r.steps.join(u" | "_s);
}

} // namespace

class TestConnectivity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyEndpointOfFakecloudIsReachable();
    void untrustedChainIsNamed();
    void refusedPort();
    void nameThatDoesNotResolve();
    void serverThatDoesNotSpeakTls();
    void silentServerTimesOut();
    void certificateForAnotherHost();
    void proxyAnsweringWithHtml();
    void serviceError();
    void unreachableProxy();
    void unknownTenantIsAnUnexpectedStatus();
    void findingsNameTheCause();

private:
    QSslConfiguration trusting() const;
    FakeCloudInstance m_cloud;
};

void TestConnectivity::initTestCase()
{
    QVERIFY2(m_cloud.start(), qPrintable(m_cloud.errorString()));
}

QSslConfiguration TestConnectivity::trusting() const
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.addCaCertificates(m_cloud.caCertificates());
    return ssl;
}

void TestConnectivity::everyEndpointOfFakecloudIsReachable()
{
    ConnectivityOptions options;
    options.ssl = trusting();
    options.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    const auto targets = ConnectivityTarget::standard(CloudEndpoints::fromBase(m_cloud.baseUrl()),
                                                      m_cloud.tenantDomain(), true);
    QCOMPARE(targets.size(), 4);
    const QList<EndpointResult> results = runCheck(targets, options);
    QCOMPARE(results.size(), 4);
    for (const EndpointResult &r : results) {
        QVERIFY2(r.ok(), qPrintable(r.target.name + u": "_s + describe(r)));
        QCOMPARE(r.proxy, u"DIRECT"_s);
        QVERIFY(r.steps.join(u'\n').contains(u"TLS: "_s));
    }
    QCOMPARE(results.at(0).target.name, u"login"_s);
    QCOMPARE(results.at(2).httpStatus, 200); // DRS discovery for the tenant
}

void TestConnectivity::untrustedChainIsNamed()
{
    ConnectivityOptions options;
    options.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    const EndpointResult r = probe(m_cloud.url(u"/common/v2.0/.well-known/openid-configuration"_s),
                                   options); // the system CAs only: fakecloud's CA is unknown
    QCOMPARE(causeName(r.cause), u"tls-untrusted"_s);
    QVERIFY2(r.message.contains(u"TLS-intercepting proxy"_s), qPrintable(r.message));
    QVERIFY2(!r.certificateIssuer.isEmpty() && r.message.contains(r.certificateIssuer),
             qPrintable(describe(r)));
}

void TestConnectivity::refusedPort()
{
    ConnectivityOptions options;
    options.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    const EndpointResult r = probe(QUrl(u"https://127.0.0.1:%1/"_s.arg(closedPort())), options);
    QCOMPARE(causeName(r.cause), u"connection-refused"_s);
    QVERIFY(r.message.contains(u"refused the connection"_s));
    QVERIFY(!r.fix.isEmpty());
}

void TestConnectivity::nameThatDoesNotResolve()
{
    ConnectivityOptions options;
    options.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    const EndpointResult r = probe(QUrl(u"https://login.nonexistent.invalid/"_s), options);
    QCOMPARE(causeName(r.cause), u"no-dns"_s);
    QVERIFY(r.message.contains(u"login.nonexistent.invalid"_s));
}

void TestConnectivity::serverThatDoesNotSpeakTls()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    connect(&server, &QTcpServer::newConnection, &server, [&server] {
        QTcpSocket *socket = server.nextPendingConnection();
        socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        socket->disconnectFromHost();
    });
    ConnectivityOptions options;
    options.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    const EndpointResult r
        = probe(QUrl(u"https://127.0.0.1:%1/"_s.arg(server.serverPort())), options);
    QCOMPARE(causeName(r.cause), u"tls-not-spoken"_s);
    QVERIFY(r.steps.join(u'\n').contains(u"TCP: connected"_s));
}

void TestConnectivity::silentServerTimesOut()
{
    QTcpServer server; // accepts, then says nothing
    QVERIFY(server.listen(QHostAddress::LocalHost));
    ConnectivityOptions options;
    options.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    options.timeoutMs = 500;
    const EndpointResult r
        = probe(QUrl(u"https://127.0.0.1:%1/"_s.arg(server.serverPort())), options);
    QCOMPARE(causeName(r.cause), u"timeout"_s);
    QVERIFY(r.message.contains(u"handshake"_s));
}

void TestConnectivity::certificateForAnotherHost()
{
    TestCertificates::Options o;
    o.subjectCn = u"wrong.example"_s;
    o.selfSigned = true;
    o.azureIssuer = false;
    o.registrationExtensions = false;
    o.standardExtensions = false;
    const TestCertificates::Minted minted = TestCertificates::mint(o);
    const QSslCertificate certificate(minted.der, QSsl::Der);
    QSslConfiguration serverSsl = QSslConfiguration::defaultConfiguration();
    serverSsl.setLocalCertificate(certificate);
    serverSsl.setPrivateKey(QSslKey(TestCertificates::keyToPem(minted.keyPkcs8), QSsl::Rsa));
    QSslServer server;
    server.setSslConfiguration(serverSsl);
    QVERIFY(server.listen(QHostAddress::LocalHost));

    ConnectivityOptions options;
    options.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    options.ssl.addCaCertificate(certificate); // trusted, but for another name
    const EndpointResult r
        = probe(QUrl(u"https://127.0.0.1:%1/"_s.arg(server.serverPort())), options);
    QCOMPARE(causeName(r.cause), u"tls-wrong-host"_s);
    QVERIFY2(r.message.contains(u"127.0.0.1"_s), qPrintable(describe(r)));
}

void TestConnectivity::proxyAnsweringWithHtml()
{
    const QString path = u"/common/v2.0/.well-known/openid-configuration"_s;
    QVERIFY(m_cloud.addFault(FakeCloudInstance::Fault::malformed(path, 1, u"html"_s)));
    ConnectivityOptions options;
    options.ssl = trusting();
    options.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    const EndpointResult r
        = runCheck({ { u"login"_s, m_cloud.url(path), false } }, options).first();
    QCOMPARE(causeName(r.cause), u"proxy-html"_s);
    QVERIFY(r.message.contains(u"HTML page"_s));
    QVERIFY(m_cloud.clearFaults());
}

void TestConnectivity::serviceError()
{
    const QString path = u"/v1.0/devices"_s;
    QVERIFY(m_cloud.addFault(FakeCloudInstance::Fault::serverError(path, 1, 503)));
    ConnectivityOptions options;
    options.ssl = trusting();
    options.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    const EndpointResult r = runCheck({ { u"graph"_s, m_cloud.url(path), true } }, options).first();
    QCOMPARE(causeName(r.cause), u"service-error"_s);
    QCOMPARE(r.httpStatus, 503);
    QVERIFY(m_cloud.clearFaults());
}

void TestConnectivity::unreachableProxy()
{
    ConnectivityOptions options;
    options.ssl = trusting();
    options.proxy = QNetworkProxy(QNetworkProxy::HttpProxy, u"127.0.0.1"_s, closedPort());
    const EndpointResult r = probe(m_cloud.url(u"/v1.0/devices"_s), options);
    QCOMPARE(causeName(r.cause), u"proxy-unreachable"_s);
    QVERIFY(r.proxy.startsWith(u"http://127.0.0.1:"_s));
    QVERIFY(r.message.contains(u"proxy"_s));
}

void TestConnectivity::unknownTenantIsAnUnexpectedStatus()
{
    ConnectivityOptions options;
    options.ssl = trusting();
    options.proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    const auto targets = ConnectivityTarget::standard(CloudEndpoints::fromBase(m_cloud.baseUrl()),
                                                      u"nosuchtenant.example"_s, true);
    const EndpointResult r = runCheck({ targets.at(2) }, options).first();
    QCOMPARE(r.target.name, u"drs-discovery"_s);
    QCOMPARE(causeName(r.cause), u"unexpected-status"_s);
    QVERIFY2(r.fix.contains(u"tenant"_s), qPrintable(describe(r)));
}

void TestConnectivity::findingsNameTheCause()
{
    EndpointResult ok;
    ok.target = { u"login"_s, QUrl(u"https://login.example/"_s), false };
    ok.steps = { u"Proxy: DIRECT"_s };
    EndpointResult bad = ok;
    bad.target.name = u"graph"_s;
    bad.cause = EndpointResult::Cause::ProxyHtml;
    bad.message = u"An HTML page answered"_s;
    bad.fix = u"Exclude"_s;
    const QList<Finding> findings = ConnectivityCheck::findings({ ok, bad });
    QCOMPARE(findings.at(0).id, u"net.login"_s);
    QCOMPARE(findings.at(0).outcome, CheckOutcome::Pass);
    QCOMPARE(findings.at(1).id, u"net.graph.proxy-html"_s);
    QCOMPARE(findings.at(1).outcome, CheckOutcome::Fail);
    QCOMPARE(findings.at(1).title,
             u"login.example is not reachable: a proxy answers with an HTML page"_s);
    QCOMPARE(findings.at(1).fixSteps, QStringList { u"Exclude"_s });
}

QTEST_GUILESS_MAIN(TestConnectivity)
#include "tst_connectivity.moc"
