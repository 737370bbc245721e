#include "eventknowledge.h"

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

QString EventKnowledge::channelDescription(QStringView channel) const
{
    return m_channelDescriptions.value(channel.toString().toLower());
}

} // namespace Entra::Events
