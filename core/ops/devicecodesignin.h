#pragma once

#include "cloud/drsclient.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace Entra {

// A device-code sign-in on its own (PROTOCOL.md §2.2): ask for a code, show it, poll until the
// user has signed in, declined, or the code expired. The tokens stay in memory. Given a state
// directory, its steps and failure go to the operation log (operation "sign-in"), so that the
// status can explain a sign-in that failed.
class DeviceCodeSignIn : public QObject
{
    Q_OBJECT

public:
    enum class Step { RequestCode, WaitForSignIn, Done };
    Q_ENUM(Step)

    DeviceCodeSignIn(DrsClient &client, QString tenant, QString stateDirectory = {},
                     QObject *parent = nullptr);
    ~DeviceCodeSignIn() override;

    void start();
    void cancel();
    static QString stepTitle(Step step);

Q_SIGNALS:
    void stepStarted(Entra::DeviceCodeSignIn::Step step, const QString &title);
    void codeReady(const QString &userCode, const QUrl &verificationUrl, int expiresInSeconds);
    void signedIn(const Entra::TokenSet &tokens);
    void failed(const Entra::Error &error);

private:
    void poll();
    void fail(const Error &error);

    DrsClient &m_client;
    QString m_tenant;
    DeviceCodeChallenge m_challenge;
    QDateTime m_deadline;
    QTimer m_timer;
    QPointer<QNetworkReply> m_reply;
    bool m_running = false;
};

} // namespace Entra
