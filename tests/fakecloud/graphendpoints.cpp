#include "encoding.h"
#include "endpoints.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud {

namespace {

// Graph stores alternativeSecurityIds[].key as base64 of the UTF-16LE AltSecId string.
QString graphKey(const QString &altSecId)
{
    QByteArray utf16;
    for (const QChar c : altSecId) {
        utf16.append(char(c.unicode() & 0xff));
        utf16.append(char(c.unicode() >> 8));
    }
    return QString::fromLatin1(utf16.toBase64());
}

QJsonValue time(const QDateTime &value)
{
    return value.isValid() ? QJsonValue(Encoding::isoTime(value)) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject GraphEndpoints::deviceJson(const Device &device)
{
    return {
        { u"id"_s, device.objectId },
        { u"deviceId"_s, device.deviceId },
        { u"displayName"_s, device.displayName },
        { u"accountEnabled"_s, device.accountEnabled },
        { u"alternativeSecurityIds"_s,
          QJsonArray { QJsonObject { { u"type"_s, 2 },
                                     { u"identityProvider"_s, QJsonValue::Null },
                                     { u"key"_s, graphKey(device.altSecId) } } } },
        { u"approximateLastSignInDateTime"_s, time(device.lastSignIn) },
        { u"registrationDateTime"_s, time(device.registered) },
        { u"operatingSystem"_s, device.deviceType },
        { u"operatingSystemVersion"_s, device.osVersion },
        { u"trustType"_s, device.trustType() },
        { u"profileType"_s, u"RegisteredDevice"_s },
        { u"isCompliant"_s, QJsonValue::Null },
        { u"isManaged"_s, QJsonValue::Null },
    };
}

std::optional<HttpResponse> GraphEndpoints::route(const Call &call)
{
    const QStringList &s = call.segments;
    if (s.size() < 2 || !call.segmentIs(0, u"v1.0") || !call.segmentIs(1, u"devices"))
        return std::nullopt;
    if (call.request.method != "GET")
        return Errors::graph(405, u"Request_BadRequest"_s, u"fakecloud's Graph answers GET only."_s,
                             call.context);
    auto claims
        = m_cloud.tokens().verifyBearer(call.request.header("authorization"), &isGraphAudience,
                                        u"Microsoft Graph"_s, call.context.now);
    if (!claims)
        return Errors::graph(401, u"InvalidAuthenticationToken"_s, claims.error(), call.context);

    const CloudState &state = m_cloud.state();
    if (s.size() == 3) {
        for (const Device &device : state.devices) {
            if (device.objectId.compare(s.at(2), Qt::CaseInsensitive) == 0)
                return HttpResponse::json(200, deviceJson(device));
        }
        return Errors::graph(
            404, u"Request_ResourceNotFound"_s,
            u"Resource '%1' does not exist or one of its queried reference-property "
            "objects are not present."_s.arg(s.at(2)),
            call.context);
    }
    if (s.size() != 2)
        return std::nullopt;

    QString filter;
    for (const auto &item : call.request.query.queryItems(QUrl::FullyEncoded)) {
        if (QUrl::fromPercentEncoding(item.first.toLatin1()) == u"$filter"_s)
            filter = QUrl::fromPercentEncoding(item.second.toLatin1().replace('+', ' '));
    }
    QString field;
    QString wanted;
    if (!filter.isEmpty()) {
        static const QRegularExpression pattern(
            u"^\\s*(deviceId|displayName)\\s+eq\\s+'([^']*)'\\s*$"_s,
            QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch match = pattern.match(filter);
        if (!match.hasMatch())
            return Errors::graph(400, u"Request_UnsupportedQuery"_s,
                                 u"Unsupported query: fakecloud filters on deviceId eq '...' or "
                                 "displayName eq '...' only."_s,
                                 call.context);
        field = match.captured(1).toLower();
        wanted = match.captured(2);
    }
    QJsonArray value;
    for (const Device &device : state.devices) {
        const QString &candidate = field == u"deviceid"_s ? device.deviceId : device.displayName;
        if (field.isEmpty() || candidate.compare(wanted, Qt::CaseInsensitive) == 0)
            value.append(deviceJson(device));
    }
    return HttpResponse::json(
        200,
        QJsonObject {
            { u"@odata.context"_s, QString(call.baseUrl() + u"/v1.0/$metadata#devices"_s) },
            { u"value"_s, value } });
}

} // namespace FakeCloud
