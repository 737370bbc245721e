#include "joinwizard.h"

#include "cloud/cloudhttp.h"
#include "devicecodepanel.h"
#include "local/deviceenvironment.h"
#include "operationprogressview.h"
#include "operationresultview.h"
#include "tpm/keystore.h"

#include <QClipboard>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QSysInfo>
#include <QVBoxLayout>
#include <QtConcurrentRun>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {
namespace {

constexpr JoinOperation::Step kSteps[] = {
    JoinOperation::Step::Discover,          JoinOperation::Step::SignIn,
    JoinOperation::Step::CreateKeys,        JoinOperation::Step::Register,
    JoinOperation::Step::VerifyCertificate, JoinOperation::Step::Store,
};

int stepIndex(JoinOperation::Step step)
{
    for (int i = 0; i < int(std::size(kSteps)); ++i) {
        if (kSteps[i] == step)
            return i;
    }
    return int(std::size(kSteps));
}

QLabel *wrappingLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

} // namespace

JoinWizard::JoinWizard(std::shared_ptr<DeviceEnvironment> environment, QWidget *parent)
    : WizardDialog(u"Join or register this device"_s, u"joinWizard"_s, parent)
    , m_environment(std::move(environment))
    , m_signIn(new DeviceCodePanel(this))
    , m_progress(new OperationProgressView(this))
    , m_result(new OperationResultView(this))
{
    addPage(createIntroPage());
    m_signIn->setObjectName(u"signInPanel"_s);
    addPage(m_signIn);
    addPage(m_progress);
    addPage(m_result);
    QStringList titles;
    for (JoinOperation::Step step : kSteps)
        titles << JoinOperation::stepTitle(step);
    m_progress->setSteps(titles);

    connect(primaryButton(), &QPushButton::clicked, this, [this] {
        if (currentPage() == Page::Intro)
            startJoin();
        else
            accept();
    });
    showPage(Page::Intro);
}

JoinWizard::~JoinWizard() = default;

QWidget *JoinWizard::createIntroPage()
{
    auto *page = new QWidget(this);
    m_tenant = new QLineEdit(page);
    m_tenant->setObjectName(u"tenant"_s);
    m_tenant->setPlaceholderText(u"contoso.onmicrosoft.com"_s);
    m_joinChoice = new QRadioButton(u"Join this device to the organisation (Entra joined)"_s, page);
    m_registerChoice = new QRadioButton(
        u"Register this device for work access (Entra registered, your own device)"_s, page);
    m_joinChoice->setChecked(true);
    m_introError = wrappingLabel({}, page);
    m_introError->setObjectName(u"introError"_s);
    m_introError->setStyleSheet(u"color: palette(highlight);"_s);

    auto *form = new QFormLayout;
    form->addRow(u"Organisation domain:"_s, m_tenant);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(wrappingLabel(
        u"<b>What will happen</b><ol>"
        u"<li>The device registration service of your organisation is found.</li>"
        u"<li>You sign in with a code, in a browser on any device.</li>"
        u"<li>A device key and a transport key are created in the TPM (or, if the TPM is not "
        u"ready, in software).</li>"
        u"<li>The device is registered and receives its certificate, which is checked and "
        u"saved.</li></ol>"
        u"If anything fails, what was created is removed again."_s,
        page));
    layout->addLayout(form);
    layout->addWidget(m_joinChoice);
    layout->addWidget(m_registerChoice);
    layout->addWidget(m_introError);
    layout->addStretch(1);
    return page;
}

JoinWizard::Page JoinWizard::currentPage() const
{
    return Page(pageIndex());
}

void JoinWizard::showPage(Page page)
{
    setPageIndex(int(page));
    primaryButton()->setVisible(page == Page::Intro || page == Page::Result);
    primaryButton()->setText(page == Page::Intro ? u"Join"_s : u"Close"_s);
    cancelButton()->setVisible(page != Page::Result);
    Q_EMIT pageChanged(page);
}

void JoinWizard::setTenant(const QString &tenant)
{
    m_tenant->setText(tenant);
}

void JoinWizard::setJoinType(int joinType)
{
    (joinType == 4 ? m_registerChoice : m_joinChoice)->setChecked(true);
}

QString JoinWizard::userCode() const
{
    return m_signIn->userCode();
}

QString JoinWizard::verificationUrl() const
{
    return m_signIn->verificationUrl();
}

