// `entra-doctor diagnose` through the real binary: exit codes, JSON, and the extra sources.
#include "clirun.h"
#include "fakecloudinstance.h"
#include "testcertificates.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

using Run = CliRun;

Run run(const QStringList &arguments)
{
    return CliRun::run(arguments);
}

QString sample(const QString &name)
{
    return QStringLiteral(ENTRA_SAMPLES_DIR "/dsregcmd/") + name;
}

const QString kFixture = QStringLiteral(ENTRA_TEST_DATA_DIR "/dsregcmd/hybrid-prt-failure.txt");

} // namespace

class TestCliDiagnose : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exitCodes_data();
    void exitCodes();
    void jsonNamesTheTopFinding();
    void textShowsEvidenceAndFix();
    void combinesSources();
    void connectivityAgainstFakecloud();
    void cloudCheckAgainstFakecloud();

private:
    QTemporaryDir m_dir;
};

void TestCliDiagnose::exitCodes_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrPart");
    QTest::newRow("a failing check")
        << QStringList { u"diagnose"_s, u"--import"_s, kFixture } << 1 << QString();
    QTest::newRow("healthy part") << QStringList { u"diagnose"_s, u"--import"_s,
                                                   sample(u"02-mslearn-device-state-hybrid.txt"_s) }
                                  << 0 << QString();
    QTest::newRow("warnings only") << QStringList {
        u"diagnose"_s, u"--import"_s,
        sample(u"14-azuredocs-issue-48791-not-joined-wamdefaultset-error-partial.txt"_s)
    } << 0 << QString();
    QTest::newRow("missing import")
        << QStringList { u"diagnose"_s, u"--import"_s, u"/nonexistent/status.txt"_s } << 2
        << u"/nonexistent/status.txt"_s;
    QTest::newRow("bad evtx") << QStringList { u"diagnose"_s, u"--import"_s, kFixture, u"--evtx"_s,
                                               kFixture }
                              << 2 << QString();
    QTest::newRow("bad graph record")
        << QStringList { u"diagnose"_s, u"--import"_s, kFixture, u"--graph-device"_s, kFixture }
        << 2 << u"not valid JSON"_s;
    QTest::newRow("stray argument")
        << QStringList { u"diagnose"_s, u"extra"_s } << 2 << u"unexpected argument"_s;
}

void TestCliDiagnose::exitCodes()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrPart);
    const Run r = run(arguments);
    QVERIFY2(r.exitCode == exitCode, QByteArray(r.err).append(r.out.left(400)).constData());
    QVERIFY2(QString::fromUtf8(r.err).contains(stderrPart), r.err.constData());
}

void TestCliDiagnose::jsonNamesTheTopFinding()
{
    const Run r
        = run({ u"diagnose"_s, u"--json"_s, u"--import"_s,
                sample(u"08-mslearn-prejoin-diag-syncjoin-directoryerror-0x801c03f2.txt"_s) });
    QCOMPARE(r.exitCode, 1);
    const QJsonObject json = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(json[u"Top"_s].toString(), u"hybrid.computer-not-synced"_s);
    const QJsonObject first = json[u"Findings"_s].toArray().first().toObject();
    QCOMPARE(first[u"id"_s].toString(), u"hybrid.computer-not-synced"_s);
    QCOMPARE(first[u"result"_s].toString(), u"fail"_s);
    QVERIFY(!first[u"fix"_s].toArray().isEmpty());
    QVERIFY(!first[u"evidence"_s].toArray().isEmpty());
}

void TestCliDiagnose::textShowsEvidenceAndFix()
{
    const Run r = run({ u"diagnose"_s, u"--import"_s, kFixture });
    const QString text = QString::fromUtf8(r.out);
    QVERIFY2(text.contains(u"[PROBLEM] No PRT: Entra ID rejected the password  "
                           u"(prt.missing.bad-password)"_s),
             r.out.constData());
    QVERIFY(text.contains(u"    Evidence: Attempt Status: 0xc000006d"_s));
    QVERIFY(text.contains(u"    Fix 1: "_s));
    QVERIFY(text.contains(u"Capture time unknown"_s));
}

void TestCliDiagnose::combinesSources()
{
    TestCertificates::Options options;
    options.subjectCn = u"00aa00aa-bb11-cc22-dd33-44ee44ee44ee"_s;
    QFile cert(m_dir.filePath(u"device.cer"_s));
    QVERIFY(cert.open(QIODevice::WriteOnly));
    cert.write(TestCertificates::mint(options).der);
    cert.close();
    QFile graph(m_dir.filePath(u"device.json"_s));
    QVERIFY(graph.open(QIODevice::WriteOnly));
    graph.write(R"({"deviceId": "00aa00aa-bb11-cc22-dd33-44ee44ee44ee", "accountEnabled": true,
                    "alternativeSecurityIds": [], "approximateLastSignInDateTime": null})");
    graph.close();
    const Run r = run(
        { u"diagnose"_s, u"--json"_s, u"--import"_s, kFixture, u"--cert"_s, cert.fileName(),
          u"--graph-device"_s, graph.fileName(), u"--evtx"_s,
          QStringLiteral(
              ENTRA_SAMPLES_DIR
              "/evtx/omerbenamram-evtx__Microsoft-Windows-HelloForBusiness%4Operational.evtx") });
    QVERIFY2(r.exitCode == 1, r.err.constData());
    QHash<QString, QString> results;
    for (const QJsonValue &f : QJsonDocument::fromJson(r.out)[u"Findings"_s].toArray())
        results.insert(f[u"id"_s].toString(), f[u"result"_s].toString());
    QCOMPARE(results.value(u"cert.subject"_s), u"pass"_s);
    QCOMPARE(results.value(u"cert.thumbprint"_s), u"fail"_s);
    QCOMPARE(results.value(u"cloud.pending"_s), u"warn"_s);
    // No AAD events in a HelloForBusiness log: the PRT/event cross-check has nothing to compare.
    QCOMPARE(results.value(u"prt.events"_s), u"skip"_s);
}

