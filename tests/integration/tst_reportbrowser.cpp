// report.html in a real browser: bundles written by the real binary (an imported status with
// event logs, and this device joined to fakecloud), rendered by headless Chromium offline. The
// screenshots go to build/screenshots/; the DOM must hold the texts a helpdesk looks for.
#include "bundle/supportbundlereader.h"
#include "diagnostics/diagnosticengine.h"
#include "dsregcmd/statusimport.h"
#include "fakecloudinstance.h"
#include "state/healthsummary.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;
using namespace Entra;

namespace {

const QString kSamples = QStringLiteral(ENTRA_SAMPLES_DIR);
const QString kProblemSample
    = kSamples + u"/dsregcmd/06-mslearn-sso-state-prt-no-aadsts50126-enterprise-prt-cloudtgt.txt"_s;
const QString kHelloEvtx
    = kSamples + u"/evtx/omerbenamram-evtx__Microsoft-Windows-HelloForBusiness%4Operational.evtx"_s;
const QString kSystemEvtx = kSamples + u"/evtx/omerbenamram-evtx__2-vss_7-System.evtx"_s;
constexpr int kWidth = 1280;
constexpr int kHeight = 2000;
constexpr int kBrowserTimeoutMs = 90000;

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool timedOut = false;
};

// Runs a program in its own process group, so that a hung browser is killed with all its
// helper processes.
Run runProgram(const QString &program, const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.setChildProcessModifier([] { ::setsid(); });
    process.start(program, arguments);
    Run run;
    if (!process.waitForStarted(10000)) {
        run.err = process.errorString().toUtf8();
        return run;
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        run.timedOut = true;
        ::kill(-pid_t(process.processId()), SIGKILL);
        process.waitForFinished(10000);
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

Run entraDoctor(const QStringList &arguments)
{
    return runProgram(QStringLiteral(ENTRA_DOCTOR_BINARY), arguments, 120000);
}

// Text as the DOM serialiser writes it in an element.
QString domText(QString text)
{
    return text.replace(u'&', u"&amp;"_s).replace(u'<', u"&lt;"_s).replace(u'>', u"&gt;"_s);
}

} // namespace

class TestReportBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void importedStatusWithEvents();
    void thisDeviceJoinedToFakecloud();
    void printsToPdf();

private:
    // Chromium, offline: every host name resolves to nothing, no sandbox (containers), no GPU.
    Run chromium(const QStringList &arguments, const QString &file);
    QString exportImported(const QString &zip);
    QString reportOf(const QString &zip);
    void checkScreenshot(const QString &reportFile, const QString &name);

    QString m_chromium;
    QTemporaryDir m_scratch;
    std::optional<Bundle::ImportedBundle> m_opened; // keeps the last extraction alive
};

void TestReportBrowser::initTestCase()
{
    m_chromium = qEnvironmentVariable("ENTRA_CHROMIUM");
    if (m_chromium.isEmpty())
        m_chromium = QStandardPaths::findExecutable(u"chromium"_s);
    QVERIFY2(!m_chromium.isEmpty(),
             "chromium is not installed (scripts/common.sh installs it with the test packages)");
    QVERIFY(QDir().mkpath(QStringLiteral(ENTRA_SCREENSHOT_DIR)));
    QVERIFY(m_scratch.isValid());
}

Run TestReportBrowser::chromium(const QStringList &arguments, const QString &file)
{
    QTemporaryDir profile;
    const QStringList common {
        u"--headless"_s,
        u"--no-sandbox"_s,
        u"--disable-gpu"_s,
        u"--disable-dev-shm-usage"_s,
        u"--no-first-run"_s,
        u"--no-default-browser-check"_s,
        u"--disable-extensions"_s,
        u"--hide-scrollbars"_s,
        u"--user-data-dir="_s + profile.path(),
        u"--host-resolver-rules=MAP * ~NOTFOUND"_s,
    };
    const Run run = runProgram(
        m_chromium, common + arguments + QStringList { QUrl::fromLocalFile(file).toString() },
        kBrowserTimeoutMs);
    if (run.timedOut)
        qWarning("chromium did not finish within %d s and was killed", kBrowserTimeoutMs / 1000);
    return run;
}

