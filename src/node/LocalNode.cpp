#include "LocalNode.h"
#include "NodeLogging.h"
#include "SnapshotArchive.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMap>
#include <QPointer>
#include <QSaveFile>
#include <QUuid>
#include <QtConcurrent>

#include <atomic>

namespace {

template <typename T> QFuture<T> ready(T value)
{
    return QtFuture::makeReadyFuture(std::move(value));
}

qint64 countFiles(const QString& dir)
{
    qint64 n = 0;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

// The entries a selective restore replaces: for each path, what is at it now under `root` + `destination`
// (a file counts one, a folder the files in it).
qint64 countReplaced(const QString& root, const QString& destination, const QStringList& paths)
{
    const QString base = destination.isEmpty() || destination == QLatin1String("/") ? root : root + destination;
    qint64 n = 0;
    for (const QString& path : paths) {
        const QFileInfo info(base + path);
        if (info.isDir() && !info.isSymLink())
            n += countFiles(info.filePath());
        else if (info.exists() || info.isSymLink())
            ++n;
    }
    return n;
}

// SnapshotArchive::writeTo on a worker with a Restic of its own (a settings change cannot pull it away), into a
// QSaveFile committed only when the archive is whole.
class LocalDownload : public NodeDownload
{
public:
    LocalDownload(const Config& config, SnapshotArchive::Source source, SnapshotArchive::Format format,
                  const QString& fileName, QObject* parent)
        : NodeDownload(parent)
    {
        m_shared->total = source.totalBytes;
        connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
            const bool cancelled = m_cancel->load();
            const bool ok = m_watcher.result() && !cancelled;
            Q_EMIT finished(ok, ok ? QString() : cancelled ? tr("Cancelled.") : m_shared->error);
        });
        m_watcher.setFuture(QtConcurrent::run(
            [config, source = std::move(source), format, fileName, cancel = m_cancel, shared = m_shared] {
                const Restic restic(config);
                SnapshotArchive archive(restic, source, format);
                QSaveFile out(fileName);
                if (!out.open(QIODevice::WriteOnly)) {
                    shared->error = tr("Cannot write %1: %2").arg(fileName, out.errorString());
                    return false;
                }
                const bool ok = archive.writeTo(&out, cancel, [shared](qint64 done, qint64 total) {
                    shared->done = done;
                    shared->total = total;
                });
                if (!ok) {
                    shared->error = archive.error();
                    out.cancelWriting();
                    return false;
                }
                if (cancel->load()) {
                    out.cancelWriting();
                    return false;
                }
                if (!out.commit()) {
                    shared->error = tr("Cannot write %1: %2").arg(fileName, out.errorString());
                    return false;
                }
                return true;
            }));
    }
    ~LocalDownload() override
    {
        m_cancel->store(true);
        m_watcher.waitForFinished();
    }
    void cancel() override { m_cancel->store(true); }
    qint64 bytesDone() const override { return m_shared->done; }
    qint64 totalBytes() const override { return m_shared->total > 0 ? qint64(m_shared->total) : -1; }

private:
    struct Shared
    {
        std::atomic<qint64> done{0};
        std::atomic<qint64> total{0};
        QString error; // written by the worker before it ends, read after
    };
    std::shared_ptr<Shared> m_shared = std::make_shared<Shared>();
    CancelFlag m_cancel = std::make_shared<std::atomic_bool>(false);
    QFutureWatcher<bool> m_watcher;
};

} // namespace

LocalNode::LocalNode(std::unique_ptr<BackupService> service, QObject* parent)
    : Node(parent), m_service(std::move(service))
{
    connect(m_service->jobs(), &JobManager::jobAdded, this, [this](Job* job) {
        Q_EMIT jobAdded(job);
        refreshServers(); // busy
    });
    connect(m_service->jobs(), &JobManager::jobFinished, this, &LocalNode::onJobFinished);
    connect(m_service->serverNames(), &ServerNames::changed, this, &LocalNode::refreshServers);
    connect(m_service->catalogueSync(), &CatalogueSync::resynced, this, [this](bool ok) {
        if (ok) {
            Q_EMIT snapshotsChanged();
            refreshServers();
        }
    });
    NodeInfo info;
    info.uuid = m_service->config().nodeUuid;
    info.version = QStringLiteral(POUCH_VERSION);
    info.repository = Config::repositoryForDisplay(m_service->config().restic.repository);
    info.servers = int(m_service->paths().servers().size());
    setInfo(info);
    setState(State::Connected);
    refreshServers();
}

LocalNode::~LocalNode() = default;

QString LocalNode::label() const
{
    return tr("This computer");
}

void LocalNode::setProblem(const QString& problem)
{
    setState(problem.isEmpty() ? State::Connected : State::Unavailable, problem);
}

