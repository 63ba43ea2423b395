#pragma once

#include "Config.h"
#include "EventBus.h"
#include "JobManager.h"
#include "Metrics.h"
#include "NodeLock.h"
#include "RepositoryHealth.h"
#include "RepositoryInspector.h"
#include "Restic.h"
#include "ServerNames.h"
#include "ServerPaths.h"
#include "Snapshot.h"
#include "catalogue/Catalogue.h"
#include "catalogue/CatalogueSync.h"
#include "catalogue/FileIndex.h"
#include "catalogue/StatsMeasurer.h"

#include <QFuture>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QThreadPool>
#include <QTimer>

#include <future>
#include <mutex>

// The spec's flows over Restic and JobManager: init once, backup, restore through a staging directory, delete,
// list, status. Jobs report through their signals and through events(); queries come as QFutures.
class BackupService : public QObject
{
    Q_OBJECT
public:
    enum class Error
    {
        None,
        InvalidId,
        ServerNotFound,
        BackupNotFound,
        Busy,
        Duplicate,      // a backup with this uuid exists or is running
        Unavailable,    // shutting down, or another Pouch process runs the jobs on these directories
        InvalidRequest, // a restore's paths or destination
    };

    struct Started
    {
        Error error = Error::None;
        QString message;
        Job* job = nullptr;
        bool ok() const { return error == Error::None; }
    };

    struct SnapshotList
    {
        bool ok = false;
        QString error;
        QList<Snapshot> snapshots; // newest first
        bool building = false;     // the catalogue is being filled for the first time: try again soon
    };

    // A directory of a backup, from the file index.
    struct FileListing
    {
        enum class Status
        {
            Ok,
            InvalidPath,
            BackupNotFound, // not a backup of this server
            NoSuchPath,
            NotADirectory,
            Indexing,    // not indexed within the wait: try again soon
            Unavailable, // the catalogue is being built
            Failed,
        } status = Status::Failed;
        QString error;
        QString path;
        Snapshot snapshot;
        QList<FileEntry> entries; // sorted by name, byte order
    };

    struct FileSearch
    {
        bool ok = false;
        bool building = false; // the catalogue is being built
        QString error;
        QList<FileMatch> matches;           // newest snapshot first, then by path
        QHash<QString, Snapshot> snapshots; // of the matches, by id
        bool truncated = false;
        int notIndexed = 0; // snapshots of the server still being indexed, left out of this answer
    };
    static constexpr int kMinSearchChars = 2;
    static constexpr int kDefaultSearchLimit = 100;
    static constexpr int kMaxSearchLimit = 1000;
    static constexpr int kRetryAfterSec = 5; // what a client is told to wait while a snapshot is being indexed

    // What a restore puts back. Without paths, the whole snapshot (the spec's restore). With them, each path
    // (relative to the server's root, "/world") replaces, whole, the entry at the same relative path under
    // `destination` (relative too; empty or "/" is the root, created when missing); the rest is untouched.
    struct RestoreRequest
    {
        bool truncate = false; // not with paths
        QStringList paths;
        QString destination;
    };
    static constexpr int kMaxRestorePaths = 1000;
    // Empty when the request may go to a job, else what is wrong, for a person (the paths' existence aside).
    static QString restoreRequestProblem(const RestoreRequest& request);

    // Whether paths exist in a snapshot, from the file index (indexed first, within the files wait).
    struct PathCheck
    {
        enum class Status
        {
            Ok,
            Invalid,  // a path is not one a client may ask for (`error` says why)
            Missing,  // `path` is not in the snapshot
            Indexing, // not indexed within the wait: try again soon
            Failed,
        } status = Status::Failed;
        QString error;
        QString path;                      // Invalid, Missing: the path at fault
        QHash<QString, FileEntry> entries; // Ok: what lies at each path asked
    };

