#pragma once

#include "Job.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QThreadPool>

// Runs jobs on a bounded pool: at most one backup or restore per server at a time, servers in parallel up to
// the pool's size (further jobs queue).
class JobManager : public QObject
{
    Q_OBJECT
public:
    using Work = std::function<JobOutcome(JobContext&)>;

    explicit JobManager(int maxParallel = 4, QObject* parent = nullptr);
    ~JobManager() override;

    // `exclusive` jobs (backup, restore) refuse to start while the server has another exclusive job:
    // returns nullptr and sets `error`.
    Job* start(Job::Kind kind, const QString& serverUuid, const QString& backupUuid, bool exclusive, Work work,
               QString* error = nullptr, const QString& sourceServerUuid = {});

    bool isBusy(const QString& serverUuid) const { return m_busy.contains(serverUuid); }
    // The one wording of "this server has a job running" (the API's 409).
    QString busyMessage(const QString& serverUuid) const;
    QList<Job*> jobs() const { return m_jobs; } // the unfinished ones and the last kHistory finished, oldest first
    Job* find(const QString& id) const;
    static constexpr int kHistory = 200;
    int runningCount() const;

    // For shutdown: cancel every unfinished job and wait (processing events) until all have ended.
    void cancelAll();
    bool waitForAll(int msecs);
    // From now on start() refuses every job (shutdown).
    void stopAccepting() { m_accepting = false; }
    // Blocks until every worker has returned (no event processing); for destructors, after cancelAll().
    void join() { m_pool.waitForDone(); }

Q_SIGNALS:
    void jobAdded(Job* job);
    void jobFinished(Job* job);

private:
    void onFinished(Job* job);

    QThreadPool m_pool;
    QHash<QString, Job*> m_busy; // server -> its running exclusive job
    QList<Job*> m_jobs;          // newest last; finished ones are trimmed to a bounded history
    int m_nextId = 1;
    bool m_accepting = true;
};
