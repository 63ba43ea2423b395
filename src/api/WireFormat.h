#pragma once

#include "EventBus.h"
#include "Snapshot.h"
#include "catalogue/FileIndex.h"

#include <QJsonObject>

// The spec's wire shapes: SSE event names and payloads, and the snapshot JSON of listings and status.
namespace WireFormat {

QString eventName(PouchEvent::Kind kind);
// Only what is known: a total restic has not counted yet is left out, not sent as 0.
QJsonObject eventData(const PouchEvent& event);
// {"id", "short_id", "time", "backup_uuid", "server_uuid", "paths"}, plus size and total_file_count when known.
QJsonObject snapshot(const Snapshot& snapshot);
// {"name", "path", "type", "size", "mtime", "mode"}, plus "link_target" for symlinks.
QJsonObject fileEntry(const FileEntry& entry);
// {"backup_uuid", "snapshot_id", "time", "path", "type", "size", "mtime"}.
QJsonObject fileMatch(const FileMatch& match, const Snapshot& snapshot);
// A diff's entries: added {"path", "type", "size"} (the newer side), removed the same of the older side, changed
// {"path", "type", "size_before", "size_after"}, plus "type_before" when the type changed.
QJsonObject fileAdded(const FileChange& change);
QJsonObject fileRemoved(const FileChange& change);
QJsonObject fileChanged(const FileChange& change);

// A job of GET /api/jobs: {"id", "kind", "server_uuid", "backup_uuid", "state", "percent_done" (0..1 or null),
// "bytes_done", "total_bytes", "started_at", "finished_at", "error"}; what does not apply is null.
QJsonObject job(const Job* job);
// The wire words: Job::Kind and Job::State in lower case ("backup", "cancelled").
QString jobKind(Job::Kind kind);
QString jobState(Job::State state);
// ISO 8601 UTC with milliseconds, or null; a string, or null when empty.
QJsonValue timeOrNull(const QDateTime& time);
QJsonValue textOrNull(const QString& text);

} // namespace WireFormat
