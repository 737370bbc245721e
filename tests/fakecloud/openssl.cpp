#include "openssl.h"

#include <QCryptographicHash>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud::Ssl {

QString takeErrors()
{
    QString text;
    while (const unsigned long code = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof(buffer));
        if (!text.isEmpty())
            text += u"; "_s;
        text += QString::fromLatin1(buffer);
    }
    return text.isEmpty() ? u"unknown OpenSSL error"_s : text;
}

namespace {

QByteArray bioContents(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? QByteArray(data, size) : QByteArray();
}

BioPtr memoryBio(const QByteArray &data)
{
    return BioPtr(BIO_new_mem_buf(data.constData(), int(data.size())));
}

QByteArray bignumBytes(const BIGNUM *number)
{
    QByteArray bytes(BN_num_bytes(number), '\0');
    BN_bn2bin(number, reinterpret_cast<unsigned char *>(bytes.data()));
    return bytes;
}

QByteArray rsaParameter(EVP_PKEY *key, const char *name)
{
    BIGNUM *number = nullptr;
    if (!key || EVP_PKEY_get_bn_param(key, name, &number) != 1)
        return {};
    const BignumPtr owner(number);
    return bignumBytes(number);
}

} // namespace

Key Key::adopt(EVP_PKEY *key)
{
    Key result;
    result.m_key.reset(key, EVP_PKEY_free);
    return result;
}

Expected<Key> Key::generateRsa(int bits)
{
    EVP_PKEY *key = EVP_RSA_gen(static_cast<unsigned int>(bits));
    if (!key)
        return Failure { u"RSA key generation failed: "_s + takeErrors() };
    return adopt(key);
}

Expected<Key> Key::generateEcP256()
{
    // EVP_EC_gen() casts the const away inside its macro (clang's -Wcast-qual); the function
    // it expands to takes a char *.
    char curve[] = "P-256";
    EVP_PKEY *key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve);
    if (!key)
        return Failure { u"EC key generation failed: "_s + takeErrors() };
    return adopt(key);
}

Expected<Key> Key::fromPem(const QByteArray &pem)
{
    const BioPtr bio = memoryBio(pem);
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
    if (!key)
        return Failure { u"not a PEM private key: "_s + takeErrors() };
    return adopt(key);
}

Expected<Key> Key::fromRsaComponents(const QByteArray &modulus, const QByteArray &exponent)
{
    const BignumPtr n(BN_bin2bn(reinterpret_cast<const unsigned char *>(modulus.constData()),
                                int(modulus.size()), nullptr));
    const BignumPtr e(BN_bin2bn(reinterpret_cast<const unsigned char *>(exponent.constData()),
                                int(exponent.size()), nullptr));
    std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>> builder(OSSL_PARAM_BLD_new());
    if (!n || !e || !builder
        || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1
        || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1)
        return Failure { u"cannot build RSA parameters: "_s + takeErrors() };
    std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>> params(
        OSSL_PARAM_BLD_to_param(builder.get()));
    const PkeyContextPtr context(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY *key = nullptr;
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1
        || EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        return Failure { u"not a usable RSA public key: "_s + takeErrors() };
    return adopt(key);
}

bool Key::isRsa() const
{
    return m_key && EVP_PKEY_get_base_id(m_key.get()) == EVP_PKEY_RSA;
}

int Key::bits() const
{
    return m_key ? EVP_PKEY_get_bits(m_key.get()) : 0;
}

QByteArray Key::privatePem() const
{
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!m_key
        || PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr)
            != 1)
        return {};
    return bioContents(bio.get());
}

