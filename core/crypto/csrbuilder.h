#pragma once

#include "common/result.h"

#include <QByteArray>
#include <functional>

namespace Entra {

// The PKCS#10 request a join sends (PROTOCOL.md §3.1): RSA-2048, sha256WithRSAEncryption, subject
// CN=7E980AD9-B86D-4306-9425-9AC066FB014A (DRS replaces it with the device id). Signing goes
// through a callback, so the key can live in the TPM.
class CsrBuilder
{
public:
    using SignDigest = std::function<Result<QByteArray>(const QByteArray &sha256Digest)>;

    static QByteArray registrationSubjectCn();
    static Result<QByteArray> build(const QByteArray &subjectPublicKeyInfo,
                                    const SignDigest &signDigest);
};

} // namespace Entra
