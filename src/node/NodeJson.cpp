#include "NodeJson.h"

#include <QJsonArray>
#include <QMetaEnum>

namespace NodeJson {

namespace {
QString text(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}

qint64 number(const QJsonObject& o, const char* key, qint64 otherwise = 0)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? qint64(v.toDouble()) : otherwise;
}

// The wire's lower-case enum words ("backup", "cancelled") back into the enum.
template <typename E> bool wireEnum(const QString& word, E* out)
{
    if (word.isEmpty())
        return false;
    bool ok = false;
    const QByteArray key = (word.left(1).toUpper() + word.mid(1)).toLatin1();
    const int value = QMetaEnum::fromType<E>().keyToValue(key.constData(), &ok);
    if (ok)
        *out = E(value);
    return ok;
}
} // namespace

QDateTime time(const QJsonValue& value)
{
    return value.isString() ? QDateTime::fromString(value.toString(), Qt::ISODateWithMs) : QDateTime();
}

bool nodeInfo(const QJsonObject& o, NodeInfo* info)
{
    if (!o.value(QLatin1String("version")).isString() || !o.value(QLatin1String("repository")).isString())
        return false;
    info->uuid = text(o, "uuid");
    info->version = text(o, "version");
    info->resticVersion = text(o, "restic_version");
    info->repository = text(o, "repository");
    info->servers = int(number(o, "servers"));
    info->jobsRunning = int(number(o, "jobs_running"));
    return true;
}

QList<NodeServer> servers(const QJsonObject& object)
{
    QList<NodeServer> out;
    for (const QJsonValue& v : object.value(QLatin1String("servers")).toArray()) {
        const QJsonObject o = v.toObject();
        NodeServer s;
        s.uuid = text(o, "uuid");
        if (s.uuid.isEmpty())
            continue;
        s.name = text(o, "name");
        s.snapshotCount = int(number(o, "snapshot_count"));
        s.lastBackupTime = time(o.value(QLatin1String("last_backup_time")));
        if (const QJsonValue ok = o.value(QLatin1String("last_backup_successful")); ok.isBool())
            s.lastBackupSuccessful = ok.toBool();
        s.busy = o.value(QLatin1String("busy")).toBool();
        s.onDisk = true; // the node lists only the servers whose directories it has
        out.append(s);
    }
    return out;
}

Snapshot snapshot(const QJsonObject& o)
{
    Snapshot s;
    s.id = text(o, "id");
    s.shortId = text(o, "short_id");
    s.time = time(o.value(QLatin1String("time")));
    s.backupUuid = text(o, "backup_uuid");
    s.serverUuid = text(o, "server_uuid");
    for (const QJsonValue& p : o.value(QLatin1String("paths")).toArray())
        s.paths << p.toString();
    if (o.value(QLatin1String("size")).isDouble())
        s.stats = SnapshotStats{number(o, "size"), number(o, "total_file_count")};
    return s;
}

QList<Snapshot> snapshots(const QJsonObject& object)
{
    QList<Snapshot> out;
    for (const QJsonValue& v : object.value(QLatin1String("snapshots")).toArray()) {
        Snapshot s = snapshot(v.toObject());
        if (!s.id.isEmpty())
            out.append(s);
    }
    return out;
}

FileEntry::Type fileType(const QString& name)
{
    for (FileEntry::Type t : {FileEntry::Type::Dir, FileEntry::Type::File, FileEntry::Type::Symlink}) {
        if (FileEntry::typeName(t) == name)
            return t;
    }
    return FileEntry::Type::Other;
}

FileEntry fileEntry(const QJsonObject& o)
{
    FileEntry e;
    e.path = text(o, "path");
    e.type = fileType(text(o, "type"));
    e.size = number(o, "size");
    e.mtime = text(o, "mtime");
    e.mode = int(number(o, "mode"));
    e.linkTarget = text(o, "link_target");
    return e;
}

