#pragma once

#include "RepositoryHealth.h"

#include <QAbstractTableModel>

// A server's growth (Node::growth): one row per snapshot, oldest first, with its time, backup, restore size and
// what the backup added to the repository (unknown for snapshots not made by a backup of this node). The chart
// reads the roles; the columns are for a table and for tooltips.
class GrowthModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        BackupColumn,
        SizeColumn,
        AddedColumn,
        ColumnCount
    };
    enum Role
    {
        TimeRole = Qt::UserRole + 1, // QDateTime (UTC)
        BackupUuidRole,
        SnapshotIdRole,
        SizeRole,  // qint64 bytes, or an invalid QVariant when unknown
        AddedRole, // qint64 bytes, or an invalid QVariant when unknown
        ToolTipTextRole = Qt::ToolTipRole,
    };

    explicit GrowthModel(QObject* parent = nullptr);

    // Replaces every point (a new answer of the node); sorted by time.
    void setPoints(QList<GrowthPoint> points);
    QList<GrowthPoint> points() const { return m_points; }
    // The largest size and largest added among the points (0 when none is known): the chart's axis ranges.
    qint64 maxSize() const;
    qint64 maxAdded() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "2 Dec 2026 09:14 · size 12 MiB · added 1.2 MiB · backup 3f2a9c1e": what the chart's tooltip says of a row.
    QString describe(int row) const;

private:
    QList<GrowthPoint> m_points;
};
