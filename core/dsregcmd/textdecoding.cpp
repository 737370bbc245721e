#include "textdecoding.h"

#include <QLocale>
#include <QStringDecoder>

using namespace Qt::Literals::StringLiterals;

namespace Entra::TextDecoding {
namespace {

Error refuse(const QString &message, const QString &what)
{
    return Error{ErrorDomain::Parse, 0, message, u"Expected %1."_s.arg(what), {}};
}

// UTF-16 without a BOM: most odd (LE) or even (BE) bytes are zero in mostly-ASCII text.
std::optional<QStringDecoder::Encoding> sniffUtf16(const QByteArray &bytes)
{
    const qsizetype sample = std::min<qsizetype>(bytes.size(), 4096) & ~qsizetype(1);
    if (sample < 8)
        return std::nullopt;
    qsizetype zeroOdd = 0, zeroEven = 0;
    for (qsizetype i = 0; i < sample; i += 2) {
        zeroEven += bytes.at(i) == 0;
        zeroOdd += bytes.at(i + 1) == 0;
    }
    const qsizetype pairs = sample / 2;
    if (zeroOdd * 10 > pairs * 9 && zeroEven * 10 < pairs)
        return QStringDecoder::Utf16LE;
    if (zeroEven * 10 > pairs * 9 && zeroOdd * 10 < pairs)
        return QStringDecoder::Utf16BE;
    return std::nullopt;
}

bool looksBinary(QStringView text)
{
    qsizetype control = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == 0)
            return true;
        if (u < 0x20 && u != '\t' && u != '\n' && u != '\r' && u != '\f')
            ++control;
    }
    return control * 100 > text.size(); // more than 1% control characters
}

} // namespace

Result<QString> decode(const QByteArray &bytes, const QString &what)
{
    if (bytes.size() > kMaxTextBytes)
        return refuse(u"The input is %1; a dsregcmd output is a few kilobytes, so at most %2 is "
                      u"read."_s.arg(QLocale::c().formattedDataSize(bytes.size()),
                                     QLocale::c().formattedDataSize(kMaxTextBytes)),
                      what);
    if (bytes.trimmed().isEmpty())
        return refuse(bytes.isEmpty() ? u"The input is empty."_s
                                      : u"The input contains only white space."_s,
                      what);

    QString text;
    if (auto bom = QStringConverter::encodingForData(bytes)) {
        QStringDecoder decoder(*bom);
        text = decoder.decode(bytes);
    } else if (auto utf16 = sniffUtf16(bytes)) {
        QStringDecoder decoder(*utf16);
        text = decoder.decode(bytes);
    } else {
        QStringDecoder utf8(QStringDecoder::Utf8);
        text = utf8.decode(bytes);
        if (utf8.hasError()) // not UTF-8: a Windows code page; Latin-1 keeps every byte
            text = QString::fromLatin1(bytes);
    }
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    if (looksBinary(text))
        return refuse(u"The input is binary data, not text."_s, what);
    return text;
}

} // namespace Entra::TextDecoding