QString LocalNode::serverLocation(const QString& serverUuid) const
{
    return m_service->paths().pathFor(serverUuid);
}

void LocalNode::refreshServers()
{
    NodeInfo info = this->info();
    info.servers = int(m_service->paths().servers().size());
    info.jobsRunning = m_service->jobs()->runningCount();
    setInfo(info);
    setServers(m_service->serverSummaries(true));
}

QFuture<BackupService::SnapshotList> LocalNode::listSnapshots(const QString& serverUuid)
{
    return m_service->listSnapshots(serverUuid, false);
}

QFuture<BackupService::StatsResult> LocalNode::stats(const Snapshot& snapshot)
{
    return m_service->stats(snapshot.id);
}

QFuture<BackupService::FileListing> LocalNode::listDirectory(const Snapshot& snapshot, const QString& path)
{
    return m_service->listDirectory(snapshot, path);
}

QFuture<BackupService::FileSearch> LocalNode::searchFiles(const QString& serverUuid, const QString& text, int limit)
{
    return m_service->searchFiles(serverUuid, text, limit);
}

QFuture<BackupService::PathCheck> LocalNode::checkPaths(const Snapshot& snapshot, const QStringList& paths)
{
    return m_service->checkPaths(snapshot, paths);
}

QFuture<BackupService::FileDiff> LocalNode::diffSnapshots(const Snapshot& before, const Snapshot& after)
{
    return m_service->diffSnapshots(before, after);
}

QFuture<qint64> LocalNode::countExisting(const QString& serverUuid, const QString& destination,
                                         const QStringList& paths)
{
    const QString dir = m_service->paths().serverDirectory(serverUuid);
    if (dir.isEmpty())
        return ready(qint64(0));
    // Counting a big server's files takes a while: never on the UI thread.
    return QtConcurrent::run([dir, destination, paths] {
        return paths.isEmpty() ? countFiles(dir) : countReplaced(dir, destination, paths);
    });
}

QFuture<BackupService::Started> LocalNode::startBackup(const QString& serverUuid)
{
    const QString backupUuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return ready(m_service->startBackup(serverUuid, backupUuid));
}

QFuture<BackupService::Started> LocalNode::startRestore(const QString& targetServerUuid, const Snapshot& snapshot,
                                                        const BackupService::RestoreRequest& request)
{
    return ready(m_service->startRestore(targetServerUuid, snapshot, request));
}

QFuture<BackupService::Started> LocalNode::startDelete(const Snapshot& snapshot)
{
    return ready(m_service->startDelete(snapshot.serverUuid, snapshot.backupUuid));
}

QList<Job*> LocalNode::jobs() const
{
    return m_service->jobs()->jobs();
}

QFuture<RepositoryState> LocalNode::repositoryState()
{
    return m_service->repositoryState();
}

QFuture<LockList> LocalNode::listLocks()
{
    return m_service->listLocks();
}

QFuture<UnlockResult> LocalNode::unlock()
{
    return m_service->unlock();
}

QFuture<Growth> LocalNode::growth(const QString& serverUuid)
{
    return m_service->growth(serverUuid);
}

QFuture<BackupService::Started> LocalNode::startCheck(const QString& readDataSubset)
{
    return ready(m_service->startCheck(readDataSubset));
}

QFuture<BackupService::Started> LocalNode::startPrune()
{
    return ready(m_service->startPrune());
}

NodeDownload* LocalNode::download(const Snapshot& snapshot, const FileEntry& entry, ArchiveFormat format,
                                  const QString& fileName, QObject* parent)
{
    SnapshotArchive::Source source;
    source.snapshot = snapshot;
    source.entry = entry;
    source.path = entry.path.isEmpty() ? QStringLiteral("/") : entry.path;
    source.totalBytes = source.path == QLatin1String("/")     ? (snapshot.stats ? snapshot.stats->totalSize : 0)
                        : entry.type == FileEntry::Type::File ? entry.size
                                                              : 0;
    qCInfo(lcNode).noquote() << "download:" << source.path << "of" << snapshot.shortId << "into" << fileName;
    return new LocalDownload(
        m_service->config(), std::move(source),
        format == ArchiveFormat::Zip ? SnapshotArchive::Format::Zip : SnapshotArchive::Format::TarGz, fileName, parent);
}

void LocalNode::onJobFinished(Job* job)
{
    Q_EMIT jobFinished(job);
    refreshServers(); // busy, jobs running
    if (job->state() == Job::State::Succeeded &&
        (job->kind() == Job::Kind::Backup || job->kind() == Job::Kind::Delete)) {
        Q_EMIT snapshotsChanged();
    }
}
