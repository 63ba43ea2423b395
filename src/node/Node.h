#pragma once

#include "BackupService.h"
#include "Job.h"

#include <QFuture>
#include <QObject>

#include <optional>

class QIODevice;

// What a node says about itself (GET /api/node; the local node fills it from its config).
struct NodeInfo
{
    QString uuid;
    QString version;
    QString resticVersion;
    QString repository; // without credentials or query: what says whether two nodes share one repository
    int servers = 0;
    int jobsRunning = 0;
};

// One server of a node (GET /api/servers).
using NodeServer = BackupService::ServerSummary;

// A download of a snapshot (or one path of it) as an archive into a file. Lives on the main thread.
class NodeDownload : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void cancel() = 0;
    // File bytes written so far against the total when known (-1).
    virtual qint64 bytesDone() const = 0;
    virtual qint64 totalBytes() const = 0;

Q_SIGNALS:
    // Once. On failure or cancel the target file is left untouched (a QSaveFile that was not committed).
    void finished(bool ok, const QString& error);
};

// The one seam between the desktop and a Pouch node: the core in this process (LocalNode) or a headless node
// over its HTTP API and SSE (RemoteNode). Every window works through it, so every window works on both.
// Questions come back as QFutures (never blocking the event loop); jobs are Job objects, mirrored from the node's
// events for a remote node, so the job list, progress and cancel (Job::cancel) are the same for both.
class Node : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Connecting,
        Connected,
        Unreachable,          // no answer, or not a Pouch node
        WrongToken,           // 401/403
        CertificateUntrusted, // TLS: a certificate the system does not trust and the user has not pinned
        Unavailable,          // local: no repository, restic missing, or another Pouch process holds the node
    };
    Q_ENUM(State)

    using QObject::QObject;

    // Stable and unique: "local", or the node's base URL.
    virtual QString key() const = 0;
    // For people: "This computer", or the URL's host and port.
    virtual QString label() const = 0;
    virtual bool isLocal() const = 0;
    // The name the user gave the node (the console's list), else label(): what every window calls it.
    QString displayLabel() const { return m_displayLabel.isEmpty() ? label() : m_displayLabel; }
    void setDisplayLabel(const QString& text) { m_displayLabel = text; }

    State state() const { return m_state; }
    // Why the state is what it is, for a person (empty when connected).
    QString stateMessage() const { return m_stateMessage; }
    static QString stateText(State state);
    NodeInfo info() const { return m_info; }

    // The node's servers, cached and kept current (serversChanged).
    QList<NodeServer> servers() const { return m_servers; }
    // The Panel's name of a server, or empty.
    QString serverName(const QString& serverUuid) const;
    // True when this node hosts the server's files (a restore target).
    bool hasServer(const QString& serverUuid) const;

    // Snapshots, newest first: of one server, or with an empty uuid every snapshot the node shows.
    virtual QFuture<BackupService::SnapshotList> listSnapshots(const QString& serverUuid) = 0;
    virtual QFuture<BackupService::StatsResult> stats(const Snapshot& snapshot) = 0;
    virtual QFuture<BackupService::FileListing> listDirectory(const Snapshot& snapshot, const QString& path) = 0;
    virtual QFuture<BackupService::FileSearch> searchFiles(const QString& serverUuid, const QString& text,
                                                           int limit) = 0;
    virtual QFuture<BackupService::PathCheck> checkPaths(const Snapshot& snapshot, const QStringList& paths) = 0;
    virtual QFuture<BackupService::FileDiff> diffSnapshots(const Snapshot& before, const Snapshot& after) = 0;
    // Files now at `paths` below the target server's `destination`, for "N files will be replaced"; -1 when the
    // node cannot tell (a remote node).
    // With no paths: every file of the server (what a truncating restore deletes).
    virtual QFuture<qint64> countExisting(const QString& serverUuid, const QString& destination,
                                          const QStringList& paths) = 0;
    // Where a server's files are, for a person: the local directory, or empty when the node does not say.
    virtual QString serverLocation(const QString& serverUuid) const
    {
        Q_UNUSED(serverUuid)
        return {};
    }

    // Jobs. The future's Started has the job (a mirror, for a remote node) when it was accepted.
    virtual QFuture<BackupService::Started> startBackup(const QString& serverUuid) = 0;
    virtual QFuture<BackupService::Started> startRestore(const QString& targetServerUuid, const Snapshot& snapshot,
                                                         const BackupService::RestoreRequest& request) = 0;
    virtual QFuture<BackupService::Started> startDelete(const Snapshot& snapshot) = 0;
    // The unfinished jobs and recent finished ones, oldest first.
    virtual QList<Job*> jobs() const = 0;

    // The repository's health (issue 12): its figures and locks, an unlock of this node's own stale locks, a
    // server's growth (one point per snapshot, oldest first), and maintenance as jobs: a check reading
    // `readDataSubset` of the data (restic's syntax, empty reads none; InvalidRequest with the reason for a bad
    // one), a prune (coalesced with the one queued or running: that job is the answer).
    virtual QFuture<RepositoryState> repositoryState() = 0;
    virtual QFuture<LockList> listLocks() = 0;
    virtual QFuture<UnlockResult> unlock() = 0;
    virtual QFuture<Growth> growth(const QString& serverUuid) = 0;
    virtual QFuture<BackupService::Started> startCheck(const QString& readDataSubset) = 0;
    virtual QFuture<BackupService::Started> startPrune() = 0;

    enum class ArchiveFormat
    {
        TarGz,
        Zip,
    };
    // `entry` is what the browser shows at the path (`entry.path` "/" for the whole snapshot; its type and size
    // are what a single file or link is archived from, and the expected total). Writes `fileName` (a QSaveFile)
    // only when the archive is complete.
    virtual NodeDownload* download(const Snapshot& snapshot, const FileEntry& entry, ArchiveFormat format,
                                   const QString& fileName, QObject* parent) = 0;

Q_SIGNALS:
    void stateChanged(Node::State state);
    void infoChanged();
    void serversChanged();
    // Snapshots were added or removed (a backup or delete ended here or elsewhere, a resync): list again.
    void snapshotsChanged();
    void jobAdded(Job* job);
    void jobFinished(Job* job);

protected:
    void setState(State state, const QString& message = {});
    void setInfo(const NodeInfo& info);
    void setServers(const QList<NodeServer>& servers);

private:
    QString m_displayLabel;
    State m_state = State::Connecting;
    QString m_stateMessage;
    NodeInfo m_info;
    QList<NodeServer> m_servers;
};
