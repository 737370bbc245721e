// Export and re-export of support bundles: progress and cancelling, what an opened bundle gives
// to a new one, and the TPM report read back from tpm.json.
#include "bundle/bundleexportjob.h"
#include "bundle/bundlereexport.h"
#include "bundle/supportbundlereader.h"
#include "bundle/supportbundlewriter.h"
#include "dsregcmd/statusimport.h"
#include "sampleutil.h"
#include "testcertificates.h"

#include <QDir>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;
using namespace Entra::Bundle;

namespace {

StatusSnapshot sampleSnapshot()
{
    Result<StatusSnapshot> snapshot = StatusImport::fromBytes(
        readDsregcmdSample(u"13-kolide-launcher-873-hybrid-tpm-partial.txt"_s), u"sample"_s);
    if (!snapshot)
        qFatal("sample does not parse");
    return *snapshot;
}

TpmReport lockedOutTpm()
{
    TpmReport tpm;
    tpm.tcti = u"swtpm:port=2321"_s;
    tpm.tctiSource = u"explicit"_s;
    tpm.devicePresent = true;
    tpm.responding = true;
    tpm.manufacturerId = 0x49424D00;
    tpm.manufacturerIdTxt = u"IBM"_s;
    tpm.vendorString = u"SW   TPM"_s;
    tpm.firmwareVersion1 = 0x20191023;
    tpm.firmwareVersion2 = 0x00163636;
    tpm.specFamily = u"2.0"_s;
    tpm.specLevel = 0;
    tpm.specRevision = 164;
    tpm.specYear = 2021;
    tpm.storageHierarchyEnabled = true;
    tpm.endorsementHierarchyEnabled = true;
    tpm.storagePrimaryCreated = true;
    tpm.da = { true, 32, 32, 7200, 86400 };
    tpm.algorithms = { { u"RSA-2048"_s, true }, { u"SHA-256"_s, true } };
    tpm.pcrBanks = { u"sha1"_s, u"sha256"_s };
    tpm.evaluateReadiness();
    return tpm;
}

// A file of `size` random bytes (which, unlike repeated ones, the reader's zip-bomb ratio check
// accepts back).
QString makeFile(const QTemporaryDir &dir, const QString &name, qint64 size)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write");
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    QRandomGenerator(7).fillRange(reinterpret_cast<quint32 *>(chunk.data()),
                                  chunk.size() / sizeof(quint32));
    for (qint64 left = size; left > 0; left -= chunk.size())
        file.write(chunk.constData(), qMin<qint64>(left, chunk.size()));
    return file.fileName();
}

} // namespace

class TestBundleExport : public QObject
{
    Q_OBJECT

private slots:
    void tpmReportRoundTrips();
    void tpmReportRefusesJunk();
    void writerReportsProgress();
    void cancelLeavesNothing();
    void exportJobRunsOffThread();
    void exportJobCancels();
    void reexportKeepsEverything();
};

void TestBundleExport::tpmReportRoundTrips()
{
    const TpmReport original = lockedOutTpm();
    QVERIFY(!original.reasons.isEmpty()); // locked out: not ready
    const QByteArray json = QJsonDocument(original.toJson()).toJson();
    Result<TpmReport> read = TpmReport::fromJson(json);
    QVERIFY2(read, qPrintable(read ? QString() : read.error().message));
    QCOMPARE(QJsonDocument(read->toJson()).toJson(), json);
    QCOMPARE(read->ready(), false);
    QCOMPARE(read->reasons.size(), original.reasons.size());
    QCOMPARE(read->reasons.constFirst().issue, original.reasons.constFirst().issue);
    QCOMPARE(read->reasons.constFirst().fix, original.reasons.constFirst().fix);
    QCOMPARE(read->specRevision, 164u);
    QCOMPARE(read->da.failedTries, 32u);
}

