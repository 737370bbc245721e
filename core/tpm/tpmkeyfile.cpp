#include "tpmkeyfile.h"

#include "securefile.h"
#include "tpmerror.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace Entra {

namespace {

constexpr auto Format = "entra-doctor-tpm-key/1"_L1;

Error damaged(const QString &why)
{
    return tpmLocalError(TpmCodeBadKeyFile, u"A stored TPM key file is damaged."_s,
                         u"Delete the key and create it again (re-register or set up the PIN "
                         u"again)."_s,
                         why);
}

} // namespace

QByteArray TpmKeyFile::encode(const TpmKeyRecord &record)
{
    const QJsonObject json {
        { u"Format"_s, QString(Format) },
        { u"KeyId"_s, record.keyId },
        { u"Parent"_s, u"owner/rsa2048-aes128cfb-srk"_s },
        { u"Public"_s, QString::fromLatin1(record.blob.publicArea.toBase64()) },
        { u"Private"_s, QString::fromLatin1(record.blob.privateArea.toBase64()) },
        { u"PinProtected"_s, record.pinProtected },
        { u"FromPool"_s, record.fromPool },
        { u"Created"_s, record.created.toUTC().toString(Qt::ISODate) },
    };
    return QJsonDocument(json).toJson(QJsonDocument::Indented);
}

Result<TpmKeyRecord> TpmKeyFile::decode(const QByteArray &bytes)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (!document.isObject())
        return damaged(u"not a JSON object: %1"_s.arg(parseError.errorString()));
    const QJsonObject json = document.object();
    if (json.value("Format"_L1).toString() != Format)
        return damaged(u"unknown format \"%1\""_s.arg(json.value("Format"_L1).toString()));
    TpmKeyRecord record;
    record.keyId = json.value("KeyId"_L1).toString();
    record.blob.publicArea = QByteArray::fromBase64(json.value("Public"_L1).toString().toLatin1());
    record.blob.privateArea
        = QByteArray::fromBase64(json.value("Private"_L1).toString().toLatin1());
    record.pinProtected = json.value("PinProtected"_L1).toBool();
    record.fromPool = json.value("FromPool"_L1).toBool();
    record.created = QDateTime::fromString(json.value("Created"_L1).toString(), Qt::ISODate);
    if (record.blob.isEmpty())
        return damaged(u"no key blobs"_s);
    return record;
}

Status TpmKeyFile::save(const QString &path, const TpmKeyRecord &record)
{
    return SecureFile::write(path, encode(record));
}

Result<TpmKeyRecord> TpmKeyFile::load(const QString &path)
{
    const Result<QByteArray> bytes = SecureFile::read(path);
    if (!bytes)
        return bytes.error();
    Result<TpmKeyRecord> record = decode(*bytes);
    if (!record) {
        Error error = record.error();
        error.detail = path + u": "_s + error.detail;
        return error;
    }
    return record;
}

} // namespace Entra
