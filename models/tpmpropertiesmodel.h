#pragma once

#include "tpm/tpmreport.h"

#include <QAbstractTableModel>

namespace Entra::Models {

// The properties of a TpmReport as a table (property, value, healthy value), in Get-Tpm's
// names and order, then what a TPM 2.0 adds. Each value also carries its raw (typed) value and
// whether it is a problem.
class TpmPropertiesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { PropertyColumn, ValueColumn, HealthyColumn, ColumnCount };
    enum Role {
        RawValueRole = Qt::UserRole + 1, // bool / number / string as in TpmReport::toJson()
        ProblemRole, // bool: differs from the healthy value
        KeyRole, // the property name
    };
    Q_ENUM(Role)

    explicit TpmPropertiesModel(QObject *parent = nullptr);

    void setReport(const TpmReport &report);
    void clear();
    int problemCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Row
    {
        QString name;
        QString value;
        QString healthy;
        QVariant raw;
        bool problem = false;
    };
    QList<Row> m_rows;
};

} // namespace Entra::Models
