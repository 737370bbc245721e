#pragma once

#include "expected.h"
#include "openssl.h"

// Validation of the join request's key material (PROTOCOL.md §3.1, §3.2).
namespace FakeCloud::Csr {

// Subject CN every client puts in the CSR; the server replaces it with the device id.
inline constexpr char RequiredCommonName[] = "7E980AD9-B86D-4306-9425-9AC066FB014A";

struct ValidatedRequest
{
    Ssl::Key publicKey; // the device key
};

// A DER PKCS#10: version 1, self-signature valid, sha256WithRSAEncryption, RSA-2048, subject
// exactly CN=7E980AD9-... (one RDN; a trailing NUL as in the Windows sample is tolerated).
Expected<ValidatedRequest> validateRequest(const QByteArray &der);

struct RsaPublicBlob
{
    int bitLength = 0;
    QByteArray exponent; // big-endian
    QByteArray modulus; // big-endian
    Ssl::Key key;
};

// A BCRYPT_RSAKEY_BLOB with magic RSA1, checked byte by byte: little-endian header ULONGs,
// bit length 2048/3072/4096, cbModulus = bits/8, both prime lengths 0, exact total length,
// minimal big-endian exponent and modulus, odd values, a modulus of exactly bitLength bits.
Expected<RsaPublicBlob> parseRsaPublicBlob(const QByteArray &blob);

} // namespace FakeCloud::Csr
