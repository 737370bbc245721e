#include "errors.h"

#include "encoding.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud::Errors {

Area areaOf(const QString &path)
{
    const QStringList segments = path.split(u'/', Qt::SkipEmptyParts);
    if (segments.isEmpty())
        return Area::Other;
    const QString first = segments.first().toLower();
    if (first == u"_fakecloud"_s)
        return Area::Admin;
    if (first == u"enrollmentserver"_s)
        return Area::Drs;
    if (first == u"v1.0"_s || first == u"beta"_s)
        return Area::Graph;
    if (segments.size() >= 2) {
        const QString second = segments.at(1).toLower();
        if (second == u"enrollmentserver"_s || second == u"discover"_s)
            return Area::Drs;
        return Area::Sts;
    }
    return Area::Other;
}

HttpResponse drs(int status, const QString &errorType, const QString &message,
                 const Context &context)
{
    return HttpResponse::json(status,
                              QJsonObject { { u"ErrorType"_s, errorType },
                                            { u"Message"_s, message },
                                            { u"TraceId"_s, context.traceId },
                                            { u"Time"_s, Encoding::drsTime(context.now) } });
}

HttpResponse aadsts(int status, const QString &error, int code, const QString &text,
                    const Context &context, const QString &suberror)
{
    const QString timestamp = Encoding::aadTime(context.now);
    const QString description = u"AADSTS%1: %2\r\nTrace ID: %3\r\nCorrelation ID: %4\r\n"
                                "Timestamp: %5"_s.arg(QString::number(code), text, context.traceId,
                                                      context.correlationId, timestamp);
    QJsonObject body { { u"error"_s, error },
                       { u"error_description"_s, description },
                       { u"error_codes"_s, QJsonArray { code } },
                       { u"timestamp"_s, timestamp },
                       { u"trace_id"_s, context.traceId },
                       { u"correlation_id"_s, context.correlationId },
                       { u"error_uri"_s,
                         QString(context.baseUrl + u"/error?code="_s + QString::number(code)) } };
    if (!suberror.isEmpty())
        body.insert(u"suberror"_s, suberror);
    return HttpResponse::json(status, body);
}

HttpResponse kpp(int status, const QString &code, const QString &message, const QString &target,
                 const Context &context, bool wrapped)
{
    const QJsonObject details {
        { u"code"_s, code },
        { u"message"_s, message },
        { u"response"_s, u"ERROR_FAIL"_s },
        { u"target"_s, target },
        { u"clientrequestid"_s, context.correlationId },
        { u"time"_s, Encoding::isoTime(context.now) },
        { u"innererror"_s, QJsonObject { { u"trace"_s, u"null"_s }, { u"context"_s, u"null"_s } } },
    };
    return HttpResponse::json(status, wrapped ? QJsonObject { { u"error"_s, details } } : details);
}

HttpResponse graph(int status, const QString &code, const QString &message, const Context &context)
{
    const QJsonObject inner { { u"date"_s, Encoding::isoTime(context.now) },
                              { u"request-id"_s, context.traceId },
                              { u"client-request-id"_s, context.correlationId } };
    return HttpResponse::json(status,
                              QJsonObject { { u"error"_s,
                                              QJsonObject { { u"code"_s, code },
                                                            { u"message"_s, message },
                                                            { u"innerError"_s, inner } } } });
}

HttpResponse forArea(Area area, int status, const Context &context, int retryAfterSeconds)
{
    HttpResponse response;
    const bool throttled = status == 429;
    switch (area) {
    case Area::Drs:
        response = throttled
            ? drs(status, u"DirectoryError"_s,
                  u"Your request is throttled temporarily. Please try after %1 seconds."_s.arg(
                      retryAfterSeconds),
                  context)
            : drs(
                status, u"DirectoryError"_s,
                u"The service is temporarily unavailable (HTTP %1). Please try again later."_s.arg(
                    status),
                context);
        break;
    case Area::Graph:
        response = throttled
            ? graph(status, u"TooManyRequests"_s, u"Too many requests."_s, context)
            : graph(status, status == 503 ? u"serviceNotAvailable"_s : u"generalException"_s,
                    u"The service is temporarily unavailable."_s, context);
        break;
    case Area::Sts:
    case Area::Admin:
    case Area::Other:
        response = throttled
            ? aadsts(status, u"temporarily_unavailable"_s, 90055,
                     u"TenantThrottlingError - There are too many incoming requests."_s, context)
            : aadsts(status, u"temporarily_unavailable"_s, 90033,
                     u"A transient error has occurred. Please try again."_s, context);
        break;
    }
    if (retryAfterSeconds > 0)
        response.setHeader("Retry-After", QByteArray::number(retryAfterSeconds));
    return response;
}

} // namespace FakeCloud::Errors
