#pragma once

#include "BackupService.h"

// A prune: frees the space of forgotten snapshots; it takes the exclusive lock, so it waits long.
class PruneJob
{
public:
    static JobOutcome run(BackupService& node, JobContext& context);
};
