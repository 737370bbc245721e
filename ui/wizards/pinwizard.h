#pragma once

#include "hello/ngcprerequisites.h"
#include "hello/pinpolicy.h"
#include "ops/pinoperation.h"
#include "ops/prtoperation.h"
#include "wizarddialog.h"

#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace Entra {
class CloudHttp;
class DeviceCodeSignIn;
class DeviceEnvironment;
class DrsClient;
class KeyProvisioningClient;
} // namespace Entra

namespace Entra::Ui {

class DeviceCodePanel;
class OperationProgressView;
class OperationResultView;

// Set up a Windows Hello for Business PIN: the prerequisites (the blocker named) → an MFA
// sign-in that yields a fresh PRT → the PIN twice, checked against the policy as it is typed →
// the steps → the result. Nothing slow runs on the GUI thread.
class PinWizard : public WizardDialog
{
    Q_OBJECT

public:
    enum class Page { Prerequisites, SignIn, Pin, Progress, Result };

    PinWizard(std::shared_ptr<DeviceEnvironment> environment, QWidget *parent = nullptr);
    ~PinWizard() override;

    Page currentPage() const;
    bool succeeded() const { return m_succeeded; }
    OperationResultView *resultView() const { return m_result; }
    DeviceCodePanel *signInPanel() const { return m_signIn; }
    QString prerequisiteText() const;

Q_SIGNALS:
    void pageChanged(Entra::Ui::PinWizard::Page page);
    void pinSetUp();

protected:
    void reject() override;

private:
    QWidget *createPrerequisitesPage();
    QWidget *createPinPage();
    void showPage(Page page);
    void evaluatePrerequisites();
    void startSignIn();
    void acquirePrt(const QString &refreshToken);
    void updatePinFeedback();
    void startSetUp();
    void showFailure(const QString &title, const Error &error, const QString &aftermath);

    std::shared_ptr<DeviceEnvironment> m_environment;
    std::optional<DeviceRegistration> m_registration;
    PinPolicy m_policy;
    NgcPrerequisiteResult m_check;
    QLabel *m_prerequisites;
    DeviceCodePanel *m_signIn;
    QLineEdit *m_pin;
    QLineEdit *m_confirm;
    QLabel *m_pinFeedback;
    OperationProgressView *m_progress;
    OperationResultView *m_result;
    bool m_succeeded = false;

    std::unique_ptr<CloudHttp> m_http;
    std::unique_ptr<DrsClient> m_drs;
    std::unique_ptr<PrtClient> m_prtClient;
    std::unique_ptr<KeyProvisioningClient> m_keyClient;
    std::unique_ptr<PrtStore> m_prtStore;
    std::unique_ptr<RegistrationStore> m_journalStore;
    std::unique_ptr<DeviceCodeSignIn> m_signInOperation;
    std::unique_ptr<PrtOperation> m_prtOperation;
    std::unique_ptr<PinOperation> m_pinOperation;
};

} // namespace Entra::Ui
