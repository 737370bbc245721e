#include "certificatereport.h"

#include "crypto/certificateextensions.h"

#include <QJsonArray>

#include <openssl/objects.h>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

QString algorithmName(const QString &oid)
{
    const int nid = OBJ_txt2nid(oid.toLatin1().constData());
    return nid == NID_undef ? oid : QString::fromLatin1(OBJ_nid2ln(nid));
}

static QString isoUtc(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QList<CertificateFieldRow> describeCertificate(const DeviceCertificate &cert)
{
    const QString general = u"Certificate"_s;
    QList<CertificateFieldRow> rows {
        { general, u"Subject"_s, cert.subject, {} },
        { general, u"Issuer"_s, cert.issuer, {} },
        { general, u"Serial number"_s, cert.serialNumber, {} },
        { general, u"Valid from"_s, isoUtc(cert.notBefore), {} },
        { general, u"Valid to"_s, isoUtc(cert.notAfter), {} },
        { general, u"Thumbprint"_s, cert.thumbprint, u"SHA-1 of the DER, as Windows shows it"_s },
        { general,
          u"Signature algorithm"_s,
          u"%1 (%2)"_s.arg(algorithmName(cert.signatureAlgorithmOid), cert.signatureAlgorithmOid),
          {} },
        { general, u"Public key"_s, u"%1 %2 bits"_s.arg(cert.keyType).arg(cert.keyBits), {} },
    };

    const QString registration = u"Device registration"_s;
    if (!cert.deviceId.isEmpty())
        rows.append({ registration, u"Device ID"_s, cert.deviceId, u"extension 284.2"_s });
    if (!cert.userObjectId.isEmpty())
        rows.append({ registration, u"User object ID"_s, cert.userObjectId, u"extension 284.3"_s });
    if (!cert.tenantId.isEmpty())
        rows.append({ registration, u"Tenant ID"_s, cert.tenantId, u"extension 284.5"_s });
    if (cert.joinType)
        rows.append({ registration, u"Join type"_s,
                      *cert.joinType == 1 ? u"Entra joined"_s : u"Entra registered"_s,
                      u"extension 284.7"_s });
    if (!cert.tenantRegion.isEmpty())
        rows.append({ registration, u"Tenant region"_s, cert.tenantRegion, u"extension 284.8"_s });
    if (cert.keyType == u"RSA")
        rows.append({ registration, u"AltSecId"_s, cert.alternativeSecurityId(),
                      u"X509:<SHA1-TP-PUBKEY> thumbprint + base64(SHA-256(RSAPublicKey)); the "
                      u"cloud device object must hold the same (PROTOCOL.md §3.5)"_s });

    const QString extensions = u"Extensions"_s;
    const Result<QList<CertificateExtension>> decoded = decodeCertificateExtensions(cert.der);
    if (!decoded) {
        rows.append({ extensions, u"(not readable)"_s, decoded.error().message, {} });
        return rows;
    }
    for (const CertificateExtension &ext : *decoded) {
        QString name = ext.name.isEmpty() ? u"Unknown extension"_s : ext.name;
        name += u" (%1%2)"_s.arg(ext.oid, ext.critical ? u", critical"_s : QString());
        rows.append({ extensions, name, ext.value, ext.note });
    }
    if (decoded->isEmpty())
        rows.append(
            { extensions, u"(none)"_s, u"The certificate has no extensions (X.509 v1)"_s, {} });
    return rows;
}

QJsonObject certificateJson(const CertificateFile &file, const QList<Finding> &checks)
{
    const DeviceCertificate &cert = file.certificate();
    QJsonObject json {
        { u"Format"_s, certificateFormatName(file.format) },
        { u"HasPrivateKey"_s, file.hasPrivateKey() },
        { u"Subject"_s, cert.subject },
        { u"Issuer"_s, cert.issuer },
        { u"Thumbprint"_s, cert.thumbprint },
        { u"SerialNumber"_s, cert.serialNumber },
        { u"NotBefore"_s, isoUtc(cert.notBefore) },
        { u"NotAfter"_s, isoUtc(cert.notAfter) },
        { u"SignatureAlgorithm"_s, algorithmName(cert.signatureAlgorithmOid) },
        { u"SignatureAlgorithmOid"_s, cert.signatureAlgorithmOid },
        { u"KeyType"_s, cert.keyType },
        { u"KeySize"_s, cert.keyBits },
    };
    if (!cert.deviceId.isEmpty())
        json.insert(u"DeviceId"_s, cert.deviceId);
    if (!cert.userObjectId.isEmpty())
        json.insert(u"UserObjectId"_s, cert.userObjectId);
    if (!cert.tenantId.isEmpty())
        json.insert(u"TenantId"_s, cert.tenantId);
    if (cert.joinType)
        json.insert(u"JoinType"_s, *cert.joinType);
    if (!cert.tenantRegion.isEmpty())
        json.insert(u"TenantRegion"_s, cert.tenantRegion);
    if (cert.keyType == u"RSA")
        json.insert(u"AltSecId"_s, cert.alternativeSecurityId());

    QJsonArray extensions;
    const Result<QList<CertificateExtension>> decoded = decodeCertificateExtensions(cert.der);
    if (decoded) {
        for (const CertificateExtension &ext : *decoded) {
            QJsonObject e { { u"Oid"_s, ext.oid },
                            { u"Name"_s, ext.name },
                            { u"Critical"_s, ext.critical },
                            { u"Value"_s, ext.value },
                            { u"Raw"_s, QString::fromLatin1(ext.raw.toHex().toUpper()) } };
            if (!ext.note.isEmpty())
                e.insert(u"Encoding"_s, ext.note);
            extensions.append(e);
        }
    }
    json.insert(u"Extensions"_s, extensions);
    QJsonArray checkArray;
    for (const Finding &check : checks)
        checkArray.append(check.toJson());
    json.insert(u"Checks"_s, checkArray);
    if (file.certificates.size() > 1) {
        QJsonArray others;
        for (qsizetype i = 1; i < file.certificates.size(); ++i)
            others.append(QJsonObject { { u"Subject"_s, file.certificates.at(i).subject },
                                        { u"Thumbprint"_s, file.certificates.at(i).thumbprint } });
        json.insert(u"OtherCertificates"_s, others);
    }
    return json;
}

} // namespace Entra
