#include "SnapshotTableModel.h"
#include "Format.h"
#include "ModelsLogging.h"

#include <QCollator>
#include <QCollatorSortKey>
#include <QFutureWatcher>
#include <QPointer>
#include <QTimer>
#include <QVarLengthArray>

#include <algorithm>
#include <numeric>

SnapshotTableModel::SnapshotTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void SnapshotTableModel::setStatsFetcher(StatsFetcher fetcher)
{
    m_fetcher = std::move(fetcher);
}

void SnapshotTableModel::setServerNames(const QHash<QString, QString>& names)
{
    if (names == m_names)
        return;
    m_names = names;
    for (int row = 0; row < m_rows.size(); ++row)
        m_cache[size_t(row)] = cacheFor(m_rows.at(row));
    invalidateRanks();
    if (!m_rows.isEmpty())
        emitRowChanged(0, int(m_rows.size()) - 1, ServerColumn, ServerColumn);
}

void SnapshotTableModel::setNodeLabels(const QHash<QString, QString>& labels)
{
    if (labels == m_nodeLabels)
        return;
    m_nodeLabels = labels;
    invalidateRanks();
    if (!m_rows.isEmpty())
        emitRowChanged(0, int(m_rows.size()) - 1, NodeColumn, NodeColumn);
}

QString SnapshotTableModel::serverLabel(const QString& serverUuid) const
{
    const QString name = m_names.value(serverUuid);
    return name.isEmpty() ? serverUuid : name;
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
    m_cache.clear();
    invalidateRanks();
    endResetModel();
}

namespace {

// Only ASCII text has a cheap exact case-insensitive match (ASCII letters fold to ASCII; other characters, such
// as the Kelvin sign, may fold into ASCII), so anything else takes QString's own comparison. A NUL is not taken:
// it separates the fields.
bool appendAsciiLower(QVarLengthArray<char, 256>& out, QStringView text)
{
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (u == 0 || u >= 0x80)
            return false;
        out.append(char(u >= 'A' && u <= 'Z' ? u + ('a' - 'A') : u));
    }
    return true;
}

} // namespace

SnapshotTableModel::RowCache SnapshotTableModel::cacheFor(const Snapshot& s) const
{
    RowCache c;
    c.time = s.time.toMSecsSinceEpoch();
    std::optional<SnapshotStats> stats = s.stats; // what setSnapshots just stored, or an answer kept from before
    if (!stats) {
        const auto it = m_stats.constFind(s.id);
        if (it != m_stats.constEnd())
            stats = *it;
    }
    if (stats) {
        c.size = stats->totalSize;
        c.files = stats->totalFileCount;
    }
    // One byte string per row, NUL between fields: an ASCII search text has no NUL, so never spans two fields.
    QVarLengthArray<char, 256> search;
    bool ascii = true;
    const QString name = m_names.value(s.serverUuid);
    for (const QString* field : {&s.backupUuid, &s.id, &s.shortId, &s.serverUuid, &name}) {
        if (field != &s.backupUuid)
            search.append('\0');
        ascii = ascii && appendAsciiLower(search, *field);
    }
    if (ascii)
        c.search = QByteArray(search.constData(), search.size());
    return c;
}

void SnapshotTableModel::refreshStatsCache(int row)
{
    RowCache& c = m_cache[size_t(row)];
    const auto stats = m_stats.constFind(m_rows.at(row).id);
    c.size = stats != m_stats.constEnd() ? stats->totalSize : qint64(-1);
    c.files = stats != m_stats.constEnd() ? stats->totalFileCount : qint64(-1);
}

int SnapshotTableModel::textSlot(int column)
{
    switch (column) {
    case ServerColumn:
        return 0;
    case BackupUuidColumn:
        return 1;
    case ShortIdColumn:
        return 2;
    case HostColumn:
        return 3;
    case NodeColumn:
        return 4;
    default:
        return -1;
    }
}

// The text data(SortRole) gives for a text column: its display text.
const QString& SnapshotTableModel::sortText(const Snapshot& s, int column) const
{
    static const QString none;
    switch (column) {
    case ServerColumn: {
        const auto name = m_names.constFind(s.serverUuid);
        return name != m_names.constEnd() && !name->isEmpty() ? *name : s.serverUuid;
    }
    case NodeColumn: {
        const auto label = m_nodeLabels.constFind(s.nodeKey);
        return label != m_nodeLabels.constEnd() ? *label : s.nodeKey;
    }
    case BackupUuidColumn:
        return s.backupUuid;
    case ShortIdColumn:
        return s.shortId;
    case HostColumn:
        return hostDiffers(s) ? s.hostname : none;
    default:
        return none;
    }
}

