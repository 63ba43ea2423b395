#include "CheckJob.h"
#include "JobSupport.h"
#include "Logging.h"
#include "restic/ResticCommands.h"

using namespace JobSupport;

namespace {
constexpr int kCheckLockWaitSec = 1800; // a long backup holds its lock; a check must not fail for that
} // namespace

JobOutcome CheckJob::run(BackupService& node, JobContext& c, const QString& readDataSubset)
{
    Restic::RunOptions options;
    options.cancel = c.cancel;
    options.lockWaitSec = kCheckLockWaitSec;
    const ResticResult r = node.m_restic.run(ResticCommand::check(readDataSubset), options);
    JobOutcome o;
    o.ok = r.ok();
    if (r.ok())
        return o;
    // --quiet leaves restic's findings alone on stderr, one a line, then its verdict.
    if (r.failure == ResticResult::Failure::Other) {
        for (const QString& line : r.standardError.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QString text = node.m_restic.mask(line.trimmed());
            if (!text.isEmpty() && !text.startsWith(QLatin1String("Fatal: repository contains errors")) &&
                !text.startsWith(QLatin1String("using temporary cache")))
                o.findings << text;
        }
    }
    if (o.findings.isEmpty())
        o.findings << r.message;
    o.error = r.failure == ResticResult::Failure::Other
                  ? BackupService::tr("The repository check found %n problem(s).", nullptr, int(o.findings.size()))
                  : r.message;
    qCWarning(lcBackup).noquote() << "repository check failed:" << o.findings.join(QStringLiteral("; "));
    return o;
}
