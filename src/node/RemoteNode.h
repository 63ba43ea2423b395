#pragma once

#include "Coalesced.h"
#include "Node.h"

#include <QSslCertificate>
#include <QTimer>
#include <QUrl>

class EventSource;
class NodeApi;
class RemoteJobs;
struct ApiReply;

// A headless Pouch node over its HTTP API (docs/api.md) and its event stream: the console's client of it. State
// from `GET /api/node` (reconnecting on its own after a drop, 1 s doubling to 30 s), servers from `GET /api/servers`
// and jobs from `GET /api/jobs`, both asked again only when an event says they changed; the questions are the
// API's listings and file endpoints; jobs are mirrors (RemoteJobs) that Job::cancel() cancels on the node. The
// identity of a snapshot on the wire is (serverUuid, backupUuid).
class RemoteNode : public Node
{
    Q_OBJECT
public:
    struct Settings
    {
        QUrl url;                // http(s)://host:port, the node's API base
        QString token;           // the node's token (Bearer)
        QByteArray pinnedSha256; // lowercase hex SHA-256 of the DER certificate the user trusted, or empty
    };
    explicit RemoteNode(const Settings& settings, QObject* parent = nullptr);
    ~RemoteNode() override;
    Settings settings() const;
    // (Re)starts: GET /api/node, GET /api/servers, the event stream; state Connecting → ...
    void connectToNode();
    // When state() is CertificateUntrusted: the certificate the node presented (for the trust-on-first-use dialog).
    QSslCertificate untrustedCertificate() const;
    static QByteArray fingerprint(const QSslCertificate& cert); // lowercase hex SHA-256 of DER
    // Pins this fingerprint (the user said yes), emits pinnedChanged, reconnects.
    void trustCertificate(const QByteArray& sha256Hex);

    QString key() const override;
    QString label() const override;
    bool isLocal() const override { return false; }

    QFuture<BackupService::SnapshotList> listSnapshots(const QString& serverUuid) override;
    QFuture<BackupService::StatsResult> stats(const Snapshot& snapshot) override;
    QFuture<BackupService::FileListing> listDirectory(const Snapshot& snapshot, const QString& path) override;
    QFuture<BackupService::FileSearch> searchFiles(const QString& serverUuid, const QString& text, int limit) override;
    QFuture<BackupService::PathCheck> checkPaths(const Snapshot& snapshot, const QStringList& paths) override;
    QFuture<BackupService::FileDiff> diffSnapshots(const Snapshot& before, const Snapshot& after) override;
    QFuture<qint64> countExisting(const QString& serverUuid, const QString& destination,
                                  const QStringList& paths) override;

    QFuture<BackupService::Started> startBackup(const QString& serverUuid) override;
    QFuture<BackupService::Started> startRestore(const QString& targetServerUuid, const Snapshot& snapshot,
                                                 const BackupService::RestoreRequest& request) override;
    QFuture<BackupService::Started> startDelete(const Snapshot& snapshot) override;
    QList<Job*> jobs() const override;

    QFuture<RepositoryState> repositoryState() override;
    QFuture<LockList> listLocks() override;
    QFuture<UnlockResult> unlock() override;
    QFuture<Growth> growth(const QString& serverUuid) override;
    QFuture<BackupService::Started> startCheck(const QString& readDataSubset) override;
    QFuture<BackupService::Started> startPrune() override;

    NodeDownload* download(const Snapshot& snapshot, const FileEntry& entry, ArchiveFormat format,
                           const QString& fileName, QObject* parent) override;

    // The event stream, for diagnostics and tests (EventSource::abort() cuts it as a failing network would).
    EventSource* eventSource() const { return m_events; }

Q_SIGNALS:
    void pinnedChanged(const QByteArray& sha256Hex);

private:
    void probe();
    void onProbed(const ApiReply& reply);
    void scheduleRetry();
    void onCertificateRefused(const QString& message);
    void onEventsDropped(const ApiReply& why);
    void onEvent(const QString& name, const QJsonObject& data);
    void fetchServers(std::function<void()> done);
    void fetchJobs(std::function<void()> done);
    void fetchSnapshots(const QString& serverUuid, std::function<void(const BackupService::SnapshotList&)> done);
    void fetchDirectory(const Snapshot& snapshot, const QString& path,
                        std::function<void(const BackupService::FileListing&)> done);
    // POSTs or DELETEs a job's request; on 2xx the mirror of the job it started (found in a fresh job list).
    QFuture<BackupService::Started> startJob(const QByteArray& method, const QString& path, const QJsonObject& body,
                                             Job::Kind kind, const QString& serverUuid, const QString& backupUuid,
                                             const QString& sourceServerUuid);
    // POSTs a maintenance start (check, prune); on 202 the mirror of the job whose id the node answered.
    QFuture<BackupService::Started> startMaintenance(const QString& path, const QJsonObject& body, Job::Kind kind);
    void cancelJob(const QString& remoteId);
    QString backupPath(const QString& serverUuid, const QStringList& rest) const;

    Settings m_settings;
    NodeApi* m_api;
    EventSource* m_events;
    RemoteJobs* m_jobs;
    QTimer m_retry;
    QTimer m_silentJobs; // asks for the job list again while a job runs that no event will report the end of
    int m_backoffMs;
    int m_attempt = 0;
    bool m_everConnected = false;
    bool m_serversLoaded = false;
    QHash<QString, SnapshotStats> m_stats; // by snapshot id, from the listings (snapshots never change)
    Coalesced m_serversRefresh;
    Coalesced m_jobsRefresh;
};
