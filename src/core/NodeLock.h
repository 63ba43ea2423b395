#pragma once

#include <QStringList>

// Only one Pouch process may run jobs and recovery on a volumes directory and its state directory: a desktop
// starting beside a headless Pouch would otherwise roll back the staging directory of a restore it is running.
// Held through QLockFile (stale locks of dead processes are taken over); the holder's face is kept beside it so
// that the loser can say who holds the directories. Within one process the locks are shared (a settings change
// builds the new service before the old one goes).
class NodeLock
{
public:
    NodeLock() = default;
    ~NodeLock();
    NodeLock(const NodeLock&) = delete;
    NodeLock& operator=(const NodeLock&) = delete;

    // `face` is "headless" or "desktop". `paths` are lock file paths (one per guarded directory); all or none
    // are held afterwards. On failure `error` says which process holds them.
    bool acquire(const QStringList& paths, const QString& face, QString* error);
    bool isHeld() const { return !m_paths.isEmpty(); }
    void release();

private:
    QStringList m_paths;
};
