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
    // What restic wrote before its first restored file (its cache, its own output): not restore progress.
    void setBaseline(qint64 bytesWritten);
    bool hasBaseline() const { return m_baseline >= 0; }

    // Whether a sample is worth publishing: a total and written file data are both known. Anything less
    // would be a made-up figure ("1 bytes of 28.8 MiB").
    static bool isReal(const JobProgress& p) { return p.percentDone >= 0 && p.totalBytes > 0 && p.bytesDone > 0; }

    // One sample while restic (pid) runs. Never reports 100 %: only restic's exit says it is done.
    JobProgress sample(qint64 pid) const;

    // Bytes written by a process so far, or -1 when /proc does not tell (not Linux, or not our process).
    static qint64 bytesWritten(qint64 pid);

private:
    qint64 m_totalBytes = 0;
    qint64 m_baseline = -1;
    QElapsedTimer m_clock;
};
