// Parser tests: specific field values from every shared sample, and every tolerance of
// DSREGCMD.md §2.2 on inputs this test builds itself.
#include "dsregcmd/dsregcmdparser.h"
#include "sampleutil.h"
#include "state/sections.h"

#include <QTest>

using namespace Entra;
using namespace Qt::Literals::StringLiterals;

namespace {

StatusSnapshot parseOrFail(const QByteArray &bytes)
{
    Result<StatusSnapshot> result = DsregcmdParser::parse(bytes);
    if (!result)
        qFatal("parse failed: %s", qPrintable(result.error().message));
    return std::move(result).value();
}

struct Expectation
{
    const char *sample;
    const char *section;
    const char *key;
    const char *value;
};

// At least one row per shared sample; the test below checks that none is forgotten.
const Expectation kExpectations[] = {
    {"01-mslearn-2017-oldformat-hybrid-ngc-prt-yes.txt", "Device State", "AzureAdJoined", "YES"},
    {"01-mslearn-2017-oldformat-hybrid-ngc-prt-yes.txt", "Device State", "DomainName", "CONTOSO"},
    {"01-mslearn-2017-oldformat-hybrid-ngc-prt-yes.txt", "Device Details", "DeviceId",
     "5820fbe9-60c8-43b0-bb11-44aee233e4e7"},
    {"01-mslearn-2017-oldformat-hybrid-ngc-prt-yes.txt", "Device Details", "KeyProvider",
     "Microsoft Platform Crypto Provider"},
    {"01-mslearn-2017-oldformat-hybrid-ngc-prt-yes.txt", "Diagnostic Data", "KeySignTest",
     "MUST Run elevated to test."},
    {"01-mslearn-2017-oldformat-hybrid-ngc-prt-yes.txt", "Tenant Details", "dmComplianceUrl",
     "https://portal.manage-beta.microsoft.com/?portalAction=Compliance"},
    {"01-mslearn-2017-oldformat-hybrid-ngc-prt-yes.txt", "Tenant Details", "TenantId",
     "72b988bf-86f1-41af-91ab-2d7cd011db47"},
    {"01-mslearn-2017-oldformat-hybrid-ngc-prt-yes.txt", "User State", "NgcKeyId",
     "{C7A9AEDC-780E-4FDA-B200-1AE15561A46B}"},
    {"01-mslearn-2017-oldformat-hybrid-ngc-prt-yes.txt", "SSO State", "AzureAdPrt", "YES"},
    {"02-mslearn-device-state-hybrid.txt", "Device State", "DomainName", "HYBRIDADFS"},
    {"02-mslearn-device-state-hybrid.txt", "Device State", "EnterpriseJoined", "NO"},
    {"03-mslearn-device-details-software-ksp.txt", "Device Details", "DeviceCertificateValidity",
     "[ 2019-01-11 21:02:50.000 UTC -- 2029-01-11 21:32:50.000 UTC ]"},
    {"03-mslearn-device-details-software-ksp.txt", "Device Details", "KeyProvider",
     "Microsoft Software Key Storage Provider"},
    {"03-mslearn-device-details-software-ksp.txt", "Device Details", "TpmProtected", "NO"},
    {"03-mslearn-device-details-software-ksp.txt", "Device Details", "DeviceAuthStatus", "SUCCESS"},
    {"04-mslearn-tenant-details-mdm-urls.txt", "Tenant Details", "JoinSrvId",
     "urn:ms-drs:enterpriseregistration.windows.net"},
    {"04-mslearn-tenant-details-mdm-urls.txt", "Tenant Details", "DeviceManagementSrvUrl",
     "https://enterpriseregistration.windows.net/manage/aaaabbbb-0000-cccc-1111-dddd2222eeee/"},
    {"05-mslearn-user-state-ngcset-yes.txt", "User State", "CanReset",
     "DestructiveAndNonDestructive"},
    {"05-mslearn-user-state-ngcset-yes.txt", "User State", "WamDefaultGUID",
     "{ B16898C6-A148-4967-9171-64D755DA8520 } (AzureAd)"},
    {"06-mslearn-sso-state-prt-no-aadsts50126-enterprise-prt-cloudtgt.txt", "SSO State",
     "Attempt Status", "0xc000006d"},
    {"06-mslearn-sso-state-prt-no-aadsts50126-enterprise-prt-cloudtgt.txt", "SSO State",
     "Server Error Description",
     "AADSTS50126: Error validating credentials due to invalid username or password."},
    {"06-mslearn-sso-state-prt-no-aadsts50126-enterprise-prt-cloudtgt.txt", "SSO State",
     "Previous Prt Attempt", "2020-07-18 20:10:33.789 UTC"},
    {"06-mslearn-sso-state-prt-no-aadsts50126-enterprise-prt-cloudtgt.txt", "SSO State",
     "KerbTopLevelNames",
     ".windows.net,.windows.net:1433,.windows.net:3342,.azure.net,.azure.net:1433,.azure.net:3342"},
    {"06-mslearn-sso-state-prt-no-aadsts50126-enterprise-prt-cloudtgt.txt", "SSO State",
     "HTTP status", "400"},
    {"07-mslearn-prejoin-diag-discover-fail-0x801c0021.txt", "Diagnostic Data",
     "DRS Discovery Test", "FAIL [0x801c0021/0x801c000c]"},
    {"07-mslearn-prejoin-diag-discover-fail-0x801c0021.txt", "Diagnostic Data", "Error Phase",
     "discover"},
    {"08-mslearn-prejoin-diag-syncjoin-directoryerror-0x801c03f2.txt", "Diagnostic Data",
     "Server Message",
     "The device object by the given id (aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb) isn't found."},
    {"08-mslearn-prejoin-diag-syncjoin-directoryerror-0x801c03f2.txt", "Diagnostic Data",
     "Client ErrorCode", "0x801c03f2"},
    {"09-mslearn-postjoin-diag-keysigntest-passed.txt", "Diagnostic Data", "AadRecoveryEnabled",
     "NO"},
    {"09-mslearn-postjoin-diag-keysigntest-passed.txt", "Diagnostic Data", "KeySignTest",
     "PASSED"},
    {"10-mslearn-ngc-prereq-certtrust-willprovision.txt", "Ngc Prerequisite Check",
     "LogonCertTemplateReady", "YES ( StateReady )"},
    {"10-mslearn-ngc-prereq-certtrust-willprovision.txt", "Ngc Prerequisite Check",
     "PreReqResult", "WillProvision"},
    {"11-mslearn-hybrid-drs-discovery-timeout-0x80072ee2-unelevated.txt", "Diagnostic Data",
     "User Context", "UN-ELEVATED User"},
    {"11-mslearn-hybrid-drs-discovery-timeout-0x80072ee2-unelevated.txt", "Diagnostic Data",
     "DRS Discovery Test", "FAIL [0x801c0021/0x80072ee2]"},
    {"12-mslearn-sso-state-prt-yes-enterprise-prt-yes.txt", "SSO State", "AzureAdPrtExpiryTime",
     "2019-07-26 22:58:35.000 UTC"},
    {"12-mslearn-sso-state-prt-yes-enterprise-prt-yes.txt", "SSO State",
     "EnterprisePrtAuthority", "https://corp.hybridadfs.contoso.com:443/adfs"},
    {"13-kolide-launcher-873-hybrid-tpm-partial.txt", "Device Details", "Thumbprint",
     "6422A23183864B4BF99F9282715F5C9D6C881776"},
    {"13-kolide-launcher-873-hybrid-tpm-partial.txt", "Tenant Details", "TenantId",
     "ad8e1d4f-5295-4df7-b18a-1d85b4195a17"},
    {"14-azuredocs-issue-48791-not-joined-wamdefaultset-error-partial.txt", "User State",
     "WamDefaultSet", "ERROR"},
    {"14-azuredocs-issue-48791-not-joined-wamdefaultset-error-partial.txt", "SSO State",
     "AzureAdPrtAuthority", "NO"},
    {"17-it-locale-powershell-workplace-joined-registered-full.txt", "Device State",
     "Device Name", "Vagabondo"},
    {"17-it-locale-powershell-workplace-joined-registered-full.txt", "Work Account 1",
     "WorkplaceTenantName", "Almaviva SpA"},
    {"17-it-locale-powershell-workplace-joined-registered-full.txt", "Work Account 1",
     "WorkplaceMdmUrl", ""},
    {"17-it-locale-powershell-workplace-joined-registered-full.txt", "WinHttp Default Proxy Config",
     "Access Type", "DIRECT"},
    {"17-it-locale-powershell-workplace-joined-registered-full.txt", "Ngc Prerequisite Check",
     "PreReqResult", "WillNotProvision"},
    {"18-appservice-lza-aadj-azure-vm-software-ksp-partial.txt", "Device Details", "Thumbprint",
     "6C226302696DF************************"},
    {"18-appservice-lza-aadj-azure-vm-software-ksp-partial.txt", "Tenant Details", "TenantName",
     ""},
    {"18-appservice-lza-aadj-azure-vm-software-ksp-partial.txt", "Tenant Details",
     "JoinSrvVersion", "2.0"},
    {"25-msqa-687273-join-debug-enterprise-drs-auth-phase-0xcaa1000e.txt", "Join Debug",
     "preCheckResult", "Join"},
    {"25-msqa-687273-join-debug-enterprise-drs-auth-phase-0xcaa1000e.txt", "Join Debug",
     "AdalErrorCode", "0x2ee6"},
    {"25-msqa-687273-join-debug-enterprise-drs-auth-phase-0xcaa1000e.txt", "Device State",
     "AzureAdJoined", "NO"},
    {"26-blog-debug-join-fragments-dc-unavailable-scp-read-already-joined.txt", "Join Debug",
     "deviceKeysHealthy", "YES"},
    {"26-blog-debug-join-fragments-dc-unavailable-scp-read-already-joined.txt", "Join Debug",
     "dsrInstance", "AzureDrs"},
    {"28-dsregcmd-help-and-listaccounts-win11.txt", "WAM Accounts", "User Accounts Found", "1"},
    {"28-dsregcmd-help-and-listaccounts-win11.txt", "WAM Accounts", "Default Account",
     "u:a17axxxx-xxxx-xxxx-xxxx-1caa2b93xxxx.85c7xxxx-xxxx-xxxx-xxxx-34dc6b33xxxx, user: "
     "xxxx.xxxx@xxxx.com"},
    {"29-msqa-687273-events-304-305-enterprise-drs.txt", "Join Debug", "errorPhase", "auth"},
    {"29-msqa-687273-events-304-305-enterprise-drs.txt", "Join Debug", "adalResponseCode",
     "0xcaa1000e"},
};

} // namespace

class TestDsregcmdParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sampleValues_data();
    void sampleValues();
    void everySampleHasExpectations();
    void sampleLayouts_data();
    void sampleLayouts();
    void oldLayoutMovesFieldsToTheirCurrentSections();
    void keepsSectionOrderAndFieldOrder();
    void typedViewsOfSamples();

    void tolerances_data();
    void tolerances();
    void wrappedValueIsJoined();
    void repeatedWorkAccountsStaySeparate();
    void unknownFieldsAndSectionsAreKept();
    void bannerAndPromptLinesAreKeptAside();
    void utf16WithAndWithoutBom_data();
    void utf16WithAndWithoutBom();
};

void TestDsregcmdParser::sampleValues_data()
{
    QTest::addColumn<QString>("sample");
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    for (const Expectation &e : kExpectations) {
        QTest::addRow("%s: %s/%s", e.sample, e.section, e.key)
            << QString::fromUtf8(e.sample) << QString::fromUtf8(e.section)
            << QString::fromUtf8(e.key) << QString::fromUtf8(e.value);
    }
}

void TestDsregcmdParser::sampleValues()
{
    QFETCH(QString, sample);
    QFETCH(QString, section);
    QFETCH(QString, key);
    QFETCH(QString, value);
    const StatusSnapshot snapshot = parseOrFail(readDsregcmdSample(sample));
    const StatusSection *s = snapshot.section(section);
    QVERIFY2(s, qPrintable(u"missing section "_s + section));
    const StatusField *field = s->find(key);
    QVERIFY2(field, qPrintable(u"missing field "_s + key));
    QCOMPARE(field->key, key); // spelling as printed
    QCOMPARE(field->value, value);
}

