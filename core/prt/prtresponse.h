#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace Entra {

// A token-endpoint answer to a PRT request (PROTOCOL.md §6.2), or the decrypted answer of a
// session-key request (§6.4). Holds secrets: keep it in memory only.
struct PrtResponse
{
    QString refreshToken; // the PRT (or an app refresh token)
    QString accessToken;
    QByteArray sessionKeyJwe; // only when a new session key was issued
    QJsonObject idTokenClaims;
    QDateTime expiresAt; // of the PRT: now + refresh_token_expires_in
    QString tenantId;

    QString upn() const;
    QStringList amr() const;

    // Numbers may be strings or numbers (they are both, in real answers).
    static Result<PrtResponse> fromJson(const QByteArray &json);
};

} // namespace Entra
