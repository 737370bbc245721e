#pragma once

#include "cloud/drsclient.h"
#include "store/registrationstore.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace Entra {

class KeyStore;

struct JoinOptions
{
    QString tenant;            // domain or tenant id the user signs in to
    int joinType = 0;          // 0 join, 4 register
    QString deviceDisplayName;
    QString osVersion;
};

// discover → device-code sign-in → device and transport keys → CSR → register → check the
// certificate carries our key → store. Each step reports progress; cancel() or a failure rolls
// back (keys it made are deleted). A journal, written before the first key exists, lets the
// next start explain and repair a join that was cut off (see JournalRecovery).
class JoinOperation : public QObject
{
    Q_OBJECT

public:
    enum class Step { Discover, SignIn, CreateKeys, Register, VerifyCertificate, Store, Done };
    Q_ENUM(Step)

    JoinOperation(DrsClient &client, std::shared_ptr<KeyStore> keys, RegistrationStore &store,
                  JoinOptions options, QObject *parent = nullptr);
    ~JoinOperation() override;

    void start();
    void cancel();
    Step step() const { return m_step; }
    static QString stepTitle(Step step);

Q_SIGNALS:
    void stepStarted(Entra::JoinOperation::Step step, const QString &title);
    void signInRequired(const QString &userCode, const QUrl &verificationUrl,
                        const QString &message);
    void finished(const Entra::DeviceRegistration &registration);
    // `rollback` says what was undone, or what could not be and how to finish it by hand.
    void failed(const Entra::Error &error, Entra::JoinOperation::Step step,
                const QString &rollback);

private:
    struct PreparedKeys
    {
        QByteArray csr;
        QByteArray transportKeyBlob;
        QByteArray devicePublicKey;
        Error error;
        bool ok = false;
    };

    void enter(Step step);
    void discover();
    void startSignIn();
    void poll();
    void createKeys();
    void registerDevice();
    void verifyAndStore(const JoinResponse &response);
    void fail(const Error &error);
    QString rollBack(const Error &error);

    DrsClient &m_client;
    std::shared_ptr<KeyStore> m_keys;
    RegistrationStore &m_store;
    JoinOptions m_options;
    Step m_step = Step::Discover;
    bool m_running = false;

    DiscoveryInfo m_discovery;
    DeviceCodeChallenge m_challenge;
    QDateTime m_signInDeadline;
    QTimer m_pollTimer;
    std::optional<TokenSet> m_token;
    OperationJournal m_journal;
    QString m_deviceKeyId;
    QString m_transportKeyId;
    PreparedKeys m_prepared;
    QPointer<QNetworkReply> m_reply;
};

} // namespace Entra
