#pragma once

#include "common/result.h"

#include <QSslKey>

#include <memory>

namespace Entra {

class KeyStore;

// A QSslKey whose private operations happen inside a KeyStore, so a TPM-resident device key can
// authenticate a TLS connection (the DELETE of a leave, PROTOCOL.md §4) without ever leaving the
// TPM. OpenSSL holds only the public numbers; its RSA_METHOD hands each private operation to
// KeyStore::rawPrivateOperation, padding it first where OpenSSL has not.
//
// The handshake runs on Qt's network thread, which then blocks in the key store until the TPM
// worker has answered; the GUI thread is never involved.
class KeyStoreSslKey
{
public:
    // `subjectPublicKeyInfo` is the key's public half (from the certificate), so creating the
    // QSslKey does not touch the key store; only the handshake does.
    static Result<QSslKey> create(std::shared_ptr<KeyStore> store, const QString &keyId,
                                  const QByteArray &subjectPublicKeyInfo);
};

} // namespace Entra
