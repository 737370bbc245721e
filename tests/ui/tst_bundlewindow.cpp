// Support bundles in the main window: File › Open of a bundle shows its events, certificates
// and TPM report instead of this computer's; File › Export writes one off the GUI thread, with
// progress and a Cancel that leaves nothing behind.
#include "bundle/supportbundlereader.h"
#include "bundle/supportbundlewriter.h"
#include "dsregcmd/statusimport.h"
#include "eventlogmodel.h"
#include "local/deviceenvironment.h"
#include "mainwindow.h"
#include "pages/certificatespage.h"
#include "pages/eventlogspage.h"
#include "pages/tpmpage.h"
#include "testcertificates.h"
#include "widgets/sourcebanner.h"
#include "wizards/exportbundledialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Entra;
using namespace Entra::Ui;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kEvtx = QStringLiteral(ENTRA_SAMPLES_DIR
                                     "/evtx/omerbenamram-evtx__Microsoft-Windows-HelloForBusiness%"
                                     "4Operational.evtx");
const QString kStatus
    = QStringLiteral(ENTRA_SAMPLES_DIR "/dsregcmd/13-kolide-launcher-873-hybrid-tpm-partial.txt");

void saveScreenshot(QWidget &widget, const QString &name)
{
    QDir().mkpath(QStringLiteral(ENTRA_SCREENSHOT_DIR));
    QVERIFY(widget.grab().save(QStringLiteral(ENTRA_SCREENSHOT_DIR "/") + name));
}

TpmReport lockedOutTpm()
{
    TpmReport tpm;
    tpm.tcti = u"device:/dev/tpmrm0"_s;
    tpm.devicePresent = true;
    tpm.responding = true;
    tpm.manufacturerIdTxt = u"NTC"_s;
    tpm.specFamily = u"2.0"_s;
    tpm.specRevision = 138;
    tpm.storageHierarchyEnabled = true;
    tpm.endorsementHierarchyEnabled = true;
    tpm.storagePrimaryCreated = true;
    tpm.da = { true, 32, 32, 7200, 86400 };
    tpm.algorithms = { { u"RSA-2048"_s, true }, { u"SHA-256"_s, true } };
    tpm.evaluateReadiness();
    return tpm;
}

QString labelText(const QWidget &root, const QString &name)
{
    const auto *label = root.findChild<QLabel *>(name);
    return label ? label->text() : u"<no label %1>"_s.arg(name);
}

} // namespace

class TestBundleWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void opensABundleAsTheOriginalMachineSawIt();
    void exportsThisDeviceWithImportedLogs();
    void exportCancelLeavesNothing();
    void exportRefusesAMissingFolder();

private:
    QString writeBundle();
    MainWindow *m_window = nullptr;
    QTemporaryDir m_scratch;
    QTemporaryDir *m_state = nullptr;
    QString m_thumbprint;
};

