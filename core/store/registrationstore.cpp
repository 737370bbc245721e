#include "registrationstore.h"

#include "tpm/securefile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

constexpr auto kRegistrationFile = "registration.json";
constexpr auto kJournalFile = "journal.json";
constexpr int kFormatVersion = 1;

Error corrupt(const QString &path, const QString &what)
{
    return Error{ErrorDomain::Store, 0, u"The registration store file %1 is damaged: %2."_s.arg(
                                            path, what),
                 u"Run `entra-doctor leave --local-only` to clear the local registration, then "
                 u"join again."_s,
                 {}};
}

Result<std::optional<QJsonObject>> readJson(const QString &path)
{
    if (!QFile::exists(path))
        return std::optional<QJsonObject>();
    Result<QByteArray> bytes = SecureFile::read(path);
    if (!bytes)
        return bytes.error();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return corrupt(path, u"not valid JSON"_s);
    const QJsonObject object = document.object();
    if (object.value(u"version"_s).toInt() > kFormatVersion)
        return Error{ErrorDomain::Store, 0,
                     u"%1 was written by a newer Entra Doctor."_s.arg(path),
                     u"Use the newer version, or clear the local registration."_s, {}};
    return std::optional<QJsonObject>(object);
}

} // namespace

RegistrationStore::RegistrationStore(QString stateDirectory)
    : m_dir(std::move(stateDirectory))
{
}

QString RegistrationStore::defaultStateDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + u"/entra-doctor"_s;
}

QString RegistrationStore::path(const QString &name) const
{
    return m_dir + u'/' + name;
}

Result<std::optional<DeviceRegistration>> RegistrationStore::load() const
{
    const QString file = path(QString::fromLatin1(kRegistrationFile));
    Result<std::optional<QJsonObject>> json = readJson(file);
    if (!json)
        return json.error();
    if (!json->has_value())
        return std::optional<DeviceRegistration>();
    const QJsonObject o = **json;
    DeviceRegistration r;
    r.deviceId = o.value(u"deviceId"_s).toString();
    r.tenantId = o.value(u"tenantId"_s).toString();
    r.targetDomain = o.value(u"targetDomain"_s).toString();
    r.userPrincipalName = o.value(u"userPrincipalName"_s).toString();
    r.joinType = o.value(u"joinType"_s).toInt();
    r.deviceKeyId = o.value(u"deviceKeyId"_s).toString();
    r.transportKeyId = o.value(u"transportKeyId"_s).toString();
    r.keyProvider = o.value(u"keyProvider"_s).toString();
    r.tpmProtected = o.value(u"tpmProtected"_s).toBool();
    r.certificateDer = QByteArray::fromBase64(o.value(u"certificate"_s).toString().toLatin1());
    r.registeredAt = QDateTime::fromString(o.value(u"registeredAt"_s).toString(), Qt::ISODate);
    r.joinEndpoint = QUrl(o.value(u"joinEndpoint"_s).toString());
    if (r.deviceId.isEmpty() || r.deviceKeyId.isEmpty() || r.certificateDer.isEmpty())
        return corrupt(file, u"the device id, key or certificate is missing"_s);
    return std::optional<DeviceRegistration>(r);
}

Status RegistrationStore::save(const DeviceRegistration &r)
{
    if (Status dir = SecureFile::ensurePrivateDirectory(m_dir); !dir)
        return dir;
    QJsonObject o{
        {u"version"_s, kFormatVersion},
        {u"deviceId"_s, r.deviceId},
        {u"tenantId"_s, r.tenantId},
        {u"targetDomain"_s, r.targetDomain},
        {u"userPrincipalName"_s, r.userPrincipalName},
        {u"joinType"_s, r.joinType},
        {u"deviceKeyId"_s, r.deviceKeyId},
        {u"transportKeyId"_s, r.transportKeyId},
        {u"keyProvider"_s, r.keyProvider},
        {u"tpmProtected"_s, r.tpmProtected},
        {u"certificate"_s, QString::fromLatin1(r.certificateDer.toBase64())},
        {u"registeredAt"_s, r.registeredAt.toUTC().toString(Qt::ISODate)},
        {u"joinEndpoint"_s, r.joinEndpoint.toString()},
    };
    // One file is the commit point: the registration exists once it has been renamed in place.
    return SecureFile::write(path(QString::fromLatin1(kRegistrationFile)),
                             QJsonDocument(o).toJson());
}

Status RegistrationStore::remove()
{
    const QString file = path(QString::fromLatin1(kRegistrationFile));
    if (QFile::exists(file) && !QFile::remove(file))
        return Error{ErrorDomain::Store, 0, u"Cannot remove %1."_s.arg(file),
                     u"Check the permissions of the state directory."_s, {}};
    return Success{};
}

Result<std::optional<OperationJournal>> RegistrationStore::journal() const
{
    Result<std::optional<QJsonObject>> json = readJson(path(QString::fromLatin1(kJournalFile)));
    if (!json)
        return json.error();
    if (!json->has_value())
        return std::optional<OperationJournal>();
    const QJsonObject o = **json;
    OperationJournal j;
    j.operation = o.value(u"operation"_s).toString();
    j.step = o.value(u"step"_s).toString();
    const QJsonArray keys = o.value(u"createdKeyIds"_s).toArray();
    for (const QJsonValue &key : keys)
        j.createdKeyIds << key.toString();
    j.deviceId = o.value(u"deviceId"_s).toString();
    j.startedAt = QDateTime::fromString(o.value(u"startedAt"_s).toString(), Qt::ISODate);
    const QJsonArray released = o.value(u"releasedKeyIds"_s).toArray();
    for (const QJsonValue &key : released)
        j.releasedKeyIds << key.toString();
    j.cloudObjectDeleted = o.value(u"cloudObjectDeleted"_s).toBool();
    j.helloUpn = o.value(u"helloUpn"_s).toString();
    return std::optional<OperationJournal>(j);
}

Status RegistrationStore::writeJournal(const OperationJournal &j)
{
    if (Status dir = SecureFile::ensurePrivateDirectory(m_dir); !dir)
        return dir;
    QJsonObject o{
        {u"version"_s, kFormatVersion},
        {u"operation"_s, j.operation},
        {u"step"_s, j.step},
        {u"createdKeyIds"_s, QJsonArray::fromStringList(j.createdKeyIds)},
        {u"deviceId"_s, j.deviceId},
        {u"startedAt"_s, j.startedAt.toUTC().toString(Qt::ISODate)},
        {u"releasedKeyIds"_s, QJsonArray::fromStringList(j.releasedKeyIds)},
        {u"cloudObjectDeleted"_s, j.cloudObjectDeleted},
    };
    if (!j.helloUpn.isEmpty())
        o.insert(u"helloUpn"_s, j.helloUpn);
    return SecureFile::write(path(QString::fromLatin1(kJournalFile)), QJsonDocument(o).toJson());
}

Status RegistrationStore::clearJournal()
{
    const QString file = path(QString::fromLatin1(kJournalFile));
    if (QFile::exists(file) && !QFile::remove(file))
        return Error{ErrorDomain::Store, 0, u"Cannot remove the journal %1."_s.arg(file),
                     u"Check the permissions of the state directory."_s, {}};
    return Success{};
}

} // namespace Entra
