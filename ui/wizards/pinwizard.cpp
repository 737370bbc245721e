#include "pinwizard.h"

#include "cloud/cloudhttp.h"
#include "cloud/drsclient.h"
#include "cloud/keyprovisioningclient.h"
#include "devicecodepanel.h"
#include "local/deviceenvironment.h"
#include "operationprogressview.h"
#include "operationresultview.h"
#include "ops/devicecodesignin.h"
#include "tpm/tpmkeystore.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

PinWizard::PinWizard(std::shared_ptr<DeviceEnvironment> environment, QWidget *parent)
    : WizardDialog(u"Set up a Windows Hello PIN"_s, u"pinWizard"_s, parent)
    , m_environment(std::move(environment))
    , m_signIn(new DeviceCodePanel(this))
    , m_progress(new OperationProgressView(this))
    , m_result(new OperationResultView(this))
{
    // A few kilobytes of JSON; reading them here does not stall the window.
    Result<std::optional<DeviceRegistration>> stored = m_environment->registrationStore().load();
    if (stored && stored->has_value()) {
        m_registration = **stored;
        // While the user reads and signs in, the TPM generates the key the PIN will protect
        // (real TPMs take seconds), as Windows does.
        if (auto tpmKeys
            = std::dynamic_pointer_cast<TpmKeyStore>(m_environment->keyStoreFor(*m_registration)))
            tpmKeys->pool().fill();
    }

    addPage(createPrerequisitesPage());
    addPage(m_signIn);
    addPage(createPinPage());
    addPage(m_progress);
    addPage(m_result);
    m_progress->setSteps({ PinOperation::stepTitle(PinOperation::Step::GetToken),
                           PinOperation::stepTitle(PinOperation::Step::CreateKey),
                           PinOperation::stepTitle(PinOperation::Step::RegisterKey),
                           PinOperation::stepTitle(PinOperation::Step::Store) });

    connect(primaryButton(), &QPushButton::clicked, this, [this] {
        switch (currentPage()) {
        case Page::Prerequisites:
            return startSignIn();
        case Page::Pin:
            return startSetUp();
        case Page::Result:
            return accept();
        case Page::SignIn:
        case Page::Progress:
            break;
        }
    });
    evaluatePrerequisites();
    showPage(Page::Prerequisites);
}

PinWizard::~PinWizard() = default;

QWidget *PinWizard::createPrerequisitesPage()
{
    auto *page = new QWidget(this);
    m_prerequisites = new QLabel(page);
    m_prerequisites->setObjectName(u"prerequisites"_s);
    m_prerequisites->setWordWrap(true);
    m_prerequisites->setTextFormat(Qt::RichText);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_prerequisites);
    layout->addStretch(1);
    return page;
}

QWidget *PinWizard::createPinPage()
{
    auto *page = new QWidget(this);
    m_pin = new QLineEdit(page);
    m_pin->setObjectName(u"pin"_s);
    m_pin->setEchoMode(QLineEdit::Password);
    m_confirm = new QLineEdit(page);
    m_confirm->setObjectName(u"confirmPin"_s);
    m_confirm->setEchoMode(QLineEdit::Password);
    m_pinFeedback = new QLabel(page);
    m_pinFeedback->setObjectName(u"pinFeedback"_s);
    m_pinFeedback->setWordWrap(true);
    connect(m_pin, &QLineEdit::textChanged, this, &PinWizard::updatePinFeedback);
    connect(m_confirm, &QLineEdit::textChanged, this, &PinWizard::updatePinFeedback);
    auto *form = new QFormLayout;
    form->addRow(u"New PIN:"_s, m_pin);
    form->addRow(u"Confirm the PIN:"_s, m_confirm);
    auto *intro = new QLabel(u"<b>Choose a PIN</b><p>The PIN unlocks a key that never leaves this "
                             u"device's TPM; it is not a password and is never sent anywhere. "
                             u"It must be %1</p>"_s.arg(m_policy.description().toHtmlEscaped()),
                             page);
    intro->setWordWrap(true);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_pinFeedback);
    layout->addStretch(1);
    return page;
}

