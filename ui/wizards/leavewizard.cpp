#include "leavewizard.h"

#include "cloud/cloudhttp.h"
#include "local/deviceenvironment.h"
#include "operationprogressview.h"
#include "operationresultview.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

LeaveWizard::LeaveWizard(std::shared_ptr<DeviceEnvironment> environment, QWidget *parent)
    : WizardDialog(u"Leave the organisation"_s, u"leaveWizard"_s, parent)
    , m_environment(std::move(environment))
    , m_progress(new OperationProgressView(this))
    , m_result(new OperationResultView(this))
{

    // registration.json is a few kilobytes; reading it here does not stall the window.
    Result<std::optional<DeviceRegistration>> stored = m_environment->registrationStore().load();
    if (!stored)
        m_loadProblem = stored.error().message;
    else
        m_registration = *stored;

    addPage(createIntroPage());
    addPage(m_progress);
    addPage(m_result);
    m_progress->setSteps({ LeaveOperation::stepTitle(LeaveOperation::Step::DeleteInCloud),
                           LeaveOperation::stepTitle(LeaveOperation::Step::RemoveLocal) });

    primaryButton()->setEnabled(m_registration.has_value());
    m_localOnlyRetry = addButton(u"Remove from This Device Only"_s, u"localOnlyButton"_s);
    connect(primaryButton(), &QPushButton::clicked, this, [this] {
        if (currentPage() == Page::Intro)
            startLeave();
        else
            accept();
    });
    connect(m_localOnlyRetry, &QPushButton::clicked, this, [this] {
        setLocalOnly(true);
        startLeave();
    });
    showPage(Page::Intro);
}

LeaveWizard::~LeaveWizard() = default;

QWidget *LeaveWizard::createIntroPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *text = new QLabel(page);
    text->setObjectName(u"introText"_s);
    text->setWordWrap(true);
    if (!m_registration) {
        text->setText(m_loadProblem.isEmpty()
                          ? u"This device is neither joined nor registered; there is nothing to "
                            u"leave."_s
                          : m_loadProblem);
        layout->addWidget(text);
        layout->addStretch(1);
        return page;
    }
    const DeviceRegistration &r = *m_registration;
    text->setText(
        u"<b>What will happen</b><p>Device <tt>%1</tt> is %2 <b>%3</b>.</p><ol>"
        u"<li>The device asks the device registration service to delete it, signing in with "
        u"its own certificate and key.</li>"
        u"<li>The registration and its keys are removed from this device.</li></ol>"
        u"<p>Single sign-on to the organisation's apps stops working on this device.</p>"_s.arg(
            r.deviceId, r.joinType == 0 ? u"joined to"_s : u"registered with"_s,
            r.targetDomain.toHtmlEscaped()));
    m_localOnly = new QCheckBox(
        u"Only remove it from this device (the device stays in the directory until an "
        u"administrator deletes it)"_s,
        page);
    m_localOnly->setObjectName(u"localOnly"_s);
    layout->addWidget(text);
    layout->addWidget(m_localOnly);
    layout->addStretch(1);
    return page;
}

LeaveWizard::Page LeaveWizard::currentPage() const
{
    return Page(pageIndex());
}

void LeaveWizard::setLocalOnly(bool localOnly)
{
    if (m_localOnly)
        m_localOnly->setChecked(localOnly);
}

void LeaveWizard::showPage(Page page)
{
    setPageIndex(int(page));
    primaryButton()->setVisible(page != Page::Progress);
    primaryButton()->setText(page == Page::Intro ? u"Leave"_s : u"Close"_s);
    cancelButton()->setVisible(page != Page::Result);
    m_localOnlyRetry->setVisible(page == Page::Result && !m_succeeded && m_registration
                                 && m_environment->registrationStore().load()
                                 && m_environment->registrationStore().load()->has_value());
    Q_EMIT pageChanged(page);
}

void LeaveWizard::startLeave()
{
    if (!m_registration || (m_operation && currentPage() == Page::Progress))
        return;
    const bool localOnly = m_localOnly && m_localOnly->isChecked();
    m_http = std::make_unique<CloudHttp>();
    (void)m_environment->configure(*m_http); // a bad --ca-file shows up as a TLS error below
    m_client = std::make_unique<DrsClient>(*m_http, m_environment->endpoints());
    m_store = std::make_unique<RegistrationStore>(m_environment->registrationStore());
    m_operation
        = std::make_unique<LeaveOperation>(*m_client, m_environment->keyStoreFor(*m_registration),
                                           *m_store, LeaveOptions { localOnly });
    connect(m_operation.get(), &LeaveOperation::stepStarted, this,
            [this](LeaveOperation::Step step) {
                if (step != LeaveOperation::Step::Done)
                    m_progress->startStep(int(step));
            });
    connect(m_operation.get(), &LeaveOperation::finished, this, &LeaveWizard::onFinished);
    connect(m_operation.get(), &LeaveOperation::failed, this, &LeaveWizard::onFailed);
    m_progress->setSteps({ LeaveOperation::stepTitle(LeaveOperation::Step::DeleteInCloud),
                           LeaveOperation::stepTitle(LeaveOperation::Step::RemoveLocal) });
    m_progress->setDetail(localOnly ? u"This device only: the directory is not asked."_s
                                    : QString());
    showPage(Page::Progress);
    m_operation->start();
}

void LeaveWizard::onFinished(const LeaveOutcome &outcome)
{
    m_succeeded = true;
    m_progress->finishAll();
    m_result->showSuccess(
        u"This device has left"_s,
        { u"Device ID: "_s + outcome.deviceId,
          u"Deleted in the directory: "_s + (outcome.cloudObjectDeleted ? u"Yes"_s : u"No"_s),
          u"Keys deleted here: %1"_s.arg(outcome.deletedKeyIds.size()) },
        outcome.note);
    showPage(Page::Result);
    Q_EMIT left();
}

void LeaveWizard::onFailed(const Error &error, LeaveOperation::Step, const QString &advice)
{
    m_progress->failCurrent();
    m_result->showFailure(u"The device could not leave"_s, error, advice);
    showPage(Page::Result);
}

void LeaveWizard::reject()
{
    if (m_operation && currentPage() == Page::Progress) {
        m_operation->cancel();
        return;
    }
    QDialog::reject();
}

} // namespace Entra::Ui
