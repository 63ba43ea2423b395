#pragma once

#include <QString>
#include <QStringList>

// The arguments of each restic command Pouch runs. Nothing outside src/core/restic builds restic arguments
// (tst_restic checks it): callers say what they want, these say how restic spells it.
namespace ResticCommand {

struct Backup
{
    QString host;
    QStringList tags;
    QString excludeFile;       // empty: none
    qint64 limitUploadKiB = 0; // 0: unlimited
    QString compression;       // "off", "auto", "max"; empty: restic's default (older repositories have none)
    QString path;
};

QStringList backup(const Backup& spec);
// `subfolder` is "snap:subfolder" (0.16+): the path's contents land at the target's root. `json` asks for
// progress lines (0.16+).
QStringList restore(const QString& snapshotId, const QString& path, const QString& target, bool subfolder, bool json);
// Only `paths` (absolute, as stored in the snapshot), each taken literally, under `target` with their full path.
QStringList restoreSelected(const QString& snapshotId, const QStringList& paths, const QString& target, bool json);
// A directory of a snapshot as a tar stream on stdout (names keep the full path, without the leading '/').
QStringList dump(const QString& snapshotId, const QString& path);
QStringList snapshots(const QStringList& snapshotIds = {});
// Snapshots carrying every tag of `tags` (restic ands the tags of one --tag).
QStringList snapshotsTagged(const QStringList& tags);
QStringList stats(const QString& snapshotId);
// Every node of each snapshot, as one JSON array (FindStatsParser): the stats of many snapshots in one call.
QStringList findAll(const QStringList& snapshotIds);
// Every node of a snapshot, one JSON line each (0.14: no content ids and no symlink targets in them).
QStringList ls(const QString& snapshotId);
// The nodes of one snapshot whose name is one of `names` (exact names, escaped into restic's glob patterns), as one
// JSON array; on 0.14 the only listing that carries symlink targets.
QStringList findNames(const QString& snapshotId, const QStringList& names);
QStringList forget(const QStringList& snapshotIds);
QStringList prune();
QStringList catConfig();
QStringList init();
QStringList unlock();
// The repository's integrity (quiet: only restic's findings on stderr); `readDataSubset` as restic takes it
// ("n/t", "x%", "500M"), empty reads no data.
QStringList check(const QString& readDataSubset);
// Empty when restic 0.14 and later take `subset` for --read-data-subset, else what is wrong, for a person.
QString readDataSubsetProblem(const QString& subset);
// The ids of the lock files, one a line, and one lock as JSON (time, exclusive, hostname, username, pid).
QStringList listLocks();
QStringList catLock(const QString& lockId);
// The size of every blob the snapshots reference, once each (the repository's own figure), as JSON.
QStringList statsRawData();

} // namespace ResticCommand
