#include "testcrypto.h"

#include <QJsonDocument>
#include <QtEndian>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloudTest {

namespace {

QByteArray bignumBytes(const BIGNUM *number)
{
    QByteArray bytes(BN_num_bytes(number), '\0');
    BN_bn2bin(number, reinterpret_cast<unsigned char *>(bytes.data()));
    return bytes;
}

QByteArray fromBase64Url(const QByteArray &text)
{
    return QByteArray::fromBase64(text, QByteArray::Base64UrlEncoding);
}

} // namespace

KeyPtr generateRsa(int bits)
{
    return KeyPtr(EVP_RSA_gen(static_cast<unsigned int>(bits)));
}

QByteArray makeCsr(EVP_PKEY *key, const QByteArray &commonName, const EVP_MD *digest)
{
    X509_REQ *request = X509_REQ_new();
    X509_NAME *name = X509_NAME_new();
    X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>(commonName.constData()),
                               int(commonName.size()), -1, 0);
    X509_REQ_set_version(request, X509_REQ_VERSION_1);
    X509_REQ_set_subject_name(request, name);
    X509_REQ_set_pubkey(request, key);
    X509_REQ_sign(request, key, digest ? digest : EVP_sha256());
    unsigned char *der = nullptr;
    const int length = i2d_X509_REQ(request, &der);
    QByteArray result(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    X509_NAME_free(name);
    X509_REQ_free(request);
    return result;
}

QByteArray rsaPublicBlob(EVP_PKEY *key)
{
    BIGNUM *n = nullptr;
    BIGNUM *e = nullptr;
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n);
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e);
    const QByteArray modulus = bignumBytes(n);
    const QByteArray exponent = bignumBytes(e);
    BN_free(n);
    BN_free(e);
    QByteArray blob(24, '\0');
    auto *header = reinterpret_cast<uchar *>(blob.data());
    qToLittleEndian<quint32>(0x31415352, header); // "RSA1"
    qToLittleEndian<quint32>(quint32(EVP_PKEY_get_bits(key)), header + 4);
    qToLittleEndian<quint32>(quint32(exponent.size()), header + 8);
    qToLittleEndian<quint32>(quint32(modulus.size()), header + 12);
    return blob + exponent + modulus;
}

QByteArray privateKeyPem(EVP_PKEY *key)
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, size);
    BIO_free(bio);
    return pem;
}

QSslKey qtPrivateKey(EVP_PKEY *key)
{
    return QSslKey(privateKeyPem(key), QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey);
}

CertificatePtr certificateFromDer(const QByteArray &der)
{
    const auto *cursor = reinterpret_cast<const unsigned char *>(der.constData());
    return CertificatePtr(d2i_X509(nullptr, &cursor, long(der.size())));
}

CertificatePtr certificateFromPem(const QByteArray &pem)
{
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    X509 *certificate = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    return CertificatePtr(certificate);
}

