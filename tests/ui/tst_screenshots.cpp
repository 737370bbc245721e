// Runs under xvfb-run with the real X11 platform plugin and saves screenshots of the main
// window with a status loaded into <build>/screenshots, for people to look at.
#include "eventlogmodel.h"
#include "local/deviceenvironment.h"
#include "mainwindow.h"
#include "oplog/operationlog.h"
#include "pages/certificatespage.h"
#include "pages/diagnosticspage.h"
#include "pages/eventlogspage.h"
#include "testcertificates.h"
#include "widgets/eventfilterbar.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QScreen>
#include <QSet>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Entra::Ui;
using namespace Qt::Literals::StringLiterals;

class TestScreenshots : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mainWindowPages_data();
    void mainWindowPages();
    void certificatesPage();
    void eventLogsPage();

private:
    void save(QWidget &window, const QString &file);
};

void TestScreenshots::mainWindowPages_data()
{
    QTest::addColumn<QString>("page");
    QTest::addColumn<QString>("file");
    QTest::newRow("overview") << u"Overview"_s << u"main-window.png"_s;
    QTest::newRow("device") << u"Device"_s << u"device-page.png"_s;
    QTest::newRow("user") << u"User & SSO"_s << u"user-sso-page.png"_s;
    QTest::newRow("tpm") << u"TPM"_s << u"tpm-page.png"_s;
    QTest::newRow("diagnostics") << u"Diagnostics"_s << u"diagnostics-page.png"_s;
}

void TestScreenshots::mainWindowPages()
{
    QFETCH(QString, page);
    QFETCH(QString, file);
    QCOMPARE(QGuiApplication::platformName(), u"xcb"_s);

    MainWindow window;
    window.resize(1180, 760);
    QSignalSpy shown(&window, &MainWindow::snapshotShown);
    window.openFile(QStringLiteral(ENTRA_TEST_DATA_DIR "/dsregcmd/hybrid-prt-failure.txt"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 10000); // may arrive while waiting for exposure
    // The diagnostics (and the Overview's top findings) arrive from a background run.
    auto *diagnostics = window.findChild<DiagnosticsPage *>();
    QVERIFY(diagnostics);
    QTRY_VERIFY_WITH_TIMEOUT(diagnostics->report().has_value(), 10000);
    window.selectPage(page);

    save(window, file);
}

// A device certificate for the fixture's DeviceId, with its key, opened on the Certificates
// page: the checks pass except the thumbprint, which the fixture gives as another one.
void TestScreenshots::certificatesPage()
{
    MainWindow window;
    window.resize(1180, 760);
    QSignalSpy shown(&window, &MainWindow::snapshotShown);
    window.openFile(QStringLiteral(ENTRA_TEST_DATA_DIR "/dsregcmd/hybrid-prt-failure.txt"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 10000);

    TestCertificates::Options options;
    options.subjectCn = u"00aa00aa-bb11-cc22-dd33-44ee44ee44ee"_s;
    const TestCertificates::Minted cert = TestCertificates::mint(options);
    QTemporaryDir dir;
    QFile file(dir.filePath(u"device-with-key.pem"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(TestCertificates::toPem(cert.der) + TestCertificates::keyToPem(cert.keyPkcs8));
    file.close();
    auto *page = window.findChild<CertificatesPage *>();
    QVERIFY(page);
    QSignalSpy certificateShown(page, &CertificatesPage::certificateShown);
    page->openFile(file.fileName());
    QVERIFY(certificateShown.wait(10000));
    window.selectPage(u"Certificates"_s);
    save(window, u"certificates-page.png"_s);
}

// Real data: the HelloForBusiness and Application samples plus an operation log with a failed
// join, filtered to problems, with a failed step selected and explained.
void TestScreenshots::eventLogsPage()
{
    QTemporaryDir state;
    {
        using namespace Entra::OpLog;
        OperationLog log(state.path());
        OperationRun run(log, u"join"_s);
        const QDateTime t(QDate(2018, 7, 6), QTime(22, 7, 40), Qt::UTC);
        const auto at = [&](int s, const QString &step, OperationResult r, const QString &code,
                            const QString &message) {
            return OperationLogEntry { t.addSecs(s), run.correlationId(), u"join"_s, step, r, code,
                                       message };
        };
        for (const auto &e : { at(0, u"discover"_s, OperationResult::Started, {}, {}),
                               at(1, u"discover"_s, OperationResult::Succeeded, {}, {}),
                               at(2, u"sign-in"_s, OperationResult::Started, {}, {}),
                               at(40, u"register"_s, OperationResult::Failed, u"0x801c03f2"_s,
                                  u"The registration service could not find the device object."_s),
                               at(41, u"register"_s, OperationResult::RolledBack, {},
                                  u"Deleted the device and transport keys this join created."_s) })
            QVERIFY(log.append(e));
    }
    MainWindow window;
    window.resize(1180, 760);
    Entra::DeviceEnvironmentOptions options;
    options.stateDir = state.path();
    window.setEnvironment(std::make_shared<Entra::DeviceEnvironment>(options));
    QSignalSpy shown(&window, &MainWindow::snapshotShown);
    window.openFile(QStringLiteral(ENTRA_TEST_DATA_DIR "/dsregcmd/hybrid-prt-failure.txt"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 10000);
    EventLogsPage *page = window.eventLogsPage();
    QSignalSpy imported(page, &EventLogsPage::importsFinished);
    window.selectPage(u"Event logs"_s); // reads the operation log
    QVERIFY(imported.wait(30000));
    page->importFiles(
        { QStringLiteral(
              ENTRA_SAMPLES_DIR
              "/evtx/omerbenamram-evtx__Microsoft-Windows-HelloForBusiness%4Operational.evtx"),
          QStringLiteral(ENTRA_SAMPLES_DIR "/evtx/omerbenamram-evtx__Application_no_crc32.evtx") });
    QVERIFY(imported.wait(30000));
    QCOMPARE(page->model()->totalCount(), 5 + 5 + 17);
    page->filterBar()->setLevelChoice(1); // problems: critical, error, warning
    QTableView *view = page->view();
    QVERIFY(view->model()->rowCount() >= 3);
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        if (view->model()->index(row, Entra::Models::EventLogModel::IdColumn).data().toUInt() == 3
            && view->model()
                    ->index(row, 0)
                    .data(Entra::Models::EventLogModel::ChannelRole)
                    .toString()
                == u"EntraDoctor/Operations") {
            view->setCurrentIndex(view->model()->index(row, 0));
        }
    }
    QVERIFY(view->currentIndex().isValid());
    save(window, u"event-logs-page.png"_s);
}

void TestScreenshots::save(QWidget &window, const QString &file)
{
    QTest::qWait(300); // let the X server paint
    const QImage image = window.screen()->grabWindow(window.winId()).toImage();
    QVERIFY(image.width() >= 1000 && image.height() >= 700);
    // A real rendering has text and colours, not a blank or single-colour frame.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));

    const QString dir = QStringLiteral(ENTRA_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(image.save(dir + u'/' + file));
}

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
