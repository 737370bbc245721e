#include "rsapublickey.h"

#include "opensslutil_p.h"

#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

namespace {

Result<OpenSsl::PKey> parse(const QByteArray &der)
{
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    OpenSsl::PKey key(d2i_PUBKEY(nullptr, &p, long(der.size())));
    if (!key)
        return OpenSsl::error(u"The public key could not be read."_s);
    if (!EVP_PKEY_is_a(key.get(), "RSA"))
        return OpenSsl::error(u"The public key is not an RSA key."_s);
    return key;
}

Result<RsaPublicKey> fromPKey(EVP_PKEY *key)
{
    if (!EVP_PKEY_is_a(key, "RSA"))
        return OpenSsl::error(u"The public key is not an RSA key."_s);
    unsigned char *out = nullptr;
    const int length = i2d_PUBKEY(key, &out);
    if (length <= 0)
        return OpenSsl::error(u"The public key could not be encoded."_s);
    const QByteArray der(reinterpret_cast<const char *>(out), length);
    OPENSSL_free(out);
    return RsaPublicKey::fromDer(der);
}

QByteArray bignumBytes(const BIGNUM *bn)
{
    QByteArray bytes(BN_num_bytes(bn), Qt::Uninitialized);
    BN_bn2bin(bn, reinterpret_cast<unsigned char *>(bytes.data()));
    return bytes;
}

} // namespace

Result<RsaPublicKey> RsaPublicKey::fromNumbers(const RsaPublicNumbers &numbers)
{
    const auto *n = reinterpret_cast<const unsigned char *>(numbers.modulus.constData());
    const auto *e = reinterpret_cast<const unsigned char *>(numbers.exponent.constData());
    OpenSsl::BigNum bnN(BN_bin2bn(n, int(numbers.modulus.size()), nullptr));
    OpenSsl::BigNum bnE(BN_bin2bn(e, int(numbers.exponent.size()), nullptr));
    OSSL_PARAM_BLD *builder = OSSL_PARAM_BLD_new();
    if (!bnN || !bnE || !builder
        || !OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, bnN.get())
        || !OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, bnE.get())) {
        OSSL_PARAM_BLD_free(builder);
        return OpenSsl::error(u"The RSA public key could not be built."_s);
    }
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(builder);
    OSSL_PARAM_BLD_free(builder);
    OpenSsl::PKeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY *raw = nullptr;
    const bool ok = params && ctx && EVP_PKEY_fromdata_init(ctx.get()) > 0
        && EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params) > 0;
    OSSL_PARAM_free(params);
    OpenSsl::PKey key(raw);
    if (!ok || !key)
        return OpenSsl::error(u"The RSA public key could not be built."_s);
    return fromPKey(key.get());
}

Result<RsaPublicKey> RsaPublicKey::fromDer(const QByteArray &subjectPublicKeyInfo)
{
    const Result<OpenSsl::PKey> key = parse(subjectPublicKeyInfo);
    if (!key)
        return key.error();
    return RsaPublicKey(subjectPublicKeyInfo);
}

Result<RsaPublicKey> RsaPublicKey::fromPem(const QByteArray &pem)
{
    OpenSsl::Bio bio = OpenSsl::memoryBio(pem);
    OpenSsl::PKey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key)
        return OpenSsl::error(u"The PEM public key could not be read."_s);
    return fromPKey(key.get());
}

