#pragma once

#include "certs/certificatereport.h"

#include <QAbstractItemModel>

namespace Entra::Models {

// A certificate's description as a two-level tree: groups (Certificate, Device registration,
// Extensions), then field / value rows. How a value was encoded is the row's NoteRole and
// tooltip.
class CertificateFieldsModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { FieldColumn, ValueColumn, ColumnCount };
    enum Role { NoteRole = Qt::UserRole + 1 };

    explicit CertificateFieldsModel(QObject *parent = nullptr);

    void setRows(const QList<CertificateFieldRow> &rows);
    void clear() { setRows({}); }
    // The value of `group`/`name`, or a null string; for tests and "copy value".
    QString value(const QString &group, const QString &name) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Group
    {
        QString title;
        QList<CertificateFieldRow> rows;
    };
    QList<Group> m_groups;
};

} // namespace Entra::Models