void TestBundleExport::tpmReportRefusesJunk()
{
    for (const QByteArray &junk : { QByteArray("[1,2]"), QByteArray("{\"Tcti\": "),
                                    QByteArray("\x00\xff", 2), QByteArray() }) {
        Result<TpmReport> read = TpmReport::fromJson(junk);
        QVERIFY(!read);
        QVERIFY(read.error().message.contains(u"not a JSON object"_s));
    }
    // Wrong types and absurd numbers read as defaults, never as garbage.
    Result<TpmReport> odd = TpmReport::fromJson(
        R"({"TpmResponding": "yes", "LockoutCount": -5, "LockoutMax": 99999999999, "SpecRevision": 7})");
    QVERIFY(odd);
    QCOMPARE(odd->responding, false);
    QCOMPARE(odd->da.failedTries, 0u);
    QCOMPARE(odd->da.maxTries, 0xFFFFFFFFu);
    QCOMPARE(odd->specRevision, 0u);
}

void TestBundleExport::writerReportsProgress()
{
    QTemporaryDir scratch;
    SupportBundleContent content;
    content.snapshot = sampleSnapshot();
    content.eventFiles << makeFile(scratch, u"big.evtx"_s, 3 << 20);
    QList<std::pair<qint64, qint64>> reports;
    BundleWriteMonitor monitor;
    monitor.progress = [&reports](qint64 written, qint64 total) {
        reports.append({ written, total });
    };
    const QString zip = scratch.filePath(u"out.zip"_s);
    Result<Manifest> written = SupportBundleWriter::write(zip, content, monitor);
    QVERIFY2(written, qPrintable(written ? QString() : written.error().message));
    QVERIFY(reports.size() > 3 * 16); // 64 KiB chunks of a 3 MiB file, and more
    for (qsizetype i = 1; i < reports.size(); ++i) {
        QVERIFY(reports.at(i).first > reports.at(i - 1).first); // always forward
        QVERIFY(reports.at(i).first <= reports.at(i).second);
    }
    QVERIFY(reports.constLast().second >= 3 << 20);
}

void TestBundleExport::cancelLeavesNothing()
{
    QTemporaryDir scratch;
    SupportBundleContent content;
    content.snapshot = sampleSnapshot();
    content.eventFiles << makeFile(scratch, u"big.evtx"_s, 4 << 20);
    int calls = 0;
    BundleWriteMonitor monitor;
    monitor.isCanceled = [&calls] {
        return ++calls > 10;
    };
    const QString zip = scratch.filePath(u"out.zip"_s);
    Result<Manifest> written = SupportBundleWriter::write(zip, content, monitor);
    QVERIFY(!written);
    QCOMPARE(written.error().code, SupportBundleWriter::kCanceled);
    QVERIFY(written.error().message.contains(u"cancelled"_s));
    QCOMPARE(calls, 11);
    QVERIFY(!QFile::exists(zip));
    QVERIFY(!QFile::exists(zip + u".part"_s));
    QCOMPARE(QDir(scratch.path()).entryList(QDir::Files), QStringList { u"big.evtx"_s });
}

void TestBundleExport::exportJobRunsOffThread()
{
    QTemporaryDir scratch;
    const QString evtx = makeFile(scratch, u"big.evtx"_s, 2 << 20);
    BundleExportJob job;
    QSignalSpy finished(&job, &BundleExportJob::finished);
    QSignalSpy failed(&job, &BundleExportJob::failed);
    QThread *collectedOn = nullptr;
    const QString zip = scratch.filePath(u"job.zip"_s);
    job.start(zip, [&collectedOn, evtx]() -> Result<SupportBundleContent> {
        collectedOn = QThread::currentThread();
        SupportBundleContent content;
        content.snapshot = sampleSnapshot();
        content.eventFiles << evtx;
        return content;
    });
    QVERIFY(job.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, 30000);
    QCOMPARE(failed.size(), 0);
    QVERIFY(collectedOn && collectedOn != QThread::currentThread());
    QCOMPARE(finished.constFirst().at(1).toString(), zip);
    QVERIFY(!job.isRunning());
    Result<ImportedBundle> read = SupportBundleReader::read(zip);
    QVERIFY2(read, qPrintable(read ? QString() : read.error().message));

    // A collect step that fails reports its own error.
    job.start(scratch.filePath(u"never.zip"_s), []() -> Result<SupportBundleContent> {
        return Error { ErrorDomain::Tpm, 0, u"The TPM did not answer."_s, {}, {} };
    });
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 30000);
    QCOMPARE(failed.constFirst().constFirst().value<Error>().message, u"The TPM did not answer."_s);
    QVERIFY(!QFile::exists(scratch.filePath(u"never.zip"_s)));
}