QString TestReportBrowser::reportOf(const QString &zip)
{
    Result<Bundle::ImportedBundle> bundle = Bundle::SupportBundleReader::read(zip);
    if (!bundle)
        return {};
    m_opened = std::move(bundle).value();
    return m_opened->reportFile;
}

QString TestReportBrowser::exportImported(const QString &zip)
{
    const Run exported = entraDoctor({ u"bundle"_s, u"export"_s, zip, u"--import"_s, kProblemSample,
                                       u"--evtx"_s, kHelloEvtx, u"--evtx"_s, kSystemEvtx });
    if (exported.exitCode != 0)
        qWarning("bundle export failed: %s", exported.err.constData());
    return reportOf(zip);
}

void TestReportBrowser::checkScreenshot(const QString &reportFile, const QString &name)
{
    const QString png = QStringLiteral(ENTRA_SCREENSHOT_DIR) + u'/' + name;
    QFile::remove(png);
    const Run shot
        = chromium({ u"--window-size=%1,%2"_s.arg(kWidth).arg(kHeight), u"--screenshot="_s + png },
                   reportFile);
    QVERIFY2(!shot.timedOut, "chromium hung taking the screenshot");
    QVERIFY2(shot.exitCode == 0, shot.err.right(2000).constData());

    QImage image;
    QVERIFY2(image.load(png), qPrintable(png));
    QCOMPARE(image.size(), QSize(kWidth, kHeight));
    image = image.convertToFormat(QImage::Format_RGB32);
    QHash<QRgb, int> colours;
    for (int y = 0; y < image.height(); y += 2) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            ++colours[line[x] & 0xffffff];
    }
    int most = 0;
    for (const int count : std::as_const(colours))
        most = qMax(most, count);
    const int sampled = image.width() * (image.height() / 2);
    QVERIFY2(colours.size() >= 256, qPrintable(u"only %1 colours"_s.arg(colours.size())));
    QVERIFY2(most < sampled * 0.85, "one colour covers almost the whole page");
    // The stylesheet applied: the masthead is dark blue, the page light.
    const QColor masthead = image.pixelColor(8, 8);
    QVERIFY2(masthead.blue() > 90 && masthead.red() < 60,
             qPrintable(u"masthead colour %1"_s.arg(masthead.name())));
    const QColor page = image.pixelColor(4, kHeight - 4);
    QVERIFY2(page.lightness() > 220, qPrintable(u"page colour %1"_s.arg(page.name())));
}

void TestReportBrowser::importedStatusWithEvents()
{
    const QString report = exportImported(m_scratch.filePath(u"imported.zip"_s));
    QVERIFY(!report.isEmpty());
    checkScreenshot(report, u"support-report.png"_s);

    const Run dump = chromium({ u"--dump-dom"_s }, report);
    QVERIFY2(!dump.timedOut, "chromium hung dumping the DOM");
    QVERIFY2(dump.exitCode == 0, dump.err.right(2000).constData());
    const QString dom = QString::fromUtf8(dump.out);

    // What the report must say, computed here the way the GUI does.
    Result<StatusSnapshot> snapshot = StatusImport::fromFile(kProblemSample);
    QVERIFY(snapshot);
    const HealthSummary health = summarizeHealth(*snapshot, QDateTime());
    DiagnosticInput input;
    input.snapshot = *snapshot;
    const DiagnosticReport diagnostics = DiagnosticEngine::run(input);
    QVERIFY(diagnostics.top());
    QVERIFY2(
        dom.contains(u"<div id=\"headline\">%1</div>"_s.arg(domText(diagnostics.top()->title))),
        qPrintable(diagnostics.top()->title));
    QVERIFY2(dom.contains(u"<h3>%1</h3>"_s.arg(domText(health.sso.headline))),
             qPrintable(health.sso.headline));
    QVERIFY(dom.contains(u"<span>Problems found</span>"_s));
    QVERIFY(
        dom.contains(u"<span class=\"title\">%1</span>"_s.arg(domText(diagnostics.top()->title))));
    QVERIFY(dom.contains(u"<svg class=\"histogram\""_s));
    QVERIFY(dom.contains(u"Hello prerequisites check failed"_s));
    QVERIFY(dom.contains(u"id=\"events-more\""_s));
    QVERIFY(dom.contains(u"<span class=\"pill skip\">Not measured</span>"_s));
    QVERIFY(!dom.contains(u"<script"_s));
}

