// JWTs as the program reads them without verifying (id_token, the access token's claims) and
// the base64url underneath every JOSE segment.
#include "fuzzsupport.h"

#include "cloud/drsclient.h"
#include "prt/jose.h"

using namespace Entra;

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    Fuzz::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);
    (void)Jose::unverifiedClaims(input);
    (void)DrsClient::jwtClaims(QString::fromUtf8(input));

    if (const std::optional<QByteArray> decoded = Jose::fromBase64Url(input)) {
        // What we write, we read back unchanged.
        const std::optional<QByteArray> again = Jose::fromBase64Url(Jose::base64Url(*decoded));
        if (!again || *again != *decoded)
            Fuzz::invariantFailed("base64url does not round-trip");
    }
    return 0;
}
