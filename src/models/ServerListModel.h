#pragma once

#include "Snapshot.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QHash>

// "All servers" first, then every server known either from a directory under system.data or from the
// repository's snapshots (a server deleted from this machine still has its backups), sorted by UUID, shown by
// name where the Panel gave one.
// Each row carries its snapshot count and last backup time. Updates merge by UUID: no reset.
class ServerListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        ServerUuidRole = Qt::UserRole + 1, // empty for "All servers"
        SnapshotCountRole,
        LastBackupRole, // QDateTime, invalid when never backed up
        OnDiskRole,     // has a directory under system.data
        SubtitleRole,   // "3 snapshots · last backup 2 hours ago"
        IsAllRole,
        StaleRole, // bool: its last successful backup is older than staleAfterHours() (never for "All servers")
    };
    static constexpr int kDefaultStaleAfterHours = 48;

    explicit ServerListModel(QObject* parent = nullptr);

    void setServers(const QStringList& onDisk, const QList<Snapshot>& snapshots);
    // The servers' names (from the Panel), shown instead of the uuid where known; the uuid stays in the tooltip.
    void setNames(const QHash<QString, QString>& names);

    // A server with snapshots whose newest is older than this is marked stale (0: any snapshot at all is old).
    void setStaleAfterHours(int hours);
    int staleAfterHours() const { return m_staleAfterHours; }

    // Row of a server (0 for the empty uuid, "All servers"); -1 when unknown.
    int rowOf(const QString& serverUuid) const;
    QString serverAt(int row) const;
    QStringList serversOnDisk() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    struct Entry
    {
        QString uuid;
        int count = 0;
        QDateTime last;
        bool onDisk = false;
        bool operator==(const Entry& o) const
        {
            return uuid == o.uuid && count == o.count && last == o.last && onDisk == o.onDisk;
        }
    };
    QString subtitle(int count, const QDateTime& last) const;

    QString label(const Entry& e) const; // the name, or the uuid while none is known
    bool isStale(const Entry& e) const;

    Entry m_all;
    QHash<QString, QString> m_names;
    QList<Entry> m_servers; // sorted by uuid; row = index + 1
    int m_staleAfterHours = kDefaultStaleAfterHours;
};
