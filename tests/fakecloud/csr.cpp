#include "csr.h"

#include <QtEndian>

#include <openssl/err.h>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud::Csr {

Expected<ValidatedRequest> validateRequest(const QByteArray &der)
{
    const auto *start = reinterpret_cast<const unsigned char *>(der.constData());
    const unsigned char *cursor = start;
    Ssl::X509ReqPtr request(d2i_X509_REQ(nullptr, &cursor, long(der.size())));
    if (!request) {
        ERR_clear_error();
        return Failure { u"CertificateRequest.Data is not a DER PKCS#10 request"_s };
    }
    if (cursor != start + der.size())
        return Failure { u"CertificateRequest.Data has bytes after the PKCS#10 request"_s };
    if (X509_REQ_get_version(request.get()) != X509_REQ_VERSION_1)
        return Failure { u"the PKCS#10 request must be version 1"_s };

    EVP_PKEY *key = X509_REQ_get_pubkey(request.get()); // adds a reference
    if (!key) {
        ERR_clear_error();
        return Failure { u"the PKCS#10 request has no usable public key"_s };
    }
    const Ssl::Key publicKey = Ssl::Key::adopt(key);
    if (!publicKey.isRsa())
        return Failure { u"the CSR key must be RSA"_s };
    if (publicKey.bits() != 2048)
        return Failure { u"the CSR key must be RSA-2048, not %1 bits"_s.arg(publicKey.bits()) };
    if (X509_REQ_get_signature_nid(request.get()) != NID_sha256WithRSAEncryption)
        return Failure { u"the CSR must be signed with sha256WithRSAEncryption"_s };
    if (X509_REQ_verify(request.get(), publicKey.get()) != 1) {
        ERR_clear_error();
        return Failure { u"the CSR signature does not verify with its own public key"_s };
    }

    const X509_NAME *subject = X509_REQ_get_subject_name(request.get());
    if (X509_NAME_entry_count(subject) != 1)
        return Failure { u"the CSR subject must be exactly CN=%1"_s.arg(
            QLatin1StringView(RequiredCommonName)) };
    const X509_NAME_ENTRY *entry = X509_NAME_get_entry(subject, 0);
    if (OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry)) != NID_commonName)
        return Failure { u"the CSR subject must be a common name (CN=%1)"_s.arg(
            QLatin1StringView(RequiredCommonName)) };
    QString commonName = Ssl::asn1Text(X509_NAME_ENTRY_get_data(entry));
    if (commonName.endsWith(QChar(u'\0')))
        commonName.chop(1);
    if (commonName.compare(QLatin1StringView(RequiredCommonName), Qt::CaseInsensitive) != 0)
        return Failure { u"the CSR subject is CN=%1; it must be CN=%2"_s.arg(
            commonName, QLatin1StringView(RequiredCommonName)) };
    return ValidatedRequest { publicKey };
}

Expected<RsaPublicBlob> parseRsaPublicBlob(const QByteArray &blob)
{
    constexpr int HeaderSize = 24;
    if (blob.size() < HeaderSize)
        return Failure {
            u"TransportKey is %1 bytes; a BCRYPT_RSAKEY_BLOB header alone has 24"_s.arg(blob.size())
        };
    const auto *bytes = reinterpret_cast<const uchar *>(blob.constData());
    if (blob.left(4) != QByteArrayLiteral("RSA1"))
        return Failure { u"TransportKey magic is %1, expected 52 53 41 31 (\"RSA1\", a public "
                         "key blob)"_s.arg(
                             QString::fromLatin1(blob.left(4).toHex(' ')).toUpper()) };
    const quint32 bitLength = qFromLittleEndian<quint32>(bytes + 4);
    const quint32 exponentLength = qFromLittleEndian<quint32>(bytes + 8);
    const quint32 modulusLength = qFromLittleEndian<quint32>(bytes + 12);
    const quint32 prime1Length = qFromLittleEndian<quint32>(bytes + 16);
    const quint32 prime2Length = qFromLittleEndian<quint32>(bytes + 20);
    if (bitLength != 2048 && bitLength != 3072 && bitLength != 4096)
        return Failure { u"TransportKey BitLength is %1 (little-endian ULONG at offset 4); "
                         "expected 2048"_s.arg(bitLength) };
    if (exponentLength < 1 || exponentLength > 8)
        return Failure { u"TransportKey cbPublicExp is %1; expected 3 for 65537"_s.arg(
            exponentLength) };
    if (modulusLength != bitLength / 8)
        return Failure { u"TransportKey cbModulus is %1; BitLength %2 needs %3"_s.arg(modulusLength)
                             .arg(bitLength)
                             .arg(bitLength / 8) };
    if (prime1Length != 0 || prime2Length != 0)
        return Failure { u"TransportKey cbPrime1/cbPrime2 are %1/%2; a public blob must have "
                         "0/0"_s.arg(prime1Length)
                             .arg(prime2Length) };
    const qsizetype expected = HeaderSize + qsizetype(exponentLength) + qsizetype(modulusLength);
    if (blob.size() != expected)
        return Failure {
            u"TransportKey is %1 bytes; the header announces %2"_s.arg(blob.size()).arg(expected)
        };
    RsaPublicBlob result;
    result.bitLength = int(bitLength);
    result.exponent = blob.mid(HeaderSize, exponentLength);
    result.modulus = blob.mid(HeaderSize + exponentLength, modulusLength);
    if (uchar(result.exponent.front()) == 0)
        return Failure { u"TransportKey exponent has a leading zero byte (must be minimal "
                         "big-endian)"_s };
    if ((uchar(result.exponent.back()) & 1) == 0
        || (exponentLength == 1 && uchar(result.exponent.front()) < 3))
        return Failure { u"TransportKey exponent %1 is not a valid RSA public exponent (is it "
                         "little-endian?)"_s.arg(QString::fromLatin1(result.exponent.toHex())) };
    if ((uchar(result.modulus.front()) & 0x80) == 0)
        return Failure { u"TransportKey modulus does not have %1 significant bits (leading "
                         "zero byte or little-endian?)"_s.arg(bitLength) };
    if ((uchar(result.modulus.back()) & 1) == 0)
        return Failure { u"TransportKey modulus is even (little-endian?)"_s };
    auto key = Ssl::Key::fromRsaComponents(result.modulus, result.exponent);
    if (!key)
        return Failure { u"TransportKey is not a usable RSA public key: "_s + key.error() };
    result.key = key.value();
    return result;
}

} // namespace FakeCloud::Csr
