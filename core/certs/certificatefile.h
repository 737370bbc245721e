#pragma once

#include "common/result.h"
#include "crypto/devicecertificate.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace Entra {

// Error codes of CertificateFile (Error::code, domain Crypto), so a front end can ask for a
// password and try again.
enum CertificateFileError : qint64 {
    CertificateFileUnreadable = 1,
    CertificatePasswordRequired = 2,
    CertificateWrongPassword = 3,
    CertificateMalformed = 4,
};

// A certificate file as a person has it: PEM (one or more certificates, maybe a private key),
// DER, or PKCS#12 (.pfx/.p12, usually with the private key). The first certificate is the one
// shown and checked: for a PFX the one that belongs to the private key.
struct CertificateFile
{
    enum class Format { Pem, Der, Pkcs12 };

    Format format = Format::Der;
    QString path;
    QList<DeviceCertificate> certificates; // never empty
    // The private key found in the file (PKCS#8 DER). Kept in memory only for the key checks;
    // never printed or saved.
    QByteArray privateKeyDer;

    const DeviceCertificate &certificate() const { return certificates.constFirst(); }
    bool hasPrivateKey() const { return !privateKeyDer.isEmpty(); }

    static constexpr qint64 kMaxFileSize = 1024 * 1024; // certificates are a few KiB

    static Result<CertificateFile> fromData(const QByteArray &data, const QString &password = {});
    static Result<CertificateFile> load(const QString &path, const QString &password = {});
};

QString certificateFormatName(CertificateFile::Format format);

} // namespace Entra
