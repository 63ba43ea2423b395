#pragma once

#include "Node.h"

#include <memory>

// The core in this process as a Node: every question goes to the BackupService it owns, jobs are its JobManager's.
// The desktop's local mode of before the fleet, one kind of node among the others.
class LocalNode : public Node
{
    Q_OBJECT
public:
    explicit LocalNode(std::unique_ptr<BackupService> service, QObject* parent = nullptr);
    ~LocalNode() override;

    BackupService* service() const { return m_service.get(); }
    // Why nothing can run here (a missing repository, no restic, another process holding the node); empty clears.
    void setProblem(const QString& problem);
    // Recomputes servers() from the catalogue (on the node's own signals; callers may ask too).
    void refreshServers();

    QString key() const override { return QStringLiteral("local"); }
    QString label() const override;
    bool isLocal() const override { return true; }
    QString serverLocation(const QString& serverUuid) const override;

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

private:
    void onJobFinished(Job* job);

    std::unique_ptr<BackupService> m_service;
};
