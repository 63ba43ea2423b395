#pragma once

#include <QSortFilterProxyModel>

class SnapshotTableModel;

// Sorts the snapshot table by its numeric SortRole and filters it by server and by a search text that
// matches the backup UUID, snapshot id (short or full) or server UUID. Over a SnapshotTableModel both read the
// model's per-row caches (SnapshotTableModel::compareRows, rowMatches); over any other model, data().
class SnapshotFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit SnapshotFilterProxy(QObject* parent = nullptr);

    QString searchText() const { return m_search; }
    void setSearchText(const QString& text);
    // Empty: every server.
    QString serverFilter() const { return m_server; }
    void setServerFilter(const QString& serverUuid);
    // Empty: every node. A node key (Node::key()).
    QString nodeFilter() const { return m_node; }
    void setNodeFilter(const QString& nodeKey);

    void setSourceModel(QAbstractItemModel* model) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    const SnapshotTableModel* snapshotModel() const;

    // Set with the source, compared with sourceModel() on use: a destroyed source is replaced without a call here.
    const SnapshotTableModel* m_snapshots = nullptr;
    QString m_search;
    QByteArray m_asciiSearch; // SnapshotTableModel::asciiSearchKey(m_search)
    QString m_server;
    QString m_node;
};
