#include "prtstore.h"

#include "tpm/securefile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

constexpr int kFormatVersion = 1;

QString time(const QDateTime &value)
{
    return value.toUTC().toString(Qt::ISODate);
}

QDateTime time(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODate);
}

Result<std::optional<QJsonObject>> readObject(const QString &file)
{
    if (!QFile::exists(file))
        return std::optional<QJsonObject>();
    Result<QByteArray> bytes = SecureFile::read(file);
    if (!bytes)
        return bytes.error();
    const QJsonDocument document = QJsonDocument::fromJson(*bytes);
    if (!document.isObject() || document.object().value(u"version"_s).toInt() > kFormatVersion)
        return Error{ErrorDomain::Store, 0, u"%1 is damaged or from a newer version."_s.arg(file),
                     u"Refresh the PRT (`entra-doctor prt acquire`) to replace it."_s, {}};
    return std::optional<QJsonObject>(document.object());
}

Status removeFile(const QString &file)
{
    if (QFile::exists(file) && !QFile::remove(file))
        return Error{ErrorDomain::Store, 0, u"Cannot remove %1."_s.arg(file),
                     u"Check the permissions of the state directory."_s, {}};
    return Success{};
}

} // namespace

PrtStore::PrtStore(QString stateDirectory)
    : m_dir(std::move(stateDirectory))
{
}

QString PrtStore::path(const char *name) const
{
    return m_dir + u'/' + QString::fromLatin1(name);
}

Result<std::optional<StoredPrt>> PrtStore::load() const
{
    Result<std::optional<QJsonObject>> json = readObject(path("prt.json"));
    if (!json)
        return json.error();
    if (!json->has_value())
        return std::optional<StoredPrt>();
    const QJsonObject o = **json;
    StoredPrt prt;
    prt.upn = o.value(u"upn"_s).toString();
    prt.tenantId = o.value(u"tenantId"_s).toString();
    prt.authority = o.value(u"authority"_s).toString();
    for (const QJsonValue &value : o.value(u"amr"_s).toArray())
        prt.amr << value.toString();
    prt.updatedAt = time(o.value(u"updatedAt"_s));
    prt.expiresAt = time(o.value(u"expiresAt"_s));
    prt.encryptedSessionKey =
        QByteArray::fromBase64(o.value(u"encryptedSessionKey"_s).toString().toLatin1());
    prt.sealedPrt = o.value(u"sealedPrt"_s).toString().toLatin1();
    if (prt.encryptedSessionKey.isEmpty() || prt.sealedPrt.isEmpty())
        return Error{ErrorDomain::Store, 0, u"The stored PRT is incomplete."_s,
                     u"Acquire a new PRT (`entra-doctor prt acquire`)."_s, {}};
    return std::optional<StoredPrt>(prt);
}

Status PrtStore::save(const StoredPrt &prt)
{
    const QJsonObject o{
        {u"version"_s, kFormatVersion},
        {u"upn"_s, prt.upn},
        {u"tenantId"_s, prt.tenantId},
        {u"authority"_s, prt.authority},
        {u"amr"_s, QJsonArray::fromStringList(prt.amr)},
        {u"updatedAt"_s, time(prt.updatedAt)},
        {u"expiresAt"_s, time(prt.expiresAt)},
        {u"encryptedSessionKey"_s, QString::fromLatin1(prt.encryptedSessionKey.toBase64())},
        {u"sealedPrt"_s, QString::fromLatin1(prt.sealedPrt)},
    };
    return SecureFile::write(path("prt.json"), QJsonDocument(o).toJson());
}

Status PrtStore::remove()
{
    if (Status removed = removeFile(path("prt.json")); !removed)
        return removed;
    return clearFailure();
}

Result<std::optional<PrtAttempt>> PrtStore::lastFailure() const
{
    Result<std::optional<QJsonObject>> json = readObject(path("prt-attempt.json"));
    if (!json)
        return json.error();
    if (!json->has_value())
        return std::optional<PrtAttempt>();
    const QJsonObject o = **json;
    PrtAttempt a;
    a.time = time(o.value(u"time"_s));
    a.attemptStatus = o.value(u"attemptStatus"_s).toString();
    a.userIdentity = o.value(u"userIdentity"_s).toString();
    a.credentialType = o.value(u"credentialType"_s).toString();
    a.endpointUri = o.value(u"endpointUri"_s).toString();
    a.httpStatus = o.value(u"httpStatus"_s).toString();
    a.serverErrorCode = o.value(u"serverErrorCode"_s).toString();
    a.serverErrorDescription = o.value(u"serverErrorDescription"_s).toString();
    a.correlationId = o.value(u"correlationId"_s).toString();
    return std::optional<PrtAttempt>(a);
}

Status PrtStore::saveFailure(const PrtAttempt &a)
{
    const QJsonObject o{
        {u"version"_s, kFormatVersion},
        {u"time"_s, time(a.time)},
        {u"attemptStatus"_s, a.attemptStatus},
        {u"userIdentity"_s, a.userIdentity},
        {u"credentialType"_s, a.credentialType},
        {u"endpointUri"_s, a.endpointUri},
        {u"httpStatus"_s, a.httpStatus},
        {u"serverErrorCode"_s, a.serverErrorCode},
        {u"serverErrorDescription"_s, a.serverErrorDescription},
        {u"correlationId"_s, a.correlationId},
    };
    return SecureFile::write(path("prt-attempt.json"), QJsonDocument(o).toJson());
}

Status PrtStore::clearFailure()
{
    return removeFile(path("prt-attempt.json"));
}

} // namespace Entra
