#pragma once

#include "Snapshot.h"
#include "restic/Restic.h"

#include <QFuture>
#include <QHash>
#include <QMutex>
#include <QThreadPool>

#include <functional>
#include <future>

class Catalogue;

struct SnapshotStatsResult
{
    bool ok = false;
    QString error;
    SnapshotStats stats;
};

// The stats (restore size, file count) of snapshots: each measured once, ever (snapshots never change), and
// kept in the catalogue. Identical concurrent questions share one restic call. Many unmeasured snapshots are
// measured together with one or two `restic find` calls (FindStatsParser) instead of one `stats` each.
class StatsMeasurer
{
public:
    // `options` gives each restic call its read-only options (timeout, the shutdown's cancel flag).
    StatsMeasurer(const Restic& restic, Catalogue& catalogue, std::function<Restic::RunOptions()> options);
    ~StatsMeasurer();

    SnapshotStatsResult measure(const QString& snapshotId) const; // blocking
    QFuture<SnapshotStatsResult> measureLater(const QString& snapshotId) const;
    // Measures the unmeasured among `snapshotIds` in few restic calls; blocking. Afterwards they are in the
    // catalogue, or measure() says why not.
    void measureMany(const QStringList& snapshotIds) const;
    // Waits for every measurement in flight (their restic calls stop with the options' cancel flag).
    void wait();

private:
    // One `restic stats`, kept in the catalogue. The caller holds the snapshot's in-flight claim.
    SnapshotStatsResult runStats(const QString& snapshotId) const;

    const Restic& m_restic;
    Catalogue& m_catalogue;
    std::function<Restic::RunOptions()> m_options;
    mutable QThreadPool m_pool; // its own, so a listing waiting on stats never starves the query pool
    mutable QMutex m_inflightMutex;
    mutable QHash<QString, std::shared_future<SnapshotStatsResult>> m_inflight;
};
