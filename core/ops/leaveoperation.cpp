#include "leaveoperation.h"

#include "cloud/cloudhttp.h"
#include "crypto/devicecertificate.h"
#include "crypto/keystoresslkey.h"
#include "hello/ngcstore.h"
#include "operationlogging.h"
#include "store/prtstore.h"
#include "tpm/keystore.h"

#include <QFutureWatcher>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QtConcurrentRun>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

LeaveOperation::LeaveOperation(DrsClient &client, std::shared_ptr<KeyStore> keys,
                               RegistrationStore &store, LeaveOptions options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_keys(std::move(keys))
    , m_store(store)
    , m_options(options)
{
    recordInOperationLog(*this, m_store.stateDirectory(), u"leave"_s);
}

LeaveOperation::~LeaveOperation()
{
    if (m_reply)
        m_reply->abort();
}

QString LeaveOperation::stepTitle(Step step)
{
    switch (step) {
    case Step::DeleteInCloud:
        return u"Deleting the device in the directory"_s;
    case Step::RemoveLocal:
        return u"Removing the registration and keys from this device"_s;
    case Step::Done:
        break;
    }
    return u"Done"_s;
}

void LeaveOperation::enter(Step step)
{
    m_step = step;
    Q_EMIT stepStarted(step, stepTitle(step));
}

void LeaveOperation::start()
{
    if (m_running)
        return;
    m_running = true;
    Result<std::optional<DeviceRegistration>> stored = m_store.load();
    if (!stored)
        return fail(stored.error(), {});
    if (!stored->has_value())
        return fail(Error{ErrorDomain::Usage, 0,
                          u"This device is neither joined nor registered; there is nothing to "
                          u"leave."_s,
                          {}, {}},
                    {});
    m_registration = **stored;
    m_journal = OperationJournal{};
    m_journal.operation = u"leave"_s;
    m_journal.step = stepTitle(Step::DeleteInCloud);
    m_journal.deviceId = m_registration.deviceId;
    m_journal.startedAt = QDateTime::currentDateTimeUtc();
    m_journal.releasedKeyIds = {m_registration.deviceKeyId, m_registration.transportKeyId};
    // The Windows Hello key is this device's too: it cannot be used without the device key.
    if (Result<std::optional<NgcRegistration>> ngc = NgcStore(m_store.stateDirectory()).load();
        ngc && ngc->has_value()) {
        m_journal.releasedKeyIds << (*ngc)->keyId;
        m_journal.helloUpn = (*ngc)->upn;
    }
    if (m_options.localOnly) {
        removeLocal();
        return;
    }
    if (Status written = m_store.writeJournal(m_journal); !written)
        return fail(written.error(), {});
    deleteInCloud();
}

void LeaveOperation::cancel()
{
    if (!m_running || m_step != Step::DeleteInCloud)
        return;
    if (m_reply)
        m_reply->abort();
    fail(Error{ErrorDomain::Usage, 0, u"The leave was cancelled."_s, {}, {}},
         u"The registration on this device was kept. If the service had already received the "
         u"delete, DeviceAuthStatus now shows FAILED; then remove the registration with "
         u"`entra-doctor leave --local-only`."_s);
}

void LeaveOperation::deleteInCloud()
{
    enter(Step::DeleteInCloud);
    const QSslCertificate certificate(m_registration.certificateDer, QSsl::Der);
    Result<DeviceCertificate> parsed = DeviceCertificate::fromDer(m_registration.certificateDer);
    if (certificate.isNull() || !parsed)
        return fail(Error{ErrorDomain::Store, 0,
                          u"The stored device certificate cannot be read, so the device cannot "
                          u"authenticate to delete itself."_s,
                          {}, parsed ? QString() : parsed.error().message},
                    localOnlyAdvice());
    Result<QSslKey> key =
        KeyStoreSslKey::create(m_keys, m_registration.deviceKeyId, parsed->subjectPublicKeyInfo);
    if (!key)
        return fail(key.error(), localOnlyAdvice());
    m_reply = m_client.deleteDevice(m_registration.joinEndpoint, m_registration.deviceId,
                                    certificate, *key, this, [this](Status deleted) {
                                        if (!m_running)
                                            return;
                                        if (!deleted)
                                            return refused(deleted.error());
                                        m_journal.cloudObjectDeleted = true;
                                        removeLocal();
                                    });
}

void LeaveOperation::refused(Error error)
{
    // The service no longer knows the device (deleted by an administrator or a stale-device
    // clean-up): nothing is left to delete there, and the local clean-up is the whole answer.
    if (CloudHttp::answerLost(error))
        return fail(error,
                    u"Nothing was changed on this device. The service's answer was lost, so device "
                    u"%1 may already be deleted in the directory. Run the leave again; if the "
                    u"directory no longer has the device, `entra-doctor leave --local-only` "
                    u"finishes the clean-up."_s.arg(m_registration.deviceId));
    if (error.code == 400 && error.message.contains(u"not found"_s, Qt::CaseInsensitive)) {
        error.fix = u"Remove the registration from this device only, then join again if the "
                    u"device still needs access."_s;
        return fail(error,
                    u"Nothing was changed on this device. The directory no longer has device %1, "
                    u"so removing it from this device only (`entra-doctor leave --local-only`) "
                    u"leaves nothing behind."_s.arg(m_registration.deviceId));
    }
    fail(error, localOnlyAdvice());
}

void LeaveOperation::removeLocal()
{
    enter(Step::RemoveLocal);
    m_journal.step = stepTitle(Step::RemoveLocal);
    if (Status written = m_store.writeJournal(m_journal); !written)
        return fail(written.error(), {});
    // The registration file is the commit point: once it is gone the device has left, and
    // the journal makes sure the keys follow even if we stop now.
    if (Status removed = m_store.remove(); !removed)
        return fail(removed.error(), {});
    // The PRT and its session key, and the Windows Hello registration, are bound to the device
    // that is gone.
    (void)PrtStore(m_store.stateDirectory()).remove();
    (void)NgcStore(m_store.stateDirectory()).remove();

    struct Deletion
    {
        QStringList deleted;
        QString problem;
    };
    auto *watcher = new QFutureWatcher<Deletion>(this);
    connect(watcher, &QFutureWatcher<Deletion>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const Deletion deletion = watcher->result();
        LeaveOutcome outcome;
        outcome.deviceId = m_registration.deviceId;
        outcome.cloudObjectDeleted = m_journal.cloudObjectDeleted;
        outcome.deletedKeyIds = deletion.deleted;
        if (deletion.problem.isEmpty())
            (void)m_store.clearJournal();
        else
            outcome.note = deletion.problem
                + u" The journal is kept; the next start deletes the key."_s;
        if (!outcome.cloudObjectDeleted)
            outcome.note += (outcome.note.isEmpty() ? QString() : u" "_s)
                + u"Device %1 remains in the directory of %2; an administrator can delete it in "
                  u"the Entra admin center (Devices › All devices)."_s.arg(
                      m_registration.deviceId, m_registration.targetDomain);
        if (!m_journal.helloUpn.isEmpty())
            outcome.note += (outcome.note.isEmpty() ? QString() : u" "_s)
                + u"The Windows Hello PIN of %1 was removed with the device; its key stays "
                  u"registered with the key service but cannot be used without this device, and "
                  u"an administrator can remove it from the user's authentication methods."_s.arg(
                      m_journal.helloUpn);
        m_running = false;
        enter(Step::Done);
        Q_EMIT finished(outcome);
    });
    watcher->setFuture(QtConcurrent::run([keys = m_keys, ids = m_journal.releasedKeyIds] {
        Deletion deletion;
        for (const QString &keyId : ids) {
            if (!keys->keyInfo(keyId))
                continue;
            if (Status status = keys->deleteKey(keyId); status)
                deletion.deleted << keyId;
            else
                deletion.problem += u"Key %1 could not be deleted: %2"_s.arg(
                    keyId, status.error().message);
        }
        return deletion;
    }));
}

void LeaveOperation::fail(const Error &error, const QString &advice)
{
    if (!m_running)
        return;
    m_running = false;
    // Before the registration is removed nothing local has changed: the journal can go.
    if (m_step == Step::DeleteInCloud)
        (void)m_store.clearJournal();
    Q_EMIT failed(error, m_step, advice);
}

QString LeaveOperation::localOnlyAdvice() const
{
    return u"Nothing was changed on this device. To remove the registration from this device "
           u"anyway, leave with \"this device only\" (`entra-doctor leave --local-only`); device "
           u"%1 then stays in the directory until an administrator deletes it in the Entra "
           u"admin center (Devices › All devices)."_s.arg(m_registration.deviceId);
}

} // namespace Entra
