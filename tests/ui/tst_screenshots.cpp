// Runs under xvfb-run with the real X11 platform plugin and saves screenshots of the main
// window with a status loaded into <build>/screenshots, for people to look at.
#include "mainwindow.h"
#include "pages/certificatespage.h"
#include "pages/diagnosticspage.h"
#include "testcertificates.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QScreen>
#include <QSet>
#include <QSignalSpy>
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

private:
    void saveScreenshot(MainWindow &window, const QString &file);
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
    saveScreenshot(window, file);
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
    saveScreenshot(window, u"certificates-page.png"_s);
}

void TestScreenshots::saveScreenshot(MainWindow &window, const QString &file)
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
