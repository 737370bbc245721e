#include "keystore.h"

#include "tpmerror.h"

#include <QCryptographicHash>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

QString tpmKeyProviderName()
{
    return u"Entra Doctor Platform Crypto Provider"_s;
}

QString softwareKeyProviderName()
{
    return u"Entra Doctor Software Key Storage Provider"_s;
}

Result<QByteArray> KeyStore::signSha256(const QString &keyId, const QByteArray &data,
                                        const QString &pin)
{
    return signDigestSha256(keyId, QCryptographicHash::hash(data, QCryptographicHash::Sha256), pin);
}

Result<RsaPublicKey> KeyStore::publicKey(const QString &keyId) const
{
    const Result<KeyInfo> info = keyInfo(keyId);
    if (!info)
        return info.error();
    return RsaPublicKey::fromDer(info->publicKeyDer);
}

QString KeyStore::normalizeKeyId(const QString &keyId)
{
    const QUuid uuid = QUuid::fromString(keyId.trimmed());
    if (uuid.isNull())
        return {};
    return uuid.toString(QUuid::WithoutBraces);
}

QString KeyStore::newKeyId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace Entra
