#pragma once

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <condition_variable>
#include <functional>
#include <mutex>

#include "restic/Restic.h"

class Catalogue;

// Keeps the catalogue true to the repository: a resync (`snapshots --json --no-lock`) at start, at a fixed
// interval, and when a lookup misses. Resyncs are coalesced (one in flight; everyone waiting for a newer state
// shares the next one) and rate-limited (a burst of misses for random uuids costs one restic call every
// `minMissIntervalMs`, never one each). A failed resync keeps the last good state.
class CatalogueSync : public QObject
{
    Q_OBJECT
public:
    // `filter` drops snapshots that must never be listed (the discarded partial backups).
    CatalogueSync(const Restic& restic, Catalogue& catalogue, QObject* parent = nullptr);
    ~CatalogueSync() override;

    void setIntervalSec(int seconds);
    void setFilter(std::function<bool(const QString& snapshotId)> hide) { m_hide = std::move(hide); }
    // Starts the periodic resyncs and the first one (in the background).
    void start();
    void stop();

    // Blocks the calling worker until a resync that began after this call has ended, within `deadline`.
    // True when it succeeded.
    bool resyncAfterNow(QDeadlineTimer deadline) { return resyncAfter(generation(), deadline); }
    // The same for a question asked when generation() said `asked` (it may have waited in a queue since):
    // a resync begun after that moment answers it.
    bool resyncAfter(quint64 asked, QDeadlineTimer deadline);
    quint64 generation() const;
    // Fills a catalogue that never was: the resync in flight, if any, serves; else a new one. Blocking.
    bool fill(QDeadlineTimer deadline);

    int resyncCount() const;   // resyncs run so far (tests: a burst of misses shares one)
    QString lastError() const; // empty after a successful resync

Q_SIGNALS:
    void resynced(bool ok, const QString& error);

private:
    bool runResync();
    void backgroundResync();

    const Restic& m_restic;
    Catalogue& m_catalogue;
    std::function<bool(const QString&)> m_hide;
    QTimer m_timer;
    CancelFlag m_cancel; // set by stop(): a resync against a dead repository must not hold up shutdown
    QThreadPool m_pool;  // the background resyncs: joined by stop()
    int m_minMissIntervalMs = 2000;

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_running = false;
    bool m_stopped = false;
    quint64 m_started = 0;
    quint64 m_finished = 0;
    bool m_lastOk = false;
    QString m_lastError;
    QElapsedTimer m_sinceStart;
    int m_count = 0;
};
