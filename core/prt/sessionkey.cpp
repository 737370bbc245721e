#include "sessionkey.h"

#include "tpm/keystore.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

constexpr int kKeySize = 32;
constexpr QByteArrayView kEntraLabel = "AzureAD-SecureConversation";
constexpr QByteArrayView kAtRestLabel = "EntraDoctor-SessionKey-AtRest";

Error cryptoError(const QString &message)
{
    return Error{ErrorDomain::Crypto, 0, message,
                 u"Refresh the PRT; if it repeats, sign in again to get a new one."_s, {}};
}

QByteArray randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), count / 4);
    return bytes;
}

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char *bytesOf(const QByteArray &array)
{
    return reinterpret_cast<const unsigned char *>(array.constData());
}

Result<QByteArray> aesCbcDecrypt(const QByteArray &key, const QByteArray &iv,
                                 const QByteArray &ciphertext)
{
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    QByteArray plain(ciphertext.size() + 16, Qt::Uninitialized);
    int length = 0;
    int tail = 0;
    auto *out = reinterpret_cast<unsigned char *>(plain.data());
    if (!ctx
        || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, bytesOf(key), bytesOf(iv)) != 1
        || EVP_DecryptUpdate(ctx.get(), out, &length, bytesOf(ciphertext), int(ciphertext.size()))
            != 1
        || EVP_DecryptFinal_ex(ctx.get(), out + length, &tail) != 1)
        return cryptoError(u"The session-key-encrypted answer cannot be decrypted (AES-CBC); "
                           u"the session key does not match it."_s);
    plain.resize(length + tail);
    return plain;
}

Result<QByteArray> aesGcm(bool encrypt, const QByteArray &key, const QByteArray &iv,
                          const QByteArray &aad, const QByteArray &input, QByteArray &tag)
{
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    QByteArray output(input.size(), Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(output.data());
    int length = 0;
    int tail = 0;
    const EVP_CIPHER *cipher = EVP_aes_256_gcm();
    bool ok = ctx
        && EVP_CipherInit_ex(ctx.get(), cipher, nullptr, nullptr, nullptr, encrypt ? 1 : 0) == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(iv.size()), nullptr) == 1
        && EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, bytesOf(key), bytesOf(iv), -1) == 1;
    if (ok && !aad.isEmpty())
        ok = EVP_CipherUpdate(ctx.get(), nullptr, &length, bytesOf(aad), int(aad.size())) == 1;
    ok = ok && EVP_CipherUpdate(ctx.get(), out, &length, bytesOf(input), int(input.size())) == 1;
    if (ok && !encrypt)
        ok = tag.size() == 16
            && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, tag.data()) == 1;
    ok = ok && EVP_CipherFinal_ex(ctx.get(), out + length, &tail) == 1;
    if (ok && encrypt) {
        tag.resize(16);
        ok = EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, tag.data()) == 1;
    }
    if (!ok)
        return cryptoError(encrypt ? u"AES-GCM encryption failed."_s
                                   : u"The AES-GCM data failed its integrity check."_s);
    output.resize(length + tail);
    return output;
}

} // namespace

SessionKey::SessionKey(QByteArray key)
    : m_key(std::move(key))
{
}

SessionKey::~SessionKey()
{
    // Only this copy's bytes; QByteArray copies share data until written, so a shared buffer
    // is wiped by its last owner.
    if (m_key.isDetached())
        OPENSSL_cleanse(m_key.data(), size_t(m_key.size()));
}

Result<SessionKey> SessionKey::unwrap(KeyStore &keys, const QString &transportKeyId,
                                      const QByteArray &encryptedKey)
{
    Result<QByteArray> key = keys.decryptOaepSha1(transportKeyId, encryptedKey);
    if (!key)
        return key.error();
    if (key->size() < kKeySize)
        return cryptoError(u"The session key the service sent is %1 bytes, not 32."_s.arg(
            key->size()));
    // himmelblau truncates to the AES-256 key size too; Entra sends exactly 32 bytes.
    return SessionKey(key->left(kKeySize));
}

Result<SessionKey> SessionKey::fromSessionKeyJwe(KeyStore &keys, const QString &transportKeyId,
                                                 const Jose::CompactJwe &sessionKeyJwe)
{
    if (sessionKeyJwe.header.value(u"alg"_s).toString() != u"RSA-OAEP")
        return cryptoError(u"The session_key_jwe is not RSA-OAEP encrypted (alg %1)."_s.arg(
            sessionKeyJwe.header.value(u"alg"_s).toString()));
    return unwrap(keys, transportKeyId, sessionKeyJwe.encryptedKey);
}

