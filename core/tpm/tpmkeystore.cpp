#include "tpmkeystore.h"

#include "tpmkeyfile.h"
#include "tpmkeyops.h"
#include "tpmworker.h"

#include <QDir>
#include <QFile>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

namespace {

Error keyNotFound(const QString &keyId)
{
    return tpmLocalError(TpmCodeKeyNotFound,
                         u"There is no TPM key %1 in the key store."_s.arg(keyId),
                         u"The key was deleted or never created here; register again (or set up "
                         u"the PIN again)."_s);
}

Error badKeyId(const QString &keyId)
{
    return tpmLocalError(TpmCodeKeyNotFound, u"\"%1\" is not a key id (a GUID)."_s.arg(keyId));
}

// Runs `operation` with the open session on the worker thread.
template<typename T>
Result<T> withSession(TpmWorker &worker, std::function<Result<T>(TpmSession &)> operation)
{
    return worker.call<T>(
        [operation = std::move(operation)](TpmConnection &connection) -> Result<T> {
            const Result<TpmSession *> session = connection.session();
            if (!session)
                return session.error();
            return operation(**session);
        });
}

} // namespace

TpmKeyStore::TpmKeyStore(std::shared_ptr<TpmWorker> worker, QString directory, int poolSize)
    : m_worker(std::move(worker))
    , m_directory(std::move(directory))
    , m_pool(m_worker, m_directory + u"/pool"_s, poolSize)
{ }

TpmKeyStore::~TpmKeyStore() = default;

QString TpmKeyStore::keyPath(const QString &keyId) const
{
    return m_directory + u'/' + normalizeKeyId(keyId) + u".tpmkey"_s;
}

Result<TpmKeyRecord> TpmKeyStore::record(const QString &keyId) const
{
    if (normalizeKeyId(keyId).isEmpty())
        return badKeyId(keyId);
    const QString path = keyPath(keyId);
    if (!QFile::exists(path))
        return keyNotFound(keyId);
    return TpmKeyFile::load(path);
}

Result<KeyInfo> TpmKeyStore::infoOf(const TpmKeyRecord &record) const
{
    const Result<RsaPublicNumbers> numbers = TpmKeyBlobs::rsaPublicNumbers(record.blob.publicArea);
    if (!numbers)
        return numbers.error();
    const Result<RsaPublicKey> publicKey = RsaPublicKey::fromNumbers(*numbers);
    if (!publicKey)
        return publicKey.error();
    KeyInfo info;
    info.keyId = record.keyId;
    info.provider = providerName();
    info.hardwareBacked = true;
    info.pinProtected = record.pinProtected;
    info.publicKeyDer = publicKey->der();
    return info;
}

Result<TpmKeyBlob> TpmKeyStore::blobFromPool(const QByteArray &authValue)
{
    while (std::optional<TpmKeyBlob> pooled = m_pool.take()) {
        const TpmKeyBlob candidate = *pooled;
        const Result<QByteArray> rewrapped
            = withSession<QByteArray>(*m_worker, [candidate, authValue](TpmSession &session) {
                  return TpmKeyOps::changeAuth(session, candidate, {}, authValue);
              });
        if (rewrapped)
            return TpmKeyBlob { candidate.publicArea, *rewrapped };
        const TpmErrorKind kind = tpmErrorKind(rewrapped.error());
        if (kind == TpmErrorKind::KeyMismatch || kind == TpmErrorKind::BadKeyFile)
            continue; // a pool key from before a TPM clear: drop it, try the next
        m_pool.giveBack(candidate);
        return rewrapped.error();
    }
    return tpmLocalError(TpmCodeKeyNotFound, u"The key pool is empty."_s);
}

