#include "encoding.h"

#include <QUrl>
#include <QtEndian>

using namespace Qt::Literals::StringLiterals;

namespace FakeCloud::Encoding {

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::optional<QByteArray> fromBase64Url(const QByteArray &text)
{
    for (const char c : text) {
        const bool valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
            || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '=';
        if (!valid)
            return std::nullopt;
    }
    auto result = QByteArray::fromBase64Encoding(
        text, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    return result.decoded;
}

std::optional<QByteArray> fromStrictBase64(const QByteArray &text)
{
    if (text.isEmpty() || text.size() % 4 != 0)
        return std::nullopt;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        const bool alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
            || (c >= '0' && c <= '9') || c == '+' || c == '/';
        const bool padding = c == '=' && i >= text.size() - 2;
        if (!alphabet && !padding)
            return std::nullopt;
        if (c != '=' && i > 0 && text.at(i - 1) == '=')
            return std::nullopt;
    }
    auto result = QByteArray::fromBase64Encoding(
        text, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    return result.decoded;
}

QByteArray guidMixedEndian(const QUuid &id)
{
    QByteArray bytes(16, '\0');
    auto *out = reinterpret_cast<uchar *>(bytes.data());
    qToLittleEndian<quint32>(id.data1, out);
    qToLittleEndian<quint16>(id.data2, out + 4);
    qToLittleEndian<quint16>(id.data3, out + 6);
    for (int i = 0; i < 8; ++i)
        out[8 + i] = id.data4[i];
    return bytes;
}

QUuid guidFromMixedEndian(const QByteArray &bytes)
{
    if (bytes.size() != 16)
        return {};
    const auto *in = reinterpret_cast<const uchar *>(bytes.constData());
    return QUuid(qFromLittleEndian<quint32>(in), qFromLittleEndian<quint16>(in + 4),
                 qFromLittleEndian<quint16>(in + 6), in[8], in[9], in[10], in[11], in[12], in[13],
                 in[14], in[15]);
}

QString guidString(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces).toLower();
}

QString newGuid()
{
    return guidString(QUuid::createUuid());
}

QUuid parseGuid(const QString &text)
{
    const QUuid id = QUuid::fromString(text);
    return id;
}

QString hexUpper(const QByteArray &data)
{
    return QString::fromLatin1(data.toHex()).toUpper();
}

QList<QPair<QString, QString>> parseForm(const QByteArray &body)
{
    QList<QPair<QString, QString>> items;
    for (const QByteArray &part : body.split('&')) {
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        QByteArray name = eq < 0 ? part : part.left(eq);
        QByteArray value = eq < 0 ? QByteArray() : part.mid(eq + 1);
        name.replace('+', ' ');
        value.replace('+', ' ');
        items.append({ QUrl::fromPercentEncoding(name), QUrl::fromPercentEncoding(value) });
    }
    return items;
}

QString formValue(const QList<QPair<QString, QString>> &form, const QString &name)
{
    for (const auto &item : form) {
        if (item.first == name)
            return item.second;
    }
    return {};
}

bool formHas(const QList<QPair<QString, QString>> &form, const QString &name)
{
    for (const auto &item : form) {
        if (item.first == name)
            return true;
    }
    return false;
}

QString drsTime(const QDateTime &time)
{
    return time.toUTC().toString(u"MM-dd-yyyy HH:mm:ss"_s) + u'Z';
}

QString aadTime(const QDateTime &time)
{
    return time.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s) + u'Z';
}

QString isoTime(const QDateTime &time)
{
    return time.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss"_s) + u'Z';
}

QDateTime parseIsoTime(const QString &text)
{
    QDateTime time = QDateTime::fromString(text, Qt::ISODate);
    return time.toUTC();
}

QString sidFromObjectId(const QUuid &objectId)
{
    const QByteArray bytes = guidMixedEndian(objectId);
    const auto *in = reinterpret_cast<const uchar *>(bytes.constData());
    QString sid = u"S-1-12-1"_s;
    for (int i = 0; i < 4; ++i)
        sid += u'-' + QString::number(qFromLittleEndian<quint32>(in + 4 * i));
    return sid;
}

} // namespace FakeCloud::Encoding
