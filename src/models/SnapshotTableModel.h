#pragma once

#include "BackupService.h"
#include "Snapshot.h"

#include <QAbstractTableModel>
#include <QFuture>
#include <QHash>
#include <QSet>

#include <functional>

// The repository's snapshots, one row each. Size and file count fill in lazily: the first time a view asks
// for them, one stats query runs for that snapshot (never again: snapshots are immutable) and the cell shows
// a placeholder until it answers. setSnapshots() merges by snapshot id instead of resetting, so persistent
// indexes (and with them a view's selection) survive a refresh.
class SnapshotTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        ServerColumn,
        BackupUuidColumn,
        ShortIdColumn,
        SizeColumn,
        FilesColumn,
        HostColumn,
        ColumnCount,
    };
    Q_ENUM(Column)

    enum Role
    {
        SortRole = Qt::UserRole + 1, // numbers for time, size and files; text elsewhere
        SnapshotIdRole,
        ServerUuidRole,
        BackupUuidRole,
        ShortIdRole,
        StatsKnownRole,
    };

    using StatsFetcher = std::function<QFuture<BackupService::StatsResult>(const QString& snapshotId)>;

    explicit SnapshotTableModel(QObject* parent = nullptr);

    // Where stats come from, normally BackupService::stats. Without one, size and files stay unknown.
    void setStatsFetcher(StatsFetcher fetcher);
    // nullptr detaches: queries not started yet are dropped and asked again once a service is set. A service
    // destroyed while set is never called.
    void setService(const BackupService* service);

    void setSnapshots(const QList<Snapshot>& snapshots);
    void clear();

    const Snapshot& snapshotAt(int row) const { return m_rows.at(row); }
    QList<Snapshot> snapshots() const { return m_rows; }
    int rowOf(const QString& snapshotId) const;
    // The Host column is empty where the host is the server uuid (as Pouch backs up); true when a row shows one.
    bool hasOtherHosts() const;
    static bool hostDiffers(const Snapshot& snapshot);
    // How many stats queries this model has started (each snapshot at most once).
    int statsQueryCount() const { return m_queries; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // A stats query failed; the cells show "?" with the error as tooltip.
    void statsFailed(const QString& snapshotId, const QString& error);

private:
    void requestStats(const QString& snapshotId) const;
    void startQuery(const QString& snapshotId);
    void onStats(const QString& snapshotId, const BackupService::StatsResult& result);
    void emitRowChanged(int row, int firstColumn, int lastColumn);

    QList<Snapshot> m_rows;
    QHash<QString, SnapshotStats> m_stats; // by snapshot id; kept across refreshes
    QHash<QString, QString> m_statsErrors; // by snapshot id
    mutable QSet<QString> m_requested;     // asked for or answered: never queried twice
    StatsFetcher m_fetcher;
    int m_queries = 0;
};
