#include "tpmpropertiesmodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Models {

namespace {

// What a healthy TPM shows, where there is one answer (DSREGCMD.md §9.1).
QString healthyValue(const QString &name)
{
    static const QStringList mustBeTrue = {
        u"TpmPresent"_s,
        u"TpmReady"_s,
        u"TpmEnabled"_s,
        u"TpmActivated"_s,
        u"TpmOwned"_s,
        u"RSA-2048"_s,
        u"SHA-256"_s,
        u"RSASSA"_s,
        u"RSA-OAEP"_s,
        u"RSAPSS"_s,
        u"ECC P-256"_s,
        u"StoragePrimary"_s,
        u"StorageHierarchyEnabled"_s,
    };
    if (mustBeTrue.contains(name))
        return u"True"_s;
    if (name == "LockedOut"_L1)
        return u"False"_s;
    if (name == "SpecFamily"_L1)
        return u"2.0"_s;
    return {};
}

QVariant rawValue(const QString &name, const QJsonObject &json)
{
    if (json.contains(name))
        return json.value(name).toVariant();
    const QJsonObject algorithms = json.value("Algorithms"_L1).toObject();
    if (algorithms.contains(name))
        return algorithms.value(name).toBool();
    if (name == "LockoutRecovery"_L1)
        return json.value("LockoutRecoverySeconds"_L1).toVariant();
    return {};
}

} // namespace

TpmPropertiesModel::TpmPropertiesModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void TpmPropertiesModel::setReport(const TpmReport &report)
{
    beginResetModel();
    m_rows.clear();
    const QJsonObject json = report.toJson();
    const QList<std::pair<QString, QString>> properties = report.properties();
    for (const auto &[name, value] : properties) {
        Row row;
        row.name = name;
        row.value = value;
        row.healthy = healthyValue(name);
        row.raw = rawValue(name, json);
        row.problem = !row.healthy.isEmpty() && row.value != row.healthy;
        m_rows.append(row);
    }
    endResetModel();
}

void TpmPropertiesModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int TpmPropertiesModel::problemCount() const
{
    return int(
        std::count_if(m_rows.cbegin(), m_rows.cend(), [](const Row &row) { return row.problem; }));
}

int TpmPropertiesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TpmPropertiesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TpmPropertiesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case PropertyColumn:
            return row.name;
        case ValueColumn:
            return row.value;
        case HealthyColumn:
            return row.healthy;
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (row.problem && index.column() == ValueColumn)
            return QBrush(QColor(0xb0, 0x1e, 0x1e));
        return {};
    case Qt::FontRole:
        if (row.problem && index.column() == ValueColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case RawValueRole:
        return row.raw;
    case ProblemRole:
        return row.problem;
    case KeyRole:
        return row.name;
    default:
        return {};
    }
}

QVariant TpmPropertiesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PropertyColumn:
        return u"Property"_s;
    case ValueColumn:
        return u"Value"_s;
    case HealthyColumn:
        return u"Healthy"_s;
    default:
        return {};
    }
}

QHash<int, QByteArray> TpmPropertiesModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(RawValueRole, "rawValue");
    names.insert(ProblemRole, "problem");
    names.insert(KeyRole, "key");
    return names;
}

} // namespace Entra::Models
