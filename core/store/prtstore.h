#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QStringList>

#include <optional>

namespace Entra {

// What this device keeps of its PRT (prt.json, 0600). The PRT is sealed with a key derived
// from the session key, and the session key is kept only as the service sent it, encrypted
// to the transport key: neither is ever on disk in clear (PROTOCOL.md §6.7).
struct StoredPrt
{
    QString upn;
    QString tenantId;
    QString authority; // https://login.microsoftonline.com/{tenant}
    QStringList amr;
    QDateTime updatedAt;
    QDateTime expiresAt;
    QByteArray encryptedSessionKey; // RSA-OAEP-SHA1 to the transport key
    QByteArray sealedPrt; // SessionKey::seal
};

// The last acquisition or renewal that failed, in dsregcmd's "Acquire PRT Diagnostics" words.
struct PrtAttempt
{
    QDateTime time;
    QString attemptStatus; // an NTSTATUS-style code where there is one, else the error domain
    QString userIdentity;
    QString credentialType; // Refresh token, Password, Windows Hello, Session key
    QString endpointUri;
    QString httpStatus;
    QString serverErrorCode; // invalid_grant
    QString serverErrorDescription; // AADSTS50155: ...
    QString correlationId;
};

class PrtStore
{
public:
    explicit PrtStore(QString stateDirectory);
    QString stateDirectory() const { return m_dir; }

    Result<std::optional<StoredPrt>> load() const;
    Status save(const StoredPrt &prt);
    Status remove();

    Result<std::optional<PrtAttempt>> lastFailure() const;
    Status saveFailure(const PrtAttempt &attempt);
    Status clearFailure();

private:
    QString path(const char *name) const;
    QString m_dir;
};

} // namespace Entra