void TestBundleWindow::init()
{
    m_state = new QTemporaryDir;
    DeviceEnvironmentOptions options;
    options.stateDir = m_state->path(); // never the user's real state
    options.forceSoftwareKeys = true;
    options.tcti = u"swtpm:host=127.0.0.1,port=1"_s; // nothing listens: a quick "no TPM"
    options.cloudBaseUrl = u"https://127.0.0.1:1"_s; // and a quick "unreachable" for connectivity
    m_window = new MainWindow;
    m_window->setEnvironment(std::make_shared<DeviceEnvironment>(options));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestBundleWindow::cleanup()
{
    delete m_window;
    m_window = nullptr;
    delete m_state;
    m_state = nullptr;
}

QString TestBundleWindow::writeBundle()
{
    QFile status(kStatus);
    if (!status.open(QIODevice::ReadOnly))
        qFatal("missing sample");
    Result<StatusSnapshot> snapshot = StatusImport::fromBytes(status.readAll(), u"sample"_s);
    if (!snapshot)
        qFatal("sample does not parse");
    Bundle::SupportBundleContent content;
    content.snapshot = *snapshot;
    content.tpm = lockedOutTpm();
    TestCertificates::Options device;
    device.subjectCn = u"126cafbf-18e6-47a8-ad06-d5affe132b36"_s; // the sample's DeviceId
    Result<DeviceCertificate> certificate
        = DeviceCertificate::fromDer(TestCertificates::mint(device).der);
    if (!certificate)
        qFatal("cannot mint");
    m_thumbprint = certificate->thumbprint;
    content.certificates << *certificate;
    content.eventFiles << kEvtx;
    const QString zip = m_scratch.filePath(u"from-helpdesk.zip"_s);
    if (!Bundle::SupportBundleWriter::write(zip, content))
        qFatal("cannot write the bundle");
    return zip;
}

void TestBundleWindow::opensABundleAsTheOriginalMachineSawIt()
{
    const QString zip = writeBundle();
    QSignalSpy shown(m_window, &MainWindow::snapshotShown);
    m_window->openFile(zip);
    QVERIFY(shown.wait(20000));
    QCOMPARE(m_window->snapshot().origin.kind, SourceKind::Bundle);
    QVERIFY(m_window->banner()->sourceText().contains(u"from-helpdesk.zip"_s));
    QVERIFY(m_window->banner()->sourceText().contains(u"support bundle"_s));

    // Its event log, and not this computer's operation log.
    auto *events = m_window->findChild<EventLogsPage *>();
    m_window->selectPage(u"Event logs"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!events->importQueue()->isBusy() && events->model()->totalCount() > 0,
                             20000);
    const QStringList imported = events->importQueue()->importedFiles();
    QCOMPARE(imported.size(), 1);
    QVERIFY(imported.constFirst().endsWith(QFileInfo(kEvtx).fileName()));
    QVERIFY(!imported.constFirst().startsWith(m_state->path()));

    // Its certificate, named by its place in the bundle.
    auto *certificates = m_window->findChild<CertificatesPage *>();
    QTRY_VERIFY_WITH_TIMEOUT(!certificates->isLoading() && certificates->file(), 20000);
    QCOMPARE(certificates->file()->certificate().thumbprint, m_thumbprint);
    QVERIFY(certificates->bundleFiles()->isVisible() || !certificates->isVisible());
    QCOMPARE(certificates->bundleFiles()->count(), 1);
    QVERIFY(certificates->bundleFiles()->itemText(0).startsWith(u"certificates/"_s));
    QVERIFY(labelText(*certificates, u"certificateSource"_s).contains(u"in the support bundle"_s));
    // Checked against the bundle's status, which arrived while the file was being read.
    bool comparedSubject = false;
    for (const Finding &check : certificates->checks())
        comparedSubject |= check.id == u"cert.subject" && check.title.contains(u"matches"_s);
    QVERIFY(comparedSubject);

    // Its TPM: locked out there, whatever this computer has.
    auto *tpm = m_window->findChild<TpmPage *>();
    m_window->selectPage(u"TPM"_s);
    QVERIFY(tpm->isShowingImported());
    QVERIFY(tpm->report());
    QVERIFY(tpm->report()->da.inLockout);
    QCOMPARE(labelText(*tpm, u"tpmVerdict"_s), u"The TPM is not ready for use."_s);
    QVERIFY(tpm->findChild<QLabel *>(u"tpmOrigin"_s)->isVisible());
    saveScreenshot(*m_window, u"bundle-tpm-page.png"_s);
    m_window->selectPage(u"Certificates"_s);
    saveScreenshot(*m_window, u"bundle-certificates-page.png"_s);

    // Back to this device: the bundle's views go.
    m_window->showThisDevice();
    QVERIFY(shown.wait(20000));
    QCOMPARE(m_window->snapshot().origin.kind, SourceKind::ThisDevice);
    QVERIFY(!tpm->isShowingImported());
    QVERIFY(!certificates->file());
    QCOMPARE(certificates->bundleFiles()->count(), 0);
    QVERIFY(!events->importQueue()->importedFiles().contains(imported.constFirst()));
}

void TestBundleWindow::exportsThisDeviceWithImportedLogs()
{
    QSignalSpy shown(m_window, &MainWindow::snapshotShown);
    m_window->showThisDevice();
    QVERIFY(shown.wait(20000));
    auto *events = m_window->findChild<EventLogsPage *>();
    events->importFiles({ kEvtx });
    QTRY_VERIFY_WITH_TIMEOUT(!events->importQueue()->isBusy() && events->model()->totalCount() > 0,
                             20000);

    ExportBundleDialog *dialog = m_window->openExportDialog();
    QVERIFY(dialog);
    QVERIFY(labelText(*dialog, u"exportIntro"_s).contains(u"1 imported event log"_s));
    const QString zip = m_scratch.filePath(u"this-device.zip"_s);
    dialog->findChild<QLineEdit *>(u"bundlePath"_s)->setText(zip);
    dialog->findChild<QCheckBox *>(u"redactIdentities"_s)->setChecked(true);
    saveScreenshot(*dialog, u"export-bundle-dialog.png"_s);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"exportButton"_s), Qt::LeftButton);
    QVERIFY(dialog->isExporting()); // the GUI thread went on
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isExporting(), 60000);
    QVERIFY2(dialog->succeeded(), qPrintable(dialog->resultText()));
    QVERIFY(dialog->resultText().contains(QDir::toNativeSeparators(zip)));
    QVERIFY(dialog->findChild<QPushButton *>(u"showFolderButton"_s)->isVisible());
    saveScreenshot(*dialog, u"export-bundle-done.png"_s);

    Result<Bundle::ImportedBundle> read = Bundle::SupportBundleReader::read(zip);
    QVERIFY2(read, qPrintable(read ? QString() : read.error().message));
    QVERIFY(read->manifest.identitiesRedacted);
    QStringList names;
    for (const QString &file : read->eventFiles)
        names << QFileInfo(file).fileName();
    QVERIFY(names.contains(QFileInfo(kEvtx).fileName()));
    QVERIFY(!read->tpmFile.isEmpty()); // probed (no TPM answers here, which it says)
    QVERIFY(!read->connectivityFile.isEmpty());
    QVERIFY(!read->reportFile.isEmpty());
    QCOMPARE(read->snapshot.sections().size(), m_window->snapshot().sections().size());
    QTRY_VERIFY(m_window->banner()->noticeText().contains(u"Support bundle written"_s));
    dialog->close();
}

