#include "operationlogformat.h"

#include "common/jsontext.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace Entra::OpLog::OperationLogFormat {

namespace {

const QString kRedacted = u"[redacted]"_s;

Error invalid(const QString &field, const QString &rule)
{
    return Error { ErrorDomain::Usage,
                   0,
                   u"Operation log entry refused: %1 %2."_s.arg(field, rule),
                   u"This is a bug in the caller: only short names, GUIDs and error codes belong "
                   u"in these fields."_s,
                   {} };
}

bool matchesWhole(const QRegularExpression &pattern, const QString &text)
{
    return pattern.match(text).hasMatch();
}

const QRegularExpression &guidPattern()
{
    static const QRegularExpression p(
        u"^\\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\}?$"_s);
    return p;
}

Error malformed(const QString &reason)
{
    return Error { ErrorDomain::Parse, 0, reason, {}, {} };
}

} // namespace

QString redactLabelledSecrets(const QString &text)
{
    static const QRegularExpression jwt(u"eyJ[A-Za-z0-9_-]{4,}(?:\\.[A-Za-z0-9_-]*){1,4}"_s);
    static const QRegularExpression bearer(u"\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    // "name: value" and "name=value" for names that only ever label secrets.
    static const QRegularExpression labelled(
        u"\\b(password|passwd|client_secret|secret|access_token|refresh_token|id_token|"
        u"device_code|code_verifier|assertion|private_key)(\\s*[:=]\\s*)"
        u"(\"[^\"]*\"|'[^']*'|[^\\s,;&]+)"_s,
        QRegularExpression::CaseInsensitiveOption);
    // Words that also occur in plain sentences ("the PIN: too short") only with "=".
    static const QRegularExpression assigned(
        u"\\b(pin|otp|token)(\\s*=\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;&]+)"_s,
        QRegularExpression::CaseInsensitiveOption);

    QString out = text;
    out.replace(jwt, kRedacted);
    out.replace(bearer, u"\\1 "_s + kRedacted);
    out.replace(labelled, u"\\1\\2"_s + kRedacted);
    out.replace(assigned, u"\\1\\2"_s + kRedacted);
    return out;
}

QString redactSecrets(const QString &text)
{
    static const QRegularExpression longRun(u"[A-Za-z0-9+/_=-]{32,}"_s);

    const QString out = redactLabelledSecrets(text);

    QString result;
    qsizetype done = 0;
    auto runs = longRun.globalMatch(out);
    while (runs.hasNext()) {
        const QRegularExpressionMatch m = runs.next();
        result += QStringView(out).mid(done, m.capturedStart() - done);
        const QString run = m.captured();
        result += matchesWhole(guidPattern(), run) ? run : kRedacted;
        done = m.capturedEnd();
    }
    result += QStringView(out).mid(done);
    return result;
}

Result<QByteArray> encode(const OperationLogEntry &entry)
{
    static const QRegularExpression operationPattern(u"^[a-z][a-z0-9-]{0,31}$"_s);
    static const QRegularExpression stepPattern(u"^[A-Za-z][A-Za-z0-9 ._-]{0,63}$"_s);
    static const QRegularExpression codePattern(
        u"^(0x[0-9A-Fa-f]{1,16}|-?[0-9]{1,20}|[A-Za-z][A-Za-z0-9_]{0,63})$"_s);

    if (!entry.time.isValid())
        return invalid(u"time"_s, u"is not set"_s);
    if (!matchesWhole(guidPattern(), entry.correlationId))
        return invalid(u"correlationId"_s, u"is not a GUID"_s);
    if (!matchesWhole(operationPattern, entry.operation))
        return invalid(u"operation"_s, u"must be a short lower-case name such as \"join\""_s);
    if (!matchesWhole(stepPattern, entry.step))
        return invalid(u"step"_s, u"must be a short name such as \"register\""_s);
    if (!entry.errorCode.isEmpty() && !matchesWhole(codePattern, entry.errorCode))
        return invalid(u"errorCode"_s,
                       u"must be a code such as 0x801c03f2, AADSTS50126, 401 or DirectoryError"_s);

    QString message = redactSecrets(entry.message.simplified());
    if (message.size() > maxMessageLength)
        message = message.left(maxMessageLength - 1) + u'\u2026';

    QString correlationId = entry.correlationId.toLower();
    correlationId.remove(u'{').remove(u'}');

    QByteArray line;
    line.reserve(160 + message.size());
    line.append("{\"time\":");
    appendJsonString(line, entry.time.toUTC().toString(Qt::ISODateWithMs));
    line.append(",\"correlationId\":");
    appendJsonString(line, correlationId);
    line.append(",\"operation\":");
    appendJsonString(line, entry.operation);
    line.append(",\"step\":");
    appendJsonString(line, entry.step);
    line.append(",\"result\":");
    appendJsonString(line, resultName(entry.result));
    if (!entry.errorCode.isEmpty()) {
        line.append(",\"errorCode\":");
        appendJsonString(line, entry.errorCode);
    }
    if (!message.isEmpty()) {
        line.append(",\"message\":");
        appendJsonString(line, message);
    }
    line.append("}\n");
    return line;
}

Result<OperationLogEntry> decode(QByteArrayView line)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return malformed(u"not JSON (%1 at column %2)"_s.arg(parseError.errorString())
                             .arg(parseError.offset + 1));
    if (!document.isObject())
        return malformed(u"not a JSON object"_s);
    const QJsonObject o = document.object();

    auto text = [&o](const QString &key) -> std::optional<QString> {
        const QJsonValue v = o.value(key);
        if (!v.isString() || v.toString().isEmpty())
            return std::nullopt;
        return v.toString();
    };
    OperationLogEntry entry;
    for (const QString &key :
         { u"time"_s, u"correlationId"_s, u"operation"_s, u"step"_s, u"result"_s }) {
        if (!text(key))
            return malformed(u"no \"%1\""_s.arg(key));
    }
    entry.time = QDateTime::fromString(*text(u"time"_s), Qt::ISODateWithMs);
    if (!entry.time.isValid())
        return malformed(u"\"time\" is not an ISO 8601 time: %1"_s.arg(*text(u"time"_s)));
    entry.time = entry.time.toUTC();
    const auto result = parseResult(*text(u"result"_s));
    if (!result)
        return malformed(u"unknown \"result\": %1"_s.arg(*text(u"result"_s)));
    entry.result = *result;
    entry.correlationId = *text(u"correlationId"_s);
    entry.operation = *text(u"operation"_s);
    entry.step = *text(u"step"_s);
    entry.errorCode = text(u"errorCode"_s).value_or(QString());
    entry.message = text(u"message"_s).value_or(QString());
    return entry;
}

} // namespace Entra::OpLog::OperationLogFormat
