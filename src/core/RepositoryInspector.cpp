#include "RepositoryInspector.h"
#include "BackupService.h"
#include "Logging.h"
#include "restic/ResticCommands.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSysInfo>

namespace {
const QRegularExpression& lockIdPattern()
{
    static const QRegularExpression id(QStringLiteral("^[0-9a-f]{64}$"));
    return id;
}
} // namespace

LockList RepositoryInspector::listLocks(const BackupService& node)
{
    LockList list;
    const Restic::RunOptions options = node.queryOptions();
    const ResticResult ids = node.m_restic.run(ResticCommand::listLocks(), options);
    if (!ids.ok()) {
        list.error = ids.message;
        return list;
    }
    const QString hostname = QSysInfo::machineHostName();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QByteArray& line : ids.standardOutput.split('\n')) {
        const QString id = QString::fromLatin1(line.trimmed());
        if (!lockIdPattern().match(id).hasMatch())
            continue;
        const ResticResult cat = node.m_restic.run(ResticCommand::catLock(id), options);
        if (!cat.ok()) {
            qCDebug(lcBackup).noquote() << "lock" << id.left(8) << "unreadable (gone?):" << cat.message;
            continue; // released between the listing and now
        }
        const QJsonObject o = QJsonDocument::fromJson(cat.standardOutput).object();
        RepositoryLock l;
        l.id = id;
        l.host = o.value(QLatin1String("hostname")).toString();
        l.username = o.value(QLatin1String("username")).toString();
        l.pid = qint64(o.value(QLatin1String("pid")).toDouble());
        l.time = QDateTime::fromString(o.value(QLatin1String("time")).toString(), Qt::ISODateWithMs).toUTC();
        l.exclusive = o.value(QLatin1String("exclusive")).toBool();
        l.judge(hostname, now);
        list.locks << l;
    }
    std::sort(list.locks.begin(), list.locks.end(),
              [](const RepositoryLock& a, const RepositoryLock& b) { return a.time < b.time; });
    list.ok = true;
    node.noteLocks(list);
    return list;
}

UnlockResult RepositoryInspector::unlock(BackupService& node)
{
    UnlockResult result;
    const LockList before = listLocks(node);
    if (!before.ok) {
        result.error = before.error;
        return result;
    }
    QList<RepositoryLock> ours;
    QStringList othersStale;
    for (const RepositoryLock& l : before.locks) {
        if (l.stale && l.own)
            ours << l;
        else if (l.stale)
            othersStale << QStringLiteral("%1 (%2, pid %3)").arg(l.id.left(8), l.host).arg(l.pid);
    }
    if (!ours.isEmpty()) {
        if (othersStale.isEmpty()) {
            // Every stale lock is ours: restic's own unlock removes exactly those (it never removes a live lock).
            Restic::RunOptions options;
            options.timeoutSec = Restic::kUnlockTimeoutSec;
            const ResticResult r = node.m_restic.run(ResticCommand::unlock(), options);
            if (!r.ok()) {
                result.error = r.message;
                return result;
            }
        } else if (const std::optional<QString> dir = node.m_restic.localRepositoryPath()) {
            // restic would take the other hosts' stale locks too: remove our own lock files, by their ids.
            for (const RepositoryLock& l : std::as_const(ours)) {
                const QString path = *dir + QStringLiteral("/locks/") + l.id;
                if (!QFile::remove(path) && QFile::exists(path)) {
                    result.error = BackupService::tr("Cannot remove the lock file %1.").arg(path);
                    return result;
                }
            }
        } else {
            result.status = UnlockResult::Status::Refused;
            result.error = BackupService::tr("Stale locks of other hosts are in the repository (%1), and restic can "
                                             "only remove all stale locks at once. Nothing was removed; run `restic "
                                             "unlock` if those hosts' locks may go too.")
                               .arg(othersStale.join(QStringLiteral(", ")));
            result.kept = before.locks;
            return result;
        }
    }
    const LockList after = ours.isEmpty() ? before : listLocks(node);
    if (!after.ok) {
        result.error = after.error;
        return result;
    }
    QSet<QString> left;
    for (const RepositoryLock& l : after.locks)
        left.insert(l.id);
    for (const RepositoryLock& l : std::as_const(ours)) {
        if (!left.contains(l.id))
            result.removed << l;
    }
    result.kept = after.locks;
    result.status = UnlockResult::Status::Ok;
    if (!result.removed.isEmpty())
        qCInfo(lcBackup).noquote() << "removed" << result.removed.size() << "stale locks of this node";
    return result;
}

std::optional<qint64> RepositoryInspector::rawSize(const BackupService& node, QDateTime* measuredAt)
{
    RawSize& cache = node.m_rawSize;
    QMutexLocker lock(&cache.mutex);
    const int interval = node.m_config.maintenance.rawSizeIntervalSec;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!cache.measuredAt.isValid() || cache.measuredAt.secsTo(now) >= interval) {
        const ResticResult r = node.m_restic.run(ResticCommand::statsRawData(), node.queryOptions());
        if (r.ok()) {
            const QJsonObject o = QJsonDocument::fromJson(r.standardOutput).object();
            if (o.value(QLatin1String("total_size")).isDouble()) {
                cache.bytes = qint64(o.value(QLatin1String("total_size")).toDouble());
                cache.measuredAt = now;
            }
        } else {
            qCWarning(lcBackup).noquote() << "cannot measure the repository's raw size:" << r.message;
        }
    }
    if (measuredAt)
        *measuredAt = cache.measuredAt;
    return cache.bytes;
}

RepositoryState RepositoryInspector::state(const BackupService& node)
{
    RepositoryState s;
    const BackupService::SnapshotList all = node.listSnapshotsBlocking(QString(), true);
    if (!all.ok) {
        s.error = all.error;
        s.building = all.building;
        return s;
    }
    s.repository = Config::repositoryForDisplay(node.m_config.restic.repository);
    s.snapshotCount = int(all.snapshots.size());
    QSet<QString> servers;
    for (const Snapshot& snap : all.snapshots) {
        s.totalSize += snap.stats ? snap.stats->totalSize : 0;
        if (!snap.serverUuid.isEmpty())
            servers.insert(snap.serverUuid);
    }
    s.servers = int(servers.size());
    s.rawSize = rawSize(node, &s.rawSizeTime);
    s.lastCheck = node.lastCheck();
    const LockList locks = listLocks(node);
    s.locks = locks.locks;
    s.locksError = locks.error;
    s.ok = true;
    return s;
}

Growth RepositoryInspector::growth(const BackupService& node, const QString& serverUuid)
{
    Growth g;
    const BackupService::SnapshotList list = node.listSnapshotsBlocking(serverUuid, true);
    if (!list.ok) {
        g.error = list.error;
        g.building = list.building;
        return g;
    }
    for (auto it = list.snapshots.crbegin(); it != list.snapshots.crend(); ++it) {
        GrowthPoint p;
        p.time = it->time;
        p.backupUuid = it->backupUuid;
        p.snapshotId = it->id;
        if (it->stats)
            p.size = it->stats->totalSize;
        p.added = node.m_catalogue.added(it->id); // our own backups' summary; other snapshots: unknown
        g.points << p;
    }
    g.ok = true;
    return g;
}
