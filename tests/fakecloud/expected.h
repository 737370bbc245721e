#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace FakeCloud {

// Why something could not be produced; converts into any Expected<T>.
struct Failure
{
    QString message;
};

// A value or the reason there is none (the emulator's small stand-in for std::expected).
template<typename T> class Expected
{
public:
    Expected(T value)
        : m_value(std::move(value))
    { }
    Expected(Failure failure)
        : m_error(std::move(failure.message))
    { }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    T *operator->() { return &*m_value; }
    const QString &error() const { return m_error; }

private:
    std::optional<T> m_value;
    QString m_error;
};

} // namespace FakeCloud
