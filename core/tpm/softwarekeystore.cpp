#include "softwarekeystore.h"

#include "opensslutil_p.h"
#include "securefile.h"

#include <QDir>
#include <QFile>

#include <cstring>
#include <openssl/pem.h>
#include <openssl/rsa.h>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

namespace {

Error storeError(const QString &message, const QString &fix = {})
{
    Error error;
    error.domain = ErrorDomain::Store;
    error.message = message;
    error.fix = fix;
    return error;
}

Error badKeyId(const QString &keyId)
{
    return storeError(u"\"%1\" is not a key id (a GUID)."_s.arg(keyId));
}

Error wrongPin()
{
    Error error;
    error.domain = ErrorDomain::Crypto;
    error.message = u"The PIN is wrong (the software key could not be decrypted)."_s;
    error.fix = u"Try again with the right PIN."_s;
    return error;
}

// Hands the PIN to OpenSSL; never prompts on a terminal.
int passphraseCallback(char *buffer, int size, int, void *userData)
{
    const auto *pin = static_cast<const QByteArray *>(userData);
    if (!pin || pin->isEmpty() || pin->size() > size)
        return -1;
    std::memcpy(buffer, pin->constData(), size_t(pin->size()));
    return int(pin->size());
}

Result<OpenSsl::PKey> loadPrivate(const SoftwareKeyStore &store, const QString &keyId,
                                  const QString &pin)
{
    if (KeyStore::normalizeKeyId(keyId).isEmpty())
        return badKeyId(keyId);
    const QString path = store.privateKeyPath(keyId);
    if (!QFile::exists(path)) {
        return storeError(u"There is no software key %1."_s.arg(keyId),
                          u"The key was deleted or never created here; register again."_s);
    }
    const Result<QByteArray> pem = SecureFile::read(path);
    if (!pem)
        return pem.error();
    const bool encrypted = pem->contains("ENCRYPTED PRIVATE KEY");
    if (encrypted && pin.isEmpty())
        return storeError(u"This key needs its PIN."_s, u"Enter the PIN."_s);
    QByteArray pinBytes = pin.toUtf8();
    OpenSsl::Bio bio = OpenSsl::memoryBio(*pem);
    OpenSsl::PKey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, passphraseCallback, &pinBytes));
    pinBytes.fill('\0');
    if (!key) {
        if (encrypted) {
            ERR_clear_error();
            return wrongPin();
        }
        return OpenSsl::error(u"The software key file %1 is damaged."_s.arg(path),
                              u"Delete the key and create it again."_s);
    }
    return key;
}

Result<QByteArray> privateOperation(EVP_PKEY *key, const QByteArray &input, int padding,
                                    const EVP_MD *oaepMd)
{
    OpenSsl::PKeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    const auto *in = reinterpret_cast<const unsigned char *>(input.constData());
    size_t length = 0;
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) <= 0
        || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), padding) <= 0
        || (oaepMd && EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), oaepMd) <= 0)
        || (oaepMd && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), oaepMd) <= 0)
        || EVP_PKEY_decrypt(ctx.get(), nullptr, &length, in, size_t(input.size())) <= 0)
        return OpenSsl::error(u"RSA decryption with the software key failed."_s);
    QByteArray out(qsizetype(length), Qt::Uninitialized);
    if (EVP_PKEY_decrypt(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &length, in,
                         size_t(input.size()))
        <= 0)
        return OpenSsl::error(u"RSA decryption with the software key failed."_s);
    out.truncate(qsizetype(length));
    return out;
}

} // namespace

SoftwareKeyStore::SoftwareKeyStore(QString directory)
    : m_directory(std::move(directory))
{ }

QString SoftwareKeyStore::privateKeyPath(const QString &keyId) const
{
    return m_directory + u'/' + normalizeKeyId(keyId) + u".pem"_s;
}

QString SoftwareKeyStore::publicKeyPath(const QString &keyId) const
{
    return m_directory + u'/' + normalizeKeyId(keyId) + u".pub.pem"_s;
}

