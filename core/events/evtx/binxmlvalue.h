#pragma once

#include <QString>

// Typed values of the EVTX binary XML (value types of [MS-EVEN6] 2.2.*), decoded from raw bytes.
// Internal to the EVTX reader.

namespace Entra::Events::Evtx {

enum ValueType : quint8 {
    NullType = 0x00,
    StringType = 0x01,
    AnsiStringType = 0x02,
    Int8Type = 0x03,
    UInt8Type = 0x04,
    Int16Type = 0x05,
    UInt16Type = 0x06,
    Int32Type = 0x07,
    UInt32Type = 0x08,
    Int64Type = 0x09,
    UInt64Type = 0x0a,
    Real32Type = 0x0b,
    Real64Type = 0x0c,
    BoolType = 0x0d,
    BinaryType = 0x0e,
    GuidType = 0x0f,
    SizeTType = 0x10,
    FileTimeType = 0x11,
    SysTimeType = 0x12,
    SidType = 0x13,
    HexInt32Type = 0x14,
    HexInt64Type = 0x15,
    EvtHandleType = 0x20,
    BinXmlType = 0x21,
    EvtXmlType = 0x23,
    ArrayFlag = 0x80,
};

// FILETIME ticks (100 ns since 1601-01-01 UTC) of 1970-01-01.
inline constexpr quint64 filetimeUnixEpoch = 116444736000000000ULL;

// Appends the text of one non-array value the way Windows renders it in event XML: decimal
// integers, "0x" + lower-case hex for hex integers and sizes, {GUID} in upper case, ISO 8601
// UTC times with 7 fractional digits, S-1-... SIDs, upper-case hex for binary, true/false.
// A value whose size does not fit its type is rendered as the hex of its bytes.
void appendScalar(QString &out, quint8 type, const uchar *data, quint32 size);

// Appends the text of a value; array items (type | 0x80) are separated by `separator`.
void appendValue(QString &out, quint8 type, const uchar *data, quint32 size, QStringView separator);

// Calls f(itemData, itemSize) for every item of an array value (type has ArrayFlag).
// String arrays are split at NUL characters; other types by their fixed size.
template<typename F> void forEachArrayItem(quint8 type, const uchar *data, quint32 size, F &&f);

// The fixed size of a scalar type, 0 for variable-size types.
quint32 fixedSize(quint8 scalarType);

// Integer-like values (ints, hex ints, bool, size): true when the value fits its type.
bool integerValue(quint8 type, const uchar *data, quint32 size, quint64 &value);

// FILETIME or SYSTEMTIME values as FILETIME ticks.
bool timeValue(quint8 type, const uchar *data, quint32 size, quint64 &filetime);

// "2021-03-31T23:51:45.0187674Z" (7 fractional digits) or "...45.018Z" (3).
void appendFiletime(QString &out, quint64 filetime, int fractionDigits = 7);

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction][Z]" (as text values in forwarded events carry them).
bool parseIsoFiletime(QStringView text, quint64 &filetime);

// Copies UTF-16LE text (unaligned) into a string.
void appendUtf16(QString &out, const uchar *data, quint32 units);

// Number of UTF-16 units before the first NUL (at most `units`).
quint32 utf16Length(const uchar *data, quint32 units);

// Windows-1252 text up to the first NUL.
void appendAnsi(QString &out, const uchar *data, quint32 size);

template<typename F> void forEachArrayItem(quint8 type, const uchar *data, quint32 size, F &&f)
{
    const quint8 scalar = type & quint8(~ArrayFlag);
    if (scalar == StringType) {
        quint32 start = 0;
        const quint32 units = size / 2;
        for (quint32 i = 0; i < units; ++i) {
            if (data[2 * i] == 0 && data[2 * i + 1] == 0) {
                f(data + 2 * start, 2 * (i - start));
                start = i + 1;
            }
        }
        if (start < units)
            f(data + 2 * start, 2 * (units - start));
        return;
    }
    if (scalar == AnsiStringType) {
        quint32 start = 0;
        for (quint32 i = 0; i < size; ++i) {
            if (data[i] == 0) {
                f(data + start, i - start);
                start = i + 1;
            }
        }
        if (start < size)
            f(data + start, size - start);
        return;
    }
    quint32 item = fixedSize(scalar);
    if (scalar == SidType) {
        // SIDs are variable: 8 bytes + 4 per sub-authority.
        quint32 pos = 0;
        while (pos + 8 <= size) {
            const quint32 len = 8 + 4 * quint32(data[pos + 1]);
            if (pos + len > size)
                break;
            f(data + pos, len);
            pos += len;
        }
        return;
    }
    if (scalar == SizeTType)
        item = 8;
    if (item == 0) {
        f(data, size);
        return;
    }
    for (quint32 pos = 0; pos + item <= size; pos += item)
        f(data + pos, item);
}

} // namespace Entra::Events::Evtx
