// The PIN policy and dsregcmd's Ngc Prerequisite Check: one row per rule.
#include "hello/ngcprerequisites.h"
#include "hello/pinpolicy.h"

#include <QTest>

using namespace Entra;
using namespace Qt::Literals::StringLiterals;

class TestHelloRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pinPolicy_data();
    void pinPolicy();
    void digitsOnlyPolicy();
    void prerequisites_data();
    void prerequisites();
};

void TestHelloRules::pinPolicy_data()
{
    QTest::addColumn<QString>("pin");
    QTest::addColumn<QString>("problem"); // a word of the expected message; empty = accepted
    QTest::newRow("good digits") << u"480913"_s << QString();
    QTest::newRow("good mixed") << u"Tr0ub4dor&3"_s << QString();
    QTest::newRow("too short") << u"4809"_s << u"at least 6"_s;
    QTest::newRow("too long for the TPM") << QString(33, u'7') + u"1"_s << u"TPM"_s;
    QTest::newRow("multi-byte counts as bytes") << QString(17, QChar(0x00e9)) << u"TPM"_s;
    QTest::newRow("repeated") << u"111111"_s << u"simple pattern"_s;
    QTest::newRow("ascending") << u"123456"_s << u"simple pattern"_s;
    QTest::newRow("descending") << u"987654"_s << u"simple pattern"_s;
    QTest::newRow("space") << u"48 0913"_s << u"spaces"_s;
}

void TestHelloRules::pinPolicy()
{
    QFETCH(QString, pin);
    QFETCH(QString, problem);
    const QStringList problems = PinPolicy().problems(pin);
    if (problem.isEmpty()) {
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u' ')));
    } else {
        QVERIFY(!problems.isEmpty());
        QVERIFY2(problems.join(u' ').contains(problem), qPrintable(problems.join(u' ')));
    }
}

void TestHelloRules::digitsOnlyPolicy()
{
    PinPolicy policy;
    policy.allowLetters = false;
    QVERIFY(policy.accepts(u"480913"_s));
    QVERIFY(policy.problems(u"48091a"_s).join(u' ').contains(u"only contain digits"_s));
    QVERIFY(policy.description().contains(u"digits only"_s));
}

void TestHelloRules::prerequisites_data()
{
    QTest::addColumn<NgcFacts>("facts");
    QTest::addColumn<QString>("failing");
    const NgcFacts ready{true, true, true, true, false};
    QTest::newRow("ready") << ready << QString();
    NgcFacts f = ready;
    f.deviceJoined = false;
    QTest::newRow("not joined") << f << u"IsDeviceJoined"_s;
    f = ready;
    f.userHasPrt = false;
    QTest::newRow("no PRT") << f << u"IsUserAzureAD"_s;
    f = ready;
    f.policyEnabled = false;
    QTest::newRow("policy off") << f << u"PolicyEnabled"_s;
    f = ready;
    f.deviceEligible = false;
    QTest::newRow("no TPM") << f << u"DeviceEligible"_s;
    f = ready;
    f.remoteSession = true;
    QTest::newRow("remote") << f << u"SessionIsNotRemote"_s;
    f = NgcFacts{false, false, false, false, true};
    QTest::newRow("everything wrong: the first one is named") << f << u"IsDeviceJoined"_s;
}

void TestHelloRules::prerequisites()
{
    QFETCH(NgcFacts, facts);
    QFETCH(QString, failing);
    const NgcPrerequisiteResult result = NgcPrerequisiteResult::evaluate(facts);
    QCOMPARE(result.failing, failing);
    QCOMPARE(result.willProvision, failing.isEmpty());
    QCOMPARE(*result.section.preReqResult,
             failing.isEmpty() ? u"WillProvision"_s : u"WillNotProvision"_s);
    QCOMPARE(result.explanation.isEmpty(), failing.isEmpty());
    const StatusSection section = writeSection(result.section);
    if (!failing.isEmpty())
        QCOMPARE(section.value(failing), u"NO"_s);
    QCOMPARE(section.value(u"IsDeviceJoined"), facts.deviceJoined ? u"YES"_s : u"NO"_s);
}

QTEST_GUILESS_MAIN(TestHelloRules)
#include "tst_hellorules.moc"
