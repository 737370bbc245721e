#include "crc32.h"

#include <array>

namespace Entra::Events::Evtx {

namespace {

using Tables = std::array<std::array<quint32, 256>, 8>;

constexpr Tables makeTables()
{
    Tables t {};
    for (quint32 i = 0; i < 256; ++i) {
        quint32 c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? (0xEDB88320u ^ (c >> 1)) : (c >> 1);
        t[0][i] = c;
    }
    for (quint32 i = 0; i < 256; ++i) {
        for (int s = 1; s < 8; ++s)
            t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFF];
    }
    return t;
}

constexpr Tables tables = makeTables();

} // namespace

quint32 crc32(const uchar *data, qsizetype size, quint32 crc)
{
    crc = ~crc;
    while (size >= 8) {
        const quint32 lo = crc
            ^ (quint32(data[0]) | quint32(data[1]) << 8 | quint32(data[2]) << 16
               | quint32(data[3]) << 24);
        const quint32 hi = quint32(data[4]) | quint32(data[5]) << 8 | quint32(data[6]) << 16
            | quint32(data[7]) << 24;
        crc = tables[7][lo & 0xFF] ^ tables[6][(lo >> 8) & 0xFF] ^ tables[5][(lo >> 16) & 0xFF]
            ^ tables[4][lo >> 24] ^ tables[3][hi & 0xFF] ^ tables[2][(hi >> 8) & 0xFF]
            ^ tables[1][(hi >> 16) & 0xFF] ^ tables[0][hi >> 24];
        data += 8;
        size -= 8;
    }
    while (size-- > 0)
        crc = tables[0][(crc ^ *data++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

} // namespace Entra::Events::Evtx
