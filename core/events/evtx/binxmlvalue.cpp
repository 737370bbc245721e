#include "binxmlvalue.h"

#include <QLocale>
#include <QtEndian>

#include <cstring>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Events::Evtx {

namespace {

constexpr char16_t upperHex[] = u"0123456789ABCDEF";
constexpr char16_t lowerHex[] = u"0123456789abcdef";

void appendUnsigned(QString &out, quint64 v)
{
    char16_t buf[24];
    int n = 24;
    do {
        buf[--n] = char16_t(u'0' + v % 10);
        v /= 10;
    } while (v != 0);
    out.append(QStringView(buf + n, 24 - n));
}

void appendSigned(QString &out, qint64 v)
{
    if (v < 0) {
        out.append(u'-');
        appendUnsigned(out, quint64(0) - quint64(v));
    } else {
        appendUnsigned(out, quint64(v));
    }
}

void appendHexPrefixed(QString &out, quint64 v)
{
    char16_t buf[18];
    int n = 18;
    do {
        buf[--n] = lowerHex[v & 0xF];
        v >>= 4;
    } while (v != 0);
    buf[--n] = u'x';
    buf[--n] = u'0';
    out.append(QStringView(buf + n, 18 - n));
}

void appendFixedHex(char16_t *&p, quint64 v, int digits)
{
    for (int i = digits - 1; i >= 0; --i)
        *p++ = upperHex[(v >> (4 * i)) & 0xF];
}

void appendBinary(QString &out, const uchar *data, quint32 size)
{
    const qsizetype start = out.size();
    out.resize(start + 2 * qsizetype(size));
    char16_t *p = reinterpret_cast<char16_t *>(out.data()) + start;
    for (quint32 i = 0; i < size; ++i) {
        *p++ = upperHex[data[i] >> 4];
        *p++ = upperHex[data[i] & 0xF];
    }
}

void appendGuid(QString &out, const uchar *d)
{
    char16_t buf[38];
    char16_t *p = buf;
    *p++ = u'{';
    appendFixedHex(p, qFromLittleEndian<quint32>(d), 8);
    *p++ = u'-';
    appendFixedHex(p, qFromLittleEndian<quint16>(d + 4), 4);
    *p++ = u'-';
    appendFixedHex(p, qFromLittleEndian<quint16>(d + 6), 4);
    *p++ = u'-';
    for (int i = 8; i < 16; ++i) {
        if (i == 10)
            *p++ = u'-';
        appendFixedHex(p, d[i], 2);
    }
    *p++ = u'}';
    out.append(QStringView(buf, 38));
}

bool appendSid(QString &out, const uchar *d, quint32 size)
{
    if (size < 8)
        return false;
    const quint32 count = d[1];
    if (8 + 4 * count > size)
        return false;
    quint64 authority = 0;
    for (int i = 2; i < 8; ++i)
        authority = (authority << 8) | d[i];
    out.append(u"S-"_s);
    appendUnsigned(out, d[0]);
    out.append(u'-');
    if (authority >= (quint64(1) << 32)) {
        char16_t buf[14];
        char16_t *p = buf;
        *p++ = u'0';
        *p++ = u'x';
        appendFixedHex(p, authority, 12);
        out.append(QStringView(buf, 14));
    } else {
        appendUnsigned(out, authority);
    }
    for (quint32 i = 0; i < count; ++i) {
        out.append(u'-');
        appendUnsigned(out, qFromLittleEndian<quint32>(d + 8 + 4 * i));
    }
    return true;
}

// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
void civilFromDays(qint64 z, qint64 &y, unsigned &m, unsigned &d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = qint64(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        ++y;
}

qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

void appendDigits(char16_t *&p, quint64 v, int digits)
{
    for (int i = digits - 1; i >= 0; --i) {
        p[i] = char16_t(u'0' + v % 10);
        v /= 10;
    }
    p += digits;
}

void appendDateTime(QString &out, qint64 y, unsigned mo, unsigned d, unsigned h, unsigned mi,
                    unsigned s, quint64 ticks, int fractionDigits = 7)
{
    char16_t buf[40];
    char16_t *p = buf;
    if (y < 0 || y > 9999)
        out.append(QString::number(y));
    else
        appendDigits(p, quint64(y), 4);
    *p++ = u'-';
    appendDigits(p, mo, 2);
    *p++ = u'-';
    appendDigits(p, d, 2);
    *p++ = u'T';
    appendDigits(p, h, 2);
    *p++ = u':';
    appendDigits(p, mi, 2);
    *p++ = u':';
    appendDigits(p, s, 2);
    *p++ = u'.';
    appendDigits(p, fractionDigits == 7 ? ticks : ticks / 10000, fractionDigits);
    *p++ = u'Z';
    out.append(QStringView(buf, p - buf));
}

// Windows-1252 characters 0x80..0x9F (undefined ones map to the C1 control of that value).
constexpr char16_t cp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

} // namespace

quint32 fixedSize(quint8 scalarType)
{
    switch (scalarType) {
    case Int8Type:
    case UInt8Type:
        return 1;
    case Int16Type:
    case UInt16Type:
        return 2;
    case Int32Type:
    case UInt32Type:
    case Real32Type:
    case BoolType:
    case HexInt32Type:
        return 4;
    case Int64Type:
    case UInt64Type:
    case Real64Type:
    case FileTimeType:
    case HexInt64Type:
        return 8;
    case GuidType:
    case SysTimeType:
        return 16;
    default:
        return 0;
    }
}

quint32 utf16Length(const uchar *data, quint32 units)
{
    for (quint32 i = 0; i < units; ++i) {
        if (data[2 * i] == 0 && data[2 * i + 1] == 0)
            return i;
    }
    return units;
}

void appendUtf16(QString &out, const uchar *data, quint32 units)
{
    if (units == 0)
        return;
    const qsizetype start = out.size();
    out.resize(start + qsizetype(units));
    char16_t *dst = reinterpret_cast<char16_t *>(out.data()) + start;
    if constexpr (QSysInfo::ByteOrder == QSysInfo::LittleEndian) {
        std::memcpy(dst, data, size_t(units) * 2);
    } else {
        for (quint32 i = 0; i < units; ++i)
            dst[i] = qFromLittleEndian<quint16>(data + 2 * i);
    }
}

void appendAnsi(QString &out, const uchar *data, quint32 size)
{
    quint32 n = 0;
    while (n < size && data[n] != 0)
        ++n;
    const qsizetype start = out.size();
    out.resize(start + qsizetype(n));
    char16_t *dst = reinterpret_cast<char16_t *>(out.data()) + start;
    for (quint32 i = 0; i < n; ++i) {
        const uchar c = data[i];
        dst[i] = (c >= 0x80 && c < 0xA0) ? cp1252High[c - 0x80] : char16_t(c);
    }
}

bool integerValue(quint8 type, const uchar *data, quint32 size, quint64 &value)
{
    switch (type) {
    case Int8Type:
        if (size != 1)
            return false;
        value = quint64(qint64(qint8(data[0])));
        return true;
    case UInt8Type:
        if (size != 1)
            return false;
        value = data[0];
        return true;
    case Int16Type:
        if (size != 2)
            return false;
        value = quint64(qint64(qFromLittleEndian<qint16>(data)));
        return true;
    case UInt16Type:
        if (size != 2)
            return false;
        value = qFromLittleEndian<quint16>(data);
        return true;
    case Int32Type:
        if (size != 4)
            return false;
        value = quint64(qint64(qFromLittleEndian<qint32>(data)));
        return true;
    case UInt32Type:
    case HexInt32Type:
    case BoolType:
        if (size != 4)
            return false;
        value = qFromLittleEndian<quint32>(data);
        return true;
    case Int64Type:
    case UInt64Type:
    case HexInt64Type:
        if (size != 8)
            return false;
        value = qFromLittleEndian<quint64>(data);
        return true;
    case SizeTType:
        if (size == 4) {
            value = qFromLittleEndian<quint32>(data);
            return true;
        }
        if (size == 8) {
            value = qFromLittleEndian<quint64>(data);
            return true;
        }
        return false;
    default:
        return false;
    }
}

bool timeValue(quint8 type, const uchar *data, quint32 size, quint64 &filetime)
{
    if (type == FileTimeType && size == 8) {
        filetime = qFromLittleEndian<quint64>(data);
        return true;
    }
    if (type == SysTimeType && size == 16) {
        const unsigned year = qFromLittleEndian<quint16>(data);
        const unsigned month = qFromLittleEndian<quint16>(data + 2);
        const unsigned day = qFromLittleEndian<quint16>(data + 6);
        const unsigned hour = qFromLittleEndian<quint16>(data + 8);
        const unsigned minute = qFromLittleEndian<quint16>(data + 10);
        const unsigned second = qFromLittleEndian<quint16>(data + 12);
        const unsigned ms = qFromLittleEndian<quint16>(data + 14);
        if (year < 1601 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23
            || minute > 59 || second > 60 || ms > 999)
            return false;
        const qint64 days = daysFromCivil(year, month, day);
        const qint64 secs = days * 86400 + hour * 3600 + minute * 60 + second;
        filetime = quint64(secs * 10000000 + qint64(ms) * 10000) + filetimeUnixEpoch;
        return true;
    }
    return false;
}

void appendFiletime(QString &out, quint64 filetime, int fractionDigits)
{
    const quint64 ticks = filetime % 10000000;
    const quint64 totalSecs = filetime / 10000000; // since 1601
    const qint64 secs = qint64(totalSecs) - qint64(filetimeUnixEpoch / 10000000);
    qint64 days = secs / 86400;
    qint64 rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    qint64 y;
    unsigned m, d;
    civilFromDays(days, y, m, d);
    appendDateTime(out, y, m, d, unsigned(rem / 3600), unsigned(rem / 60 % 60), unsigned(rem % 60),
                   ticks, fractionDigits);
}

bool parseIsoFiletime(QStringView t, quint64 &filetime)
{
    // YYYY-MM-DDTHH:MM:SS
    if (t.size() < 19 || t[4] != u'-' || t[7] != u'-' || (t[10] != u'T' && t[10] != u' ')
        || t[13] != u':' || t[16] != u':')
        return false;
    auto num = [&](int pos, int len, unsigned &v) {
        v = 0;
        for (int i = pos; i < pos + len; ++i) {
            const char16_t c = t[i].unicode();
            if (c < u'0' || c > u'9')
                return false;
            v = v * 10 + unsigned(c - u'0');
        }
        return true;
    };
    unsigned y, mo, d, h, mi, s;
    if (!num(0, 4, y) || !num(5, 2, mo) || !num(8, 2, d) || !num(11, 2, h) || !num(14, 2, mi)
        || !num(17, 2, s))
        return false;
    if (y < 1601 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
        return false;
    quint64 ticks = 0;
    qsizetype pos = 19;
    if (pos < t.size() && t[pos] == u'.') {
        ++pos;
        int digits = 0;
        while (pos < t.size() && t[pos].isDigit()) {
            if (digits < 7) {
                ticks = ticks * 10 + quint64(t[pos].unicode() - u'0');
                ++digits;
            }
            ++pos;
        }
        for (; digits < 7; ++digits)
            ticks *= 10;
    }
    const qint64 secs = daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    filetime = quint64(secs * 10000000) + ticks + filetimeUnixEpoch;
    return true;
}

void appendScalar(QString &out, quint8 type, const uchar *data, quint32 size)
{
    quint64 v = 0;
    switch (type) {
    case NullType:
        return;
    case StringType:
        appendUtf16(out, data, utf16Length(data, size / 2));
        return;
    case AnsiStringType:
        appendAnsi(out, data, size);
        return;
    case Int8Type:
    case Int16Type:
    case Int32Type:
    case Int64Type:
        if (integerValue(type, data, size, v)) {
            appendSigned(out, qint64(v));
            return;
        }
        break;
    case UInt8Type:
    case UInt16Type:
    case UInt32Type:
    case UInt64Type:
        if (integerValue(type, data, size, v)) {
            appendUnsigned(out, v);
            return;
        }
        break;
    case HexInt32Type:
    case HexInt64Type:
    case SizeTType:
        if (integerValue(type, data, size, v)) {
            appendHexPrefixed(out, v);
            return;
        }
        break;
    case BoolType:
        if (integerValue(type, data, size, v)) {
            out.append(v ? u"true"_s : u"false"_s);
            return;
        }
        break;
    case Real32Type:
        if (size == 4) {
            float f;
            std::memcpy(&f, data, 4);
            out.append(QString::number(double(f), 'g', QLocale::FloatingPointShortest));
            return;
        }
        break;
    case Real64Type:
        if (size == 8) {
            double f;
            std::memcpy(&f, data, 8);
            out.append(QString::number(f, 'g', QLocale::FloatingPointShortest));
            return;
        }
        break;
    case GuidType:
        if (size == 16) {
            appendGuid(out, data);
            return;
        }
        break;
    case FileTimeType:
        if (timeValue(type, data, size, v)) {
            appendFiletime(out, v);
            return;
        }
        break;
    case SysTimeType:
        // SYSTEMTIME has milliseconds: rendered with 3 fractional digits.
        if (timeValue(type, data, size, v)) {
            appendFiletime(out, v, 3);
            return;
        }
        break;
    case SidType:
        if (appendSid(out, data, size))
            return;
        break;
    default:
        break;
    }
    appendBinary(out, data, size);
}

void appendValue(QString &out, quint8 type, const uchar *data, quint32 size, QStringView separator)
{
    if (!(type & ArrayFlag)) {
        appendScalar(out, type, data, size);
        return;
    }
    bool first = true;
    const quint8 scalar = type & quint8(~ArrayFlag);
    forEachArrayItem(type, data, size, [&](const uchar *item, quint32 itemSize) {
        if (!first)
            out.append(separator);
        first = false;
        appendScalar(out, scalar, item, itemSize);
    });
}

} // namespace Entra::Events::Evtx
