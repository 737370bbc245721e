#include "statusfieldsmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Models {

StatusFieldsModel::StatusFieldsModel(const KnowledgeBase &knowledge, SectionFilter filter,
                                     QObject *parent)
    : QAbstractItemModel(parent)
    , m_knowledge(knowledge)
    , m_filter(std::move(filter))
{
}

void StatusFieldsModel::setSnapshot(const StatusSnapshot &snapshot)
{
    beginResetModel();
    m_sections.clear();
    for (const StatusSection &section : snapshot.sections()) {
        if (m_filter(section.title))
            m_sections.append(section);
    }
    endResetModel();
}

int StatusFieldsModel::problemCount() const
{
    int count = 0;
    for (const StatusSection &section : m_sections) {
        for (const StatusField &field : section.fields)
            count += m_knowledge.assess(section.title, field.key, field.value)
                != ValueAssessment::Normal;
    }
    return count;
}

QModelIndex StatusFieldsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kSectionRow);
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex StatusFieldsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kSectionRow)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kSectionRow);
}

int StatusFieldsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_sections.size());
    if (parent.internalId() == kSectionRow && parent.column() == 0)
        return int(m_sections.at(parent.row()).fields.size());
    return 0;
}

int StatusFieldsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant StatusFieldsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == kSectionRow)
        return sectionData(m_sections.at(index.row()), index.column(), role);
    const StatusSection &section = m_sections.at(int(index.internalId() - 1));
    return fieldData(section, section.fields.at(index.row()), index.column(), role);
}

QVariant StatusFieldsModel::sectionData(const StatusSection &section, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        return column == FieldColumn ? QVariant(section.title) : QVariant();
    case Qt::ToolTipRole:
        return m_knowledge.sectionDescription(section.title);
    case Qt::FontRole: {
        QFont font;
        font.setBold(true);
        return font;
    }
    case SectionTitleRole:
        return section.title;
    case IsSectionRole:
        return true;
    default:
        return {};
    }
}

QVariant StatusFieldsModel::fieldData(const StatusSection &section, const StatusField &field,
                                      int column, int role) const
{
    const FieldInfo *info = m_knowledge.field(section.title, field.key);
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case FieldColumn:
            return field.key;
        case ValueColumn:
            return field.value.isEmpty() ? u"(empty)"_s : field.value;
        case HealthyColumn:
            return info ? info->healthy : QString();
        }
        return {};
    case Qt::ToolTipRole: {
        QStringList parts;
        if (info && !info->meaning.isEmpty())
            parts << info->meaning;
        if (info && !info->healthy.isEmpty())
            parts << u"Healthy: "_s + info->healthy;
        const QString codes = codeExplanation(field.value);
        if (!codes.isEmpty())
            parts << codes;
        return parts.join(u"\n\n"_s);
    }
    case Qt::ForegroundRole:
        if (column != ValueColumn)
            return {};
        switch (m_knowledge.assess(section.title, field.key, field.value)) {
        case ValueAssessment::Unhealthy:
            return QBrush(QColor(0xb0, 0x1e, 0x1e));
        case ValueAssessment::Warning:
            return QBrush(QColor(0x9a, 0x5b, 0x00));
        case ValueAssessment::Normal:
            return {};
        }
        return {};
    case Qt::FontRole:
        if (column == ValueColumn
            && m_knowledge.assess(section.title, field.key, field.value)
                == ValueAssessment::Unhealthy) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case AssessmentRole:
        return int(m_knowledge.assess(section.title, field.key, field.value));
    case MeaningRole:
        return info ? info->meaning : QString();
    case HealthyRole:
        return info ? info->healthy : QString();
    case SectionTitleRole:
        return section.title;
    case KeyRole:
        return field.key;
    case RawValueRole:
        return field.value;
    case CodeExplanationRole:
        return codeExplanation(field.value);
    case IsSectionRole:
        return false;
    default:
        return {};
    }
}

QString StatusFieldsModel::codeExplanation(QStringView value) const
{
    QStringList lines;
    for (const CodeInfo *code : m_knowledge.codesMentionedIn(value)) {
        QString line = code->code;
        if (!code->name.isEmpty())
            line += u" ("_s + code->name + u')';
        line += u": "_s + code->meaning;
        if (!code->fix.isEmpty())
            line += u" Fix: "_s + code->fix;
        lines << line;
    }
    return lines.join(u'\n');
}

QVariant StatusFieldsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FieldColumn:
        return u"Field"_s;
    case ValueColumn:
        return u"Value"_s;
    case HealthyColumn:
        return u"Healthy value"_s;
    }
    return {};
}

QHash<int, QByteArray> StatusFieldsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(AssessmentRole, "assessment");
    names.insert(MeaningRole, "meaning");
    names.insert(HealthyRole, "healthy");
    names.insert(SectionTitleRole, "sectionTitle");
    names.insert(KeyRole, "key");
    names.insert(RawValueRole, "rawValue");
    names.insert(CodeExplanationRole, "codeExplanation");
    names.insert(IsSectionRole, "isSection");
    return names;
}

} // namespace Entra::Models
