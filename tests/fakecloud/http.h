#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

// fakecloud's own view of an HTTP exchange, independent of the server library, so the whole
// logic can be driven in-process by tests.
namespace FakeCloud {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

struct HttpRequest
{
    QByteArray method; // upper-case, e.g. "POST"
    QString path; // fully decoded
    QUrlQuery query; // as received (percent-encoded values)
    HeaderList headers; // names lower-case
    QByteArray body;
    QByteArray peerCertificateDer; // the TLS client certificate, if one was presented
    QHostAddress remoteAddress;

    QByteArray header(const QByteArray &lowerCaseName) const;
    bool hasQueryItem(const QString &name) const;
    // A query value decoded like a form value ('+' is a space, then percent-decoding).
    QString queryValue(const QString &name) const;
};

struct HttpResponse
{
    int status = 200;
    HeaderList headers; // besides Content-Type and Content-Length
    QByteArray contentType;
    QByteArray body;

    static HttpResponse json(int status, const QJsonObject &body);
    static HttpResponse json(int status, const QJsonArray &body);
    static HttpResponse bytes(int status, const QByteArray &contentType, const QByteArray &body);
    static HttpResponse empty(int status);
    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(const QByteArray &name) const;
};

// How the transport delivers a response: normally, late, or cut off (fault injection).
struct Delivery
{
    HttpResponse response;
    int delayMs = 0;
    qint64 closeAfterBodyBytes = -1; // >= 0: send the head and this many body bytes, then close
    bool drop = false; // close the connection without answering at all
};

} // namespace FakeCloud
