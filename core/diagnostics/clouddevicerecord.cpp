#include "clouddevicerecord.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

Error graphError(const QString &message)
{
    return Error { ErrorDomain::Parse,
                   0,
                   message,
                   u"Give the JSON Graph returns for GET /v1.0/devices?$filter=deviceId eq "
                   u"'<id>' (or one device object)."_s,
                   {} };
}

// Graph keeps the key as base64 of UTF-16LE text; some exports already hold the text.
QString decodeKey(const QString &key)
{
    if (key.startsWith(u"X509:"_s))
        return key;
    const QByteArray bytes = QByteArray::fromBase64(key.toLatin1());
    if (bytes.size() % 2 != 0)
        return QString::fromLatin1(bytes);
    return QString::fromUtf16(reinterpret_cast<const char16_t *>(bytes.constData()),
                              bytes.size() / 2);
}

} // namespace

Result<CloudDeviceRecord> CloudDeviceRecord::fromGraphJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (document.isNull())
        return graphError(u"The Graph device record is not valid JSON (%1 at offset %2)."_s
                              .arg(parseError.errorString())
                              .arg(parseError.offset));
    QJsonObject device = document.object();
    if (device.contains(u"value"_s)) {
        const QJsonArray list = device.value(u"value"_s).toArray();
        if (list.isEmpty())
            return graphError(u"Graph found no device object (the \"value\" list is empty): the "
                              u"device does not exist in Entra ID."_s);
        device = list.first().toObject();
    }
    if (!device.contains(u"deviceId"_s))
        return graphError(u"The JSON is not a Graph device object (it has no deviceId)."_s);

    CloudDeviceRecord record;
    record.deviceId = device.value(u"deviceId"_s).toString();
    record.displayName = device.value(u"displayName"_s).toString();
    record.accountEnabled = device.value(u"accountEnabled"_s).toBool(true);
    for (const QJsonValue &id : device.value(u"alternativeSecurityIds"_s).toArray())
        record.alternativeSecurityIds << decodeKey(id.toObject().value(u"key"_s).toString());
    record.approximateLastSignIn = QDateTime::fromString(
        device.value(u"approximateLastSignInDateTime"_s).toString(), Qt::ISODate);
    return record;
}

QString CloudDeviceRecord::thumbprintOf(const QString &alternativeSecurityId)
{
    static const QString prefix = u"X509:<SHA1-TP-PUBKEY>"_s;
    if (!alternativeSecurityId.startsWith(prefix))
        return {};
    // The '+' before the key hash is sometimes left out; the thumbprint is 40 hex digits.
    return alternativeSecurityId.mid(prefix.size(), 40).toUpper();
}

} // namespace Entra
