#include "devicecertificatecheck.h"

#include "state/sections.h"
#include "tpm/keysigntest.h"
#include "tpm/keystore.h"
#include "tpm/rsapublickey.h"

#include <QRandomGenerator>
#include <QSet>
#include <QUuid>

#include <memory>
#include <openssl/evp.h>
#include <openssl/x509.h>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

constexpr auto kSha256WithRsa = u"1.2.840.113549.1.1.11";
constexpr auto kAzureDrsOu = u"82dbaca4-3e81-46ca-9c73-0950c1eaca97";
const QString kReference = u"DSREGCMD.md §7 (DSRegTool certificate check); PROTOCOL.md §3.4"_s;

Finding finding(const QString &id, const QString &title, CheckOutcome outcome, QStringList evidence,
                const QString &cause = {}, QStringList fix = {})
{
    return Finding { id, title, outcome, std::move(evidence), cause, std::move(fix), kReference };
}

// "DC=net+DC=windows+CN=MS-Organization-Access+OU=..." → RDNs of (type=value) attributes.
// Values of device certificates never contain escaped separators, so a plain split serves.
QList<QStringList> relativeNames(const QString &rfc2253)
{
    QList<QStringList> rdns;
    for (const QString &rdn : rfc2253.split(u',', Qt::SkipEmptyParts)) {
        QStringList avas;
        for (const QString &ava : rdn.split(u'+', Qt::SkipEmptyParts))
            avas << ava.trimmed();
        rdns << avas;
    }
    return rdns;
}

Finding checkIssuer(const DeviceCertificate &cert)
{
    const QList<QStringList> rdns = relativeNames(cert.issuer);
    const QSet<QString> expected { u"DC=net"_s, u"DC=windows"_s, u"CN=MS-Organization-Access"_s,
                                   u"OU="_s + kAzureDrsOu };
    QSet<QString> all;
    for (const QStringList &rdn : rdns)
        for (const QString &ava : rdn)
            all.insert(ava);
    const QStringList evidence { u"Issuer: "_s + cert.issuer };
    if (!all.contains(u"CN=MS-Organization-Access"_s))
        return finding(u"cert.issuer"_s, u"Not issued by MS-Organization-Access"_s,
                       CheckOutcome::Fail, evidence,
                       u"Device certificates are issued by the Device Registration Service as "
                       u"CN=MS-Organization-Access. This is some other certificate."_s,
                       { u"Pick the certificate whose issuer is MS-Organization-Access (Local "
                         u"Computer › Personal for joined devices, Current User › Personal for "
                         u"registered ones)."_s });
    if (rdns.size() == 1 && all == expected)
        return finding(u"cert.issuer"_s, u"Issued by MS-Organization-Access (Azure DRS)"_s,
                       CheckOutcome::Pass, evidence);
    return finding(u"cert.issuer"_s,
                   u"Issued by MS-Organization-Access, but not with Azure DRS's exact name"_s,
                   CheckOutcome::Warn, evidence,
                   u"DSRegTool expects the single name DC=net + DC=windows + "
                   u"CN=MS-Organization-Access + OU=82dbaca4-…; an on-premises DRS (AD FS) uses "
                   u"its own DC/OU, anything else is suspicious."_s,
                   { u"If the device is not registered with an on-premises DRS, re-register it to "
                     u"get a certificate from Entra ID."_s });
}

