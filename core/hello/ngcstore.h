#pragma once

#include "common/result.h"

#include <QDateTime>

#include <optional>

namespace Entra {

// The user's Windows Hello key on this device (ngc.json, 0600): which key in the key store,
// and what the service calls it. The key itself stays in the key store, guarded by the PIN.
struct NgcRegistration
{
    QString keyId; // KeyContainerId in the key store
    QString upn;
    QString deviceId;
    QString serverKeyId; // the "kid" GUID the key service returned
    QString keyIdentifier; // base64(SHA-256(RSA1 blob)): the assertion's kid
    QByteArray publicKeyBlob; // RSA1
    bool tpmProtected = false;
    QDateTime createdAt;
};

class NgcStore
{
public:
    explicit NgcStore(QString stateDirectory);
    Result<std::optional<NgcRegistration>> load() const;
    Status save(const NgcRegistration &registration);
    Status remove();

private:
    QString m_file;
};

} // namespace Entra
