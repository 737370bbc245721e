#pragma once

#include "common/result.h"
#include "events/eventrecord.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace Entra::Events {

// An inclusive range of event ids ("100-111"); a single id has first == last.
struct EventIdRange
{
    quint32 first = 0;
    quint32 last = 0;

    bool contains(quint32 id) const { return id >= first && id <= last; }
    friend bool operator==(const EventIdRange &, const EventIdRange &) = default;
};

// Which events to show: the predicate behind `entra-doctor events` and the GUI's filter proxy.
// Every criterion that is set must match; within one criterion any listed value may match.
//  * channels, providers: case-insensitive, whole name (a provider matches Provider@Name or
//    Provider@EventSourceName).
//  * ids: event ids or ranges.
//  * levels: System/Level values; Information (4) also matches LogAlways (0), which Event
//    Viewer shows as Information too.
//  * since, until: TimeCreated within [since, until], both inclusive; either may be unset.
//  * text: case-insensitive substring of the provider, channel, computer, the event id, and
//    every field's name and value.
class EventFilter
{
public:
    bool matches(const EventRecord &record) const;
    bool isEmpty() const;

    const QStringList &channels() const { return m_channels; }
    void setChannels(const QStringList &channels) { m_channels = channels; }
    const QStringList &providers() const { return m_providers; }
    void setProviders(const QStringList &providers) { m_providers = providers; }
    const QList<EventIdRange> &ids() const { return m_ids; }
    void setIds(const QList<EventIdRange> &ids) { m_ids = ids; }
    const QList<quint8> &levels() const { return m_levels; }
    void setLevels(const QList<quint8> &levels) { m_levels = levels; }
    const QDateTime &since() const { return m_since; }
    void setSince(const QDateTime &since) { m_since = since; }
    const QDateTime &until() const { return m_until; }
    void setUntil(const QDateTime &until) { m_until = until; }
    const QString &text() const { return m_text; }
    void setText(const QString &text) { m_text = text; }

    friend bool operator==(const EventFilter &, const EventFilter &) = default;

    // "4624", "4624,4625", "100-111,204" (spaces allowed).
    static Result<QList<EventIdRange>> parseIds(QStringView text);
    // "error", "error,warning", "2,3" (names as parseLevel() takes them).
    static Result<QList<quint8>> parseLevels(QStringView text);
    // ISO 8601: "2024-05-01", "2024-05-01T10:00:00", with "Z" or an offset; a time without a zone
    // is UTC; a date alone is its midnight (UTC).
    static Result<QDateTime> parseTime(QStringView text);

private:
    QStringList m_channels;
    QStringList m_providers;
    QList<EventIdRange> m_ids;
    QList<quint8> m_levels;
    QDateTime m_since;
    QDateTime m_until;
    QString m_text;
};

} // namespace Entra::Events
