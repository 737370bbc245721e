#pragma once

#include "keystore.h"

namespace Entra {

// Keys in software (OpenSSL 3): the private key as a PKCS#8 PEM file, encrypted with the PIN
// when there is one (AES-256-CBC, PBKDF2), and the public key next to it; both 0600, written
// atomically. Used when there is no usable TPM or with --no-tpm. Note there is no
// dictionary-attack protection of the PIN in software.
class SoftwareKeyStore : public KeyStore
{
public:
    explicit SoftwareKeyStore(QString directory);

    QString providerName() const override { return softwareKeyProviderName(); }
    bool isHardwareBacked() const override { return false; }
    QString directory() const override { return m_directory; }

    Result<KeyInfo> createKey(const KeyCreateOptions &options) override;
    Result<KeyInfo> keyInfo(const QString &keyId) const override;
    QStringList keyIds() const override;
    Status deleteKey(const QString &keyId) override;

    Result<QByteArray> signDigestSha256(const QString &keyId, const QByteArray &digest,
                                        const QString &pin = {}) override;
    Result<QByteArray> decryptOaepSha1(const QString &keyId, const QByteArray &ciphertext,
                                       const QString &pin = {}) override;
    Result<QByteArray> rawPrivateOperation(const QString &keyId, const QByteArray &input,
                                           const QString &pin = {}) override;

    QString privateKeyPath(const QString &keyId) const;
    QString publicKeyPath(const QString &keyId) const;

private:
    QString m_directory;
};

} // namespace Entra
