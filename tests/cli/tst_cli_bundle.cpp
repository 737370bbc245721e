// `entra-doctor bundle export` and `status --import bundle.zip`, through the real binary.
#include "bundle/supportbundlereader.h"
#include "clirun.h"
#include "fakecloudinstance.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using Entra::Result;

namespace {

QString sample(const QString &name)
{
    return QStringLiteral(ENTRA_SAMPLES_DIR "/dsregcmd/") + name;
}

const QString kSample = u"17-it-locale-powershell-workplace-joined-registered-full.txt"_s;

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

class TestCliBundle : public QObject
{
    Q_OBJECT

private slots:
    void exportThenImport();
    void exportThisDevice();
    void exportThisDeviceWithoutConnectivity();
    void redactIdentities();
    void refusesBadBundle();
    void usage();
};

void TestCliBundle::exportThenImport()
{
    QTemporaryDir scratch;
    const QString zip = scratch.filePath(u"out.zip"_s);
    const QString evtx
        = QStringLiteral(ENTRA_SAMPLES_DIR "/evtx/omerbenamram-evtx__2-system-"
                                           "Microsoft-Windows-LiveId%4Operational.evtx");
    const CliRun exported = CliRun::run(
        { u"bundle"_s, u"export"_s, zip, u"--import"_s, sample(kSample), u"--evtx"_s, evtx });
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    QVERIFY(exported.out.contains("Support bundle written to"));
    QVERIFY(QFile::exists(zip));

    const CliRun original
        = CliRun::run({ u"status"_s, u"--json"_s, u"--import"_s, sample(kSample) });
    const CliRun fromBundle = CliRun::run({ u"status"_s, u"--json"_s, u"--import"_s, zip });
    QVERIFY2(fromBundle.exitCode == 0, fromBundle.err.constData());
    QCOMPARE(fromBundle.out, original.out);

    const CliRun text = CliRun::run({ u"status"_s, u"--import"_s, zip });
    QCOMPARE(text.exitCode, 0);
    QCOMPARE(text.out, CliRun::run({ u"status"_s, u"--import"_s, sample(kSample) }).out);
}

void TestCliBundle::exportThisDevice()
{
    Entra::Test::FakeCloudInstance cloud;
    QVERIFY2(cloud.start(), qPrintable(cloud.errorString()));
    QTemporaryDir scratch;
    const QString zip = scratch.filePath(u"device.zip"_s);
    const CliRun exported
        = CliRun::run({ u"bundle"_s, u"export"_s, zip, u"--no-tpm"_s, u"--state-dir"_s,
                        scratch.filePath(u"state"_s), u"--cloud"_s, cloud.baseUrl().toString(),
                        u"--ca-file"_s, cloud.caFile() });
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    QVERIFY2(exported.out.contains("Connectivity: 4 of 4 endpoints reachable."),
             exported.out.constData());
    const CliRun status = CliRun::run({ u"status"_s, u"--import"_s, zip });
    QVERIFY2(status.exitCode == 0, status.err.constData());
    QVERIFY(status.out.contains("Device State"));

    Result<Entra::Bundle::ImportedBundle> bundle = Entra::Bundle::SupportBundleReader::read(zip);
    QVERIFY(bundle);
    const QJsonObject connectivity = readJson(bundle->connectivityFile);
    QCOMPARE(connectivity.value(u"measured"_s).toBool(), true);
    QCOMPARE(connectivity.value(u"cloud"_s).toString(), cloud.baseUrl().toString());
    QCOMPARE(connectivity.value(u"reachable"_s).toInt(), 4);
    const QJsonArray endpoints = connectivity.value(u"endpoints"_s).toArray();
    QCOMPARE(endpoints.size(), 4);
    for (const QJsonValue &endpoint : endpoints)
        QVERIFY(
            endpoint.toObject().value(u"url"_s).toString().startsWith(cloud.baseUrl().toString()));
    QFile report(bundle->reportFile);
    QVERIFY(report.open(QIODevice::ReadOnly));
    QVERIFY(report.readAll().contains("4 of 4 endpoints reachable"));
}

void TestCliBundle::exportThisDeviceWithoutConnectivity()
{
    QTemporaryDir scratch;
    const QString zip = scratch.filePath(u"device.zip"_s);
    const CliRun exported
        = CliRun::run({ u"bundle"_s, u"export"_s, zip, u"--no-tpm"_s, u"--no-connectivity"_s,
                        u"--state-dir"_s, scratch.filePath(u"state"_s) });
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    QVERIFY(!exported.out.contains("Connectivity:"));
    Result<Entra::Bundle::ImportedBundle> bundle = Entra::Bundle::SupportBundleReader::read(zip);
    QVERIFY(bundle);
    const QJsonObject connectivity = readJson(bundle->connectivityFile);
    QCOMPARE(connectivity.value(u"measured"_s).toBool(), false);
    QCOMPARE(connectivity.value(u"reason"_s).toString(), u"Skipped with --no-connectivity."_s);
}

void TestCliBundle::redactIdentities()
{
    QTemporaryDir scratch;
    const QString zip = scratch.filePath(u"masked.zip"_s);
    const CliRun exported = CliRun::run({ u"bundle"_s, u"export"_s, zip, u"--import"_s,
                                          sample(kSample), u"--redact-identities"_s });
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    const CliRun status = CliRun::run({ u"status"_s, u"--import"_s, zip });
    QCOMPARE(status.exitCode, 0);
    QVERIFY(!status.out.contains("028226e0-99ea-4fab-9d1b-daa440c9e286"));
    QVERIFY(status.out.contains("masked-tenant-1"));
}

void TestCliBundle::refusesBadBundle()
{
    QTemporaryDir scratch;
    const QString zip = scratch.filePath(u"bad.zip"_s);
    {
        QFile f(zip);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("PK\x03\x04", 4) + QByteArray(100, 'x'));
    }
    const CliRun status = CliRun::run({ u"status"_s, u"--import"_s, zip });
    QCOMPARE(status.exitCode, 2);
    QVERIFY2(status.err.contains("bad.zip"), status.err.constData());
}

void TestCliBundle::usage()
{
    QCOMPARE(CliRun::run({ u"bundle"_s }).exitCode, 2);
    QCOMPARE(CliRun::run({ u"bundle"_s, u"import"_s, u"x.zip"_s }).exitCode, 2);
}

QTEST_GUILESS_MAIN(TestCliBundle)
#include "tst_cli_bundle.moc"
