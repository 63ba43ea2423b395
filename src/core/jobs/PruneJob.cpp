#include "PruneJob.h"
#include "JobSupport.h"
#include "Logging.h"
#include "restic/ResticCommands.h"

using namespace JobSupport;

namespace {
constexpr int kPruneLockWaitSec = 1800;
} // namespace

JobOutcome PruneJob::run(BackupService& node, JobContext& c)
{
    Restic::RunOptions options;
    options.cancel = c.cancel;
    options.lockWaitSec = kPruneLockWaitSec;
    const ResticResult r = node.m_restic.run(ResticCommand::prune(), options);
    if (!r.ok())
        return failure(r.message);
    JobOutcome o;
    o.ok = true;
    return o;
}

// ---- repository -----------------------------------------------------------------------------------------