QByteArray certificateDer(X509 *certificate)
{
    unsigned char *der = nullptr;
    const int length = i2d_X509(certificate, &der);
    QByteArray result(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    return result;
}

QByteArray issuerDer(X509 *certificate)
{
    unsigned char *der = nullptr;
    const int length = i2d_X509_NAME(X509_get_issuer_name(certificate), &der);
    QByteArray result(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    return result;
}

static X509_EXTENSION *findExtension(X509 *certificate, const char *oid)
{
    ASN1_OBJECT *object = OBJ_txt2obj(oid, 1);
    const int index = X509_get_ext_by_OBJ(certificate, object, -1);
    ASN1_OBJECT_free(object);
    return index < 0 ? nullptr : X509_get_ext(certificate, index);
}

QByteArray extensionValue(X509 *certificate, const char *oid)
{
    X509_EXTENSION *extension = findExtension(certificate, oid);
    if (!extension)
        return {};
    const ASN1_OCTET_STRING *data = X509_EXTENSION_get_data(extension);
    return QByteArray(reinterpret_cast<const char *>(ASN1_STRING_get0_data(data)),
                      ASN1_STRING_length(data));
}

bool extensionCritical(X509 *certificate, const char *oid)
{
    X509_EXTENSION *extension = findExtension(certificate, oid);
    return extension && X509_EXTENSION_get_critical(extension) == 1;
}

QUuid guidFromMixedEndian(const QByteArray &bytes)
{
    if (bytes.size() != 16)
        return {};
    const auto *b = reinterpret_cast<const uchar *>(bytes.constData());
    const uint data1 = uint(b[0]) | uint(b[1]) << 8 | uint(b[2]) << 16 | uint(b[3]) << 24;
    const ushort data2 = ushort(b[4] | b[5] << 8);
    const ushort data3 = ushort(b[6] | b[7] << 8);
    return QUuid(data1, data2, data3, b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

QString subjectCommonName(X509 *certificate, int *asn1Type)
{
    const X509_NAME *subject = X509_get_subject_name(certificate);
    const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index < 0)
        return {};
    const ASN1_STRING *value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
    if (asn1Type)
        *asn1Type = ASN1_STRING_type(value);
    return QString::fromLatin1(reinterpret_cast<const char *>(ASN1_STRING_get0_data(value)),
                               ASN1_STRING_length(value));
}

void validitySpan(X509 *certificate, int *days, int *seconds)
{
    ASN1_TIME_diff(days, seconds, X509_get0_notBefore(certificate),
                   X509_get0_notAfter(certificate));
}

qint64 notBeforeSecs(X509 *certificate)
{
    struct tm time
    {
    };
    ASN1_TIME_to_tm(X509_get0_notBefore(certificate), &time);
    return qint64(timegm(&time));
}

bool verifyRs256WithJwk(const QByteArray &jws, const QJsonObject &jwk)
{
    const QList<QByteArray> parts = jws.split('.');
    if (parts.size() != 3 || jwk.value(u"kty"_s).toString() != u"RSA"_s)
        return false;
    const QByteArray n = fromBase64Url(jwk.value(u"n"_s).toString().toLatin1());
    const QByteArray e = fromBase64Url(jwk.value(u"e"_s).toString().toLatin1());
    BIGNUM *modulus
        = BN_bin2bn(reinterpret_cast<const unsigned char *>(n.constData()), int(n.size()), nullptr);
    BIGNUM *exponent
        = BN_bin2bn(reinterpret_cast<const unsigned char *>(e.constData()), int(e.size()), nullptr);
    OSSL_PARAM_BLD *builder = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, modulus);
    OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, exponent);
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(builder);
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    EVP_PKEY *key = nullptr;
    EVP_PKEY_fromdata_init(context);
    EVP_PKEY_fromdata(context, &key, EVP_PKEY_PUBLIC_KEY, params);
    bool verified = false;
    if (key) {
        const QByteArray signingInput = parts.at(0) + '.' + parts.at(1);
        const QByteArray signature = fromBase64Url(parts.at(2));
        EVP_MD_CTX *md = EVP_MD_CTX_new();
        verified = EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key) == 1
            && EVP_DigestVerify(md, reinterpret_cast<const unsigned char *>(signature.constData()),
                                size_t(signature.size()),
                                reinterpret_cast<const unsigned char *>(signingInput.constData()),
                                size_t(signingInput.size()))
                == 1;
        EVP_MD_CTX_free(md);
    }
    EVP_PKEY_free(key);
    EVP_PKEY_CTX_free(context);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(builder);
    BN_free(modulus);
    BN_free(exponent);
    ERR_clear_error();
    return verified;
}

QJsonObject jwtHeader(const QByteArray &jws)
{
    return QJsonDocument::fromJson(fromBase64Url(jws.split('.').value(0))).object();
}

QJsonObject jwtClaims(const QByteArray &jws)
{
    return QJsonDocument::fromJson(fromBase64Url(jws.split('.').value(1))).object();
}

} // namespace FakeCloudTest
