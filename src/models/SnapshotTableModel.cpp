#include "SnapshotTableModel.h"
#include "Format.h"
#include "ModelsLogging.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QTimer>

#include <algorithm>

SnapshotTableModel::SnapshotTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void SnapshotTableModel::setStatsFetcher(StatsFetcher fetcher)
{
    m_fetcher = std::move(fetcher);
}

void SnapshotTableModel::setService(const BackupService* service)
{
    if (!service) {
        m_fetcher = {};
        return;
    }
    // Queries start from the event loop, and a settings change destroys the service: never call a dead one.
    QPointer<const BackupService> guard(service);
    m_fetcher = [guard](const QString& id) {
        return guard ? guard->stats(id) : QFuture<BackupService::StatsResult>(); // empty: cancelled
    };
}

int SnapshotTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SnapshotTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool SnapshotTableModel::hostDiffers(const Snapshot& s)
{
    // Pouch backs up with --host <server uuid>: only another tool's snapshot has a host worth showing.
    return !s.hostname.isEmpty() && s.hostname != s.serverUuid;
}

bool SnapshotTableModel::hasOtherHosts() const
{
    return std::any_of(m_rows.cbegin(), m_rows.cend(), [](const Snapshot& s) { return hostDiffers(s); });
}

int SnapshotTableModel::rowOf(const QString& snapshotId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == snapshotId)
            return i;
    }
    return -1;
}

void SnapshotTableModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void SnapshotTableModel::setSnapshots(const QList<Snapshot>& snapshots)
{
    QHash<QString, int> incoming;
    for (int i = 0; i < snapshots.size(); ++i) {
        incoming.insert(snapshots.at(i).id, i);
        if (snapshots.at(i).stats)
            m_stats.insert(snapshots.at(i).id, *snapshots.at(i).stats);
    }
    // Forget failures: a refresh is the moment to try those again.
    for (auto it = m_statsErrors.cbegin(); it != m_statsErrors.cend(); ++it)
        m_requested.remove(it.key());
    m_statsErrors.clear();

    // Remove vanished rows from the bottom up, in contiguous blocks.
    for (int row = int(m_rows.size()) - 1; row >= 0;) {
        if (incoming.contains(m_rows.at(row).id)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !incoming.contains(m_rows.at(first - 1).id))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + row + 1);
        endRemoveRows();
        row = first - 1;
    }
    // Update the rows that stay, in place.
    QSet<QString> present;
    for (int row = 0; row < m_rows.size(); ++row) {
        const QString id = m_rows.at(row).id;
        present.insert(id);
        m_rows[row] = snapshots.at(incoming.value(id));
        emitRowChanged(row, 0, ColumnCount - 1);
    }
    // Append the new ones in the order given (newest first); the proxy does the sorting.
    QList<Snapshot> added;
    for (const Snapshot& s : snapshots) {
        if (!present.contains(s.id))
            added << s;
    }
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_rows << added;
        endInsertRows();
    }
}

void SnapshotTableModel::emitRowChanged(int row, int firstColumn, int lastColumn)
{
    Q_EMIT dataChanged(index(row, firstColumn), index(row, lastColumn));
}

