#include "tpmkeyops.h"

#include <QCryptographicHash>

namespace Entra {

namespace {

// Loads the key and lets go of the primary at once, so only one slot stays in use.
Result<TpmHandle> loadKey(TpmSession &session, const TpmKeyBlob &blob)
{
    Result<TpmHandle> primary = session.storagePrimary();
    if (!primary)
        return primary.error();
    return session.load(*primary, blob);
}

} // namespace

Result<TpmKeyBlob> TpmKeyOps::create(TpmSession &session, const QByteArray &authValue,
                                     bool daProtected)
{
    Result<TpmHandle> primary = session.storagePrimary();
    if (!primary)
        return primary.error();
    return session.createRsaKey(*primary, authValue, daProtected);
}

Result<QByteArray> TpmKeyOps::changeAuth(TpmSession &session, const TpmKeyBlob &blob,
                                         const QByteArray &currentAuth, const QByteArray &newAuth)
{
    Result<TpmHandle> primary = session.storagePrimary();
    if (!primary)
        return primary.error();
    Result<TpmHandle> key = session.load(*primary, blob);
    if (!key)
        return key.error();
    return session.changeAuth(*key, *primary, currentAuth, newAuth);
}

Result<QByteArray> TpmKeyOps::sign(TpmSession &session, const TpmKeyBlob &blob,
                                   const QByteArray &sha256Digest, const QByteArray &authValue)
{
    Result<TpmHandle> key = loadKey(session, blob);
    if (!key)
        return key.error();
    return session.signRsassaSha256(*key, sha256Digest, authValue);
}

Result<QByteArray> TpmKeyOps::decrypt(TpmSession &session, const TpmKeyBlob &blob,
                                      const QByteArray &input, RsaDecryptScheme scheme,
                                      const QByteArray &authValue)
{
    Result<TpmHandle> key = loadKey(session, blob);
    if (!key)
        return key.error();
    return session.rsaDecrypt(*key, input, scheme, authValue);
}

QByteArray TpmKeyOps::authValueForPin(const QString &pin)
{
    const QByteArray bytes = pin.toUtf8();
    if (bytes.size() <= 32)
        return bytes;
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
}

} // namespace Entra
