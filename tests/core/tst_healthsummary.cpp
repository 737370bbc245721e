// Join type (DSREGCMD.md §3.1) and the Overview's health answers, on samples and on
// snapshots built for each case.
#include "dsregcmd/dsregcmdparser.h"
#include "sampleutil.h"
#include "state/healthsummary.h"

#include <QTest>

using namespace Entra;
using namespace Qt::Literals::StringLiterals;

namespace {

StatusSnapshot fromText(const QString &text)
{
    Result<StatusSnapshot> result = DsregcmdParser::parseText(text);
    if (!result)
        qFatal("%s", qPrintable(result.error().message));
    return std::move(result).value();
}

QString deviceState(const char *aadj, const char *ej, const char *dj)
{
    return u"| Device State |\n AzureAdJoined : %1\n EnterpriseJoined : %2\n DomainJoined : %3\n"_s
        .arg(QLatin1StringView(aadj), QLatin1StringView(ej), QLatin1StringView(dj));
}

} // namespace

class TestHealthSummary : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void joinType_data();
    void joinType();
    void dualState();
    void deviceHealth_data();
    void deviceHealth();
    void ssoHealth_data();
    void ssoHealth();
    void prtStalenessNeedsAClock();
    void helloHealth_data();
    void helloHealth();
};

void TestHealthSummary::joinType_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("type");
    QTest::newRow("entra joined") << deviceState("YES", "NO", "NO") << int(JoinType::EntraJoined);
    QTest::newRow("hybrid") << deviceState("YES", "NO", "YES") << int(JoinType::HybridJoined);
    QTest::newRow("domain only") << deviceState("NO", "NO", "YES")
                                 << int(JoinType::DomainJoinedOnly);
    QTest::newRow("on-prem drs") << deviceState("NO", "YES", "YES")
                                 << int(JoinType::OnPremDrsJoined);
    QTest::newRow("registered")
        << deviceState("NO", "NO", "NO") + u"| User State |\n WorkplaceJoined : YES\n"_s
        << int(JoinType::EntraRegistered);
    QTest::newRow("not joined")
        << deviceState("NO", "NO", "NO") + u"| User State |\n WorkplaceJoined : NO\n"_s
        << int(JoinType::NotJoined);
    QTest::newRow("no device state") << u"| SSO State |\n AzureAdPrt : YES\n"_s
                                     << int(JoinType::Unknown);
    QTest::newRow("sample 01 (old layout)")
        << QString::fromUtf8(readDsregcmdSample(u"01-mslearn-2017-oldformat-hybrid-ngc-prt-yes.txt"_s))
        << int(JoinType::HybridJoined);
    QTest::newRow("sample 14")
        << QString::fromUtf8(readDsregcmdSample(
               u"14-azuredocs-issue-48791-not-joined-wamdefaultset-error-partial.txt"_s))
        << int(JoinType::NotJoined);
    QTest::newRow("sample 17")
        << QString::fromUtf8(readDsregcmdSample(
               u"17-it-locale-powershell-workplace-joined-registered-full.txt"_s))
        << int(JoinType::EntraRegistered);
    QTest::newRow("sample 18")
        << QString::fromUtf8(
               readDsregcmdSample(u"18-appservice-lza-aadj-azure-vm-software-ksp-partial.txt"_s))
        << int(JoinType::EntraJoined);
}

void TestHealthSummary::joinType()
{
    QFETCH(QString, text);
    QFETCH(int, type);
    const JoinAssessment join = assessJoin(fromText(text));
    QCOMPARE(int(join.type), type);
    QCOMPARE(join.title.isEmpty(), false);
}

void TestHealthSummary::dualState()
{
    const JoinAssessment join = assessJoin(fromText(
        deviceState("YES", "NO", "YES") + u"| User State |\n WorkplaceJoined : YES\n"_s));
    QCOMPARE(join.type, JoinType::HybridJoined);
    QVERIFY(join.dualState);
    QVERIFY(join.title.contains(u"dual state"_s));
}

void TestHealthSummary::deviceHealth_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("health");
    QTest::addColumn<QString>("headlinePart");
    const QString joined = deviceState("YES", "NO", "NO");
    QTest::newRow("healthy") << joined + u"| Device Details |\n DeviceAuthStatus : SUCCESS\n"_s
                             << int(Health::Good) << u"Entra joined"_s;
    QTest::newRow("deleted") << joined
            + u"| Device Details |\n DeviceAuthStatus : FAILED. Device is either disabled or deleted\n"_s
                             << int(Health::Problem) << u"authentication failed"_s;
    QTest::newRow("key sign test")
        << joined + u"| Diagnostic Data |\n KeySignTest : FAILED\n"_s << int(Health::Problem)
        << u"sign test"_s;
    QTest::newRow("recovery") << joined + u"| Diagnostic Data |\n AadRecoveryEnabled : YES\n"_s
                              << int(Health::Problem) << u"recovery"_s;
    QTest::newRow("expired certificate")
        << joined
            + u"| Device Details |\n DeviceCertificateValidity : [ 2010-01-01 00:00:00.000 UTC -- 2020-01-01 00:00:00.000 UTC ]\n"_s
        << int(Health::Problem) << u"expired"_s;
    QTest::newRow("hybrid join failing")
        << QString::fromUtf8(readDsregcmdSample(
               u"08-mslearn-prejoin-diag-syncjoin-directoryerror-0x801c03f2.txt"_s))
            + deviceState("NO", "NO", "YES")
        << int(Health::Problem) << u"Hybrid join is failing"_s;
    QTest::newRow("not joined") << deviceState("NO", "NO", "NO") << int(Health::Warning)
                                << u"Not registered"_s;
}

