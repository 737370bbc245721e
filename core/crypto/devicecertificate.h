#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace Entra {

// An X.509 certificate read the way a device-registration troubleshooter needs it: the usual
// fields plus the registration extensions DRS writes (PROTOCOL.md §3.4) and the AltSecId that
// binds it to the cloud device object (§3.5).
struct DeviceCertificate
{
    QByteArray der;
    QString subject;           // RFC 2253 ("CN=...")
    QString issuer;            // RFC 2253; multi-valued RDNs joined with '+'
    QString subjectCommonName;
    QString serialNumber;      // upper-case hex
    QDateTime notBefore;       // UTC
    QDateTime notAfter;        // UTC
    QString thumbprint;        // SHA-1 of the DER, upper-case hex, as Windows shows it
    QString signatureAlgorithmOid;
    QString keyType;           // "RSA", "EC", ...
    int keyBits = 0;
    QByteArray subjectPublicKeyInfo;
    QByteArray rsaPublicKey;   // the SPKI's BIT STRING payload (PKCS#1 RSAPublicKey)

    // Registration extensions (1.2.840.113556.1.5.284.x); empty when absent.
    QString deviceId;          // .2, lower-case GUID
    QString userObjectId;      // .3
    QString tenantId;          // .5
    std::optional<int> joinType; // .7: 0 registered, 1 joined
    QString tenantRegion;      // .8

    static Result<DeviceCertificate> fromDer(const QByteArray &der);
    static Result<DeviceCertificate> fromPem(const QByteArray &pem);
    static Result<DeviceCertificate> fromData(const QByteArray &pemOrDer);

    bool isIssuedByMsOrganizationAccess() const;
    // "X509:<SHA1-TP-PUBKEY>" thumbprint "+" base64(SHA-256(RSAPublicKey)).
    QString alternativeSecurityId() const;
    QByteArray toPem() const;
};

// Microsoft's mixed-endian GUID bytes (first three fields little-endian) to "xxxxxxxx-...".
QString guidFromMicrosoftBytes(const QByteArray &bytes);
QByteArray microsoftBytesFromGuid(const QString &guid);

} // namespace Entra
