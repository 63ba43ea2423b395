#include "GrowthModel.h"
#include "Format.h"

#include <algorithm>

GrowthModel::GrowthModel(QObject* parent) : QAbstractTableModel(parent) {}

void GrowthModel::setPoints(QList<GrowthPoint> points)
{
    std::stable_sort(points.begin(), points.end(),
                     [](const GrowthPoint& a, const GrowthPoint& b) { return a.time < b.time; });
    beginResetModel();
    m_points = std::move(points);
    endResetModel();
}

qint64 GrowthModel::maxSize() const
{
    qint64 m = 0;
    for (const GrowthPoint& p : m_points)
        m = std::max(m, p.size.value_or(0));
    return m;
}

qint64 GrowthModel::maxAdded() const
{
    qint64 m = 0;
    for (const GrowthPoint& p : m_points)
        m = std::max(m, p.added.value_or(0));
    return m;
}

int GrowthModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_points.size());
}

int GrowthModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {
QVariant bytes(const std::optional<qint64>& value)
{
    return value ? QVariant(*value) : QVariant();
}

QString shortUuid(const QString& uuid)
{
    return uuid.left(8);
}
} // namespace

QString GrowthModel::describe(int row) const
{
    if (row < 0 || row >= m_points.size())
        return {};
    const GrowthPoint& p = m_points.at(row);
    const QString size = p.size ? Format::size(*p.size) : tr("unknown");
    const QString added = p.added ? Format::size(*p.added) : tr("unknown");
    return tr("%1\nSize: %2\nAdded to the repository: %3\nBackup: %4")
        .arg(Format::localTime(p.time), size, added, shortUuid(p.backupUuid));
}

QVariant GrowthModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const GrowthPoint& p = m_points.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return Format::localTime(p.time);
        case BackupColumn:
            return shortUuid(p.backupUuid);
        case SizeColumn:
            return p.size ? Format::size(*p.size) : tr("unknown");
        case AddedColumn:
            return p.added ? Format::size(*p.added) : tr("unknown");
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        return index.column() >= SizeColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case ToolTipTextRole:
        return describe(index.row());
    case TimeRole:
        return p.time;
    case BackupUuidRole:
        return p.backupUuid;
    case SnapshotIdRole:
        return p.snapshotId;
    case SizeRole:
        return bytes(p.size);
    case AddedRole:
        return bytes(p.added);
    default:
        return {};
    }
}

QVariant GrowthModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case BackupColumn:
        return tr("Backup");
    case SizeColumn:
        return tr("Size");
    case AddedColumn:
        return tr("Added");
    default:
        return {};
    }
}
