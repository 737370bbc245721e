#include "devicecertificate.h"

#include "certificateextensions.h"

#include <QCryptographicHash>
#include <QUuid>

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

template<typename T, void (*Free)(T *)>
using OpenSslPtr = std::unique_ptr<T, decltype([](T *p) { Free(p); })>;
using X509Ptr = OpenSslPtr<X509, X509_free>;
using BioPtr = OpenSslPtr<BIO, BIO_free_all>;

constexpr auto kOidDeviceId = "1.2.840.113556.1.5.284.2";
constexpr auto kOidUserObjectId = "1.2.840.113556.1.5.284.3";
constexpr auto kOidTenantId = "1.2.840.113556.1.5.284.5";
constexpr auto kOidJoinType = "1.2.840.113556.1.5.284.7";
constexpr auto kOidTenantRegion = "1.2.840.113556.1.5.284.8";

Error notACertificate(const QString &detail)
{
    return Error{ErrorDomain::Crypto, 0,
                 u"This is not a readable X.509 certificate (%1)."_s.arg(detail),
                 u"Expected a certificate in PEM (-----BEGIN CERTIFICATE-----) or DER form."_s,
                 {}};
}

QString nameToString(const X509_NAME *name)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QString::fromUtf8(data, size);
}

QDateTime toDateTime(const ASN1_TIME *time)
{
    struct tm parts = {};
    if (ASN1_TIME_to_tm(time, &parts) != 1)
        return {};
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
                     QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
}

QByteArray extensionValue(X509 *cert, const char *oid)
{
    OpenSslPtr<ASN1_OBJECT, ASN1_OBJECT_free> object(OBJ_txt2obj(oid, 1));
    const int index = X509_get_ext_by_OBJ(cert, object.get(), -1);
    if (index < 0)
        return {};
    const ASN1_OCTET_STRING *data = X509_EXTENSION_get_data(X509_get_ext(cert, index));
    const Result<OctetStringPayload> payload = registrationExtensionPayload(QByteArray(
        reinterpret_cast<const char *>(ASN1_STRING_get0_data(data)), ASN1_STRING_length(data)));
    return payload ? payload->bytes : QByteArray();
}

} // namespace

QString guidFromMicrosoftBytes(const QByteArray &bytes)
{
    if (bytes.size() != 16)
        return {};
    QByteArray big = bytes;
    std::reverse(big.begin(), big.begin() + 4);
    std::reverse(big.begin() + 4, big.begin() + 6);
    std::reverse(big.begin() + 6, big.begin() + 8);
    return QUuid::fromRfc4122(big).toString(QUuid::WithoutBraces);
}

QByteArray microsoftBytesFromGuid(const QString &guid)
{
    const QUuid uuid = QUuid::fromString(guid);
    if (uuid.isNull())
        return {};
    QByteArray bytes = uuid.toRfc4122();
    std::reverse(bytes.begin(), bytes.begin() + 4);
    std::reverse(bytes.begin() + 4, bytes.begin() + 6);
    std::reverse(bytes.begin() + 6, bytes.begin() + 8);
    return bytes;
}

