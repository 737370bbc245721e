#include "statussnapshot.h"

using namespace Qt::Literals::StringLiterals;

namespace Entra {

const StatusField *StatusSection::find(QStringView key) const
{
    for (const StatusField &field : fields) {
        if (key.compare(field.key, Qt::CaseInsensitive) == 0)
            return &field;
    }
    return nullptr;
}

QString StatusSection::value(QStringView key) const
{
    const StatusField *field = find(key);
    return field ? field->value : QString();
}

void StatusSection::set(const QString &key, const QString &value)
{
    for (StatusField &field : fields) {
        if (key.compare(field.key, Qt::CaseInsensitive) == 0) {
            field.value = value;
            return;
        }
    }
    fields.append({key, value});
}

QString sourceKindName(SourceKind kind)
{
    switch (kind) {
    case SourceKind::ThisDevice:
        return u"This device"_s;
    case SourceKind::DsregcmdText:
        return u"dsregcmd text"_s;
    case SourceKind::StatusJson:
        return u"Status JSON"_s;
    case SourceKind::Bundle:
        break;
    }
    return u"Support bundle"_s;
}

QString layoutDescription(StatusLayout layout)
{
    switch (layout) {
    case StatusLayout::Current:
        return u"dsregcmd /status"_s;
    case StatusLayout::Old:
        return u"dsregcmd /status_old (layout of Windows 10 before 1809)"_s;
    case StatusLayout::JoinDebug:
        return u"dsregcmd /join /debug transcript"_s;
    case StatusLayout::ListAccounts:
        return u"dsregcmd /listaccounts"_s;
    case StatusLayout::Structured:
        break;
    }
    return u"structured status"_s;
}

const StatusSection *StatusSnapshot::section(QStringView title) const
{
    for (const StatusSection &s : m_sections) {
        if (title.compare(s.title, Qt::CaseInsensitive) == 0)
            return &s;
    }
    return nullptr;
}

QList<const StatusSection *> StatusSnapshot::sectionsStartingWith(QStringView prefix) const
{
    QList<const StatusSection *> found;
    for (const StatusSection &s : m_sections) {
        if (s.title.startsWith(prefix, Qt::CaseInsensitive))
            found.append(&s);
    }
    return found;
}

QString StatusSnapshot::value(QStringView sectionTitle, QStringView key) const
{
    const StatusSection *s = section(sectionTitle);
    return s ? s->value(key) : QString();
}

StatusSection &StatusSnapshot::ensureSection(const QString &title)
{
    for (StatusSection &s : m_sections) {
        if (title.compare(s.title, Qt::CaseInsensitive) == 0)
            return s;
    }
    m_sections.append(StatusSection{title, {}});
    return m_sections.last();
}

void StatusSnapshot::setSection(const StatusSection &section)
{
    ensureSection(section.title) = section;
}

} // namespace Entra