Finding checkSubject(const DeviceCertificate &cert, const ExpectedDeviceIdentity &expected)
{
    QStringList evidence { u"Subject: "_s + cert.subject };
    if (!cert.deviceId.isEmpty())
        evidence << u"Device ID extension (284.2): "_s + cert.deviceId;
    if (!expected.deviceId.isEmpty())
        evidence << u"DeviceId in %1: %2"_s.arg(expected.source, expected.deviceId);
    const QString cn = cert.subjectCommonName;
    if (QUuid::fromString(cn).isNull())
        return finding(u"cert.subject"_s, u"The subject is not CN=<device id>"_s,
                       CheckOutcome::Fail, evidence,
                       u"A device certificate's subject is the device id (a GUID)."_s,
                       { u"Pick the device certificate (subject CN is the DeviceId that dsregcmd "
                         u"shows)."_s });
    if (!cert.deviceId.isEmpty() && cert.deviceId.compare(cn, Qt::CaseInsensitive) != 0)
        return finding(u"cert.subject"_s, u"The subject CN and the Device ID extension disagree"_s,
                       CheckOutcome::Fail, evidence,
                       u"The registration service writes the same id into both; a mismatch means "
                       u"the certificate was not issued by DRS or was altered."_s,
                       { u"Re-register the device to get a genuine certificate."_s });
    if (!expected.deviceId.isEmpty() && expected.deviceId.compare(cn, Qt::CaseInsensitive) != 0)
        return finding(u"cert.subject"_s,
                       u"The certificate belongs to another device id than the status shows"_s,
                       CheckOutcome::Fail, evidence,
                       u"The certificate is from an earlier registration, or the status comes "
                       u"from another device."_s,
                       { u"Compare with the certificate whose thumbprint dsregcmd shows "
                         u"(Device Details › Thumbprint)."_s,
                         u"If the device was re-registered, delete the stale certificate."_s });
    return finding(u"cert.subject"_s,
                   expected.deviceId.isEmpty()
                       ? u"Subject is CN=<device id> (no status loaded to compare with)"_s
                       : u"Subject CN matches the DeviceId"_s,
                   CheckOutcome::Pass, evidence);
}

Finding checkThumbprint(const DeviceCertificate &cert, const ExpectedDeviceIdentity &expected)
{
    QStringList evidence { u"Thumbprint: "_s + cert.thumbprint };
    if (expected.thumbprint.isEmpty())
        return finding(u"cert.thumbprint"_s, u"Thumbprint not compared (the status shows none)"_s,
                       CheckOutcome::Skip, evidence);
    evidence << u"Thumbprint in %1: %2"_s.arg(expected.source, expected.thumbprint);
    if (expected.thumbprint.compare(cert.thumbprint, Qt::CaseInsensitive) == 0)
        return finding(u"cert.thumbprint"_s, u"This is the certificate the status names"_s,
                       CheckOutcome::Pass, evidence);
    return finding(u"cert.thumbprint"_s, u"This is not the certificate the status names"_s,
                   CheckOutcome::Fail, evidence,
                   u"dsregcmd's Thumbprint identifies the certificate in use. Another one with "
                   u"the same device id is usually left over from an earlier registration."_s,
                   { u"Open the certificate with thumbprint %1."_s.arg(expected.thumbprint) });
}

Finding checkValidity(const DeviceCertificate &cert, const QDateTime &now)
{
    const QStringList evidence { u"Valid from %1 to %2"_s.arg(
        cert.notBefore.toString(Qt::ISODate), cert.notAfter.toString(Qt::ISODate)) };
    if (!now.isValid())
        return finding(u"cert.validity"_s, u"Validity not judged (no time given)"_s,
                       CheckOutcome::Skip, evidence);
    if (now < cert.notBefore)
        return finding(u"cert.validity"_s, u"The certificate is not valid yet"_s,
                       CheckOutcome::Fail, evidence,
                       u"Its validity starts in the future: the device clock is wrong, or the "
                       u"certificate was issued by a server with a wrong clock."_s,
                       { u"Check the date, time and time zone of the device."_s });
    if (now > cert.notAfter)
        return finding(u"cert.validity"_s, u"The certificate has expired"_s, CheckOutcome::Fail,
                       evidence, u"An expired device certificate cannot authenticate the device."_s,
                       { u"Re-register the device (leave, then join again) to get a new "
                         u"certificate."_s });
    if (now.daysTo(cert.notAfter) < 30)
        return finding(
            u"cert.validity"_s, u"The certificate expires within 30 days"_s, CheckOutcome::Warn,
            evidence, {},
            { u"Plan a re-registration before %1."_s.arg(cert.notAfter.toString(Qt::ISODate)) });
    return finding(u"cert.validity"_s, u"The certificate is within its validity period"_s,
                   CheckOutcome::Pass, evidence);
}

