#include "certificateextensions.h"

#include "devicecertificate.h"

#include <memory>
#include <openssl/bio.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

constexpr QStringView kRegistrationArc = u"1.2.840.113556.1.5.284.";

Error badExtension(const QString &message)
{
    return Error { ErrorDomain::Crypto, 0, message, {}, {} };
}

QString hex(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toHex(' ').toUpper());
}

// OpenSSL's reading of a standard extension (X509V3_EXT_print), or empty when it has none.
QString opensslReading(X509_EXTENSION *extension)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (X509V3_EXT_print(bio.get(), extension, 0, 0) != 1)
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    // Multi-line readings (policies, AIA) become one line per item, separated by "; ".
    QStringList lines;
    for (const QString &line : QString::fromUtf8(data, size).split(u'\n')) {
        if (!line.trimmed().isEmpty())
            lines << line.trimmed();
    }
    return lines.join(u"; "_s);
}

QString joinTypeText(const QByteArray &payload)
{
    if (payload == "0")
        return u"0 (Entra registered)"_s;
    if (payload == "1")
        return u"1 (Entra joined)"_s;
    return u"unexpected value \"%1\" (expected \"0\" or \"1\")"_s.arg(QString::fromLatin1(payload));
}

CertificateExtension registrationExtension(const QString &oid, const QByteArray &raw)
{
    CertificateExtension ext;
    ext.oid = oid;
    ext.raw = raw;
    ext.registration = true;
    ext.name = registrationExtensionName(oid);
    if (ext.name.isEmpty())
        ext.name = u"Device registration extension (%1)"_s.arg(oid.mid(kRegistrationArc.size()));
    const Result<OctetStringPayload> payload = registrationExtensionPayload(raw);
    if (!payload) {
        ext.value = u"%1 Raw value: %2"_s.arg(payload.error().message, hex(raw));
        return ext;
    }
    ext.note = payload->longForm ? u"OCTET STRING with a long-form length (as Windows writes it)"_s
                                 : u"OCTET STRING with a minimal length"_s;
    const QString arc = oid.mid(kRegistrationArc.size());
    const bool guid = arc == u"1" || arc == u"2" || arc == u"3" || arc == u"4" || arc == u"5";
    if (guid) {
        const QString text = guidFromMicrosoftBytes(payload->bytes);
        ext.value = text.isEmpty()
            ? u"expected a 16-byte GUID, found %1 byte(s): %2"_s.arg(payload->bytes.size())
                  .arg(hex(payload->bytes))
            : text;
        if (!text.isEmpty())
            ext.note += u"; GUID in Microsoft byte order (first three fields little-endian)"_s;
    } else if (arc == u"7") {
        ext.value = joinTypeText(payload->bytes);
    } else if (arc == u"8") {
        ext.value = QString::fromLatin1(payload->bytes);
    } else {
        ext.value = hex(payload->bytes);
    }
    return ext;
}

} // namespace

QString registrationExtensionName(QStringView oid)
{
    if (!oid.startsWith(kRegistrationArc))
        return {};
    const QStringView arc = oid.mid(kRegistrationArc.size());
    if (arc == u"1")
        return u"DC invocation ID (on-premises DRS)"_s;
    if (arc == u"2")
        return u"Device ID"_s;
    if (arc == u"3")
        return u"User object ID (who joined)"_s;
    if (arc == u"4")
        return u"Domain object GUID (on-premises DRS)"_s;
    if (arc == u"5")
        return u"Tenant ID"_s;
    if (arc == u"7")
        return u"Join type"_s;
    if (arc == u"8")
        return u"Tenant region"_s;
    return {};
}

Result<OctetStringPayload> registrationExtensionPayload(const QByteArray &value)
{
    if (value.size() < 2)
        return badExtension(u"The value is too short to be a DER OCTET STRING."_s);
    if (quint8(value.at(0)) != 0x04)
        return badExtension(u"The value is not a DER OCTET STRING (tag 0x%1)."_s.arg(
            uint(quint8(value.at(0))), 2, 16, QChar(u'0')));
    const quint8 first = quint8(value.at(1));
    OctetStringPayload payload;
    qsizetype offset = 2, length = first;
    if (first & 0x80) {
        const int count = first & 0x7f;
        if (count < 1 || count > 2)
            return badExtension(u"The OCTET STRING has an unsupported length encoding."_s);
        if (value.size() < 2 + count)
            return badExtension(u"The OCTET STRING's length is cut off."_s);
        length = 0;
        for (int i = 0; i < count; ++i)
            length = (length << 8) | quint8(value.at(2 + i));
        offset = 2 + count;
        payload.longForm = true;
    }
    if (offset + length > value.size())
        return badExtension(
            u"The OCTET STRING says %1 byte(s) but only %2 follow."_s.arg(length).arg(value.size()
                                                                                      - offset));
    if (offset + length < value.size())
        return badExtension(
            u"There are %1 byte(s) after the OCTET STRING."_s.arg(value.size() - offset - length));
    payload.bytes = value.mid(offset, length);
    return payload;
}

Result<QList<CertificateExtension>> decodeCertificateExtensions(const QByteArray &der)
{
    const auto *cursor = reinterpret_cast<const unsigned char *>(der.constData());
    std::unique_ptr<X509, decltype(&X509_free)> cert(d2i_X509(nullptr, &cursor, der.size()),
                                                     X509_free);
    if (!cert)
        return badExtension(u"The certificate could not be decoded."_s);

    QList<CertificateExtension> result;
    const int count = X509_get_ext_count(cert.get());
    for (int i = 0; i < count; ++i) {
        X509_EXTENSION *extension = X509_get_ext(cert.get(), i);
        const ASN1_OBJECT *object = X509_EXTENSION_get_object(extension);
        char oidText[128] = {};
        OBJ_obj2txt(oidText, sizeof oidText, object, 1);
        const QString oid = QString::fromLatin1(oidText);
        const ASN1_OCTET_STRING *data = X509_EXTENSION_get_data(extension);
        const QByteArray raw(reinterpret_cast<const char *>(ASN1_STRING_get0_data(data)),
                             ASN1_STRING_length(data));
        CertificateExtension ext;
        if (oid.startsWith(kRegistrationArc)) {
            ext = registrationExtension(oid, raw);
        } else {
            ext.oid = oid;
            ext.raw = raw;
            const int nid = OBJ_obj2nid(object);
            if (nid != NID_undef) // "X509v3 Basic Constraints" reads better without the prefix
                ext.name = QString::fromLatin1(OBJ_nid2ln(nid)).remove(u"X509v3 "_s);
            ext.value = opensslReading(extension);
            if (ext.value.isEmpty()) {
                ext.value = hex(raw);
                ext.note = u"not decoded: shown as the hex of the DER value"_s;
            }
        }
        ext.critical = X509_EXTENSION_get_critical(extension) == 1;
        result.append(ext);
    }
    return result;
}

} // namespace Entra
