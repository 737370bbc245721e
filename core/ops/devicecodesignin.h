#pragma once

#include "cloud/drsclient.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace Entra {

// A device-code sign-in on its own (PROTOCOL.md §2.2): ask for a code, show it, poll until the
// user has signed in, declined, or the code expired. The tokens stay in memory.
class DeviceCodeSignIn : public QObject
{
    Q_OBJECT

public:
    DeviceCodeSignIn(DrsClient &client, QString tenant, QObject *parent = nullptr);
    ~DeviceCodeSignIn() override;

    void start();
    void cancel();

Q_SIGNALS:
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
