#pragma once

#include "certificatefile.h"
#include "diagnostics/finding.h"

#include <QJsonObject>

namespace Entra {

// One line of a certificate's description: the CLI prints them, the GUI's tree shows them.
struct CertificateFieldRow
{
    QString group; // "Certificate", "Device registration", "Extensions"
    QString name; // "Subject", "Device ID", "Basic Constraints (2.5.29.19, critical)"
    QString value;
    QString note; // how a value was encoded or derived; may be empty
};

// Every field and extension of `cert`, grouped, in a stable order. Extensions that cannot be
// decoded are listed with the reason rather than dropped.
QList<CertificateFieldRow> describeCertificate(const DeviceCertificate &cert);

// "sha256WithRSAEncryption" for 1.2.840.113549.1.1.11; the OID itself when OpenSSL has no name.
QString algorithmName(const QString &oid);

// `entra-doctor cert --json`: the contract's names (Subject, Issuer, Thumbprint, SerialNumber,
// NotBefore, NotAfter, KeyType, KeySize, DeviceId, TenantId, AltSecId) plus the extensions and
// the checks.
QJsonObject certificateJson(const CertificateFile &file, const QList<Finding> &checks);

} // namespace Entra
