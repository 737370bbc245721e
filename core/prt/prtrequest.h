#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QJsonObject>

namespace Entra {

class KeyStore;

// The JWTs a device sends to get and use a PRT (PROTOCOL.md §5.2, §6.2, §6.4). Signing with a
// key store blocks on the TPM: build requests off the GUI thread.
namespace PrtRequest {

// The Windows client id of password and Hello-assertion grants; refresh_token grants must use
// the client the refresh token was issued to (the broker, DrsClient::kBrokerClientId).
inline constexpr QStringView kWindowsClientId = u"38aa3b87-a06d-4817-b275-7a316988d93b";
inline constexpr QStringView kScope = u"openid aza ugs";
inline constexpr QStringView kJwtBearer = u"urn:ietf:params:oauth:grant-type:jwt-bearer";

struct DeviceSigner
{
    KeyStore *keys = nullptr;
    QString deviceKeyId;
    QByteArray certificateDer;
};

// RS256, header x5c = [device certificate]: the outer request of every PRT acquisition.
Result<QByteArray> signWithDevice(const DeviceSigner &signer, const QJsonObject &payload);

QJsonObject refreshTokenGrant(const QString &nonce, const QString &brokerRefreshToken);
QJsonObject passwordGrant(const QString &nonce, const QString &username,
                          const QString &password);
QJsonObject ngcAssertionGrant(const QString &nonce, const QString &upn,
                              const QByteArray &assertion);

// The Hello assertion: RS256 by the NGC key (unlocked by the PIN), header kid =
// base64(SHA-256(RSA1 blob)) and use "ngc", no x5c; payload iss = upn and the nonce.
Result<QByteArray> ngcAssertion(KeyStore &keys, const QString &ngcKeyId, const QString &pin,
                                const QString &upn, const QString &nonce,
                                const QByteArray &ngcKeyBlob);

// Session-key-signed payloads (§6.4): renew the PRT, or get an access token with it.
QJsonObject renewal(const QString &nonce, const QString &prt);
QJsonObject accessTokenRequest(const QString &nonce, const QString &prt,
                               const QString &clientId, const QString &resource,
                               const QString &amrValues = {});

} // namespace PrtRequest
} // namespace Entra
