#include "SnapshotFilterProxy.h"
#include "SnapshotTableModel.h"

SnapshotFilterProxy::SnapshotFilterProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(SnapshotTableModel::SortRole);
    setDynamicSortFilter(true);
}

void SnapshotFilterProxy::setSearchText(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_search)
        return;
    m_search = trimmed;
    m_asciiSearch = SnapshotTableModel::asciiSearchKey(trimmed);
    invalidateRowsFilter();
}

void SnapshotFilterProxy::setServerFilter(const QString& serverUuid)
{
    if (serverUuid == m_server)
        return;
    m_server = serverUuid;
    invalidateRowsFilter();
}

void SnapshotFilterProxy::setNodeFilter(const QString& nodeKey)
{
    if (nodeKey == m_node)
        return;
    m_node = nodeKey;
    invalidateRowsFilter();
}

void SnapshotFilterProxy::setSourceModel(QAbstractItemModel* model)
{
    m_snapshots = qobject_cast<const SnapshotTableModel*>(model);
    QSortFilterProxyModel::setSourceModel(model);
}

const SnapshotTableModel* SnapshotFilterProxy::snapshotModel() const
{
    return m_snapshots && sourceModel() == m_snapshots ? m_snapshots : nullptr;
}

bool SnapshotFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (const SnapshotTableModel* model = snapshotModel(); model && !sourceParent.isValid())
        return model->rowMatches(sourceRow, m_node, m_server, m_search, m_asciiSearch);
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const QString server = index.data(SnapshotTableModel::ServerUuidRole).toString();
    if (!m_server.isEmpty() && server != m_server)
        return false;
    if (!m_node.isEmpty() && index.data(SnapshotTableModel::NodeKeyRole).toString() != m_node)
        return false;
    if (m_search.isEmpty())
        return true;
    const auto has = [this](const QString& value) { return value.contains(m_search, Qt::CaseInsensitive); };
    return has(index.data(SnapshotTableModel::BackupUuidRole).toString()) ||
           has(index.data(SnapshotTableModel::SnapshotIdRole).toString()) ||
           has(index.data(SnapshotTableModel::ShortIdRole).toString()) || has(server);
}

bool SnapshotFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    // The caches hold what SortRole gives; another sort role goes through data().
    if (const SnapshotTableModel* model = snapshotModel(); model && sortRole() == SnapshotTableModel::SortRole) {
        const int c = model->compareRows(left.row(), right.row(), left.column());
        if (c != 0)
            return c < 0;
        return model->timeKey(left.row()) < model->timeKey(right.row());
    }
    const QVariant l = left.data(sortRole());
    const QVariant r = right.data(sortRole());
    // Numbers as numbers (10 files after 9), text naturally; ties broken by time so the order is stable.
    if (l.typeId() == QMetaType::LongLong && r.typeId() == QMetaType::LongLong) {
        if (l.toLongLong() != r.toLongLong())
            return l.toLongLong() < r.toLongLong();
    } else {
        const int c = QString::localeAwareCompare(l.toString(), r.toString());
        if (c != 0)
            return c < 0;
    }
    const qint64 lt = left.sibling(left.row(), SnapshotTableModel::TimeColumn).data(sortRole()).toLongLong();
    const qint64 rt = right.sibling(right.row(), SnapshotTableModel::TimeColumn).data(sortRole()).toLongLong();
    return lt < rt;
}
