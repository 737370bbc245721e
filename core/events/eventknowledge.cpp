#include "eventknowledge.h"

#include "events/eventrecord.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Events {

namespace {

QString key(QStringView provider, quint32 id)
{
    return provider.toString().toLower() + u'\n' + QString::number(id);
}

} // namespace

const EventKnowledge &EventKnowledge::builtIn()
{
    static const EventKnowledge knowledge = [] {
        QFile file(u":/knowledge/events.json"_s);
        return file.open(QIODevice::ReadOnly) ? fromJson(file.readAll()) : EventKnowledge();
    }();
    return knowledge;
}

EventKnowledge EventKnowledge::fromJson(const QByteArray &json)
{
    EventKnowledge k;
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    const QJsonArray events = root.value(u"events"_s).toArray();
    for (const QJsonValue &v : events) {
        const QJsonObject o = v.toObject();
        EventInfo info;
        info.provider = o.value(u"provider"_s).toString();
        info.id = quint32(o.value(u"id"_s).toInteger(-1));
        info.level = o.value(u"level"_s).toString();
        info.title = o.value(u"title"_s).toString();
        info.meaning = o.value(u"meaning"_s).toString();
        info.fix = o.value(u"fix"_s).toString();
        info.important = o.value(u"important"_s).toBool();
        if (info.provider.isEmpty() || info.title.isEmpty())
            continue;
        k.m_index.insert(key(info.provider, info.id), k.m_events.size());
        k.m_events.append(info);
    }
    const QJsonArray channels = root.value(u"channels"_s).toArray();
    for (const QJsonValue &v : channels) {
        const QJsonObject o = v.toObject();
        k.m_channelDescriptions.insert(o.value(u"channel"_s).toString().toLower(),
                                       o.value(u"description"_s).toString());
    }
    return k;
}

const EventInfo *EventKnowledge::find(QStringView provider, quint32 id) const
{
    const auto it = m_index.constFind(key(provider, id));
    return it == m_index.constEnd() ? nullptr : &m_events[*it];
}

QString EventKnowledge::message(const EventRecord &record) const
{
    const EventInfo *info = find(record.provider, record.eventId);
    return info ? renderTitle(info->title, record) : QString();
}

// "{Operation}: {Step} failed[ ({ErrorCode})]": placeholders name fields; a bracketed part is
// kept only if every field it names has a value. Without braces the title is returned as is.
QString EventKnowledge::renderTitle(const QString &title, const EventRecord &record)
{
    if (!title.contains(u'{'))
        return title;
    QString out;
    QString segment; // the bracketed part being built
    bool inSegment = false;
    bool segmentComplete = true;
    for (qsizetype i = 0; i < title.size(); ++i) {
        const QChar c = title.at(i);
        QString &target = inSegment ? segment : out;
        if (c == u'[' && !inSegment) {
            inSegment = true;
            segment.clear();
            segmentComplete = true;
        } else if (c == u']' && inSegment) {
            inSegment = false;
            if (segmentComplete)
                out += segment;
        } else if (c == u'{') {
            const qsizetype end = title.indexOf(u'}', i);
            if (end < 0) {
                target += title.mid(i);
                break;
            }
            const QString value = record.value(QStringView(title).mid(i + 1, end - i - 1));
            if (value.isEmpty())
                segmentComplete = false;
            target += value;
            i = end;
        } else {
            target += c;
        }
    }
    if (inSegment && segmentComplete)
        out += segment;
    return out;
}

QString EventKnowledge::channelDescription(QStringView channel) const
{
    return m_channelDescriptions.value(channel.toString().toLower());
}

} // namespace Entra::Events
