#pragma once

#include "expected.h"
#include "openssl.h"

#include <QJsonObject>

// Compact JWS (RFC 7515) with RS256, as fakecloud issues and checks access tokens.
namespace FakeCloud::Jwt {

struct Token
{
    QJsonObject header;
    QJsonObject claims;
    QByteArray signingInput; // "<header>.<payload>" as received
    QByteArray signature;
};

// header = {"typ":"JWT","alg":"RS256","kid":kid,"x5t":kid}
Expected<QByteArray> signRs256(const Ssl::Key &key, const QString &keyId,
                               const QJsonObject &claims);
// Three base64url segments whose first two are JSON objects; the signature is not checked.
Expected<Token> parse(const QByteArray &compact);
// alg must be RS256 and the signature valid under key.
bool verifyRs256(const Token &token, const Ssl::Key &key);

} // namespace FakeCloud::Jwt