void TestBundleExport::exportJobCancels()
{
    QTemporaryDir scratch;
    const QString evtx = makeFile(scratch, u"big.evtx"_s, 64 << 20);
    BundleExportJob job;
    QSignalSpy failed(&job, &BundleExportJob::failed);
    QSignalSpy finished(&job, &BundleExportJob::finished);
    QSignalSpy progressed(&job, &BundleExportJob::progressed);
    const QString zip = scratch.filePath(u"job.zip"_s);
    job.start(zip, [evtx]() -> Result<SupportBundleContent> {
        SupportBundleContent content;
        content.snapshot = sampleSnapshot();
        content.eventFiles << evtx;
        return content;
    });
    QTRY_VERIFY_WITH_TIMEOUT(!progressed.isEmpty() || !finished.isEmpty(), 30000);
    job.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(failed.size() + finished.size(), 1, 30000);
    QCOMPARE(finished.size(), 0); // 64 MiB take longer than one progress tick
    QCOMPARE(failed.constFirst().constFirst().value<Error>().code, SupportBundleWriter::kCanceled);
    QVERIFY(!QFile::exists(zip));
    QVERIFY(!QFile::exists(zip + u".part"_s));
}

void TestBundleExport::reexportKeepsEverything()
{
    QTemporaryDir scratch;
    SupportBundleContent content;
    content.snapshot = sampleSnapshot();
    content.tpm = lockedOutTpm();
    const TestCertificates::Minted minted = TestCertificates::mint();
    Result<DeviceCertificate> certificate = DeviceCertificate::fromDer(minted.der);
    QVERIFY(certificate);
    content.certificates << *certificate;
    content.eventFiles << makeFile(scratch, u"System.evtx"_s, 1000);
    const QString first = scratch.filePath(u"first.zip"_s);
    QVERIFY(SupportBundleWriter::write(first, content));

    Result<StatusImport::ImportedStatus> opened = StatusImport::openFile(first);
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    QVERIFY(opened->bundle);
    QCOMPARE(opened->snapshot.origin.kind, SourceKind::Bundle);
    QCOMPARE(opened->snapshot.sections(), content.snapshot.sections());

    const SupportBundleContent again = BundleReexport::contentOf(*opened->bundle);
    QVERIFY(again.tpm);
    QCOMPARE(QJsonDocument(again.tpm->toJson()).toJson(),
             QJsonDocument(content.tpm->toJson()).toJson());
    QCOMPARE(again.certificates.size(), 1);
    QCOMPARE(again.certificates.constFirst().thumbprint, certificate->thumbprint);
    QCOMPARE(again.eventFiles.size(), 1);
    QCOMPARE(QFileInfo(again.eventFiles.constFirst()).size(), 1000);

    // The second bundle carries the TPM report, certificates and event files byte for byte
    // (the generated entries name their new source and time, so they differ).
    const QString second = scratch.filePath(u"second.zip"_s);
    Result<Manifest> rewritten = SupportBundleWriter::write(second, again);
    QVERIFY(rewritten);
    Result<ImportedBundle> firstRead = SupportBundleReader::read(first);
    QVERIFY(firstRead);
    auto carried = [](const QList<ManifestEntry> &entries) {
        QStringList out;
        for (const ManifestEntry &entry : entries) {
            if (entry.path == u"tpm.json" || entry.path.startsWith(u"certificates/")
                || entry.path.startsWith(u"events/"))
                out << entry.path + u' ' + QString::fromLatin1(entry.sha256);
        }
        return out;
    };
    QCOMPARE(carried(rewritten->entries).size(), 3);
    QCOMPARE(carried(rewritten->entries), carried(firstRead->manifest.entries));
}

QTEST_GUILESS_MAIN(TestBundleExport)
#include "tst_bundleexport.moc"
