// Drives the real main window offscreen: open, paste, drop, a bad file; reads values back
// from the widgets.
#include "local/deviceenvironment.h"
#include "mainwindow.h"
#include "pages/eventlogspage.h"
#include "pages/statusfieldspage.h"
#include "widgets/healthcard.h"
#include "widgets/sourcebanner.h"

#include <QAction>
#include <QClipboard>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMimeData>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>

using namespace Entra;
using namespace Entra::Ui;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kFixture = QStringLiteral(ENTRA_TEST_DATA_DIR "/dsregcmd/hybrid-prt-failure.txt");

QString sampleText(const QString &name)
{
    QFile file(QStringLiteral(ENTRA_SAMPLES_DIR "/dsregcmd/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing sample");
    return QString::fromUtf8(file.readAll());
}

QString labelText(const QWidget &root, const QString &name)
{
    const auto *label = root.findChild<QLabel *>(name);
    return label ? label->text() : u"<no label %1>"_s.arg(name);
}

QString cardHeadline(const QWidget &root, const QString &card)
{
    const auto *widget = root.findChild<HealthCard *>(card);
    return widget ? widget->headline() : QString();
}

// The value shown for `key` in the page's tree, or a null string.
QString shownValue(const StatusFieldsPage &page, const QString &section, const QString &key)
{
    const QAbstractItemModel *model = page.view()->model();
    for (int s = 0; s < model->rowCount(); ++s) {
        const QModelIndex sectionIndex = model->index(s, 0);
        if (sectionIndex.data().toString() != section)
            continue;
        for (int f = 0; f < model->rowCount(sectionIndex); ++f) {
            if (model->index(f, 0, sectionIndex).data().toString() == key)
                return model->index(f, 1, sectionIndex).data().toString();
        }
    }
    return {};
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void opensAFileWithoutBlocking();
    void overviewAnswersAtAGlance();
    void statusPagesShowFields();
    void selectingAFieldExplainsIt();
    void badFileKeepsTheStateAndSaysWhy();
    void pasteFromClipboard();
    void dropText();
    void pendingPagesSaySoPlainly();
    void startsWithThisDevice();

private:
    bool waitForSnapshot();
    MainWindow *m_window = nullptr;
};

void TestMainWindow::init()
{
    m_window = new MainWindow;
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestMainWindow::cleanup()
{
    delete m_window;
    m_window = nullptr;
}

bool TestMainWindow::waitForSnapshot()
{
    QSignalSpy shown(m_window, &MainWindow::snapshotShown);
    return shown.wait(10000);
}

void TestMainWindow::opensAFileWithoutBlocking()
{
    QSignalSpy shown(m_window, &MainWindow::snapshotShown);
    m_window->openFile(kFixture);
    QCOMPARE(shown.count(), 0); // parsing happens off the GUI thread
    QVERIFY(shown.wait(10000));
    QVERIFY(m_window->banner()->sourceText().contains(u"hybrid-prt-failure.txt"_s));
    QVERIFY(m_window->windowTitle().contains(u"hybrid-prt-failure.txt"_s));
}

void TestMainWindow::overviewAnswersAtAGlance()
{
    m_window->openFile(kFixture);
    QVERIFY(waitForSnapshot());
    QCOMPARE(labelText(*m_window, u"joinTypeLabel"_s), u"Microsoft Entra hybrid joined"_s);
    QCOMPARE(m_window->findChild<HealthCard *>(u"deviceHealthCard"_s)->health(), Health::Good);
    QCOMPARE(m_window->findChild<HealthCard *>(u"ssoHealthCard"_s)->health(), Health::Problem);
    QVERIFY(cardHeadline(*m_window, u"ssoHealthCard"_s).contains(u"No Primary Refresh Token"_s));
    const auto *ssoDetail = m_window->findChild<HealthCard *>(u"ssoHealthCard"_s)
                                ->findChild<QLabel *>(u"healthDetail"_s);
    QVERIFY(ssoDetail->text().contains(u"AADSTS50126"_s));
    QCOMPARE(m_window->findChild<HealthCard *>(u"helloHealthCard"_s)->health(), Health::Good);
    // The navigation counts the problem next to the Overview.
    const auto *navigation = m_window->findChild<QListWidget *>(u"navigation"_s);
    QCOMPARE(navigation->item(0)->text(), u"Overview  (1)"_s);
}

void TestMainWindow::statusPagesShowFields()
{
    m_window->openFile(kFixture);
    QVERIFY(waitForSnapshot());
    const auto *device = m_window->findChild<StatusFieldsPage *>(u"devicePage"_s);
    const auto *user = m_window->findChild<StatusFieldsPage *>(u"user__ssoPage"_s);
    QVERIFY(device && user);
    QCOMPARE(shownValue(*device, u"Device Details"_s, u"DeviceId"_s),
             u"00aa00aa-bb11-cc22-dd33-44ee44ee44ee"_s);
    QCOMPARE(shownValue(*device, u"Diagnostic Data"_s, u"KeySignTest"_s), u"PASSED"_s);
    QVERIFY(shownValue(*device, u"SSO State"_s, u"AzureAdPrt"_s).isNull()); // not on this page
    QCOMPARE(shownValue(*user, u"SSO State"_s, u"Attempt Status"_s), u"0xc000006d"_s);
    QCOMPARE(shownValue(*user, u"User State"_s, u"CanReset"_s), u"DestructiveAndNonDestructive"_s);
    QVERIFY(device->view()->isExpanded(device->view()->model()->index(0, 0)));
}

void TestMainWindow::selectingAFieldExplainsIt()
{
    m_window->openFile(kFixture);
    QVERIFY(waitForSnapshot());
    m_window->selectPage(u"User & SSO"_s);
    auto *user = m_window->findChild<StatusFieldsPage *>(u"user__ssoPage"_s);
    QCOMPARE(m_window->findChild<QStackedWidget *>(u"pages"_s)->currentWidget(), user);
    const QAbstractItemModel *model = user->view()->model();
    QModelIndex sso;
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, 0).data().toString() == u"SSO State")
            sso = model->index(row, 0);
    QVERIFY(sso.isValid());
    const QModelIndex first = model->index(0, 0, sso);
    user->view()->setCurrentIndex(first);
    const QString details = user->findChild<QTextBrowser *>(u"fieldDetails"_s)->toPlainText();
    QVERIFY2(details.contains(u"AzureAdPrt"_s) && details.contains(u"Value: NO"_s),
             qPrintable(details));
}

