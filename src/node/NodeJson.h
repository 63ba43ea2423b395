#pragma once

#include "Job.h"
#include "Node.h"
#include "Snapshot.h"
#include "catalogue/FileIndex.h"

#include <QJsonObject>

// The node API's JSON (docs/api.md, src/api/WireFormat) read back into the core's types. Lenient: a field missing
// or of the wrong type reads as empty, so one odd entry never breaks a listing.
namespace NodeJson {

// GET /api/node; false when it is not a Pouch node's answer (no version or repository).
bool nodeInfo(const QJsonObject& object, NodeInfo* info);
// GET /api/servers
QList<NodeServer> servers(const QJsonObject& object);
// One snapshot of a listing or of status: {"id", "short_id", "time", "backup_uuid", "server_uuid", "paths"[, "size",
// "total_file_count"]}.
Snapshot snapshot(const QJsonObject& object);
// GET …/backup/snapshots, newest first.
QList<Snapshot> snapshots(const QJsonObject& object);
FileEntry fileEntry(const QJsonObject& object);
FileEntry::Type fileType(const QString& name);
// A search match; `snapshot` gets what the match says of its snapshot (id, backup, time, the server given).
FileMatch fileMatch(const QJsonObject& object, const QString& serverUuid, Snapshot* snapshot);
// A diff's entries: added and removed carry one side, changed both.
FileChange fileAdded(const QJsonObject& object);
FileChange fileRemoved(const QJsonObject& object);
FileChange fileChanged(const QJsonObject& object);

// One job of GET /api/jobs.
struct RemoteJob
{
    QString id;
    Job::Kind kind = Job::Kind::Backup;
    QString serverUuid;
    QString backupUuid;
    Job::State state = Job::State::Queued;
    JobProgress progress;
    QDateTime startedAt;
    QDateTime finishedAt;
    QString error;
};
// False for an entry without an id or with an unknown kind or state.
bool job(const QJsonObject& object, RemoteJob* job);
QList<RemoteJob> jobs(const QJsonObject& object);
// The figures of a `backup progress` or `backup restore progress` event; what is left out stays unknown.
JobProgress eventProgress(const QJsonObject& data);

QDateTime time(const QJsonValue& value);

// The repository's health (docs/api.md, "Beyond the spec: the repository's health"); the core's RepositoryHealth
// types read most of it (fromJson), these the rest.
// POST /api/repository/unlock's 200: {"removed", "kept"} (status Ok).
UnlockResult unlockResult(const QJsonObject& object);
// GET …/backup/growth: {"points"}, oldest first.
QList<GrowthPoint> growthPoints(const QJsonObject& object);

} // namespace NodeJson
