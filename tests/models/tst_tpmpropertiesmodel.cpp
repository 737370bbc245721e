#include "tpmpropertiesmodel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::Models;

namespace {

TpmReport readyReport()
{
    TpmReport report;
    report.tcti = u"swtpm:host=127.0.0.1,port=2321"_s;
    report.tctiSource = u"explicit"_s;
    report.devicePresent = true;
    report.responding = true;
    report.manufacturerId = 0x49424D00;
    report.manufacturerIdTxt = u"IBM"_s;
    report.firmwareVersion1 = 0x00070002;
    report.firmwareVersion2 = 0x00000001;
    report.specFamily = u"2.0"_s;
    report.specRevision = 164;
    report.storageHierarchyEnabled = true;
    report.endorsementHierarchyEnabled = true;
    report.da = { false, 0, 32, 600, 86400 };
    report.algorithms
        = { { u"RSA-2048"_s, true }, { u"SHA-256"_s, true }, { u"RSASSA"_s, true },
            { u"RSA-OAEP"_s, true }, { u"RSAPSS"_s, true },  { u"ECC P-256"_s, true } };
    report.pcrBanks = { u"sha1"_s, u"sha256"_s };
    report.storagePrimaryCreated = true;
    report.evaluateReadiness();
    return report;
}

int rowOf(const TpmPropertiesModel &model, const QString &name)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, 0).data(TpmPropertiesModel::KeyRole).toString() == name)
            return row;
    }
    return -1;
}

} // namespace

class TestTpmPropertiesModel : public QObject
{
    Q_OBJECT

private slots:
    void readyTpm();
    void lockedOutTpm_data();
    void lockedOutTpm();
    void passesModelTester();
};

void TestTpmPropertiesModel::readyTpm()
{
    TpmPropertiesModel model;
    QCOMPARE(model.rowCount(), 0);
    const TpmReport report = readyReport();
    QVERIFY(report.ready());
    model.setReport(report);
    QCOMPARE(model.rowCount(), int(report.properties().size()));
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.problemCount(), 0);
    // Get-Tpm's order: TpmPresent first.
    QCOMPARE(model.index(0, TpmPropertiesModel::PropertyColumn).data().toString(), u"TpmPresent"_s);
    const int id = rowOf(model, u"ManufacturerId"_s);
    QVERIFY(id >= 0);
    QCOMPARE(model.index(id, TpmPropertiesModel::ValueColumn).data().toString(), u"1229081856"_s);
    QCOMPARE(model.index(id, 0).data(TpmPropertiesModel::RawValueRole).toLongLong(),
             qint64(0x49424D00));
    const int version = rowOf(model, u"ManufacturerVersion"_s);
    QCOMPARE(model.index(version, 1).data().toString(), u"7.2.0.1"_s);
    const int ready = rowOf(model, u"TpmReady"_s);
    QCOMPARE(model.index(ready, 1).data(TpmPropertiesModel::RawValueRole).typeId(),
             QMetaType::Bool);
    QCOMPARE(model.index(ready, TpmPropertiesModel::HealthyColumn).data().toString(), u"True"_s);
    const int algorithm = rowOf(model, u"RSA-OAEP"_s);
    QCOMPARE(model.index(algorithm, 1).data(TpmPropertiesModel::RawValueRole).toBool(), true);
    QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), u"Value"_s);
}

void TestTpmPropertiesModel::lockedOutTpm_data()
{
    QTest::addColumn<QString>("property");
    QTest::addColumn<QString>("value");
    QTest::newRow("LockedOut") << u"LockedOut"_s << u"True"_s;
    QTest::newRow("TpmReady") << u"TpmReady"_s << u"False"_s;
    QTest::newRow("RSAPSS") << u"RSAPSS"_s << u"False"_s;
}

void TestTpmPropertiesModel::lockedOutTpm()
{
    QFETCH(QString, property);
    QFETCH(QString, value);
    TpmReport report = readyReport();
    report.da.inLockout = true;
    report.da.failedTries = 32;
    report.algorithms[4].supported = false; // RSAPSS
    report.evaluateReadiness();
    QVERIFY(!report.ready());

    TpmPropertiesModel model;
    model.setReport(report);
    QCOMPARE(model.problemCount(), 3); // LockedOut, TpmReady, RSAPSS
    const int row = rowOf(model, property);
    QVERIFY(row >= 0);
    const QModelIndex index = model.index(row, TpmPropertiesModel::ValueColumn);
    QCOMPARE(index.data().toString(), value);
    QVERIFY(index.data(TpmPropertiesModel::ProblemRole).toBool());
    QVERIFY(index.data(Qt::ForegroundRole).value<QBrush>().color() != QColor());
    // Values with no single healthy answer are never problems.
    const int count = rowOf(model, u"LockoutCount"_s);
    QVERIFY(!model.index(count, 1).data(TpmPropertiesModel::ProblemRole).toBool());
}

void TestTpmPropertiesModel::passesModelTester()
{
    TpmPropertiesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setReport(readyReport());
    TpmReport unreachable;
    unreachable.connectionError = Error { ErrorDomain::Tpm, -10, u"Could not connect."_s, {}, {} };
    unreachable.evaluateReadiness();
    model.setReport(unreachable);
    QVERIFY(model.rowCount() > 0);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestTpmPropertiesModel)
#include "tst_tpmpropertiesmodel.moc"
