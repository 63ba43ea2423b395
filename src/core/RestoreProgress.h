#pragma once

#include "Job.h"

#include <QElapsedTimer>
#include <QString>

// Progress for a restic that reports none while restoring (0.14 and 0.15 print no --json status on
// restore). Bytes come from what restic has written so far (/proc/<pid>/io wchar): restic preallocates
// every file at full size, so sizes on disk say nothing until the end. Files are the entries already
// created under the staged tree. Totals come from the snapshot's stats once they are known.
class RestoreProgress
{
public:
    explicit RestoreProgress(QString treeRoot);

    void setTotals(qint64 totalBytes, qint64 totalFiles);
    bool hasTotals() const { return m_totalBytes > 0; }

    // One sample while restic (pid) runs. Never reports 100 %: only restic's exit says it is done.
    JobProgress sample(qint64 pid);

    // Bytes written by a process so far, or -1 when /proc does not tell (not Linux, or not our process).
    static qint64 bytesWritten(qint64 pid);

private:
    qint64 countEntries();

    QString m_treeRoot;
    qint64 m_totalBytes = 0;
    qint64 m_totalFiles = 0;
    qint64 m_files = 0;
    bool m_countFiles = true; // off once a walk of the tree gets too slow to repeat twice a second
    QElapsedTimer m_clock;
};
