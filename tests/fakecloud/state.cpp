#include "state.h"

#include "encoding.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud {

namespace {

QString timeText(const QDateTime &time)
{
    return time.isValid() ? Encoding::isoTime(time) : QString();
}

QJsonValue optionalTime(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(Encoding::isoTime(time)) : QJsonValue(QJsonValue::Null);
}

QDateTime readTime(const QJsonObject &json, const QString &key)
{
    return Encoding::parseIsoTime(json.value(key).toString());
}

QString statusName(DeviceCode::Status status)
{
    switch (status) {
    case DeviceCode::Status::Pending:
        return u"pending"_s;
    case DeviceCode::Status::Approved:
        return u"approved"_s;
    case DeviceCode::Status::Declined:
        return u"declined"_s;
    }
    return u"pending"_s;
}

DeviceCode::Status statusFromName(const QString &name)
{
    if (name == u"approved"_s)
        return DeviceCode::Status::Approved;
    if (name == u"declined"_s)
        return DeviceCode::Status::Declined;
    return DeviceCode::Status::Pending;
}

template<typename T> QJsonArray arrayOf(const QMap<QString, T> &map)
{
    QJsonArray array;
    for (const T &item : map)
        array.append(item.toJson());
    return array;
}

} // namespace

QJsonObject Tenant::toJson() const
{
    return { { u"id"_s, id },
             { u"domain"_s, domain },
             { u"displayName"_s, displayName },
             { u"region"_s, region } };
}

Tenant Tenant::fromJson(const QJsonObject &json)
{
    Tenant tenant;
    tenant.id = json.value(u"id"_s).toString();
    tenant.domain = json.value(u"domain"_s).toString();
    tenant.displayName = json.value(u"displayName"_s).toString();
    tenant.region = json.value(u"region"_s).toString(u"NA"_s);
    return tenant;
}

QJsonObject User::toJson() const
{
    return { { u"upn"_s, upn }, { u"objectId"_s, objectId }, { u"displayName"_s, displayName } };
}

User User::fromJson(const QJsonObject &json)
{
    return { json.value(u"upn"_s).toString(), json.value(u"objectId"_s).toString(),
             json.value(u"displayName"_s).toString() };
}

QString Device::trustType() const
{
    return joinType == 4 ? u"Workplace"_s : u"AzureAd"_s;
}

QJsonObject Device::toJson() const
{
    return {
        { u"deviceId"_s, deviceId },
        { u"objectId"_s, objectId },
        { u"displayName"_s, displayName },
        { u"deviceType"_s, deviceType },
        { u"osVersion"_s, osVersion },
        { u"targetDomain"_s, targetDomain },
        { u"joinType"_s, joinType },
        { u"trustType"_s, trustType() },
        { u"accountEnabled"_s, accountEnabled },
        { u"ownerUpn"_s, ownerUpn },
        { u"ownerObjectId"_s, ownerObjectId },
        { u"certificate"_s, QString::fromLatin1(certificateDer.toBase64()) },
        { u"thumbprint"_s, thumbprint },
        { u"altSecId"_s, altSecId },
        { u"transportKey"_s, QString::fromLatin1(transportKey.toBase64()) },
        { u"attributes"_s, attributes },
        { u"registered"_s, timeText(registered) },
        { u"lastSignIn"_s, optionalTime(lastSignIn) },
        { u"certificateExpired"_s, certificateExpired },
    };
}

Device Device::fromJson(const QJsonObject &json)
{
    Device device;
    device.deviceId = json.value(u"deviceId"_s).toString();
    device.objectId = json.value(u"objectId"_s).toString();
    device.displayName = json.value(u"displayName"_s).toString();
    device.deviceType = json.value(u"deviceType"_s).toString();
    device.osVersion = json.value(u"osVersion"_s).toString();
    device.targetDomain = json.value(u"targetDomain"_s).toString();
    device.joinType = json.value(u"joinType"_s).toInt();
    device.accountEnabled = json.value(u"accountEnabled"_s).toBool(true);
    device.ownerUpn = json.value(u"ownerUpn"_s).toString();
    device.ownerObjectId = json.value(u"ownerObjectId"_s).toString();
    device.certificateDer
        = QByteArray::fromBase64(json.value(u"certificate"_s).toString().toLatin1());
    device.thumbprint = json.value(u"thumbprint"_s).toString();
    device.altSecId = json.value(u"altSecId"_s).toString();
    device.transportKey
        = QByteArray::fromBase64(json.value(u"transportKey"_s).toString().toLatin1());
    device.attributes = json.value(u"attributes"_s).toObject();
    device.registered = readTime(json, u"registered"_s);
    device.lastSignIn = readTime(json, u"lastSignIn"_s);
    device.certificateExpired = json.value(u"certificateExpired"_s).toBool();
    return device;
}

