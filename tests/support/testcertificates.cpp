#include "testcertificates.h"

#include <QUuid>

#include <algorithm>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace TestCertificates {
namespace {

EVP_PKEY *keyFromPkcs8(const QByteArray &pkcs8)
{
    const auto *cursor = reinterpret_cast<const unsigned char *>(pkcs8.constData());
    return d2i_AutoPrivateKey(nullptr, &cursor, long(pkcs8.size()));
}

QByteArray pkcs8Of(EVP_PKEY *key)
{
    unsigned char *der = nullptr;
    const int size = i2d_PrivateKey(key, &der);
    QByteArray bytes(reinterpret_cast<const char *>(der), size);
    OPENSSL_free(der);
    return bytes;
}

QByteArray microsoftGuidBytes(const QString &guid)
{
    QByteArray bytes = QUuid::fromString(guid).toRfc4122();
    std::reverse(bytes.begin(), bytes.begin() + 4);
    std::reverse(bytes.begin() + 4, bytes.begin() + 6);
    std::reverse(bytes.begin() + 6, bytes.begin() + 8);
    return bytes;
}

void addName(X509_NAME *name, const char *field, const QString &value, int set)
{
    const QByteArray utf8 = value.toUtf8();
    X509_NAME_add_entry_by_txt(name, field, MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>(utf8.constData()), -1, -1,
                               set);
}

void addRawExtension(X509 *cert, const QByteArray &oid, const QByteArray &value, bool critical)
{
    ASN1_OBJECT *object = OBJ_txt2obj(oid.constData(), 1);
    ASN1_OCTET_STRING *data = ASN1_OCTET_STRING_new();
    ASN1_OCTET_STRING_set(data, reinterpret_cast<const unsigned char *>(value.constData()),
                          int(value.size()));
    X509_EXTENSION *ext = X509_EXTENSION_create_by_OBJ(nullptr, object, critical ? 1 : 0, data);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    ASN1_OCTET_STRING_free(data);
    ASN1_OBJECT_free(object);
}

QByteArray octetString(const QByteArray &payload, bool longForm)
{
    QByteArray value(1, 0x04);
    if (longForm)
        value.append(char(0x81));
    return value.append(char(payload.size())).append(payload);
}

} // namespace

QByteArray newRsaKeyPkcs8()
{
    EVP_PKEY *key = EVP_RSA_gen(2048);
    const QByteArray bytes = pkcs8Of(key);
    EVP_PKEY_free(key);
    return bytes;
}