void JoinWizard::startJoin()
{
    if (m_running)
        return;
    if (m_tenant->text().trimmed().isEmpty()) {
        m_introError->setText(u"Enter your organisation's domain, for example "
                              u"contoso.onmicrosoft.com."_s);
        m_tenant->setFocus();
        return;
    }
    m_introError->clear();
    m_running = true;
    m_signIn->stop();
    m_signIn->setStatus(u"Checking the TPM…"_s);
    showPage(Page::SignIn);
    // Probing the TPM can take seconds: never on this thread.
    auto *watcher = new QFutureWatcher<KeyStoreSelection>(this);
    connect(watcher, &QFutureWatcher<KeyStoreSelection>::finished, this, [this, watcher] {
        watcher->deleteLater();
        if (m_running)
            keysReady(watcher->result());
    });
    watcher->setFuture(
        QtConcurrent::run([environment = m_environment] { return environment->selectKeyStore(); }));
}

void JoinWizard::keysReady(const KeyStoreSelection &keys)
{
    m_keyNote = keys.usesTpm ? u"Keys are kept in the TPM."_s
                             : u"Keys are kept in software: %1"_s.arg(keys.reason);
    m_http = std::make_unique<CloudHttp>();
    if (Status trusted = m_environment->configure(*m_http); !trusted) {
        onFailed(trusted.error(), JoinOperation::Step::Discover, u"Nothing was changed."_s);
        return;
    }
    m_client = std::make_unique<DrsClient>(*m_http, m_environment->endpoints());
    m_store = std::make_unique<RegistrationStore>(m_environment->registrationStore());
    JoinOptions options;
    options.tenant = m_tenant->text().trimmed();
    options.joinType = m_registerChoice->isChecked() ? 4 : 0;
    options.deviceDisplayName = QSysInfo::machineHostName();
    options.osVersion = QSysInfo::prettyProductName();
    m_operation = std::make_unique<JoinOperation>(*m_client, keys.store, *m_store, options);
    connect(m_operation.get(), &JoinOperation::stepStarted, this,
            [this](JoinOperation::Step step) { onStepStarted(step); });
    connect(m_operation.get(), &JoinOperation::signInRequired, this,
            [this](const QString &code, const QUrl &url) { onSignInRequired(code, url); });
    connect(m_operation.get(), &JoinOperation::finished, this, &JoinWizard::onFinished);
    connect(m_operation.get(), &JoinOperation::failed, this, &JoinWizard::onFailed);
    m_operation->start();
}

void JoinWizard::onStepStarted(JoinOperation::Step step)
{
    m_progress->startStep(stepIndex(step));
    if (step == JoinOperation::Step::Discover)
        m_signIn->setStatus(JoinOperation::stepTitle(step) + u"…"_s);
    else if (step == JoinOperation::Step::SignIn)
        m_signIn->setStatus(u"Asking for a sign-in code…"_s);
    else if (step != JoinOperation::Step::Done && currentPage() != Page::Progress) {
        m_signIn->stop();
        showPage(Page::Progress);
    }
    m_progress->setDetail(m_keyNote);
}

void JoinWizard::onSignInRequired(const QString &userCode, const QUrl &url)
{
    m_signIn->showCode(userCode, url);
}

void JoinWizard::onFinished(const DeviceRegistration &registration)
{
    m_running = false;
    m_succeeded = true;
    m_signIn->stop();
    m_progress->finishAll();
    const bool joinedType = registration.joinType == 0;
    m_result->showSuccess(
        joinedType ? u"This device is joined"_s : u"This device is registered"_s,
        {
            u"Device ID: "_s + registration.deviceId,
            u"Organisation: %1 (%2)"_s.arg(registration.targetDomain, registration.tenantId),
            u"Signed in as: "_s + registration.userPrincipalName,
            u"Key provider: "_s + registration.keyProvider,
            u"TPM protected: "_s + (registration.tpmProtected ? u"Yes"_s : u"No"_s),
        },
        m_keyNote);
    showPage(Page::Result);
    Q_EMIT joined();
}

void JoinWizard::onFailed(const Error &error, JoinOperation::Step step, const QString &rollback)
{
    m_running = false;
    m_signIn->stop();
    m_progress->startStep(stepIndex(step));
    m_progress->failCurrent();
    m_result->showFailure(
        u"The join failed while %1"_s.arg(JoinOperation::stepTitle(step).toLower()), error,
        rollback);
    showPage(Page::Result);
}

void JoinWizard::cancelOrClose()
{
    if (m_running && m_operation) {
        m_operation->cancel(); // reports through onFailed, with what was rolled back
        return;
    }
    if (m_running) { // still checking the TPM: nothing has been created yet
        m_running = false;
        QDialog::reject();
        return;
    }
    QDialog::reject();
}

void JoinWizard::reject()
{
    cancelOrClose();
}

} // namespace Entra::Ui