QVariant SnapshotTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Snapshot& s = m_rows.at(index.row());
    const int column = index.column();

    switch (role) {
    case SnapshotIdRole:
        return s.id;
    case ServerUuidRole:
        return s.serverUuid;
    case BackupUuidRole:
        return s.backupUuid;
    case ShortIdRole:
        return s.shortId;
    case StatsKnownRole:
        return m_stats.contains(s.id);
    default:
        break;
    }

    const bool statsColumn = column == SizeColumn || column == FilesColumn;
    const auto stats = m_stats.constFind(s.id);
    const bool known = stats != m_stats.constEnd();
    if (statsColumn && !known && (role == Qt::DisplayRole || role == SortRole))
        requestStats(s.id);

    if (role == Qt::DisplayRole) {
        switch (column) {
        case TimeColumn:
            return Format::localTime(s.time);
        case ServerColumn:
            return s.serverUuid;
        case BackupUuidColumn:
            return s.backupUuid;
        case ShortIdColumn:
            return s.shortId;
        case SizeColumn:
            if (known)
                return Format::size(stats->totalSize);
            return m_statsErrors.contains(s.id) ? QStringLiteral("?") : Format::pending();
        case FilesColumn:
            if (known)
                return QLocale().toString(stats->totalFileCount);
            return m_statsErrors.contains(s.id) ? QStringLiteral("?") : Format::pending();
        case HostColumn:
            return hostDiffers(s) ? s.hostname : QString();
        default:
            return {};
        }
    }
    if (role == SortRole) {
        switch (column) {
        case TimeColumn:
            return s.time.toMSecsSinceEpoch();
        case SizeColumn:
            return known ? stats->totalSize : qint64(-1);
        case FilesColumn:
            return known ? stats->totalFileCount : qint64(-1);
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::ToolTipRole) {
        if (column == TimeColumn)
            return tr("%1 (%2)").arg(Format::relativeTime(s.time),
                                     QLocale().toString(s.time.toLocalTime(), QLocale::LongFormat));
        if (column == ShortIdColumn)
            return s.id;
        if (statsColumn && m_statsErrors.contains(s.id))
            return tr("Could not read the size: %1").arg(m_statsErrors.value(s.id));
        if (statsColumn && !known)
            return tr("Reading the size from the repository…");
        if (column == ServerColumn || column == BackupUuidColumn)
            return data(index, Qt::DisplayRole);
        if (column == HostColumn && hostDiffers(s))
            return tr("Taken on host %1, not by this server's Pouch").arg(s.hostname);
        return {};
    }
    if (role == Qt::TextAlignmentRole && statsColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant SnapshotTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole && (section == SizeColumn || section == FilesColumn))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && section == FilesColumn)
        return tr("Files and folders inside the server directory");
    if (role == Qt::ToolTipRole && section == SizeColumn)
        return tr("Size of the files when restored");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ServerColumn:
        return tr("Server");
    case BackupUuidColumn:
        return tr("Backup UUID");
    case ShortIdColumn:
        return tr("Snapshot");
    case SizeColumn:
        return tr("Size");
    case FilesColumn:
        return tr("Files");
    case HostColumn:
        return tr("Host");
    default:
        return {};
    }
}

void SnapshotTableModel::requestStats(const QString& snapshotId) const
{
    if (!m_fetcher || m_requested.contains(snapshotId))
        return;
    m_requested.insert(snapshotId);
    // data() is const and may run inside a view's paint: start the query from the event loop instead.
    auto* self = const_cast<SnapshotTableModel*>(this);
    QTimer::singleShot(0, self, [self, snapshotId] { self->startQuery(snapshotId); });
}

void SnapshotTableModel::startQuery(const QString& snapshotId)
{
    if (m_stats.contains(snapshotId))
        return;
    // Gone before it was asked for, or the service was detached meanwhile: ask again when it can be answered.
    if (rowOf(snapshotId) < 0 || !m_fetcher) {
        m_requested.remove(snapshotId);
        return;
    }
    ++m_queries;
    auto* watcher = new QFutureWatcher<BackupService::StatsResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, snapshotId] {
        watcher->deleteLater();
        if (watcher->isCanceled() || watcher->future().resultCount() == 0) {
            m_requested.remove(snapshotId); // no answer, not an error: a later view asks again
            return;
        }
        onStats(snapshotId, watcher->result());
    });
    watcher->setFuture(m_fetcher(snapshotId));
}

void SnapshotTableModel::onStats(const QString& snapshotId, const BackupService::StatsResult& result)
{
    if (result.ok) {
        m_stats.insert(snapshotId, result.stats);
    } else {
        qCWarning(lcModels).noquote() << "stats for" << snapshotId << "failed:" << result.error;
        m_statsErrors.insert(snapshotId, result.error);
        Q_EMIT statsFailed(snapshotId, result.error);
    }
    const int row = rowOf(snapshotId);
    if (row >= 0)
        emitRowChanged(row, SizeColumn, FilesColumn);
}
