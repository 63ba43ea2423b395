#include "RepositoryHealth.h"

#include <QJsonArray>

#include <cerrno>
#include <csignal>

namespace {
QJsonValue timeOrNull(const QDateTime& time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QDateTime timeFrom(const QJsonValue& v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

QJsonValue numberOrNull(const std::optional<qint64>& n)
{
    return n ? QJsonValue(double(*n)) : QJsonValue();
}

std::optional<qint64> numberFrom(const QJsonValue& v)
{
    return v.isDouble() ? std::optional<qint64>(qint64(v.toDouble())) : std::nullopt;
}

QJsonArray locksJson(const QList<RepositoryLock>& locks)
{
    QJsonArray out;
    for (const RepositoryLock& l : locks)
        out.append(l.toJson());
    return out;
}
} // namespace

void RepositoryLock::judge(const QString& hostname, const QDateTime& now)
{
    own = host == hostname;
    stale = !time.isValid() || time.secsTo(now) > kStaleAfterSec;
    // As restic: a process of this host that no longer exists. EPERM means it exists (someone else's).
    if (!stale && own && pid > 0)
        stale = ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
}

QJsonObject RepositoryLock::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("host"), host},
            {QStringLiteral("username"), username},
            {QStringLiteral("pid"), double(pid)},
            {QStringLiteral("time"), timeOrNull(time)},
            {QStringLiteral("exclusive"), exclusive},
            {QStringLiteral("stale"), stale},
            {QStringLiteral("own"), own}};
}

RepositoryLock RepositoryLock::fromJson(const QJsonObject& o)
{
    RepositoryLock l;
    l.id = o.value(QLatin1String("id")).toString();
    l.host = o.value(QLatin1String("host")).toString();
    l.username = o.value(QLatin1String("username")).toString();
    l.pid = qint64(o.value(QLatin1String("pid")).toDouble());
    l.time = timeFrom(o.value(QLatin1String("time")));
    l.exclusive = o.value(QLatin1String("exclusive")).toBool();
    l.stale = o.value(QLatin1String("stale")).toBool();
    l.own = o.value(QLatin1String("own")).toBool();
    return l;
}

int LockList::staleCount() const
{
    return int(std::count_if(locks.begin(), locks.end(), [](const RepositoryLock& l) { return l.stale; }));
}

QJsonObject LockList::toJson() const
{
    return {{QStringLiteral("locks"), locksJson(locks)}};
}

LockList LockList::fromJson(const QJsonObject& o)
{
    LockList list;
    list.ok = true;
    for (const QJsonValue& v : o.value(QLatin1String("locks")).toArray())
        list.locks << RepositoryLock::fromJson(v.toObject());
    return list;
}

QJsonObject UnlockResult::toJson() const
{
    return {{QStringLiteral("removed"), locksJson(removed)}, {QStringLiteral("kept"), locksJson(kept)}};
}

QJsonObject CheckResult::toJson() const
{
    return {{QStringLiteral("time"), timeOrNull(time)},
            {QStringLiteral("successful"), successful},
            {QStringLiteral("errors"), QJsonArray::fromStringList(errors)},
            {QStringLiteral("read_data_subset"), readDataSubset.isEmpty() ? QJsonValue() : QJsonValue(readDataSubset)}};
}

CheckResult CheckResult::fromJson(const QJsonObject& o)
{
    CheckResult c;
    c.time = timeFrom(o.value(QLatin1String("time")));
    c.successful = o.value(QLatin1String("successful")).toBool();
    for (const QJsonValue& e : o.value(QLatin1String("errors")).toArray())
        c.errors << e.toString();
    c.readDataSubset = o.value(QLatin1String("read_data_subset")).toString();
    return c;
}

QJsonObject GrowthPoint::toJson() const
{
    return {{QStringLiteral("time"), timeOrNull(time)},
            {QStringLiteral("backup_uuid"), backupUuid.isEmpty() ? QJsonValue() : QJsonValue(backupUuid)},
            {QStringLiteral("snapshot_id"), snapshotId},
            {QStringLiteral("size"), numberOrNull(size)},
            {QStringLiteral("added"), numberOrNull(added)}};
}

GrowthPoint GrowthPoint::fromJson(const QJsonObject& o)
{
    GrowthPoint p;
    p.time = timeFrom(o.value(QLatin1String("time")));
    p.backupUuid = o.value(QLatin1String("backup_uuid")).toString();
    p.snapshotId = o.value(QLatin1String("snapshot_id")).toString();
    p.size = numberFrom(o.value(QLatin1String("size")));
    p.added = numberFrom(o.value(QLatin1String("added")));
    return p;
}

QJsonObject RepositoryState::toJson() const
{
    QJsonValue check;
    if (lastCheck.isValid())
        check = QJsonObject{{QStringLiteral("time"), timeOrNull(lastCheck.time)},
                            {QStringLiteral("successful"), lastCheck.successful}};
    return {{QStringLiteral("repository"), repository},
            {QStringLiteral("total_size"), double(totalSize)},
            {QStringLiteral("raw_size"), numberOrNull(rawSize)},
            {QStringLiteral("snapshot_count"), snapshotCount},
            {QStringLiteral("servers"), servers},
            {QStringLiteral("last_check"), check},
            {QStringLiteral("locks"), locksError.isEmpty() ? QJsonValue(locksJson(locks)) : QJsonValue()}};
}

RepositoryState RepositoryState::fromJson(const QJsonObject& o)
{
    RepositoryState s;
    s.ok = true;
    s.repository = o.value(QLatin1String("repository")).toString();
    s.totalSize = qint64(o.value(QLatin1String("total_size")).toDouble());
    s.rawSize = numberFrom(o.value(QLatin1String("raw_size")));
    s.snapshotCount = o.value(QLatin1String("snapshot_count")).toInt();
    s.servers = o.value(QLatin1String("servers")).toInt();
    if (o.value(QLatin1String("last_check")).isObject())
        s.lastCheck = CheckResult::fromJson(o.value(QLatin1String("last_check")).toObject());
    if (!o.value(QLatin1String("locks")).isArray())
        s.locksError = QStringLiteral("unknown");
    for (const QJsonValue& v : o.value(QLatin1String("locks")).toArray())
        s.locks << RepositoryLock::fromJson(v.toObject());
    return s;
}
