// FindingsModel, its problems-only filter and CertificateFieldsModel under
// QAbstractItemModelTester.
#include "certificatefieldsmodel.h"
#include "findingsmodel.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::Models;

namespace {

QList<Finding> sampleFindings()
{
    return {
        { u"a.fail"_s,
          u"Broken"_s,
          CheckOutcome::Fail,
          { u"X: 1"_s },
          u"because"_s,
          { u"fix it"_s },
          u"ref"_s },
        { u"b.warn"_s, u"Odd"_s, CheckOutcome::Warn, {}, {}, {}, {} },
        { u"c.info"_s, u"Note"_s, CheckOutcome::Info, {}, {}, {}, {} },
        { u"d.pass"_s, u"Fine"_s, CheckOutcome::Pass, {}, {}, {}, {} },
        { u"e.skip"_s, u"Unknown"_s, CheckOutcome::Skip, {}, {}, {}, {} },
    };
}

} // namespace

class TestFindingsModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findingsThroughRoles();
    void problemsOnlyFilter();
    void certificateFieldsTree();
};

void TestFindingsModel::findingsThroughRoles()
{
    FindingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFindings(sampleFindings());
    QCOMPARE(model.rowCount(), 5);
    const QModelIndex first = model.index(0, FindingsModel::ResultColumn);
    QCOMPARE(first.data().toString(), u"Problem"_s);
    QCOMPARE(first.data(Qt::ForegroundRole).value<QColor>(),
             FindingsModel::outcomeColor(CheckOutcome::Fail));
    QCOMPARE(model.index(0, FindingsModel::TitleColumn).data().toString(), u"Broken"_s);
    QCOMPARE(model.index(0, FindingsModel::IdColumn).data().toString(), u"a.fail"_s);
    QCOMPARE(first.data(FindingsModel::EvidenceRole).toStringList(), QStringList { u"X: 1"_s });
    QCOMPARE(first.data(FindingsModel::FixStepsRole).toStringList(), QStringList { u"fix it"_s });
    QCOMPARE(first.data(FindingsModel::OutcomeRole).toInt(), int(CheckOutcome::Fail));
    QVERIFY(first.data(FindingsModel::ProblemRole).toBool());
    QVERIFY(!model.index(2, 0).data(FindingsModel::ProblemRole).toBool());
    QCOMPARE(model.index(4, 0).data().toString(), u"Skipped"_s);
    model.setFindings({});
    QCOMPARE(model.rowCount(), 0);
}

void TestFindingsModel::problemsOnlyFilter()
{
    FindingsModel model;
    FindingsFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFindings(sampleFindings());
    QCOMPARE(filter.rowCount(), 5);
    filter.setProblemsOnly(true);
    QCOMPARE(filter.rowCount(), 2);
    QCOMPARE(filter.index(1, FindingsModel::IdColumn).data().toString(), u"b.warn"_s);
    filter.setProblemsOnly(false);
    QCOMPARE(filter.rowCount(), 5);
}

void TestFindingsModel::certificateFieldsTree()
{
    CertificateFieldsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({ { u"Certificate"_s, u"Subject"_s, u"CN=x"_s, {} },
                    { u"Certificate"_s, u"Thumbprint"_s, u"AB"_s, u"SHA-1"_s },
                    { u"Extensions"_s, u"Device ID (1.2.840.113556.1.5.284.2)"_s, u"guid"_s,
                      u"long form"_s } });
    QCOMPARE(model.rowCount(), 2);
    const QModelIndex certificate = model.index(0, 0);
    QCOMPARE(certificate.data().toString(), u"Certificate"_s);
    QCOMPARE(model.rowCount(certificate), 2);
    const QModelIndex thumbprint = model.index(1, CertificateFieldsModel::ValueColumn, certificate);
    QCOMPARE(thumbprint.data().toString(), u"AB"_s);
    QCOMPARE(thumbprint.data(CertificateFieldsModel::NoteRole).toString(), u"SHA-1"_s);
    QVERIFY(thumbprint.data(Qt::ToolTipRole).toString().contains(u"SHA-1"_s));
    QCOMPARE(model.parent(thumbprint), certificate);
    QCOMPARE(model.value(u"Extensions"_s, u"Device ID (1.2.840.113556.1.5.284.2)"_s), u"guid"_s);
    QVERIFY(model.value(u"Extensions"_s, u"nope"_s).isNull());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestFindingsModel)
#include "tst_findingsmodel.moc"
