#pragma once

#include "jose.h"

namespace Entra {

class KeyStore;

// The PRT session key (PROTOCOL.md §6.1-6.4): 32 bytes Entra ID sends encrypted to the
// transport key. It never touches a disk in clear: what is stored is the encrypted key as it
// came (only the transport key, in the TPM where there is one, can open it), and the clear key
// lives in memory for one operation and is wiped afterwards.
class SessionKey
{
public:
    enum class KdfVersion { V1, V2 };

    // RSA-OAEP-SHA1 decryption of the JWE's encrypted key with the transport key.
    static Result<SessionKey> unwrap(KeyStore &keys, const QString &transportKeyId,
                                     const QByteArray &encryptedKey);
    static Result<SessionKey> fromSessionKeyJwe(KeyStore &keys, const QString &transportKeyId,
                                                const Jose::CompactJwe &sessionKeyJwe);

    SessionKey(const SessionKey &other) = default;
    SessionKey &operator=(const SessionKey &other) = default;
    ~SessionKey();

    // SP 800-108 KBKDF in counter mode with HMAC-SHA256, one block, label
    // "AzureAD-SecureConversation" (PROTOCOL.md §6.3).
    QByteArray deriveKey(const QByteArray &context) const;
    // KDF v2's context: SHA-256(ctx || payload bytes).
    static QByteArray kdfV2Context(const QByteArray &ctx, const QByteArray &payload);

    // A request JWT signed with HS256 by a key derived from a fresh random ctx (§6.4).
    Result<QByteArray> signRequest(const QByteArray &payload, KdfVersion version) const;
    // A session-key-encrypted answer: "A256GCM" with a 16-byte IV is really AES-256-CBC with
    // no tag; a 12-byte IV is real AES-256-GCM with the header segment as AAD (§6.4).
    Result<QByteArray> decryptResponse(const Jose::CompactJwe &response) const;

    // Protect data at rest (the PRT itself) with AES-256-GCM under a key derived from this
    // session key; the result names its own random context, so no key is stored.
    Result<QByteArray> seal(const QByteArray &plaintext) const;
    Result<QByteArray> unseal(const QByteArray &sealed) const;

private:
    explicit SessionKey(QByteArray key);
    QByteArray derive(const QByteArray &label, const QByteArray &context) const;

    QByteArray m_key;
};

} // namespace Entra