PinWizard::Page PinWizard::currentPage() const
{
    return Page(pageIndex());
}

void PinWizard::showPage(Page page)
{
    setPageIndex(int(page));
    primaryButton()->setVisible(page == Page::Prerequisites || page == Page::Pin
                                || page == Page::Result);
    primaryButton()->setText(page == Page::Prerequisites ? u"Sign In"_s
                                 : page == Page::Pin     ? u"Set Up PIN"_s
                                                         : u"Close"_s);
    cancelButton()->setVisible(page != Page::Result);
    if (page == Page::Prerequisites) {
        // Signing in is this wizard's next step: only a missing PRT may be missing now.
        primaryButton()->setEnabled(m_check.willProvision || m_check.failing == u"IsUserAzureAD");
    } else if (page == Page::Pin) {
        updatePinFeedback();
        m_pin->setFocus();
    } else {
        primaryButton()->setEnabled(true);
    }
    Q_EMIT pageChanged(page);
}

void PinWizard::evaluatePrerequisites()
{
    NgcFacts facts;
    facts.deviceJoined = m_registration && m_registration->joinType == 0;
    Result<std::optional<StoredPrt>> prt = PrtStore(m_environment->stateDirectory()).load();
    facts.userHasPrt = prt && prt->has_value();
    facts.deviceEligible = m_registration
        && (m_registration->tpmProtected || m_environment->options().forceSoftwareKeys);
    facts.remoteSession = NgcPrerequisiteResult::isRemoteSession();
    m_check = NgcPrerequisiteResult::evaluate(facts);

    QString html = u"<b>Ngc Prerequisite Check</b><table cellspacing='4'>"_s;
    const StatusSection section = writeSection(m_check.section);
    for (const StatusField &field : section.fields) {
        const bool failing = field.key == m_check.failing;
        html += u"<tr><td>%1</td><td>%2</td></tr>"_s.arg(
            field.key,
            failing ? u"<b style='color:#b71c1c'>%1</b>"_s.arg(field.value)
                    : field.value.toHtmlEscaped());
    }
    html += u"</table>"_s;
    if (!m_check.failing.isEmpty())
        html += u"<p><b>%1:</b> %2</p>"_s.arg(m_check.failing, m_check.explanation.toHtmlEscaped());
    html += u"<p>Next, sign in with your work account and a second factor (MFA); the sign-in "
            u"gives this device a fresh PRT, which vouches for you when the PIN's key is "
            u"registered.</p>"_s;
    m_prerequisites->setText(html);
}

QString PinWizard::prerequisiteText() const
{
    return m_prerequisites->text();
}

void PinWizard::startSignIn()
{
    if (!m_registration)
        return;
    m_http = std::make_unique<CloudHttp>();
    if (Status trusted = m_environment->configure(*m_http); !trusted)
        return showFailure(u"Cannot reach the service"_s, trusted.error(), {});
    m_drs = std::make_unique<DrsClient>(*m_http, m_environment->endpoints());
    m_prtClient = std::make_unique<PrtClient>(*m_http, m_environment->endpoints());
    m_keyClient = std::make_unique<KeyProvisioningClient>(*m_http, m_environment->endpoints());
    m_prtStore = std::make_unique<PrtStore>(m_environment->stateDirectory());
    m_journalStore = std::make_unique<RegistrationStore>(m_environment->registrationStore());

    m_signIn->stop();
    m_signIn->setStatus(u"Asking for a sign-in code…"_s);
    showPage(Page::SignIn);
    m_signInOperation = std::make_unique<DeviceCodeSignIn>(*m_drs, m_registration->tenantId);
    connect(m_signInOperation.get(), &DeviceCodeSignIn::codeReady, this,
            [this](const QString &code, const QUrl &url, int expires) {
                m_signIn->showCode(code, url, expires);
            });
    connect(m_signInOperation.get(), &DeviceCodeSignIn::signedIn, this,
            [this](const TokenSet &tokens) { acquirePrt(tokens.refreshToken); });
    connect(m_signInOperation.get(), &DeviceCodeSignIn::failed, this,
            [this](const Error &error) { showFailure(u"The sign-in failed"_s, error, {}); });
    m_signInOperation->start();
}

