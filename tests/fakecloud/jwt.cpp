#include "jwt.h"

#include "cipher.h"
#include "encoding.h"

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud::Jwt {

Expected<QByteArray> signRs256(const Ssl::Key &key, const QString &keyId, const QJsonObject &claims)
{
    const QJsonObject header {
        { u"typ"_s, u"JWT"_s }, { u"alg"_s, u"RS256"_s }, { u"kid"_s, keyId }, { u"x5t"_s, keyId }
    };
    const QByteArray signingInput
        = Encoding::base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + Encoding::base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    auto signature = Ssl::signSha256(key, signingInput);
    if (!signature)
        return Failure { signature.error() };
    return QByteArray(signingInput + '.' + Encoding::base64Url(signature.value()));
}

QByteArray encodeUnsigned(const QJsonObject &claims)
{
    QByteArray token = Encoding::base64Url(R"({"typ":"JWT","alg":"none"})");
    token.append('.');
    token.append(Encoding::base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)));
    token.append('.');
    return token;
}

Expected<Token> parse(const QByteArray &compact)
{
    const QList<QByteArray> parts = compact.trimmed().split('.');
    if (parts.size() != 3)
        return Failure { u"the token is not a compact JWS (three dot-separated parts)"_s };
    const auto header = Encoding::fromBase64Url(parts.at(0));
    const auto claims = Encoding::fromBase64Url(parts.at(1));
    const auto signature = Encoding::fromBase64Url(parts.at(2));
    if (!header || !claims || !signature)
        return Failure { u"the token has a part that is not base64url"_s };
    QJsonParseError error;
    const QJsonDocument headerJson = QJsonDocument::fromJson(*header, &error);
    if (error.error != QJsonParseError::NoError || !headerJson.isObject())
        return Failure { u"the token header is not a JSON object"_s };
    const QJsonDocument claimsJson = QJsonDocument::fromJson(*claims, &error);
    if (error.error != QJsonParseError::NoError || !claimsJson.isObject())
        return Failure { u"the token payload is not a JSON object"_s };
    return Token { headerJson.object(), claimsJson.object(), parts.at(0) + '.' + parts.at(1),
                   *claims, *signature };
}

bool verifyRs256(const Token &token, const Ssl::Key &key)
{
    return token.header.value(u"alg"_s).toString() == u"RS256"_s
        && Ssl::verifySha256(key, token.signingInput, token.signature);
}

bool verifyHs256(const Token &token, const QByteArray &key)
{
    return token.header.value(u"alg"_s).toString() == u"HS256"_s
        && Cipher::equalConstantTime(Cipher::hmacSha256(key, token.signingInput), token.signature);
}

} // namespace FakeCloud::Jwt