void TestReportBrowser::thisDeviceJoinedToFakecloud()
{
    Test::FakeCloudInstance::Options options;
    options.autoApproveUpn = u"alice@contoso.onmicrosoft.com"_s;
    options.autoApproveMfa = true;
    Test::FakeCloudInstance cloud(options);
    QVERIFY2(cloud.start(), qPrintable(cloud.errorString()));
    const QStringList global { u"--cloud"_s,     cloud.baseUrl().toString(),
                               u"--ca-file"_s,   cloud.caFile(),
                               u"--state-dir"_s, m_scratch.filePath(u"device-state"_s),
                               u"--no-tpm"_s };
    const Run joined
        = entraDoctor(QStringList { u"join"_s, u"--tenant"_s, cloud.tenantDomain() } + global);
    QVERIFY2(joined.exitCode == 0, joined.err.constData());
    const Run prt = entraDoctor(QStringList { u"prt"_s, u"acquire"_s } + global);
    QVERIFY2(prt.exitCode == 0, prt.err.constData());
    const QString zip = m_scratch.filePath(u"device.zip"_s);
    const Run exported = entraDoctor(
        QStringList { u"bundle"_s, u"export"_s, zip, u"--evtx"_s, kHelloEvtx } + global);
    QVERIFY2(exported.exitCode == 0, exported.err.constData());
    const QString report = reportOf(zip);
    QVERIFY(!report.isEmpty());
    QVERIFY(!m_opened->certificateFiles.isEmpty());
    checkScreenshot(report, u"support-report-this-device.png"_s);

    const Run dump = chromium({ u"--dump-dom"_s }, report);
    QVERIFY2(dump.exitCode == 0 && !dump.timedOut, dump.err.right(2000).constData());
    const QString dom = QString::fromUtf8(dump.out);
    const HealthSummary health
        = summarizeHealth(m_opened->snapshot, QDateTime::currentDateTimeUtc());
    QVERIFY2(dom.contains(u"<h3>%1</h3>"_s.arg(domText(health.device.headline))),
             qPrintable(health.device.headline));
    QVERIFY(dom.contains(u"4 of 4 endpoints reachable"_s));
    QVERIFY(dom.contains(u"<span class=\"pill pass\">Reachable</span>"_s));
    const QString deviceId = m_opened->snapshot.value(u"Device Details"_s, u"DeviceId"_s);
    QVERIFY(!deviceId.isEmpty());
    QVERIFY(dom.contains(u"<td>CN=%1</td>"_s.arg(deviceId)));
    QVERIFY(dom.contains(u"join: Register succeeded"_s)); // the operation log
    QVERIFY(dom.contains(u"<code>events/operations.jsonl</code>"_s));
}

void TestReportBrowser::printsToPdf()
{
    const QString report = exportImported(m_scratch.filePath(u"print.zip"_s));
    QVERIFY(!report.isEmpty());
    const QString pdf = m_scratch.filePath(u"report.pdf"_s);
    const Run printed
        = chromium({ u"--no-pdf-header-footer"_s, u"--print-to-pdf="_s + pdf }, report);
    QVERIFY2(!printed.timedOut, "chromium hung printing");
    QVERIFY2(printed.exitCode == 0, printed.err.right(2000).constData());
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("%PDF-"));
    // Several pages: the sections flow on, nothing is cut to one screen.
    QVERIFY2(bytes.count("/Type /Page\n") + bytes.count("/Type /Page ") + bytes.count("/Type/Page")
                 >= 3,
             QByteArray::number(bytes.size()).constData());
}

QTEST_GUILESS_MAIN(TestReportBrowser)
#include "tst_reportbrowser.moc"
