#pragma once

#include "common/result.h"
#include "tpmerror.h"
#include "tpmkeyblob.h"

#include <QByteArray>
#include <QList>
#include <QMap>

#include <cstdint>
#include <memory>
#include <optional>

struct ESYS_CONTEXT;
struct TSS2_TCTI_OPAQUE_CONTEXT_BLOB;

namespace Entra {

class TpmSession;

// A loaded transient TPM object. Flushed when it goes out of scope: without a resource manager
// the TPM holds only a few transient objects (3 on swtpm).
class TpmHandle
{
public:
    TpmHandle() = default;
    TpmHandle(TpmSession *session, std::uint32_t handle)
        : m_session(session)
        , m_handle(handle)
    { }
    TpmHandle(TpmHandle &&other) noexcept;
    TpmHandle &operator=(TpmHandle &&other) noexcept;
    TpmHandle(const TpmHandle &) = delete;
    TpmHandle &operator=(const TpmHandle &) = delete;
    ~TpmHandle();

    std::uint32_t esysHandle() const { return m_handle; }
    bool isValid() const { return m_session != nullptr; }
    void flush();

private:
    TpmSession *m_session = nullptr;
    std::uint32_t m_handle = 0;
};

enum class RsaDecryptScheme {
    OaepSha1, // RSA-OAEP with SHA-1 and an empty label (the session-key JWE, PROTOCOL.md §7)
    Raw, // TPM2_ALG_NULL: the raw private-key operation (TLS client auth with PSS padding)
};

// The one wrapper around ESAPI: every Esys_* call of the program is in tpmsession.cpp, and every
// failure leaves it as an Error decoded by tpmError(). Not thread-safe (ESAPI is not); it is
// owned and used by the TPM worker thread only.
class TpmSession
{
public:
    // Connects to the TPM through `tcti` (a tpm2-tss TCTI configuration string). Transient
    // objects a killed program left loaded are flushed first: without a resource manager the
    // TPM keeps them, and its three object slots would stay full until it restarts.
    static Result<std::unique_ptr<TpmSession>> open(const QString &tcti);
    ~TpmSession();
    TpmSession(const TpmSession &) = delete;
    TpmSession &operator=(const TpmSession &) = delete;

    QString tcti() const { return m_tcti; }
    // True after a failure that lost the connection (swtpm killed, device gone): the session
    // must be reopened.
    bool isBroken() const { return m_broken; }

    // Capabilities: TPM_PT_* (fixed and variable) -> value, algorithm ids, hash algorithms with
    // allocated PCRs, ECC curve ids.
    Result<QMap<std::uint32_t, std::uint32_t>> properties();
    Result<QList<std::uint16_t>> algorithms();
    Result<QList<std::uint16_t>> pcrBanks();
    Result<QList<std::uint16_t>> eccCurves();
    Status testRsaKeyBits(std::uint16_t keyBits);
    Result<TpmDaState> dictionaryAttackState();
    Result<QByteArray> random(int bytes);

    // Lockout hierarchy (the lockout password is empty unless given).
    Status setDictionaryAttackParameters(std::uint32_t maxTries, std::uint32_t recoverySeconds,
                                         std::uint32_t lockoutRecoverySeconds,
                                         const QByteArray &lockoutAuth = {});
    Status resetDictionaryAttackLockout(const QByteArray &lockoutAuth = {});

    // The storage primary (TCG SRK template: RSA-2048, AES-128-CFB, noDA) under the owner
    // hierarchy. Created once per session and kept as a saved context; each call loads it into a
    // fresh handle that the caller flushes.
    Result<TpmHandle> storagePrimary();

    // An RSA-2048 sign+decrypt key with a NULL scheme under `parent`. With an empty authValue
    // the key is noDA; with one (a PIN) it is under dictionary-attack protection.
    Result<TpmKeyBlob> createRsaKey(const TpmHandle &parent, const QByteArray &authValue,
                                    bool daProtected);
    Result<TpmHandle> load(const TpmHandle &parent, const TpmKeyBlob &blob);
    // New private area of `key` for `newAuth` (TPM2_ObjectChangeAuth).
    Result<QByteArray> changeAuth(const TpmHandle &key, const TpmHandle &parent,
                                  const QByteArray &currentAuth, const QByteArray &newAuth);

    Result<QByteArray> signRsassaSha256(const TpmHandle &key, const QByteArray &sha256Digest,
                                        const QByteArray &authValue);
    Result<QByteArray> rsaDecrypt(const TpmHandle &key, const QByteArray &input,
                                  RsaDecryptScheme scheme, const QByteArray &authValue);

private:
    friend class TpmHandle;
    TpmSession() = default;
    void flush(std::uint32_t handle);
    void flushLeftoverObjects();
    Status setAuth(std::uint32_t handle, const QByteArray &authValue);
    Error fail(std::uint32_t rc, QStringView operation);

    QString m_tcti;
    TSS2_TCTI_OPAQUE_CONTEXT_BLOB *m_tctiContext = nullptr;
    ESYS_CONTEXT *m_esys = nullptr;
    QByteArray m_primaryContext; // TPMS_CONTEXT of the storage primary, marshalled
    bool m_broken = false;
};

} // namespace Entra
