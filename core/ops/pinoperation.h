#pragma once

#include "cloud/keyprovisioningclient.h"
#include "cloud/prtclient.h"
#include "hello/ngcstore.h"
#include "store/prtstore.h"
#include "store/registrationstore.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace Entra {

class KeyStore;
class PrtOperation;

// Windows Hello for Business PIN set-up and removal (PROTOCOL.md §5): a DRS token with ngcmfa
// through the PRT → an RSA-2048 Hello key in the key store with the PIN as its authValue →
// the public key registered with the key service → the registration saved. A journal names
// the key before it exists; a failure deletes what was made (locally and on the service).
class PinOperation : public QObject
{
    Q_OBJECT

public:
    enum class Step { GetToken, CreateKey, RegisterKey, Store, DeleteKey, Done };
    Q_ENUM(Step)

    PinOperation(PrtClient &prtClient, KeyProvisioningClient &keyClient,
                 std::shared_ptr<KeyStore> keys, DeviceRegistration registration,
                 RegistrationStore &journalStore, QObject *parent = nullptr);
    ~PinOperation() override;

    // The PIN must already satisfy the PinPolicy; the caller checks the prerequisites.
    void setUp(const QString &pin);
    // Deletes the Hello key on the service and here.
    void remove();
    static QString stepTitle(Step step);

Q_SIGNALS:
    void stepStarted(Entra::PinOperation::Step step, const QString &title);
    void finished(const Entra::NgcRegistration &registration);
    void removed(const QString &note);
    void failed(const Entra::Error &error, Entra::PinOperation::Step step,
                const QString &rollback);

private:
    void enter(Step step);
    void getToken(std::function<void(const QString &token)> next);
    void createKey(const QString &token);
    void registerKey(const QString &token, const QString &keyId, const QByteArray &blob);
    void store(const NgcRegistration &registration);
    void fail(const Error &error);
    void finishRemoval(const QString &note);

    PrtClient &m_prtClient;
    KeyProvisioningClient &m_keyClient;
    std::shared_ptr<KeyStore> m_keys;
    DeviceRegistration m_registration;
    RegistrationStore &m_journalStore;
    PrtStore m_prtStore;
    NgcStore m_ngcStore;
    std::unique_ptr<PrtOperation> m_tokenOperation;
    QPointer<QNetworkReply> m_reply;
    Step m_step = Step::GetToken;
    bool m_running = false;
    QString m_pin;
    QString m_token;
    QString m_createdKeyId;
    QString m_registeredKid;
    OperationJournal m_journal;
};

} // namespace Entra
