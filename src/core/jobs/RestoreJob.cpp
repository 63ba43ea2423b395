#include "RestoreJob.h"
#include "JobSupport.h"
#include "Logging.h"
#include "RestoreProgress.h"
#include "StagedRestore.h"
#include "TarExtractor.h"
#include "restic/ResticCommands.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QUuid>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

using namespace JobSupport;

namespace {
constexpr int kBackupLockWaitSec = 900;   // a prune on a big shared repository holds its lock for minutes
constexpr qint64 kAskStatsAfterMs = 4000; // shorter restores never pay for a stats query

bool useDump(const BackupService& node)
{
    const QString& method = node.config().restic.restoreMethod;
    if (method == QLatin1String("auto"))
        return false; // restic restore was the faster of the two in every case bench/run measures (bench/README.md)
    return method == QLatin1String("dump");
}
} // namespace

JobOutcome RestoreJob::run(BackupService& node, JobContext& c, const QString& targetServerUuid,
                           const Snapshot& snapshot, const BackupService::RestoreRequest& request)
{
    const bool truncate = request.truncate;
    const bool selective = !request.paths.isEmpty();
    const QString target = node.m_paths.serverDirectory(targetServerUuid);
    if (target.isEmpty())
        return failure(
            BackupService::tr("The server directory %1 no longer exists.").arg(node.m_paths.pathFor(targetServerUuid)));
    const QString originalPath = snapshot.paths.value(0);
    // The path comes from the repository, which other nodes write too: it must be absolute and clean, or
    // "/../../<other server>" would point the swap at another tenant's files.
    if (originalPath.isEmpty() || !originalPath.startsWith(QLatin1Char('/')) ||
        QDir::cleanPath(originalPath) != originalPath ||
        originalPath.split(QLatin1Char('/')).contains(QStringLiteral("..")))
        return failure(BackupService::tr("Snapshot %1 has no usable path.").arg(snapshot.shortId));

    StagedRestore staged(
        node.m_paths.stagingRoot(),
        QStringLiteral("restore-%1-%2").arg(c.jobId, QUuid::createUuid().toString(QUuid::Id128).left(8)));
    QString error;
    if (!staged.prepare(&error))
        return failure(error);
    // Staging goes when the job ends, unless a committed restore leaves it to the cleanup pool.
    struct Cleanup
    {
        StagedRestore& s;
        bool now = true;
        ~Cleanup()
        {
            if (now)
                s.cleanup();
        }
    } cleanup{staged};

    Restic::RunOptions options;
    options.cancel = c.cancel;
    options.lockWaitSec = kBackupLockWaitSec;
    options.stallTimeoutSec = node.m_config.restic.stallTimeoutSec;
    QElapsedTimer running;
    running.start();
    // The snapshot's size, for progress: from the catalogue, or asked of restic alongside a restore that
    // takes a while. 0 while unknown.
    QFuture<BackupService::StatsResult> totals;
    bool askedForTotals = false;
    auto totalBytes = [&]() -> qint64 {
        if (const auto known = node.m_catalogue.stats(snapshot.id))
            return known->totalSize;
        if (askedForTotals && totals.isFinished() && totals.resultCount() > 0 && totals.result().ok)
            return totals.result().stats.totalSize;
        if (!askedForTotals && running.elapsed() >= kAskStatsAfterMs) {
            askedForTotals = true;
            totals = node.stats(snapshot.id);
        }
        return 0;
    };

    QString treeRoot;
    ResticResult r;
    // A selective restore goes through restic restore's includes, which read only what they name.
    const bool dump = !selective && useDump(node);
    const QStringList paths = StagedRestore::outermost(request.paths);
    if (selective) {
        treeRoot = staged.treeDirectory() + originalPath;
        const bool json = node.m_restic.version().atLeast(0, 16);
        if (json) {
            options.onJsonLine = [&](const QJsonObject& o) {
                if (o.value(QLatin1String("message_type")).toString() == QLatin1String("status"))
                    c.reportProgress(progressFrom(o, "bytes_restored", "files_restored"));
            };
        }
        // Before 0.16 there is no progress: the snapshot's size is no measure of a part of it.
        // The includes go in batches, each well below the kernel's limit on one command line.
        constexpr qsizetype kArgumentBytes = 128 * 1024;
        QStringList batch;
        qsizetype bytes = 0;
        auto flush = [&] {
            r = node.m_restic.run(ResticCommand::restoreSelected(snapshot.id, batch, staged.treeDirectory(), json),
                                  options);
            batch.clear();
            bytes = 0;
            return r.ok() && !c.isCancelled();
        };
        bool ok = true;
        for (const QString& p : paths) {
            batch << originalPath + p;
            bytes += batch.last().toUtf8().size() + 16;
            if (bytes >= kArgumentBytes && !(ok = flush()))
                break;
        }
        if (ok && !batch.isEmpty())
            flush();
    } else if (dump) {
        // The tar stream carries the server's files under their full path: the prefix is stripped as they
        // are unpacked, so the tree lands at the staging root.
        treeRoot = staged.treeDirectory();
        TarExtractor tar(treeRoot, originalPath);
        if (!tar.start(&error))
            return failure(error);
        options.onStdoutData = [&tar](const char* data, qsizetype size) { return tar.feed(data, size); };
        // Exact progress: the file bytes unpacked against the snapshot's size.
        options.onTick = [&](qint64) {
            const qint64 total = totalBytes();
            const qint64 done = tar.bytesWritten();
            if (total > 0 && done > 0) {
                JobProgress p;
                p.totalBytes = total;
                p.bytesDone = qMin(done, total);
                p.percentDone = qMin(0.999, double(done) / double(total)); // only the end of the stream is 100 %
                c.reportProgress(p);
            }
        };
        r = node.m_restic.run(ResticCommand::dump(snapshot.id, originalPath), options);
        const bool unpacked = tar.finish(r.ok());
        // The extraction's own error says more than "restic was stopped" when it is what stopped restic.
        if (!unpacked && (r.ok() || r.failure == ResticResult::Failure::ReaderStopped))
            return failure(BackupService::tr("Snapshot %1 could not be unpacked; the server's files are unchanged: %2")
                               .arg(snapshot.shortId, tar.error()));
        for (const QString& s : tar.skipped())
            qCWarning(lcRestore).noquote() << "not restored (device node):" << s;
    } else {
        // `snap:subfolder` (0.16+) restores the server's files at the staging root; 0.14 keeps the full path.
        const bool subfolder = node.m_restic.hasSnapshotSubfolder();
        treeRoot = subfolder ? staged.treeDirectory() : staged.treeDirectory() + originalPath;
        const bool json = node.m_restic.version().atLeast(0, 16);
        // Only the restic of the 0.16 era reports restore progress; before it, Pouch measures what restic
        // writes against the snapshot's size.
        RestoreProgress measured;
        qint64 writtenBeforeFiles = 0;
        if (json) {
            options.onJsonLine = [&](const QJsonObject& o) {
                if (o.value(QLatin1String("message_type")).toString() == QLatin1String("status"))
                    c.reportProgress(progressFrom(o, "bytes_restored", "files_restored"));
            };
        } else {
            options.onTick = [&](qint64 pid) {
                if (!measured.hasTotal()) {
                    if (const qint64 total = totalBytes())
                        measured.setTotalBytes(total);
                }
                // Until restic puts its first file in place, what it writes is its cache and its own output.
                if (!measured.hasBaseline()) {
                    if (QDir(treeRoot).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
                        writtenBeforeFiles = RestoreProgress::bytesWritten(pid);
                        return;
                    }
                    measured.setBaseline(writtenBeforeFiles);
                }
                const JobProgress p = measured.sample(pid);
                if (RestoreProgress::isReal(p))
                    c.reportProgress(p);
            };
        }
        r = node.m_restic.run(
            ResticCommand::restore(snapshot.id, originalPath, staged.treeDirectory(), subfolder, json), options);
    }
    if (!r.ok())
        return failure(r.message);
    if (c.isCancelled())
        return failure(BackupService::tr("Cancelled"));
    const qint64 resticMs = running.restart();

    const QFileInfo treeInfo(treeRoot);
    if (!treeInfo.isDir() || treeInfo.isSymLink())
        return failure(BackupService::tr("Snapshot %1 does not contain %2.").arg(snapshot.shortId, originalPath));
    for (const QString& p : paths) {
        struct stat pst
        {
        };
        if (::lstat(QFile::encodeName(treeRoot + p).constData(), &pst) != 0)
            return failure(BackupService::tr("Snapshot %1 does not contain %2; the server's files are unchanged.")
                               .arg(snapshot.shortId, p));
    }

    // The owner to give the restored files; without it (a failed stat) nothing may be chowned: root's zero
    // uid would hand the server's files to root.
    struct stat st
    {
    };
    if (::stat(QFile::encodeName(target).constData(), &st) != 0)
        return failure(BackupService::tr("Cannot read the owner of %1 (%2); the server's files are unchanged.")
                           .arg(target, QString::fromLocal8Bit(strerror(errno))));
    const QStringList dropped = staged.sanitize(treeRoot, st.st_uid, st.st_gid, ::geteuid() == 0, &error);
    if (!error.isEmpty())
        return failure(error);
    for (const QString& d : dropped)
        qCWarning(lcRestore).noquote() << "not restored (device node or socket):" << d;
    const bool committed = selective ? staged.commitPaths(treeRoot, target, request.destination, paths, st.st_uid,
                                                          st.st_gid, ::geteuid() == 0, &error)
                                     : staged.commit(treeRoot, target, truncate, &error);
    if (!committed)
        return failure(BackupService::tr("The restore could not be put in place; the server's files are unchanged: %1")
                           .arg(error));
    // The swap is journalled as committed: what a truncate moved aside (the server's old files, possibly
    // gigabytes) is removed after the job has reported, so the restore is done when its files are in place.
    // A crash before that leaves a settled journal, which the next start only removes.
    cleanup.now = false;
    node.m_cleanupPool.start([dir = staged.directory()] { StagedRestore::removeDirectory(dir); });
    JobOutcome o;
    o.ok = true;
    o.snapshotId = snapshot.id;
    qCInfo(lcRestore).noquote() << "restored" << snapshot.shortId << "into" << targetServerUuid
                                << (truncate ? "(truncated)" : "")
                                << (selective ? QStringLiteral("%1 paths").arg(paths.size()) : QString())
                                << (dump ? "dump" : "restore") << resticMs << "ms, swap" << running.elapsed() << "ms";
    return o;
}
