#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace Entra {

// What a completed join or registration leaves on this device.
struct DeviceRegistration
{
    QString deviceId;
    QString tenantId;
    QString targetDomain;
    QString userPrincipalName;
    int joinType = 0;            // 0 Entra joined, 4 Entra registered
    QString deviceKeyId;
    QString transportKeyId;
    QString keyProvider;
    bool tpmProtected = false;
    QByteArray certificateDer;
    QDateTime registeredAt;
    QUrl joinEndpoint;
};

// A multi-step operation in progress. Written before the first step that changes anything and
// removed when the operation has finished or rolled back; found at start-up it means the
// program stopped half-way, and says what to undo.
struct OperationJournal
{
    QString operation;           // "join", "leave"
    QString step;                // the step that was running
    QStringList createdKeyIds;   // keys this operation made and must delete on rollback
    QString deviceId;            // known once the cloud answered
    QDateTime startedAt;
    // Leave: the registration's keys, deleted once the registration is gone, and whether the
    // service had already deleted the device object when the journal was written.
    QStringList releasedKeyIds;
    bool cloudObjectDeleted = false;
    QString helloUpn; // Leave: whose Windows Hello registration goes with the device, if any
};

// The local registration store under the state directory: registration.json, the device
// certificate and the journal. Every file is written atomically and readable by the owner only.
class RegistrationStore
{
public:
    explicit RegistrationStore(QString stateDirectory);

    // $XDG_DATA_HOME/entra-doctor (per user), used when no --state-dir is given.
    static QString defaultStateDirectory();
    QString stateDirectory() const { return m_dir; }

    Result<std::optional<DeviceRegistration>> load() const;
    Status save(const DeviceRegistration &registration);
    Status remove();

    Result<std::optional<OperationJournal>> journal() const;
    Status writeJournal(const OperationJournal &journal);
    Status clearJournal();

private:
    QString path(const QString &name) const;
    QString m_dir;
};

} // namespace Entra
