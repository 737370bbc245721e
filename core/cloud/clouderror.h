#pragma once

#include "common/error.h"

#include <QByteArray>

namespace Entra {

// Turns a refusal from the cloud into an Error a person can act on: the AADSTS shape of the
// token endpoint and DRS's ErrorDetails (PROTOCOL.md §8), with the knowledge base's fix.
namespace CloudError {

// `action` names what was attempted: "register the device", "get a token".
Error fromResponse(int httpStatus, const QByteArray &body, const QString &action);

// The AADSTS number of a token-endpoint error body, 0 when there is none.
qint64 aadstsCode(const QByteArray &body);
// The OAuth `error` field ("authorization_pending", "invalid_grant"), empty when none.
QString oauthError(const QByteArray &body);

} // namespace CloudError
} // namespace Entra
