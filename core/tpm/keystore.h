#pragma once

#include "common/result.h"
#include "rsapublickey.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Entra {

// Our analogues of Microsoft's "Microsoft Platform Crypto Provider" and "Microsoft Software Key
// Storage Provider", shown in status as KeyProvider.
QString tpmKeyProviderName(); // "Entra Doctor Platform Crypto Provider"
QString softwareKeyProviderName(); // "Entra Doctor Software Key Storage Provider"

struct KeyCreateOptions
{
    QString keyId; // a GUID; empty: a new one is made
    QString pin; // empty: no PIN. With a TPM the PIN is the key's authValue (DA-protected).
};

struct KeyInfo
{
    QString keyId;
    QString provider;
    bool hardwareBacked = false;
    bool pinProtected = false;
    QByteArray publicKeyDer; // SubjectPublicKeyInfo
};

// RSA-2048 keys identified by a key (container) id, a GUID string. Implementations are
// synchronous; TpmKeyStore runs the TPM part on the TPM worker thread, so never call it from the
// GUI thread (use TpmWorker's async API, or a background task, there).
class KeyStore
{
public:
    virtual ~KeyStore() = default;

    virtual QString providerName() const = 0;
    virtual bool isHardwareBacked() const = 0;
    virtual QString directory() const = 0;

    virtual Result<KeyInfo> createKey(const KeyCreateOptions &options) = 0;
    virtual Result<KeyInfo> keyInfo(const QString &keyId) const = 0;
    virtual QStringList keyIds() const = 0;
    virtual Status deleteKey(const QString &keyId) = 0;

    // RSASSA-PKCS1-v1_5 over a SHA-256 digest (32 bytes).
    virtual Result<QByteArray> signDigestSha256(const QString &keyId, const QByteArray &digest,
                                                const QString &pin = {})
        = 0;
    // RSA-OAEP with SHA-1 (MGF1-SHA-1, empty label).
    virtual Result<QByteArray> decryptOaepSha1(const QString &keyId, const QByteArray &ciphertext,
                                               const QString &pin = {})
        = 0;
    // The raw private operation (c^d mod n) on a modulus-sized input; the output is
    // modulus-sized too. For TLS client authentication, where OpenSSL pads.
    virtual Result<QByteArray> rawPrivateOperation(const QString &keyId, const QByteArray &input,
                                                   const QString &pin = {})
        = 0;

    // Convenience: hashes `data` with SHA-256 and signs the digest.
    Result<QByteArray> signSha256(const QString &keyId, const QByteArray &data,
                                  const QString &pin = {});
    Result<RsaPublicKey> publicKey(const QString &keyId) const;

    // "{GUID}" or "GUID" in any case -> lower-case "GUID"; empty when not a GUID.
    static QString normalizeKeyId(const QString &keyId);
    static QString newKeyId();
};

} // namespace Entra
