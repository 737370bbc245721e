#include "ngcstore.h"

#include "tpm/securefile.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

NgcStore::NgcStore(QString stateDirectory)
    : m_file(stateDirectory + u"/ngc.json"_s)
{
}

Result<std::optional<NgcRegistration>> NgcStore::load() const
{
    if (!QFile::exists(m_file))
        return std::optional<NgcRegistration>();
    Result<QByteArray> bytes = SecureFile::read(m_file);
    if (!bytes)
        return bytes.error();
    const QJsonObject o = QJsonDocument::fromJson(*bytes).object();
    NgcRegistration r;
    r.keyId = o.value(u"keyId"_s).toString();
    r.upn = o.value(u"upn"_s).toString();
    r.deviceId = o.value(u"deviceId"_s).toString();
    r.serverKeyId = o.value(u"serverKeyId"_s).toString();
    r.keyIdentifier = o.value(u"keyIdentifier"_s).toString();
    r.publicKeyBlob = QByteArray::fromBase64(o.value(u"publicKeyBlob"_s).toString().toLatin1());
    r.tpmProtected = o.value(u"tpmProtected"_s).toBool();
    r.createdAt = QDateTime::fromString(o.value(u"createdAt"_s).toString(), Qt::ISODate);
    if (r.keyId.isEmpty() || r.publicKeyBlob.isEmpty())
        return Error{ErrorDomain::Store, 0, u"%1 is damaged."_s.arg(m_file),
                     u"Remove the PIN (`entra-doctor pin remove`) and set it up again."_s, {}};
    return std::optional<NgcRegistration>(r);
}

Status NgcStore::save(const NgcRegistration &r)
{
    const QJsonObject o{
        {u"version"_s, 1},
        {u"keyId"_s, r.keyId},
        {u"upn"_s, r.upn},
        {u"deviceId"_s, r.deviceId},
        {u"serverKeyId"_s, r.serverKeyId},
        {u"keyIdentifier"_s, r.keyIdentifier},
        {u"publicKeyBlob"_s, QString::fromLatin1(r.publicKeyBlob.toBase64())},
        {u"tpmProtected"_s, r.tpmProtected},
        {u"createdAt"_s, r.createdAt.toUTC().toString(Qt::ISODate)},
    };
    return SecureFile::write(m_file, QJsonDocument(o).toJson());
}

Status NgcStore::remove()
{
    if (QFile::exists(m_file) && !QFile::remove(m_file))
        return Error{ErrorDomain::Store, 0, u"Cannot remove %1."_s.arg(m_file), {}, {}};
    return Success{};
}

} // namespace Entra
