// Drives the Join and Leave wizards offscreen, through the main window's Device menu, against
// fakecloud over real TLS with keys in swtpm: the whole flow as a user clicks it.
#include "fakecloudinstance.h"
#include "local/deviceenvironment.h"
#include "mainwindow.h"
#include "swtpminstance.h"
#include "tpm/keystore.h"
#include "widgets/sourcebanner.h"
#include "wizards/joinwizard.h"
#include "wizards/leavewizard.h"
#include "wizards/operationprogressview.h"
#include "wizards/operationresultview.h"
#include "wizards/pintestdialog.h"
#include "wizards/pinwizard.h"

#include <QAction>
#include <QClipboard>
#include <QDir>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Entra;
using namespace Entra::Test;
using namespace Entra::Ui;
using namespace Qt::Literals::StringLiterals;

namespace {

void click(QWidget &root, const QString &buttonName)
{
    auto *button = root.findChild<QPushButton *>(buttonName);
    QVERIFY2(button && button->isVisible() && button->isEnabled(), qPrintable(buttonName));
    QTest::mouseClick(button, Qt::LeftButton);
}

void saveScreenshot(QWidget &widget, const QString &name)
{
    QDir().mkpath(QStringLiteral(ENTRA_SCREENSHOT_DIR));
    QVERIFY(widget.grab().save(QStringLiteral(ENTRA_SCREENSHOT_DIR "/") + name));
}

} // namespace

class TestWizards : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void joinWizardJoinsAndShowsTheNewState();
    void joinWizardAsksForTheDomain();
    void joinWizardExplainsAFailure();
    void leaveWizardOffersLocalCleanupWhenRefused();
    void pinWizardSetsUpAPinThatWorks();

private:
    template<typename Wizard> Wizard *openWizard(const QString &actionName);
    JoinWizard *joinThroughWizard();

    std::unique_ptr<FakeCloudInstance> m_cloud;
    std::unique_ptr<SwtpmInstance> m_tpm;
    std::unique_ptr<QTemporaryDir> m_state;
    std::shared_ptr<DeviceEnvironment> m_environment;
    MainWindow *m_window = nullptr;
};

void TestWizards::initTestCase()
{
    FakeCloudInstance::Options options;
    options.autoApproveUpn = u"bob@contoso.onmicrosoft.com"_s;
    options.autoApproveMfa = true; // Hello key registration needs an MFA sign-in
    m_cloud = std::make_unique<FakeCloudInstance>(options);
    QVERIFY2(m_cloud->start(), qPrintable(m_cloud->errorString()));
    m_tpm = std::make_unique<SwtpmInstance>();
    QVERIFY2(m_tpm->start(), qPrintable(m_tpm->errorString()));
}

void TestWizards::init()
{
    QVERIFY(m_cloud->clearFaults());
    m_state = std::make_unique<QTemporaryDir>();
    DeviceEnvironmentOptions options;
    options.stateDir = m_state->path();
    options.tcti = m_tpm->tcti();
    options.cloudBaseUrl = m_cloud->baseUrl().toString();
    options.caFile = m_cloud->caFile();
    m_environment = std::make_shared<DeviceEnvironment>(options);
    m_window = new MainWindow;
    m_window->setEnvironment(m_environment);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
}

void TestWizards::cleanup()
{
    delete m_window;
    m_window = nullptr;
}

template<typename Wizard>
Wizard *TestWizards::openWizard(const QString &actionName)
{
    QDialog *opened = nullptr;
    const QMetaObject::Connection connection = connect(
        m_window, &MainWindow::wizardOpened, this, [&opened](QDialog *dialog) { opened = dialog; });
    auto *action = m_window->menuBar()->findChild<QAction *>(actionName);
    if (action)
        action->trigger();
    disconnect(connection);
    auto *wizard = qobject_cast<Wizard *>(opened);
    if (wizard && !QTest::qWaitForWindowExposed(wizard))
        return nullptr;
    return wizard;
}

JoinWizard *TestWizards::joinThroughWizard()
{
    auto *wizard = openWizard<JoinWizard>(u"joinAction"_s);
    if (!wizard)
        return nullptr;
    QTest::keyClicks(wizard->findChild<QLineEdit *>(u"tenant"_s), m_cloud->tenantDomain());
    QTest::mouseClick(wizard->findChild<QPushButton *>(u"primaryButton"_s), Qt::LeftButton);
    const bool ended = QTest::qWaitFor(
        [wizard] { return wizard->currentPage() == JoinWizard::Page::Result; }, 60000);
    return ended ? wizard : nullptr;
}