void TestDsregcmdParser::everySampleHasExpectations()
{
    const QStringList samples = dsregcmdSamples();
    QVERIFY(samples.size() >= 20);
    for (const QString &sample : samples) {
        const bool covered = std::any_of(std::begin(kExpectations), std::end(kExpectations),
                                         [&](const Expectation &e) {
                                             return sample == QString::fromUtf8(e.sample);
                                         });
        QVERIFY2(covered, qPrintable(u"no expectations for "_s + sample));
    }
}

void TestDsregcmdParser::sampleLayouts_data()
{
    QTest::addColumn<QString>("sample");
    QTest::addColumn<int>("layout");
    QTest::newRow("old") << u"01-mslearn-2017-oldformat-hybrid-ngc-prt-yes.txt"_s
                         << int(StatusLayout::Old);
    QTest::newRow("current") << u"17-it-locale-powershell-workplace-joined-registered-full.txt"_s
                             << int(StatusLayout::Current);
    QTest::newRow("doc quirk") << u"09-mslearn-postjoin-diag-keysigntest-passed.txt"_s
                               << int(StatusLayout::Current);
    QTest::newRow("join debug")
        << u"25-msqa-687273-join-debug-enterprise-drs-auth-phase-0xcaa1000e.txt"_s
        << int(StatusLayout::JoinDebug);
    QTest::newRow("fragments")
        << u"26-blog-debug-join-fragments-dc-unavailable-scp-read-already-joined.txt"_s
        << int(StatusLayout::JoinDebug);
    QTest::newRow("listaccounts") << u"28-dsregcmd-help-and-listaccounts-win11.txt"_s
                                  << int(StatusLayout::ListAccounts);
}

