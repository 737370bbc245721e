#include "devicecodesignin.h"

#include "operationlogging.h"

#include <QNetworkReply>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

DeviceCodeSignIn::DeviceCodeSignIn(DrsClient &client, QString tenant, QString stateDirectory,
                                   QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_tenant(std::move(tenant))
{
    if (!stateDirectory.isEmpty())
        recordInOperationLog(*this, stateDirectory, u"sign-in"_s);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DeviceCodeSignIn::poll);
}

DeviceCodeSignIn::~DeviceCodeSignIn()
{
    if (m_reply)
        m_reply->abort();
}

QString DeviceCodeSignIn::stepTitle(Step step)
{
    switch (step) {
    case Step::RequestCode:
        return u"Asking for a sign-in code"_s;
    case Step::WaitForSignIn:
        return u"Waiting for the sign-in"_s;
    case Step::Done:
        break;
    }
    return u"Done"_s;
}

void DeviceCodeSignIn::start()
{
    if (m_running)
        return;
    m_running = true;
    Q_EMIT stepStarted(Step::RequestCode, stepTitle(Step::RequestCode));
    m_reply = m_client.startDeviceCode(m_tenant, this, [this](Result<DeviceCodeChallenge> started) {
        if (!m_running)
            return;
        if (!started)
            return fail(started.error());
        m_challenge = *started;
        m_deadline = QDateTime::currentDateTimeUtc().addSecs(m_challenge.expiresInSeconds);
        Q_EMIT stepStarted(Step::WaitForSignIn, stepTitle(Step::WaitForSignIn));
        Q_EMIT codeReady(m_challenge.userCode, m_challenge.verificationUrl,
                         m_challenge.expiresInSeconds);
        m_timer.start(std::chrono::seconds(m_challenge.intervalSeconds));
    });
}

void DeviceCodeSignIn::poll()
{
    if (QDateTime::currentDateTimeUtc() > m_deadline)
        return fail(Error{ErrorDomain::Cloud, 70019,
                          u"The sign-in code expired before the sign-in was completed."_s,
                          u"Start again and sign in within the time shown."_s, {}});
    m_reply = m_client.pollDeviceCode(
        m_tenant, m_challenge, this, [this](Result<std::optional<TokenSet>> token) {
            if (!m_running)
                return;
            if (!token)
                return fail(token.error());
            if (!token->has_value()) {
                m_timer.start(std::chrono::seconds(m_challenge.intervalSeconds));
                return;
            }
            m_running = false;
            Q_EMIT stepStarted(Step::Done, stepTitle(Step::Done));
            Q_EMIT signedIn(**token);
        });
}

void DeviceCodeSignIn::cancel()
{
    if (!m_running)
        return;
    if (m_reply)
        m_reply->abort();
    fail(Error{ErrorDomain::Usage, 0, u"The sign-in was cancelled."_s, {}, {}});
}

void DeviceCodeSignIn::fail(const Error &error)
{
    if (!m_running)
        return;
    m_running = false;
    m_timer.stop();
    Q_EMIT failed(error);
}

} // namespace Entra
