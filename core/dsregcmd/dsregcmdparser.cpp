#include "dsregcmdparser.h"

#include "state/sectioncatalog.h"
#include "state/statusjson.h"
#include "textdecoding.h"

#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace Entra {
namespace {

constexpr qsizetype kMaxKeyLength = 40;
constexpr qsizetype kMaxKeyWords = 4;
constexpr qsizetype kMaxTitleLength = 60;
constexpr qsizetype kMaxLineLength = 4000;
// dsregcmd hard-wraps long values at about 90 columns; only lines that long can continue.
constexpr qsizetype kWrapCandidateLength = 70;

enum class LineKind { Blank, Rule, Title, Field, EndStatus, Other };

struct Line
{
    LineKind kind = LineKind::Other;
    QString raw;  // without the line break
    QString text; // trimmed
    QString key;
    QString value;
    bool colonAfterKey = false; // "Key: value" (old layout) rather than "Key : value"
};

bool isKeyChar(QChar c)
{
    return c.isLetterOrNumber() || c == u' ' || c == u'-' || c == u'_' || c == u'(' || c == u')';
}

bool isValidKey(QStringView key)
{
    if (key.isEmpty() || key.size() > kMaxKeyLength || !key.front().isLetterOrNumber())
        return false;
    if (key.count(u' ') >= kMaxKeyWords)
        return false;
    return std::all_of(key.begin(), key.end(), isKeyChar);
}

bool isValidTitle(QStringView title)
{
    if (title.isEmpty() || title.size() > kMaxTitleLength || !title.front().isLetter())
        return false;
    return std::all_of(title.begin(), title.end(), [](QChar c) {
        return c.isLetterOrNumber() || c == u' ' || c == u'-' || c == u'_';
    });
}

bool isRule(QStringView t)
{
    if (t.size() < 6 || t.front() != u'+')
        return false;
    const QStringView body = t.endsWith(u'+') ? t.mid(1, t.size() - 2) : t.mid(1);
    return std::all_of(body.begin(), body.end(), [](QChar c) { return c == u'-'; });
}

Line classify(const QString &raw)
{
    Line line;
    line.raw = raw;
    line.text = raw.trimmed();
    const QString &t = line.text;
    if (t.isEmpty()) {
        line.kind = LineKind::Blank;
        return line;
    }
    if (t.size() > kMaxLineLength || t.startsWith(u"```"))
        return line;
    if (isRule(t)) {
        line.kind = LineKind::Rule;
        return line;
    }
    if (t.startsWith(u'|')) {
        QStringView title = QStringView(t).mid(1);
        if (title.endsWith(u'|'))
            title.chop(1);
        title = title.trimmed();
        if (isValidTitle(title)) {
            line.kind = LineKind::Title;
            line.key = title.toString();
        }
        return line;
    }
    if (t == u"DSREGCMD_END_STATUS") {
        line.kind = LineKind::EndStatus;
        return line;
    }
    // Split on the first colon followed by a space or the end of the line: values hold URLs,
    // times and "AADSTS50126: ..." texts, keys never hold colons.
    qsizetype colon = -1;
    for (qsizetype i = t.indexOf(u':'); i >= 0; i = t.indexOf(u':', i + 1)) {
        if (i + 1 == t.size() || t.at(i + 1).isSpace()) {
            colon = i;
            break;
        }
    }
    if (colon <= 0)
        return line;
    const QString key = t.left(colon).trimmed();
    if (!isValidKey(key))
        return line;
    QString value = t.mid(colon + 1).trimmed();
    if (value.startsWith(u':')) // "KeySignTest: : MUST Run elevated to test." (pre-1809)
        value = value.mid(1).trimmed();
    line.kind = LineKind::Field;
    line.key = key;
    line.value = value;
    line.colonAfterKey = t.at(colon - 1) != u' ';
    return line;
}

bool isFooterOrProgress(QStringView t)
{
    return t.startsWith(u"For more information", Qt::CaseInsensitive)
        || t.startsWith(u"Waiting for Diagnostics", Qt::CaseInsensitive);
}

const QSet<QString> &joinDebugKeys()
{
    static const QSet<QString> keys{
        u"precheckresult"_s, u"isprivatekeyfound"_s, u"isjoined"_s,      u"isdcavailable"_s,
        u"issystem"_s,       u"dsrinstance"_s,       u"drsinstance"_s,   u"devicekeyshealthy"_s,
        u"joinmode"_s,       u"errorphase"_s,        u"adalresponsecode"_s, u"adalerrorcode"_s,
    };
    return keys;
}

StatusLayout detectLayout(const QList<Line> &lines)
{
    int oldStyle = 0, newStyle = 0;
    bool anyTitle = false;
    for (const Line &line : lines) {
        if (line.kind == LineKind::EndStatus)
            return StatusLayout::JoinDebug;
        if (line.text.startsWith(u"Call ListAccounts") || line.text.startsWith(u"Accounts found:"))
            return StatusLayout::ListAccounts;
        if (line.kind == LineKind::Other
            && (line.text.contains(u"DsrCmd") || line.text.contains(u"dsregcmd::wmain")))
            return StatusLayout::JoinDebug;
        if (line.kind == LineKind::Field) {
            if (joinDebugKeys().contains(line.key.toLower()))
                return StatusLayout::JoinDebug;
            (line.colonAfterKey ? oldStyle : newStyle)++;
        }
        anyTitle = anyTitle || line.kind == LineKind::Title;
    }
    return anyTitle && oldStyle > newStyle ? StatusLayout::Old : StatusLayout::Current;
}

// Places lines into sections; one instance per parse.
class SectionBuilder
{
public:
    explicit SectionBuilder(StatusLayout layout) : m_layout(layout)
    {
        m_snapshot.origin.kind = SourceKind::DsregcmdText;
        m_snapshot.origin.layout = layout;
    }

