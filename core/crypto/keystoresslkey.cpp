// RSA_METHOD is deprecated in OpenSSL 3; an own provider is the long-term replacement
// (PROTOCOL.md "TPM notes"). Until then this file alone uses the legacy interface.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "keystoresslkey.h"

#include "tpm/keystore.h"
#include "tpm/rsapublickey.h"

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <cstring>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

struct KeyBinding
{
    std::shared_ptr<KeyStore> store;
    QString keyId;
};

void freeBinding(void *, void *pointer, CRYPTO_EX_DATA *, int, long, void *)
{
    delete static_cast<KeyBinding *>(pointer);
}

int bindingIndex()
{
    static const int index = RSA_get_ex_new_index(0, nullptr, nullptr, nullptr, freeBinding);
    return index;
}

// RSA_private_encrypt: OpenSSL asks for a signature block. TLS 1.3 and PSS pad themselves and
// pass RSA_NO_PADDING; PKCS#1 v1.5 signatures arrive unpadded with RSA_PKCS1_PADDING.
int privateEncrypt(int length, const unsigned char *from, unsigned char *to, RSA *rsa, int padding)
{
    const auto *binding = static_cast<const KeyBinding *>(RSA_get_ex_data(rsa, bindingIndex()));
    const int size = RSA_size(rsa);
    if (!binding || size <= 0)
        return -1;
    QByteArray block(size, Qt::Uninitialized);
    auto *blockData = reinterpret_cast<unsigned char *>(block.data());
    switch (padding) {
    case RSA_NO_PADDING:
        if (length != size)
            return -1;
        std::memcpy(blockData, from, size_t(size));
        break;
    case RSA_PKCS1_PADDING:
        if (RSA_padding_add_PKCS1_type_1(blockData, size, from, length) != 1)
            return -1;
        break;
    default:
        return -1;
    }
    Result<QByteArray> result = binding->store->rawPrivateOperation(binding->keyId, block);
    if (!result || result->size() != size)
        return -1;
    std::memcpy(to, result->constData(), size_t(size));
    return size;
}

const RSA_METHOD *keyStoreMethod()
{
    static RSA_METHOD *method = [] {
        RSA_METHOD *m = RSA_meth_dup(RSA_get_default_method());
        RSA_meth_set1_name(m, "Entra Doctor key store");
        RSA_meth_set_priv_enc(m, privateEncrypt);
        return m;
    }();
    return method;
}

Error bridgeError(const QString &what)
{
    return Error{ErrorDomain::Crypto, 0,
                 u"The device key cannot be used for TLS client authentication: %1."_s.arg(what),
                 u"Run `entra-doctor status` to check the device key (KeySignTest)."_s, {}};
}

} // namespace

Result<QSslKey> KeyStoreSslKey::create(std::shared_ptr<KeyStore> store, const QString &keyId,
                                       const QByteArray &subjectPublicKeyInfo)
{
    Result<RsaPublicKey> publicKey = RsaPublicKey::fromDer(subjectPublicKeyInfo);
    if (!publicKey)
        return publicKey.error();
    Result<RsaPublicNumbers> numbers = publicKey->numbers();
    if (!numbers)
        return numbers.error();

    RSA *rsa = RSA_new();
    BIGNUM *n = BN_bin2bn(reinterpret_cast<const unsigned char *>(numbers->modulus.constData()),
                          int(numbers->modulus.size()), nullptr);
    BIGNUM *e = BN_bin2bn(reinterpret_cast<const unsigned char *>(numbers->exponent.constData()),
                          int(numbers->exponent.size()), nullptr);
    if (!rsa || !n || !e || RSA_set0_key(rsa, n, e, nullptr) != 1) {
        BN_free(n);
        BN_free(e);
        RSA_free(rsa);
        return bridgeError(u"the public key could not be loaded"_s);
    }
    RSA_set_method(rsa, keyStoreMethod());
    // Owned by the RSA object from here on; freed by freeBinding with it.
    RSA_set_ex_data(rsa, bindingIndex(), new KeyBinding{std::move(store), keyId});

    EVP_PKEY *pkey = EVP_PKEY_new();
    if (!pkey || EVP_PKEY_assign_RSA(pkey, rsa) != 1) {
        EVP_PKEY_free(pkey);
        RSA_free(rsa);
        return bridgeError(u"OpenSSL refused the key"_s);
    }
    // QSslKey takes ownership of the EVP_PKEY.
    QSslKey key(Qt::HANDLE(pkey), QSsl::PrivateKey);
    if (key.isNull())
        return bridgeError(u"Qt refused the key"_s);
    return key;
}

} // namespace Entra
