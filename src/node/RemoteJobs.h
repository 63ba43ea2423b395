#pragma once

#include "Job.h"
#include "NodeJson.h"

#include <QObject>

// The console's mirrors of a remote node's jobs: one Job each, kept current from the node's event stream
// (progress, start, a successful end) and its job list (`GET /api/jobs`: ids, jobs started elsewhere, how a failed
// job ended: failed or cancelled, and why). Oldest first; the unfinished ones and the last 100 finished are kept.
class RemoteJobs : public QObject
{
    Q_OBJECT
public:
    static constexpr int kFinishedKept = 100;

    // Mirrors are children of `jobParent` (the node), so they live as long as it.
    RemoteJobs(QObject* jobParent, QObject* parent = nullptr);

    QList<Job*> jobs() const;
    int runningCount() const;
    // An unfinished prune, or a delete still waiting for the lock: jobs whose end no event announces.
    bool hasSilentJobs() const;
    QString remoteId(const Job* job) const;

    // A job list: mirrors updated, new ones made for jobs not seen before (jobAdded), unfinished mirrors the node no
    // longer lists failed (the node restarted).
    void applyListing(const QList<NodeJson::RemoteJob>& listing);
    // The mirror of a start the node just accepted: the newest listed job of that kind, server and backup not handed
    // out before; or, when the list did not have it, a provisional one that a later list gives its id.
    Job* claim(Job::Kind kind, const QString& serverUuid, const QString& backupUuid, const QString& sourceServerUuid);
    // The mirror of a maintenance job (a check, a prune) whose node id the start answered: the one with that id, or
    // a new one the next list fills in. A coalesced prune gives the mirror handed out before.
    Job* claimId(const QString& remoteId, Job::Kind kind);
    // One event of the stream; true when it says that a job started or ended (the list then says more).
    bool applyEvent(const QString& name, const QJsonObject& data);

Q_SIGNALS:
    void jobAdded(Job* job);
    void jobFinished(Job* job);
    // Job::cancel() on a mirror whose node id is known.
    void cancelRequested(Job* job, const QString& remoteId);

private:
    struct Mirror
    {
        Job* job = nullptr;
        QString remoteId; // empty while provisional
        bool claimed = false;
        bool cancelWanted = false; // cancelled while still provisional
        QString failure;           // what a `backup restore failed` event said, until the list says how it ended
        QStringList findings;      // what a `repository check completed` event said was wrong
    };
    Mirror* find(const QString& remoteId);
    Mirror* findUnfinished(Job::Kind kind, const QString& serverUuid, const QString& backupUuid);
    Mirror& add(const QString& remoteId, Job::Kind kind, const QString& serverUuid, const QString& backupUuid);
    void update(Mirror& m, const NodeJson::RemoteJob& listed);
    void applyCheckEvent(const QString& what, const QJsonObject& data);
    void trim();

    QObject* m_jobParent;
    QList<Mirror> m_mirrors;
    bool m_listed = false; // a first list came
};
