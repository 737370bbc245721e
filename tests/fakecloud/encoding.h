#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QUuid>

#include <optional>

// Small encoders the wire formats need. fakecloud implements them itself on purpose: it is an
// independent implementation of the other side and never links the client's core.
namespace FakeCloud::Encoding {

// RFC 7515 base64url without padding (JWT segments).
QByteArray base64Url(const QByteArray &data);
// Decodes base64url with or without padding; nullopt on any character outside the alphabet.
std::optional<QByteArray> fromBase64Url(const QByteArray &text);
// Standard base64 *with* padding, as DRS JSON bodies carry it (PROTOCOL.md §0.2). Strict:
// url-safe characters, missing padding or stray characters are refused.
std::optional<QByteArray> fromStrictBase64(const QByteArray &text);

// The 16 raw bytes of a GUID in Microsoft's mixed-endian order (Data1..Data3 little-endian).
QByteArray guidMixedEndian(const QUuid &id);
QUuid guidFromMixedEndian(const QByteArray &bytes);
// Lower-case GUID without braces.
QString guidString(const QUuid &id);
// A random version-4 GUID string.
QString newGuid();
// Parses a GUID with or without braces; null on failure.
QUuid parseGuid(const QString &text);

// Upper-case hex (thumbprints).
QString hexUpper(const QByteArray &data);

// application/x-www-form-urlencoded body: '+' is a space, then percent-decoding.
QList<QPair<QString, QString>> parseForm(const QByteArray &body);
QString formValue(const QList<QPair<QString, QString>> &form, const QString &name);
bool formHas(const QList<QPair<QString, QString>> &form, const QString &name);

// Time formats: DRS ErrorDetails "MM-dd-yyyy HH:mm:ssZ", AADSTS "yyyy-MM-dd HH:mm:ssZ",
// ISO 8601 "yyyy-MM-ddTHH:mm:ssZ" (Graph, state files).
QString drsTime(const QDateTime &time);
QString aadTime(const QDateTime &time);
QString isoTime(const QDateTime &time);
QDateTime parseIsoTime(const QString &text);

// S-1-12-1-... SID Entra derives from an object id (the GUID's 16 bytes as four LE ULONGs).
QString sidFromObjectId(const QUuid &objectId);

} // namespace FakeCloud::Encoding
