#pragma once

#include "diagnostics/finding.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace Entra::Models {

// Check results as a table (result, check, id), most severe first as given. Each row also
// carries the whole finding through roles, for a details pane.
class FindingsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { ResultColumn, TitleColumn, IdColumn, ColumnCount };
    enum Role {
        OutcomeRole = Qt::UserRole + 1, // int(CheckOutcome), for sorting by severity
        ProblemRole, // bool: fail or warn
        IdRole,
        EvidenceRole, // QStringList
        CauseRole, // QString
        FixStepsRole, // QStringList
        ReferenceRole, // QString
    };
    Q_ENUM(Role)

    explicit FindingsModel(QObject *parent = nullptr);

    void setFindings(const QList<Finding> &findings);
    const QList<Finding> &findings() const { return m_findings; }
    const Finding *findingAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    static QColor outcomeColor(CheckOutcome outcome);

private:
    QList<Finding> m_findings;
};

// "Problems only": keeps the fail and warn rows (core's isProblem()).
class FindingsFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setProblemsOnly(bool problemsOnly);
    bool problemsOnly() const { return m_problemsOnly; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool m_problemsOnly = false;
};

} // namespace Entra::Models