void TestDsregcmdParser::sampleLayouts()
{
    QFETCH(QString, sample);
    QFETCH(int, layout);
    QCOMPARE(int(parseOrFail(readDsregcmdSample(sample)).origin.layout), layout);
}

void TestDsregcmdParser::oldLayoutMovesFieldsToTheirCurrentSections()
{
    const StatusSnapshot s = parseOrFail(readDsregcmdSample(u"01-mslearn-2017-oldformat-hybrid-ngc-prt-yes.txt"_s));
    QStringList titles;
    for (const StatusSection &section : s.sections())
        titles << section.title;
    QCOMPARE(titles, (QStringList{u"Device State"_s, u"Device Details"_s, u"Tenant Details"_s,
                                  u"User State"_s, u"SSO State"_s, u"Diagnostic Data"_s}));
    QVERIFY(!s.section(u"Device State")->contains(u"DeviceId"));
    QVERIFY(!s.section(u"User State")->contains(u"AzureAdPrt"));
    // The typed view reads the pre-1809 key under its current name.
    QCOMPARE(readSection<TenantDetails>(s).mdmComplianceUrl.value_or(QString()),
             u"https://portal.manage-beta.microsoft.com/?portalAction=Compliance"_s);
}

void TestDsregcmdParser::keepsSectionOrderAndFieldOrder()
{
    const StatusSnapshot s =
        parseOrFail(readDsregcmdSample(u"17-it-locale-powershell-workplace-joined-registered-full.txt"_s));
    QStringList titles;
    for (const StatusSection &section : s.sections())
        titles << section.title;
    QCOMPARE(titles, (QStringList{u"Device State"_s, u"User State"_s, u"SSO State"_s,
                                  u"Work Account 1"_s, u"IE Proxy Config for Current User"_s,
                                  u"WinHttp Default Proxy Config"_s,
                                  u"Ngc Prerequisite Check"_s}));
    const StatusSection *work = s.section(u"Work Account 1");
    QCOMPARE(work->fields.size(), 11);
    QCOMPARE(work->fields.first().key, u"WorkplaceDeviceId"_s);
    QCOMPARE(work->fields.last().key, u"NgcSet"_s);
}

