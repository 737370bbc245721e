#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace Entra::Events {

struct EventRecord;

// What the project knows about one event id of one provider (DSREGCMD.md §10), from
// resources/knowledge/events.json: Windows' message DLLs are not available, so we carry our
// own text.
struct EventInfo
{
    QString provider;
    quint32 id = 0;
    QString level; // as catalogued: "info", "warning", "error"
    // One line, used as the event's message. It may name the event's fields: "{Step}" is the
    // value of the field Step; "[…]" is dropped when a field named in it is empty or missing.
    QString title;
    QString meaning;
    QString fix;
    bool important = false;
};

class EventKnowledge
{
public:
    // The catalogue compiled into the program; loaded on first use (thread-safe).
    static const EventKnowledge &builtIn();
    static EventKnowledge fromJson(const QByteArray &json);

    // Provider names compare case-insensitively.
    const EventInfo *find(QStringView provider, quint32 id) const;
    // The event's message: its title with the fields filled in; empty when the id is unknown.
    QString message(const EventRecord &record) const;
    static QString renderTitle(const QString &title, const EventRecord &record);
    QString channelDescription(QStringView channel) const;
    qsizetype size() const { return m_events.size(); }

private:
    QList<EventInfo> m_events;
    QHash<QString, qsizetype> m_index; // "provider\nid", provider lower case
    QHash<QString, QString> m_channelDescriptions; // channel lower case
};

} // namespace Entra::Events
