#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Entra {

// One X.509 v3 extension, decoded for people: standard ones by name with OpenSSL's reading,
// the device-registration ones (1.2.840.113556.1.5.284.x, PROTOCOL.md §3.4) by our own reading,
// anything else as OID + hex.
struct CertificateExtension
{
    QString oid; // dotted
    QString name; // "Basic Constraints", "Device ID", or empty when unknown
    bool critical = false;
    QString value; // readable; for unknown extensions the hex of the value
    QString note; // how it was encoded, when that matters ("long-form length, as Windows")
    QByteArray raw; // the extnValue bytes
    bool registration = false; // one of the 284.x extensions
};

// All extensions of a DER certificate in the order the certificate lists them.
Result<QList<CertificateExtension>> decodeCertificateExtensions(const QByteArray &der);

// The payload of a DER OCTET STRING inside a 284.x extension value. Windows writes the length
// in the non-minimal long form (04 81 10 ...); both forms are accepted. `longForm` says which
// was used. An error names what is wrong with the encoding.
struct OctetStringPayload
{
    QByteArray bytes;
    bool longForm = false;
};
Result<OctetStringPayload> registrationExtensionPayload(const QByteArray &extnValue);

// A readable name for a registration OID ("Device ID" for ...284.2), empty for other OIDs.
QString registrationExtensionName(QStringView oid);

} // namespace Entra