    void run(const QList<Line> &lines)
    {
        if (m_layout == StatusLayout::ListAccounts)
            return runListAccounts(lines);
        for (const Line &line : lines)
            take(line);
        if (m_layout == StatusLayout::Old)
            sortCanonically();
    }

    StatusSnapshot &snapshot() { return m_snapshot; }

private:
    void take(const Line &line)
    {
        switch (line.kind) {
        case LineKind::Blank:
            return;
        case LineKind::Rule:
            m_lastField = {};
            return;
        case LineKind::Title:
            m_currentTitle = line.key;
            m_snapshot.ensureSection(line.key);
            m_lastField = {};
            return;
        case LineKind::EndStatus:
            m_afterEndStatus = true;
            m_lastField = {};
            return;
        case LineKind::Field:
            if (m_layout == StatusLayout::JoinDebug
                && line.key.compare(u"AdalLog", Qt::CaseInsensitive) == 0)
                break; // ADAL's trace lines, kept verbatim below
            addField(targetSectionFor(line.key), line);
            return;
        case LineKind::Other:
            if (continuesLastValue(line)) {
                appendToLastValue(line);
                return;
            }
            break;
        }
        m_lastField = {};
        m_snapshot.origin.unplacedLines.append(line.text);
    }

    QString targetSectionFor(const QString &key) const
    {
        if (m_layout == StatusLayout::JoinDebug && !m_afterEndStatus && m_currentTitle.isEmpty())
            return SectionCatalog::kJoinDebug.toString();
        const QString home = SectionCatalog::homeSectionOf(key);
        if (m_currentTitle.isEmpty())
            return home.isEmpty() ? u"Other"_s : home;
        // The old layout put device, tenant and PRT fields in two boxes; move them home.
        if (m_layout == StatusLayout::Old && !home.isEmpty())
            return home;
        return m_currentTitle;
    }

    void addField(const QString &title, const Line &line)
    {
        StatusSection &section = m_snapshot.ensureSection(title);
        section.fields.append({line.key, line.value});
        m_lastField = LastField{title, section.fields.size() - 1, line.raw};
    }

    bool continuesLastValue(const Line &line) const
    {
        return m_layout != StatusLayout::JoinDebug && m_lastField
            && m_lastField->rawLine.size() >= kWrapCandidateLength
            && !isFooterOrProgress(line.text) && !line.text.contains(u"::");
    }

    void appendToLastValue(const Line &line)
    {
        StatusField &field =
            m_snapshot.ensureSection(m_lastField->title).fields[m_lastField->index];
        // A wrap inside a word leaves no space; a wrap at a space leaves one at either edge.
        const bool spaced = m_lastField->rawLine.endsWith(u' ') || line.raw.startsWith(u' ');
        field.value += (spaced ? u" "_s : QString()) + line.text;
        m_lastField->rawLine = line.raw;
    }

