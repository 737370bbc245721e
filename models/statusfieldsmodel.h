#pragma once

#include "knowledge/knowledgebase.h"
#include "state/statussnapshot.h"

#include <QAbstractItemModel>

#include <functional>

namespace Entra::Models {

// A two-level tree of a snapshot: sections, then their fields. Which sections it shows is
// decided by a predicate on the title, so one model class serves every status page.
// Columns: field, value, healthy value. Each field also carries its meaning, its assessment
// and the explanation of any error code in its value.
class StatusFieldsModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { FieldColumn, ValueColumn, HealthyColumn, ColumnCount };
    enum Role {
        AssessmentRole = Qt::UserRole + 1, // ValueAssessment as int
        MeaningRole,
        HealthyRole,
        SectionTitleRole,
        KeyRole,
        RawValueRole,
        CodeExplanationRole, // plain text: each known code in the value with meaning and fix
        IsSectionRole,
    };
    Q_ENUM(Role)

    using SectionFilter = std::function<bool(QStringView title)>;

    explicit StatusFieldsModel(const KnowledgeBase &knowledge, SectionFilter filter,
                               QObject *parent = nullptr);

    void setSnapshot(const StatusSnapshot &snapshot);
    // Number of fields the knowledge base marks unhealthy or worth a warning.
    int problemCount() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    // internalId 0 marks a section row; n > 0 a field of section n - 1.
    static constexpr quintptr kSectionRow = 0;

    QVariant sectionData(const StatusSection &section, int column, int role) const;
    QVariant fieldData(const StatusSection &section, const StatusField &field, int column,
                       int role) const;
    QString codeExplanation(QStringView value) const;

    const KnowledgeBase &m_knowledge;
    SectionFilter m_filter;
    QList<StatusSection> m_sections;
};

} // namespace Entra::Models
