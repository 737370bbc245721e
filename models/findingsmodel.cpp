#include "findingsmodel.h"

#include <QColor>
#include <QFont>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Models {

FindingsModel::FindingsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void FindingsModel::setFindings(const QList<Finding> &findings)
{
    beginResetModel();
    m_findings = findings;
    endResetModel();
}

const Finding *FindingsModel::findingAt(int row) const
{
    return row >= 0 && row < m_findings.size() ? &m_findings.at(row) : nullptr;
}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_findings.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QColor FindingsModel::outcomeColor(CheckOutcome outcome)
{
    switch (outcome) {
    case CheckOutcome::Fail:
        return QColor(0xc6, 0x28, 0x28);
    case CheckOutcome::Warn:
        return QColor(0xb2, 0x6a, 0x00);
    case CheckOutcome::Info:
        return QColor(0x15, 0x65, 0xc0);
    case CheckOutcome::Pass:
        return QColor(0x2e, 0x7d, 0x32);
    case CheckOutcome::Skip:
        break;
    }
    return QColor(0x75, 0x75, 0x75);
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Finding &f = m_findings.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ResultColumn:
            return outcomeLabel(f.outcome);
        case TitleColumn:
            return f.title;
        case IdColumn:
            return f.id;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == ResultColumn)
            return outcomeColor(f.outcome);
        return {};
    case Qt::FontRole:
        if (index.column() == ResultColumn
            || (index.column() == TitleColumn && isProblem(f.outcome))) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole:
        return f.evidence.join(u'\n');
    case OutcomeRole:
        return int(f.outcome);
    case ProblemRole:
        return isProblem(f.outcome);
    case IdRole:
        return f.id;
    case EvidenceRole:
        return f.evidence;
    case CauseRole:
        return f.cause;
    case FixStepsRole:
        return f.fixSteps;
    case ReferenceRole:
        return f.reference;
    }
    return {};
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ResultColumn:
        return u"Result"_s;
    case TitleColumn:
        return u"Check"_s;
    case IdColumn:
        return u"Id"_s;
    }
    return {};
}

QHash<int, QByteArray> FindingsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(OutcomeRole, "outcome");
    names.insert(ProblemRole, "problem");
    names.insert(IdRole, "id");
    names.insert(EvidenceRole, "evidence");
    names.insert(CauseRole, "cause");
    names.insert(FixStepsRole, "fixSteps");
    names.insert(ReferenceRole, "reference");
    return names;
}

void FindingsFilterModel::setProblemsOnly(bool problemsOnly)
{
    if (m_problemsOnly == problemsOnly)
        return;
    m_problemsOnly = problemsOnly;
    invalidateFilter();
}

bool FindingsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_problemsOnly)
        return true;
    return sourceModel()
        ->index(sourceRow, 0, sourceParent)
        .data(FindingsModel::ProblemRole)
        .toBool();
}

} // namespace Entra::Models
