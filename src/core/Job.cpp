#include "Job.h"

Job::Job(QString id, Kind kind, QString serverUuid, QString backupUuid, QObject* parent)
    : QObject(parent), m_id(std::move(id)), m_kind(kind), m_serverUuid(std::move(serverUuid)),
      m_backupUuid(std::move(backupUuid)), m_cancel(std::make_shared<std::atomic_bool>(false))
{
}

QString Job::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Backup:
        return tr("Backup");
    case Kind::Restore:
        return tr("Restore");
    case Kind::Delete:
        return tr("Delete");
    case Kind::Prune:
        return tr("Prune");
    case Kind::Check:
        return tr("Repository check");
    }
    return {};
}

void Job::cancel()
{
    m_cancel->store(true);
    Q_EMIT cancelRequested(this);
}

void Job::mirror(State state, const JobProgress& progress, const JobOutcome& outcome, const QDateTime& startedAt,
                 const QDateTime& finishedAt)
{
    if (isFinished())
        return;
    const bool stateChange = state != m_state;
    m_progress = progress;
    m_startedAt = startedAt;
    if (state >= State::Succeeded) {
        m_outcome = outcome;
        m_finishedAt = finishedAt.isValid() ? finishedAt : QDateTime::currentDateTimeUtc();
    }
    m_state = state;
    if (stateChange)
        Q_EMIT stateChanged(this);
    else
        Q_EMIT progressChanged(this);
    if (isFinished())
        Q_EMIT finished(this);
}

void Job::markRunning()
{
    m_state = State::Running;
    m_startedAt = QDateTime::currentDateTimeUtc();
    Q_EMIT stateChanged(this);
}

void Job::updateProgress(const JobProgress& progress)
{
    if (isFinished())
        return;
    m_progress = progress;
    Q_EMIT progressChanged(this);
}

void Job::finish(const JobOutcome& outcome)
{
    m_outcome = outcome;
    if (outcome.ok)
        m_state = State::Succeeded;
    else
        m_state = m_cancel->load() ? State::Cancelled : State::Failed;
    if (m_startedAt.isNull())
        m_startedAt = QDateTime::currentDateTimeUtc();
    m_finishedAt = QDateTime::currentDateTimeUtc();
    Q_EMIT stateChanged(this);
    Q_EMIT finished(this);
}