void SnapshotTableModel::rankColumn(int column) const
{
    const int slot = textSlot(column);
    // QString::localeAwareCompare: empty text first, then the default collator's order (code units in C).
    const QCollator collator;
    const bool c = collator.locale().language() == QLocale::C;
    const auto compare = [c, &collator](QStringView a, QStringView b) {
        if (a.isEmpty() || b.isEmpty())
            return int(!a.isEmpty()) - int(!b.isEmpty());
        return c ? a.compare(b) : collator.compare(a, b);
    };
    // Distinct texts first (200 servers over 100,000 rows), each with its collation key outside C.
    QHash<QStringView, int> distinct;
    std::vector<QStringView> texts;
    std::vector<int> textOfRow(m_rows.size());
    for (int row = 0; row < m_rows.size(); ++row) {
        const QStringView text = sortText(m_rows.at(row), column);
        auto it = distinct.constFind(text);
        if (it == distinct.constEnd()) {
            it = distinct.insert(text, int(texts.size()));
            texts.push_back(text);
        }
        textOfRow[size_t(row)] = *it;
    }
    std::vector<int> order(texts.size());
    std::iota(order.begin(), order.end(), 0);
    if (c) {
        std::sort(order.begin(), order.end(), [&](int a, int b) { return compare(texts[a], texts[b]) < 0; });
    } else {
        std::vector<std::optional<QCollatorSortKey>> keys(texts.size());
        for (size_t i = 0; i < texts.size(); ++i) {
            if (!texts[i].isEmpty())
                keys[i] = collator.sortKey(texts[i].toString());
        }
        std::sort(order.begin(), order.end(), [&](int a, int b) {
            if (texts[a].isEmpty() || texts[b].isEmpty())
                return texts[a].isEmpty() && !texts[b].isEmpty();
            return keys[a]->compare(*keys[b]) < 0;
        });
    }
    // Texts the collator calls equal share a rank, as they would compare equal.
    std::vector<int> rankOfText(texts.size());
    int rank = 0;
    for (size_t i = 0; i < order.size(); ++i) {
        if (i > 0 && compare(texts[order[i - 1]], texts[order[i]]) != 0)
            ++rank;
        rankOfText[order[i]] = rank;
    }
    std::vector<int>& ranks = m_ranks[size_t(slot)];
    ranks.resize(textOfRow.size());
    for (size_t row = 0; row < textOfRow.size(); ++row)
        ranks[row] = rankOfText[size_t(textOfRow[row])];
}

int SnapshotTableModel::compareRows(int left, int right, int column) const
{
    const RowCache& l = m_cache[size_t(left)];
    const RowCache& r = m_cache[size_t(right)];
    const auto sign = [](qint64 a, qint64 b) { return a < b ? -1 : (a > b ? 1 : 0); };
    switch (column) {
    case TimeColumn:
        return sign(l.time, r.time);
    case SizeColumn:
    case FilesColumn:
        // As data(SortRole): sorting by size is what asks for the sizes not known yet.
        if (l.size < 0)
            requestStats(m_rows.at(left).id);
        if (r.size < 0)
            requestStats(m_rows.at(right).id);
        return column == SizeColumn ? sign(l.size, r.size) : sign(l.files, r.files);
    default:
        break;
    }
    const int slot = textSlot(column);
    if (slot < 0)
        return 0; // no such column: data() gives nothing to compare either
    const QLocale locale;
    if (!m_rankLocale || *m_rankLocale != locale) {
        invalidateRanks();
        m_rankLocale = locale;
    }
    const std::vector<int>& ranks = m_ranks[size_t(slot)];
    if (ranks.size() != size_t(m_rows.size()))
        rankColumn(column);
    return sign(ranks[size_t(left)], ranks[size_t(right)]);
}

QByteArray SnapshotTableModel::asciiSearchKey(const QString& search)
{
    QVarLengthArray<char, 256> key;
    return appendAsciiLower(key, search) ? QByteArray(key.constData(), key.size()) : QByteArray();
}

bool SnapshotTableModel::rowMatches(int row, const QString& node, const QString& server, const QString& search,
                                    const QByteArray& asciiSearch) const
{
    if (!node.isEmpty() && m_rows.at(row).nodeKey != node)
        return false;
    if (!server.isEmpty() && m_rows.at(row).serverUuid != server)
        return false;
    if (search.isEmpty())
        return true;
    const QByteArray& cached = m_cache[size_t(row)].search;
    if (!cached.isNull() && !asciiSearch.isNull())
        return cached.contains(asciiSearch);
    const Snapshot& s = m_rows.at(row);
    const auto has = [&search](const QString& value) { return value.contains(search, Qt::CaseInsensitive); };
    return has(s.backupUuid) || has(s.id) || has(s.shortId) || has(s.serverUuid) || has(m_names.value(s.serverUuid));
}