QByteArray SessionKey::derive(const QByteArray &label, const QByteArray &context) const
{
    QByteArray message;
    message.append(QByteArrayView("\x00\x00\x00\x01", 4))
        .append(label)
        .append('\0')
        .append(context)
        .append(QByteArrayView("\x00\x00\x01\x00", 4));
    return QMessageAuthenticationCode::hash(message, m_key, QCryptographicHash::Sha256);
}

QByteArray SessionKey::deriveKey(const QByteArray &context) const
{
    return derive(kEntraLabel.toByteArray(), context);
}

QByteArray SessionKey::kdfV2Context(const QByteArray &ctx, const QByteArray &payload)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(ctx);
    hash.addData(payload);
    return hash.result();
}

Result<QByteArray> SessionKey::signRequest(const QByteArray &payload, KdfVersion version) const
{
    const QByteArray ctx = randomBytes(24);
    QJsonObject header{{u"alg"_s, u"HS256"_s},
                       {u"typ"_s, u"JWT"_s},
                       {u"ctx"_s, QString::fromLatin1(ctx.toBase64())}};
    QByteArray context = ctx;
    if (version == KdfVersion::V2) {
        header.insert(u"kdf_ver"_s, 2);
        context = kdfV2Context(ctx, payload);
    }
    const QByteArray signingKey = deriveKey(context);
    return Jose::signCompact(header, payload, [&signingKey](const QByteArray &input) {
        return Result<QByteArray>(
            QMessageAuthenticationCode::hash(input, signingKey, QCryptographicHash::Sha256));
    });
}

Result<QByteArray> SessionKey::decryptResponse(const Jose::CompactJwe &response) const
{
    if (response.header.value(u"alg"_s).toString() != u"dir")
        return cryptoError(u"The answer is not encrypted with the session key (alg %1)."_s.arg(
            response.header.value(u"alg"_s).toString()));
    const std::optional<QByteArray> ctx = [&]() -> std::optional<QByteArray> {
        QByteArray::FromBase64Result decoded = QByteArray::fromBase64Encoding(
            response.header.value(u"ctx"_s).toString().toLatin1(),
            QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.isEmpty())
            return std::nullopt;
        return decoded.decoded;
    }();
    if (!ctx)
        return cryptoError(u"The encrypted answer has no usable ctx."_s);
    // The answer's key is KDF v1 over its own ctx, whatever the request used.
    const QByteArray key = deriveKey(*ctx);
    if (response.iv.size() == 16)
        return aesCbcDecrypt(key, response.iv, response.ciphertext);
    if (response.iv.size() == 12) {
        QByteArray tag = response.tag;
        return aesGcm(false, key, response.iv, response.protectedHeaderSegment,
                      response.ciphertext, tag);
    }
    return cryptoError(u"The encrypted answer has a %1-byte IV; 12 or 16 were expected."_s.arg(
        response.iv.size()));
}

Result<QByteArray> SessionKey::seal(const QByteArray &plaintext) const
{
    const QByteArray context = randomBytes(32);
    const QByteArray iv = randomBytes(12);
    QByteArray tag;
    Result<QByteArray> ciphertext =
        aesGcm(true, derive(kAtRestLabel.toByteArray(), context), iv, {}, plaintext, tag);
    if (!ciphertext)
        return ciphertext.error();
    QByteArray sealed = Jose::base64Url(context);
    sealed.append('.').append(Jose::base64Url(iv)).append('.');
    sealed.append(Jose::base64Url(*ciphertext)).append('.').append(Jose::base64Url(tag));
    return sealed;
}

Result<QByteArray> SessionKey::unseal(const QByteArray &sealed) const
{
    const QList<QByteArray> parts = sealed.split('.');
    QList<QByteArray> decoded;
    for (const QByteArray &part : parts) {
        std::optional<QByteArray> bytes = Jose::fromBase64Url(part);
        if (!bytes)
            break;
        decoded << *bytes;
    }
    if (parts.size() != 4 || decoded.size() != 4)
        return cryptoError(u"The stored PRT is damaged."_s);
    QByteArray tag = decoded.at(3);
    return aesGcm(false, derive(kAtRestLabel.toByteArray(), decoded.at(0)), decoded.at(1), {},
                  decoded.at(2), tag);
}

} // namespace Entra
