#include "state.h"

#include "encoding.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QRandomGenerator>

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

QByteArray saltedHash(const QByteArray &salt, const QString &password)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(salt);
    hash.addData(password.toUtf8());
    return hash.result();
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

QJsonObject KeyCredential::toJson() const
{
    return {
        { u"kid"_s, kid },
        { u"keyIdentifier"_s, keyIdentifier },
        { u"usage"_s, u"NGC"_s },
        { u"keyMaterial"_s, QString::fromLatin1(keyMaterial.toBase64()) },
        { u"deviceId"_s, deviceId },
        // MS-KPP: Version 1, Flags 0x02 (as ROAD prints it from Graph)
        { u"customKeyInformation"_s, u"AQAAAAACAAAAAAAAAAAA"_s },
        { u"created"_s, timeText(created) },
    };
}

KeyCredential KeyCredential::fromJson(const QJsonObject &json)
{
    KeyCredential key;
    key.kid = json.value(u"kid"_s).toString();
    key.keyIdentifier = json.value(u"keyIdentifier"_s).toString();
    key.keyMaterial = QByteArray::fromBase64(json.value(u"keyMaterial"_s).toString().toLatin1());
    key.deviceId = json.value(u"deviceId"_s).toString();
    key.created = readTime(json, u"created"_s);
    return key;
}

void User::setPassword(const QString &password)
{
    passwordSalt.clear();
    passwordHash.clear();
    if (password.isEmpty())
        return;
    passwordSalt = QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    passwordHash = saltedHash(passwordSalt, password);
}

bool User::passwordMatches(const QString &password) const
{
    return !passwordHash.isEmpty() && saltedHash(passwordSalt, password) == passwordHash;
}

const KeyCredential *User::keyByIdentifier(const QString &keyIdentifier) const
{
    for (const KeyCredential &key : keyCredentials) {
        if (key.keyIdentifier == keyIdentifier)
            return &key;
    }
    return nullptr;
}

QJsonObject User::toJson() const
{
    QJsonArray keys;
    for (const KeyCredential &key : keyCredentials)
        keys.append(key.toJson());
    QJsonObject json { { u"upn"_s, upn },
                       { u"objectId"_s, objectId },
                       { u"displayName"_s, displayName },
                       { u"keyCredentials"_s, keys } };
    if (!passwordHash.isEmpty()) {
        json.insert(u"passwordSalt"_s, QString::fromLatin1(passwordSalt));
        json.insert(u"passwordSha256"_s, QString::fromLatin1(passwordHash.toBase64()));
    }
    return json;
}

User User::fromJson(const QJsonObject &json)
{
    User user;
    user.upn = json.value(u"upn"_s).toString();
    user.objectId = json.value(u"objectId"_s).toString();
    user.displayName = json.value(u"displayName"_s).toString();
    user.passwordSalt = json.value(u"passwordSalt"_s).toString().toLatin1();
    user.passwordHash
        = QByteArray::fromBase64(json.value(u"passwordSha256"_s).toString().toLatin1());
    for (const QJsonValue &value : json.value(u"keyCredentials"_s).toArray())
        user.keyCredentials.append(KeyCredential::fromJson(value.toObject()));
    return user;
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

QJsonObject PrimaryRefreshToken::toJson() const
{
    return {
        { u"token"_s, token },
        { u"upn"_s, upn },
        { u"deviceId"_s, deviceId },
        { u"clientId"_s, clientId },
        { u"amr"_s, QJsonArray::fromStringList(amr) },
        { u"sessionKey"_s, QString::fromLatin1(sessionKey.toBase64()) },
        { u"issued"_s, timeText(issued) },
        { u"expires"_s, timeText(expires) },
    };
}

PrimaryRefreshToken PrimaryRefreshToken::fromJson(const QJsonObject &json)
{
    PrimaryRefreshToken prt;
    prt.token = json.value(u"token"_s).toString();
    prt.upn = json.value(u"upn"_s).toString();
    prt.deviceId = json.value(u"deviceId"_s).toString();
    prt.clientId = json.value(u"clientId"_s).toString();
    for (const QJsonValue &value : json.value(u"amr"_s).toArray())
        prt.amr.append(value.toString());
    prt.sessionKey = QByteArray::fromBase64(json.value(u"sessionKey"_s).toString().toLatin1());
    prt.issued = readTime(json, u"issued"_s);
    prt.expires = readTime(json, u"expires"_s);
    return prt;
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
        { u"nonceLifetime"_s, nonceLifetime },
        { u"prtLifetime"_s, prtLifetime },
        { u"sessionResponseCipher"_s, sessionResponseCipher },
        { u"unknownNgcKeyError"_s, unknownNgcKeyError },
        { u"kppErrorWrapped"_s, kppErrorWrapped },
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
        else if (key == u"nonceLifetime"_s)
            valid = needInt(next.nonceLifetime, 1, 86400);
        else if (key == u"prtLifetime"_s)
            valid = needInt(next.prtLifetime, 1, 86400 * 365);
        else if (key == u"sessionResponseCipher"_s)
            valid = needString(next.sessionResponseCipher)
                && (next.sessionResponseCipher == u"cbc"_s
                    || next.sessionResponseCipher == u"gcm"_s);
        else if (key == u"unknownNgcKeyError"_s)
            valid = needInt(next.unknownNgcKeyError, 130004, 135010)
                && (next.unknownNgcKeyError == 130004 || next.unknownNgcKeyError == 135010);
        else if (key == u"kppErrorWrapped"_s)
            valid = needBool(next.kppErrorWrapped);
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
        { u"prts"_s, arrayOf(prts) },
        { u"nonces"_s, nonceArray() },
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
    for (const QJsonValue &value : json.value(u"prts"_s).toArray()) {
        const PrimaryRefreshToken prt = PrimaryRefreshToken::fromJson(value.toObject());
        state.prts.insert(prt.token, prt);
    }
    for (const QJsonValue &value : json.value(u"nonces"_s).toArray())
        state.nonces.insert(value[u"value"_s].toString(), readTime(value.toObject(), u"expires"_s));
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

User *CloudState::findUser(const QString &upn)
{
    auto it = users.find(upn.toLower());
    return it == users.end() ? nullptr : &it.value();
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

QJsonArray CloudState::nonceArray() const
{
    QJsonArray array;
    for (auto it = nonces.begin(); it != nonces.end(); ++it)
        array.append(
            QJsonObject { { u"value"_s, it.key() }, { u"expires"_s, timeText(it.value()) } });
    return array;
}

QString CloudState::issueNonce(const QDateTime &now)
{
    nonces.removeIf([&](const auto &item) { return item.value() <= now; });
    QByteArray random(32, '\0');
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()), 8);
    // Entra's nonces are opaque base64url text starting "AwABEgEA"; ours look alike.
    const QString nonce = u"AwABEgEAAAADAOz_"_s + QString::fromLatin1(Encoding::base64Url(random));
    nonces.insert(nonce, now.addSecs(settings.nonceLifetime));
    return nonce;
}

CloudState::NonceCheck CloudState::spendNonce(const QString &nonce, const QDateTime &now)
{
    const auto it = nonces.constFind(nonce);
    if (it == nonces.cend())
        return NonceCheck::Unknown;
    const bool expired = it.value() <= now;
    nonces.erase(it);
    return expired ? NonceCheck::Expired : NonceCheck::Valid;
}

} // namespace FakeCloud
