#include "certificatefieldsmodel.h"

#include <QFont>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Models {

// Internal ids: 0 for a group, group number + 1 for a field of that group.

CertificateFieldsModel::CertificateFieldsModel(QObject *parent)
    : QAbstractItemModel(parent)
{ }

void CertificateFieldsModel::setRows(const QList<CertificateFieldRow> &rows)
{
    beginResetModel();
    m_groups.clear();
    for (const CertificateFieldRow &row : rows) {
        if (m_groups.isEmpty() || m_groups.constLast().title != row.group)
            m_groups.append({ row.group, {} });
        m_groups.last().rows.append(row);
    }
    endResetModel();
}

QString CertificateFieldsModel::value(const QString &group, const QString &name) const
{
    for (const Group &g : m_groups) {
        if (g.title != group)
            continue;
        for (const CertificateFieldRow &row : g.rows)
            if (row.name == name)
                return row.value;
    }
    return {};
}

QModelIndex CertificateFieldsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex CertificateFieldsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int CertificateFieldsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return int(m_groups.at(parent.row()).rows.size());
}

int CertificateFieldsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant CertificateFieldsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == 0) {
        if (role == Qt::DisplayRole && index.column() == FieldColumn)
            return m_groups.at(index.row()).title;
        if (role == Qt::FontRole) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    }
    const CertificateFieldRow &row = m_groups.at(int(index.internalId() - 1)).rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == FieldColumn ? row.name : row.value;
    case Qt::ToolTipRole:
        return row.note.isEmpty() ? row.value : row.value + u"\n\n"_s + row.note;
    case NoteRole:
        return row.note;
    }
    return {};
}

QVariant CertificateFieldsModel::headerData(int section, Qt::Orientation orientation,
                                            int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == FieldColumn ? u"Field"_s : u"Value"_s;
}

} // namespace Entra::Models
