#pragma once

#include "RepositoryHealth.h"

#include <QMutex>

#include <optional>

class BackupService;

// The repository's health questions over the service's gateway (like the job kinds): its locks, an unlock of
// ours, its state and each server's growth. Blocking; BackupService runs them on its query pool.
class RepositoryInspector
{
public:
    // `restic list locks`, then `restic cat lock` of each (a lock gone in between is left out), judged as restic
    // judges them from this host.
    static LockList listLocks(const BackupService& node);
    // Removes this node's stale locks and nothing else (docs/api.md, POST /api/repository/unlock): restic's own
    // unlock when every stale lock is ours, else, for a local repository, our lock files one by one; elsewhere it is
    // refused, since restic can only remove all stale locks at once.
    static UnlockResult unlock(BackupService& node);
    static RepositoryState state(const BackupService& node);
    static Growth growth(const BackupService& node, const QString& serverUuid);

    // restic's raw-data size, measured at most once per interval (`maintenance.raw_size_interval`).
    struct RawSize
    {
        QMutex mutex; // held while measuring: concurrent askers share one restic call
        std::optional<qint64> bytes;
        QDateTime measuredAt;
    };
    static std::optional<qint64> rawSize(const BackupService& node, QDateTime* measuredAt);
};