    // Two snapshots of a server compared, from the file index.
    struct FileDiff
    {
        enum class Status
        {
            Ok,
            BackupNotFound, // either is not a backup of this server
            Indexing,
            Unavailable, // the catalogue is being built
            Failed,
        } status = Status::Failed;
        QString error;
        Snapshot before, after;
        QList<FileChange> added, removed, changed; // each by path, byte order
        bool truncated = false;
    };

    using StatsResult = SnapshotStatsResult;

    // One server as the node sees it (GET /api/servers, the console's server list).
    struct ServerSummary
    {
        QString uuid;
        QString name; // from the Panel; empty while unknown
        int snapshotCount = 0;
        QDateTime lastBackupTime;
        std::optional<bool> lastBackupSuccessful; // unknown without a snapshot or a backup job here
        bool busy = false;
        bool onDisk = true; // false: known only from the repository's snapshots
    };
    // The servers with a directory here; with `withRepositoryOnly` also those only the snapshots name. From the
    // catalogue's memory: cheap, any thread.
    QList<ServerSummary> serverSummaries(bool withRepositoryOnly) const;

    explicit BackupService(const Config& config, QObject* parent = nullptr);
    ~BackupService() override;

    const Config& config() const { return m_config; }
    const Restic& restic() const { return m_restic; }
    const ServerPaths& paths() const { return m_paths; }
    JobManager* jobs() { return &m_jobs; }
    EventBus* events() { return &m_events; }
    const Catalogue& catalogue() const { return m_catalogue; }
    CatalogueSync* catalogueSync() const { return &m_sync; }
    // The servers' names from the Panel (empty while unknown); refreshed once serverNames()->start() was called.
    ServerNames* serverNames() { return &m_names; }
    QString serverName(const QString& serverUuid) const { return m_names.name(serverUuid); }

    // Jobs. The ids are validated here too; a busy server gets Error::Busy at once, a backup uuid that is
    // running or in the catalogue Error::Duplicate (callers check the repository with findBackup).
    Started startBackup(const QString& serverUuid, const QString& backupUuid, const QString& ignore = {});
    // `snapshot` comes from findBackup(); it may belong to another server (cross-server restore).
    Started startRestore(const QString& targetServerUuid, const Snapshot& snapshot, bool truncate);
    // The same with paths (selective restore): refused with InvalidRequest when restoreRequestProblem() says so.
    // The paths' existence is the caller's to check first (checkPaths); the job fails on one the snapshot lacks.
    Started startRestore(const QString& targetServerUuid, const Snapshot& snapshot, const RestoreRequest& request);
    // Forgets every snapshot tagged with the backup uuid, then prunes in the background (coalesced).
    // `found` is what findBackup(backupUuid, serverUuid) just returned, when the caller has it: it spares the
    // job a second lookup. Snapshots of other servers or backups in it are refused.
    Started startDelete(const QString& serverUuid, const QString& backupUuid, const QList<Snapshot>& found = {});

    // Repository maintenance (issue 12). A check reading `readDataSubset` of the data (restic's syntax; empty reads
    // none): InvalidRequest when ResticCommand::readDataSubsetProblem refuses it. A prune is coalesced with the
    // deletes' prunes: the one queued or running is the answer when there is one.
    Started startCheck(const QString& readDataSubset);
    Started startPrune();
    // The repository's locks, an unlock of this node's stale ones (RepositoryInspector), its state, a server's
    // growth (one point per snapshot, oldest first).
    QFuture<LockList> listLocks() const;
    QFuture<UnlockResult> unlock();
    QFuture<RepositoryState> repositoryState() const;
    QFuture<Growth> growth(const QString& serverUuid) const;
    CheckResult lastCheck() const; // from the catalogue; invalid when never checked
    QDateTime lastPrune() const;
    // Runs the scheduled check and prune that are due (a missed one at once), then looks again every hour.
    void startMaintenanceSchedule();
    Metrics* metrics() { return &m_metrics; }

