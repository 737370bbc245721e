#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

// Device certificates shaped like DRS's (PROTOCOL.md §3.4), minted with OpenSSL for tests, with
// knobs to break each property a check looks at.
namespace TestCertificates {

struct Options
{
    QByteArray subjectKeyPkcs8; // the subject's private key (PKCS#8 DER); empty: a new one
    QString subjectCn = QStringLiteral("9d53c6fa-b38e-4509-8fb1-51dedb421aac");
    QString deviceIdExtension; // 284.2; empty: the subject CN
    QString issuerCn = QStringLiteral("MS-Organization-Access");
    bool azureIssuer = true; // DC=net+DC=windows+CN=...+OU=82dbaca4-... as one RDN
    qint64 notBeforeOffset = -3600; // seconds from now
    qint64 notAfterOffset = 10LL * 365 * 24 * 3600;
    bool sha1 = false; // sign with sha1WithRSA instead of sha256WithRSA
    bool longFormLengths = true; // 04 81 10 ... as Windows writes them
    bool registrationExtensions = true;
    bool standardExtensions = true; // critical basicConstraints CA:FALSE and EKU clientAuth
    bool selfSigned = false; // issuer = subject, signed with the subject's key (TLS tests)
    QList<std::pair<QByteArray, QByteArray>> extraExtensions; // OID, raw extnValue
};

struct Minted
{
    QByteArray der;
    QByteArray keyPkcs8; // the subject's private key
    QByteArray spki; // its SubjectPublicKeyInfo
};

Minted mint(const Options &options = {});
QByteArray newRsaKeyPkcs8();
QByteArray toPem(const QByteArray &der);
// PEM of the key; encrypted with AES-256-CBC when a password is given.
QByteArray keyToPem(const QByteArray &pkcs8, const QByteArray &password = {});
// A PKCS#12 file as Windows exports it (certificate + key, AES or 3DES, MAC with the password).
QByteArray toPfx(const QByteArray &der, const QByteArray &keyPkcs8, const QByteArray &password);

} // namespace TestCertificates