void PinWizard::acquirePrt(const QString &refreshToken)
{
    m_signIn->stop();
    m_signIn->setStatus(u"Signed in. Getting a PRT for this device…"_s);
    m_prtOperation = std::make_unique<PrtOperation>(
        *m_prtClient, m_environment->keyStoreFor(*m_registration), *m_registration, *m_prtStore);
    connect(m_prtOperation.get(), &PrtOperation::finished, this, [this] { showPage(Page::Pin); });
    connect(m_prtOperation.get(), &PrtOperation::failed, this,
            [this](const Error &error) { showFailure(u"No PRT could be obtained"_s, error, {}); });
    m_prtOperation->acquire({ PrtCredential::Kind::BrokerRefreshToken, {}, refreshToken, {}, {} });
}

void PinWizard::updatePinFeedback()
{
    QStringList problems = m_policy.problems(m_pin->text());
    if (problems.isEmpty() && m_confirm->text() != m_pin->text())
        problems << (m_confirm->text().isEmpty() ? u"Type the PIN again to confirm it."_s
                                                 : u"The two PINs differ."_s);
    m_pinFeedback->setText(m_pin->text().isEmpty() ? QString() : problems.join(u'\n'));
    if (currentPage() == Page::Pin)
        primaryButton()->setEnabled(problems.isEmpty());
}

void PinWizard::startSetUp()
{
    if (!m_policy.accepts(m_pin->text()) || m_pin->text() != m_confirm->text())
        return;
    showPage(Page::Progress);
    m_pinOperation = std::make_unique<PinOperation>(*m_prtClient, *m_keyClient,
                                                    m_environment->keyStoreFor(*m_registration),
                                                    *m_registration, *m_journalStore);
    connect(m_pinOperation.get(), &PinOperation::stepStarted, this,
            [this](PinOperation::Step step) {
                if (int(step) <= int(PinOperation::Step::Store))
                    m_progress->startStep(int(step));
            });
    connect(m_pinOperation.get(), &PinOperation::finished, this,
            [this](const NgcRegistration &ngc) {
                m_succeeded = true;
                m_progress->finishAll();
                m_result->showSuccess(
                    u"Your Windows Hello PIN is set up"_s,
                    { u"Account: "_s + ngc.upn, u"Key: "_s + ngc.keyId,
                      u"Protected by: "_s + (ngc.tpmProtected ? u"the TPM"_s : u"software"_s) },
                    u"Use Device › Test Windows Hello PIN… to try it."_s);
                showPage(Page::Result);
                Q_EMIT pinSetUp();
            });
    connect(m_pinOperation.get(), &PinOperation::failed, this,
            [this](const Error &error, PinOperation::Step, const QString &rollback) {
                m_progress->failCurrent();
                showFailure(u"The PIN could not be set up"_s, error, rollback);
            });
    const QString pin = m_pin->text();
    m_pin->clear();
    m_confirm->clear();
    m_pinOperation->setUp(pin);
}

void PinWizard::showFailure(const QString &title, const Error &error, const QString &aftermath)
{
    m_signIn->stop();
    m_result->showFailure(title, error, aftermath);
    showPage(Page::Result);
}

void PinWizard::reject()
{
    if (currentPage() == Page::SignIn && m_signInOperation) {
        m_signInOperation->cancel(); // reported as a failure page
        return;
    }
    if (currentPage() == Page::Progress)
        return; // the set-up finishes or rolls back by itself; closing now would hide which
    QDialog::reject();
}

} // namespace Entra::Ui
