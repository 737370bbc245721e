#include "eventfilter.h"

using namespace Qt::Literals::StringLiterals;

namespace Entra::Events {

namespace {

bool containsName(const QStringList &names, const QString &value)
{
    for (const QString &n : names) {
        if (n.compare(value, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

Error usage(const QString &message, const QString &fix)
{
    return Error { ErrorDomain::Usage, 0, message, fix, {} };
}

} // namespace

bool EventFilter::isEmpty() const
{
    return m_channels.isEmpty() && m_providers.isEmpty() && m_ids.isEmpty() && m_levels.isEmpty()
        && !m_since.isValid() && !m_until.isValid() && m_text.isEmpty();
}

bool EventFilter::matches(const EventRecord &r) const
{
    if (!m_channels.isEmpty() && !containsName(m_channels, r.channel))
        return false;
    if (!m_providers.isEmpty() && !containsName(m_providers, r.provider)
        && (r.eventSourceName.isEmpty() || !containsName(m_providers, r.eventSourceName)))
        return false;
    if (!m_ids.isEmpty()) {
        bool any = false;
        for (const EventIdRange &range : m_ids)
            any = any || range.contains(r.eventId);
        if (!any)
            return false;
    }
    if (!m_levels.isEmpty()) {
        const bool information = r.level == 0 && m_levels.contains(quint8(4));
        if (!information && !m_levels.contains(r.level))
            return false;
    }
    if (m_since.isValid() && (!r.timeCreated.isValid() || r.timeCreated < m_since))
        return false;
    if (m_until.isValid() && (!r.timeCreated.isValid() || r.timeCreated > m_until))
        return false;
    if (!m_text.isEmpty()) {
        const auto has = [this](const QString &s) {
            return s.contains(m_text, Qt::CaseInsensitive);
        };
        if (has(r.provider) || has(r.channel) || has(r.computer) || has(r.eventSourceName)
            || QString::number(r.eventId) == m_text)
            return true;
        for (const EventField &f : r.data) {
            if (has(f.value) || has(f.name))
                return true;
        }
        return false;
    }
    return true;
}

Result<QList<EventIdRange>> EventFilter::parseIds(QStringView text)
{
    QList<EventIdRange> ranges;
    const auto parts = text.split(u',', Qt::SkipEmptyParts);
    for (const QStringView part : parts) {
        const QStringView p = part.trimmed();
        const qsizetype dash = p.indexOf(u'-');
        bool ok1 = false;
        bool ok2 = false;
        EventIdRange range;
        if (dash > 0) {
            range.first = p.left(dash).trimmed().toUInt(&ok1);
            range.last = p.mid(dash + 1).trimmed().toUInt(&ok2);
        } else {
            range.first = range.last = p.toUInt(&ok1);
            ok2 = ok1;
        }
        if (!ok1 || !ok2 || range.last < range.first) {
            return usage(u"\"%1\" is not an event id or a range of ids."_s.arg(p),
                         u"Give ids like 4624, 4624,4625 or 100-111."_s);
        }
        ranges.append(range);
    }
    if (ranges.isEmpty())
        return usage(u"No event id given."_s, u"Give ids like 4624, 4624,4625 or 100-111."_s);
    return ranges;
}

Result<QList<quint8>> EventFilter::parseLevels(QStringView text)
{
    QList<quint8> levels;
    const auto parts = text.split(u',', Qt::SkipEmptyParts);
    for (const QStringView part : parts) {
        const auto level = parseLevel(part);
        if (!level) {
            return usage(u"\"%1\" is not an event level."_s.arg(part.trimmed()),
                         u"Use critical, error, warning, information, verbose or a number."_s);
        }
        if (!levels.contains(*level))
            levels.append(*level);
    }
    if (levels.isEmpty())
        return usage(u"No event level given."_s,
                     u"Use critical, error, warning, information, verbose or a number."_s);
    return levels;
}

Result<QDateTime> EventFilter::parseTime(QStringView text)
{
    const QString t = text.trimmed().toString();
    QDateTime time;
    if (t.size() == 10) {
        const QDate date = QDate::fromString(t, Qt::ISODate);
        if (date.isValid())
            time = QDateTime(date, QTime(0, 0), Qt::UTC);
    } else {
        time = QDateTime::fromString(t, Qt::ISODateWithMs);
        if (time.isValid() && time.timeSpec() == Qt::LocalTime)
            time = QDateTime(time.date(), time.time(), Qt::UTC); // no zone given: UTC
    }
    if (!time.isValid()) {
        return usage(u"\"%1\" is not an ISO 8601 date or time."_s.arg(t),
                     u"Use e.g. 2024-05-01 or 2024-05-01T10:00:00Z."_s);
    }
    return time.toUTC();
}

} // namespace Entra::Events