Result<RsaPublicKey> RsaPublicKey::fromCertificate(const QByteArray &certificate)
{
    OpenSsl::Certificate x509;
    if (certificate.trimmed().startsWith("-----BEGIN")) {
        OpenSsl::Bio bio = OpenSsl::memoryBio(certificate);
        x509.reset(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    } else {
        const auto *p = reinterpret_cast<const unsigned char *>(certificate.constData());
        x509.reset(d2i_X509(nullptr, &p, long(certificate.size())));
    }
    if (!x509)
        return OpenSsl::error(u"The certificate could not be read."_s);
    EVP_PKEY *key = X509_get0_pubkey(x509.get());
    if (!key)
        return OpenSsl::error(u"The certificate has no readable public key."_s);
    return fromPKey(key);
}

QByteArray RsaPublicKey::pem() const
{
    Result<OpenSsl::PKey> key = parse(m_der);
    if (!key)
        return {};
    OpenSsl::Bio bio(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_PUBKEY(bio.get(), key->get()))
        return {};
    return OpenSsl::bioBytes(bio.get());
}

Result<RsaPublicNumbers> RsaPublicKey::numbers() const
{
    Result<OpenSsl::PKey> key = parse(m_der);
    if (!key)
        return key.error();
    BIGNUM *n = nullptr;
    BIGNUM *e = nullptr;
    if (!EVP_PKEY_get_bn_param(key->get(), OSSL_PKEY_PARAM_RSA_N, &n)
        || !EVP_PKEY_get_bn_param(key->get(), OSSL_PKEY_PARAM_RSA_E, &e)) {
        BN_free(n);
        BN_free(e);
        return OpenSsl::error(u"The RSA public key could not be read."_s);
    }
    OpenSsl::BigNum ownN(n);
    OpenSsl::BigNum ownE(e);
    return RsaPublicNumbers { bignumBytes(n), bignumBytes(e) };
}

int RsaPublicKey::bits() const
{
    Result<OpenSsl::PKey> key = parse(m_der);
    return key ? EVP_PKEY_get_bits(key->get()) : 0;
}

Status RsaPublicKey::verifySha256(const QByteArray &data, const QByteArray &signature) const
{
    Result<OpenSsl::PKey> key = parse(m_der);
    if (!key)
        return key.error();
    OpenSsl::MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key->get()) <= 0)
        return OpenSsl::error(u"Could not start verifying the signature."_s);
    const int verdict = EVP_DigestVerify(
        ctx.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
        size_t(signature.size()), reinterpret_cast<const unsigned char *>(data.constData()),
        size_t(data.size()));
    if (verdict != 1) {
        return OpenSsl::error(u"The signature does not match the public key."_s,
                              u"The key that signed is not the key of the certificate: the "
                              u"device key may have been replaced or lost; re-register."_s);
    }
    return Success {};
}

Result<QByteArray> RsaPublicKey::encryptOaepSha1(const QByteArray &plaintext) const
{
    Result<OpenSsl::PKey> key = parse(m_der);
    if (!key)
        return key.error();
    OpenSsl::PKeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key->get(), nullptr));
    size_t length = 0;
    const auto *in = reinterpret_cast<const unsigned char *>(plaintext.constData());
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) <= 0
        || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) <= 0
        || EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha1()) <= 0
        || EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha1()) <= 0
        || EVP_PKEY_encrypt(ctx.get(), nullptr, &length, in, size_t(plaintext.size())) <= 0)
        return OpenSsl::error(u"RSA-OAEP encryption failed."_s);
    QByteArray out(qsizetype(length), Qt::Uninitialized);
    if (EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &length, in,
                         size_t(plaintext.size()))
        <= 0)
        return OpenSsl::error(u"RSA-OAEP encryption failed."_s);
    out.truncate(qsizetype(length));
    return out;
}

Result<QByteArray> RsaPublicKey::rawPublic(const QByteArray &input) const
{
    Result<OpenSsl::PKey> key = parse(m_der);
    if (!key)
        return key.error();
    OpenSsl::PKeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key->get(), nullptr));
    size_t length = 0;
    const auto *in = reinterpret_cast<const unsigned char *>(input.constData());
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) <= 0
        || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_NO_PADDING) <= 0
        || EVP_PKEY_encrypt(ctx.get(), nullptr, &length, in, size_t(input.size())) <= 0)
        return OpenSsl::error(u"The raw RSA public operation failed."_s);
    QByteArray out(qsizetype(length), Qt::Uninitialized);
    if (EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &length, in,
                         size_t(input.size()))
        <= 0)
        return OpenSsl::error(u"The raw RSA public operation failed."_s);
    out.truncate(qsizetype(length));
    return out;
}

} // namespace Entra
