#pragma once

#include "Job.h"

#include <QMetaType>
#include <QObject>

// What happened to a job, typed. The spec's SSE names and JSON payloads are the API's business (WireFormat).
struct PouchEvent
{
    enum class Kind
    {
        BackupStarted,
        BackupProgress,
        BackupCompleted, // successful or not
        RestoreStarted,
        RestoreProgress,
        RestoreCompleted,
        RestoreFailed,
        BackupDeleted,
        CheckStarted, // the repository's: no server
        CheckCompleted,
    };
    Kind kind = Kind::BackupStarted;
    QString serverId; // the server worked on (a restore's target)
    QString backupUuid;
    JobProgress progress;    // *Progress
    bool successful = false; // BackupCompleted, CheckCompleted
    QString error;           // RestoreFailed
    QStringList errors;      // CheckCompleted: what restic found
};
Q_DECLARE_METATYPE(PouchEvent)

// The bus the API's SSE stream listens to (the GUI and the Panel client take the jobs' own signals). Publish on
// the main thread.
class EventBus : public QObject
{
    Q_OBJECT
public:
    explicit EventBus(QObject* parent = nullptr);
    void publish(const PouchEvent& event);

Q_SIGNALS:
    void published(const PouchEvent& event);
};
