#include "eventrecord.h"

using namespace Qt::Literals::StringLiterals;

namespace Entra::Events {

QString levelName(quint8 level)
{
    switch (level) {
    case 0:
    case 4:
        return u"Information"_s;
    case 1:
        return u"Critical"_s;
    case 2:
        return u"Error"_s;
    case 3:
        return u"Warning"_s;
    case 5:
        return u"Verbose"_s;
    default:
        break;
    }
    return u"Level %1"_s.arg(level);
}

std::optional<quint8> parseLevel(QStringView text)
{
    const QStringView t = text.trimmed();
    bool ok = false;
    const uint number = t.toUInt(&ok);
    if (ok)
        return number <= 255 ? std::optional<quint8>(quint8(number)) : std::nullopt;
    struct Name
    {
        QLatin1StringView name;
        quint8 level;
    };
    static constexpr Name names[] = {
        { "logalways"_L1, 0 },   { "critical"_L1, 1 }, { "error"_L1, 2 },   { "warning"_L1, 3 },
        { "information"_L1, 4 }, { "info"_L1, 4 },     { "verbose"_L1, 5 },
    };
    for (const Name &n : names) {
        if (t.compare(n.name, Qt::CaseInsensitive) == 0)
            return n.level;
    }
    return std::nullopt;
}

QString EventRecord::value(QStringView name) const
{
    for (const EventField &field : data) {
        if (field.name == name)
            return field.value;
    }
    return {};
}

bool EventRecord::hasField(QStringView name) const
{
    for (const EventField &field : data) {
        if (field.name == name)
            return true;
    }
    return false;
}

} // namespace Entra::Events
