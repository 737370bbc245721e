#pragma once

#include "expected.h"
#include "openssl.h"

#include <QByteArray>
#include <QJsonObject>

// The PRT session key and what is derived from it (PROTOCOL.md §6.2-§6.4, MS-OAPXBC
// 3.1.5.1.3.3): the session_key_jwe sent to the transport key, the SP 800-108 KDF (v1 and v2),
// and the "dir" JWE that carries answers to session-key-signed requests.
namespace FakeCloud::SessionKey {

inline constexpr char KdfLabel[] = "AzureAD-SecureConversation";
inline constexpr int SessionKeySize = 32;

// HMAC-SHA256(sessionKey, 00 00 00 01 || label || 00 || context || 00 00 01 00).
QByteArray derive(const QByteArray &sessionKey, const QByteArray &context);
// KDF v2 context: SHA-256(ctx bytes || the exact payload bytes of the JWT).
QByteArray contextV2(const QByteArray &ctx, const QByteArray &payload);

// The HMAC key of a session-key-signed request from its header (ctx, optional kdf_ver 1|2) and
// payload bytes; the failure says what is wrong with the header. unsupportedKdf is set when
// kdf_ver names a version we do not know (AADSTS5000611).
Expected<QByteArray> requestKey(const QByteArray &sessionKey, const QJsonObject &header,
                                const QByteArray &payload, bool *unsupportedKdf = nullptr);

// session_key_jwe: header {"enc":"A256GCM","alg":"RSA-OAEP"}, the session key RSA-OAEP-SHA1
// encrypted to the transport key, a 12-byte IV, the 1-byte payload 0x20 sealed with AES-GCM
// under the session key with an EMPTY AAD (as the captured vector), the 16-byte tag.
Expected<QByteArray> transportJwe(const Ssl::Key &transportKey, const QByteArray &sessionKey);
// The payload part only, with a given IV (for checks against the captured vector).
Expected<QByteArray> sealedMarker(const QByteArray &sessionKey, const QByteArray &iv);

enum class ResponseCipher {
    Cbc, // what Entra sends: 16-byte IV, AES-256-CBC/PKCS#7, empty tag, despite "A256GCM"
    Gcm, // real A256GCM: 12-byte IV, AAD = the header segment, 16-byte tag
};

// The compact JWE answering a session-key-signed request: header
// {"alg":"dir","enc":"A256GCM","ctx":"<standard base64 of ctx>"}, empty encrypted-key segment,
// key = derive(sessionKey, ctx) (KDF v1 always).
Expected<QByteArray> encryptResponse(const QByteArray &sessionKey, const QByteArray &plain,
                                     ResponseCipher cipher);
// The same with a given ctx and IV (fresh random ones above).
Expected<QByteArray> encryptResponse(const QByteArray &sessionKey, const QByteArray &plain,
                                     ResponseCipher cipher, const QByteArray &ctx,
                                     const QByteArray &iv);

} // namespace FakeCloud::SessionKey
