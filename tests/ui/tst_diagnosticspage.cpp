// The Diagnostics page offscreen (findings, problems-only filter, details, copy for ticket,
// newest run wins) and the Overview's top findings in the real main window.
#include "dsregcmd/statusimport.h"
#include "fakecloudinstance.h"
#include "findingsmodel.h"
#include "local/deviceenvironment.h"
#include "mainwindow.h"
#include "pages/diagnosticspage.h"
#include "testcertificates.h"
#include "widgets/findingsview.h"

#include <QClipboard>
#include <QFile>
#include <QGuiApplication>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>

using namespace Entra;
using namespace Entra::Ui;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kFixture = QStringLiteral(ENTRA_TEST_DATA_DIR "/dsregcmd/hybrid-prt-failure.txt");

StatusSnapshot load(const QString &path)
{
    Result<StatusSnapshot> s = StatusImport::fromFile(path);
    if (!s)
        qFatal("cannot load %s", qPrintable(path));
    return *s;
}

QString idAt(const FindingsView *view, int row)
{
    return view->view()->model()->index(row, Models::FindingsModel::IdColumn).data().toString();
}

} // namespace

class TestDiagnosticsPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsFindingsMostSevereFirst();
    void problemsOnlyFilter();
    void copyForTicket();
    void newestRunWins();
    void certificateJoinsTheRun();
    void overviewListsTopFindings();
    void connectivityJoinsTheFindings();
    void cloudCheckJoinsTheFindings();
    void eventsJoinTheRun();
};

void TestDiagnosticsPage::showsFindingsMostSevereFirst()
{
    DiagnosticsPage page;
    QSignalSpy shown(&page, &DiagnosticsPage::reportShown);
    page.showSnapshot(load(kFixture));
    QVERIFY(page.isRunning()); // the page did not wait for the engine
    QVERIFY(shown.wait(10000));
    QCOMPARE(idAt(page.findingsView(), 0), u"prt.missing.bad-password"_s);
    QCOMPARE(page.attentionCount(), 1);
    const QString details = page.findingsView()->details()->toPlainText();
    QVERIFY2(details.contains(u"Entra ID rejected the password"_s), qPrintable(details));
    QVERIFY(details.contains(u"What to do"_s));
    QVERIFY(details.contains(u"AADSTS50126"_s));
    QVERIFY(
        page.findChild<QLabel *>(u"diagnosticsSummary"_s)->text().startsWith(u"1 problem(s)"_s));
}

void TestDiagnosticsPage::problemsOnlyFilter()
{
    DiagnosticsPage page;
    QSignalSpy shown(&page, &DiagnosticsPage::reportShown);
    page.showSnapshot(load(kFixture));
    QVERIFY(shown.wait(10000));
    const QAbstractItemModel *model = page.findingsView()->view()->model();
    QVERIFY(model->rowCount() > 10);
    page.setProblemsOnly(true);
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(idAt(page.findingsView(), 0), u"prt.missing.bad-password"_s);
    page.setProblemsOnly(false);
    QVERIFY(model->rowCount() > 10);
}

void TestDiagnosticsPage::copyForTicket()
{
    DiagnosticsPage page;
    QSignalSpy shown(&page, &DiagnosticsPage::reportShown);
    page.showSnapshot(load(kFixture));
    QVERIFY(shown.wait(10000));
    page.copyForTicket();
    const QString text = QGuiApplication::clipboard()->text();
    QVERIFY2(text.startsWith(u"Entra Doctor findings for "_s), qPrintable(text));
    QVERIFY(text.contains(u"(prt.missing.bad-password)"_s));
    QVERIFY(text.contains(u"Evidence: Correlation ID: aaaa0000-bb11-2222-33cc-444444dddddd"_s));
}

void TestDiagnosticsPage::newestRunWins()
{
    DiagnosticsPage page;
    QSignalSpy shown(&page, &DiagnosticsPage::reportShown);
    page.showSnapshot(load(kFixture));
    page.showSnapshot(load(QStringLiteral(
        ENTRA_SAMPLES_DIR
        "/dsregcmd/08-mslearn-prejoin-diag-syncjoin-directoryerror-0x801c03f2.txt")));
    QVERIFY(shown.wait(10000));
    QTest::qWait(200); // an older run finishing late must not be shown
    QCOMPARE(shown.count(), 1);
    QCOMPARE(idAt(page.findingsView(), 0), u"hybrid.computer-not-synced"_s);
}

void TestDiagnosticsPage::certificateJoinsTheRun()
{
    DiagnosticsPage page;
    QSignalSpy shown(&page, &DiagnosticsPage::reportShown);
    page.showSnapshot(load(kFixture));
    QVERIFY(shown.wait(10000));
    page.setCertificate(*DeviceCertificate::fromDer(TestCertificates::mint().der));
    QVERIFY(shown.wait(10000));
    QStringList ids;
    for (const Finding &f : page.report()->findings)
        ids << f.id + u'=' + outcomeName(f.outcome);
    QVERIFY2(ids.contains(u"cert.subject=fail"_s), qPrintable(ids.join(u' ')));
    QCOMPARE(page.attentionCount(), 3); // PRT, subject vs DeviceId, thumbprint
}

