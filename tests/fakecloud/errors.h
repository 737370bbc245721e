#pragma once

#include "http.h"

#include <QDateTime>
#include <QString>

// Error bodies exactly in the shapes of PROTOCOL.md §8 (and Graph's error object).
namespace FakeCloud::Errors {

// Per-request values every error body carries.
struct Context
{
    QString traceId; // fresh GUID per request
    QString correlationId; // the client-request-id header, or a fresh GUID
    QDateTime now;
    QString baseUrl; // https://host:port the client used
};

// Which service a path belongs to, so injected faults answer in the right error shape.
enum class Area { Sts, Drs, Graph, Admin, Other };
Area areaOf(const QString &path);

// §8.1 {"ErrorType","Message","TraceId","Time"}.
HttpResponse drs(int status, const QString &errorType, const QString &message,
                 const Context &context);
// §8.3 {"error","error_description","error_codes","timestamp","trace_id","correlation_id",
// "error_uri"[,"suberror"]}; the description is "AADSTS<code>: <text>\r\nTrace ID: ...".
HttpResponse aadsts(int status, const QString &error, int code, const QString &text,
                    const Context &context, const QString &suberror = {});
// §8.2 MS-KPP ErrorDetails {"code","message","response":"ERROR_FAIL","target","clientrequestid",
// "time","innererror":{"trace":"null","context":"null"}}, inside {"error":{...}} when wrapped.
HttpResponse kpp(int status, const QString &code, const QString &message, const QString &target,
                 const Context &context, bool wrapped);
// Graph {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.
HttpResponse graph(int status, const QString &code, const QString &message, const Context &context);

// An error of the given HTTP status in the shape of area (throttling, 5xx, not found).
HttpResponse forArea(Area area, int status, const Context &context, int retryAfterSeconds = 0);

} // namespace FakeCloud::Errors