Finding checkAlgorithms(const DeviceCertificate &cert)
{
    const QStringList evidence { u"Signature algorithm: "_s + cert.signatureAlgorithmOid,
                                 u"Key: %1 %2 bits"_s.arg(cert.keyType).arg(cert.keyBits) };
    if (cert.signatureAlgorithmOid != kSha256WithRsa)
        return finding(u"cert.algorithms"_s, u"Not signed with SHA-256 with RSA"_s,
                       CheckOutcome::Fail, evidence,
                       u"DRS signs device certificates with sha256RSA (1.2.840.113549.1.1.11)."_s,
                       { u"Pick the device certificate issued by MS-Organization-Access."_s });
    if (cert.keyType != u"RSA" || cert.keyBits < 2048)
        return finding(u"cert.algorithms"_s, u"The key is not RSA with at least 2048 bits"_s,
                       CheckOutcome::Fail, evidence, u"Device keys are RSA-2048."_s,
                       { u"Re-register the device."_s });
    return finding(u"cert.algorithms"_s, u"SHA-256 with RSA, RSA-2048 key"_s, CheckOutcome::Pass,
                   evidence);
}

QByteArray publicKeyOfPrivateKey(const QByteArray &pkcs8)
{
    const auto *cursor = reinterpret_cast<const unsigned char *>(pkcs8.constData());
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        d2i_AutoPrivateKey(nullptr, &cursor, long(pkcs8.size())), EVP_PKEY_free);
    if (!key)
        return {};
    unsigned char *der = nullptr;
    const int size = i2d_PUBKEY(key.get(), &der);
    if (size <= 0)
        return {};
    QByteArray spki(reinterpret_cast<const char *>(der), size);
    OPENSSL_free(der);
    return spki;
}

Result<QByteArray> signWithFileKey(const QByteArray &pkcs8, const QByteArray &data)
{
    const auto *cursor = reinterpret_cast<const unsigned char *>(pkcs8.constData());
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        d2i_AutoPrivateKey(nullptr, &cursor, long(pkcs8.size())), EVP_PKEY_free);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    size_t size = 0;
    if (!key || !ctx
        || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1
        || EVP_DigestSign(ctx.get(), nullptr, &size,
                          reinterpret_cast<const unsigned char *>(data.constData()),
                          size_t(data.size()))
            != 1)
        return Error { ErrorDomain::Crypto, 0, u"The file's private key cannot sign."_s, {}, {} };
    QByteArray signature(qsizetype(size), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &size,
                       reinterpret_cast<const unsigned char *>(data.constData()),
                       size_t(data.size()))
        != 1)
        return Error { ErrorDomain::Crypto, 0, u"The file's private key cannot sign."_s, {}, {} };
    signature.resize(qsizetype(size));
    return signature;
}

Finding checkPrivateKey(const DeviceCertificateCheckInput &input)
{
    const DeviceCertificate &cert = input.certificate;
    if (!input.filePrivateKeyDer.isEmpty()) {
        const QByteArray spki = publicKeyOfPrivateKey(input.filePrivateKeyDer);
        if (spki == cert.subjectPublicKeyInfo)
            return finding(u"cert.private-key"_s,
                           u"The file's private key belongs to the certificate"_s,
                           CheckOutcome::Pass, { u"Private key: in the file"_s });
        return finding(u"cert.private-key"_s,
                       u"The file's private key does not belong to the certificate"_s,
                       CheckOutcome::Fail, { u"Private key: in the file, other public key"_s },
                       u"The export paired the certificate with a different key."_s,
                       { u"Export the certificate again with its own private key."_s });
    }
    if (input.keyStore && !input.keyId.isEmpty()) {
        const QStringList evidence { u"Key: %1 in %2"_s.arg(input.keyId,
                                                            input.keyStore->providerName()) };
        const Result<KeyInfo> info = input.keyStore->keyInfo(input.keyId);
        if (!info)
            return finding(u"cert.private-key"_s, u"The device key is missing"_s,
                           CheckOutcome::Fail, evidence + QStringList { info.error().message },
                           u"The key container the registration refers to no longer exists "
                           u"(TPM cleared, key deleted)."_s,
                           { u"Re-register the device: leave, then join again."_s });
        if (info->publicKeyDer != cert.subjectPublicKeyInfo)
            return finding(u"cert.private-key"_s,
                           u"The device key does not match the certificate"_s, CheckOutcome::Fail,
                           evidence, u"The certificate was issued for another key."_s,
                           { u"Re-register the device: leave, then join again."_s });
        return finding(u"cert.private-key"_s, u"The device key matches the certificate"_s,
                       CheckOutcome::Pass, evidence);
    }
    return finding(u"cert.private-key"_s,
                   u"Private key not checked: the file has none and no key was given"_s,
                   CheckOutcome::Skip,
                   { u"Format: certificate only (.cer, .pem and .der exports never hold the "
                     u"key)"_s },
                   {}, { u"Open the PFX export, or give the key container id (CLI: --key-id)."_s });
}