void TestWizards::joinWizardJoinsAndShowsTheNewState()
{
    auto *wizard = openWizard<JoinWizard>(u"joinAction"_s);
    QVERIFY(wizard);
    QCOMPARE(wizard->currentPage(), JoinWizard::Page::Intro);
    QTest::keyClicks(wizard->findChild<QLineEdit *>(u"tenant"_s), m_cloud->tenantDomain());
    click(*wizard, u"primaryButton"_s);

    // The sign-in page shows the code and the address, with working copy buttons.
    QTRY_VERIFY_WITH_TIMEOUT(!wizard->userCode().isEmpty(), 20000);
    if (wizard->currentPage() == JoinWizard::Page::SignIn) {
        saveScreenshot(*wizard, u"join-wizard-sign-in.png"_s);
        const QLabel *intro = wizard->findChild<QLabel *>(u"signInIntro"_s);
        QVERIFY(intro && intro->isVisible());
        QVERIFY(intro->text().startsWith(u"<b>Sign in"_s));
        click(*wizard, u"copyCode"_s);
        QCOMPARE(QGuiApplication::clipboard()->text(), wizard->userCode());
    }
    QVERIFY(wizard->verificationUrl().startsWith(m_cloud->baseUrl().toString()));

    QTRY_COMPARE_WITH_TIMEOUT(wizard->currentPage(), JoinWizard::Page::Result, 60000);
    QVERIFY2(wizard->succeeded(), qPrintable(wizard->resultView()->text()));
    for (int step = 0; step < 6; ++step)
        QCOMPARE(wizard->progressView()->stepText(step), u"done"_s);
    Result<std::optional<DeviceRegistration>> stored = m_environment->registrationStore().load();
    QVERIFY(stored && stored->has_value());
    const QString text = wizard->resultView()->text();
    QVERIFY2(text.contains((*stored)->deviceId), qPrintable(text));
    QVERIFY(text.contains(tpmKeyProviderName()));
    saveScreenshot(*wizard, u"join-wizard-result.png"_s);

    // Closing shows the new state of this device in the main window.
    QSignalSpy shown(m_window, &MainWindow::snapshotShown);
    click(*wizard, u"primaryButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->snapshot().value(u"Device Details", u"DeviceId") == (*stored)->deviceId, 30000);
    QCOMPARE(m_window->snapshot().value(u"Device Details", u"TpmProtected"), u"YES"_s);
    QCOMPARE(m_window->snapshot().value(u"Device Details", u"DeviceAuthStatus"), u"SUCCESS"_s);

    // Leave through its wizard.
    auto *leave = openWizard<LeaveWizard>(u"leaveAction"_s);
    QVERIFY(leave);
    click(*leave, u"primaryButton"_s);
    QTRY_COMPARE_WITH_TIMEOUT(leave->currentPage(), LeaveWizard::Page::Result, 60000);
    QVERIFY2(leave->succeeded(), qPrintable(leave->resultView()->text()));
    QVERIFY(m_cloud->device((*stored)->deviceId).isEmpty());
    QVERIFY(!m_environment->registrationStore().load()->has_value());
    click(*leave, u"primaryButton"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->snapshot().value(u"Device State", u"AzureAdJoined"),
                              u"NO"_s, 30000);
}

void TestWizards::joinWizardAsksForTheDomain()
{
    auto *wizard = openWizard<JoinWizard>(u"joinAction"_s);
    QVERIFY(wizard);
    click(*wizard, u"primaryButton"_s);
    QCOMPARE(wizard->currentPage(), JoinWizard::Page::Intro);
    QVERIFY(wizard->findChild<QLabel *>(u"introError"_s)->text().contains(u"domain"_s));
    click(*wizard, u"cancelButton"_s);
    QTRY_VERIFY(!wizard->isVisible());
}

void TestWizards::joinWizardExplainsAFailure()
{
    QVERIFY(m_cloud->addFault(
        FakeCloudInstance::Fault::serverError(u"/EnrollmentServer/device"_s, 1, 503)));
    JoinWizard *wizard = joinThroughWizard();
    QVERIFY(wizard);
    QCOMPARE(wizard->currentPage(), JoinWizard::Page::Result);
    QVERIFY(!wizard->succeeded());
    const QString text = wizard->resultView()->text();
    QVERIFY2(text.contains(u"registering the device"_s), qPrintable(text));
    QVERIFY(text.contains(u"Code: 503"_s));
    QVERIFY(text.contains(u"What to do:"_s));
    QVERIFY(text.contains(u"Rolled back: deleted key"_s));
    QCOMPARE(wizard->progressView()->stepText(3), u"failed"_s);
    saveScreenshot(*wizard, u"join-wizard-failure.png"_s);
    QVERIFY(QDir(m_state->filePath(u"keys/tpm"_s)).entryList(QDir::Files).isEmpty());
    wizard->accept();
}

void TestWizards::leaveWizardOffersLocalCleanupWhenRefused()
{
    JoinWizard *joined = joinThroughWizard();
    QVERIFY(joined && joined->succeeded());
    joined->accept();
    const QString deviceId = (*m_environment->registrationStore().load())->deviceId;
    QVERIFY(m_cloud->deleteDevice(deviceId)); // an administrator deleted it meanwhile

    auto *leave = openWizard<LeaveWizard>(u"leaveAction"_s);
    QVERIFY(leave);
    click(*leave, u"primaryButton"_s);
    QTRY_COMPARE_WITH_TIMEOUT(leave->currentPage(), LeaveWizard::Page::Result, 60000);
    QVERIFY(!leave->succeeded());
    QVERIFY2(leave->resultView()->text().contains(u"not found"_s),
             qPrintable(leave->resultView()->text()));
    saveScreenshot(*leave, u"leave-wizard-refused.png"_s);
    click(*leave, u"localOnlyButton"_s);
    QTRY_VERIFY_WITH_TIMEOUT(leave->succeeded(), 60000);
    QVERIFY2(leave->resultView()->text().contains(u"remains in the directory"_s),
             qPrintable(leave->resultView()->text()));
    QVERIFY(!m_environment->registrationStore().load()->has_value());
    QVERIFY(QDir(m_state->filePath(u"keys/tpm"_s)).entryList(QDir::Files).isEmpty());
    leave->accept();
}

void TestWizards::pinWizardSetsUpAPinThatWorks()
{
    JoinWizard *joined = joinThroughWizard();
    QVERIFY(joined && joined->succeeded());
    joined->accept();

    auto *wizard = openWizard<PinWizard>(u"setUpPinMenuAction"_s);
    QVERIFY(wizard);
    QCOMPARE(wizard->currentPage(), PinWizard::Page::Prerequisites);
    // No PRT yet: the check names it, and signing in (the next page) is what fixes it.
    QVERIFY2(wizard->prerequisiteText().contains(u"IsUserAzureAD"_s),
             qPrintable(wizard->prerequisiteText()));
    saveScreenshot(*wizard, u"pin-wizard-prerequisites.png"_s);
    click(*wizard, u"primaryButton"_s);
    QTRY_COMPARE_WITH_TIMEOUT(wizard->currentPage(), PinWizard::Page::Pin, 60000);

    // The policy speaks while the PIN is typed; Set Up stays disabled until both agree.
    auto *pin = wizard->findChild<QLineEdit *>(u"pin"_s);
    auto *confirm = wizard->findChild<QLineEdit *>(u"confirmPin"_s);
    auto *setUp = wizard->findChild<QPushButton *>(u"primaryButton"_s);
    QTest::keyClicks(pin, u"123456"_s);
    QVERIFY(wizard->findChild<QLabel *>(u"pinFeedback"_s)->text().contains(u"simple pattern"_s));
    QVERIFY(!setUp->isEnabled());
    pin->clear();
    QTest::keyClicks(pin, u"580417"_s);
    QTest::keyClicks(confirm, u"580418"_s);
    QVERIFY(wizard->findChild<QLabel *>(u"pinFeedback"_s)->text().contains(u"differ"_s));
    saveScreenshot(*wizard, u"pin-wizard-pin.png"_s);
    confirm->clear();
    QTest::keyClicks(confirm, u"580417"_s);
    QVERIFY(setUp->isEnabled());
    click(*wizard, u"primaryButton"_s);
    QTRY_COMPARE_WITH_TIMEOUT(wizard->currentPage(), PinWizard::Page::Result, 60000);
    QVERIFY2(wizard->succeeded(), qPrintable(wizard->resultView()->text()));
    QVERIFY(wizard->resultView()->text().contains(u"the TPM"_s));
    saveScreenshot(*wizard, u"pin-wizard-result.png"_s);
    click(*wizard, u"primaryButton"_s);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->snapshot().value(u"User State", u"NgcSet"), u"YES"_s,
                              30000);
    QCOMPARE(m_window->snapshot().value(u"SSO State", u"AzureAdPrt"), u"YES"_s);

    // "Test my PIN": a wrong PIN is refused by the TPM, the right one signs in.
    auto *test = openWizard<PinTestDialog>(u"testPinMenuAction"_s);
    QVERIFY(test);
    QSignalSpy tested(test, &PinTestDialog::tested);
    QTest::keyClicks(test->findChild<QLineEdit *>(u"pin"_s), u"999999"_s);
    click(*test, u"testButton"_s);
    QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 1, 60000);
    QVERIFY(!test->passed());
    QVERIFY2(test->resultText().contains(u"PIN"_s), qPrintable(test->resultText()));
    QTest::keyClicks(test->findChild<QLineEdit *>(u"pin"_s), u"580417"_s);
    click(*test, u"testButton"_s);
    QTRY_COMPARE_WITH_TIMEOUT(tested.size(), 2, 60000);
    QVERIFY2(test->passed(), qPrintable(test->resultText()));
    QVERIFY(test->resultText().contains(u"ngcmfa"_s));
    test->reject();

    // Refresh the PRT from the User & SSO page's button.
    QSignalSpy operationDone(m_window, &MainWindow::deviceOperationFinished);
    m_window->selectPage(u"User & SSO"_s);
    auto *refresh = m_window->findChild<QToolButton *>(u"refreshPrtActionButton"_s);
    QVERIFY(refresh && refresh->isVisible());
    QTest::mouseClick(refresh, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(operationDone.size(), 1, 60000);
    QVERIFY2(operationDone.first().at(0).toBool(), qPrintable(operationDone.first().at(1).toString()));
    QVERIFY(m_window->banner()->noticeText().contains(u"refreshed"_s));
}

QTEST_MAIN(TestWizards)
#include "tst_wizards.moc"
