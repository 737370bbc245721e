#pragma once

#include "expected.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

// What fakecloud knows: the tenant, its users and devices, outstanding device codes, refresh
// tokens and the behaviour switches. The JSON form is both the admin view (GET /_fakecloud/state)
// and the saved state.json (README.md "State format").
namespace FakeCloud {

struct Tenant
{
    QString id; // lower-case GUID
    QString domain; // e.g. contoso.onmicrosoft.com
    QString displayName;
    QString region = QStringLiteral("NA"); // certificate extension 284.8

    QJsonObject toJson() const;
    static Tenant fromJson(const QJsonObject &json);
};

// A Windows Hello (NGC) public key registered through MS-KPP (PROTOCOL.md §5.1), in the shape
// Graph shows a user's keyCredential.
struct KeyCredential
{
    QString kid; // the GUID POST /EnrollmentServer/key/ answered with
    QString keyIdentifier; // base64(SHA-256(blob)): the kid of assertions (§5.2)
    QByteArray keyMaterial; // the BCRYPT RSA1 blob as sent in kngc
    QString deviceId;
    QDateTime created;

    QJsonObject toJson() const;
    static KeyCredential fromJson(const QJsonObject &json);
};

struct User
{
    QString upn;
    QString objectId;
    QString displayName;
    QByteArray passwordSalt; // empty: no password set (the PRT password grant fails)
    QByteArray passwordHash; // SHA-256(salt || UTF-8 password)
    QList<KeyCredential> keyCredentials;

    void setPassword(const QString &password); // empty clears it
    bool passwordMatches(const QString &password) const;
    const KeyCredential *keyByIdentifier(const QString &keyIdentifier) const;
    QJsonObject toJson() const;
    static User fromJson(const QJsonObject &json);
};

struct Device
{
    QString deviceId; // the certificate CN
    QString objectId; // Graph "id"
    QString displayName;
    QString deviceType; // Graph operatingSystem
    QString osVersion; // Graph operatingSystemVersion
    QString targetDomain;
    int joinType = 0; // 0 join, 4 register
    bool accountEnabled = true;
    QString ownerUpn;
    QString ownerObjectId;
    QByteArray certificateDer;
    QString thumbprint; // upper-case hex SHA-1 of the DER
    QString altSecId; // X509:<SHA1-TP-PUBKEY><thumbprint>+<base64 SHA-256 RSAPublicKey>
    QByteArray transportKey; // the BCRYPT RSA1 blob as sent (for the PRT session key, issue 5)
    QJsonObject attributes; // keys as sent, values as strings
    QDateTime registered;
    QDateTime lastSignIn;
    bool certificateExpired = false; // set by the admin hook: TLS client auth with it fails

    QString trustType() const;
    QJsonObject toJson() const;
    static Device fromJson(const QJsonObject &json);
};

struct DeviceCode
{
    enum class Status { Pending, Approved, Declined };

    QString deviceCode;
    QString userCode;
    QString clientId;
    QString tenant; // path segment it was requested under
    int version = 1; // 1 = /oauth2/devicecode, 2 = /oauth2/v2.0/devicecode
    QString resource; // v1 resource
    QString scope; // v2 scope
    QString amrValues; // v1 amr_values (e.g. ngcmfa)
    QDateTime issued;
    QDateTime expires;
    int interval = 5;
    Status status = Status::Pending;
    QString upn;
    bool mfa = false;
    QDateTime lastPoll;

    QJsonObject toJson() const;
    static DeviceCode fromJson(const QJsonObject &json);
};

struct RefreshToken
{
    QString token; // opaque
    QString upn;
    QString clientId;
    QStringList amr;
    QString deviceId; // empty unless the grant involved a device (PRT flows, issue 5)
    QDateTime issued;
    QDateTime expires;

    QJsonObject toJson() const;
    static RefreshToken fromJson(const QJsonObject &json);
};

// A Primary Refresh Token (PROTOCOL.md §6): opaque to clients, bound to a device and to the
// session key that was sent to the device's transport key.
struct PrimaryRefreshToken
{
    QString token; // opaque
    QString upn;
    QString deviceId;
    QString clientId; // the client_id of the request that obtained it
    QStringList amr; // e.g. ["pwd","rsa"], ["rsa","ngcmfa","mfa"]
    QByteArray sessionKey; // 32 bytes; renewals keep it
    QDateTime issued;
    QDateTime expires;

    QJsonObject toJson() const;
    static PrimaryRefreshToken fromJson(const QJsonObject &json);
};

// Behaviour switches; all can be changed with POST /_fakecloud/config.
struct Settings
{
    bool requireMfaForJoin = false;
    int joinStatus = 200; // 200 or 201
    int deviceCodeLifetime = 900; // seconds
    int deviceCodeInterval = 5; // seconds
    bool slowDown = false; // polls sooner than interval answer slow_down
    int accessTokenLifetime = 3599; // seconds
    int refreshTokenLifetime = 90 * 24 * 3600;
    QString autoApproveUpn; // every new device code approved as this user
    bool autoApproveMfa = false;
    QString discoveryServiceName = QStringLiteral("DiscoveryService"); // or ServicesService
    int certificateValidityDays = 3650;
    int nonceLifetime = 600; // seconds a srv_challenge nonce stays usable (once)
    int prtLifetime = 14 * 24 * 3600; // seconds
    QString sessionResponseCipher = QStringLiteral("cbc"); // or "gcm" (PROTOCOL.md §6.4)
    int unknownNgcKeyError = 130004; // or 135010 (PROTOCOL.md §8.3 lists both)
    bool kppErrorWrapped = false; // KPP errors inside {"error":{...}} (§8.2, UNVERIFIED)

    QJsonObject toJson() const;
    // Applies the keys present in json; returns an error for unknown keys or wrong types.
    QString apply(const QJsonObject &json);
};

struct CloudState
{
    Tenant tenant;
    QMap<QString, User> users; // key: lower-case UPN
    QMap<QString, Device> devices; // key: device id
    QMap<QString, DeviceCode> deviceCodes; // key: device_code
    QMap<QString, RefreshToken> refreshTokens; // key: token
    QMap<QString, PrimaryRefreshToken> prts; // key: token
    QMap<QString, QDateTime> nonces; // srv_challenge nonces -> expiry
    Settings settings;

    QJsonObject toJson() const;
    static Expected<CloudState> fromJson(const QJsonObject &json);

    // The user with this UPN, created (with a new object id) on first use.
    const User &user(const QString &upn);
    User *findUser(const QString &upn);
    const Device *deviceByThumbprint(const QString &thumbprint) const;
    DeviceCode *deviceCodeByUserCode(const QString &userCode);

    // srv_challenge nonces: single use, valid for settings.nonceLifetime.
    enum class NonceCheck { Valid, Unknown, Expired };
    QString issueNonce(const QDateTime &now);
    // Forgets the nonce (whatever the answer): a nonce is spent by its first use.
    NonceCheck spendNonce(const QString &nonce, const QDateTime &now);

private:
    QJsonArray nonceArray() const;
};

} // namespace FakeCloud
