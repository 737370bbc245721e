#include "der.h"

namespace Entra::Der {

static QByteArray length(qsizetype size)
{
    if (size < 0x80)
        return QByteArray(1, char(size));
    QByteArray bytes;
    for (qsizetype n = size; n > 0; n >>= 8)
        bytes.prepend(char(n & 0xff));
    bytes.prepend(char(0x80 | bytes.size()));
    return bytes;
}

QByteArray tlv(quint8 tag, const QByteArray &content)
{
    QByteArray out(1, char(tag));
    out.append(length(content.size()));
    out.append(content);
    return out;
}

QByteArray sequence(const QByteArray &content)
{
    return tlv(0x30, content);
}

QByteArray set(const QByteArray &content)
{
    return tlv(0x31, content);
}

QByteArray integer(qint64 value)
{
    QByteArray bytes;
    do {
        bytes.prepend(char(value & 0xff));
        value >>= 8;
    } while (value != 0 && value != -1);
    if (value == 0 && (quint8(bytes.front()) & 0x80))
        bytes.prepend('\0');
    return tlv(0x02, bytes);
}

QByteArray objectIdentifier(const QByteArray &encodedArcs)
{
    return tlv(0x06, encodedArcs);
}

QByteArray printableString(const QByteArray &text)
{
    return tlv(0x13, text);
}

QByteArray bitString(const QByteArray &bytes)
{
    QByteArray content(1, '\0'); // no unused bits
    content.append(bytes);
    return tlv(0x03, content);
}

QByteArray null()
{
    return QByteArray("\x05\x00", 2);
}

QByteArray contextConstructed(int number, const QByteArray &content)
{
    return tlv(quint8(0xa0 | number), content);
}

} // namespace Entra::Der