Result<KeyInfo> SoftwareKeyStore::createKey(const KeyCreateOptions &options)
{
    const QString keyId = options.keyId.isEmpty() ? newKeyId() : normalizeKeyId(options.keyId);
    if (keyId.isEmpty())
        return badKeyId(options.keyId);
    if (QFile::exists(privateKeyPath(keyId)))
        return storeError(u"A software key %1 already exists."_s.arg(keyId));

    OpenSsl::PKey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048)));
    if (!key)
        return OpenSsl::error(u"Could not generate an RSA-2048 key in software."_s);

    OpenSsl::Bio privateBio(BIO_new(BIO_s_mem()));
    QByteArray pinBytes = options.pin.toUtf8();
    const bool written = options.pin.isEmpty()
        ? PEM_write_bio_PKCS8PrivateKey(privateBio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                        nullptr)
        : PEM_write_bio_PKCS8PrivateKey(privateBio.get(), key.get(), EVP_aes_256_cbc(),
                                        pinBytes.data(), int(pinBytes.size()), nullptr, nullptr);
    pinBytes.fill('\0');
    OpenSsl::Bio publicBio(BIO_new(BIO_s_mem()));
    if (!written || !PEM_write_bio_PUBKEY(publicBio.get(), key.get()))
        return OpenSsl::error(u"Could not encode the new software key."_s);

    QByteArray privatePem = OpenSsl::bioBytes(privateBio.get());
    const Status savedPrivate = SecureFile::write(privateKeyPath(keyId), privatePem);
    privatePem.fill('\0');
    if (!savedPrivate)
        return savedPrivate.error();
    if (Status saved = SecureFile::write(publicKeyPath(keyId), OpenSsl::bioBytes(publicBio.get()));
        !saved) {
        QFile::remove(privateKeyPath(keyId));
        return saved.error();
    }
    return keyInfo(keyId);
}

Result<KeyInfo> SoftwareKeyStore::keyInfo(const QString &keyId) const
{
    const QString id = normalizeKeyId(keyId);
    if (id.isEmpty())
        return badKeyId(keyId);
    if (!QFile::exists(privateKeyPath(id)))
        return storeError(u"There is no software key %1."_s.arg(keyId));
    const Result<QByteArray> publicPem = SecureFile::read(publicKeyPath(id));
    if (!publicPem)
        return publicPem.error();
    const Result<RsaPublicKey> publicKey = RsaPublicKey::fromPem(*publicPem);
    if (!publicKey)
        return publicKey.error();
    const Result<QByteArray> privatePem = SecureFile::read(privateKeyPath(id));
    if (!privatePem)
        return privatePem.error();

    KeyInfo info;
    info.keyId = id;
    info.provider = providerName();
    info.hardwareBacked = false;
    info.pinProtected = privatePem->contains("ENCRYPTED PRIVATE KEY");
    info.publicKeyDer = publicKey->der();
    return info;
}

QStringList SoftwareKeyStore::keyIds() const
{
    QStringList ids;
    const QStringList files = QDir(m_directory).entryList({ u"*.pem"_s }, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        if (file.endsWith(".pub.pem"_L1))
            continue;
        const QString id = normalizeKeyId(file.chopped(4));
        if (!id.isEmpty())
            ids << id;
    }
    return ids;
}

Status SoftwareKeyStore::deleteKey(const QString &keyId)
{
    if (normalizeKeyId(keyId).isEmpty())
        return badKeyId(keyId);
    if (!QFile::exists(privateKeyPath(keyId)))
        return storeError(u"There is no software key %1."_s.arg(keyId));
    if (!QFile::remove(privateKeyPath(keyId)))
        return storeError(u"Could not delete the software key %1."_s.arg(keyId));
    QFile::remove(publicKeyPath(keyId));
    return Success {};
}

Result<QByteArray> SoftwareKeyStore::signDigestSha256(const QString &keyId,
                                                      const QByteArray &digest, const QString &pin)
{
    if (digest.size() != 32)
        return storeError(u"A SHA-256 digest must be 32 bytes."_s);
    Result<OpenSsl::PKey> key = loadPrivate(*this, keyId, pin);
    if (!key)
        return key.error();
    OpenSsl::PKeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key->get(), nullptr));
    const auto *in = reinterpret_cast<const unsigned char *>(digest.constData());
    size_t length = 0;
    if (!ctx || EVP_PKEY_sign_init(ctx.get()) <= 0
        || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) <= 0
        || EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) <= 0
        || EVP_PKEY_sign(ctx.get(), nullptr, &length, in, size_t(digest.size())) <= 0)
        return OpenSsl::error(u"Signing with the software key failed."_s);
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length, in,
                      size_t(digest.size()))
        <= 0)
        return OpenSsl::error(u"Signing with the software key failed."_s);
    signature.truncate(qsizetype(length));
    return signature;
}

Result<QByteArray> SoftwareKeyStore::decryptOaepSha1(const QString &keyId,
                                                     const QByteArray &ciphertext,
                                                     const QString &pin)
{
    Result<OpenSsl::PKey> key = loadPrivate(*this, keyId, pin);
    if (!key)
        return key.error();
    return privateOperation(key->get(), ciphertext, RSA_PKCS1_OAEP_PADDING, EVP_sha1());
}

Result<QByteArray> SoftwareKeyStore::rawPrivateOperation(const QString &keyId,
                                                         const QByteArray &input,
                                                         const QString &pin)
{
    Result<OpenSsl::PKey> key = loadPrivate(*this, keyId, pin);
    if (!key)
        return key.error();
    return privateOperation(key->get(), input, RSA_NO_PADDING, nullptr);
}

} // namespace Entra
