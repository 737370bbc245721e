#pragma once

#include <QtGlobal>

namespace Entra::Events::Evtx {

// CRC-32 as in RFC 1952 (zlib's crc32 with an initial value of 0), slicing-by-8.
quint32 crc32(const uchar *data, qsizetype size, quint32 crc = 0);

} // namespace Entra::Events::Evtx