Result<KeyInfo> TpmKeyStore::createKey(const KeyCreateOptions &options)
{
    const QString keyId = options.keyId.isEmpty() ? newKeyId() : normalizeKeyId(options.keyId);
    if (keyId.isEmpty())
        return badKeyId(options.keyId);
    if (QFile::exists(keyPath(keyId))) {
        return tpmLocalError(TpmCodeInternal, u"A TPM key %1 already exists."_s.arg(keyId),
                             u"Delete it first or use another key id."_s);
    }

    const QByteArray authValue = TpmKeyOps::authValueForPin(options.pin);
    const bool withPin = !options.pin.isEmpty();
    TpmKeyRecord record;
    record.keyId = keyId;
    record.pinProtected = withPin;
    record.created = QDateTime::currentDateTimeUtc();

    std::optional<TpmKeyBlob> blob;
    if (withPin && m_pool.targetSize() > 0) {
        Result<TpmKeyBlob> pooled = blobFromPool(authValue);
        if (pooled) {
            blob = *pooled;
            record.fromPool = true;
        } else if (tpmErrorKind(pooled.error()) != TpmErrorKind::KeyNotFound) {
            return pooled.error();
        }
        m_pool.fill(); // top it up in the background
    }
    if (!blob) {
        const Result<TpmKeyBlob> created
            = withSession<TpmKeyBlob>(*m_worker, [authValue, withPin](TpmSession &session) {
                  return TpmKeyOps::create(session, authValue, withPin);
              });
        if (!created)
            return created.error();
        blob = *created;
    }
    record.blob = *blob;
    if (Status saved = TpmKeyFile::save(keyPath(keyId), record); !saved)
        return saved.error();
    return infoOf(record);
}

Result<KeyInfo> TpmKeyStore::keyInfo(const QString &keyId) const
{
    const Result<TpmKeyRecord> found = record(keyId);
    if (!found)
        return found.error();
    return infoOf(*found);
}

QStringList TpmKeyStore::keyIds() const
{
    QStringList ids;
    const QStringList files
        = QDir(m_directory).entryList({ u"*.tpmkey"_s }, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QString id = normalizeKeyId(file.chopped(7));
        if (!id.isEmpty())
            ids << id;
    }
    return ids;
}

Status TpmKeyStore::deleteKey(const QString &keyId)
{
    if (normalizeKeyId(keyId).isEmpty())
        return badKeyId(keyId);
    // Nothing lives in the TPM (no persistent handles): forgetting the blob deletes the key.
    if (!QFile::exists(keyPath(keyId)))
        return keyNotFound(keyId);
    if (!QFile::remove(keyPath(keyId))) {
        return tpmLocalError(TpmCodeInternal, u"Could not delete the TPM key %1."_s.arg(keyId),
                             u"Check the permissions of %1."_s.arg(m_directory));
    }
    return Success {};
}

Result<QByteArray> TpmKeyStore::signDigestSha256(const QString &keyId, const QByteArray &digest,
                                                 const QString &pin)
{
    const Result<TpmKeyRecord> found = record(keyId);
    if (!found)
        return found.error();
    const TpmKeyBlob blob = found->blob;
    const QByteArray authValue = TpmKeyOps::authValueForPin(pin);
    return withSession<QByteArray>(*m_worker, [blob, digest, authValue](TpmSession &session) {
        return TpmKeyOps::sign(session, blob, digest, authValue);
    });
}

Result<QByteArray> TpmKeyStore::decrypt(const QString &keyId, const QByteArray &input,
                                        RsaDecryptScheme scheme, const QString &pin)
{
    const Result<TpmKeyRecord> found = record(keyId);
    if (!found)
        return found.error();
    const TpmKeyBlob blob = found->blob;
    const QByteArray authValue = TpmKeyOps::authValueForPin(pin);
    return withSession<QByteArray>(
        *m_worker, [blob, input, scheme, authValue](TpmSession &session) {
            return TpmKeyOps::decrypt(session, blob, input, scheme, authValue);
        });
}

Result<QByteArray> TpmKeyStore::decryptOaepSha1(const QString &keyId, const QByteArray &ciphertext,
                                                const QString &pin)
{
    return decrypt(keyId, ciphertext, RsaDecryptScheme::OaepSha1, pin);
}

Result<QByteArray> TpmKeyStore::rawPrivateOperation(const QString &keyId, const QByteArray &input,
                                                    const QString &pin)
{
    Result<QByteArray> output = decrypt(keyId, input, RsaDecryptScheme::Raw, pin);
    // The TPM may drop leading zero bytes; callers expect a modulus-sized block.
    if (output && output->size() < input.size())
        output->prepend(QByteArray(input.size() - output->size(), '\0'));
    return output;
}

} // namespace Entra
