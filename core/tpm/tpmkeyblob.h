#pragma once

#include "common/result.h"

#include <QByteArray>

namespace Entra {

// A TPM key kept outside the TPM: the TPM2B_PUBLIC and TPM2B_PRIVATE of an object under our
// storage primary, each marshalled with tss2-mu. Loadable with TPM2_Load on demand, so no
// persistent handles or NV space are needed.
struct TpmKeyBlob
{
    QByteArray publicArea;
    QByteArray privateArea;

    bool isEmpty() const { return publicArea.isEmpty() || privateArea.isEmpty(); }
};

// Big-endian modulus and public exponent of an RSA key.
struct RsaPublicNumbers
{
    QByteArray modulus;
    QByteArray exponent;
};

class TpmKeyBlobs
{
public:
    // Modulus and exponent from the marshalled TPM2B_PUBLIC (exponent 0 means 65537).
    static Result<RsaPublicNumbers> rsaPublicNumbers(const QByteArray &publicArea);
    // True when the object's attributes have userWithAuth and not noDA, i.e. an authValue
    // (PIN) guards it under dictionary-attack protection.
    static Result<bool> isDaProtected(const QByteArray &publicArea);
};

} // namespace Entra