    void runListAccounts(const QList<Line> &lines)
    {
        StatusSection section{SectionCatalog::kWamAccounts.toString(), {}};
        QString group;
        int number = 0;
        for (const Line &line : lines) {
            const QString &t = line.text;
            auto valueAfter = [&t](QStringView prefix) {
                QString v = t.mid(prefix.size()).trimmed();
                if (v.endsWith(u'.'))
                    v.chop(1);
                return v;
            };
            if (t.startsWith(u"User accounts:")) {
                group = u"User"_s;
                number = 0;
            } else if (t.startsWith(u"Application accounts:")) {
                group = u"Application"_s;
                number = 0;
            } else if (t.startsWith(u"Accounts found:") && !group.isEmpty()) {
                section.fields.append(
                    {group + u" Accounts Found"_s, valueAfter(u"Accounts found:")});
            } else if (t.startsWith(u"Account:") && !group.isEmpty()) {
                section.fields.append(
                    {u"%1 Account %2"_s.arg(group).arg(++number), valueAfter(u"Account:")});
            } else if (t.startsWith(u"Default account:")) {
                section.fields.append({u"Default Account"_s, valueAfter(u"Default account:")});
            } else if (line.kind != LineKind::Blank) {
                m_snapshot.origin.unplacedLines.append(t);
            }
        }
        if (!section.fields.isEmpty())
            m_snapshot.appendSection(section);
    }

    void sortCanonically()
    {
        QList<StatusSection> sections = m_snapshot.sections();
        std::stable_sort(sections.begin(), sections.end(),
                         [](const StatusSection &a, const StatusSection &b) {
                             return SectionCatalog::canonicalRank(a.title)
                                 < SectionCatalog::canonicalRank(b.title);
                         });
        StatusSnapshot sorted;
        sorted.origin = m_snapshot.origin;
        for (const StatusSection &section : std::as_const(sections))
            sorted.appendSection(section);
        m_snapshot = sorted;
    }

    struct LastField
    {
        QString title;
        qsizetype index = 0;
        QString rawLine;
    };

    StatusLayout m_layout;
    StatusSnapshot m_snapshot;
    QString m_currentTitle;
    bool m_afterEndStatus = false;
    std::optional<LastField> m_lastField;
};

bool saysSomethingKnown(const StatusSnapshot &snapshot)
{
    for (const StatusSection &section : snapshot.sections()) {
        if (SectionCatalog::isKnownTitle(section.title) && section.title != u"Other")
            return true;
        for (const StatusField &field : section.fields) {
            if (!SectionCatalog::homeSectionOf(field.key).isEmpty())
                return true;
        }
    }
    return false;
}

Error notDsregcmd(const QString &message)
{
    return Error{ErrorDomain::Parse, 0, message,
                 u"Expected %1."_s.arg(DsregcmdParser::expectedInput()), {}};
}

} // namespace

QString DsregcmdParser::expectedInput()
{
    return u"the text printed by `dsregcmd /status` (boxes such as \"| Device State |\" followed "
           u"by lines such as \"AzureAdJoined : YES\")"_s;
}

Result<StatusSnapshot> DsregcmdParser::parse(const QByteArray &bytes)
{
    Result<QString> text = TextDecoding::decode(bytes, expectedInput());
    if (!text)
        return text.error();
    return parseText(*text);
}

Result<StatusSnapshot> DsregcmdParser::parseText(const QString &text)
{
    if (StatusJson::looksLikeJson(text))
        return notDsregcmd(u"This is JSON, not dsregcmd text."_s);
    const QStringView trimmed = QStringView(text).trimmed();
    if (trimmed.isEmpty())
        return notDsregcmd(u"The input is empty."_s);
    if (trimmed.startsWith(u'<'))
        return notDsregcmd(u"This is XML or HTML, not dsregcmd text."_s);

    QList<Line> lines;
    const QStringList rawLines = text.split(u'\n');
    lines.reserve(rawLines.size());
    for (const QString &raw : rawLines)
        lines.append(classify(raw.endsWith(u'\r') ? raw.chopped(1) : raw));

    SectionBuilder builder(detectLayout(lines));
    builder.run(lines);
    StatusSnapshot &snapshot = builder.snapshot();
    if (!saysSomethingKnown(snapshot))
        return notDsregcmd(u"No dsregcmd sections or fields were found in %1 lines of text."_s.arg(
            rawLines.size()));
    return snapshot;
}

} // namespace Entra
