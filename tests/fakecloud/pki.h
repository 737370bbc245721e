#pragma once

#include "expected.h"
#include "openssl.h"

#include <QDateTime>
#include <QUuid>

// The certificates fakecloud holds or mints: its TLS CA and server certificate, the
// "MS-Organization-Access" CA that issues device certificates (PROTOCOL.md §3.4) and the
// token-signing key published in the JWKS.
namespace FakeCloud::Pki {

// The fixed Azure DRS GUID in the device-certificate issuer (not the tenant id).
inline constexpr char OrgAccessOu[] = "82dbaca4-3e81-46ca-9c73-0950c1eaca97";
inline constexpr int DeviceCertificateValidityDays = 3650; // 10 years, as the MS-DVRJ example

// The custom extensions of a device certificate.
inline constexpr char OidDeviceId[] = "1.2.840.113556.1.5.284.2";
inline constexpr char OidUserObjectId[] = "1.2.840.113556.1.5.284.3";
inline constexpr char OidTenantId[] = "1.2.840.113556.1.5.284.5";
inline constexpr char OidJoinType[] = "1.2.840.113556.1.5.284.7";
inline constexpr char OidTenantRegion[] = "1.2.840.113556.1.5.284.8";

struct Authority
{
    Ssl::Key key;
    Ssl::Certificate certificate;
};

// Self-signed ECDSA P-256 test CA for TLS ("CN=fakecloud test CA").
Expected<Authority> createTlsCa(const QDateTime &now);
// A TLS server certificate issued by ca for 127.0.0.1, ::1 and localhost (IP and DNS SANs).
Expected<Authority> issueServerCertificate(const Authority &ca, const QDateTime &now);
// Self-signed RSA-2048 CA whose subject is the single multi-valued RDN
// DC=net + DC=windows + CN=MS-Organization-Access + OU=82dbaca4-....
Expected<Authority> createOrgAccessCa(const QDateTime &now);
// RSA-2048 token-signing key with a self-signed certificate (for the JWKS x5c).
Expected<Authority> createTokenSigner(const QDateTime &now);

struct DeviceCertificateFields
{
    QUuid deviceId;
    QUuid userObjectId;
    QUuid tenantId;
    bool joined = true; // 284.7: "1" joined (JoinType 0), "0" registered (JoinType 4)
    QString region = QStringLiteral("NA");
    QDateTime notBefore;
    QDateTime notAfter;
};

// A device certificate exactly as PROTOCOL.md §3.4 describes it.
Expected<Ssl::Certificate> issueDeviceCertificate(const Authority &orgCa,
                                                  const Ssl::Key &devicePublicKey,
                                                  const DeviceCertificateFields &fields);

// The extnValue of a custom extension: a DER OCTET STRING with the long-form length
// Windows uses (04 81 LL ...).
QByteArray longFormOctetString(const QByteArray &content);

// Whether certificate was issued and signed by orgCa and is inside its validity at now.
// Returns the reason it is not, or an empty string.
QString checkIssuedBy(const Authority &orgCa, const Ssl::Certificate &certificate,
                      const QDateTime &now);

} // namespace FakeCloud::Pki