    // Queries. The blocking forms are for worker threads; the futures run on a pool of their own so that a
    // long backup never delays a listing.
    SnapshotList listSnapshotsBlocking(const QString& serverUuid, bool includeStats) const;
    // Snapshots tagged with the backup uuid; with a server, only those of that server too.
    SnapshotList findBackupBlocking(const QString& backupUuid, const QString& serverUuid = {}) const;
    StatsResult statsBlocking(const QString& snapshotId) const;
    QFuture<SnapshotList> listSnapshots(const QString& serverUuid, bool includeStats) const;
    QFuture<SnapshotList> findBackup(const QString& backupUuid, const QString& serverUuid = {}) const;
    QFuture<StatsResult> stats(const QString& snapshotId) const;

    // Files. A snapshot not indexed yet is indexed first, and the question waits for it (bounded: Indexing after
    // `filesWaitMs()`, within what the Panel waits). A backup of another server is BackupNotFound.
    FileListing listFilesBlocking(const QString& serverUuid, const QString& backupUuid, const QString& path) const;
    QFuture<FileListing> listFiles(const QString& serverUuid, const QString& backupUuid, const QString& path) const;
    // The same for a snapshot the caller already holds (the desktop's tree, which fetches a directory at a time).
    FileListing listDirectoryBlocking(const Snapshot& snapshot, const QString& path) const;
    QFuture<FileListing> listDirectory(const Snapshot& snapshot, const QString& path) const;
    // A case-insensitive substring of the path over the server's snapshots, newest first; `limit` matches at most.
    FileSearch searchFilesBlocking(const QString& serverUuid, const QString& text, int limit) const;
    QFuture<FileSearch> searchFiles(const QString& serverUuid, const QString& text, int limit) const;
    PathCheck checkPathsBlocking(const Snapshot& snapshot, const QStringList& paths) const;
    QFuture<PathCheck> checkPaths(const Snapshot& snapshot, const QStringList& paths) const;
    // `after` compared with `against` (its base): added = in `after` only. Both must be backups of the server.
    FileDiff diffBackupsBlocking(const QString& serverUuid, const QString& backupUuid,
                                 const QString& againstUuid) const;
    QFuture<FileDiff> diffBackups(const QString& serverUuid, const QString& backupUuid,
                                  const QString& againstUuid) const;
    FileDiff diffSnapshotsBlocking(const Snapshot& before, const Snapshot& after) const;
    QFuture<FileDiff> diffSnapshots(const Snapshot& before, const Snapshot& after) const;
    const FileIndex& fileIndex() const { return m_files; }
    int filesWaitMs() const { return m_filesWaitMs; }

    // Claims the volumes and state directories for this process (see NodeLock). Until it succeeds no job and
    // no recovery runs here, and every start answers Error::Unavailable with `nodeError()`.
    // `face` is "headless" or "desktop".
    bool claimNode(const QString& face, QString* error);
    bool ownsNode() const { return m_nodeLock.isHeld(); }
    QString nodeError() const { return m_nodeError; }

    // True when a backup with this uuid is running here or is in the catalogue.
    bool hasBackup(const QString& backupUuid) const;
    static QString duplicateMessage();

    // Makes sure the repository exists, initialising it once (concurrent callers wait). Blocking.
    bool ensureRepository(QString* error);

    // Start-up housekeeping: finishes or rolls back restores a crash interrupted, removes stale own locks.
    void recover();

    // Cancels all jobs and waits for them to end (for SIGTERM).
    bool shutdown(int msecs);

private:
    // The job kinds (src/core/jobs) work over the service's gateway: restic, paths, catalogue.
    friend class BackupJob;
    friend class RestoreJob;
    friend class DeleteJob;
    friend class PruneJob;
    friend class CheckJob;
    friend class RepositoryInspector;
    Job* schedulePrune();
    void afterDelete(); // a delete's prune: at once, or after `maintenance.prune.after_deletes` of them
    void runDueMaintenance();
    void noteLocks(const LockList& list) const; // the metrics' lock counts, from the newest listing
    void sampleMetrics(Metrics& metrics);
    void watch(Job* job);
    QString compressionMode() const; // restic's --compression value, or empty where it has none

