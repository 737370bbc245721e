#include "testcrypto.h"

#include <QJsonDocument>
#include <QtEndian>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
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

struct CipherContextDeleter
{
    void operator()(EVP_CIPHER_CTX *context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContextPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherContextDeleter>;

const unsigned char *bytesOf(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

QByteArray jwsSigningInput(const QByteArray &header, const QByteArray &payload)
{
    QByteArray input = base64Url(header);
    input.append('.');
    input.append(base64Url(payload));
    return input;
}

} // namespace

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray fromBase64Url(const QByteArray &text)
{
    return QByteArray::fromBase64(text, QByteArray::Base64UrlEncoding);
}

KeyPtr generateRsa(int bits)
{
    return KeyPtr(EVP_RSA_gen(static_cast<unsigned int>(bits)));
}

KeyPtr generateEcP256()
{
    char curve[] = "P-256";
    return KeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
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

QByteArray sha256(const QByteArray &data)
{
    QByteArray digest(32, '\0');
    unsigned int length = 0;
    EVP_Digest(data.constData(), size_t(data.size()),
               reinterpret_cast<unsigned char *>(digest.data()), &length, EVP_sha256(), nullptr);
    return digest;
}

KeyPtr rsaFromPkcs1Der(const QByteArray &der)
{
    const auto *cursor = bytesOf(der);
    return KeyPtr(d2i_PrivateKey(EVP_PKEY_RSA, nullptr, &cursor, long(der.size())));
}

QByteArray signRs256(EVP_PKEY *key, const QByteArray &header, const QByteArray &payload)
{
    QByteArray jws = jwsSigningInput(header, payload);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    size_t length = 0;
    EVP_DigestSignInit(md, nullptr, EVP_sha256(), nullptr, key);
    EVP_DigestSign(md, nullptr, &length, bytesOf(jws), size_t(jws.size()));
    QByteArray signature(qsizetype(length), '\0');
    EVP_DigestSign(md, reinterpret_cast<unsigned char *>(signature.data()), &length, bytesOf(jws),
                   size_t(jws.size()));
    EVP_MD_CTX_free(md);
    signature.resize(qsizetype(length));
    jws.append('.');
    jws.append(base64Url(signature));
    return jws;
}

QByteArray signHs256(const QByteArray &key, const QByteArray &header, const QByteArray &payload)
{
    QByteArray jws = jwsSigningInput(header, payload);
    QByteArray mac(32, '\0');
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.constData(), int(key.size()), bytesOf(jws), size_t(jws.size()),
         reinterpret_cast<unsigned char *>(mac.data()), &length);
    jws.append('.');
    jws.append(base64Url(mac));
    return jws;
}

QByteArray deriveSessionKey(const QByteArray &sessionKey, const QByteArray &context)
{
    // i = 1 (32-bit BE) || Label || 0x00 || Context || L = 256 (32-bit BE)
    QByteArray message;
    message.append(QByteArray::fromHex("00000001"));
    message.append("AzureAD-SecureConversation");
    message.append(QByteArray::fromHex("00"));
    message.append(context);
    message.append(QByteArray::fromHex("00000100"));
    QByteArray mac(32, '\0');
    unsigned int length = 0;
    HMAC(EVP_sha256(), sessionKey.constData(), int(sessionKey.size()), bytesOf(message),
         size_t(message.size()), reinterpret_cast<unsigned char *>(mac.data()), &length);
    return mac;
}

QByteArray rsaOaepSha1Decrypt(EVP_PKEY *key, const QByteArray &ciphertext)
{
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new(key, nullptr);
    size_t length = 0;
    QByteArray plain;
    if (context && EVP_PKEY_decrypt_init(context) == 1
        && EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_OAEP_PADDING) == 1
        && EVP_PKEY_CTX_set_rsa_oaep_md(context, EVP_sha1()) == 1
        && EVP_PKEY_CTX_set_rsa_mgf1_md(context, EVP_sha1()) == 1
        && EVP_PKEY_decrypt(context, nullptr, &length, bytesOf(ciphertext),
                            size_t(ciphertext.size()))
            == 1) {
        plain.resize(qsizetype(length));
        if (EVP_PKEY_decrypt(context, reinterpret_cast<unsigned char *>(plain.data()), &length,
                             bytesOf(ciphertext), size_t(ciphertext.size()))
            == 1)
            plain.resize(qsizetype(length));
        else
            plain.clear();
    }
    EVP_PKEY_CTX_free(context);
    ERR_clear_error();
    return plain;
}

std::optional<QByteArray> aes256GcmDecrypt(const QByteArray &key, const QByteArray &iv,
                                           const QByteArray &ciphertext, const QByteArray &tag,
                                           const QByteArray &aad)
{
    const CipherContextPtr context(EVP_CIPHER_CTX_new());
    QByteArray plain(ciphertext.size() + 16, '\0');
    int written = 0;
    int last = 0;
    QByteArray tagCopy = tag;
    auto *out = reinterpret_cast<unsigned char *>(plain.data());
    const bool ok = key.size() == 32 && tag.size() == 16
        && EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1
        && EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_IVLEN, int(iv.size()), nullptr) == 1
        && EVP_DecryptInit_ex(context.get(), nullptr, nullptr, bytesOf(key), bytesOf(iv)) == 1
        && (aad.isEmpty()
            || EVP_DecryptUpdate(context.get(), nullptr, &written, bytesOf(aad), int(aad.size()))
                == 1)
        && EVP_DecryptUpdate(context.get(), out, &written, bytesOf(ciphertext),
                             int(ciphertext.size()))
            == 1
        && EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, 16, tagCopy.data()) == 1
        && EVP_DecryptFinal_ex(context.get(), out + written, &last) == 1;
    ERR_clear_error();
    if (!ok)
        return std::nullopt;
    plain.resize(written + last);
    return plain;
}

