#include "DeleteJob.h"
#include "JobSupport.h"
#include "Logging.h"
#include "restic/ResticCommands.h"

using namespace JobSupport;

namespace {
constexpr int kBackupLockWaitSec = 900; // a prune on a big shared repository holds its lock for minutes
} // namespace

JobOutcome DeleteJob::run(BackupService& node, JobContext& c, const QString& serverUuid, const QString& backupUuid,
                          QList<Snapshot> known)
{
    BackupService::SnapshotList found;
    if (known.isEmpty()) {
        found = node.findBackupBlocking(backupUuid, serverUuid);
        if (!found.ok)
            return failure(found.error);
    } else {
        found.snapshots = std::move(known);
    }
    if (found.snapshots.isEmpty())
        return failure(BackupService::tr("The requested backup was not found on this server."));
    QStringList ids;
    for (const Snapshot& s : found.snapshots)
        ids << s.id;
    Restic::RunOptions options;
    options.cancel = c.cancel;
    options.lockWaitSec = kBackupLockWaitSec;
    const ResticResult r = node.m_restic.run(ResticCommand::forget(ids), options);
    if (!r.ok())
        return failure(r.message);
    node.forgotten(ids);
    QMetaObject::invokeMethod(
        &node, [&node] { node.afterDelete(); }, Qt::QueuedConnection);
    JobOutcome o;
    o.ok = true;
    o.snapshotId = found.snapshots.first().id;
    return o;
}
