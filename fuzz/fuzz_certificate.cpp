// Certificate files (PEM with chain and key, DER, PKCS#12) and everything decoded from them:
// the fields, every extension (the 284.x registration ones by our own DER reading), the report
// rows and DSRegTool's checks.
#include "fuzzsupport.h"

#include "certs/certificatefile.h"
#include "certs/certificatereport.h"
#include "certs/devicecertificatecheck.h"
#include "crypto/certificateextensions.h"
#include "crypto/devicecertificate.h"

#include <QDateTime>

using namespace Entra;
using namespace Qt::Literals::StringLiterals;

namespace {

void useCertificate(const DeviceCertificate &certificate)
{
    (void)describeCertificate(certificate);
    (void)certificate.alternativeSecurityId();
    (void)certificate.toPem();
    (void)decodeCertificateExtensions(certificate.der);
    DeviceCertificateCheckInput check;
    check.certificate = certificate;
    check.expected.deviceId = certificate.deviceId;
    check.now = QDateTime(QDate(2024, 6, 1), QTime(12, 0), Qt::UTC);
    (void)checkDeviceCertificate(check);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    Fuzz::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);

    // As a file: PEM, DER or PFX (a password that is wrong for most PFX files, so both the
    // "password required" and the "wrong password" paths run).
    if (Result<CertificateFile> file = CertificateFile::fromData(input, u"fuzz"_s)) {
        if (file->certificates.isEmpty())
            Fuzz::invariantFailed("CertificateFile without a certificate");
        for (const DeviceCertificate &certificate : std::as_const(file->certificates))
            useCertificate(certificate);
        (void)certificateJson(*file, {});
    }
    (void)CertificateFile::fromData(input);

    // Bare DER: the extension decoders on whatever OpenSSL accepts as a certificate.
    (void)decodeCertificateExtensions(input);

    // A 284.x extension value and the GUID bytes inside it, directly.
    if (Result<OctetStringPayload> payload = registrationExtensionPayload(input)) {
        const QString guid = guidFromMicrosoftBytes(payload->bytes);
        if (!guid.isEmpty() && guidFromMicrosoftBytes(microsoftBytesFromGuid(guid)) != guid)
            Fuzz::invariantFailed("GUID bytes do not round-trip");
    }
    return 0;
}
