#pragma once

#include "Restic.h"

#include <QDateTime>
#include <QObject>

struct JobProgress
{
    double percentDone = -1; // 0..1, or -1 when restic cannot tell
    qint64 bytesDone = 0;
    qint64 totalBytes = 0;
    qint64 filesDone = 0;
    qint64 totalFiles = 0;
    int secondsRemaining = -1;
};

// A backup's checksum type has two readers that want different words for the same thing: the spec's SSE
// `backup completed` event says "sha1" (Wings' own value, which SSE clients check), while the Panel's callback
// must say "restic" (the Panel keys its restic adapter on it and shows the snapshot id as the checksum).
namespace ChecksumType {
constexpr const char* kEvent = "sha1";
constexpr const char* kPanel = "restic";
} // namespace ChecksumType

// What a job's work function returns.
struct JobOutcome
{
    bool ok = false;
    QString error;           // for a person, when !ok
    QString snapshotId;      // backup: the new snapshot; restore: the snapshot restored
    qint64 snapshotSize = 0; // backup: bytes in the snapshot
    qint64 dataAdded = -1;   // backup: bytes it added to the repository (restic's data_added), -1 unknown
    QStringList findings;    // check: what restic found wrong
};

// Handed to a job's work function on its worker thread.
struct JobContext
{
    QString jobId;
    CancelFlag cancel;
    std::function<void(const JobProgress&)> reportProgress; // throttled to two a second
    bool isCancelled() const { return cancel && cancel->load(); }
};

// A backup, restore, delete, prune or check with progress, cancellation and a result. Lives on the main thread;
// its worker posts updates to it.
class Job : public QObject
{
    Q_OBJECT
public:
    enum class Kind
    {
        Backup,
        Restore,
        Delete,
        Prune,
        Check,
    };
    Q_ENUM(Kind)
    enum class State
    {
        Queued,
        Running,
        Succeeded,
        Failed,
        Cancelled,
    };
    Q_ENUM(State)

    Job(QString id, Kind kind, QString serverUuid, QString backupUuid, QObject* parent = nullptr);

    QString id() const { return m_id; }
    Kind kind() const { return m_kind; }
    QString serverUuid() const { return m_serverUuid; } // the server worked on (a restore's target)
    QString backupUuid() const { return m_backupUuid; }
    QString sourceServerUuid() const { return m_sourceServerUuid; } // a restore's source
    void setSourceServerUuid(const QString& uuid) { m_sourceServerUuid = uuid; }

    State state() const { return m_state; }
    bool isFinished() const { return m_state >= State::Succeeded; }
    JobProgress progress() const { return m_progress; }
    JobOutcome outcome() const { return m_outcome; }
    QDateTime startedAt() const { return m_startedAt; }
    QDateTime finishedAt() const { return m_finishedAt; }
    CancelFlag cancelFlag() const { return m_cancel; }

    static QString kindName(Kind kind);

    // For a job that runs on another node (the console's mirror of a remote node's job): takes the state that
    // node reports, with the signals a local job would emit. A local job never calls this.
    void mirror(State state, const JobProgress& progress, const JobOutcome& outcome, const QDateTime& startedAt,
                const QDateTime& finishedAt);

public Q_SLOTS:
    // Safe from any thread: restic gets SIGINT and the job ends as Cancelled. A mirrored job's node hears of it
    // through cancelRequested and asks its node.
    void cancel();

Q_SIGNALS:
    void cancelRequested(Job* job);
    void stateChanged(Job* job);
    void progressChanged(Job* job);
    void finished(Job* job);

private:
    friend class JobManager;
    void markRunning();
    void updateProgress(const JobProgress& progress);
    void finish(const JobOutcome& outcome);

    QString m_id;
    Kind m_kind;
    QString m_serverUuid;
    QString m_backupUuid;
    QString m_sourceServerUuid;
    State m_state = State::Queued;
    JobProgress m_progress;
    JobOutcome m_outcome;
    QDateTime m_startedAt;
    QDateTime m_finishedAt;
    CancelFlag m_cancel;
};
