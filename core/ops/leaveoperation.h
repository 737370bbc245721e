#pragma once

#include "cloud/drsclient.h"
#include "store/registrationstore.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace Entra {

class KeyStore;

struct LeaveOptions
{
    // Only forget the registration on this device; the device object stays in the directory.
    bool localOnly = false;
};

struct LeaveOutcome
{
    QString deviceId;
    bool cloudObjectDeleted = false;
    QStringList deletedKeyIds;
    QString note; // what remains to be done by someone else, if anything
};

// Leave (PROTOCOL.md §4): delete the device object with the device certificate and key as the
// TLS client certificate, then remove the registration and its keys here, with what belongs to
// the registration: the PRT and the Windows Hello registration and key. A journal written
// first lets the next start finish a leave that was cut off (JournalRecovery). When the service
// cannot be reached or refuses, nothing changes locally and the error says how to remove the
// registration from this device only.
class LeaveOperation : public QObject
{
    Q_OBJECT

public:
    enum class Step { DeleteInCloud, RemoveLocal, Done };
    Q_ENUM(Step)

    LeaveOperation(DrsClient &client, std::shared_ptr<KeyStore> keys, RegistrationStore &store,
                   LeaveOptions options, QObject *parent = nullptr);
    ~LeaveOperation() override;

    void start();
    // Possible while the service is asked; afterwards the local clean-up runs to its end.
    void cancel();
    static QString stepTitle(Step step);

Q_SIGNALS:
    void stepStarted(Entra::LeaveOperation::Step step, const QString &title);
    void finished(const Entra::LeaveOutcome &outcome);
    // `advice` says what state the device is in and what to do next.
    void failed(const Entra::Error &error, Entra::LeaveOperation::Step step,
                const QString &advice);

private:
    void enter(Step step);
    void deleteInCloud();
    void refused(Error error);
    void removeLocal();
    void fail(const Error &error, const QString &advice);
    QString localOnlyAdvice() const;

    DrsClient &m_client;
    std::shared_ptr<KeyStore> m_keys;
    RegistrationStore &m_store;
    LeaveOptions m_options;
    Step m_step = Step::DeleteInCloud;
    bool m_running = false;
    DeviceRegistration m_registration;
    OperationJournal m_journal;
    QPointer<QNetworkReply> m_reply;
};

} // namespace Entra