Result<DeviceCertificate> DeviceCertificate::fromDer(const QByteArray &der)
{
    const auto *cursor = reinterpret_cast<const unsigned char *>(der.constData());
    X509Ptr cert(d2i_X509(nullptr, &cursor, der.size()));
    if (!cert)
        return notACertificate(der.isEmpty() ? u"no data"_s : u"DER decoding failed"_s);
    if (cursor != reinterpret_cast<const unsigned char *>(der.constData()) + der.size())
        return notACertificate(u"trailing bytes after the certificate"_s);

    DeviceCertificate c;
    c.der = der;
    c.subject = nameToString(X509_get_subject_name(cert.get()));
    c.issuer = nameToString(X509_get_issuer_name(cert.get()));
    char cn[256] = {};
    if (X509_NAME_get_text_by_NID(X509_get_subject_name(cert.get()), NID_commonName, cn,
                                  sizeof cn) > 0)
        c.subjectCommonName = QString::fromUtf8(cn);
    if (const ASN1_INTEGER *serial = X509_get0_serialNumber(cert.get())) {
        c.serialNumber = QString::fromLatin1(
            QByteArray(reinterpret_cast<const char *>(ASN1_STRING_get0_data(serial)),
                       ASN1_STRING_length(serial))
                .toHex()
                .toUpper());
    }
    c.notBefore = toDateTime(X509_get0_notBefore(cert.get()));
    c.notAfter = toDateTime(X509_get0_notAfter(cert.get()));
    c.thumbprint = QString::fromLatin1(
        QCryptographicHash::hash(der, QCryptographicHash::Sha1).toHex().toUpper());
    char oid[80] = {};
    OBJ_obj2txt(oid, sizeof oid, X509_get0_tbs_sigalg(cert.get())->algorithm, 1);
    c.signatureAlgorithmOid = QString::fromLatin1(oid);

    const X509_PUBKEY *pubkey = X509_get_X509_PUBKEY(cert.get());
    unsigned char *spki = nullptr;
    const int spkiSize = i2d_X509_PUBKEY(pubkey, &spki);
    if (spkiSize > 0) {
        c.subjectPublicKeyInfo = QByteArray(reinterpret_cast<const char *>(spki), spkiSize);
        OPENSSL_free(spki);
    }
    const unsigned char *keyBytes = nullptr;
    int keyLength = 0;
    X509_PUBKEY_get0_param(nullptr, &keyBytes, &keyLength, nullptr, pubkey);
    c.rsaPublicKey = QByteArray(reinterpret_cast<const char *>(keyBytes), keyLength);
    if (EVP_PKEY *key = X509_get0_pubkey(cert.get())) {
        c.keyBits = EVP_PKEY_get_bits(key);
        c.keyType = EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA ? u"RSA"_s
            : EVP_PKEY_get_base_id(key) == EVP_PKEY_EC        ? u"EC"_s
                                                              : u"other"_s;
    }

    c.deviceId = guidFromMicrosoftBytes(extensionValue(cert.get(), kOidDeviceId));
    c.userObjectId = guidFromMicrosoftBytes(extensionValue(cert.get(), kOidUserObjectId));
    c.tenantId = guidFromMicrosoftBytes(extensionValue(cert.get(), kOidTenantId));
    const QByteArray joinType = extensionValue(cert.get(), kOidJoinType);
    if (joinType == "0" || joinType == "1")
        c.joinType = joinType.toInt();
    c.tenantRegion = QString::fromLatin1(extensionValue(cert.get(), kOidTenantRegion));
    return c;
}

Result<DeviceCertificate> DeviceCertificate::fromPem(const QByteArray &pem)
{
    BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert)
        return notACertificate(u"PEM decoding failed"_s);
    unsigned char *der = nullptr;
    const int size = i2d_X509(cert.get(), &der);
    const QByteArray bytes(reinterpret_cast<const char *>(der), size);
    OPENSSL_free(der);
    return fromDer(bytes);
}

Result<DeviceCertificate> DeviceCertificate::fromData(const QByteArray &pemOrDer)
{
    return pemOrDer.contains("-----BEGIN") ? fromPem(pemOrDer) : fromDer(pemOrDer);
}

bool DeviceCertificate::isIssuedByMsOrganizationAccess() const
{
    return issuer.contains(u"CN=MS-Organization-Access"_s);
}

QString DeviceCertificate::alternativeSecurityId() const
{
    const QByteArray hash = QCryptographicHash::hash(rsaPublicKey, QCryptographicHash::Sha256);
    return u"X509:<SHA1-TP-PUBKEY>"_s + thumbprint + u'+' + QString::fromLatin1(hash.toBase64());
}

QByteArray DeviceCertificate::toPem() const
{
    QByteArray pem("-----BEGIN CERTIFICATE-----\n");
    const QByteArray base64 = der.toBase64();
    for (qsizetype i = 0; i < base64.size(); i += 64)
        pem.append(base64.mid(i, 64)).append('\n');
    return pem.append("-----END CERTIFICATE-----\n");
}

} // namespace Entra