FileMatch fileMatch(const QJsonObject& o, const QString& serverUuid, Snapshot* snapshot)
{
    FileMatch m;
    m.snapshotId = text(o, "snapshot_id");
    m.entry.path = text(o, "path");
    m.entry.type = fileType(text(o, "type"));
    m.entry.size = number(o, "size");
    m.entry.mtime = text(o, "mtime");
    snapshot->id = m.snapshotId;
    snapshot->shortId = m.snapshotId.left(8);
    snapshot->backupUuid = text(o, "backup_uuid");
    snapshot->serverUuid = serverUuid;
    snapshot->time = time(o.value(QLatin1String("time")));
    return m;
}

namespace {
// An added entry's type and size are of the newer side, a removed one's of the older.
FileChange oneSide(const QJsonObject& o, bool before)
{
    FileChange c;
    c.path = text(o, "path");
    (before ? c.typeBefore : c.type) = fileType(text(o, "type"));
    (before ? c.sizeBefore : c.size) = number(o, "size");
    return c;
}
} // namespace

FileChange fileAdded(const QJsonObject& o)
{
    return oneSide(o, false);
}

FileChange fileRemoved(const QJsonObject& o)
{
    return oneSide(o, true);
}

FileChange fileChanged(const QJsonObject& o)
{
    FileChange c;
    c.path = text(o, "path");
    c.type = fileType(text(o, "type"));
    c.typeBefore = o.contains(QLatin1String("type_before")) ? fileType(text(o, "type_before")) : c.type;
    c.sizeBefore = number(o, "size_before");
    c.size = number(o, "size_after");
    return c;
}

bool job(const QJsonObject& o, RemoteJob* job)
{
    job->id = text(o, "id");
    if (job->id.isEmpty() || !wireEnum(text(o, "kind"), &job->kind) || !wireEnum(text(o, "state"), &job->state))
        return false;
    job->serverUuid = text(o, "server_uuid");
    job->backupUuid = text(o, "backup_uuid");
    const QJsonValue percent = o.value(QLatin1String("percent_done"));
    job->progress.percentDone = percent.isDouble() ? percent.toDouble() : -1;
    job->progress.bytesDone = number(o, "bytes_done");
    job->progress.totalBytes = number(o, "total_bytes");
    job->startedAt = time(o.value(QLatin1String("started_at")));
    job->finishedAt = time(o.value(QLatin1String("finished_at")));
    job->error = text(o, "error");
    return true;
}

QList<RemoteJob> jobs(const QJsonObject& object)
{
    QList<RemoteJob> out;
    for (const QJsonValue& v : object.value(QLatin1String("jobs")).toArray()) {
        RemoteJob j;
        if (job(v.toObject(), &j))
            out.append(j);
    }
    return out;
}

JobProgress eventProgress(const QJsonObject& data)
{
    JobProgress p;
    const QJsonValue percent = data.value(QLatin1String("percent_done"));
    p.percentDone = percent.isDouble() ? percent.toDouble() : -1;
    p.bytesDone = number(data, "bytes_done");
    p.totalBytes = number(data, "total_bytes");
    p.filesDone = number(data, "files_done");
    p.totalFiles = number(data, "total_files");
    return p;
}

UnlockResult unlockResult(const QJsonObject& object)
{
    UnlockResult r;
    r.status = UnlockResult::Status::Ok;
    for (const QJsonValue& v : object.value(QLatin1String("removed")).toArray())
        r.removed << RepositoryLock::fromJson(v.toObject());
    for (const QJsonValue& v : object.value(QLatin1String("kept")).toArray())
        r.kept << RepositoryLock::fromJson(v.toObject());
    return r;
}

QList<GrowthPoint> growthPoints(const QJsonObject& object)
{
    QList<GrowthPoint> points;
    for (const QJsonValue& v : object.value(QLatin1String("points")).toArray())
        points << GrowthPoint::fromJson(v.toObject());
    return points;
}

} // namespace NodeJson
