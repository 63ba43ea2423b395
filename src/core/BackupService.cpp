#include "BackupService.h"
#include "IgnoreRules.h"
#include "Logging.h"
#include "RestoreProgress.h"
#include "StagedRestore.h"
#include "jobs/BackupJob.h"
#include "jobs/CheckJob.h"
#include "jobs/DeleteJob.h"
#include "jobs/PruneJob.h"
#include "jobs/RestoreJob.h"
#include "restic/ResticCommands.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTemporaryFile>
#include <QThread>
#include <QUuid>
#include <QtConcurrent>

#include <future>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace {
constexpr int kFirstFillWaitMs = 12000; // within the Panel's 15 s

} // namespace

BackupService::BackupService(const Config& config, QObject* parent)
    : QObject(parent), m_config(config), m_restic(config), m_paths(config.dataDirectory)
{
    m_queryPool.setMaxThreadCount(8);
    m_cleanupPool.setMaxThreadCount(1);
    m_filesPool.setMaxThreadCount(4);
    if (const int ms = qEnvironmentVariableIntValue("POUCH_FILES_WAIT_MS"); ms > 0)
        m_filesWaitMs = ms; // tests
    // Forgotten snapshots leave the catalogue; their file rows follow.
    connect(
        &m_catalogue, &Catalogue::changed, this, [this] { m_files.reconcile(); }, Qt::DirectConnection);
    connect(&m_jobs, &JobManager::jobAdded, this, &BackupService::watch);
    m_metrics.watch(&m_jobs);
    m_restic.setObserver(
        [this](const QString& command, const ResticResult& r) { m_metrics.countResticCall(command, r); });
    m_metrics.addSampler([this](Metrics& m) { sampleMetrics(m); });
    m_sync.setIntervalSec(m_config.restic.resyncIntervalSec);
    m_sync.setFilter([this](const QString& id) { return isDiscarded(id); });
    // Only where Pouch keeps state (the Wings root directory exists): never invent /var/lib/pelican.
    if (QFileInfo(m_config.rootDirectory).isDir()) {
        m_discardedFile = m_config.stateDirectory() + QStringLiteral("/discarded-snapshots.json");
        loadDiscarded();
        // The JSON stats caches of earlier versions: the catalogue holds stats now.
        QFile::remove(m_config.stateDirectory() + QStringLiteral("/stats-cache.json"));
        QFile::remove(m_config.stateDirectory() + QStringLiteral("/stats-cache-v2.json"));
    }
}

Restic::RunOptions BackupService::queryOptions() const
{
    Restic::RunOptions options = Restic::readOnly(m_queryTimeoutSec);
    options.cancel = m_stopQueries;
    return options;
}

BackupService::~BackupService()
{
    // Jobs run on other threads and use everything below: stop taking work, cancel, join, and only then let the
    // members go (m_jobs alone would join after the stats cache and the mutexes were gone).
    m_shuttingDown = true;
    m_stopQueries->store(true); // a query against a dead repository would otherwise hold shutdown for minutes
    m_jobs.stopAccepting();
    m_jobs.cancelAll();
    m_jobs.join();
    m_sync.stop();  // before the queries: it releases those waiting for a resync
    m_files.stop(); // releases the file questions waiting for an index
    m_filesPool.waitForDone();
    m_queryPool.waitForDone();
    m_stats.wait();
    m_cleanupPool.waitForDone();
}