Finding checkKeySign(const DeviceCertificateCheckInput &input)
{
    const DeviceCertificate &cert = input.certificate;
    if (!input.filePrivateKeyDer.isEmpty()) {
        QByteArray challenge(32, Qt::Uninitialized);
        QRandomGenerator::system()->generate(challenge.begin(), challenge.end());
        const Result<QByteArray> signature = signWithFileKey(input.filePrivateKeyDer, challenge);
        Status verified = signature ? Status(Success {}) : Status(signature.error());
        if (signature) {
            const Result<RsaPublicKey> key = RsaPublicKey::fromDer(cert.subjectPublicKeyInfo);
            verified = key ? key->verifySha256(challenge, *signature) : Status(key.error());
        }
        if (verified)
            return finding(u"cert.key-sign-test"_s, u"KeySignTest PASSED (the file's key)"_s,
                           CheckOutcome::Pass,
                           { u"Signed a random challenge and verified it with the certificate"_s });
        return finding(u"cert.key-sign-test"_s, u"KeySignTest FAILED (the file's key)"_s,
                       CheckOutcome::Fail, { verified.error().message }, {},
                       { u"Export the certificate again with its own private key."_s });
    }
    if (input.keyStore && !input.keyId.isEmpty()) {
        const KeySignTestResult result
            = KeySignTest::run(*input.keyStore, { input.keyId, cert.der, {}, {} });
        QStringList evidence { u"KeySignTest: %1 (%2)"_s.arg(result.statusText(),
                                                             result.provider) };
        if (result.passed)
            return finding(u"cert.key-sign-test"_s, u"KeySignTest PASSED"_s, CheckOutcome::Pass,
                           evidence);
        QStringList fix;
        if (result.error) {
            evidence << result.error->message;
            if (!result.error->fix.isEmpty())
                fix << result.error->fix;
        }
        fix << u"If the key is gone for good, re-register the device."_s;
        return finding(u"cert.key-sign-test"_s, u"KeySignTest FAILED"_s, CheckOutcome::Fail,
                       evidence,
                       u"The device key cannot sign, or signs with another key than the "
                       u"certificate's: TPM cleared, locked out or the key was replaced."_s,
                       fix);
    }
    return finding(u"cert.key-sign-test"_s, u"KeySignTest not run: no private key available"_s,
                   CheckOutcome::Skip, {}, {},
                   { u"Open the PFX export, or give the key container id (CLI: --key-id)."_s });
}

} // namespace

QString msOrganizationAccessIssuer()
{
    return u"DC=net + DC=windows + CN=MS-Organization-Access + OU=%1"_s.arg(kAzureDrsOu);
}

ExpectedDeviceIdentity ExpectedDeviceIdentity::fromSnapshot(const StatusSnapshot &snapshot)
{
    ExpectedDeviceIdentity identity;
    const auto details = readSection<DeviceDetails>(snapshot);
    if (details.deviceId || details.thumbprint) {
        identity.deviceId = details.deviceId.value_or(QString());
        identity.thumbprint = details.thumbprint.value_or(QString());
        identity.source = DeviceDetails::kTitle.toString();
        return identity;
    }
    const auto accounts = snapshot.sectionsStartingWith(WorkAccount::kTitle);
    if (!accounts.isEmpty()) {
        const auto account = readSection<WorkAccount>(accounts.constFirst());
        identity.deviceId = account.workplaceDeviceId.value_or(QString());
        identity.thumbprint = account.workplaceThumbprint.value_or(QString());
        identity.source = accounts.constFirst()->title;
    }
    return identity;
}

QList<Finding> checkDeviceCertificate(const DeviceCertificateCheckInput &input)
{
    const DeviceCertificate &cert = input.certificate;
    return {
        checkIssuer(cert),
        checkSubject(cert, input.expected),
        checkThumbprint(cert, input.expected),
        checkValidity(cert, input.now),
        checkAlgorithms(cert),
        checkPrivateKey(input),
        checkKeySign(input),
    };
}

} // namespace Entra
