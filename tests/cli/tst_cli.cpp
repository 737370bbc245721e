// The CLI contract of docs/ARCHITECTURE.md, through the real binary.
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.start(QStringLiteral(ENTRA_DOCTOR_BINARY), arguments);
    if (!process.waitForStarted())
        qFatal("cannot start the binary");
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30000))
        qFatal("the binary did not finish");
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

QString sample(const QString &name)
{
    return QStringLiteral(ENTRA_SAMPLES_DIR "/dsregcmd/") + name;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versionAndHelp();
    void statusJsonForEverySample_data();
    void statusJsonForEverySample();
    void jsonKeepsDsregcmdOrder();
    void statusTextReadsBack();
    void importFromStandardInput();
    void thisDevice();
    void globalOptionsBeforeOrAfter();
    void badUsageAndInput_data();
    void badUsageAndInput();
};

void TestCli::versionAndHelp()
{
    const Run version = run({u"--version"_s});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith("entra-doctor 0."));
    const Run help = run({u"--help"_s});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("status"));
    QVERIFY(help.out.contains("--state-dir"));
    const Run statusHelp = run({u"status"_s, u"--help"_s});
    QCOMPARE(statusHelp.exitCode, 0);
    QVERIFY(statusHelp.out.contains("--import FILE"));
}

void TestCli::statusJsonForEverySample_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    // One characteristic value for each shared sample.
    const QList<std::array<QString, 4>> rows = {
        {u"01-mslearn-2017-oldformat-hybrid-ngc-prt-yes.txt"_s, u"Device Details"_s, u"TpmProtected"_s, u"YES"_s},
        {u"02-mslearn-device-state-hybrid.txt"_s, u"Device State"_s, u"DomainJoined"_s, u"YES"_s},
        {u"03-mslearn-device-details-software-ksp.txt"_s, u"Device Details"_s, u"DeviceAuthStatus"_s, u"SUCCESS"_s},
        {u"04-mslearn-tenant-details-mdm-urls.txt"_s, u"Tenant Details"_s, u"TenantName"_s, u"HybridADFS"_s},
        {u"05-mslearn-user-state-ngcset-yes.txt"_s, u"User State"_s, u"NgcSet"_s, u"YES"_s},
        {u"06-mslearn-sso-state-prt-no-aadsts50126-enterprise-prt-cloudtgt.txt"_s, u"SSO State"_s, u"Server Error Code"_s, u"invalid_grant"_s},
        {u"07-mslearn-prejoin-diag-discover-fail-0x801c0021.txt"_s, u"Diagnostic Data"_s, u"Client ErrorCode"_s, u"0x801c0021"_s},
        {u"08-mslearn-prejoin-diag-syncjoin-directoryerror-0x801c03f2.txt"_s, u"Diagnostic Data"_s, u"Server ErrorCode"_s, u"DirectoryError"_s},
        {u"09-mslearn-postjoin-diag-keysigntest-passed.txt"_s, u"Diagnostic Data"_s, u"KeySignTest"_s, u"PASSED"_s},
        {u"10-mslearn-ngc-prereq-certtrust-willprovision.txt"_s, u"Ngc Prerequisite Check"_s, u"CertEnrollment"_s, u"enrollment authority"_s},
        {u"11-mslearn-hybrid-drs-discovery-timeout-0x80072ee2-unelevated.txt"_s, u"Diagnostic Data"_s, u"DRS Discovery Test"_s, u"FAIL [0x801c0021/0x80072ee2]"_s},
        {u"12-mslearn-sso-state-prt-yes-enterprise-prt-yes.txt"_s, u"SSO State"_s, u"AzureAdPrtUpdateTime"_s, u"2020-07-12 22:57:53.000 UTC"_s},
        {u"13-kolide-launcher-873-hybrid-tpm-partial.txt"_s, u"Device Details"_s, u"KeyContainerId"_s, u"5fad6f12-9a31-448d-87f3-0eb6a24033fd"_s},
        {u"14-azuredocs-issue-48791-not-joined-wamdefaultset-error-partial.txt"_s, u"Device State"_s, u"AzureAdJoined"_s, u"NO"_s},
        {u"17-it-locale-powershell-workplace-joined-registered-full.txt"_s, u"Work Account 1"_s, u"WorkplaceDeviceId"_s, u"a011becc-6f67-4413-831f-b8deeef8e2ff"_s},
        {u"18-appservice-lza-aadj-azure-vm-software-ksp-partial.txt"_s, u"Device State"_s, u"Device Name"_s, u"vm-devops-1953"_s},
        {u"25-msqa-687273-join-debug-enterprise-drs-auth-phase-0xcaa1000e.txt"_s, u"Join Debug"_s, u"isSystem"_s, u"YES"_s},
        {u"26-blog-debug-join-fragments-dc-unavailable-scp-read-already-joined.txt"_s, u"Join Debug"_s, u"keyProvider"_s, u"Microsoft Platform Crypto Provider"_s},
        {u"28-dsregcmd-help-and-listaccounts-win11.txt"_s, u"WAM Accounts"_s, u"Application Accounts Found"_s, u"0"_s},
        {u"29-msqa-687273-events-304-305-enterprise-drs.txt"_s, u"Join Debug"_s, u"drsInstance"_s, u"ent"_s},
    };
    for (const auto &row : rows)
        QTest::newRow(qPrintable(row[0])) << row[0] << row[1] << row[2] << row[3];
    QCOMPARE(qsizetype(rows.size()),
             QDir(QStringLiteral(ENTRA_SAMPLES_DIR "/dsregcmd")).entryList({u"*.txt"_s}).size());
}

