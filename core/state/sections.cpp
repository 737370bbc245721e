#include "sections.h"

namespace Entra::detail {

void decodeInto(const QString &raw, Opt<QString> &out)
{
    out = raw;
}

void decodeInto(const QString &raw, Opt<bool> &out)
{
    out = StatusValue::parseYesNo(raw);
}

void decodeInto(const QString &raw, Opt<QDateTime> &out)
{
    out = StatusValue::parseTime(raw);
}

void decodeInto(const QString &raw, Opt<CertificateValidity> &out)
{
    out = StatusValue::parseValidity(raw);
}

void decodeInto(const QString &raw, Opt<TestOutcome> &out)
{
    out = StatusValue::parseTest(raw);
}

QString encode(const QString &value)
{
    return value;
}

QString encode(bool value)
{
    return StatusValue::formatYesNo(value);
}

QString encode(const QDateTime &value)
{
    return StatusValue::formatTime(value);
}

QString encode(const CertificateValidity &value)
{
    return StatusValue::formatValidity(value);
}

QString encode(const TestOutcome &value)
{
    return StatusValue::formatTest(value);
}

} // namespace Entra::detail
