#include "csrbuilder.h"

#include "der.h"

#include <QCryptographicHash>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

const QByteArray kOidCommonName = QByteArray::fromHex("550403");
const QByteArray kOidSha256WithRsa = QByteArray::fromHex("2a864886f70d01010b");

} // namespace

QByteArray CsrBuilder::registrationSubjectCn()
{
    return QByteArrayLiteral("7E980AD9-B86D-4306-9425-9AC066FB014A");
}

Result<QByteArray> CsrBuilder::build(const QByteArray &subjectPublicKeyInfo,
                                     const SignDigest &signDigest)
{
    if (subjectPublicKeyInfo.isEmpty() || quint8(subjectPublicKeyInfo.front()) != 0x30)
        return Error{ErrorDomain::Crypto, 0, u"The public key for the certificate request is not "
                                             u"a DER SubjectPublicKeyInfo."_s,
                     {}, {}};
    using namespace Der;
    const QByteArray subject = sequence(set(sequence(
        QByteArray(objectIdentifier(kOidCommonName)).append(printableString(registrationSubjectCn())))));
    const QByteArray info = sequence(QByteArray(integer(0))
                                         .append(subject)
                                         .append(subjectPublicKeyInfo)
                                         .append(contextConstructed(0, {})));
    Result<QByteArray> signature =
        signDigest(QCryptographicHash::hash(info, QCryptographicHash::Sha256));
    if (!signature)
        return signature.error();
    const QByteArray algorithm =
        sequence(QByteArray(objectIdentifier(kOidSha256WithRsa)).append(null()));
    return sequence(QByteArray(info).append(algorithm).append(bitString(*signature)));
}

} // namespace Entra
