#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QJsonObject>

#include <functional>

namespace Entra::Jose {

// base64url without padding, as JOSE writes it.
QByteArray base64Url(const QByteArray &bytes);
// Accepts base64url with or without padding; nullopt when it is not base64url.
std::optional<QByteArray> fromBase64Url(const QByteArray &text);
// Compact JSON (no spaces), as a JOSE header or payload is serialised once and signed.
QByteArray compactJson(const QJsonObject &object);

// A compact JWE: five dot-separated segments (PROTOCOL.md §6.2, §6.4).
struct CompactJwe
{
    QByteArray protectedHeaderSegment; // as received: the AAD of real AES-GCM
    QJsonObject header;
    QByteArray encryptedKey;
    QByteArray iv;
    QByteArray ciphertext;
    QByteArray tag;

    static Result<CompactJwe> parse(const QByteArray &compact);
};

// A compact JWS "header.payload.signature" whose signature `sign` computes over the signing
// input. The payload bytes are signed exactly as given (KDF v2 hashes them too).
using Signer = std::function<Result<QByteArray>(const QByteArray &signingInput)>;
Result<QByteArray> signCompact(const QJsonObject &header, const QByteArray &payload,
                               const Signer &sign);

// The claims of a JWT without checking its signature (the id_token is alg none anyway).
QJsonObject unverifiedClaims(const QByteArray &jwt);

} // namespace Entra::Jose