QByteArray Key::rsaPublicKeyDer() const
{
    if (!isRsa())
        return {};
    unsigned char *der = nullptr;
    const int length = i2d_PublicKey(m_key.get(), &der);
    if (length <= 0)
        return {};
    QByteArray result(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    return result;
}

QByteArray Key::rsaModulus() const
{
    return rsaParameter(m_key.get(), OSSL_PKEY_PARAM_RSA_N);
}

QByteArray Key::rsaExponent() const
{
    return rsaParameter(m_key.get(), OSSL_PKEY_PARAM_RSA_E);
}

bool Key::samePublicKey(const Key &other) const
{
    return m_key && other.m_key && EVP_PKEY_eq(m_key.get(), other.m_key.get()) == 1;
}

Certificate Certificate::adopt(X509 *certificate)
{
    Certificate result;
    result.m_certificate.reset(certificate, X509_free);
    return result;
}

Expected<Certificate> Certificate::fromDer(const QByteArray &der)
{
    const auto *cursor = reinterpret_cast<const unsigned char *>(der.constData());
    X509 *certificate = d2i_X509(nullptr, &cursor, long(der.size()));
    if (!certificate)
        return Failure { u"not a DER certificate: "_s + takeErrors() };
    Certificate result = adopt(certificate);
    if (cursor != reinterpret_cast<const unsigned char *>(der.constData()) + der.size())
        return Failure { u"trailing bytes after the certificate"_s };
    return result;
}

Expected<Certificate> Certificate::fromPem(const QByteArray &pem)
{
    const BioPtr bio = memoryBio(pem);
    X509 *certificate = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
    if (!certificate)
        return Failure { u"not a PEM certificate: "_s + takeErrors() };
    return adopt(certificate);
}

QByteArray Certificate::der() const
{
    if (!m_certificate)
        return {};
    unsigned char *der = nullptr;
    const int length = i2d_X509(m_certificate.get(), &der);
    if (length <= 0)
        return {};
    QByteArray result(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    return result;
}

QByteArray Certificate::pem() const
{
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!m_certificate || PEM_write_bio_X509(bio.get(), m_certificate.get()) != 1)
        return {};
    return bioContents(bio.get());
}

QString Certificate::sha1Thumbprint() const
{
    return QString::fromLatin1(QCryptographicHash::hash(der(), QCryptographicHash::Sha1).toHex())
        .toUpper();
}

Key Certificate::publicKey() const
{
    if (!m_certificate)
        return {};
    EVP_PKEY *key = X509_get_pubkey(m_certificate.get()); // adds a reference
    return key ? Key::adopt(key) : Key();
}

QString Certificate::subjectCommonName() const
{
    if (!m_certificate)
        return {};
    const X509_NAME *subject = X509_get_subject_name(m_certificate.get());
    const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index < 0)
        return {};
    return asn1Text(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index)));
}

Expected<QByteArray> signSha256(const Key &key, const QByteArray &data)
{
    const MdContextPtr context(EVP_MD_CTX_new());
    size_t length = 0;
    if (!context
        || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1
        || EVP_DigestSign(context.get(), nullptr, &length,
                          reinterpret_cast<const unsigned char *>(data.constData()),
                          size_t(data.size()))
            != 1)
        return Failure { u"signing failed: "_s + takeErrors() };
    QByteArray signature(qsizetype(length), '\0');
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       reinterpret_cast<const unsigned char *>(data.constData()),
                       size_t(data.size()))
        != 1)
        return Failure { u"signing failed: "_s + takeErrors() };
    signature.resize(qsizetype(length));
    return signature;
}

bool verifySha256(const Key &key, const QByteArray &data, const QByteArray &signature)
{
    const MdContextPtr context(EVP_MD_CTX_new());
    if (!context || key.isNull()
        || EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1)
        return false;
    const int verified = EVP_DigestVerify(
        context.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
        size_t(signature.size()), reinterpret_cast<const unsigned char *>(data.constData()),
        size_t(data.size()));
    ERR_clear_error();
    return verified == 1;
}

QString asn1Text(const ASN1_STRING *string)
{
    if (!string)
        return {};
    unsigned char *utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, string);
    if (length < 0)
        return {};
    QString text = QString::fromUtf8(reinterpret_cast<const char *>(utf8), length);
    OPENSSL_free(utf8);
    return text;
}

} // namespace FakeCloud::Ssl
