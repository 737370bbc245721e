#include "eventscommand.h"

#include "common/jsontext.h"

#include "events/eventfilter.h"
#include "events/eventknowledge.h"
#include "events/eventfilereader.h"

#include <QFileInfo>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;
using namespace Entra::Events;

namespace Entra::Cli {

namespace {

// One record as one JSON line, keys in the contract's order (ARCHITECTURE.md). A field name that
// occurs more than once (an array value) maps to an array of its values.
QByteArray jsonLine(const EventRecord &r, const QString &message)
{
    QByteArray out;
    out.reserve(512);
    out += "{\"Channel\":";
    appendJsonString(out, r.channel);
    out += ",\"Provider\":";
    appendJsonString(out, r.provider);
    out += ",\"EventID\":" + QByteArray::number(r.eventId);
    out += ",\"Level\":" + QByteArray::number(r.level);
    out += ",\"TimeCreated\":";
    appendJsonString(out, r.timeCreated.toString(Qt::ISODateWithMs));
    out += ",\"RecordId\":" + QByteArray::number(r.recordId);
    out += ",\"Computer\":";
    appendJsonString(out, r.computer);
    out += ",\"Data\":{";
    QList<QString> done;
    bool first = true;
    for (qsizetype i = 0; i < r.data.size(); ++i) {
        const QString &name = r.data[i].name;
        if (done.contains(name))
            continue;
        QList<qsizetype> same;
        for (qsizetype j = i; j < r.data.size(); ++j) {
            if (r.data[j].name == name)
                same.append(j);
        }
        if (!first)
            out += ',';
        first = false;
        appendJsonString(out, name);
        out += ':';
        if (same.size() == 1) {
            appendJsonString(out, r.data[i].value);
        } else {
            out += '[';
            for (qsizetype k = 0; k < same.size(); ++k) {
                if (k)
                    out += ',';
                appendJsonString(out, r.data[same[k]].value);
            }
            out += ']';
            done.append(name);
        }
    }
    out += '}';
    if (!message.isEmpty()) {
        out += ",\"Message\":";
        appendJsonString(out, message);
    }
    out += "}\n";
    return out;
}

QString textLine(const EventRecord &r, const QString &message)
{
    QString line = r.timeCreated.toString(Qt::ISODateWithMs) + u"  "_s
        + levelName(r.level).leftJustified(11) + u"  "_s
        + QString::number(r.eventId).rightJustified(5) + u"  "_s + r.provider + u"  "_s;
    if (!message.isEmpty()) {
        line += message;
    } else {
        QStringList fields;
        for (const EventField &f : r.data) {
            QString v = f.value.simplified();
            if (v.size() > 100)
                v = v.left(99) + u'\u2026';
            fields.append(f.name + u'=' + v);
        }
        line += fields.join(u"; "_s);
    }
    return line + u'\n';
}

} // namespace

QString EventsCommand::name() const
{
    return u"events"_s;
}

QString EventsCommand::summary() const
{
    return u"List the events of exported Windows event logs (.evtx) and of Entra Doctor's "
           u"operation log (operations.jsonl), filtered."_s;
}

QString EventsCommand::argumentsSyntax() const
{
    return u"FILE..."_s;
}

QList<QCommandLineOption> EventsCommand::options() const
{
    return {
        { u"json"_s, u"Print one JSON object per event and line."_s },
        { u"count"_s, u"Print only the number of matching events."_s },
        { u"channel"_s, u"Only events of this channel (may be repeated)."_s, u"NAME"_s },
        { u"id"_s, u"Only these event ids: 4624, 4624,4625 or 100-111."_s, u"N"_s },
        { u"level"_s,
          u"Only these levels: critical, error, warning, information, verbose or "
          u"numbers, comma-separated."_s,
          u"L"_s },
        { u"since"_s, u"Only events created at or after this ISO 8601 time (UTC if no zone)."_s,
          u"ISO"_s },
        { u"until"_s, u"Only events created at or before this ISO 8601 time."_s, u"ISO"_s },
        { u"text"_s, u"Only events that mention this text (provider, computer, fields)."_s,
          u"S"_s },
    };
}

int EventsCommand::run(const Invocation &invocation)
{
    const QCommandLineParser &p = invocation.parser;
    QTextStream &err = invocation.err;
    auto usage = [&](const QString &message, const QString &fix = {}) {
        err << "entra-doctor events: " << message << '\n';
        if (!fix.isEmpty())
            err << fix << '\n';
        return ExitUsage;
    };
    if (invocation.arguments.isEmpty())
        return usage(u"no event log file given."_s, u"Usage: entra-doctor events FILE..."_s);
    const bool json = p.isSet(u"json"_s);
    const bool count = p.isSet(u"count"_s);
    if (json && count)
        return usage(u"--json and --count cannot be combined."_s);

    EventFilter filter;
    filter.setChannels(p.values(u"channel"_s));
    if (p.isSet(u"id"_s)) {
        const auto ids = EventFilter::parseIds(p.value(u"id"_s));
        if (!ids)
            return usage(ids.error().message, ids.error().fix);
        filter.setIds(*ids);
    }
    if (p.isSet(u"level"_s)) {
        const auto levels = EventFilter::parseLevels(p.value(u"level"_s));
        if (!levels)
            return usage(levels.error().message, levels.error().fix);
        filter.setLevels(*levels);
    }
    for (const QString &option : { u"since"_s, u"until"_s }) {
        if (!p.isSet(option))
            continue;
        const auto time = EventFilter::parseTime(p.value(option));
        if (!time)
            return usage(time.error().message, time.error().fix);
        if (option == u"since")
            filter.setSince(*time);
        else
            filter.setUntil(*time);
    }
    filter.setText(p.value(u"text"_s));

    const EventKnowledge &knowledge = EventKnowledge::builtIn();
    QTextStream &out = invocation.out;
    qint64 matched = 0;
    int exitCode = ExitOk;
    for (const QString &path : invocation.arguments) {
        const auto summary = readEventFile(path, [&](EvtxBatch &&batch) {
            for (const EventRecord &r : std::as_const(batch.records)) {
                if (!filter.matches(r))
                    continue;
                ++matched;
                if (count)
                    continue;
                const QString message = knowledge.message(r);
                if (json) {
                    out.flush();
                    const QByteArray line = jsonLine(r, message);
                    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
                } else {
                    out << textLine(r, message);
                }
            }
            return true;
        });
        out.flush();
        std::fflush(stdout);
        if (!summary) {
            err << "entra-doctor events: " << summary.error().message << '\n';
            if (!summary.error().fix.isEmpty())
                err << summary.error().fix << '\n';
            exitCode = ExitUsage;
            continue;
        }
        const EvtxSummary &s = *summary;
        const qsizetype problems = s.issues.size() - s.count(EvtxIssue::Severity::Info);
        if (problems > 0 || invocation.global.verbose) {
            err << QFileInfo(path).fileName() << ": " << s.records << " events read";
            if (s.recordsSkipped > 0)
                err << ", " << s.recordsSkipped << " damaged records skipped";
            if (problems > 0)
                err << "; the file is damaged (" << problems << " problems)";
            err << '\n';
            if (invocation.global.verbose) {
                for (const EvtxIssue &issue : s.issues)
                    err << "  " << issue.toString() << '\n';
                if (s.issuesDropped > 0)
                    err << "  ... and " << s.issuesDropped << " more\n";
            } else if (problems > 0) {
                err << "  run with -v to list them\n";
            }
        }
    }
    if (count)
        out << matched << '\n';
    return exitCode;
}

} // namespace Entra::Cli