QJsonObject DeviceCode::toJson() const
{
    return {
        { u"deviceCode"_s, deviceCode },
        { u"userCode"_s, userCode },
        { u"clientId"_s, clientId },
        { u"tenant"_s, tenant },
        { u"version"_s, version },
        { u"resource"_s, resource },
        { u"scope"_s, scope },
        { u"amrValues"_s, amrValues },
        { u"issued"_s, timeText(issued) },
        { u"expires"_s, timeText(expires) },
        { u"interval"_s, interval },
        { u"status"_s, statusName(status) },
        { u"upn"_s, upn },
        { u"mfa"_s, mfa },
        { u"lastPoll"_s, optionalTime(lastPoll) },
    };
}

DeviceCode DeviceCode::fromJson(const QJsonObject &json)
{
    DeviceCode code;
    code.deviceCode = json.value(u"deviceCode"_s).toString();
    code.userCode = json.value(u"userCode"_s).toString();
    code.clientId = json.value(u"clientId"_s).toString();
    code.tenant = json.value(u"tenant"_s).toString();
    code.version = json.value(u"version"_s).toInt(1);
    code.resource = json.value(u"resource"_s).toString();
    code.scope = json.value(u"scope"_s).toString();
    code.amrValues = json.value(u"amrValues"_s).toString();
    code.issued = readTime(json, u"issued"_s);
    code.expires = readTime(json, u"expires"_s);
    code.interval = json.value(u"interval"_s).toInt(5);
    code.status = statusFromName(json.value(u"status"_s).toString());
    code.upn = json.value(u"upn"_s).toString();
    code.mfa = json.value(u"mfa"_s).toBool();
    code.lastPoll = readTime(json, u"lastPoll"_s);
    return code;
}

QJsonObject RefreshToken::toJson() const
{
    return {
        { u"token"_s, token },
        { u"upn"_s, upn },
        { u"clientId"_s, clientId },
        { u"amr"_s, QJsonArray::fromStringList(amr) },
        { u"deviceId"_s, deviceId },
        { u"issued"_s, timeText(issued) },
        { u"expires"_s, timeText(expires) },
    };
}

RefreshToken RefreshToken::fromJson(const QJsonObject &json)
{
    RefreshToken token;
    token.token = json.value(u"token"_s).toString();
    token.upn = json.value(u"upn"_s).toString();
    token.clientId = json.value(u"clientId"_s).toString();
    for (const QJsonValue &value : json.value(u"amr"_s).toArray())
        token.amr.append(value.toString());
    token.deviceId = json.value(u"deviceId"_s).toString();
    token.issued = readTime(json, u"issued"_s);
    token.expires = readTime(json, u"expires"_s);
    return token;
}

QJsonObject Settings::toJson() const
{
    return {
        { u"requireMfaForJoin"_s, requireMfaForJoin },
        { u"joinStatus"_s, joinStatus },
        { u"deviceCodeLifetime"_s, deviceCodeLifetime },
        { u"deviceCodeInterval"_s, deviceCodeInterval },
        { u"slowDown"_s, slowDown },
        { u"accessTokenLifetime"_s, accessTokenLifetime },
        { u"refreshTokenLifetime"_s, refreshTokenLifetime },
        { u"autoApproveUpn"_s, autoApproveUpn },
        { u"autoApproveMfa"_s, autoApproveMfa },
        { u"discoveryServiceName"_s, discoveryServiceName },
        { u"certificateValidityDays"_s, certificateValidityDays },
    };
}

