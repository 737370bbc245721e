#include "jose.h"

#include <QJsonDocument>
#include <QList>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Jose {
namespace {

Error malformed(const QString &what)
{
    return Error{ErrorDomain::Parse, 0, u"The service's encrypted answer is malformed: %1."_s.arg(what),
                 u"Try again; if it repeats, the answer did not come from Entra ID (a proxy?)."_s,
                 {}};
}

} // namespace

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::optional<QByteArray> fromBase64Url(const QByteArray &text)
{
    QByteArray::FromBase64Result decoded = QByteArray::fromBase64Encoding(
        text, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return decoded.decoded;
}

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

Result<CompactJwe> CompactJwe::parse(const QByteArray &compact)
{
    const QList<QByteArray> parts = compact.trimmed().split('.');
    if (parts.size() != 5)
        return malformed(u"a JWE has 5 segments, this has %1"_s.arg(parts.size()));
    QList<QByteArray> decoded;
    for (const QByteArray &part : parts) {
        std::optional<QByteArray> bytes = fromBase64Url(part);
        if (!bytes)
            return malformed(u"a segment is not base64url"_s);
        decoded << *bytes;
    }
    QJsonParseError error;
    const QJsonDocument header = QJsonDocument::fromJson(decoded.at(0), &error);
    if (error.error != QJsonParseError::NoError || !header.isObject())
        return malformed(u"the header is not a JSON object"_s);
    return CompactJwe{parts.at(0), header.object(), decoded.at(1), decoded.at(2), decoded.at(3),
                      decoded.at(4)};
}

Result<QByteArray> signCompact(const QJsonObject &header, const QByteArray &payload,
                               const Signer &sign)
{
    QByteArray input = base64Url(compactJson(header));
    input.append('.').append(base64Url(payload));
    Result<QByteArray> signature = sign(input);
    if (!signature)
        return signature.error();
    return input.append('.').append(base64Url(*signature));
}

QJsonObject unverifiedClaims(const QByteArray &jwt)
{
    const QList<QByteArray> parts = jwt.split('.');
    if (parts.size() < 2)
        return {};
    std::optional<QByteArray> payload = fromBase64Url(parts.at(1));
    return payload ? QJsonDocument::fromJson(*payload).object() : QJsonObject();
}

} // namespace Entra::Jose