void TestDsregcmdParser::typedViewsOfSamples()
{
    const StatusSnapshot details =
        parseOrFail(readDsregcmdSample(u"03-mslearn-device-details-software-ksp.txt"_s));
    const auto d = readSection<DeviceDetails>(details);
    QVERIFY(d.tpmProtected.has_value());
    QCOMPARE(*d.tpmProtected, false);
    QVERIFY(d.certificateValidity.has_value());
    QCOMPARE(d.certificateValidity->notBefore,
             QDateTime(QDate(2019, 1, 11), QTime(21, 2, 50), Qt::UTC));
    QCOMPARE(d.certificateValidity->notAfter,
             QDateTime(QDate(2029, 1, 11), QTime(21, 32, 50), Qt::UTC));

    const StatusSnapshot diag =
        parseOrFail(readDsregcmdSample(u"07-mslearn-prejoin-diag-discover-fail-0x801c0021.txt"_s));
    const auto data = readSection<DiagnosticData>(diag);
    QVERIFY(data.drsDiscoveryTest.has_value());
    QCOMPARE(data.drsDiscoveryTest->kind, TestOutcome::Kind::Fail);
    QCOMPARE(data.drsDiscoveryTest->codes, (QList<quint32>{0x801c0021, 0x801c000c}));
    QCOMPARE(data.drsConnectivityTest->kind, TestOutcome::Kind::Skipped);
    QCOMPARE(data.adConnectivityTest->kind, TestOutcome::Kind::Pass);

    const StatusSnapshot sso = parseOrFail(
        readDsregcmdSample(u"06-mslearn-sso-state-prt-no-aadsts50126-enterprise-prt-cloudtgt.txt"_s));
    const auto ssoState = readSection<SsoState>(sso);
    QCOMPARE(ssoState.azureAdPrt, std::optional<bool>(false));
    QCOMPARE(ssoState.previousPrtAttempt->time(), QTime(20, 10, 33, 789));
}

