#pragma once

#include "Job.h"

#include <QElapsedTimer>

// Progress for a restic that reports none while restoring (0.14 and 0.15 print no --json status on
// restore). Bytes are what restic has written so far (/proc/<pid>/io wchar): restic preallocates every
// file at full size as it starts it, so neither sizes on disk nor the number of files created say how
// far it is. Files are therefore not reported (0 of 0); the byte total is the snapshot's size.
class RestoreProgress
{
public:
    RestoreProgress();

    void setTotalBytes(qint64 totalBytes);
    bool hasTotal() const { return m_totalBytes > 0; }

    // One sample while restic (pid) runs. Never reports 100 %: only restic's exit says it is done.
    JobProgress sample(qint64 pid) const;

    // Bytes written by a process so far, or -1 when /proc does not tell (not Linux, or not our process).
    static qint64 bytesWritten(qint64 pid);

private:
    qint64 m_totalBytes = 0;
    QElapsedTimer m_clock;
};
