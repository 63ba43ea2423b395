#include "RemoteJobs.h"

#include <QJsonArray>
#include <QSet>

RemoteJobs::RemoteJobs(QObject* jobParent, QObject* parent) : QObject(parent), m_jobParent(jobParent) {}

QList<Job*> RemoteJobs::jobs() const
{
    QList<Job*> out;
    for (const Mirror& m : m_mirrors)
        out.append(m.job);
    return out;
}

bool RemoteJobs::hasSilentJobs() const
{
    for (const Mirror& m : m_mirrors) {
        const Job::Kind kind = m.job->kind();
        if (!m.job->isFinished() && (kind == Job::Kind::Prune || kind == Job::Kind::Delete))
            return true;
    }
    return false;
}

int RemoteJobs::runningCount() const
{
    int n = 0;
    for (const Mirror& m : m_mirrors)
        n += m.job->isFinished() ? 0 : 1;
    return n;
}

QString RemoteJobs::remoteId(const Job* job) const
{
    for (const Mirror& m : m_mirrors) {
        if (m.job == job)
            return m.remoteId;
    }
    return {};
}

RemoteJobs::Mirror* RemoteJobs::find(const QString& remoteId)
{
    for (Mirror& m : m_mirrors) {
        if (!remoteId.isEmpty() && m.remoteId == remoteId)
            return &m;
    }
    return nullptr;
}

RemoteJobs::Mirror* RemoteJobs::findUnfinished(Job::Kind kind, const QString& serverUuid, const QString& backupUuid)
{
    for (auto it = m_mirrors.rbegin(); it != m_mirrors.rend(); ++it) {
        const Job* j = it->job;
        if (!j->isFinished() && j->kind() == kind && j->serverUuid() == serverUuid && j->backupUuid() == backupUuid)
            return &*it;
    }
    return nullptr;
}

RemoteJobs::Mirror& RemoteJobs::add(const QString& remoteId, Job::Kind kind, const QString& serverUuid,
                                    const QString& backupUuid)
{
    Mirror m;
    m.remoteId = remoteId;
    m.job = new Job(remoteId, kind, serverUuid, backupUuid, m_jobParent);
    connect(m.job, &Job::cancelRequested, this, [this](Job* job) {
        for (Mirror& m : m_mirrors) {
            if (m.job != job)
                continue;
            if (m.remoteId.isEmpty())
                m.cancelWanted = true; // asked once the node's id is known
            else
                Q_EMIT cancelRequested(job, m.remoteId);
        }
    });
    m_mirrors.append(m);
    return m_mirrors.last();
}

void RemoteJobs::update(Mirror& m, const NodeJson::RemoteJob& listed)
{
    Job* job = m.job;
    if (job->isFinished())
        return;
    JobOutcome outcome;
    outcome.ok = listed.state == Job::State::Succeeded;
    outcome.error = listed.error.isEmpty() ? m.failure : listed.error;
    outcome.findings = m.findings;
    // An answer sent before an event that already moved the mirror on never moves it back.
    const Job::State state = std::max(listed.state, job->state());
    job->mirror(state, listed.progress, outcome, listed.startedAt.isValid() ? listed.startedAt : job->startedAt(),
                listed.finishedAt);
}

void RemoteJobs::applyListing(const QList<NodeJson::RemoteJob>& listing)
{
    QSet<QString> listed;
    QList<Job*> added;
    for (const NodeJson::RemoteJob& rj : listing) {
        listed.insert(rj.id);
        Mirror* m = find(rj.id);
        if (!m) {
            // A provisional mirror of one of our starts gets its id.
            for (Mirror& p : m_mirrors) {
                const Job* j = p.job;
                if (p.remoteId.isEmpty() && !j->isFinished() && j->kind() == rj.kind &&
                    j->serverUuid() == rj.serverUuid && j->backupUuid() == rj.backupUuid) {
                    p.remoteId = rj.id;
                    m = &p;
                    if (std::exchange(p.cancelWanted, false))
                        Q_EMIT cancelRequested(p.job, p.remoteId);
                    break;
                }
            }
        }
        if (m) {
            update(*m, rj);
            continue;
        }
        // Started elsewhere (another console, the Panel), or before we connected.
        Mirror& created = add(rj.id, rj.kind, rj.serverUuid, rj.backupUuid);
        update(created, rj);
        added.append(created.job);
    }
    for (Mirror& m : m_mirrors) {
        if (!m.remoteId.isEmpty() && !m.job->isFinished() && !listed.contains(m.remoteId)) {
            JobOutcome lost;
            lost.error = tr("The node no longer knows this job; it may have been restarted.");
            m.job->mirror(Job::State::Failed, m.job->progress(), lost, m.job->startedAt(), {});
        }
    }
    // Only now. A job that was over when first seen: in the first list it is history (added, not reported as just
    // finished); in a later one it ended while we watched (a delete answers once done, a job during a drop).
    const bool history = !std::exchange(m_listed, true);
    for (Job* job : std::as_const(added)) {
        connect(job, &Job::finished, this, &RemoteJobs::jobFinished);
        Q_EMIT jobAdded(job);
        if (job->isFinished() && !history)
            Q_EMIT jobFinished(job);
    }
    trim();
}

