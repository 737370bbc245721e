// The knowledge base compiled into the program: well-formed, complete for the fields the
// typed model knows, and answering the lookups the pages and rules make.
#include "knowledge/knowledgebase.h"
#include "state/sectioncatalog.h"
#include "state/sections.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace Entra;
using namespace Qt::Literals::StringLiterals;

namespace {

QJsonObject resourceJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing resource %s", qPrintable(path));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("%s: %s", qPrintable(path), qPrintable(error.errorString()));
    return document.object();
}

} // namespace

class TestKnowledgeBase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filesAreWellFormed();
    void everyTypedFieldIsExplained();
    void assessesValues_data();
    void assessesValues();
    void findsCodesInAnySpelling_data();
    void findsCodesInAnySpelling();
    void findsCodesInsideValues();
    void workAccountSectionsShareEntries();
};

void TestKnowledgeBase::filesAreWellFormed()
{
    const QJsonObject fields = resourceJson(u":/knowledge/dsregcmd-fields.json"_s);
    const QJsonArray fieldArray = fields.value(u"fields"_s).toArray();
    QVERIFY(fieldArray.size() > 100);
    for (const QJsonValue &value : fieldArray) {
        const QJsonObject f = value.toObject();
        const QString where = f.value(u"section"_s).toString() + u'/' + f.value(u"key"_s).toString();
        QVERIFY2(!f.value(u"meaning"_s).toString().isEmpty(), qPrintable(where));
        for (const QString &list : {u"unhealthy"_s, u"warning"_s}) {
            const QJsonArray patterns = f.value(list).toArray();
            for (const QJsonValue &pattern : patterns)
                QVERIFY2(QRegularExpression(pattern.toString()).isValid(),
                         qPrintable(where + u": "_s + pattern.toString()));
        }
    }
    const QJsonArray codes = resourceJson(u":/knowledge/error-codes.json"_s).value(u"codes"_s).toArray();
    QVERIFY(codes.size() > 100);
    for (const QJsonValue &value : codes) {
        const QJsonObject c = value.toObject();
        QVERIFY2(!c.value(u"meaning"_s).toString().isEmpty(), qPrintable(c.value(u"code"_s).toString()));
        QVERIFY(!c.value(u"kind"_s).toString().isEmpty());
    }
    const QJsonArray events = resourceJson(u":/knowledge/events.json"_s).value(u"events"_s).toArray();
    QVERIFY(events.size() > 100);
    QCOMPARE(KnowledgeBase::builtIn().fieldCount(), fieldArray.size());
    QCOMPARE(KnowledgeBase::builtIn().codeCount(), codes.size());
}

void TestKnowledgeBase::everyTypedFieldIsExplained()
{
    const KnowledgeBase &kb = KnowledgeBase::builtIn();
    auto check = [&kb](QStringView title, const QStringList &keys) {
        for (const QString &key : keys)
            QVERIFY2(kb.field(title, key), qPrintable(title.toString() + u'/' + key));
    };
    check(DeviceState::kTitle, sectionKeys<DeviceState>());
    check(DeviceDetails::kTitle, sectionKeys<DeviceDetails>());
    check(TenantDetails::kTitle, sectionKeys<TenantDetails>());
    check(UserState::kTitle, sectionKeys<UserState>());
    check(SsoState::kTitle, sectionKeys<SsoState>());
    check(DiagnosticData::kTitle, sectionKeys<DiagnosticData>());
    check(NgcPrerequisiteCheck::kTitle, sectionKeys<NgcPrerequisiteCheck>());
    check(u"Work Account 1", sectionKeys<WorkAccount>());
    QVERIFY(!kb.sectionDescription(u"SSO State").isEmpty());
}

