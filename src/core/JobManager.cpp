#include "JobManager.h"
#include "Logging.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QThread>

namespace {
constexpr qint64 kProgressIntervalMs = 500;
} // namespace

JobManager::JobManager(int maxParallel, QObject* parent) : QObject(parent)
{
    m_pool.setMaxThreadCount(qMax(1, maxParallel));
    // Jobs mostly wait on restic; an idle thread need not linger.
    m_pool.setExpiryTimeout(30000);
}

JobManager::~JobManager()
{
    cancelAll();
    m_pool.waitForDone();
}

Job* JobManager::start(Job::Kind kind, const QString& serverUuid, const QString& backupUuid, bool exclusive, Work work,
                       QString* error, const QString& sourceServerUuid)
{
    if (!m_accepting) {
        if (error)
            *error = tr("Pouch is shutting down; no new jobs start.");
        return nullptr;
    }
    if (exclusive && m_busy.contains(serverUuid)) {
        if (error)
            *error = busyMessage(serverUuid);
        return nullptr;
    }
    auto* job = new Job(QString::number(m_nextId++), kind, serverUuid, backupUuid, this);
    job->setSourceServerUuid(sourceServerUuid);
    if (exclusive)
        m_busy.insert(serverUuid, job);
    m_jobs.append(job);
    connect(job, &Job::finished, this, &JobManager::onFinished);
    Q_EMIT jobAdded(job);
    // Only what applies: a prune has neither server nor backup.
    QString line = QStringLiteral("job %1 %2").arg(job->id(), Job::kindName(kind));
    if (!serverUuid.isEmpty())
        line += QStringLiteral(" server ") + serverUuid;
    if (!sourceServerUuid.isEmpty() && sourceServerUuid != serverUuid)
        line += QStringLiteral(" from ") + sourceServerUuid;
    if (!backupUuid.isEmpty())
        line += QStringLiteral(" backup ") + backupUuid;
    qCInfo(lcJobs).noquote() << line << "queued";

    const CancelFlag cancel = job->cancelFlag();
    const QString id = job->id();
    m_pool.start([job, work = std::move(work), cancel, id] {
        QMetaObject::invokeMethod(
            job, [job] { job->markRunning(); }, Qt::QueuedConnection);
        JobContext context;
        context.jobId = id;
        context.cancel = cancel;
        QElapsedTimer sinceLast;
        context.reportProgress = [job, sinceLast](const JobProgress& p) mutable {
            // At most two updates a second reach the GUI, SSE and everyone else.
            if (sinceLast.isValid() && sinceLast.elapsed() < kProgressIntervalMs)
                return;
            sinceLast.start();
            QMetaObject::invokeMethod(
                job, [job, p] { job->updateProgress(p); }, Qt::QueuedConnection);
        };
        JobOutcome outcome;
        if (cancel->load())
            outcome.error = QObject::tr("Cancelled before it started");
        else
            outcome = work(context);
        QMetaObject::invokeMethod(
            job, [job, outcome] { job->finish(outcome); }, Qt::QueuedConnection);
    });
    return job;
}

QString JobManager::busyMessage(const QString& serverUuid) const
{
    const Job* running = m_busy.value(serverUuid);
    return tr("Server %1 is busy (%2 running); wait for it to finish.")
        .arg(serverUuid, running ? Job::kindName(running->kind()) : tr("a job"));
}

Job* JobManager::find(const QString& id) const
{
    for (Job* j : m_jobs) {
        if (j->id() == id)
            return j;
    }
    return nullptr;
}

int JobManager::runningCount() const
{
    int n = 0;
    for (const Job* j : m_jobs)
        n += j->isFinished() ? 0 : 1;
    return n;
}

void JobManager::onFinished(Job* job)
{
    if (m_busy.value(job->serverUuid()) == job)
        m_busy.remove(job->serverUuid());
    const JobOutcome o = job->outcome();
    if (job->state() == Job::State::Succeeded)
        qCInfo(lcJobs).noquote() << "job" << job->id() << "succeeded" << o.snapshotId;
    else
        qCWarning(lcJobs).noquote() << "job" << job->id()
                                    << (job->state() == Job::State::Cancelled ? "cancelled:" : "failed:") << o.error;
    Q_EMIT jobFinished(job);

    int finished = 0;
    for (const Job* j : m_jobs)
        finished += j->isFinished() ? 1 : 0;
    for (auto it = m_jobs.begin(); finished > kHistory && it != m_jobs.end();) {
        if ((*it)->isFinished()) {
            (*it)->deleteLater();
            it = m_jobs.erase(it);
            --finished;
        } else {
            ++it;
        }
    }
}

void JobManager::cancelAll()
{
    for (Job* j : m_jobs) {
        if (!j->isFinished())
            j->cancel();
    }
}

bool JobManager::waitForAll(int msecs)
{
    QDeadlineTimer deadline(msecs);
    while (runningCount() > 0) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(10);
    }
    return true;
}
