#pragma once

#include "BackupService.h"

// A restore into a server directory through a staging directory (StagedRestore), swapped in only when complete;
// progress from restic (0.16+) or measured (before). With paths, only those are restored and put in place.
class RestoreJob
{
public:
    static JobOutcome run(BackupService& node, JobContext& context, const QString& targetServerUuid,
                          const Snapshot& snapshot, const BackupService::RestoreRequest& request);
};