    // Why a job cannot start now (shutdown begun, or no node lock); empty when it can.
    QString unavailableReason() const;
    bool refusedNow(Started* s) const; // fills `s` with Unavailable when no job may start now

    Config m_config;
    Metrics m_metrics; // first in, last out: restic calls and jobs report to it until the end
    NodeLock m_nodeLock;
    QString m_nodeError;
    bool m_shuttingDown = false;
    Restic m_restic;
    ServerPaths m_paths;
    JobManager m_jobs;
    EventBus m_events;
    mutable QThreadPool m_queryPool;
    QThreadPool m_cleanupPool; // removes what a finished restore moved aside, after it has reported
    mutable Catalogue m_catalogue;
    mutable CatalogueSync m_sync{m_restic, m_catalogue};
    mutable FileIndex m_files{m_restic, m_catalogue};
    ServerNames m_names{m_config, &m_catalogue};
    mutable QThreadPool m_filesPool; // file questions wait for an index: never on the listing pool
    mutable QMutex m_filesOpenMutex;
    int m_filesWaitMs = 10000;
    void ensureFileIndex() const; // a temporary one where claimNode opened none
    // Indexes `snapshots` within the files wait; false with a FileListing-like status and error when not.
    bool waitIndexed(const QList<Snapshot>& snapshots, bool* indexing, QString* error) const;
    int m_queryTimeoutSec = 300;
    CancelFlag m_stopQueries = std::make_shared<std::atomic_bool>(false); // set once shutdown has begun
    // A read-only query's options: bounded in time, stopped by shutdown.
    Restic::RunOptions queryOptions() const;
    StatsMeasurer m_stats{m_restic, m_catalogue, [this] { return queryOptions(); }};

    std::mutex m_initMutex;
    bool m_repositoryReady = false;
    int m_repositoryVersion = 0;
    QString m_repositoryId; // restic's id of the repository (cat config): the name of its cache directory

    // Snapshots of failed backups (restic exit 3) whose forget has not succeeded yet: never listed, never
    // found, and forgotten again at the next start. Kept on disk beside the catalogue.
    mutable QMutex m_discardedMutex;
    QSet<QString> m_discarded;
    QString m_discardedFile;
    void discard(const QString& snapshotId);
    bool isDiscarded(const QString& snapshotId) const;
    QList<Snapshot> withoutDiscarded(QList<Snapshot> snapshots) const;
    void loadDiscarded();
    void saveDiscarded() const; // with m_discardedMutex held
    // After a successful forget: drops the snapshots from the catalogue and the discarded set.
    void forgotten(const QStringList& snapshotIds);
    void forgetDiscarded();

    // Fills the catalogue once if it never was; false (with the error, or `building`) when it cannot in time.
    bool ensureCatalogue(SnapshotList* list) const;
    SnapshotList findBackupAsked(const QString& backupUuid, const QString& serverUuid, quint64 asked) const;
    // True when the repository is local and the catalogue holds each of its snapshot files: a lookup that
    // misses is then certain without a resync (this spares a POST its duplicate check's restic call).
    bool holdsEverySnapshotFile() const;

    Job* m_pruneJob = nullptr;
    bool m_pruneAgain = false;
    mutable RepositoryInspector::RawSize m_rawSize;
    mutable QMutex m_lockCountMutex;
    mutable QDateTime m_lockCountTime;
    mutable std::optional<std::pair<int, int>> m_lockCount; // live, stale
    mutable std::atomic_bool m_lockCountRefreshing{false};
    QTimer* m_maintenanceTimer = nullptr;
};