void SnapshotTableModel::setSnapshots(const QList<Snapshot>& snapshots)
{
    m_stats.reserve(m_stats.size() + snapshots.size());
    for (const Snapshot& s : snapshots) {
        if (s.stats)
            m_stats.insert(s.id, *s.stats);
    }
    // Forget failures: a refresh is the moment to try those again.
    for (auto it = m_statsErrors.cbegin(); it != m_statsErrors.cend(); ++it)
        m_requested.remove(it.key());
    m_statsErrors.clear();

    // The first fill (and any fill of an empty table) appends everything as given: no merge to work out.
    QList<Snapshot> added;
    if (m_rows.isEmpty()) {
        added = snapshots; // shared, not copied
    } else {
        QHash<QString, int> incoming;
        incoming.reserve(snapshots.size());
        for (int i = 0; i < snapshots.size(); ++i)
            incoming.insert(rowKey(snapshots.at(i)), i);
        // Remove vanished rows from the bottom up, in contiguous blocks.
        for (int row = int(m_rows.size()) - 1; row >= 0;) {
            if (incoming.contains(rowKey(m_rows.at(row)))) {
                --row;
                continue;
            }
            int first = row;
            while (first > 0 && !incoming.contains(rowKey(m_rows.at(first - 1))))
                --first;
            beginRemoveRows({}, first, row);
            m_rows.erase(m_rows.begin() + first, m_rows.begin() + row + 1);
            m_cache.erase(m_cache.begin() + first, m_cache.begin() + row + 1);
            invalidateRanks();
            endRemoveRows();
            row = first - 1;
        }
        // Update the rows that stay, in place: all of them first, so that the ranks remade on the proxy's first
        // comparison see the new texts, then one signal for the block.
        QSet<QString> present;
        present.reserve(m_rows.size());
        for (int row = 0; row < m_rows.size(); ++row) {
            const QString key = rowKey(m_rows.at(row));
            present.insert(key);
            m_rows[row] = snapshots.at(incoming.value(key));
            m_cache[size_t(row)] = cacheFor(m_rows.at(row));
        }
        invalidateRanks();
        if (!m_rows.isEmpty())
            emitRowChanged(0, int(m_rows.size()) - 1, 0, ColumnCount - 1);
        // Append the new ones in the order given (newest first); the proxy does the sorting.
        for (const Snapshot& s : snapshots) {
            if (!present.contains(rowKey(s)))
                added << s;
        }
    }
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        // The caches are ready before the proxy sorts the new rows in.
        m_cache.reserve(m_cache.size() + size_t(added.size()));
        for (const Snapshot& s : std::as_const(added))
            m_cache.push_back(cacheFor(s));
        invalidateRanks();
        beginInsertRows({}, first, first + int(added.size()) - 1);
        if (m_rows.isEmpty())
            m_rows = std::move(added);
        else
            m_rows << added;
        endInsertRows();
    }
}

void SnapshotTableModel::emitRowChanged(int firstRow, int lastRow, int firstColumn, int lastColumn)
{
    Q_EMIT dataChanged(index(firstRow, firstColumn), index(lastRow, lastColumn));
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
    case NodeKeyRole:
        return s.nodeKey;
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
        case BackupUuidColumn:
        case ShortIdColumn:
        case HostColumn:
        case NodeColumn:
            return sortText(s, column);
        case SizeColumn:
            if (known)
                return Format::size(stats->totalSize);
            return m_statsErrors.contains(s.id) ? QStringLiteral("?") : Format::pending();
        case FilesColumn:
            if (known)
                return QLocale().toString(stats->totalFileCount);
            return m_statsErrors.contains(s.id) ? QStringLiteral("?") : Format::pending();
        default:
            return {};
        }
    }
    if (role == SortRole) {
        switch (column) {
        case TimeColumn:
            return m_cache[size_t(index.row())].time;
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
        if (column == ServerColumn)
            return m_names.value(s.serverUuid).isEmpty() ? s.serverUuid
                                                         : tr("%1\n%2").arg(m_names.value(s.serverUuid), s.serverUuid);
        if (column == BackupUuidColumn || column == NodeColumn)
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
    case NodeColumn:
        return tr("Node");
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
    watcher->setFuture(m_fetcher(m_rows.at(rowOf(snapshotId))));
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
    if (row >= 0) {
        refreshStatsCache(row);
        emitRowChanged(row, row, SizeColumn, FilesColumn);
    }
}
