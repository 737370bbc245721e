#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace Entra {

// One "Key : value" line, exactly as the source printed it (trimmed).
struct StatusField
{
    QString key;
    QString value;

    friend bool operator==(const StatusField &, const StatusField &) = default;
};

// One boxed section of `dsregcmd /status` ("Device State", "Work Account 1", ...).
struct StatusSection
{
    QString title;
    QList<StatusField> fields;

    // Keys are matched case-insensitively: builds differ ("HTTP status" vs "Https Status").
    const StatusField *find(QStringView key) const;
    bool contains(QStringView key) const { return find(key) != nullptr; }
    QString value(QStringView key) const;
    void set(const QString &key, const QString &value); // replaces the first match or appends

    friend bool operator==(const StatusSection &, const StatusSection &) = default;
};

// Where a snapshot came from and how its text was laid out.
enum class SourceKind {
    ThisDevice,
    DsregcmdText,
    StatusJson,
    Bundle,
};

enum class StatusLayout {
    Current,      // `dsregcmd /status` on Windows 10 1809 and later
    Old,          // `/status_old` and builds before 1809: one big Device State box
    JoinDebug,    // `dsregcmd /join /debug` transcript or an event's "Debug Output"
    ListAccounts, // `dsregcmd /listaccounts`
    Structured,   // JSON, a bundle, or collected from this device
};

QString sourceKindName(SourceKind kind);
QString layoutDescription(StatusLayout layout);

struct SnapshotOrigin
{
    SourceKind kind = SourceKind::ThisDevice;
    StatusLayout layout = StatusLayout::Structured;
    QString label;              // "This device", a file path, "Clipboard"
    QDateTime loadedAt;         // when the snapshot was made or read (UTC)
    QStringList unplacedLines;  // source lines that belong to no field (banners, debug text)
};

// Everything one source said about a device's registration state. The ordered sections are
// the single source of truth; the typed views in sections.h are derived from them, so nothing
// the source said is lost and nothing can get out of sync.
class StatusSnapshot
{
public:
    const QList<StatusSection> &sections() const { return m_sections; }
    bool isEmpty() const { return m_sections.isEmpty(); }

    const StatusSection *section(QStringView title) const;
    QList<const StatusSection *> sectionsStartingWith(QStringView prefix) const;
    QString value(QStringView sectionTitle, QStringView key) const;

    StatusSection &ensureSection(const QString &title); // appends an empty one if missing
    void setSection(const StatusSection &section);       // replaces by title or appends
    void appendSection(const StatusSection &section) { m_sections.append(section); }

    SnapshotOrigin origin;

    // Same sections and fields in the same order; the origin does not count.
    bool hasSameContent(const StatusSnapshot &other) const { return m_sections == other.m_sections; }

private:
    QList<StatusSection> m_sections;
};

} // namespace Entra