Minted mint(const Options &o)
{
    Minted minted;
    minted.keyPkcs8 = o.subjectKeyPkcs8.isEmpty() ? newRsaKeyPkcs8() : o.subjectKeyPkcs8;
    EVP_PKEY *subjectKey = keyFromPkcs8(minted.keyPkcs8);
    EVP_PKEY *caKey = EVP_RSA_gen(2048);

    X509 *cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 0x1234567);
    X509_gmtime_adj(X509_getm_notBefore(cert), long(o.notBeforeOffset));
    X509_gmtime_adj(X509_getm_notAfter(cert), long(o.notAfterOffset));
    X509_NAME *issuer = X509_NAME_new();
    if (o.selfSigned) {
        addName(issuer, "CN", o.subjectCn, 0);
    } else if (o.azureIssuer) {
        addName(issuer, "DC", QStringLiteral("net"), 0);
        // set -1: into the previous RDN, so the issuer is one multi-valued RDN like DRS's.
        addName(issuer, "DC", QStringLiteral("windows"), -1);
        addName(issuer, "CN", o.issuerCn, -1);
        addName(issuer, "OU", QStringLiteral("82dbaca4-3e81-46ca-9c73-0950c1eaca97"), -1);
    } else {
        addName(issuer, "CN", o.issuerCn, 0);
    }
    X509_set_issuer_name(cert, issuer);
    X509_NAME *subject = X509_NAME_new();
    addName(subject, "CN", o.subjectCn, 0);
    X509_set_subject_name(cert, subject);
    X509_set_pubkey(cert, subjectKey);

    if (o.standardExtensions) {
        X509V3_CTX ctx;
        X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
        for (auto [name, value] : { std::pair { "basicConstraints", "critical,CA:FALSE" },
                                    std::pair { "extendedKeyUsage", "critical,clientAuth" } }) {
            X509_EXTENSION *ext = X509V3_EXT_conf(nullptr, &ctx, name, value);
            X509_add_ext(cert, ext, -1);
            X509_EXTENSION_free(ext);
        }
    }
    if (o.registrationExtensions) {
        const QString deviceId = o.deviceIdExtension.isEmpty() ? o.subjectCn : o.deviceIdExtension;
        const bool lf = o.longFormLengths;
        addRawExtension(cert, "1.2.840.113556.1.5.284.2",
                        octetString(microsoftGuidBytes(deviceId), lf), false);
        addRawExtension(
            cert, "1.2.840.113556.1.5.284.3",
            octetString(microsoftGuidBytes(QStringLiteral("11111111-2222-3333-4444-555555555555")),
                        lf),
            false);
        addRawExtension(
            cert, "1.2.840.113556.1.5.284.5",
            octetString(microsoftGuidBytes(QStringLiteral("72b988bf-86f1-41af-91ab-2d7cd011db47")),
                        lf),
            false);
        addRawExtension(cert, "1.2.840.113556.1.5.284.7", octetString("1", lf), false);
        addRawExtension(cert, "1.2.840.113556.1.5.284.8", octetString("EU", lf), false);
    }
    for (const auto &[oid, value] : o.extraExtensions)
        addRawExtension(cert, oid, value, false);
    X509_sign(cert, o.selfSigned ? subjectKey : caKey, o.sha1 ? EVP_sha1() : EVP_sha256());

    unsigned char *der = nullptr;
    int size = i2d_X509(cert, &der);
    minted.der = QByteArray(reinterpret_cast<const char *>(der), size);
    OPENSSL_free(der);
    unsigned char *spki = nullptr;
    size = i2d_PUBKEY(subjectKey, &spki);
    minted.spki = QByteArray(reinterpret_cast<const char *>(spki), size);
    OPENSSL_free(spki);

    X509_NAME_free(issuer);
    X509_NAME_free(subject);
    X509_free(cert);
    EVP_PKEY_free(subjectKey);
    EVP_PKEY_free(caKey);
    return minted;
}

QByteArray toPem(const QByteArray &der)
{
    QByteArray pem("-----BEGIN CERTIFICATE-----\n");
    const QByteArray base64 = der.toBase64();
    for (qsizetype i = 0; i < base64.size(); i += 64)
        pem.append(base64.mid(i, 64)).append('\n');
    return pem.append("-----END CERTIFICATE-----\n");
}

QByteArray keyToPem(const QByteArray &pkcs8, const QByteArray &password)
{
    EVP_PKEY *key = keyFromPkcs8(pkcs8);
    BIO *bio = BIO_new(BIO_s_mem());
    if (password.isEmpty())
        PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    else
        PEM_write_bio_PKCS8PrivateKey(bio, key, EVP_aes_256_cbc(), password.constData(),
                                      int(password.size()), nullptr, nullptr);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    const QByteArray pem(data, size);
    BIO_free(bio);
    EVP_PKEY_free(key);
    return pem;
}

QByteArray toPfx(const QByteArray &der, const QByteArray &keyPkcs8, const QByteArray &password)
{
    const auto *cursor = reinterpret_cast<const unsigned char *>(der.constData());
    X509 *cert = d2i_X509(nullptr, &cursor, der.size());
    EVP_PKEY *key = keyPkcs8.isEmpty() ? nullptr : keyFromPkcs8(keyPkcs8);
    PKCS12 *p12 = PKCS12_create(password.isEmpty() ? nullptr : password.constData(), "device", key,
                                cert, nullptr, 0, 0, 0, 0, 0);
    unsigned char *out = nullptr;
    const int size = i2d_PKCS12(p12, &out);
    const QByteArray bytes(reinterpret_cast<const char *>(out), size);
    OPENSSL_free(out);
    PKCS12_free(p12);
    EVP_PKEY_free(key);
    X509_free(cert);
    return bytes;
}

} // namespace TestCertificates