Job* RemoteJobs::claim(Job::Kind kind, const QString& serverUuid, const QString& backupUuid,
                       const QString& sourceServerUuid)
{
    Mirror* found = nullptr;
    for (auto it = m_mirrors.rbegin(); it != m_mirrors.rend() && !found; ++it) {
        const Job* j = it->job;
        if (!it->claimed && j->kind() == kind && j->serverUuid() == serverUuid && j->backupUuid() == backupUuid)
            found = &*it;
    }
    if (!found) {
        found = &add(QString(), kind, serverUuid, backupUuid);
        connect(found->job, &Job::finished, this, &RemoteJobs::jobFinished);
        Q_EMIT jobAdded(found->job);
    }
    found->claimed = true;
    if (!sourceServerUuid.isEmpty())
        found->job->setSourceServerUuid(sourceServerUuid);
    return found->job;
}

Job* RemoteJobs::claimId(const QString& remoteId, Job::Kind kind)
{
    Mirror* found = find(remoteId);
    if (!found) {
        found = &add(remoteId, kind, QString(), QString());
        connect(found->job, &Job::finished, this, &RemoteJobs::jobFinished);
        Q_EMIT jobAdded(found->job);
    }
    found->claimed = true;
    return found->job;
}

void RemoteJobs::applyCheckEvent(const QString& what, const QJsonObject& data)
{
    Mirror* m = findUnfinished(Job::Kind::Check, QString(), QString());
    if (!m)
        return;
    Job* job = m->job;
    const QDateTime started = job->startedAt().isValid() ? job->startedAt() : QDateTime::currentDateTimeUtc();
    if (what == QLatin1String("started")) {
        if (job->state() == Job::State::Queued)
            job->mirror(Job::State::Running, job->progress(), {}, started, {});
        return;
    }
    if (what != QLatin1String("completed"))
        return;
    for (const QJsonValue& v : data.value(QLatin1String("errors")).toArray())
        m->findings << v.toString();
    // A failed or cancelled check ends with the list, which tells which and why; the findings stay with the mirror.
    if (data.value(QLatin1String("successful")).toBool()) {
        JobOutcome ok;
        ok.ok = true;
        ok.findings = m->findings;
        JobProgress done = job->progress();
        done.percentDone = 1;
        job->mirror(Job::State::Succeeded, done, ok, started, {});
    } else {
        m->failure = m->findings.join(QLatin1Char('\n'));
    }
}

bool RemoteJobs::applyEvent(const QString& name, const QJsonObject& data)
{
    static const QString kCheckEvent = QStringLiteral("repository check ");
    if (name.startsWith(kCheckEvent)) {
        applyCheckEvent(name.mid(kCheckEvent.size()), data);
        return true;
    }
    const QString server = data.value(QLatin1String("server_id")).toString();
    const QString backup = data.value(QLatin1String("backup_uuid")).toString();
    const bool restore = name.startsWith(QLatin1String("backup restore "));
    const Job::Kind kind = name == QLatin1String("backup deleted") ? Job::Kind::Delete
                           : restore                               ? Job::Kind::Restore
                                                                   : Job::Kind::Backup;
    const QString what = restore ? name.mid(15) : name.mid(7); // "started", "progress", "completed", ...
    Mirror* m = findUnfinished(kind, server, backup);
    Job* job = m ? m->job : nullptr;
    const QDateTime started = job && job->startedAt().isValid() ? job->startedAt() : QDateTime::currentDateTimeUtc();
    JobOutcome ok;
    ok.ok = true;
    if (what == QLatin1String("progress")) {
        if (job)
            job->mirror(Job::State::Running, NodeJson::eventProgress(data), {}, started, {});
        return false;
    }
    if (what == QLatin1String("started")) {
        if (job && job->state() == Job::State::Queued)
            job->mirror(Job::State::Running, job->progress(), {}, started, {});
    } else if (what == QLatin1String("completed") || what == QLatin1String("deleted")) {
        // A failed or cancelled backup (is_successful false) ends with the list, which tells which and why.
        const QJsonValue success = data.value(QLatin1String("is_successful"));
        if (job && (restore || kind == Job::Kind::Delete || success.toBool())) {
            JobProgress done = job->progress();
            done.percentDone = 1;
            job->mirror(Job::State::Succeeded, done, ok, started, {});
        }
    } else if (what == QLatin1String("failed")) {
        if (m)
            m->failure = data.value(QLatin1String("error")).toString();
    }
    return true;
}

void RemoteJobs::trim()
{
    int finished = 0;
    for (const Mirror& m : m_mirrors)
        finished += m.job->isFinished() ? 1 : 0;
    for (auto it = m_mirrors.begin(); finished > kFinishedKept && it != m_mirrors.end();) {
        if (it->job->isFinished()) {
            it->job->deleteLater();
            it = m_mirrors.erase(it);
            --finished;
        } else {
            ++it;
        }
    }
}
