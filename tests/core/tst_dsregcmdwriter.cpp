// The writer prints the current layout, and reading it back gives the same sections.
#include "dsregcmd/dsregcmdparser.h"
#include "dsregcmd/dsregcmdwriter.h"
#include "sampleutil.h"
#include "state/sections.h"

#include <QTest>

using namespace Entra;
using namespace Qt::Literals::StringLiterals;

class TestDsregcmdWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void printsTheCurrentLayout();
    void writesTypedSections();
};

void TestDsregcmdWriter::roundTrip_data()
{
    QTest::addColumn<QString>("sample");
    for (const QString &sample : dsregcmdSamples())
        QTest::newRow(qPrintable(sample)) << sample;
}

void TestDsregcmdWriter::roundTrip()
{
    QFETCH(QString, sample);
    Result<StatusSnapshot> original = DsregcmdParser::parse(readDsregcmdSample(sample));
    QVERIFY(original);
    const QString written = DsregcmdWriter::write(*original);
    Result<StatusSnapshot> reread = DsregcmdParser::parseText(written);
    QVERIFY2(reread, qPrintable(reread ? QString() : reread.error().message));
    QCOMPARE(reread->sections().size(), original->sections().size());
    for (qsizetype i = 0; i < original->sections().size(); ++i) {
        QCOMPARE(reread->sections().at(i).title, original->sections().at(i).title);
        QCOMPARE(reread->sections().at(i).fields, original->sections().at(i).fields);
    }
    QVERIFY(reread->hasSameContent(*original));
    // Writing is stable: a second pass prints the same text.
    QCOMPARE(DsregcmdWriter::write(*reread), written);
}

void TestDsregcmdWriter::printsTheCurrentLayout()
{
    StatusSnapshot snapshot;
    snapshot.appendSection({u"Device State"_s,
                            {{u"AzureAdJoined"_s, u"YES"_s}, {u"DomainName"_s, u"CONTOSO"_s}}});
    snapshot.appendSection({u"IE Proxy Config for Current User"_s,
                            {{u"Auto-Configuration URL"_s, QString()}}});
    const QString expected =
        u"+----------------------------------------------------------------------+\n"
        u"| Device State                                                         |\n"
        u"+----------------------------------------------------------------------+\n"
        u"\n"
        u"             AzureAdJoined : YES\n"
        u"                DomainName : CONTOSO\n"
        u"\n"
        u"+----------------------------------------------------------------------+\n"
        u"| IE Proxy Config for Current User                                     |\n"
        u"+----------------------------------------------------------------------+\n"
        u"\n"
        u"    Auto-Configuration URL :\n"
        u"\n"
        u"For more information, please visit https://www.microsoft.com/aadjerrors\n"_s;
    QCOMPARE(DsregcmdWriter::write(snapshot), expected);
}

void TestDsregcmdWriter::writesTypedSections()
{
    DeviceDetails details;
    details.deviceId = u"5820fbe9-60c8-43b0-bb11-44aee233e4e7"_s;
    details.tpmProtected = true;
    details.certificateValidity = CertificateValidity{
        QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC),
        QDateTime(QDate(2036, 1, 2), QTime(3, 4, 5), Qt::UTC)};
    const StatusSection section = writeSection(details);
    QCOMPARE(section.title, u"Device Details"_s);
    QCOMPARE(section.fields.size(), 3);
    QCOMPARE(section.value(u"TpmProtected"), u"YES"_s);
    QCOMPARE(section.value(u"DeviceCertificateValidity"),
             u"[ 2026-01-02 03:04:05.000 UTC -- 2036-01-02 03:04:05.000 UTC ]"_s);
    // And the typed view reads back what was written.
    const auto back = readSection<DeviceDetails>(&section);
    QCOMPARE(back.certificateValidity, details.certificateValidity);
    QCOMPARE(back.deviceId, details.deviceId);
    QVERIFY(!back.keyProvider.has_value());
}

QTEST_GUILESS_MAIN(TestDsregcmdWriter)
#include "tst_dsregcmdwriter.moc"
