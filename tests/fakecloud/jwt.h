#pragma once

#include "expected.h"
#include "openssl.h"

#include <QJsonObject>

// Compact JWS (RFC 7515): RS256 access tokens fakecloud issues and checks, the RS256 and HS256
// requests of the PRT flows, unsigned id_tokens.
namespace FakeCloud::Jwt {

struct Token
{
    QJsonObject header;
    QJsonObject claims;
    QByteArray signingInput; // "<header>.<payload>" as received
    QByteArray payload; // the decoded payload bytes (KDF v2 hashes exactly these)
    QByteArray signature;
};

// header = {"typ":"JWT","alg":"RS256","kid":kid,"x5t":kid}
Expected<QByteArray> signRs256(const Ssl::Key &key, const QString &keyId,
                               const QJsonObject &claims);
// header = {"typ":"JWT","alg":"none"}, empty signature (the PRT response's id_token).
QByteArray encodeUnsigned(const QJsonObject &claims);
// Three base64url segments whose first two are JSON objects; the signature is not checked.
Expected<Token> parse(const QByteArray &compact);
// alg must be RS256 and the signature valid under key.
bool verifyRs256(const Token &token, const Ssl::Key &key);
// alg must be HS256 and the signature HMAC-SHA256 under key.
bool verifyHs256(const Token &token, const QByteArray &key);

} // namespace FakeCloud::Jwt
