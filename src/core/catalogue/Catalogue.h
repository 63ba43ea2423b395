#pragma once

#include "Snapshot.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QObject>
#include <QReadWriteLock>

#include <memory>
#include <optional>

// What Pouch knows of its repository: every snapshot (id, time, host, tags, paths, parent, tree, backup and
// server uuid) and its stats, kept in SQLite under the state directory and read through an in-memory index.
// Reads are thread-safe and never touch the disk. Writes from any thread update the index at once; they reach
// the database on the catalogue's own thread, one transaction a batch (Qt SQL connections belong to one thread).
// Schema 2 adds the file trees (FileIndex) to the same file; schema 3 the servers' names from the Panel
// (`server_names`); schema 4 what each of our backups added to the repository (`snapshot_added`) and the
// maintenance records (`maintenance`: last check, last prune, deletes since it). Older files are migrated in
// place, their snapshots and trees kept.
class Catalogue : public QObject
{
    Q_OBJECT
public:
    explicit Catalogue(QObject* parent = nullptr);
    ~Catalogue() override;

    // Opens the database at `path`, creating it; a file that is corrupt or of another schema is moved aside
    // (`.broken`), logged, and rebuilt from the repository by the next resync. Until open() the catalogue
    // lives in memory only (a process that does not hold the node lock never writes the file).
    bool open(const QString& path, QString* error);
    bool isPersistent() const;
    QString path() const { return m_path; }

    // True once a resync has filled it, in this run or (from the database) an earlier one.
    bool isFilled() const;
    QDateTime lastResync() const;

    QList<Snapshot> snapshots(const QString& serverUuid = {}) const; // newest first, stats attached when known
    QList<Snapshot> findBackup(const QString& backupUuid, const QString& serverUuid = {}) const;
    std::optional<SnapshotStats> stats(const QString& snapshotId) const;
    int count() const;
    bool contains(const QString& snapshotId) const;

    void add(const Snapshot& snapshot); // a backup of ours, before its completion is announced
    void remove(const QStringList& snapshotIds);
    void setStats(const QString& snapshotId, const SnapshotStats& stats);
    // A whole listing of the repository, taken after sequence() said `since`: adds what is new, drops what is
    // gone, keeps the stats it knows. Our own writes after `since` win over the listing, which predates them.
    void replaceAll(const QList<Snapshot>& all, quint64 since);
    quint64 sequence() const;

    // The servers' names as the Panel last said them (ServerNames), kept so that a restart shows them at once.
    QHash<QString, QString> serverNames() const;
    // Replaces them all: the Panel's list is the whole truth of this node's servers.
    void setServerNames(const QHash<QString, QString>& names);

    // What one of our backups added to the repository (restic's `data_added`), kept while the snapshot is.
    std::optional<qint64> added(const QString& snapshotId) const;
    void setAdded(const QString& snapshotId, qint64 bytes);
    // Maintenance records by key ("last_check", "last_prune", ...), as JSON; empty when never written.
    QJsonObject maintenance(const QString& key) const;
    void setMaintenance(const QString& key, const QJsonObject& value);

    // Writes what is pending now (on the catalogue's thread; the destructor does it too).
    void flush();

Q_SIGNALS:
    void changed();

private:
    struct Change;
    void queue(Change change);
    void scheduleFlush();
    bool createSchema(QString* error);
    bool load(QString* error);

    mutable QReadWriteLock m_lock;
    QHash<QString, Snapshot> m_byId;
    QHash<QString, QStringList> m_byBackup; // backup uuid -> snapshot ids
    bool m_filled = false;
    quint64 m_sequence = 0;
    QHash<QString, quint64> m_addedAt; // own writes, by the sequence they came at
    QHash<QString, quint64> m_removedAt;
    QDateTime m_lastResync;
    QHash<QString, QString> m_serverNames;
    QHash<QString, qint64> m_added;
    QHash<QString, QJsonObject> m_maintenance;

    QMutex m_pendingMutex;
    std::vector<Change> m_pending;
    std::optional<QHash<QString, QString>> m_pendingNames;
    bool m_flushScheduled = false;

    QString m_path;
    QString m_connection; // Qt SQL connection name; empty while in memory only
};