void TestDsregcmdParser::tolerances_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");

    QTest::newRow("collapsed padding") << u"| Device State |\nAzureAdJoined : YES\n"_s
                                       << u"Device State"_s << u"AzureAdJoined"_s << u"YES"_s;
    QTest::newRow("no space before colon")
        << u"| Diagnostic Data |\nAadRecoveryEnabled: NO\n"_s << u"Diagnostic Data"_s
        << u"AadRecoveryEnabled"_s << u"NO"_s;
    QTest::newRow("empty value without space")
        << u"| IE Proxy Config for Current User |\n  Auto-Configuration URL :\n"_s
        << u"IE Proxy Config for Current User"_s << u"Auto-Configuration URL"_s << QString();
    QTest::newRow("empty value with trailing space")
        << u"| Tenant Details |\n   TenantName : \n"_s << u"Tenant Details"_s
        << u"TenantName"_s << QString();
    QTest::newRow("value with ' : '")
        << u"| Diagnostic Data |\n  Server Message : DirectoryError : tenant : x\n"_s
        << u"Diagnostic Data"_s << u"Server Message"_s << u"DirectoryError : tenant : x"_s;
    QTest::newRow("value with url and time")
        << u"| SSO State |\n  AzureAdPrtUpdateTime : 2020-07-12 22:57:53.000 UTC\n"_s
        << u"SSO State"_s << u"AzureAdPrtUpdateTime"_s << u"2020-07-12 22:57:53.000 UTC"_s;
    QTest::newRow("blank lines between every line")
        << u"+----+\n\n| User State |\n\n+----+\n\nNgcSet : YES\n\nWorkplaceJoined : NO\n"_s
        << u"User State"_s << u"WorkplaceJoined"_s << u"NO"_s;
    QTest::newRow("markdown fence")
        << u"```\n| SSO State |\n    AzureAdPrt : YES\n```\n"_s << u"SSO State"_s
        << u"AzureAdPrt"_s << u"YES"_s;
    QTest::newRow("deep indentation and tabs")
        << u"\t\t| Device State |\n\t\t\t\tDomainJoined : YES\n"_s << u"Device State"_s
        << u"DomainJoined"_s << u"YES"_s;
    QTest::newRow("crlf line ends")
        << u"| Device State |\r\n AzureAdJoined : NO\r\n DomainJoined : YES\r\n"_s
        << u"Device State"_s << u"DomainJoined"_s << u"YES"_s;
    QTest::newRow("title without closing bar")
        << u"| Ngc Prerequisite Check\n  PreReqResult : WillProvision\n"_s
        << u"Ngc Prerequisite Check"_s << u"PreReqResult"_s << u"WillProvision"_s;
    QTest::newRow("headerless paste goes to the home section")
        << u"AzureAdPrt : NO\nAttempt Status : 0xc000006d\n"_s << u"SSO State"_s
        << u"Attempt Status"_s << u"0xc000006d"_s;
    QTest::newRow("keys match case-insensitively")
        << u"| SSO State |\n  Https Status : 400\n"_s << u"SSO State"_s << u"HTTPS STATUS"_s
        << u"400"_s;
    QTest::newRow("debug lines before the status")
        << u"DsrCmdAccountMgr::IsDomainControllerAvailable: DsGetDcName success\n"
           u"DSREGCMD_END_STATUS\n             AzureAdJoined : NO\n"_s
        << u"Device State"_s << u"AzureAdJoined"_s << u"NO"_s;
    QTest::newRow("progress line")
        << u"Waiting for Diagnostics Task to complete. This could take a few minutes...\n \n"
           u"| Diagnostic Data |\n   KeySignTest : PASSED\n"_s
        << u"Diagnostic Data"_s << u"KeySignTest"_s << u"PASSED"_s;
    QTest::newRow("masked values") << u"| Device Details |\n DeviceId : 94300356f6eaf797\n"_s
                                   << u"Device Details"_s << u"DeviceId"_s
                                   << u"94300356f6eaf797"_s;
}

void TestDsregcmdParser::tolerances()
{
    QFETCH(QString, text);
    QFETCH(QString, section);
    QFETCH(QString, key);
    QFETCH(QString, value);
    Result<StatusSnapshot> result = DsregcmdParser::parseText(text);
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    const StatusSection *s = result->section(section);
    QVERIFY2(s, qPrintable(u"missing section "_s + section));
    QVERIFY2(s->contains(key), qPrintable(u"missing key "_s + key));
    QCOMPARE(s->value(key), value);
}

void TestDsregcmdParser::wrappedValueIsJoined()
{
    // As published: a long value hard-wrapped inside a word, no indentation on the next line.
    const QString text =
        u"+----------------------------------------------------------------------+\n"
        u"| URL Specific Proxy Config                                            |\n"
        u"+----------------------------------------------------------------------+\n"
        u"\n"
        u"    Auto Detect PAC Status : Failed to auto detect the Proxy Auto-Configuration (PAC) script u\n"
        u"sing WPAD. code: 0x80072f94\n"
        u"\n"
        u"For more information, please visit https://www.microsoft.com/aadjerrors\n"_s;
    Result<StatusSnapshot> result = DsregcmdParser::parseText(text);
    QVERIFY(result);
    QCOMPARE(result->value(u"URL Specific Proxy Config", u"Auto Detect PAC Status"),
             u"Failed to auto detect the Proxy Auto-Configuration (PAC) script using WPAD. code: "
             u"0x80072f94"_s);
    QCOMPARE(result->section(u"URL Specific Proxy Config")->fields.size(), 1);
    QCOMPARE(result->origin.unplacedLines,
             QStringList{u"For more information, please visit https://www.microsoft.com/aadjerrors"_s});
}

