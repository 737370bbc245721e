#include "eventdetailsview.h"

#include "events/eventknowledge.h"
#include "knowledge/knowledgebase.h"

using namespace Qt::Literals::StringLiterals;
using namespace Entra::Events;

namespace Entra::Ui {

namespace {

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString row(const QString &name, const QString &value)
{
    return u"<tr><td style=\"padding-right:12px\"><b>%1</b></td><td>%2</td></tr>"_s.arg(
        esc(name), esc(value).replace(u'\n', u"<br>"_s));
}

} // namespace

EventDetailsView::EventDetailsView(const EventKnowledge &events, const KnowledgeBase &codes,
                                   QWidget *parent)
    : QTextBrowser(parent)
    , m_events(events)
    , m_codes(codes)
{
    setOpenExternalLinks(false);
    showNothing();
}

void EventDetailsView::showNothing()
{
    clear();
    setPlaceholderText(u"Select an event to see its fields, what it means and how to fix it."_s);
}

void EventDetailsView::showRecord(const EventRecord &record, const QString &sourceLabel)
{
    setHtml(html(record, sourceLabel, m_events, m_codes));
}

QString EventDetailsView::html(const EventRecord &r, const QString &sourceLabel,
                               const EventKnowledge &events, const KnowledgeBase &codes)
{
    const EventInfo *info = events.find(r.provider, r.eventId);
    const QString message = events.message(r);
    QString out = u"<h3>%1</h3>"_s.arg(
        esc(message.isEmpty() ? u"Event %1 from %2"_s.arg(r.eventId).arg(r.provider) : message));

    if (info) {
        out += u"<p><b>What it means:</b> %1</p>"_s.arg(esc(info->meaning));
        if (!info->fix.isEmpty())
            out += u"<p><b>What to do:</b> %1</p>"_s.arg(esc(info->fix));
    } else {
        out += u"<p><i>Entra Doctor has no explanation for event %1 of %2; the fields below "
               u"are what the event recorded.</i></p>"_s.arg(r.eventId)
                   .arg(esc(r.provider));
    }

    // Codes in any field: the knowledge base's meaning and fix.
    QList<const CodeInfo *> found;
    for (const EventField &f : r.data) {
        QList<const CodeInfo *> inField = codes.codesMentionedIn(f.value);
        if (const CodeInfo *whole = codes.code(f.value.trimmed()))
            inField.prepend(whole);
        for (const CodeInfo *code : inField) {
            if (!found.contains(code))
                found.append(code);
        }
    }
    if (!found.isEmpty()) {
        out += u"<h4>Error codes</h4>"_s;
        for (const CodeInfo *code : found) {
            out += u"<p><b>%1</b>%2: %3"_s.arg(
                esc(code->code), code->name.isEmpty() ? QString() : u" (%1)"_s.arg(esc(code->name)),
                esc(code->meaning));
            if (!code->fix.isEmpty())
                out += u"<br><i>Fix:</i> %1"_s.arg(esc(code->fix));
            out += u"</p>"_s;
        }
    }

    out += u"<h4>Event</h4><table>"_s;
    out += row(u"Time (UTC)"_s,
               r.timeCreated.isValid() ? r.timeCreated.toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s)
                                       : u"(none)"_s);
    out += row(u"Level"_s, levelName(r.level));
    out += row(u"Event ID"_s, QString::number(r.eventId));
    out += row(u"Provider"_s,
               r.eventSourceName.isEmpty() || r.eventSourceName == r.provider
                   ? r.provider
                   : u"%1 (source %2)"_s.arg(r.provider, r.eventSourceName));
    out += row(u"Channel"_s, r.channel);
    if (!r.computer.isEmpty())
        out += row(u"Computer"_s, r.computer);
    out += row(u"Record ID"_s, QString::number(r.recordId));
    if (!sourceLabel.isEmpty())
        out += row(u"File"_s, sourceLabel);
    out += u"</table>"_s;

    if (!r.data.isEmpty()) {
        out += u"<h4>Fields</h4><table>"_s;
        for (const EventField &f : r.data)
            out += row(f.name, f.value);
        out += u"</table>"_s;
    }
    const QString channel = events.channelDescription(r.channel);
    if (!channel.isEmpty())
        out += u"<p><b>About %1:</b> %2</p>"_s.arg(esc(r.channel), esc(channel));
    return out;
}

} // namespace Entra::Ui
