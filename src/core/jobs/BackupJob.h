#pragma once

#include "BackupService.h"

// A backup of one server directory: restic backup with the spec's host and tags, the ignore lines through an
// exclude file, progress from restic's status lines; an incomplete snapshot (exit 3) is never left as good.
class BackupJob
{
public:
    static JobOutcome run(BackupService& node, JobContext& context, const QString& serverUuid,
                          const QString& backupUuid, const QString& ignore);
};
