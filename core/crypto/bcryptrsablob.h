#pragma once

#include "common/result.h"
#include "tpm/tpmkeyblob.h"

namespace Entra {

// BCRYPT_RSAKEY_BLOB "RSA1" (PROTOCOL.md §3.2): how DRS receives the transport key and Hello
// keys. Header ULONGs little-endian, exponent and modulus big-endian, no private parts.
namespace BcryptRsaBlob {

QByteArray encode(const RsaPublicNumbers &numbers);
Result<RsaPublicNumbers> decode(const QByteArray &blob);

} // namespace BcryptRsaBlob
} // namespace Entra