void TestCliDiagnose::connectivityAgainstFakecloud()
{
    Entra::Test::FakeCloudInstance::Options options;
    options.tenantId = u"aaaabbbb-0000-cccc-1111-dddd2222eeee"_s; // the fixture's TenantId
    Entra::Test::FakeCloudInstance cloud(options);
    QVERIFY2(cloud.start(), qPrintable(cloud.errorString()));
    auto results = [&](const QStringList &extra) {
        const Run r
            = run(QStringList { u"diagnose"_s, u"--json"_s, u"--connectivity"_s, u"--import"_s,
                                kFixture, u"--cloud"_s, cloud.baseUrl().toString() }
                  + extra);
        QHash<QString, QString> byId;
        for (const QJsonValue &f : QJsonDocument::fromJson(r.out)[u"Findings"_s].toArray())
            byId.insert(f[u"id"_s].toString(), f[u"result"_s].toString());
        return byId;
    };
    const auto trusted = results({ u"--ca-file"_s, cloud.caFile() });
    for (const QString &id :
         { u"net.login"_s, u"net.device.login"_s, u"net.drs-discovery"_s, u"net.graph"_s })
        QVERIFY2(trusted.value(id) == u"pass", qPrintable(id + u" " + trusted.keys().join(u' ')));
    // Without fakecloud's CA every endpoint looks like a TLS-intercepting proxy.
    const auto untrusted = results({});
    QCOMPARE(untrusted.value(u"net.login.tls-untrusted"_s), u"fail"_s);
    QCOMPARE(untrusted.value(u"net.graph.tls-untrusted"_s), u"fail"_s);
}

// fakecloud approves the sign-in by itself; its state holds the fixture's device or not.
void TestCliDiagnose::cloudCheckAgainstFakecloud()
{
    const QString tenant = u"aaaabbbb-0000-cccc-1111-dddd2222eeee"_s; // the fixture's
    auto cloudFindings = [&](const QJsonArray &devices, QByteArray *err) {
        QTemporaryDir state;
        QFile file(state.filePath(u"state.json"_s));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write state.json");
        file.write(QJsonDocument(QJsonObject { { u"format"_s, 1 },
                                               { u"tenant"_s,
                                                 QJsonObject { { u"id"_s, tenant },
                                                               { u"domain"_s,
                                                                 u"contoso.onmicrosoft.com"_s } } },
                                               { u"devices"_s, devices } })
                       .toJson());
        file.close();
        Entra::Test::FakeCloudInstance::Options options;
        options.tenantId = tenant;
        options.stateDir = state.path();
        options.autoApproveUpn = u"helpdesk@contoso.onmicrosoft.com"_s;
        Entra::Test::FakeCloudInstance cloud(options);
        if (!cloud.start())
            qFatal("fakecloud: %s", qPrintable(cloud.errorString()));
        const Run r
            = run({ u"diagnose"_s, u"--json"_s, u"--cloud-check"_s, u"--import"_s, kFixture,
                    u"--cloud"_s, cloud.baseUrl().toString(), u"--ca-file"_s, cloud.caFile() });
        *err = r.err;
        QHash<QString, QString> byId;
        for (const QJsonValue &f : QJsonDocument::fromJson(r.out)[u"Findings"_s].toArray())
            if (f[u"id"_s].toString().startsWith(u"cloud."_s))
                byId.insert(f[u"id"_s].toString(), f[u"result"_s].toString());
        return byId;
    };
    QByteArray err;
    const auto missing = cloudFindings({}, &err);
    QVERIFY2(missing.value(u"cloud.device-missing"_s) == u"fail",
             qPrintable(missing.keys().join(u' ') + QString::fromUtf8(err)));
    QVERIFY2(err.contains("enter the code") || err.contains("code"), err.constData());

    const QJsonObject device {
        { u"deviceId"_s, u"00aa00aa-bb11-cc22-dd33-44ee44ee44ee"_s },
        { u"objectId"_s, u"11111111-0000-0000-0000-000000000001"_s },
        { u"displayName"_s, u"PC1"_s },
        { u"accountEnabled"_s, true },
        { u"thumbprint"_s, u"AA11BB22CC33DD44EE55FF66AA77BB88CC99DD00"_s },
        { u"altSecId"_s, u"X509:<SHA1-TP-PUBKEY>AA11BB22CC33DD44EE55FF66AA77BB88CC99DD00+abc="_s },
        { u"registered"_s, u"2025-01-01T12:00:00Z"_s },
        { u"lastSignIn"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate) }
    };
    const auto bound = cloudFindings({ device }, &err);
    QVERIFY2(bound.value(u"cloud.device"_s) == u"pass",
             qPrintable(bound.keys().join(u' ') + QString::fromUtf8(err)));
}

QTEST_GUILESS_MAIN(TestCliDiagnose)
#include "tst_cli_diagnose.moc"
