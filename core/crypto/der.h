#pragma once

#include <QByteArray>

// The few DER encodings the CSR needs (X.690). Writing them directly keeps signing outside
// OpenSSL, so the same code serves TPM and software keys.
namespace Entra::Der {

QByteArray tlv(quint8 tag, const QByteArray &content);
QByteArray sequence(const QByteArray &content);
QByteArray set(const QByteArray &content);
QByteArray integer(qint64 value);
QByteArray objectIdentifier(const QByteArray &encodedArcs); // already base-128 encoded
QByteArray printableString(const QByteArray &text);
QByteArray bitString(const QByteArray &bytes); // no unused bits
QByteArray null();
QByteArray contextConstructed(int number, const QByteArray &content);

} // namespace Entra::Der