void TestMainWindow::badFileKeepsTheStateAndSaysWhy()
{
    m_window->openFile(kFixture);
    QVERIFY(waitForSnapshot());
    QSignalSpy failed(m_window, &MainWindow::loadFailed);
    m_window->openFile(u"/nonexistent/dsregcmd.txt"_s);
    QVERIFY(failed.wait(10000));
    QVERIFY(m_window->banner()->errorText().contains(u"does not exist"_s));
    QCOMPARE(labelText(*m_window, u"joinTypeLabel"_s), u"Microsoft Entra hybrid joined"_s);

    m_window->openText(u"{\"not\": \"a status\"}"_s, u"Clipboard"_s);
    QVERIFY(failed.wait(10000));
    QVERIFY(m_window->banner()->errorText().contains(u"not a device status"_s));
    QVERIFY(m_window->banner()->errorText().contains(u"dsregcmd /status"_s));
    QVERIFY(m_window->snapshot().section(u"Device Details"));

    // The next good load clears the error.
    m_window->openFile(kFixture);
    QVERIFY(waitForSnapshot());
    QVERIFY(m_window->banner()->errorText().isEmpty());
}

void TestMainWindow::pasteFromClipboard()
{
    QGuiApplication::clipboard()->setText(
        sampleText(u"17-it-locale-powershell-workplace-joined-registered-full.txt"_s));
    QAction *paste = nullptr;
    for (QAction *action : m_window->menuBar()->findChildren<QAction *>())
        if (action->text().contains(u"Paste"_s))
            paste = action;
    QVERIFY(paste);
    paste->trigger();
    QVERIFY(waitForSnapshot());
    QCOMPARE(labelText(*m_window, u"joinTypeLabel"_s), u"Microsoft Entra registered"_s);
    QVERIFY(m_window->banner()->sourceText().contains(u"Clipboard"_s));
    QVERIFY(m_window->findChild<QWidget *>(u"unplacedToggle"_s)->isVisibleTo(m_window));
}

void TestMainWindow::dropText()
{
    QMimeData mime;
    mime.setText(sampleText(u"14-azuredocs-issue-48791-not-joined-wamdefaultset-error-partial.txt"_s));
    const QPoint pos = m_window->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(m_window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(m_window, &drop);
    QVERIFY(waitForSnapshot());
    QCOMPARE(labelText(*m_window, u"joinTypeLabel"_s), u"Not joined or registered"_s);
    QVERIFY(m_window->banner()->sourceText().contains(u"Dropped text"_s));
}

void TestMainWindow::pendingPagesSaySoPlainly()
{
    // Issue #6 landed: the Certificates and Diagnostics pages are real.
    for (const QString &name : {u"certificatesPage"_s, u"diagnosticsPage"_s}) {
        const auto *page = m_window->findChild<QWidget *>(name);
        QVERIFY2(page, qPrintable(name));
        QVERIFY2(!page->findChild<QLabel *>(u"pendingNote"_s), qPrintable(name));
    }
    // Issue #9 landed: the Event logs page is real.
    const auto *events = m_window->findChild<EventLogsPage *>(u"event_logsPage"_s);
    QVERIFY(events);
    QVERIFY(!events->findChild<QLabel *>(u"pendingNote"_s));
}

void TestMainWindow::startsWithThisDevice()
{
    QTemporaryDir state; // never the user's real registration store
    DeviceEnvironmentOptions options;
    options.stateDir = state.path();
    options.forceSoftwareKeys = true;
    m_window->setEnvironment(std::make_shared<DeviceEnvironment>(options));
    m_window->showThisDevice();
    QVERIFY(waitForSnapshot());
    QCOMPARE(m_window->snapshot().origin.kind, SourceKind::ThisDevice);
    QCOMPARE(labelText(*m_window, u"joinTypeLabel"_s), u"Not joined or registered"_s);
    QVERIFY(m_window->banner()->sourceText().contains(u"This device"_s));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
