#pragma once

// Internal to core/tpm: QByteArray <-> TSS structures through tss2-mu.

#include <QByteArray>

#include <cstdint>
#include <optional>
#include <tss2/tss2_mu.h>

namespace Entra::TpmMarshal {

template<typename T> using MarshalFn = TSS2_RC (*)(const T *, uint8_t[], size_t, size_t *);
template<typename T> using UnmarshalFn = TSS2_RC (*)(const uint8_t[], size_t, size_t *, T *);

template<typename T> QByteArray marshal(const T &value, MarshalFn<T> fn)
{
    QByteArray buffer(int(sizeof(T)) + 64, Qt::Uninitialized);
    size_t offset = 0;
    if (fn(&value, reinterpret_cast<uint8_t *>(buffer.data()), size_t(buffer.size()), &offset)
        != TSS2_RC_SUCCESS)
        return {};
    buffer.truncate(qsizetype(offset));
    return buffer;
}

// The value, or nothing when `bytes` is not exactly one marshalled T.
template<typename T> std::optional<T> unmarshal(const QByteArray &bytes, UnmarshalFn<T> fn)
{
    T value {};
    size_t offset = 0;
    if (fn(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()), &offset,
           &value)
            != TSS2_RC_SUCCESS
        || offset != size_t(bytes.size()))
        return std::nullopt;
    return value;
}

inline QByteArray marshalPublic(const TPM2B_PUBLIC &value)
{
    return marshal<TPM2B_PUBLIC>(value, &Tss2_MU_TPM2B_PUBLIC_Marshal);
}
inline std::optional<TPM2B_PUBLIC> unmarshalPublic(const QByteArray &bytes)
{
    return unmarshal<TPM2B_PUBLIC>(bytes, &Tss2_MU_TPM2B_PUBLIC_Unmarshal);
}
inline QByteArray marshalPrivate(const TPM2B_PRIVATE &value)
{
    return marshal<TPM2B_PRIVATE>(value, &Tss2_MU_TPM2B_PRIVATE_Marshal);
}
inline std::optional<TPM2B_PRIVATE> unmarshalPrivate(const QByteArray &bytes)
{
    return unmarshal<TPM2B_PRIVATE>(bytes, &Tss2_MU_TPM2B_PRIVATE_Unmarshal);
}
inline QByteArray marshalContext(const TPMS_CONTEXT &value)
{
    return marshal<TPMS_CONTEXT>(value, &Tss2_MU_TPMS_CONTEXT_Marshal);
}
inline std::optional<TPMS_CONTEXT> unmarshalContext(const QByteArray &bytes)
{
    return unmarshal<TPMS_CONTEXT>(bytes, &Tss2_MU_TPMS_CONTEXT_Unmarshal);
}

} // namespace Entra::TpmMarshal
