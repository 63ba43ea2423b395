#pragma once

#include "BackupService.h"

// A delete: forget the backup's snapshots by id (scoped to its server), then a coalesced prune.
class DeleteJob
{
public:
    static JobOutcome run(BackupService& node, JobContext& context, const QString& serverUuid,
                          const QString& backupUuid, QList<Snapshot> known);
};
