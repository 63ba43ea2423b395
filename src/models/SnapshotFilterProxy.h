#pragma once

#include <QSortFilterProxyModel>

// Sorts the snapshot table by its numeric SortRole and filters it by server and by a search text that
// matches the backup UUID, snapshot id (short or full) or server UUID.
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

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QString m_search;
    QString m_server;
};