void TestCli::statusJsonForEverySample()
{
    QFETCH(QString, file);
    QFETCH(QString, section);
    QFETCH(QString, key);
    QFETCH(QString, value);
    const Run result = run({u"status"_s, u"--import"_s, sample(file), u"--json"_s});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.isEmpty(), result.err.constData());
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(result.out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(json.isObject());
    const QJsonValue sectionValue = json.object().value(section);
    QVERIFY2(sectionValue.isObject(), qPrintable(section));
    QCOMPARE(sectionValue.toObject().value(key).toString(), value);
}

void TestCli::jsonKeepsDsregcmdOrder()
{
    const Run result = run({u"status"_s, u"--json"_s, u"--import"_s,
                            sample(u"17-it-locale-powershell-workplace-joined-registered-full.txt"_s)});
    QCOMPARE(result.exitCode, 0);
    const qsizetype device = result.out.indexOf("\"Device State\"");
    const qsizetype user = result.out.indexOf("\"User State\"");
    const qsizetype work = result.out.indexOf("\"Work Account 1\"");
    const qsizetype ngc = result.out.indexOf("\"Ngc Prerequisite Check\"");
    QVERIFY(device >= 0 && device < user && user < work && work < ngc);
    QVERIFY(result.out.indexOf("\"IsDeviceJoined\"") < result.out.indexOf("\"PreReqResult\""));
}

void TestCli::statusTextReadsBack()
{
    const QString file = sample(u"06-mslearn-sso-state-prt-no-aadsts50126-enterprise-prt-cloudtgt.txt"_s);
    const Run text = run({u"status"_s, u"--import"_s, file});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.out.contains("| SSO State"));
    QVERIFY(text.out.contains("            Attempt Status : 0xc000006d\n"));
    // What `status` prints is itself a valid import, giving the same JSON.
    const Run again = run({u"status"_s, u"--import"_s, u"-"_s, u"--json"_s}, text.out);
    const Run direct = run({u"status"_s, u"--import"_s, file, u"--json"_s});
    QCOMPARE(again.exitCode, 0);
    QCOMPARE(again.out, direct.out);
}

void TestCli::importFromStandardInput()
{
    const Run result = run({u"status"_s, u"--import"_s, u"-"_s, u"--json"_s},
                           "| Device State |\n AzureAdJoined : YES\n DomainJoined : NO\n");
    QCOMPARE(result.exitCode, 0);
    const QJsonObject device = QJsonDocument::fromJson(result.out).object().value(u"Device State"_s).toObject();
    QCOMPARE(device.value(u"AzureAdJoined"_s).toString(), u"YES"_s);
}

void TestCli::thisDevice()
{
    const Run result = run({u"status"_s, u"--json"_s});
    QCOMPARE(result.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(result.out).object();
    const QJsonObject device = json.value(u"Device State"_s).toObject();
    QCOMPARE(device.value(u"AzureAdJoined"_s).toString(), u"NO"_s);
    QCOMPARE(device.value(u"Device Name"_s).toString(), QSysInfo::machineHostName());
    QVERIFY(!json.value(u"Host Details"_s).toObject().value(u"Kernel Version"_s).toString().isEmpty());
    QCOMPARE(json.value(u"SSO State"_s).toObject().value(u"AzureAdPrt"_s).toString(), u"NO"_s);
}

void TestCli::globalOptionsBeforeOrAfter()
{
    QTemporaryDir dir;
    const QString file = sample(u"02-mslearn-device-state-hybrid.txt"_s);
    const Run before = run({u"--state-dir"_s, dir.path(), u"status"_s, u"--import"_s, file, u"--json"_s});
    const Run after = run({u"status"_s, u"--import"_s, file, u"--json"_s, u"--state-dir"_s, dir.path(), u"--no-tpm"_s});
    QCOMPARE(before.exitCode, 0);
    QCOMPARE(after.exitCode, 0);
    QCOMPARE(before.out, after.out);
}

void TestCli::badUsageAndInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("messagePart");
    QTest::newRow("unknown command") << QStringList{u"frobnicate"_s} << QByteArray() << QByteArray("unknown command");
    QTest::newRow("unknown option") << QStringList{u"status"_s, u"--colour"_s} << QByteArray() << QByteArray("Unknown option");
    QTest::newRow("missing value") << QStringList{u"status"_s, u"--import"_s} << QByteArray() << QByteArray("Missing value");
    QTest::newRow("stray argument") << QStringList{u"status"_s, u"extra"_s} << QByteArray() << QByteArray("unexpected argument");
    QTest::newRow("missing file") << QStringList{u"status"_s, u"--import"_s, u"/nonexistent/x.txt"_s} << QByteArray() << QByteArray("does not exist");
    QTest::newRow("json that is not a status") << QStringList{u"status"_s, u"--import"_s, u"-"_s} << QByteArray("{\"a\": 1}") << QByteArray("not a device status");
    QTest::newRow("binary") << QStringList{u"status"_s, u"--import"_s, u"-"_s} << QByteArray("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16) << QByteArray("binary");
    QTest::newRow("prose") << QStringList{u"status"_s, u"--import"_s, u"-"_s} << QByteArray("hello world\n") << QByteArray("Expected the text printed by `dsregcmd /status`");
}

void TestCli::badUsageAndInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, messagePart);
    const Run result = run(arguments, input);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(messagePart), result.err.constData());
    QVERIFY(result.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
