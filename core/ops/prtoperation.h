#pragma once

#include "cloud/prtclient.h"
#include "store/prtstore.h"
#include "store/registrationstore.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace Entra {

class KeyStore;

// What the user proves to get a PRT (PROTOCOL.md §6.2). Held in memory only.
struct PrtCredential
{
    enum class Kind { BrokerRefreshToken, Password, HelloKey };
    Kind kind = Kind::BrokerRefreshToken;
    QString userName;
    QString secret; // the refresh token, the password or the PIN
    QString ngcKeyId; // Hello: the NGC key in the key store
    QByteArray ngcKeyBlob; // Hello: its RSA1 blob (the assertion's kid is its hash)

    QString typeName() const; // dsregcmd's "Credential Type"
};

// Acquire a PRT with a credential, or renew the stored one with its session key: nonce → sign
// (off this thread: the device key may be in the TPM) → send → open the session key → seal
// and store. A failure is stored as the last attempt, which status shows the way dsregcmd does.
class PrtOperation : public QObject
{
    Q_OBJECT

public:
    enum class Step { Nonce, SignRequest, Send, OpenSessionKey, Store, Done };
    Q_ENUM(Step)

    PrtOperation(PrtClient &client, std::shared_ptr<KeyStore> keys,
                 DeviceRegistration registration, PrtStore &store, QObject *parent = nullptr);
    ~PrtOperation() override;

    void acquire(const PrtCredential &credential);
    void renew();
    // An access token for `resource` through the PRT's session key (§6.4); with amrValues
    // "ngcmfa" it is the DRS token Hello key registration needs (§5.1).
    void requestAccessToken(const QString &resource, const QString &amrValues = {});
    void cancel();
    static QString stepTitle(Step step);

Q_SIGNALS:
    void stepStarted(Entra::PrtOperation::Step step, const QString &title);
    void finished(const Entra::StoredPrt &prt);
    void accessTokenIssued(const QString &accessToken);
    void failed(const Entra::Error &error, const Entra::PrtAttempt &attempt);

private:
    struct Signed
    {
        QByteArray requestJwt;
        Error error;
        bool ok = false;
    };
    struct Opened
    {
        StoredPrt prt;
        QString accessToken;
        Error error;
        bool ok = false;
    };

    enum class Mode { Acquire, Renew, AccessToken };
    void enter(Step step);
    QString action() const; // "renew the PRT", for error messages
    void start();
    void requestWithSessionKey(Mode mode);
    void sign(const QString &nonce);
    void send(const QByteArray &requestJwt);
    void open(const HttpResponse &response);
    void fail(const Error &error, int httpStatus = 0, const QByteArray &body = {});
    template<typename T, typename Work, typename Done>
    void runOffThread(Work work, Done done);

    PrtClient &m_client;
    std::shared_ptr<KeyStore> m_keys;
    DeviceRegistration m_registration;
    PrtStore &m_store;
    Mode m_mode = Mode::Acquire;
    bool m_renewal = false; // Renew and AccessToken: requests signed with the session key
    QString m_resource;
    QString m_amrValues;
    PrtCredential m_credential;
    std::optional<StoredPrt> m_current; // for a renewal
    Step m_step = Step::Nonce;
    bool m_running = false;
    QPointer<QNetworkReply> m_reply;
};

} // namespace Entra