std::optional<QByteArray> aes256CbcDecrypt(const QByteArray &key, const QByteArray &iv,
                                           const QByteArray &ciphertext)
{
    const CipherContextPtr context(EVP_CIPHER_CTX_new());
    QByteArray plain(ciphertext.size() + 16, '\0');
    int written = 0;
    int last = 0;
    auto *out = reinterpret_cast<unsigned char *>(plain.data());
    const bool ok = key.size() == 32 && iv.size() == 16
        && EVP_DecryptInit_ex(context.get(), EVP_aes_256_cbc(), nullptr, bytesOf(key), bytesOf(iv))
            == 1
        && EVP_DecryptUpdate(context.get(), out, &written, bytesOf(ciphertext),
                             int(ciphertext.size()))
            == 1
        && EVP_DecryptFinal_ex(context.get(), out + written, &last) == 1; // checks PKCS#7
    ERR_clear_error();
    if (!ok)
        return std::nullopt;
    plain.resize(written + last);
    return plain;
}

CompactJwe splitJwe(const QByteArray &compact)
{
    CompactJwe jwe;
    const QList<QByteArray> parts = compact.split('.');
    if (parts.size() != 5)
        return jwe;
    jwe.headerSegment = parts.at(0);
    jwe.headerBytes = fromBase64Url(parts.at(0));
    jwe.header = QJsonDocument::fromJson(jwe.headerBytes).object();
    jwe.encryptedKey = fromBase64Url(parts.at(1));
    jwe.iv = fromBase64Url(parts.at(2));
    jwe.ciphertext = fromBase64Url(parts.at(3));
    jwe.tag = fromBase64Url(parts.at(4));
    jwe.valid = !jwe.header.isEmpty();
    return jwe;
}

QByteArray sessionKeyFromJwe(EVP_PKEY *transportKey, const QByteArray &jwe)
{
    return rsaOaepSha1Decrypt(transportKey, splitJwe(jwe).encryptedKey);
}

std::optional<QByteArray> decryptSessionResponse(const QByteArray &sessionKey,
                                                 const QByteArray &jwe)
{
    const CompactJwe parts = splitJwe(jwe);
    if (!parts.valid || parts.header.value(u"alg"_s).toString() != u"dir"_s)
        return std::nullopt;
    const QByteArray ctx
        = QByteArray::fromBase64(parts.header.value(u"ctx"_s).toString().toLatin1());
    const QByteArray key = deriveSessionKey(sessionKey, ctx);
    if (parts.iv.size() == 16 && parts.tag.isEmpty())
        return aes256CbcDecrypt(key, parts.iv, parts.ciphertext);
    if (parts.iv.size() == 12)
        return aes256GcmDecrypt(key, parts.iv, parts.ciphertext, parts.tag, parts.headerSegment);
    return std::nullopt;
}

} // namespace FakeCloudTest
