#include "bcryptrsablob.h"

#include <QtEndian>

using namespace Qt::Literals::StringLiterals;

namespace Entra::BcryptRsaBlob {
namespace {

constexpr quint32 kMagicRsa1 = 0x31415352; // "RSA1"
constexpr qsizetype kHeaderSize = 24;

QByteArray stripLeadingZeros(QByteArray value)
{
    while (value.size() > 1 && value.front() == '\0')
        value.remove(0, 1);
    return value;
}

void appendLe32(QByteArray &out, quint32 value)
{
    char bytes[4];
    qToLittleEndian(value, bytes);
    out.append(bytes, 4);
}

Error malformed(const QString &what)
{
    return Error{ErrorDomain::Crypto, 0, u"The RSA public key blob is malformed: %1."_s.arg(what),
                 {}, {}};
}

} // namespace

QByteArray encode(const RsaPublicNumbers &numbers)
{
    const QByteArray modulus = stripLeadingZeros(numbers.modulus);
    const QByteArray exponent = stripLeadingZeros(numbers.exponent);
    QByteArray blob;
    blob.reserve(kHeaderSize + exponent.size() + modulus.size());
    appendLe32(blob, kMagicRsa1);
    appendLe32(blob, quint32(modulus.size() * 8 - qCountLeadingZeroBits(quint8(modulus.front()))));
    appendLe32(blob, quint32(exponent.size()));
    appendLe32(blob, quint32(modulus.size()));
    appendLe32(blob, 0); // cbPrime1: public blob, DRS rejects anything else
    appendLe32(blob, 0); // cbPrime2
    blob += exponent;
    blob += modulus;
    return blob;
}

Result<RsaPublicNumbers> decode(const QByteArray &blob)
{
    if (blob.size() < kHeaderSize)
        return malformed(u"%1 bytes is shorter than its header"_s.arg(blob.size()));
    const auto field = [&blob](int index) {
        return qFromLittleEndian<quint32>(blob.constData() + 4 * index);
    };
    if (field(0) != kMagicRsa1)
        return malformed(u"the magic is not RSA1"_s);
    const quint32 bits = field(1), exponentSize = field(2), modulusSize = field(3);
    if (field(4) != 0 || field(5) != 0)
        return malformed(u"it carries private key parts"_s);
    if (exponentSize == 0 || exponentSize > 8 || modulusSize == 0 || modulusSize > 1024
        || kHeaderSize + qsizetype(exponentSize) + qsizetype(modulusSize) != blob.size())
        return malformed(u"the declared lengths do not match its %1 bytes"_s.arg(blob.size()));
    const QByteArray exponent = blob.mid(kHeaderSize, exponentSize);
    const QByteArray modulus = blob.mid(kHeaderSize + exponentSize, modulusSize);
    // The modulus fills its bytes (no leading zero byte) and has exactly the declared bit
    // length; a zero exponent is no key. Anything else would not survive encode() unchanged.
    const quint32 actualBits = modulusSize * 8 - qCountLeadingZeroBits(quint8(modulus.front()));
    if (modulus.front() == '\0' || bits != actualBits)
        return malformed(u"the bit length %1 does not match its %2-byte modulus"_s.arg(bits).arg(
            modulusSize));
    if (exponent.count('\0') == exponent.size())
        return malformed(u"the exponent is zero"_s);
    return RsaPublicNumbers{modulus, exponent};
}

} // namespace Entra::BcryptRsaBlob
