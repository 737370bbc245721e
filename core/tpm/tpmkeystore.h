#pragma once

#include "keystore.h"
#include "tpmkeypool.h"
#include "tpmsession.h"

#include <memory>

namespace Entra {

class TpmWorker;
struct TpmKeyRecord;

// RSA-2048 keys in the TPM, kept as loadable blobs under the storage primary (files
// <directory>/<keyId>.tpmkey, 0600), loaded for each operation and flushed right after. A PIN
// becomes the key's authValue, so wrong PINs count toward the TPM's dictionary-attack lockout.
// Keys without a PIN are noDA. All TPM work runs on the TpmWorker's thread; these methods block
// the calling thread until it is done, so do not call them on the GUI thread.
class TpmKeyStore : public KeyStore
{
public:
    // `poolSize` pre-generated keys (for PIN keys) are kept in <directory>/pool; 0 disables it.
    TpmKeyStore(std::shared_ptr<TpmWorker> worker, QString directory, int poolSize = 2);
    ~TpmKeyStore() override;

    QString providerName() const override { return tpmKeyProviderName(); }
    bool isHardwareBacked() const override { return true; }
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

    TpmKeyPool &pool() { return m_pool; }
    TpmWorker &worker() { return *m_worker; }
    QString keyPath(const QString &keyId) const;

private:
    Result<TpmKeyRecord> record(const QString &keyId) const;
    Result<KeyInfo> infoOf(const TpmKeyRecord &record) const;
    Result<QByteArray> decrypt(const QString &keyId, const QByteArray &input,
                               RsaDecryptScheme scheme, const QString &pin);
    Result<TpmKeyBlob> blobFromPool(const QByteArray &authValue);

    std::shared_ptr<TpmWorker> m_worker;
    QString m_directory;
    TpmKeyPool m_pool;
};

} // namespace Entra