bool BackupService::claimNode(const QString& face, QString* error)
{
    QStringList locks{m_paths.stagingRoot() + QStringLiteral(".lock")};
    if (QFileInfo(m_config.rootDirectory).isDir())
        locks << m_config.stateDirectory() + QStringLiteral("/pouch.lock");
    const bool held = m_nodeLock.acquire(locks, face, &m_nodeError);
    // The catalogue has one writer, the holder of the lock; anyone else keeps it in memory.
    if (held && !m_catalogue.isPersistent() && QFileInfo(m_config.rootDirectory).isDir()) {
        QString catalogueError;
        // One file per repository: a config pointing elsewhere must never answer from another's catalogue.
        const QByteArray key =
            QCryptographicHash::hash(m_config.restic.repository.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
        const QString file =
            m_config.stateDirectory() + QStringLiteral("/catalogue-%1.sqlite").arg(QString::fromLatin1(key));
        if (!m_catalogue.open(file, &catalogueError))
            qCWarning(lcCatalogue).noquote() << catalogueError << "- keeping it in memory";
    }
    if (m_catalogue.isPersistent()) {
        QMutexLocker lock(&m_filesOpenMutex);
        QString filesError;
        if (!m_files.isOpen() && !m_files.open(m_catalogue.path(), &filesError))
            qCWarning(lcFiles).noquote() << filesError;
    }
    m_sync.start();
    if (held) {
        m_nodeError.clear();
        return true;
    }
    qCWarning(lcJobs).noquote() << m_nodeError;
    if (error)
        *error = m_nodeError;
    return false;
}

bool BackupService::refusedNow(Started* s) const
{
    const QString why = unavailableReason();
    if (why.isEmpty())
        return false;
    s->error = Error::Unavailable;
    s->message = why;
    return true;
}

QString BackupService::unavailableReason() const
{
    if (m_shuttingDown)
        return tr("Pouch is shutting down; no new jobs start.");
    if (!m_nodeLock.isHeld())
        return m_nodeError.isEmpty() ? tr("This Pouch has not claimed its directories; no jobs run here.")
                                     : m_nodeError;
    return {};
}

// ---- jobs -----------------------------------------------------------------------------------------------

BackupService::Started BackupService::startBackup(const QString& serverUuid, const QString& backupUuid,
                                                  const QString& ignore)
{
    Started s;
    if (refusedNow(&s))
        return s;
    if (!ServerPaths::isCanonicalUuid(backupUuid)) {
        s.error = Error::InvalidId;
        s.message = tr("The backup id must be a lowercase UUID.");
        return s;
    }
    if (m_paths.serverDirectory(serverUuid).isEmpty()) {
        s.error = Error::ServerNotFound;
        s.message = tr("The requested resource does not exist on this instance.");
        return s;
    }
    if (hasBackup(backupUuid)) {
        s.error = Error::Duplicate;
        s.message = duplicateMessage();
        return s;
    }
    QString error;
    s.job = m_jobs.start(
        Job::Kind::Backup, serverUuid, backupUuid, true,
        [this, serverUuid, backupUuid, ignore](JobContext& c) {
            return BackupJob::run(*this, c, serverUuid, backupUuid, ignore);
        },
        &error);
    if (!s.job) {
        s.error = Error::Busy;
        s.message = error;
    }
    return s;
}

QString BackupService::restoreRequestProblem(const RestoreRequest& request)
{
    if (request.paths.isEmpty())
        return request.destination.isEmpty() ? QString() : tr("A destination needs the paths to restore into it.");
    if (request.truncate)
        return tr("`truncate_directory` cannot be used with `paths`: only the listed paths are replaced.");
    if (request.paths.size() > kMaxRestorePaths)
        return tr("At most %1 paths can be restored at once.").arg(kMaxRestorePaths);
    for (const QString& path : request.paths) {
        if (const QString problem = FileIndex::pathProblem(path); !problem.isEmpty())
            return tr("The path %1 is not valid: %2").arg(path, problem);
        if (path == QLatin1String("/"))
            return tr("The path / is the whole backup: restore it without `paths`.");
    }
    if (!request.destination.isEmpty()) {
        if (const QString problem = FileIndex::pathProblem(request.destination); !problem.isEmpty())
            return tr("The destination %1 is not valid: %2").arg(request.destination, problem);
    }
    return {};
}

BackupService::Started BackupService::startRestore(const QString& targetServerUuid, const Snapshot& snapshot,
                                                   bool truncate)
{
    RestoreRequest request;
    request.truncate = truncate;
    return startRestore(targetServerUuid, snapshot, request);
}

BackupService::Started BackupService::startRestore(const QString& targetServerUuid, const Snapshot& snapshot,
                                                   const RestoreRequest& request)
{
    Started s;
    if (const QString problem = restoreRequestProblem(request); !problem.isEmpty()) {
        s.error = Error::InvalidRequest;
        s.message = problem;
        return s;
    }
    if (refusedNow(&s))
        return s;
    if (m_paths.serverDirectory(targetServerUuid).isEmpty()) {
        s.error = Error::ServerNotFound;
        s.message = tr("The requested resource does not exist on this instance.");
        return s;
    }
    if (!Snapshot::isSnapshotId(snapshot.id)) {
        s.error = Error::BackupNotFound;
        s.message = tr("The requested backup was not found on this server.");
        return s;
    }
    QString error;
    s.job = m_jobs.start(
        Job::Kind::Restore, targetServerUuid, snapshot.backupUuid, true,
        [this, targetServerUuid, snapshot, request](JobContext& c) {
            return RestoreJob::run(*this, c, targetServerUuid, snapshot, request);
        },
        &error, snapshot.serverUuid);
    if (!s.job) {
        s.error = Error::Busy;
        s.message = error;
    }
    return s;
}

BackupService::Started BackupService::startDelete(const QString& serverUuid, const QString& backupUuid,
                                                  const QList<Snapshot>& found)
{
    Started s;
    if (refusedNow(&s))
        return s;
    if (!ServerPaths::isCanonicalUuid(backupUuid) || !ServerPaths::isCanonicalUuid(serverUuid)) {
        s.error = Error::InvalidId;
        s.message = tr("Server and backup ids must be lowercase UUIDs.");
        return s;
    }
    for (const Snapshot& snap : found) {
        if (snap.serverUuid != serverUuid || snap.backupUuid != backupUuid || !Snapshot::isSnapshotId(snap.id)) {
            s.error = Error::BackupNotFound;
            s.message = tr("The requested backup was not found on this server.");
            return s;
        }
    }
    s.job = m_jobs.start(Job::Kind::Delete, serverUuid, backupUuid, false,
                         [this, serverUuid, backupUuid, found](JobContext& c) {
                             return DeleteJob::run(*this, c, serverUuid, backupUuid, found);
                         });
    return s;
}

QString BackupService::duplicateMessage()
{
    return tr("A backup with this uuid already exists.");
}

bool BackupService::hasBackup(const QString& backupUuid) const
{
    // Our own finished backups are in the catalogue before their completion is announced.
    if (!m_catalogue.findBackup(backupUuid).isEmpty())
        return true;
    const QList<Job*> jobs = m_jobs.jobs();
    return std::any_of(jobs.begin(), jobs.end(), [&](const Job* j) {
        return j->kind() == Job::Kind::Backup && j->backupUuid() == backupUuid && !j->isFinished();
    });
}

void BackupService::watch(Job* job)
{
    const auto event = [](PouchEvent::Kind kind, const Job* j) {
        PouchEvent e;
        e.kind = kind;
        e.serverId = j->serverUuid();
        e.backupUuid = j->backupUuid();
        return e;
    };
    if (job->kind() == Job::Kind::Delete) {
        connect(job, &Job::finished, this, [this, event](Job* j) {
            if (j->state() == Job::State::Succeeded)
                m_events.publish(event(PouchEvent::Kind::BackupDeleted, j));
        });
    }
    if (job->kind() == Job::Kind::Prune) {
        connect(job, &Job::finished, this, [this](Job* j) {
            if (j->state() != Job::State::Succeeded)
                return;
            m_catalogue.setMaintenance(QStringLiteral("last_prune"),
                                       {{QStringLiteral("time"), j->finishedAt().toUTC().toString(Qt::ISODateWithMs)}});
            m_catalogue.setMaintenance(QStringLiteral("deletes_since_prune"), {{QStringLiteral("count"), 0}});
        });
    }
    if (job->kind() != Job::Kind::Backup && job->kind() != Job::Kind::Restore)
        return;
    const bool backup = job->kind() == Job::Kind::Backup;
    connect(job, &Job::stateChanged, this, [this, backup, event](Job* j) {
        if (j->state() == Job::State::Running)
            m_events.publish(event(backup ? PouchEvent::Kind::BackupStarted : PouchEvent::Kind::RestoreStarted, j));
    });
    connect(job, &Job::progressChanged, this, [this, backup, event](Job* j) {
        PouchEvent e = event(backup ? PouchEvent::Kind::BackupProgress : PouchEvent::Kind::RestoreProgress, j);
        e.progress = j->progress();
        m_events.publish(e);
    });
    connect(job, &Job::finished, this, [this, backup, event](Job* j) {
        const bool ok = j->state() == Job::State::Succeeded;
        if (backup) {
            PouchEvent e = event(PouchEvent::Kind::BackupCompleted, j);
            e.successful = ok;
            m_events.publish(e);
        } else if (ok) {
            m_events.publish(event(PouchEvent::Kind::RestoreCompleted, j));
        } else {
            PouchEvent e = event(PouchEvent::Kind::RestoreFailed, j);
            e.error = j->outcome().error;
            m_events.publish(e);
        }
    });
}

QString BackupService::compressionMode() const
{
    // Compression needs a version 2 repository (restic 0.14 and later).
    if (m_repositoryVersion < 2 || !m_restic.version().atLeast(0, 14))
        return {};
    const QString& level = m_config.compressionLevel;
    return level == QLatin1String("none")               ? QStringLiteral("off")
           : level == QLatin1String("best_compression") ? QStringLiteral("max")
                                                        : QStringLiteral("auto");
}

Job* BackupService::schedulePrune()
{
    // Prunes take the exclusive lock: coalesce bursts of deletes into one, and one more after it.
    if (m_pruneJob) {
        m_pruneAgain = true;
        return m_pruneJob;
    }
    m_pruneJob = m_jobs.start(Job::Kind::Prune, QString(), QString(), false,
                              [this](JobContext& c) { return PruneJob::run(*this, c); });
    if (!m_pruneJob)
        return nullptr; // shutting down: the next delete prunes
    connect(m_pruneJob, &Job::finished, this, [this] {
        m_pruneJob = nullptr;
        if (m_pruneAgain) {
            m_pruneAgain = false;
            schedulePrune();
        }
    });
    return m_pruneJob;
}

bool BackupService::ensureRepository(QString* error)
{
    std::lock_guard<std::mutex> lock(m_initMutex);
    if (m_repositoryReady)
        return true;
    const Restic::RunOptions options = queryOptions();
    ResticResult r = m_restic.run(ResticCommand::catConfig(), options);
    if (r.failure == ResticResult::Failure::NoRepository) {
        qCInfo(lcBackup).noquote() << "initialising the repository" << m_restic.mask(m_restic.repository());
        const ResticResult init = m_restic.run(ResticCommand::init(), Restic::RunOptions());
        // Another node may have won the race to create it: that is fine.
        if (!init.ok() && !init.standardError.contains(QLatin1String("already"))) {
            *error = tr("Cannot initialise the repository: %1").arg(init.message);
            return false;
        }
        r = m_restic.run(ResticCommand::catConfig(), options);
    }
    if (!r.ok()) {
        *error = r.message;
        return false;
    }
    const QJsonObject config = QJsonDocument::fromJson(r.standardOutput).object();
    m_repositoryVersion = config.value(QLatin1String("version")).toInt(1);
    m_repositoryId = config.value(QLatin1String("id")).toString();
    m_repositoryReady = true;
    return true;
}

// ---- queries --------------------------------------------------------------------------------------------

bool BackupService::ensureCatalogue(SnapshotList* list) const
{
    if (m_catalogue.isFilled())
        return true;
    // A first start fills the catalogue before it answers listings, within what the Panel waits (15 s).
    m_sync.fill(QDeadlineTimer(kFirstFillWaitMs));
    if (m_catalogue.isFilled())
        return true;
    list->error = m_sync.lastError();
    if (list->error.isEmpty()) {
        list->building = true;
        list->error = tr("The catalogue of the repository is being built; try again in a few seconds.");
    }
    return false;
}

BackupService::SnapshotList BackupService::listSnapshotsBlocking(const QString& serverUuid, bool includeStats) const
{
    SnapshotList list;
    if (!ensureCatalogue(&list))
        return list;
    list.snapshots = withoutDiscarded(m_catalogue.snapshots(serverUuid));
    if (!includeStats) {
        // The spec's plain listing carries no stats, even where the catalogue knows them.
        for (Snapshot& s : list.snapshots)
            s.stats.reset();
    } else {
        // Only the snapshots never measured cost restic calls: several at once with one or two finds (StatsMeasurer).
        QList<int> missing;
        for (int i = 0; i < list.snapshots.size(); ++i) {
            if (!list.snapshots[i].stats)
                missing << i;
        }
        QStringList ids;
        for (int i : std::as_const(missing))
            ids << list.snapshots[i].id;
        if (ids.size() > 1)
            m_stats.measureMany(ids);
        // Now in the catalogue, or being measured by another question (shared), or one left to measure here.
        for (int i : std::as_const(missing)) {
            const StatsResult stats = statsBlocking(list.snapshots[i].id);
            if (!stats.ok) {
                list.error = stats.error;
                return list;
            }
            list.snapshots[i].stats = stats.stats;
        }
    }
    list.ok = true;
    return list;
}

BackupService::SnapshotList BackupService::findBackupBlocking(const QString& backupUuid,
                                                              const QString& serverUuid) const
{
    return findBackupAsked(backupUuid, serverUuid, m_sync.generation());
}

BackupService::SnapshotList BackupService::findBackupAsked(const QString& backupUuid, const QString& serverUuid,
                                                           quint64 asked) const
{
    SnapshotList list;
    if (!ServerPaths::isCanonicalUuid(backupUuid) ||
        (!serverUuid.isEmpty() && !ServerPaths::isCanonicalUuid(serverUuid))) {
        list.ok = true;
        return list;
    }
    if (!ensureCatalogue(&list))
        return list;
    const auto lookup = [&] { return withoutDiscarded(m_catalogue.findBackup(backupUuid, serverUuid)); };
    list.snapshots = lookup();
    if (list.snapshots.isEmpty() && !holdsEverySnapshotFile()) {
        // Another node may have made it since the last resync: one resync (shared, rate-limited) before "no".
        if (!m_sync.resyncAfter(asked, QDeadlineTimer(kFirstFillWaitMs)) && !m_sync.lastError().isEmpty()) {
            list.error = m_sync.lastError();
            return list;
        }
        list.snapshots = lookup();
    }
    list.ok = true;
    return list;
}

bool BackupService::holdsEverySnapshotFile() const
{
    const std::optional<QStringList> files = m_restic.localSnapshotIds();
    if (!files)
        return false;
    return std::all_of(files->cbegin(), files->cend(),
                       [this](const QString& id) { return m_catalogue.contains(id) || isDiscarded(id); });
}

BackupService::StatsResult BackupService::statsBlocking(const QString& snapshotId) const
{
    return m_stats.measure(snapshotId);
}

QFuture<BackupService::SnapshotList> BackupService::listSnapshots(const QString& serverUuid, bool includeStats) const
{
    return QtConcurrent::run(
        &m_queryPool, [this, serverUuid, includeStats] { return listSnapshotsBlocking(serverUuid, includeStats); });
}

QFuture<BackupService::SnapshotList> BackupService::findBackup(const QString& backupUuid,
                                                               const QString& serverUuid) const
{
    // The moment of asking, not of running: a burst queued behind the pool's threads shares one resync.
    const quint64 asked = m_sync.generation();
    return QtConcurrent::run(
        &m_queryPool, [this, backupUuid, serverUuid, asked] { return findBackupAsked(backupUuid, serverUuid, asked); });
}

QFuture<BackupService::StatsResult> BackupService::stats(const QString& snapshotId) const
{
    return m_stats.measureLater(snapshotId);
}

QList<Snapshot> BackupService::withoutDiscarded(QList<Snapshot> snapshots) const
{
    // The resync drops them too; this covers a resync that listed one just before its backup was discarded.
    snapshots.erase(
        std::remove_if(snapshots.begin(), snapshots.end(), [this](const Snapshot& s) { return isDiscarded(s.id); }),
        snapshots.end());
    return snapshots;
}

void BackupService::discard(const QString& snapshotId)
{
    QMutexLocker lock(&m_discardedMutex);
    m_discarded.insert(snapshotId);
    saveDiscarded();
}

bool BackupService::isDiscarded(const QString& snapshotId) const
{
    QMutexLocker lock(&m_discardedMutex);
    for (const QString& d : m_discarded) {
        // restic 0.14 reports the short id of the snapshot it wrote.
        if (snapshotId.startsWith(d))
            return true;
    }
    return false;
}

void BackupService::forgotten(const QStringList& snapshotIds)
{
    m_catalogue.remove(snapshotIds);
    QMutexLocker lock(&m_discardedMutex);
    bool changed = false;
    for (const QString& id : snapshotIds)
        changed |= m_discarded.remove(id);
    if (changed)
        saveDiscarded();
}

void BackupService::forgetDiscarded()
{
    QStringList ids;
    {
        QMutexLocker lock(&m_discardedMutex);
        ids = QStringList(m_discarded.cbegin(), m_discarded.cend());
    }
    if (ids.isEmpty())
        return;
    // Only those still in the repository: forget fails on an id it does not know.
    const ResticResult listed = m_restic.run(ResticCommand::snapshots(), queryOptions());
    if (!listed.ok())
        return;
    QStringList present;
    QStringList gone;
    const QList<Snapshot> all = Snapshot::listFromResticJson(listed.standardOutput);
    for (const QString& id : ids) {
        const bool there = std::any_of(all.begin(), all.end(), [&](const Snapshot& s) { return s.id.startsWith(id); });
        (there ? present : gone) << id;
    }
    if (!present.isEmpty()) {
        Restic::RunOptions options;
        options.lockWaitSec = 60;
        options.timeoutSec = m_queryTimeoutSec;
        const ResticResult r = m_restic.run(ResticCommand::forget(present), options);
        if (!r.ok()) {
            qCWarning(lcBackup).noquote()
                << "incomplete snapshots" << present.join(QLatin1Char(' ')) << "still cannot be removed:" << r.message;
            forgotten(gone);
            return;
        }
        qCInfo(lcBackup).noquote() << "removed incomplete snapshots" << present.join(QLatin1Char(' '));
    }
    forgotten(present + gone);
}

void BackupService::loadDiscarded()
{
    QFile f(m_discardedFile);
    if (!f.open(QIODevice::ReadOnly))
        return;
    for (const QJsonValue& v : QJsonDocument::fromJson(f.readAll()).array()) {
        static const QRegularExpression hexId(QStringLiteral("^[0-9a-f]{8,64}$"));
        if (hexId.match(v.toString()).hasMatch())
            m_discarded.insert(v.toString());
    }
}

void BackupService::saveDiscarded() const
{
    if (m_discardedFile.isEmpty())
        return;
    QJsonArray ids;
    for (const QString& id : m_discarded)
        ids.append(id);
    QDir().mkpath(QFileInfo(m_discardedFile).absolutePath());
    QSaveFile f(m_discardedFile);
    if (!f.open(QIODevice::WriteOnly)) {
        qCWarning(lcBackup).noquote() << "cannot save" << m_discardedFile << f.errorString();
        return;
    }
    f.write(QJsonDocument(ids).toJson(QJsonDocument::Compact));
    if (!f.commit())
        qCWarning(lcBackup).noquote() << "cannot save" << m_discardedFile << f.errorString();
}

// ---- lifecycle ------------------------------------------------------------------------------------------

void BackupService::recover()
{
    // Another process's staging directories are live restores, not leftovers.
    if (!m_nodeLock.isHeld()) {
        qCWarning(lcRestore).noquote() << "no recovery:" << unavailableReason();
        return;
    }
    for (const QString& line : StagedRestore::recoverAll(m_paths.stagingRoot()))
        qCWarning(lcRestore).noquote() << line;
    // Exclude files of backups a crash interrupted (only in this node's own tmp directory).
    const QDir tmp(m_config.tmpDirectory);
    for (const QString& name : tmp.entryList({QStringLiteral("pouch-exclude-*")}, QDir::Files | QDir::Hidden)) {
        if (QFile::remove(tmp.filePath(name)))
            qCInfo(lcBackup).noquote() << "removed leftover exclude file" << tmp.filePath(name);
    }
    // Locks left by a killed restic of this host; restic only removes stale ones, never live locks of others.
    // Then the incomplete snapshots whose removal failed last time.
    (void)QtConcurrent::run(&m_queryPool, [this] {
        Restic::RunOptions options;
        options.timeoutSec = m_queryTimeoutSec;
        const ResticResult r = m_restic.run(ResticCommand::unlock(), options);
        if (!r.ok() && r.failure != ResticResult::Failure::NoRepository)
            qCWarning(lcBackup).noquote() << "unlock at start failed:" << r.message;
        forgetDiscarded();
    });
}

bool BackupService::shutdown(int msecs)
{
    // The wait below serves events, requests among them: none may start a job now.
    m_shuttingDown = true;
    m_jobs.stopAccepting();
    m_jobs.cancelAll();
    m_files.stop();
    return m_jobs.waitForAll(msecs);
}

// ---- files ----------------------------------------------------------------------------------------------------

void BackupService::ensureFileIndex() const
{
    QMutexLocker lock(&m_filesOpenMutex);
    if (m_files.isOpen())
        return;
    // No catalogue file of ours (another process owns the node, or there is no state directory): a file of its own.
    QString error;
    if (!m_files.open(QString(), &error))
        qCWarning(lcFiles).noquote() << error;
}

BackupService::FileListing BackupService::listFilesBlocking(const QString& serverUuid, const QString& backupUuid,
                                                            const QString& path) const
{
    FileListing out;
    out.path = path;
    if (const QString problem = FileIndex::pathProblem(path); !problem.isEmpty()) {
        out.status = FileListing::Status::InvalidPath;
        out.error = problem;
        return out;
    }
    // Scoped to the server, as status is: another server's backup is not found here.
    const SnapshotList found = findBackupBlocking(backupUuid, serverUuid);
    if (!found.ok) {
        out.status = found.building ? FileListing::Status::Unavailable : FileListing::Status::Failed;
        out.error = found.error;
        return out;
    }
    if (found.snapshots.isEmpty()) {
        out.status = FileListing::Status::BackupNotFound;
        out.error = tr("The requested backup was not found on this server.");
        return out;
    }
    return listDirectoryBlocking(found.snapshots.first(), path);
}

bool BackupService::waitIndexed(const QList<Snapshot>& snapshots, bool* indexing, QString* error) const
{
    ensureFileIndex();
    if (m_files.waitIndexed(snapshots, QDeadlineTimer(m_filesWaitMs)))
        return true;
    for (const Snapshot& s : snapshots) {
        if (m_files.state(s.id) == FileIndex::State::Failed) {
            *indexing = false;
            *error = tr("The file list of this backup cannot be read: %1").arg(m_files.error(s.id));
            return false;
        }
    }
    *indexing = true;
    *error = tr("The file list of this backup is being built; try again in a few seconds.");
    return false;
}

BackupService::FileListing BackupService::listDirectoryBlocking(const Snapshot& snapshot, const QString& path) const
{
    FileListing out;
    out.path = path;
    out.snapshot = snapshot;
    if (const QString problem = FileIndex::pathProblem(path); !problem.isEmpty()) {
        out.status = FileListing::Status::InvalidPath;
        out.error = problem;
        return out;
    }
    bool indexing = false;
    if (!waitIndexed({snapshot}, &indexing, &out.error)) {
        out.status = indexing ? FileListing::Status::Indexing : FileListing::Status::Failed;
        return out;
    }
    FileIndex::Listing listing = m_files.list(snapshot.id, path);
    switch (listing.status) {
    case FileIndex::Listing::Status::Ok:
        out.status = FileListing::Status::Ok;
        out.entries = std::move(listing.entries);
        break;
    case FileIndex::Listing::Status::NoSuchPath:
        out.status = FileListing::Status::NoSuchPath;
        out.error = tr("The requested path does not exist in this backup.");
        break;
    case FileIndex::Listing::Status::NotADirectory:
        out.status = FileListing::Status::NotADirectory;
        out.error = tr("The requested path is not a directory in this backup.");
        break;
    case FileIndex::Listing::Status::NotIndexed: // dropped in between: forgotten
        out.status = FileListing::Status::BackupNotFound;
        out.error = tr("The requested backup was not found on this server.");
        break;
    case FileIndex::Listing::Status::Failed:
        out.status = FileListing::Status::Failed;
        out.error = tr("Cannot read the file index: %1").arg(listing.error);
        break;
    }
    return out;
}

BackupService::FileSearch BackupService::searchFilesBlocking(const QString& serverUuid, const QString& text,
                                                             int limit) const
{
    FileSearch out;
    if (text.toUcs4().size() < kMinSearchChars) {
        out.error = tr("Search for at least %1 characters.").arg(kMinSearchChars);
        return out;
    }
    SnapshotList list;
    if (!ensureCatalogue(&list)) {
        out.building = list.building;
        out.error = list.error;
        return out;
    }
    const QList<Snapshot> snapshots = withoutDiscarded(m_catalogue.snapshots(serverUuid));
    ensureFileIndex();
    // First use indexes what is missing; what is not done within the wait is left out and counted.
    m_files.waitIndexed(snapshots, QDeadlineTimer(m_filesWaitMs));
    QStringList ids;
    for (const Snapshot& s : snapshots) {
        if (m_files.state(s.id) == FileIndex::State::Indexed) {
            ids << s.id;
            out.snapshots.insert(s.id, s);
        } else {
            ++out.notIndexed;
        }
    }
    FileIndex::Search found = m_files.search(ids, text, limit);
    if (!found.ok) {
        out.error = tr("Cannot read the file index: %1").arg(found.error);
        return out;
    }
    out.ok = true;
    out.matches = std::move(found.matches);
    out.truncated = found.truncated;
    return out;
}

BackupService::PathCheck BackupService::checkPathsBlocking(const Snapshot& snapshot, const QStringList& paths) const
{
    PathCheck out;
    for (const QString& path : paths) {
        if (const QString problem = FileIndex::pathProblem(path); !problem.isEmpty()) {
            out.status = PathCheck::Status::Invalid;
            out.path = path;
            out.error = tr("The path %1 is not valid: %2").arg(path, problem);
            return out;
        }
    }
    bool indexing = false;
    if (!waitIndexed({snapshot}, &indexing, &out.error)) {
        out.status = indexing ? PathCheck::Status::Indexing : PathCheck::Status::Failed;
        return out;
    }
    const FileIndex::Lookup found = m_files.lookup(snapshot.id, paths);
    switch (found.status) {
    case FileIndex::Lookup::Status::Ok:
        out.status = PathCheck::Status::Ok;
        out.entries = found.entries;
        break;
    case FileIndex::Lookup::Status::NoSuchPath:
        out.status = PathCheck::Status::Missing;
        out.path = found.missing.first();
        out.error = tr("The path %1 does not exist in this backup.").arg(out.path);
        break;
    case FileIndex::Lookup::Status::NotIndexed: // dropped in between: forgotten
        out.status = PathCheck::Status::Failed;
        out.error = tr("The requested backup was not found on this server.");
        break;
    case FileIndex::Lookup::Status::Failed:
        out.status = PathCheck::Status::Failed;
        out.error = tr("Cannot read the file index: %1").arg(found.error);
        break;
    }
    return out;
}

QFuture<BackupService::PathCheck> BackupService::checkPaths(const Snapshot& snapshot, const QStringList& paths) const
{
    return QtConcurrent::run(&m_filesPool, [this, snapshot, paths] { return checkPathsBlocking(snapshot, paths); });
}

BackupService::FileDiff BackupService::diffBackupsBlocking(const QString& serverUuid, const QString& backupUuid,
                                                           const QString& againstUuid) const
{
    FileDiff out;
    Snapshot found[2];
    const QString uuids[2] = {againstUuid, backupUuid};
    for (int i = 0; i < 2; ++i) {
        // Scoped to the server, as status is: another server's backup is not found here.
        const SnapshotList list = findBackupBlocking(uuids[i], serverUuid);
        if (!list.ok) {
            out.status = list.building ? FileDiff::Status::Unavailable : FileDiff::Status::Failed;
            out.error = list.error;
            return out;
        }
        if (list.snapshots.isEmpty()) {
            out.status = FileDiff::Status::BackupNotFound;
            out.error = tr("The requested backup was not found on this server.");
            return out;
        }
        found[i] = list.snapshots.first();
    }
    return diffSnapshotsBlocking(found[0], found[1]);
}

BackupService::FileDiff BackupService::diffSnapshotsBlocking(const Snapshot& before, const Snapshot& after) const
{
    FileDiff out;
    out.before = before;
    out.after = after;
    bool indexing = false;
    if (!waitIndexed({before, after}, &indexing, &out.error)) {
        out.status = indexing ? FileDiff::Status::Indexing : FileDiff::Status::Failed;
        return out;
    }
    FileIndex::Diff d = m_files.diff(before.id, after.id);
    if (!d.ok) {
        out.error = tr("Cannot read the file index: %1").arg(d.error);
        return out;
    }
    out.status = FileDiff::Status::Ok;
    out.added = std::move(d.added);
    out.removed = std::move(d.removed);
    out.changed = std::move(d.changed);
    out.truncated = d.truncated;
    return out;
}

QFuture<BackupService::FileDiff> BackupService::diffBackups(const QString& serverUuid, const QString& backupUuid,
                                                            const QString& againstUuid) const
{
    return QtConcurrent::run(&m_filesPool, [this, serverUuid, backupUuid, againstUuid] {
        return diffBackupsBlocking(serverUuid, backupUuid, againstUuid);
    });
}

QFuture<BackupService::FileDiff> BackupService::diffSnapshots(const Snapshot& before, const Snapshot& after) const
{
    return QtConcurrent::run(&m_filesPool, [this, before, after] { return diffSnapshotsBlocking(before, after); });
}

QFuture<BackupService::FileListing> BackupService::listFiles(const QString& serverUuid, const QString& backupUuid,
                                                             const QString& path) const
{
    return QtConcurrent::run(
        &m_filesPool, [this, serverUuid, backupUuid, path] { return listFilesBlocking(serverUuid, backupUuid, path); });
}

QFuture<BackupService::FileListing> BackupService::listDirectory(const Snapshot& snapshot, const QString& path) const
{
    return QtConcurrent::run(&m_filesPool, [this, snapshot, path] { return listDirectoryBlocking(snapshot, path); });
}

QFuture<BackupService::FileSearch> BackupService::searchFiles(const QString& serverUuid, const QString& text,
                                                              int limit) const
{
    return QtConcurrent::run(&m_filesPool,
                             [this, serverUuid, text, limit] { return searchFilesBlocking(serverUuid, text, limit); });
}

QList<BackupService::ServerSummary> BackupService::serverSummaries(bool withRepositoryOnly) const
{
    // The last finished backup of each server in this process, newest last in the job list.
    QHash<QString, bool> lastBackupOk;
    QSet<QString> busy;
    for (const Job* job : m_jobs.jobs()) {
        if (job->kind() == Job::Kind::Backup && job->isFinished())
            lastBackupOk.insert(job->serverUuid(), job->state() == Job::State::Succeeded);
        if (!job->isFinished())
            busy.insert(job->serverUuid());
    }
    const QHash<QString, QString> names = m_names.all();
    QList<ServerSummary> out;
    QHash<QString, int> rowOf;
    for (const QString& uuid : m_paths.servers()) {
        rowOf.insert(uuid, int(out.size()));
        out.append(ServerSummary{uuid, names.value(uuid), 0, {}, std::nullopt, false, true});
    }
    // One pass over the catalogue (newest first), not one per server.
    for (const Snapshot& s : m_catalogue.snapshots()) {
        auto it = rowOf.constFind(s.serverUuid);
        if (it == rowOf.constEnd()) {
            if (!withRepositoryOnly)
                continue;
            it = rowOf.insert(s.serverUuid, int(out.size()));
            out.append(ServerSummary{s.serverUuid, names.value(s.serverUuid), 0, {}, std::nullopt, false, false});
        }
        ServerSummary& summary = out[*it];
        if (summary.snapshotCount++ == 0)
            summary.lastBackupTime = s.time;
    }
    for (ServerSummary& summary : out) {
        // Without a backup job here since the start: a snapshot means the last backup worked; none, unknown.
        if (const auto it = lastBackupOk.constFind(summary.uuid); it != lastBackupOk.constEnd())
            summary.lastBackupSuccessful = *it;
        else if (summary.snapshotCount > 0)
            summary.lastBackupSuccessful = true;
        summary.busy = busy.contains(summary.uuid);
    }
    return out;
}

// ---- repository health ------------------------------------------------------------------------------------

BackupService::Started BackupService::startCheck(const QString& readDataSubset)
{
    Started s;
    if (refusedNow(&s))
        return s;
    if (!readDataSubset.isEmpty()) {
        if (const QString problem = ResticCommand::readDataSubsetProblem(readDataSubset); !problem.isEmpty()) {
            s.error = Error::InvalidRequest;
            s.message = tr("read_data_subset \"%1\" is not valid: %2").arg(readDataSubset.left(40), problem);
            return s;
        }
    }
    s.job = m_jobs.start(Job::Kind::Check, QString(), QString(), false,
                         [this, readDataSubset](JobContext& c) { return CheckJob::run(*this, c, readDataSubset); });
    if (!s.job) {
        refusedNow(&s);
        return s;
    }
    // Connected before the event loop delivers the job's first signal.
    connect(s.job, &Job::stateChanged, this, [this](Job* j) {
        if (j->state() != Job::State::Running)
            return;
        PouchEvent e;
        e.kind = PouchEvent::Kind::CheckStarted;
        m_events.publish(e);
    });
    connect(s.job, &Job::finished, this, [this, readDataSubset](Job* j) {
        PouchEvent e;
        e.kind = PouchEvent::Kind::CheckCompleted;
        e.successful = j->state() == Job::State::Succeeded;
        e.errors = j->outcome().findings;
        if (j->state() == Job::State::Cancelled) {
            e.errors = QStringList{tr("The check was cancelled.")}; // says nothing of the repository: no record
        } else {
            CheckResult result;
            result.time = j->finishedAt().toUTC();
            result.successful = e.successful;
            result.errors = e.errors;
            result.readDataSubset = readDataSubset;
            m_catalogue.setMaintenance(QStringLiteral("last_check"), result.toJson());
        }
        m_events.publish(e);
    });
    return s;
}

BackupService::Started BackupService::startPrune()
{
    Started s;
    if (refusedNow(&s))
        return s;
    const bool again = m_pruneAgain;
    s.job = schedulePrune();
    if (s.job && s.job->state() == Job::State::Running)
        m_pruneAgain = again; // running already: the client's prune is that one, not one more after it
    if (!s.job)
        refusedNow(&s);
    return s;
}

void BackupService::afterDelete()
{
    const int every = m_config.maintenance.pruneAfterDeletes;
    if (every <= 0) {
        schedulePrune();
        return;
    }
    const QString key = QStringLiteral("deletes_since_prune");
    const int count = m_catalogue.maintenance(key).value(QLatin1String("count")).toInt() + 1;
    m_catalogue.setMaintenance(key, {{QStringLiteral("count"), count}});
    if (count >= every)
        schedulePrune();
}

CheckResult BackupService::lastCheck() const
{
    return CheckResult::fromJson(m_catalogue.maintenance(QStringLiteral("last_check")));
}

QDateTime BackupService::lastPrune() const
{
    return QDateTime::fromString(
        m_catalogue.maintenance(QStringLiteral("last_prune")).value(QLatin1String("time")).toString(),
        Qt::ISODateWithMs);
}

void BackupService::startMaintenanceSchedule()
{
    if (m_maintenanceTimer)
        return;
    m_maintenanceTimer = new QTimer(this);
    m_maintenanceTimer->setInterval(3600 * 1000);
    connect(m_maintenanceTimer, &QTimer::timeout, this, &BackupService::runDueMaintenance);
    m_maintenanceTimer->start();
    // At start, after recovery: a schedule missed while Pouch was down runs now.
    QTimer::singleShot(0, this, &BackupService::runDueMaintenance);
}

void BackupService::runDueMaintenance()
{
    const MaintenanceSettings& m = m_config.maintenance;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto due = [&now](const QDateTime& last, int days) {
        return days > 0 && (!last.isValid() || last.addDays(days) <= now);
    };
    const QList<Job*> jobs = m_jobs.jobs();
    const bool checking = std::any_of(jobs.begin(), jobs.end(),
                                      [](const Job* j) { return j->kind() == Job::Kind::Check && !j->isFinished(); });
    if (!checking && due(lastCheck().time, m.checkEveryDays)) {
        qCInfo(lcBackup).noquote() << "scheduled repository check (every" << m.checkEveryDays << "days)";
        const Started s = startCheck(m.checkReadDataSubset);
        if (!s.ok())
            qCWarning(lcBackup).noquote() << "the scheduled check did not start:" << s.message;
    }
    if (due(lastPrune(), m.pruneEveryDays)) {
        qCInfo(lcBackup).noquote() << "scheduled prune (every" << m.pruneEveryDays << "days)";
        const Started s = startPrune();
        if (!s.ok())
            qCWarning(lcBackup).noquote() << "the scheduled prune did not start:" << s.message;
    }
}

QFuture<LockList> BackupService::listLocks() const
{
    return QtConcurrent::run(&m_queryPool, [this] { return RepositoryInspector::listLocks(*this); });
}

QFuture<UnlockResult> BackupService::unlock()
{
    return QtConcurrent::run(&m_queryPool, [this] { return RepositoryInspector::unlock(*this); });
}

QFuture<RepositoryState> BackupService::repositoryState() const
{
    return QtConcurrent::run(&m_queryPool, [this] { return RepositoryInspector::state(*this); });
}

QFuture<Growth> BackupService::growth(const QString& serverUuid) const
{
    return QtConcurrent::run(&m_queryPool,
                             [this, serverUuid] { return RepositoryInspector::growth(*this, serverUuid); });
}

void BackupService::noteLocks(const LockList& list) const
{
    QMutexLocker lock(&m_lockCountMutex);
    const int stale = list.staleCount();
    m_lockCount = std::make_pair(int(list.locks.size()) - stale, stale);
    m_lockCountTime = QDateTime::currentDateTimeUtc();
}

void BackupService::sampleMetrics(Metrics& metrics)
{
    // Only what is known without restic: the catalogue, and the newest lock listing and raw size.
    QHash<QString, QDateTime> newest;
    QHash<QString, int> counts;
    const QStringList servers = m_paths.servers();
    for (const QString& uuid : servers)
        counts.insert(uuid, 0);
    qint64 restore = 0;
    for (const Snapshot& s : withoutDiscarded(m_catalogue.snapshots())) { // newest first
        restore += s.stats ? s.stats->totalSize : 0;
        if (!counts.contains(s.serverUuid))
            continue; // another node's server
        if (counts[s.serverUuid]++ == 0)
            newest.insert(s.serverUuid, s.time);
    }
    metrics.setServers(newest, counts);
    std::optional<qint64> raw;
    {
        QMutexLocker lock(&m_rawSize.mutex);
        raw = m_rawSize.bytes;
    }
    metrics.setRepositorySize(restore, raw);
    bool refresh = false;
    {
        QMutexLocker lock(&m_lockCountMutex);
        if (m_lockCount)
            metrics.setLocks(m_lockCount->first, m_lockCount->second);
        refresh = !m_lockCountTime.isValid() || m_lockCountTime.secsTo(QDateTime::currentDateTimeUtc()) >= 60;
    }
    // The locks and the raw size cost restic calls: refreshed in the background, for the next scrape.
    if (refresh && m_nodeLock.isHeld() && !m_shuttingDown && !m_lockCountRefreshing.exchange(true)) {
        (void)QtConcurrent::run(&m_queryPool, [this] {
            RepositoryInspector::listLocks(*this);
            RepositoryInspector::rawSize(*this, nullptr);
            m_lockCountRefreshing = false;
        });
    }
    const QDateTime resync = m_catalogue.lastResync();
    metrics.setCatalogueAge(resync.isValid()
                                ? std::optional<double>(resync.msecsTo(QDateTime::currentDateTimeUtc()) / 1000.0)
                                : std::nullopt);
}