void TestKnowledgeBase::assessesValues_data()
{
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("assessment");
    QTest::newRow("keysigntest failed") << u"Diagnostic Data"_s << u"KeySignTest"_s << u"FAILED"_s << int(ValueAssessment::Unhealthy);
    QTest::newRow("keysigntest passed") << u"Diagnostic Data"_s << u"KeySignTest"_s << u"PASSED"_s << int(ValueAssessment::Normal);
    QTest::newRow("device deleted") << u"Device Details"_s << u"DeviceAuthStatus"_s << u"FAILED. Device is either disabled or deleted"_s << int(ValueAssessment::Unhealthy);
    QTest::newRow("discovery failed") << u"Diagnostic Data"_s << u"DRS Discovery Test"_s << u"FAIL [0x801c0021/0x80072ee2]"_s << int(ValueAssessment::Unhealthy);
    QTest::newRow("wam error") << u"User State"_s << u"WamDefaultSet"_s << u"ERROR (0xd0020017)"_s << int(ValueAssessment::Unhealthy);
    QTest::newRow("will not provision") << u"Ngc Prerequisite Check"_s << u"PreReqResult"_s << u"WillNotProvision"_s << int(ValueAssessment::Unhealthy);
    QTest::newRow("context-dependent") << u"Device State"_s << u"AzureAdJoined"_s << u"NO"_s << int(ValueAssessment::Normal);
    QTest::newRow("unknown key") << u"Device State"_s << u"NoSuchKey"_s << u"FAILED"_s << int(ValueAssessment::Normal);
}

void TestKnowledgeBase::assessesValues()
{
    QFETCH(QString, section);
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(int, assessment);
    QCOMPARE(int(KnowledgeBase::builtIn().assess(section, key, value)), assessment);
}

void TestKnowledgeBase::findsCodesInAnySpelling_data()
{
    QTest::addColumn<QString>("spelling");
    QTest::addColumn<QString>("name");
    QTest::newRow("lower hex") << u"0x801c0021"_s << u"DSREG_AUTOJOIN_DISC_FAILED"_s;
    QTest::newRow("upper hex") << u"0X801C0021"_s << u"DSREG_AUTOJOIN_DISC_FAILED"_s;
    QTest::newRow("signed decimal") << u"-2145648607"_s << u"DSREG_AUTOJOIN_DISC_FAILED"_s;
    QTest::newRow("ntstatus") << u"0xc000006d"_s << u"STATUS_LOGON_FAILURE"_s;
}

void TestKnowledgeBase::findsCodesInAnySpelling()
{
    QFETCH(QString, spelling);
    QFETCH(QString, name);
    const CodeInfo *info = KnowledgeBase::builtIn().code(spelling);
    QVERIFY2(info, qPrintable(spelling));
    QCOMPARE(info->name, name);
    QVERIFY(!info->fix.isEmpty());
}

void TestKnowledgeBase::findsCodesInsideValues()
{
    const KnowledgeBase &kb = KnowledgeBase::builtIn();
    const auto discovery = kb.codesMentionedIn(u"FAIL [0x801c0021/0x80072ee2]");
    QCOMPARE(discovery.size(), 2);
    QCOMPARE(discovery.at(0)->code.toUpper(), u"0X801C0021"_s);
    const auto aadsts = kb.codesMentionedIn(
        u"AADSTS50126: Error validating credentials due to invalid username or password.");
    QCOMPARE(aadsts.size(), 1);
    QCOMPARE(aadsts.at(0)->code, u"AADSTS50126"_s);
    QCOMPARE(kb.codesMentionedIn(u"exit code -2145648607 from the VM extension").size(), 1);
    QCOMPARE(kb.codesMentionedIn(u"DirectoryError").size(), 1);
    QVERIFY(kb.codesMentionedIn(u"no codes here, 0 errors").isEmpty());
}

void TestKnowledgeBase::workAccountSectionsShareEntries()
{
    const FieldInfo *info = KnowledgeBase::builtIn().field(u"Work Account 3", u"WorkplaceTenantId");
    QVERIFY(info);
    QCOMPARE(info->section, u"Work Account"_s);
}

QTEST_GUILESS_MAIN(TestKnowledgeBase)
#include "tst_knowledgebase.moc"
