#pragma once

#include "tpmsession.h"

namespace Entra {

// Key operations on an open session, run on the worker thread. Each loads what it needs under
// the storage primary and flushes every transient handle before it returns (at most two are
// loaded at a time).
class TpmKeyOps
{
public:
    static Result<TpmKeyBlob> create(TpmSession &session, const QByteArray &authValue,
                                     bool daProtected);
    // The private area re-wrapped for `newAuth`.
    static Result<QByteArray> changeAuth(TpmSession &session, const TpmKeyBlob &blob,
                                         const QByteArray &currentAuth, const QByteArray &newAuth);
    static Result<QByteArray> sign(TpmSession &session, const TpmKeyBlob &blob,
                                   const QByteArray &sha256Digest, const QByteArray &authValue);
    static Result<QByteArray> decrypt(TpmSession &session, const TpmKeyBlob &blob,
                                      const QByteArray &input, RsaDecryptScheme scheme,
                                      const QByteArray &authValue);

    // The TPM authValue for a PIN: its UTF-8 bytes, or their SHA-256 when longer than the 32
    // bytes a SHA-256 object accepts.
    static QByteArray authValueForPin(const QString &pin);
};

} // namespace Entra
