#pragma once

#include <QHash>
#include <QList>
#include <QRegularExpression>
#include <QString>

namespace Entra {

enum class ValueAssessment {
    Normal,
    Warning,   // worth a look
    Unhealthy, // a problem whatever the join type
};

struct FieldInfo
{
    QString section;
    QString key;
    QString meaning;
    QString healthy;
    QList<QRegularExpression> unhealthy;
    QList<QRegularExpression> warning;
};

struct CodeInfo
{
    QString code; // "0x801C0021", "AADSTS50126", "DirectoryError", "0x921"
    QString kind; // hresult, ntstatus, win32, aadsts, adfs, drs, tpm, http
    QString name;
    QString meaning;
    QString fix;
    QString reference;
};

// What the project knows about dsregcmd fields and error codes, from the JSON files in
// resources/knowledge (DSREGCMD.md §3 and §6). Immutable once loaded.
class KnowledgeBase
{
public:
    // The knowledge base compiled into the program; loaded on first use.
    static const KnowledgeBase &builtIn();

    static KnowledgeBase fromJson(const QByteArray &fieldsJson, const QByteArray &codesJson);

    // "Work Account 3" is looked up as "Work Account"; a key unknown in its section falls back
    // to the same key in any section.
    const FieldInfo *field(QStringView section, QStringView key) const;
    QString sectionDescription(QStringView section) const;
    ValueAssessment assess(QStringView section, QStringView key, QStringView value) const;

    // Accepts "0x801c0021", "-2145648607", "AADSTS50126", "DirectoryError", "0xc000006d".
    const CodeInfo *code(QStringView code) const;
    // Every known code mentioned in a value ("FAIL [0x801c0021/0x80072ee2]", "AADSTS50126: ...").
    QList<const CodeInfo *> codesMentionedIn(QStringView value) const;

    qsizetype fieldCount() const { return m_fields.size(); }
    qsizetype codeCount() const { return m_codes.size(); }

private:
    QList<FieldInfo> m_fields;
    QHash<QString, qsizetype> m_fieldBySectionKey; // "section\nkey", lower case
    QHash<QString, qsizetype> m_fieldByKey;        // first entry with that key
    QHash<QString, QString> m_sectionDescriptions; // lower-case title
    QList<CodeInfo> m_codes;
    QHash<QString, qsizetype> m_codeByNormalized;
};

} // namespace Entra
