#pragma once

#include "BackupService.h"

// `restic check`, with a random subset of the data read when asked: what restic finds goes into the outcome's
// findings, one line each. It takes the exclusive lock (restic 0.14), so it waits for running backups.
class CheckJob
{
public:
    static JobOutcome run(BackupService& node, JobContext& context, const QString& readDataSubset);
};
