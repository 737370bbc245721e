#include "tpmkeyblob.h"

#include "tpmerror.h"
#include "tpmmarshal_p.h"

using namespace Qt::Literals::StringLiterals;

namespace Entra {

namespace {

Result<TPM2B_PUBLIC> publicOf(const QByteArray &publicArea)
{
    const std::optional<TPM2B_PUBLIC> pub = TpmMarshal::unmarshalPublic(publicArea);
    if (!pub) {
        return tpmLocalError(TpmCodeBadKeyFile, u"The stored TPM key is damaged."_s,
                             u"Delete the key and create it again."_s,
                             u"TPM2B_PUBLIC does not unmarshal"_s);
    }
    return *pub;
}

} // namespace

Result<RsaPublicNumbers> TpmKeyBlobs::rsaPublicNumbers(const QByteArray &publicArea)
{
    const Result<TPM2B_PUBLIC> pub = publicOf(publicArea);
    if (!pub)
        return pub.error();
    const TPMT_PUBLIC &area = pub->publicArea;
    if (area.type != TPM2_ALG_RSA) {
        return tpmLocalError(TpmCodeUnsupported, u"The stored TPM key is not an RSA key."_s, {},
                             u"type 0x%1"_s.arg(area.type, 4, 16, QLatin1Char('0')));
    }
    RsaPublicNumbers numbers;
    numbers.modulus
        = QByteArray(reinterpret_cast<const char *>(area.unique.rsa.buffer), area.unique.rsa.size);
    std::uint32_t exponent = area.parameters.rsaDetail.exponent;
    if (exponent == 0)
        exponent = 65537;
    QByteArray e;
    while (exponent) {
        e.prepend(char(exponent & 0xFF));
        exponent >>= 8;
    }
    numbers.exponent = e;
    return numbers;
}

Result<bool> TpmKeyBlobs::isDaProtected(const QByteArray &publicArea)
{
    const Result<TPM2B_PUBLIC> pub = publicOf(publicArea);
    if (!pub)
        return pub.error();
    return (pub->publicArea.objectAttributes & TPMA_OBJECT_NODA) == 0;
}

} // namespace Entra
