#include "dsregcmd/dsregcmdparser.h"
#include "statusfieldsmodel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QTest>

using namespace Entra;
using namespace Entra::Models;
using namespace Qt::Literals::StringLiterals;

namespace {

const KnowledgeBase &testKnowledge()
{
    static const KnowledgeBase kb = KnowledgeBase::fromJson(
        R"({"version":1,
            "sections":[{"title":"Diagnostic Data","description":"Join diagnostics."}],
            "fields":[
              {"section":"Diagnostic Data","key":"KeySignTest","meaning":"Signs with the device key.",
               "healthy":"PASSED","unhealthy":["^FAIL"]},
              {"section":"Diagnostic Data","key":"DRS Discovery Test","meaning":"Finds DRS.",
               "healthy":"PASS","unhealthy":["^FAIL"]},
              {"section":"Diagnostic Data","key":"DRS Connectivity Test","meaning":"Reaches DRS.",
               "healthy":"PASS","unhealthy":["^FAIL"],"warning":["^SKIP"]},
              {"section":"Work Account","key":"NgcSet","meaning":"WPJ Hello key.","healthy":"-"}]})",
        R"({"version":1,"codes":[
              {"code":"0x801C0021","kind":"hresult","name":"DSREG_AUTOJOIN_DISC_FAILED",
               "meaning":"Discovery failed.","fix":"Check the proxy."}]})");
    return kb;
}

StatusSnapshot parse(const QString &text)
{
    Result<StatusSnapshot> result = DsregcmdParser::parseText(text);
    if (!result)
        qFatal("%s", qPrintable(result.error().message));
    return std::move(result).value();
}

const QString kText = u"| Device State |\n AzureAdJoined : YES\n"
                      u"| Diagnostic Data |\n KeySignTest : FAILED\n"
                      u" DRS Discovery Test : FAIL [0x801c0021/0x80072ee2]\n"
                      u" DRS Connectivity Test : SKIPPED\n"
                      u"| Work Account 2 |\n NgcSet : NO\n"_s;

} // namespace

class TestStatusFieldsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passesModelTesterOnEverySample();
    void showsFilteredSections();
    void marksUnhealthyValues();
    void explainsCodesInValues();
    void resetReplacesContent();
};

void TestStatusFieldsModel::passesModelTesterOnEverySample()
{
    StatusFieldsModel model(testKnowledge(), [](QStringView) { return true; });
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QDir dir(QStringLiteral(ENTRA_SAMPLES_DIR "/dsregcmd"));
    const QStringList samples = dir.entryList({u"*.txt"_s}, QDir::Files);
    QVERIFY(!samples.isEmpty());
    for (const QString &name : samples) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        Result<StatusSnapshot> snapshot = DsregcmdParser::parse(file.readAll());
        QVERIFY(snapshot);
        model.setSnapshot(*snapshot);
        QCOMPARE(model.rowCount(), int(snapshot->sections().size()));
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex section = model.index(row, 0);
            QCOMPARE(model.rowCount(section), int(snapshot->sections().at(row).fields.size()));
            QCOMPARE(model.rowCount(model.index(row, 1)), 0); // only column 0 has children
        }
    }
}

void TestStatusFieldsModel::showsFilteredSections()
{
    StatusFieldsModel model(testKnowledge(),
                            [](QStringView title) { return title.startsWith(u"Work Account"); });
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(parse(kText));
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex section = model.index(0, StatusFieldsModel::FieldColumn);
    QCOMPARE(section.data().toString(), u"Work Account 2"_s);
    QVERIFY(section.data(StatusFieldsModel::IsSectionRole).toBool());
    const QModelIndex field = model.index(0, StatusFieldsModel::FieldColumn, section);
    QCOMPARE(field.data().toString(), u"NgcSet"_s);
    QCOMPARE(field.siblingAtColumn(StatusFieldsModel::ValueColumn).data().toString(), u"NO"_s);
    // "Work Account 2" finds the knowledge written for every work account.
    QCOMPARE(field.data(StatusFieldsModel::MeaningRole).toString(), u"WPJ Hello key."_s);
    QCOMPARE(model.parent(field), section);
}

void TestStatusFieldsModel::marksUnhealthyValues()
{
    StatusFieldsModel model(testKnowledge(), [](QStringView) { return true; });
    model.setSnapshot(parse(kText));
    const QModelIndex diagnostics = model.index(1, 0);
    QCOMPARE(diagnostics.data().toString(), u"Diagnostic Data"_s);
    QCOMPARE(diagnostics.data(Qt::ToolTipRole).toString(), u"Join diagnostics."_s);

    auto assessmentOf = [&](int row) {
        return model.index(row, StatusFieldsModel::ValueColumn, diagnostics)
            .data(StatusFieldsModel::AssessmentRole)
            .toInt();
    };
    QCOMPARE(assessmentOf(0), int(ValueAssessment::Unhealthy)); // KeySignTest FAILED
    QCOMPARE(assessmentOf(1), int(ValueAssessment::Unhealthy)); // DRS Discovery FAIL
    QCOMPARE(assessmentOf(2), int(ValueAssessment::Warning));   // SKIPPED
    QVERIFY(model.index(0, StatusFieldsModel::ValueColumn, diagnostics)
                .data(Qt::ForegroundRole)
                .isValid());
    QVERIFY(!model.index(0, StatusFieldsModel::FieldColumn, diagnostics)
                 .data(Qt::ForegroundRole)
                 .isValid());
    QCOMPARE(model.problemCount(), 3);
    QCOMPARE(model.index(0, StatusFieldsModel::HealthyColumn, diagnostics).data().toString(),
             u"PASSED"_s);
}

void TestStatusFieldsModel::explainsCodesInValues()
{
    StatusFieldsModel model(testKnowledge(), [](QStringView) { return true; });
    model.setSnapshot(parse(kText));
    const QModelIndex discovery = model.index(1, 0, model.index(1, 0));
    QCOMPARE(discovery.data(StatusFieldsModel::KeyRole).toString(), u"DRS Discovery Test"_s);
    const QString explanation = discovery.data(StatusFieldsModel::CodeExplanationRole).toString();
    QVERIFY2(explanation.contains(u"DSREG_AUTOJOIN_DISC_FAILED"_s), qPrintable(explanation));
    QVERIFY(explanation.contains(u"Check the proxy."_s));
    QVERIFY(discovery.data(Qt::ToolTipRole).toString().contains(u"Discovery failed."_s));
}

void TestStatusFieldsModel::resetReplacesContent()
{
    StatusFieldsModel model(testKnowledge(), [](QStringView) { return true; });
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(parse(kText));
    QCOMPARE(model.rowCount(), 3);
    model.setSnapshot(parse(u"| SSO State |\n AzureAdPrt : YES\n"_s));
    QCOMPARE(model.rowCount(), 1);
    model.setSnapshot(StatusSnapshot());
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestStatusFieldsModel)
#include "tst_statusfieldsmodel.moc"
