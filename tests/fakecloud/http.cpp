#include "http.h"

#include <QJsonDocument>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud {

QByteArray HttpRequest::header(const QByteArray &lowerCaseName) const
{
    for (const auto &item : headers) {
        if (item.first == lowerCaseName)
            return item.second;
    }
    return {};
}

bool HttpRequest::hasQueryItem(const QString &name) const
{
    return query.hasQueryItem(name);
}

QString HttpRequest::queryValue(const QString &name) const
{
    QByteArray raw = query.queryItemValue(name, QUrl::FullyEncoded).toLatin1();
    raw.replace('+', ' ');
    return QUrl::fromPercentEncoding(raw);
}

HttpResponse HttpResponse::json(int status, const QJsonObject &body)
{
    return bytes(status, "application/json; charset=utf-8",
                 QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpResponse HttpResponse::json(int status, const QJsonArray &body)
{
    return bytes(status, "application/json; charset=utf-8",
                 QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpResponse HttpResponse::bytes(int status, const QByteArray &contentType, const QByteArray &body)
{
    HttpResponse response;
    response.status = status;
    response.contentType = contentType;
    response.body = body;
    return response;
}

HttpResponse HttpResponse::empty(int status)
{
    HttpResponse response;
    response.status = status;
    return response;
}

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &item : headers) {
        if (item.first.compare(name, Qt::CaseInsensitive) == 0) {
            item.second = value;
            return;
        }
    }
    headers.append({ name, value });
}

QByteArray HttpResponse::header(const QByteArray &name) const
{
    for (const auto &item : headers) {
        if (item.first.compare(name, Qt::CaseInsensitive) == 0)
            return item.second;
    }
    return {};
}

} // namespace FakeCloud
