#include "BackupJob.h"
#include "IgnoreRules.h"
#include "JobSupport.h"
#include "Logging.h"
#include "restic/ResticCommands.h"

#include <QDir>
#include <QTemporaryFile>
#include <QThread>

using namespace JobSupport;

namespace {
constexpr int kBackupLockWaitSec = 900; // a prune on a big shared repository holds its lock for minutes
} // namespace

JobOutcome BackupJob::run(BackupService& node, JobContext& c, const QString& serverUuid, const QString& backupUuid,
                          const QString& ignore)
{
    const QString dir = node.m_paths.serverDirectory(serverUuid);
    if (dir.isEmpty())
        return failure(
            BackupService::tr("The server directory %1 no longer exists.").arg(node.m_paths.pathFor(serverUuid)));
    QString error;
    if (!node.ensureRepository(&error))
        return failure(error);

    ResticCommand::Backup spec;
    spec.host = serverUuid;
    spec.tags = {QStringLiteral("backup_uuid:") + backupUuid, QStringLiteral("server_uuid:") + serverUuid};
    spec.path = dir;
    if (node.m_config.writeLimitMiB >= 1)
        spec.limitUploadKiB = qint64(node.m_config.writeLimitMiB * 1024);
    spec.compression = node.compressionMode();

    std::unique_ptr<QTemporaryFile> excludeFile;
    const QStringList excludes = IgnoreRules::toResticExcludes(ignore, dir);
    if (!excludes.isEmpty()) {
        QString tmp = node.m_config.tmpDirectory;
        if (tmp.isEmpty() || !QDir().mkpath(tmp))
            tmp = QDir::tempPath();
        excludeFile = std::make_unique<QTemporaryFile>(tmp + QStringLiteral("/pouch-exclude-XXXXXX"));
        if (!excludeFile->open())
            return failure(
                BackupService::tr("Cannot write the exclude file in %1: %2").arg(tmp, excludeFile->errorString()));
        excludeFile->write(excludes.join(QLatin1Char('\n')).toUtf8() + '\n');
        excludeFile->flush();
        spec.excludeFile = excludeFile->fileName();
    }

    QString snapshotId;
    QDateTime startedAt; // the snapshot's time, in 0.17's summary
    qint64 bytes = 0;
    qint64 dataAdded = -1;
    Restic::RunOptions options;
    options.cancel = c.cancel;
    options.lockWaitSec = kBackupLockWaitSec;
    options.stallTimeoutSec = node.m_config.restic.stallTimeoutSec;
    options.onJsonLine = [&](const QJsonObject& o) {
        const QString type = o.value(QLatin1String("message_type")).toString();
        if (type == QLatin1String("status")) {
            c.reportProgress(progressFrom(o, "bytes_done", "files_done"));
        } else if (type == QLatin1String("summary")) {
            snapshotId = o.value(QLatin1String("snapshot_id")).toString();
            bytes = qint64(o.value(QLatin1String("total_bytes_processed")).toDouble());
            dataAdded = qint64(o.value(QLatin1String("data_added")).toDouble(-1));
            startedAt = QDateTime::fromString(o.value(QLatin1String("backup_start")).toString(), Qt::ISODateWithMs);
        }
    };
    const QDateTime launchedAt = QDateTime::currentDateTimeUtc();
    const ResticResult r = node.m_restic.run(ResticCommand::backup(spec), options);
    if (!r.ok()) {
        if (!snapshotId.isEmpty()) {
            // Exit 3: a snapshot was written without some files. It must not pass for a good backup: it is
            // hidden at once, and stays hidden (on disk, across restarts) until a forget succeeds.
            node.discard(snapshotId);
            Restic::RunOptions forgetOptions;
            forgetOptions.lockWaitSec = kBackupLockWaitSec;
            const ResticResult forgot = node.m_restic.run(ResticCommand::forget({snapshotId}), forgetOptions);
            if (!forgot.ok())
                return failure(
                    BackupService::tr("Some files could not be read (%1), and the incomplete snapshot %2 could not be "
                                      "removed (%3). It is hidden from listings and removal is retried at the next "
                                      "start.")
                        .arg(r.message, snapshotId.left(8), forgot.message));
            node.forgotten({snapshotId});
            return failure(
                BackupService::tr("Some files could not be read, so the backup was discarded: %1").arg(r.message));
        }
        return failure(r.message);
    }
    if (snapshotId.isEmpty())
        return failure(BackupService::tr("restic finished without reporting a snapshot id."));
    // restic 0.14 reports the short id; the Panel gets the full one as the checksum, and the catalogue the whole
    // snapshot, before `backup completed` is announced. A lookup that fails now (S3 hiccup) is tried again.
    // What restic said is enough for the catalogue until the next resync brings restic's own record (the
    // exact time, the tree).
    auto fromSummary = [&](const QString& fullId, const QDateTime& time) {
        Snapshot s;
        s.id = fullId;
        s.shortId = fullId.left(8);
        s.time = time.toUTC();
        s.hostname = spec.host;
        s.tags = spec.tags;
        s.paths = {spec.path};
        s.backupUuid = backupUuid;
        s.serverUuid = serverUuid;
        return s;
    };
    Snapshot saved;
    if (Snapshot::isSnapshotId(snapshotId) && startedAt.isValid()) {
        saved = fromSummary(snapshotId, startedAt); // 0.17 names the snapshot in full and says when it began
    } else {
        // Before 0.17, restic's cache names the new snapshot in full, which spares a lookup (half a second of
        // key derivation). The time is when restic was started, milliseconds before the snapshot's own.
        const QString full = node.m_restic.cachedSnapshotId(node.m_repositoryId, snapshotId);
        if (!full.isEmpty())
            saved = fromSummary(full, launchedAt);
    }
    for (int attempt = 0; attempt < 3 && saved.id.isEmpty(); ++attempt) {
        if (attempt > 0)
            QThread::sleep(attempt); // 1 s, then 2 s
        const ResticResult r = node.m_restic.run(ResticCommand::snapshots({snapshotId}), node.queryOptions());
        for (const Snapshot& s : Snapshot::listFromResticJson(r.standardOutput)) {
            if (s.id.startsWith(snapshotId) && s.backupUuid == backupUuid)
                saved = s;
        }
    }
    if (saved.id.isEmpty()) {
        qCWarning(lcBackup).noquote() << "backup" << backupUuid << "saved, but its snapshot could not be read back;"
                                      << "reporting the short id" << snapshotId << "(the next resync lists it)";
    } else {
        snapshotId = saved.id;
        node.m_catalogue.add(saved);
        if (dataAdded >= 0)
            node.m_catalogue.setAdded(saved.id, dataAdded); // the growth chart's bar
        (void)node.stats(saved.id);                         // its stats, once, in the background
        node.m_files.enqueue(saved);                        // its file tree, in the background
    }
    JobOutcome o;
    o.ok = true;
    o.snapshotId = snapshotId;
    o.snapshotSize = bytes;
    o.dataAdded = dataAdded;
    qCInfo(lcBackup).noquote() << "backup" << backupUuid << "of" << serverUuid << "saved as" << snapshotId;
    return o;
}