QString Settings::apply(const QJsonObject &json)
{
    Settings next = *this;
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue value = it.value();
        auto needBool = [&](bool &target) {
            if (!value.isBool())
                return false;
            target = value.toBool();
            return true;
        };
        auto needInt = [&](int &target, int minimum, int maximum) {
            if (!value.isDouble())
                return false;
            const double number = value.toDouble();
            if (number != double(qint64(number)) || number < minimum || number > maximum)
                return false;
            target = int(number);
            return true;
        };
        auto needString = [&](QString &target) {
            if (!value.isString())
                return false;
            target = value.toString();
            return true;
        };
        bool valid = false;
        if (key == u"requireMfaForJoin"_s)
            valid = needBool(next.requireMfaForJoin);
        else if (key == u"joinStatus"_s)
            valid = needInt(next.joinStatus, 200, 201);
        else if (key == u"deviceCodeLifetime"_s)
            valid = needInt(next.deviceCodeLifetime, 1, 86400);
        else if (key == u"deviceCodeInterval"_s)
            valid = needInt(next.deviceCodeInterval, 0, 3600);
        else if (key == u"slowDown"_s)
            valid = needBool(next.slowDown);
        else if (key == u"accessTokenLifetime"_s)
            valid = needInt(next.accessTokenLifetime, 1, 86400 * 365);
        else if (key == u"refreshTokenLifetime"_s)
            valid = needInt(next.refreshTokenLifetime, 1, 86400 * 365);
        else if (key == u"autoApproveUpn"_s)
            valid = needString(next.autoApproveUpn);
        else if (key == u"autoApproveMfa"_s)
            valid = needBool(next.autoApproveMfa);
        else if (key == u"discoveryServiceName"_s)
            valid = needString(next.discoveryServiceName)
                && (next.discoveryServiceName == u"DiscoveryService"_s
                    || next.discoveryServiceName == u"ServicesService"_s);
        else if (key == u"certificateValidityDays"_s)
            valid = needInt(next.certificateValidityDays, -3650, 36500);
        else
            return u"unknown setting \"%1\""_s.arg(key);
        if (!valid)
            return u"invalid value for setting \"%1\""_s.arg(key);
    }
    *this = next;
    return {};
}

QJsonObject CloudState::toJson() const
{
    return {
        { u"format"_s, 1 },
        { u"tenant"_s, tenant.toJson() },
        { u"users"_s, arrayOf(users) },
        { u"devices"_s, arrayOf(devices) },
        { u"deviceCodes"_s, arrayOf(deviceCodes) },
        { u"refreshTokens"_s, arrayOf(refreshTokens) },
        { u"settings"_s, settings.toJson() },
    };
}

Expected<CloudState> CloudState::fromJson(const QJsonObject &json)
{
    if (json.value(u"format"_s).toInt() != 1)
        return Failure { u"unknown state format (expected \"format\": 1)"_s };
    CloudState state;
    state.tenant = Tenant::fromJson(json.value(u"tenant"_s).toObject());
    if (Encoding::parseGuid(state.tenant.id).isNull() || state.tenant.domain.isEmpty())
        return Failure { u"the state has no valid tenant"_s };
    for (const QJsonValue &value : json.value(u"users"_s).toArray()) {
        const User user = User::fromJson(value.toObject());
        state.users.insert(user.upn.toLower(), user);
    }
    for (const QJsonValue &value : json.value(u"devices"_s).toArray()) {
        const Device device = Device::fromJson(value.toObject());
        state.devices.insert(device.deviceId, device);
    }
    for (const QJsonValue &value : json.value(u"deviceCodes"_s).toArray()) {
        const DeviceCode code = DeviceCode::fromJson(value.toObject());
        state.deviceCodes.insert(code.deviceCode, code);
    }
    for (const QJsonValue &value : json.value(u"refreshTokens"_s).toArray()) {
        const RefreshToken token = RefreshToken::fromJson(value.toObject());
        state.refreshTokens.insert(token.token, token);
    }
    const QString error = state.settings.apply(json.value(u"settings"_s).toObject());
    if (!error.isEmpty())
        return Failure { u"state settings: "_s + error };
    return state;
}

const User &CloudState::user(const QString &upn)
{
    const QString key = upn.toLower();
    auto it = users.find(key);
    if (it == users.end()) {
        User user;
        user.upn = upn;
        user.objectId = Encoding::newGuid();
        user.displayName = upn.section(u'@', 0, 0);
        it = users.insert(key, user);
    }
    return it.value();
}

const Device *CloudState::deviceByThumbprint(const QString &thumbprint) const
{
    for (const Device &device : devices) {
        if (device.thumbprint.compare(thumbprint, Qt::CaseInsensitive) == 0)
            return &device;
    }
    return nullptr;
}

DeviceCode *CloudState::deviceCodeByUserCode(const QString &userCode)
{
    for (DeviceCode &code : deviceCodes) {
        if (code.userCode.compare(userCode, Qt::CaseInsensitive) == 0)
            return &code;
    }
    return nullptr;
}

} // namespace FakeCloud
