#include "journalrecovery.h"

#include "hello/ngcstore.h"
#include "joinoperation.h"
#include "local/deviceenvironment.h"
#include "store/prtstore.h"
#include "store/registrationstore.h"
#include "tpm/keystore.h"
#include "tpm/softwarekeystore.h"
#include "tpm/tpmkeystore.h"

#include <QDir>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

// Deletes each key from the store that has it; returns the ids deleted.
Result<QStringList> deleteKeys(const QStringList &keyIds, const QList<KeyStore *> &keyStores)
{
    QStringList deleted;
    for (const QString &keyId : keyIds) {
        for (KeyStore *keys : keyStores) {
            if (!keys || !keys->keyInfo(keyId))
                continue;
            if (Status status = keys->deleteKey(keyId); !status)
                return status.error();
            deleted << keyId;
        }
    }
    return deleted;
}

Result<QString> repairJoin(RegistrationStore &store, const OperationJournal &journal,
                           const QList<KeyStore *> &keyStores)
{
    Result<std::optional<DeviceRegistration>> registration = store.load();
    const bool completed = registration && registration->has_value()
        && journal.createdKeyIds.contains((*registration)->deviceKeyId);
    if (completed)
        return u" It had saved the registration, so it is complete; the journal was removed."_s;
    Result<QStringList> deleted = deleteKeys(journal.createdKeyIds, keyStores);
    if (!deleted)
        return deleted.error();
    QString text = deleted->isEmpty()
        ? u" It had created no keys; nothing was left behind."_s
        : u" The keys it had created were deleted: %1."_s.arg(deleted->join(u", "_s));
    if (!journal.deviceId.isEmpty())
        text += u" The service had created device %1, which remains in the directory until an "
                u"administrator deletes it."_s.arg(journal.deviceId);
    else if (journal.step == JoinOperation::stepTitle(JoinOperation::Step::Register))
        text += u" It stopped while the service was registering the device: if the service did, "
                u"that device object remains in the directory until an administrator deletes "
                u"it (Entra admin center › Devices)."_s;
    return text;
}

Result<QString> repairPin(RegistrationStore &store, const OperationJournal &journal,
                          const QList<KeyStore *> &keyStores)
{
    Result<std::optional<NgcRegistration>> ngc = NgcStore(store.stateDirectory()).load();
    if (ngc && ngc->has_value() && journal.createdKeyIds.contains((*ngc)->keyId))
        return u" It had saved the Windows Hello registration, so it is complete."_s;
    Result<QStringList> deleted = deleteKeys(journal.createdKeyIds, keyStores);
    if (!deleted)
        return deleted.error();
    return deleted->isEmpty()
        ? u" It had created no key; nothing was left behind. Set up the PIN again."_s
        : u" The Hello key it had created was deleted (%1); if the key service had already "
          u"registered it, it cannot be used without this device, and an administrator can "
          u"remove it from the user's authentication methods. Set up the PIN again."_s.arg(
              deleted->join(u", "_s));
}

Result<QString> repairLeave(RegistrationStore &store, const OperationJournal &journal,
                            const QList<KeyStore *> &keyStores)
{
    Result<std::optional<DeviceRegistration>> registration = store.load();
    const bool registrationGone = registration && !registration->has_value();
    if (!journal.cloudObjectDeleted && !registrationGone)
        return u" It stopped before the service confirmed the delete, so the registration was "
               u"kept. Run the leave again; if the service had already deleted device %1, "
               u"DeviceAuthStatus shows FAILED and `leave --local-only` finishes the "
               u"clean-up."_s.arg(journal.deviceId);
    if (!registrationGone) {
        if (Status removed = store.remove(); !removed)
            return removed.error();
    }
    // What belonged to the registration goes with it: the PRT and the Windows Hello key.
    QStringList keyIds = journal.releasedKeyIds;
    NgcStore ngcStore(store.stateDirectory());
    QString helloUpn = journal.helloUpn;
    if (Result<std::optional<NgcRegistration>> ngc = ngcStore.load(); ngc && ngc->has_value()) {
        helloUpn = (*ngc)->upn;
        if (!keyIds.contains((*ngc)->keyId))
            keyIds << (*ngc)->keyId;
    }
    (void)PrtStore(store.stateDirectory()).remove();
    (void)ngcStore.remove();
    Result<QStringList> deleted = deleteKeys(keyIds, keyStores);
    if (!deleted)
        return deleted.error();
    QString text = u" The leave was completed: the local registration of device %1 was "
                   u"removed"_s.arg(journal.deviceId);
    if (!deleted->isEmpty())
        text += u" and its keys deleted (%1)"_s.arg(deleted->join(u", "_s));
    text += u'.';
    if (!helloUpn.isEmpty())
        text += u" The Windows Hello PIN of %1 went with it; its key stays registered with the key "
                u"service but cannot be used without this device, and an administrator can "
                u"remove it from the user's authentication methods."_s.arg(helloUpn);
    return text;
}

} // namespace

Result<QString> JournalRecovery::repair(RegistrationStore &store,
                                        const QList<KeyStore *> &keyStores)
{
    Result<std::optional<OperationJournal>> journal = store.journal();
    if (!journal)
        return journal.error();
    if (!journal->has_value())
        return QString();
    const OperationJournal &j = **journal;
    Result<QString> outcome = j.operation == u"leave" ? repairLeave(store, j, keyStores)
        : j.operation == u"pin"                       ? repairPin(store, j, keyStores)
                                                      : repairJoin(store, j, keyStores);
    if (!outcome)
        return outcome.error();
    if (Status cleared = store.clearJournal(); !cleared)
        return cleared.error();
    return QString(u"A %1 started %2 was interrupted during \"%3\"."_s.arg(
                       j.operation, j.startedAt.toString(Qt::ISODate), j.step)
                   + *outcome);
}

Result<QString> JournalRecovery::repair(DeviceEnvironment &environment)
{
    RegistrationStore store = environment.registrationStore();
    Result<std::optional<OperationJournal>> journal = store.journal();
    if (!journal || !journal->has_value())
        return journal ? Result<QString>(QString()) : Result<QString>(journal.error());
    const QString stateDir = environment.stateDirectory();
    SoftwareKeyStore software(KeyStoreSelector::softwareKeyDirectory(stateDir));
    std::unique_ptr<TpmKeyStore> tpm;
    const QString tpmDir = KeyStoreSelector::tpmKeyDirectory(stateDir);
    if (!QDir(tpmDir).entryList(QDir::Files).isEmpty())
        tpm = std::make_unique<TpmKeyStore>(environment.tpmWorker(), tpmDir, 0);
    return repair(store, {&software, tpm.get()});
}

} // namespace Entra
