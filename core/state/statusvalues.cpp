#include "statusvalues.h"

#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace Entra::StatusValue {

std::optional<bool> parseYesNo(QStringView text)
{
    const QStringView t = text.trimmed();
    if (t.compare(u"YES", Qt::CaseInsensitive) == 0 || t.compare(u"TRUE", Qt::CaseInsensitive) == 0)
        return true;
    if (t.compare(u"NO", Qt::CaseInsensitive) == 0 || t.compare(u"FALSE", Qt::CaseInsensitive) == 0)
        return false;
    return std::nullopt;
}

std::optional<QDateTime> parseTime(QStringView text)
{
    static const QRegularExpression pattern(
        u"^(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}:\\d{2})(?:\\.(\\d{1,3}))?(?: UTC)?$"_s);
    const QRegularExpressionMatch m = pattern.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    QString millis = m.captured(3);
    while (millis.size() < 3)
        millis.append(u'0');
    QDateTime time = QDateTime::fromString(m.captured(1) + u'T' + m.captured(2) + u'.' + millis,
                                           Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    time.setTimeSpec(Qt::UTC);
    return time;
}

std::optional<CertificateValidity> parseValidity(QStringView text)
{
    QStringView t = text.trimmed();
    if (!t.startsWith(u'[') || !t.endsWith(u']'))
        return std::nullopt;
    t = t.mid(1, t.size() - 2);
    const qsizetype dash = t.indexOf(u"--");
    if (dash < 0)
        return std::nullopt;
    const auto from = parseTime(t.left(dash));
    const auto to = parseTime(t.mid(dash + 2));
    if (!from || !to)
        return std::nullopt;
    return CertificateValidity{*from, *to};
}

QList<quint32> codesIn(QStringView text)
{
    static const QRegularExpression pattern(u"0x([0-9a-fA-F]{1,8})\\b"_s);
    QList<quint32> codes;
    auto it = pattern.globalMatch(text);
    while (it.hasNext())
        codes.append(it.next().capturedView(1).toUInt(nullptr, 16));
    return codes;
}

TestOutcome parseTest(QStringView text)
{
    TestOutcome outcome;
    outcome.text = text.trimmed().toString();
    const QStringView t = text.trimmed();
    if (t.startsWith(u"PASS", Qt::CaseInsensitive))
        outcome.kind = TestOutcome::Kind::Pass;
    else if (t.startsWith(u"FAIL", Qt::CaseInsensitive))
        outcome.kind = TestOutcome::Kind::Fail;
    else if (t.startsWith(u"SKIP", Qt::CaseInsensitive))
        outcome.kind = TestOutcome::Kind::Skipped;
    outcome.codes = codesIn(t);
    return outcome;
}

QString formatYesNo(bool value)
{
    return value ? u"YES"_s : u"NO"_s;
}

QString formatTime(const QDateTime &time)
{
    return time.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s) + u" UTC"_s;
}

QString formatValidity(const CertificateValidity &validity)
{
    return u"[ "_s + formatTime(validity.notBefore) + u" -- "_s + formatTime(validity.notAfter)
        + u" ]"_s;
}

QString formatTest(const TestOutcome &outcome)
{
    return outcome.text;
}

QString formatCode(quint32 code)
{
    return u"0x"_s + QString::number(code, 16).rightJustified(8, u'0');
}

} // namespace Entra::StatusValue