void TestBundleWindow::exportCancelLeavesNothing()
{
    // A collect step that hands over a big file, so that the writing takes a while.
    const QString big = m_scratch.filePath(u"big.evtx"_s);
    {
        QFile file(big);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray chunk(1 << 20, 'e');
        for (int i = 0; i < 200; ++i)
            file.write(chunk);
    }
    ExportBundleDialog dialog(u"a test"_s, [big]() -> Result<Bundle::SupportBundleContent> {
        Bundle::SupportBundleContent content;
        content.snapshot.ensureSection(u"Device State"_s).set(u"AzureAdJoined"_s, u"NO"_s);
        content.eventFiles << big;
        return content;
    });
    dialog.show();
    const QString zip = m_scratch.filePath(u"cancelled.zip"_s);
    dialog.setPath(zip);
    dialog.startExport();
    auto *progress = dialog.findChild<QProgressBar *>(u"exportProgress"_s);
    QTRY_VERIFY_WITH_TIMEOUT(progress->value() > 0, 30000);
    QVERIFY(dialog.isExporting());
    QTest::mouseClick(dialog.findChild<QPushButton *>(u"cancelButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isExporting(), 30000);
    QVERIFY(dialog.isVisible()); // Cancel stopped the export, not the dialog
    QVERIFY(!dialog.succeeded());
    QVERIFY(dialog.resultText().contains(u"cancelled"_s));
    QVERIFY(!QFile::exists(zip));
    QVERIFY(!QFile::exists(zip + u".part"_s));
    // Cancel again closes it.
    QTest::mouseClick(dialog.findChild<QPushButton *>(u"cancelButton"_s), Qt::LeftButton);
    QVERIFY(!dialog.isVisible());
}

void TestBundleWindow::exportRefusesAMissingFolder()
{
    ExportBundleDialog dialog(u"a test"_s, []() -> Result<Bundle::SupportBundleContent> {
        return Bundle::SupportBundleContent {};
    });
    dialog.setPath(m_scratch.filePath(u"no/such/folder/out.zip"_s));
    dialog.startExport();
    QVERIFY(!dialog.isExporting());
    QVERIFY(dialog.resultText().contains(u"does not exist"_s));
    dialog.setPath(m_scratch.path());
    dialog.startExport();
    QVERIFY(!dialog.isExporting());
    QVERIFY(dialog.resultText().contains(u"Choose a file name"_s));
}

QTEST_MAIN(TestBundleWindow)
#include "tst_bundlewindow.moc"
