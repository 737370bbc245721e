#pragma once

#include "common/error.h"
#include "ops/joinoperation.h"
#include "wizarddialog.h"

#include <memory>

class QButtonGroup;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QStackedWidget;

namespace Entra {
class CloudHttp;
class DeviceEnvironment;
struct KeyStoreSelection;
} // namespace Entra

namespace Entra::Ui {

class DeviceCodePanel;
class OperationProgressView;
class OperationResultView;

// Join or register this device: what will happen → sign in with the device code → each step
// as it runs → the new state, or the error with its meaning, fix and what was rolled back.
// Everything slow (the TPM, the network) runs off the GUI thread; Cancel works on every page.
class JoinWizard : public WizardDialog
{
    Q_OBJECT

public:
    enum class Page { Intro, SignIn, Progress, Result };

    explicit JoinWizard(std::shared_ptr<DeviceEnvironment> environment, QWidget *parent = nullptr);
    ~JoinWizard() override;

    Page currentPage() const;
    void setTenant(const QString &tenant);
    void setJoinType(int joinType); // 0 join, 4 register
    QString userCode() const;
    QString verificationUrl() const;
    OperationProgressView *progressView() const { return m_progress; }
    OperationResultView *resultView() const { return m_result; }
    bool succeeded() const { return m_succeeded; }

public Q_SLOTS:
    void startJoin();

Q_SIGNALS:
    void pageChanged(Entra::Ui::JoinWizard::Page page);
    void joined();

protected:
    void reject() override;

private:
    QWidget *createIntroPage();
    void showPage(Page page);
    void keysReady(const KeyStoreSelection &keys);
    void onStepStarted(JoinOperation::Step step);
    void onSignInRequired(const QString &userCode, const QUrl &url);
    void onFinished(const DeviceRegistration &registration);
    void onFailed(const Error &error, JoinOperation::Step step, const QString &rollback);
    void cancelOrClose();

    std::shared_ptr<DeviceEnvironment> m_environment;
    QLineEdit *m_tenant;
    QRadioButton *m_joinChoice;
    QRadioButton *m_registerChoice;
    QLabel *m_introError;
    DeviceCodePanel *m_signIn;
    OperationProgressView *m_progress;
    OperationResultView *m_result;
    QString m_keyNote;
    bool m_running = false;
    bool m_succeeded = false;

    std::unique_ptr<CloudHttp> m_http;
    std::unique_ptr<DrsClient> m_client;
    std::unique_ptr<RegistrationStore> m_store;
    std::unique_ptr<JoinOperation> m_operation;
};

} // namespace Entra::Ui
