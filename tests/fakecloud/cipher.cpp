#include "cipher.h"

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud::Cipher {

namespace {

using CipherContextPtr = std::unique_ptr<EVP_CIPHER_CTX, Ssl::Deleter<EVP_CIPHER_CTX_free>>;

const unsigned char *bytes(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

unsigned char *bytes(QByteArray &data)
{
    return reinterpret_cast<unsigned char *>(data.data());
}

// Runs one EVP encryption over plain; the context is set up (key, iv, aad) by the caller.
Expected<QByteArray> encryptAll(EVP_CIPHER_CTX *context, const QByteArray &plain)
{
    QByteArray out(plain.size() + 32, '\0');
    int written = 0;
    int last = 0;
    if (EVP_EncryptUpdate(context, bytes(out), &written, bytes(plain), int(plain.size())) != 1
        || EVP_EncryptFinal_ex(context, bytes(out) + written, &last) != 1)
        return Failure { u"encryption failed: "_s + Ssl::takeErrors() };
    out.resize(written + last);
    return out;
}

} // namespace

QByteArray randomBytes(int count)
{
    QByteArray data(count, '\0');
    if (RAND_bytes(bytes(data), count) != 1)
        qFatal("fakecloud: the random number generator failed");
    return data;
}

QByteArray hmacSha256(const QByteArray &key, const QByteArray &data)
{
    QByteArray mac(32, '\0');
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.constData(), int(key.size()), bytes(data), size_t(data.size()),
         bytes(mac), &length);
    mac.resize(int(length));
    return mac;
}

bool equalConstantTime(const QByteArray &a, const QByteArray &b)
{
    return a.size() == b.size()
        && CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

Expected<QByteArray> rsaOaepSha1Encrypt(const Ssl::Key &publicKey, const QByteArray &plain)
{
    const Ssl::PkeyContextPtr context(EVP_PKEY_CTX_new(publicKey.get(), nullptr));
    size_t length = 0;
    if (!context || EVP_PKEY_encrypt_init(context.get()) != 1
        || EVP_PKEY_CTX_set_rsa_padding(context.get(), RSA_PKCS1_OAEP_PADDING) != 1
        || EVP_PKEY_CTX_set_rsa_oaep_md(context.get(), EVP_sha1()) != 1
        || EVP_PKEY_CTX_set_rsa_mgf1_md(context.get(), EVP_sha1()) != 1
        || EVP_PKEY_encrypt(context.get(), nullptr, &length, bytes(plain), size_t(plain.size()))
            != 1)
        return Failure { u"RSA-OAEP setup failed: "_s + Ssl::takeErrors() };
    QByteArray out(qsizetype(length), '\0');
    if (EVP_PKEY_encrypt(context.get(), bytes(out), &length, bytes(plain), size_t(plain.size()))
        != 1)
        return Failure { u"RSA-OAEP failed: "_s + Ssl::takeErrors() };
    out.resize(qsizetype(length));
    return out;
}

Expected<Sealed> aes256GcmEncrypt(const QByteArray &key, const QByteArray &iv,
                                  const QByteArray &plain, const QByteArray &aad)
{
    const CipherContextPtr context(EVP_CIPHER_CTX_new());
    int ignored = 0;
    if (key.size() != 32 || !context
        || EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1
        || EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_IVLEN, int(iv.size()), nullptr) != 1
        || EVP_EncryptInit_ex(context.get(), nullptr, nullptr, bytes(key), bytes(iv)) != 1
        || (!aad.isEmpty()
            && EVP_EncryptUpdate(context.get(), nullptr, &ignored, bytes(aad), int(aad.size()))
                != 1))
        return Failure { u"AES-GCM setup failed: "_s + Ssl::takeErrors() };
    auto ciphertext = encryptAll(context.get(), plain);
    if (!ciphertext)
        return Failure { ciphertext.error() };
    QByteArray tag(16, '\0');
    if (EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, 16, tag.data()) != 1)
        return Failure { u"AES-GCM tag failed: "_s + Ssl::takeErrors() };
    return Sealed { ciphertext.value(), tag };
}

Expected<QByteArray> aes256CbcEncrypt(const QByteArray &key, const QByteArray &iv,
                                      const QByteArray &plain)
{
    const CipherContextPtr context(EVP_CIPHER_CTX_new());
    if (key.size() != 32 || iv.size() != 16 || !context
        || EVP_EncryptInit_ex(context.get(), EVP_aes_256_cbc(), nullptr, bytes(key), bytes(iv))
            != 1)
        return Failure { u"AES-CBC setup failed: "_s + Ssl::takeErrors() };
    return encryptAll(context.get(), plain); // EVP pads with PKCS#7 by default
}

} // namespace FakeCloud::Cipher