void TestDsregcmdParser::repeatedWorkAccountsStaySeparate()
{
    const QString text = u"| User State |\n WorkAccountCount : 2\n"
                         u"| Work Account 1 |\n WorkplaceTenantName : Contoso\n NgcSet : NO\n"
                         u"| Work Account 2 |\n WorkplaceTenantName : Fabrikam\n NgcSet : YES\n"_s;
    Result<StatusSnapshot> result = DsregcmdParser::parseText(text);
    QVERIFY(result);
    QCOMPARE(result->sectionsStartingWith(u"Work Account").size(), 2);
    QCOMPARE(result->value(u"Work Account 1", u"WorkplaceTenantName"), u"Contoso"_s);
    QCOMPARE(result->value(u"Work Account 2", u"WorkplaceTenantName"), u"Fabrikam"_s);
    QCOMPARE(readSection<WorkAccount>(*result, u"Work Account 2").ngcSet, std::optional(true));
}

void TestDsregcmdParser::unknownFieldsAndSectionsAreKept()
{
    const QString text = u"| Device State |\n AzureAdJoined : YES\n FutureField : 42\n"
                         u"| Brand New Section |\n Something : else\n"_s;
    Result<StatusSnapshot> result = DsregcmdParser::parseText(text);
    QVERIFY(result);
    QCOMPARE(result->value(u"Device State", u"FutureField"), u"42"_s);
    QCOMPARE(result->value(u"Brand New Section", u"Something"), u"else"_s);
    QCOMPARE(result->sections().size(), 2);
}

void TestDsregcmdParser::bannerAndPromptLinesAreKeptAside()
{
    const StatusSnapshot s =
        parseOrFail(readDsregcmdSample(u"17-it-locale-powershell-workplace-joined-registered-full.txt"_s));
    QVERIFY(s.origin.unplacedLines.contains(u"PS C:\\WINDOWS\\system32> dsregcmd /status"_s));
    QVERIFY(s.origin.unplacedLines.contains(u"Windows PowerShell"_s));
    for (const StatusSection &section : s.sections()) {
        for (const StatusField &field : section.fields)
            QVERIFY2(!field.value.contains(u"PowerShell"_s), qPrintable(field.key));
    }
}

void TestDsregcmdParser::utf16WithAndWithoutBom_data()
{
    QTest::addColumn<QByteArray>("bytes");
    const QString text = u"| Device State |\n AzureAdJoined : YES\n Device Name : Straße\n"_s;
    QByteArray le(reinterpret_cast<const char *>(text.utf16()), text.size() * 2);
    QTest::newRow("utf-16le with bom") << QByteArray("\xff\xfe", 2) + le;
    QTest::newRow("utf-16le without bom") << le;
    QTest::newRow("utf-8 with bom") << QByteArray("\xef\xbb\xbf") + text.toUtf8();
    QTest::newRow("latin-1 (code page)") << text.toLatin1();
}

void TestDsregcmdParser::utf16WithAndWithoutBom()
{
    QFETCH(QByteArray, bytes);
    Result<StatusSnapshot> result = DsregcmdParser::parse(bytes);
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    QCOMPARE(result->value(u"Device State", u"Device Name"), u"Straße"_s);
    QCOMPARE(result->value(u"Device State", u"AzureAdJoined"), u"YES"_s);
}

QTEST_GUILESS_MAIN(TestDsregcmdParser)
#include "tst_dsregcmdparser.moc"
