#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The repository's health as plain values (issue 12): what BackupService's futures give, what the API sends, and
// what a remote node's client parses back (toJson and fromJson are each other's inverse, in the API's words).

// One lock file of the repository, as `restic cat lock` shows it.
struct RepositoryLock
{
    QString id;
    QString host;
    QString username;
    qint64 pid = 0;
    QDateTime time;
    bool exclusive = false;
    bool stale = false; // restic's rule: older than 30 minutes, or of this host and its process is gone
    bool own = false;   // taken on this node (its hostname)

    // restic's: a live restic refreshes its locks every 5 minutes, so a lock not refreshed for 30 is dead.
    static constexpr int kStaleAfterSec = 30 * 60;
    // Fills `stale` and `own` as seen from `hostname` at `now`.
    void judge(const QString& hostname, const QDateTime& now);

    QJsonObject toJson() const;
    static RepositoryLock fromJson(const QJsonObject& o);
};

struct LockList
{
    bool ok = false;
    QString error;
    QList<RepositoryLock> locks; // oldest first
    int staleCount() const;
    QJsonObject toJson() const; // {"locks": [...]}
    static LockList fromJson(const QJsonObject& o);
};

// What an unlock removed and what it left.
struct UnlockResult
{
    enum class Status
    {
        Ok,
        Refused, // it could only be done by removing locks that are not ours (see `error`)
        Failed,
    } status = Status::Failed;
    QString error;
    QList<RepositoryLock> removed; // our own stale locks that are gone now
    QList<RepositoryLock> kept;    // every lock still there
    QJsonObject toJson() const;    // {"removed": [...], "kept": [...]}
};

// The last `restic check`.
struct CheckResult
{
    QDateTime time; // when it finished; invalid: never checked
    bool successful = false;
    QStringList errors;
    QString readDataSubset; // empty: no data read
    bool isValid() const { return time.isValid(); }
    QJsonObject toJson() const; // {"time", "successful", "errors", "read_data_subset"}
    static CheckResult fromJson(const QJsonObject& o);
};

// One snapshot of a server on the growth chart.
struct GrowthPoint
{
    QDateTime time;
    QString backupUuid;
    QString snapshotId;
    std::optional<qint64> size;  // restore size
    std::optional<qint64> added; // what the backup added to the repository; known for our own backups
    QJsonObject toJson() const;  // {"time", "backup_uuid", "snapshot_id", "size", "added"}
    static GrowthPoint fromJson(const QJsonObject& o);
};

struct Growth
{
    bool ok = false;
    bool building = false; // the catalogue is being filled: try again soon
    QString error;
    QList<GrowthPoint> points; // oldest first
};

struct RepositoryState
{
    bool ok = false;
    bool building = false;
    QString error;
    QString repository;            // without credentials
    qint64 totalSize = 0;          // the restore size of every snapshot
    std::optional<qint64> rawSize; // restic's raw-data size; unknown while it could not be measured
    QDateTime rawSizeTime;         // when it was measured
    int snapshotCount = 0;
    int servers = 0;
    CheckResult lastCheck;
    QList<RepositoryLock> locks;
    QString locksError; // the locks could not be listed
    // {"repository", "total_size", "raw_size", "snapshot_count", "servers", "last_check": {"time", "successful"} or
    // null, "locks": [...]}
    QJsonObject toJson() const;
    static RepositoryState fromJson(const QJsonObject& o);
};
