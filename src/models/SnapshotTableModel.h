#pragma once

#include "BackupService.h"
#include "Snapshot.h"

#include <QAbstractTableModel>
#include <QFuture>
#include <QHash>
#include <QLocale>
#include <QSet>

#include <array>
#include <functional>
#include <optional>
#include <vector>

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
        NodeColumn, // the node that listed the row (the console hides it with one node)
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
        NodeKeyRole,
    };

    using StatsFetcher = std::function<QFuture<BackupService::StatsResult>(const Snapshot& snapshot)>;

    explicit SnapshotTableModel(QObject* parent = nullptr);

    // Where stats come from, normally the row's node (Node::stats). Without one (an empty function detaches:
    // queries not started yet are dropped and asked again once one is set), size and files stay unknown.
    void setStatsFetcher(StatsFetcher fetcher);
    // Servers by their Panel name where one is known (the uuid stays in the tooltip and the search).
    void setServerNames(const QHash<QString, QString>& names);
    // The Node column's text per node key.
    void setNodeLabels(const QHash<QString, QString>& labels);
    QString serverLabel(const QString& serverUuid) const;

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

    // For SnapshotFilterProxy, from per-row caches instead of data(): the sign of comparing the two rows'
    // SortRole values (numbers as numbers, text as QString::localeAwareCompare); unknown stats are asked for as
    // data(SortRole) would.
    int compareRows(int left, int right, int column) const;
    qint64 timeKey(int row) const { return m_cache[size_t(row)].time; }
    // Whether a row passes the proxy's filters (node and server: exact; search: trimmed, case-insensitive
    // substring of the backup UUID, full or short snapshot id, server UUID or name). An empty node, server or
    // search matches every row. asciiSearch is asciiSearchKey(search), made once per search rather than per row.
    bool rowMatches(int row, const QString& node, const QString& server, const QString& search,
                    const QByteArray& asciiSearch) const;
    static QByteArray asciiSearchKey(const QString& search); // lowercase; null unless all ASCII

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
    static QString rowKey(const Snapshot& snapshot) { return snapshot.nodeKey + QLatin1Char('\n') + snapshot.id; }
    void onStats(const QString& snapshotId, const BackupService::StatsResult& result);
    void emitRowChanged(int firstRow, int lastRow, int firstColumn, int lastColumn);

    // What sorting and filtering read per row, kept beside m_rows (same index) so that the proxy's ~1.7 million
    // comparisons of a 100,000-row sort build no QVariant and no display string.
    struct RowCache
    {
        qint64 time = 0;
        qint64 size = -1; // -1 while unknown, as SortRole says
        qint64 files = -1;
        // The four searchable fields in ASCII lowercase, NUL-separated; null if one is not ASCII.
        QByteArray search;
    };
    RowCache cacheFor(const Snapshot& snapshot) const;
    void refreshStatsCache(int row);
    static int textSlot(int column);
    const QString& sortText(const Snapshot& snapshot, int column) const; // the display text
    void rankColumn(int column) const;
    void invalidateRanks() const
    {
        for (std::vector<int>& ranks : m_ranks)
            ranks.clear();
    }

    QList<Snapshot> m_rows;
    std::vector<RowCache> m_cache;
    // Per text column, each row's place in localeAwareCompare's order of that column (equal text, equal rank):
    // made on the first comparison by the column after a change of rows or of the default locale (which
    // localeAwareCompare follows); empty until then. Apart from m_cache, so that a sort reads 4 bytes a row.
    mutable std::array<std::vector<int>, 5> m_ranks;
    mutable std::optional<QLocale> m_rankLocale;
    QHash<QString, SnapshotStats> m_stats; // by snapshot id; kept across refreshes
    QHash<QString, QString> m_statsErrors; // by snapshot id
    mutable QSet<QString> m_requested;     // asked for or answered: never queried twice
    StatsFetcher m_fetcher;
    QHash<QString, QString> m_names;      // server uuid -> Panel name
    QHash<QString, QString> m_nodeLabels; // node key -> label
    int m_queries = 0;
};