void TestHealthSummary::deviceHealth()
{
    QFETCH(QString, text);
    QFETCH(int, health);
    QFETCH(QString, headlinePart);
    const HealthSummary summary =
        summarizeHealth(fromText(text), QDateTime(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC));
    QCOMPARE(int(summary.device.health), health);
    QVERIFY2(summary.device.headline.contains(headlinePart), qPrintable(summary.device.headline));
}

void TestHealthSummary::ssoHealth_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("health");
    QTest::addColumn<QString>("detailPart");
    const QString joined = deviceState("YES", "NO", "NO");
    QTest::newRow("prt yes") << joined + u"| SSO State |\n AzureAdPrt : YES\n"_s
                             << int(Health::Good) << u"AzureAdPrt YES"_s;
    QTest::newRow("aadsts50126")
        << joined
            + QString::fromUtf8(readDsregcmdSample(
                u"06-mslearn-sso-state-prt-no-aadsts50126-enterprise-prt-cloudtgt.txt"_s))
        << int(Health::Problem) << u"AADSTS50126"_s;
    QTest::newRow("registered only")
        << QString::fromUtf8(readDsregcmdSample(
               u"17-it-locale-powershell-workplace-joined-registered-full.txt"_s))
        << int(Health::NotApplicable) << u"Entra joined and hybrid joined"_s;
    QTest::newRow("no sso section") << joined << int(Health::Unknown) << u"signed-in user"_s;
}

void TestHealthSummary::ssoHealth()
{
    QFETCH(QString, text);
    QFETCH(int, health);
    QFETCH(QString, detailPart);
    const HealthSummary summary = summarizeHealth(fromText(text), QDateTime());
    QCOMPARE(int(summary.sso.health), health);
    QVERIFY2(summary.sso.detail.contains(detailPart), qPrintable(summary.sso.detail));
}

void TestHealthSummary::prtStalenessNeedsAClock()
{
    const StatusSnapshot s = fromText(deviceState("YES", "NO", "NO")
                                      + u"| SSO State |\n AzureAdPrt : YES\n"
                                        u" AzureAdPrtUpdateTime : 2026-11-23 06:00:00.000 UTC\n"_s);
    const QDateTime fiveHoursLater(QDate(2026, 11, 23), QTime(11, 0), Qt::UTC);
    QCOMPARE(summarizeHealth(s, fiveHoursLater).sso.health, Health::Warning);
    const QDateTime oneHourLater(QDate(2026, 11, 23), QTime(7, 0), Qt::UTC);
    QCOMPARE(summarizeHealth(s, oneHourLater).sso.health, Health::Good);
    QCOMPARE(summarizeHealth(s, QDateTime()).sso.health, Health::Good);
}

void TestHealthSummary::helloHealth_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("health");
    QTest::addColumn<QString>("detailPart");
    QTest::newRow("set") << QString::fromUtf8(readDsregcmdSample(u"05-mslearn-user-state-ngcset-yes.txt"_s))
                         << int(Health::Good) << u"aaaaaaaa-0b0b"_s;
    QTest::newRow("will provision")
        << QString::fromUtf8(readDsregcmdSample(u"10-mslearn-ngc-prereq-certtrust-willprovision.txt"_s))
        << int(Health::Warning) << u"WillProvision"_s;
    QTest::newRow("blocked")
        << QString::fromUtf8(readDsregcmdSample(
               u"17-it-locale-powershell-workplace-joined-registered-full.txt"_s))
        << int(Health::Problem) << u"IsDeviceJoined, IsUserAzureAD, PolicyEnabled"_s;
    QTest::newRow("unknown") << deviceState("YES", "NO", "NO") << int(Health::Unknown)
                             << u"neither"_s;
}

void TestHealthSummary::helloHealth()
{
    QFETCH(QString, text);
    QFETCH(int, health);
    QFETCH(QString, detailPart);
    const HealthSummary summary = summarizeHealth(fromText(text), QDateTime());
    QCOMPARE(int(summary.hello.health), health);
    QVERIFY2(summary.hello.detail.contains(detailPart), qPrintable(summary.hello.detail));
}

QTEST_GUILESS_MAIN(TestHealthSummary)
#include "tst_healthsummary.moc"
