#include "WireFormat.h"

#include <QJsonArray>
#include <QMetaEnum>

namespace WireFormat {

QString eventName(PouchEvent::Kind kind)
{
    switch (kind) {
    case PouchEvent::Kind::BackupStarted:
        return QStringLiteral("backup started");
    case PouchEvent::Kind::BackupProgress:
        return QStringLiteral("backup progress");
    case PouchEvent::Kind::BackupCompleted:
        return QStringLiteral("backup completed");
    case PouchEvent::Kind::RestoreStarted:
        return QStringLiteral("backup restore started");
    case PouchEvent::Kind::RestoreProgress:
        return QStringLiteral("backup restore progress");
    case PouchEvent::Kind::RestoreCompleted:
        return QStringLiteral("backup restore completed");
    case PouchEvent::Kind::RestoreFailed:
        return QStringLiteral("backup restore failed");
    case PouchEvent::Kind::BackupDeleted:
        return QStringLiteral("backup deleted");
    case PouchEvent::Kind::CheckStarted:
        return QStringLiteral("repository check started");
    case PouchEvent::Kind::CheckCompleted:
        return QStringLiteral("repository check completed");
    }
    return {};
}

QJsonObject eventData(const PouchEvent& event)
{
    // The repository's events name no server or backup.
    if (event.kind == PouchEvent::Kind::CheckStarted)
        return {};
    if (event.kind == PouchEvent::Kind::CheckCompleted)
        return {{QStringLiteral("successful"), event.successful},
                {QStringLiteral("errors"), QJsonArray::fromStringList(event.errors)}};
    QJsonObject o{{QStringLiteral("server_id"), event.serverId}, {QStringLiteral("backup_uuid"), event.backupUuid}};
    switch (event.kind) {
    case PouchEvent::Kind::BackupProgress:
    case PouchEvent::Kind::RestoreProgress: {
        const JobProgress& p = event.progress;
        if (p.percentDone >= 0)
            o.insert(QStringLiteral("percent_done"), p.percentDone);
        o.insert(QStringLiteral("bytes_done"), double(p.bytesDone));
        if (p.totalBytes > 0)
            o.insert(QStringLiteral("total_bytes"), double(p.totalBytes));
        if (p.totalFiles > 0) {
            o.insert(QStringLiteral("files_done"), double(p.filesDone));
            o.insert(QStringLiteral("total_files"), double(p.totalFiles));
        }
        break;
    }
    case PouchEvent::Kind::BackupCompleted:
        // The spec's exact shape: restic keeps its own checksums and sizes.
        o.insert(QStringLiteral("is_successful"), event.successful);
        o.insert(QStringLiteral("checksum"), QString());
        o.insert(QStringLiteral("checksum_type"), QLatin1String(ChecksumType::kEvent));
        o.insert(QStringLiteral("file_size"), 0);
        break;
    case PouchEvent::Kind::RestoreFailed:
        o.insert(QStringLiteral("error"), event.error);
        break;
    default:
        break;
    }
    return o;
}

QJsonObject snapshot(const Snapshot& s)
{
    QJsonObject o{
        {QStringLiteral("id"), s.id},
        {QStringLiteral("short_id"), s.shortId},
        {QStringLiteral("time"), s.time.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("backup_uuid"), s.backupUuid},
        {QStringLiteral("server_uuid"), s.serverUuid},
        {QStringLiteral("paths"), QJsonArray::fromStringList(s.paths)},
    };
    if (s.stats) {
        o.insert(QStringLiteral("size"), double(s.stats->totalSize));
        o.insert(QStringLiteral("total_file_count"), double(s.stats->totalFileCount));
    }
    return o;
}

QJsonObject fileEntry(const FileEntry& e)
{
    QJsonObject o{
        {QStringLiteral("name"), e.name()},
        {QStringLiteral("path"), e.path},
        {QStringLiteral("type"), FileEntry::typeName(e.type)},
        {QStringLiteral("size"), double(e.size)},
        {QStringLiteral("mtime"), e.mtime},
        {QStringLiteral("mode"), e.mode},
    };
    if (e.type == FileEntry::Type::Symlink)
        o.insert(QStringLiteral("link_target"), e.linkTarget);
    return o;
}

QJsonObject fileMatch(const FileMatch& m, const Snapshot& s)
{
    return {
        {QStringLiteral("backup_uuid"), s.backupUuid},
        {QStringLiteral("snapshot_id"), m.snapshotId},
        {QStringLiteral("time"), s.time.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("path"), m.entry.path},
        {QStringLiteral("type"), FileEntry::typeName(m.entry.type)},
        {QStringLiteral("size"), double(m.entry.size)},
        {QStringLiteral("mtime"), m.entry.mtime},
    };
}

QJsonObject fileAdded(const FileChange& c)
{
    return {{QStringLiteral("path"), c.path},
            {QStringLiteral("type"), FileEntry::typeName(c.type)},
            {QStringLiteral("size"), double(c.size)}};
}

QJsonObject fileRemoved(const FileChange& c)
{
    return {{QStringLiteral("path"), c.path},
            {QStringLiteral("type"), FileEntry::typeName(c.typeBefore)},
            {QStringLiteral("size"), double(c.sizeBefore)}};
}

QJsonObject fileChanged(const FileChange& c)
{
    QJsonObject o{{QStringLiteral("path"), c.path},
                  {QStringLiteral("type"), FileEntry::typeName(c.type)},
                  {QStringLiteral("size_before"), double(c.sizeBefore)},
                  {QStringLiteral("size_after"), double(c.size)}};
    if (c.typeBefore != c.type)
        o.insert(QStringLiteral("type_before"), FileEntry::typeName(c.typeBefore));
    return o;
}

QString jobKind(Job::Kind kind)
{
    // Job::kindName is for people (translated); the wire has the enum's fixed words.
    return QString::fromLatin1(QMetaEnum::fromType<Job::Kind>().valueToKey(int(kind))).toLower();
}

QString jobState(Job::State state)
{
    return QString::fromLatin1(QMetaEnum::fromType<Job::State>().valueToKey(int(state))).toLower();
}

QJsonValue timeOrNull(const QDateTime& time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonValue textOrNull(const QString& text)
{
    return text.isEmpty() ? QJsonValue() : QJsonValue(text);
}

QJsonObject job(const Job* job)
{
    const JobProgress p = job->progress();
    const bool failed = job->state() == Job::State::Failed || job->state() == Job::State::Cancelled;
    return {{QStringLiteral("id"), job->id()},
            {QStringLiteral("kind"), jobKind(job->kind())},
            {QStringLiteral("server_uuid"), textOrNull(job->serverUuid())},
            {QStringLiteral("backup_uuid"), textOrNull(job->backupUuid())},
            {QStringLiteral("state"), jobState(job->state())},
            {QStringLiteral("percent_done"), p.percentDone < 0 ? QJsonValue() : QJsonValue(p.percentDone)},
            {QStringLiteral("bytes_done"), double(p.bytesDone)},
            {QStringLiteral("total_bytes"), double(p.totalBytes)},
            {QStringLiteral("started_at"), timeOrNull(job->startedAt())},
            {QStringLiteral("finished_at"), timeOrNull(job->finishedAt())},
            {QStringLiteral("error"), failed ? QJsonValue(job->outcome().error) : QJsonValue()}};
}

} // namespace WireFormat
