#pragma once

#include "ops/leaveoperation.h"
#include "wizarddialog.h"

#include <memory>

class QCheckBox;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace Entra {
class CloudHttp;
class DeviceEnvironment;
} // namespace Entra

namespace Entra::Ui {

class OperationProgressView;
class OperationResultView;

// Leave: what will happen (and the "this device only" choice) → the steps → the result. When
// the service refuses or cannot be reached, the result offers the local-only clean-up with its
// warning instead of leaving the user stuck.
class LeaveWizard : public WizardDialog
{
    Q_OBJECT

public:
    enum class Page { Intro, Progress, Result };

    explicit LeaveWizard(std::shared_ptr<DeviceEnvironment> environment, QWidget *parent = nullptr);
    ~LeaveWizard() override;

    Page currentPage() const;
    void setLocalOnly(bool localOnly);
    bool succeeded() const { return m_succeeded; }
    OperationResultView *resultView() const { return m_result; }

public Q_SLOTS:
    void startLeave();

Q_SIGNALS:
    void pageChanged(Entra::Ui::LeaveWizard::Page page);
    void left();

protected:
    void reject() override;

private:
    QWidget *createIntroPage();
    void showPage(Page page);
    void onFinished(const LeaveOutcome &outcome);
    void onFailed(const Error &error, LeaveOperation::Step step, const QString &advice);

    std::shared_ptr<DeviceEnvironment> m_environment;
    std::optional<DeviceRegistration> m_registration;
    QString m_loadProblem;
    QCheckBox *m_localOnly = nullptr;
    OperationProgressView *m_progress;
    OperationResultView *m_result;
    QPushButton *m_localOnlyRetry;
    bool m_succeeded = false;

    std::unique_ptr<CloudHttp> m_http;
    std::unique_ptr<DrsClient> m_client;
    std::unique_ptr<RegistrationStore> m_store;
    std::unique_ptr<LeaveOperation> m_operation;
};

} // namespace Entra::Ui