void TestDiagnosticsPage::overviewListsTopFindings()
{
    MainWindow window;
    auto *diagnostics = window.findChild<DiagnosticsPage *>();
    QVERIFY(diagnostics);
    QSignalSpy shown(diagnostics, &DiagnosticsPage::reportShown);
    window.openFile(kFixture);
    QVERIFY(shown.wait(10000));
    const auto *top = window.findChild<QLabel *>(u"topFindings"_s);
    QVERIFY(top);
    QVERIFY2(top->text().contains(u"No PRT: Entra ID rejected the password"_s),
             qPrintable(top->text()));
    // The navigation badge counts the diagnostics' problems too.
    const auto *navigation = window.findChild<QListWidget *>(u"navigation"_s);
    QCOMPARE(navigation->item(navigation->count() - 1)->text(), u"Diagnostics  (1)"_s);
}

void TestDiagnosticsPage::connectivityJoinsTheFindings()
{
    Entra::Test::FakeCloudInstance::Options options;
    options.tenantId = u"aaaabbbb-0000-cccc-1111-dddd2222eeee"_s; // the fixture's TenantId
    Entra::Test::FakeCloudInstance cloud(options);
    QVERIFY2(cloud.start(), qPrintable(cloud.errorString()));
    DiagnosticsPage page;
    DeviceEnvironmentOptions environment;
    environment.cloudBaseUrl = cloud.baseUrl().toString();
    environment.caFile = cloud.caFile();
    page.setEnvironment(std::make_shared<DeviceEnvironment>(environment));
    QSignalSpy shown(&page, &DiagnosticsPage::reportShown);
    page.showSnapshot(load(kFixture));
    QVERIFY(shown.wait(10000));
    page.checkConnectivity();
    QVERIFY(page.isCheckingConnectivity()); // the GUI thread does not wait for the network
    QVERIFY(shown.wait(30000));
    QStringList ids;
    for (const Finding &f : page.findingsView()->model()->findings())
        ids << f.id + u'=' + outcomeName(f.outcome);
    for (const QString &id : { u"net.login=pass"_s, u"net.device.login=pass"_s,
                               u"net.drs-discovery=pass"_s, u"net.graph=pass"_s })
        QVERIFY2(ids.contains(id), qPrintable(ids.join(u' ')));
    QVERIFY(page.ticketText().contains(u"net.login"_s));
}

void TestDiagnosticsPage::cloudCheckJoinsTheFindings()
{
    Entra::Test::FakeCloudInstance::Options options;
    options.tenantId = u"aaaabbbb-0000-cccc-1111-dddd2222eeee"_s;
    options.autoApproveUpn = u"helpdesk@contoso.onmicrosoft.com"_s; // approves the code itself
    Entra::Test::FakeCloudInstance cloud(options);
    QVERIFY2(cloud.start(), qPrintable(cloud.errorString()));
    DiagnosticsPage page;
    DeviceEnvironmentOptions environment;
    environment.cloudBaseUrl = cloud.baseUrl().toString();
    environment.caFile = cloud.caFile();
    page.setEnvironment(std::make_shared<DeviceEnvironment>(environment));
    QSignalSpy shown(&page, &DiagnosticsPage::reportShown);
    page.showSnapshot(load(kFixture));
    QVERIFY(shown.wait(10000));
    page.checkInCloud();
    QVERIFY(page.isCheckingCloud());
    QTRY_VERIFY_WITH_TIMEOUT(page.signInText().contains(u"enter the code"_s), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!page.isCheckingCloud(), 30000);
    QVERIFY2(page.signInText().isEmpty(), qPrintable(page.signInText())); // no error shown
    // fakecloud has no such device: the rerun puts that first.
    QTRY_COMPARE_WITH_TIMEOUT(idAt(page.findingsView(), 0), u"cloud.device-missing"_s, 10000);
}

void TestDiagnosticsPage::eventsJoinTheRun()
{
    QFile file(kFixture);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll().replace("KeySignTest : PASSED", "KeySignTest : FAILED");
    const Result<StatusSnapshot> status = StatusImport::fromBytes(text, u"key failed"_s);
    QVERIFY(status);
    DiagnosticsPage page;
    QSignalSpy shown(&page, &DiagnosticsPage::reportShown);
    page.showSnapshot(*status);
    QVERIFY(shown.wait(10000));
    auto has = [&page](const QString &id) {
        for (const Finding &f : page.report()->findings)
            if (f.id == id)
                return true;
        return false;
    };
    QVERIFY(has(u"device.key"_s)); // no cause known yet
    Events::EventRecord lockout;
    lockout.eventId = 344;
    lockout.channel = u"Microsoft-Windows-User Device Registration/Admin"_s;
    lockout.timeCreated = QDateTime::currentDateTimeUtc();
    Events::EventRecord other = lockout;
    other.channel = u"Application"_s;
    page.setEvents({ lockout, other });
    QVERIFY(shown.wait(10000));
    QVERIFY(has(u"device.key-tpm-locked-out"_s)); // the event names the cause
}

QTEST_MAIN(TestDiagnosticsPage)
#include "tst_diagnosticspage.moc"
