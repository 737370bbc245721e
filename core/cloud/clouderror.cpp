#include "clouderror.h"

#include "knowledge/knowledgebase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace Entra::CloudError {
namespace {

QJsonObject jsonObject(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}

QString fixFor(const QString &code)
{
    const CodeInfo *info = KnowledgeBase::builtIn().code(code);
    return info ? info->fix : QString();
}

QString httpFix(int status)
{
    if (status == 429)
        return u"The service is throttling requests; wait the time it asks for and try again."_s;
    if (status == 503)
        return u"The service is temporarily unavailable; nothing was changed there. Try again "
               u"in a few minutes."_s;
    if (status >= 500)
        return u"The service had a problem; try again in a few minutes."_s;
    return {};
}

} // namespace

qint64 aadstsCode(const QByteArray &body)
{
    const QJsonObject json = jsonObject(body);
    const QJsonArray codes = json.value(u"error_codes"_s).toArray();
    if (!codes.isEmpty())
        return codes.first().toInteger();
    static const QRegularExpression pattern(u"AADSTS(\\d+)"_s);
    const QRegularExpressionMatch m = pattern.match(json.value(u"error_description"_s).toString());
    return m.hasMatch() ? m.captured(1).toLongLong() : 0;
}

QString oauthError(const QByteArray &body)
{
    return jsonObject(body).value(u"error"_s).toString();
}

Error fromResponse(int httpStatus, const QByteArray &body, const QString &action)
{
    const QJsonObject json = jsonObject(body);
    Error error{ErrorDomain::Cloud, httpStatus, {}, {}, {}};

    if (json.contains(u"error"_s) && json.value(u"error"_s).isString()) { // AADSTS
        const qint64 aadsts = aadstsCode(body);
        // The description ends with "\r\nTrace ID: ...": keep the first line for people.
        const QString description =
            json.value(u"error_description"_s).toString().section(u'\n', 0, 0).trimmed();
        error.code = aadsts ? aadsts : httpStatus;
        error.message = u"Could not %1: %2 (%3)."_s.arg(
            action, description.isEmpty() ? json.value(u"error"_s).toString() : description,
            json.value(u"error"_s).toString());
        error.fix = aadsts ? fixFor(u"AADSTS%1"_s.arg(aadsts)) : QString();
        error.detail = u"HTTP %1, trace %2, correlation %3"_s.arg(httpStatus).arg(
            json.value(u"trace_id"_s).toString(), json.value(u"correlation_id"_s).toString());
    } else if (json.contains(u"ErrorType"_s)) { // DRS ErrorDetails
        const QString type = json.value(u"ErrorType"_s).toString();
        error.message = u"Could not %1: the device registration service answered %2: %3"_s.arg(
            action, type, json.value(u"Message"_s).toString());
        error.fix = fixFor(type);
        error.detail = u"HTTP %1, trace %2, time %3"_s.arg(httpStatus).arg(
            json.value(u"TraceId"_s).toString(), json.value(u"Time"_s).toString());
    } else {
        const bool html = body.trimmed().startsWith('<');
        error.message = html
            ? u"Could not %1: HTTP %2 with an HTML page instead of the service's answer, typically "
              u"from a proxy or captive portal."_s.arg(action).arg(httpStatus)
            : u"Could not %1: HTTP %2 with an answer that is not the service's error format."_s
                  .arg(action)
                  .arg(httpStatus);
        error.detail = QString::fromUtf8(body.left(300));
    }
    // Throttling and server failures are transient whatever the body's error type says, and the
    // type's generic advice would mislead.
    if (error.fix.isEmpty() || httpStatus == 429 || httpStatus >= 500)
        error.fix = httpFix(httpStatus);
    return error;
}

} // namespace Entra::CloudError
