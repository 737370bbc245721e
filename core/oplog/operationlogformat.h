#pragma once

#include "common/result.h"
#include "oplog/operationlogentry.h"

#include <QByteArray>
#include <QByteArrayView>

namespace Entra::OpLog {

// The on-disk form of one entry: a JSON object on one line, keys in this order:
//   {"time":"2024-05-01T10:00:00.123Z","correlationId":"…","operation":"join",
//    "step":"register","result":"failed","errorCode":"AADSTS50126","message":"…"}
// errorCode and message are left out when empty. Readers ignore keys they do not know.
namespace OperationLogFormat {

// Checks the entry against the rules in OperationLogEntry, redacts the message and returns the
// line with its '\n'. A Usage error names the field that breaks a rule.
Result<QByteArray> encode(const OperationLogEntry &entry);

// One line (with or without its '\n'). A Parse error says what is wrong with it.
Result<OperationLogEntry> decode(QByteArrayView line);

// Replaces what looks like a secret with "[redacted]": JWT/JWE-shaped tokens ("eyJ…"),
// "Bearer …", values of password=, secret=, token=, refresh_token=, pin=, … and any run of 32 or
// more base64/hex characters that is not a GUID. Device and tenant ids (GUIDs), error codes
// and URLs stay readable.
QString redactSecrets(const QString &text);

// The same without the rule for long runs: for text that legitimately holds thumbprints, key
// ids and base64 (a status, a certificate report), where only labelled or token-shaped
// secrets are removed.
QString redactLabelledSecrets(const QString &text);

constexpr qsizetype maxMessageLength = 512;

} // namespace OperationLogFormat
} // namespace Entra::OpLog
