#pragma once

#include "common/error.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace Entra::OpLog {

// What happened to one step of an operation.
enum class OperationResult : quint8 {
    Started,
    Succeeded,
    Failed,
    Cancelled,
    RolledBack,
};

// "started", "succeeded", "failed", "cancelled", "rolled-back": the spelling in the file.
QString resultName(OperationResult result);
std::optional<OperationResult> parseResult(QStringView name);

// One line of the operation log. Only these fields are ever written: there is no free-form
// payload, so a token, a PIN or a key cannot reach the file by being "attached" to an entry.
//  * time: UTC, written with milliseconds; OperationLog::append() fills in "now" when unset.
//  * correlationId: a GUID shared by every step of one run (OperationLog::newCorrelationId()).
//  * operation: a short lower-case name: "join", "leave", "pin", "prt" ([a-z][a-z0-9-]*, ≤ 32).
//  * step: the step's name: "discover", "sign-in", "register" ([A-Za-z][A-Za-z0-9 ._-]*, ≤ 64).
//  * errorCode: empty, or a code as the knowledge base spells it: "0x801c03f2", "AADSTS50126",
//    "401", "DirectoryError" (0x-hex, a decimal number, or a word; ≤ 64). See errorCodeText().
//  * message: one plain sentence for people. Line breaks are folded, the text is cut at 512
//    characters and anything that looks like a secret is replaced (see redactSecrets()).
// Entries that break these rules are refused by append() with a Usage error.
struct OperationLogEntry
{
    QDateTime time;
    QString correlationId;
    QString operation;
    QString step;
    OperationResult result = OperationResult::Started;
    QString errorCode;
    QString message;

    friend bool operator==(const OperationLogEntry &, const OperationLogEntry &) = default;
};

// An Error's raw code in the spelling the knowledge base looks up: AADSTS codes and HTTP statuses
// for cloud errors, 0x-hex for TPM return codes and HRESULT-sized values, else decimal; empty for
// code 0.
QString errorCodeText(const Error &error);

} // namespace Entra::OpLog
