// The BCRYPT_RSAKEY_BLOB "RSA1" public key blob (PROTOCOL.md §3.2).
#include "fuzzsupport.h"

#include "crypto/bcryptrsablob.h"

using namespace Entra;

namespace {

QByteArray stripped(QByteArray value)
{
    while (value.size() > 1 && value.front() == '\0')
        value.remove(0, 1);
    return value;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    Fuzz::initialize(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Result<RsaPublicNumbers> numbers = BcryptRsaBlob::decode(Fuzz::bytes(data, size));
    if (!numbers)
        return 0;
    if (numbers->modulus.isEmpty() || numbers->exponent.isEmpty())
        Fuzz::invariantFailed("decode accepted an empty modulus or exponent");
    // What we accept, we write again, and read back as the same numbers.
    const Result<RsaPublicNumbers> again = BcryptRsaBlob::decode(BcryptRsaBlob::encode(*numbers));
    if (!again)
        Fuzz::invariantFailed("encode(decode(blob)) does not decode");
    if (again->modulus != stripped(numbers->modulus)
        || again->exponent != stripped(numbers->exponent))
        Fuzz::invariantFailed("encode(decode(blob)) decodes to other numbers");
    return 0;
}
