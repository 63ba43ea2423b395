#pragma once

#include <QString>
#include <QStringList>

// A restore is built in a staging directory beside the volumes and swapped into the target only once restic
// has succeeded. The swap is a series of renames on one filesystem, each written to a journal first, so that
// a failure (or a crash, at the next start) puts the target back exactly as it was.
class StagedRestore
{
public:
    StagedRestore(const QString& stagingRoot, const QString& jobId);
    ~StagedRestore();

    bool prepare(QString* error);
    QString directory() const { return m_directory; }
    // Where restic restores to.
    QString treeDirectory() const { return m_directory + QStringLiteral("/tree"); }

    // Makes the tree safe to hand to the target's owner: drops device nodes and sockets, clears setuid/setgid,
    // and (when running as root) gives every entry to `ownerUid`/`ownerGid`. Returns the entries dropped.
    QStringList sanitize(const QString& treeRoot, uint ownerUid, uint ownerGid, bool chown, QString* error);

    // Moves the contents of `treeRoot` into `target`. With `truncate`, the target's current entries are moved
    // aside first. On failure every move is undone and false is returned.
    bool commit(const QString& treeRoot, const QString& target, bool truncate, QString* error);

    // A selective restore: each of `paths` (relative to `treeRoot`, "/world/level.dat") replaces, whole, the entry
    // at the same relative path under `target` + `destination` (relative, "" for the target itself). Missing
    // directories on the way are created (journalled, handed to `ownerUid`/`ownerGid` when `chown`); one that
    // is not a real directory (a symlink, a file) fails. On failure everything is undone and false returned.
    bool commitPaths(const QString& treeRoot, const QString& target, const QString& destination,
                     const QStringList& paths, uint ownerUid, uint ownerGid, bool chown, QString* error);
    // `paths` without duplicates and without those below another of them, sorted.
    static QStringList outermost(QStringList paths);

    // Removes the staging directory (and what was moved aside).
    void cleanup();
    // The same for a restore that has ended (its journal closed): any thread.
    static void removeDirectory(const QString& directory);

    // At start-up: rolls back swaps a crash interrupted and removes leftover staging directories.
    // Returns one line per thing done, for the log.
    static QStringList recoverAll(const QString& stagingRoot);

private:
    struct Move
    {
        QString from; // empty: `to` is a directory this restore created
        QString to;
    };
    bool move(const QString& from, const QString& to, QString* error);
    // Makes `root` + `relative` a directory, creating what is missing; `root` must be one already.
    bool ensureDirectory(const QString& root, const QString& relative, uint ownerUid, uint ownerGid, bool chown,
                         QString* error);
    bool mergeInto(const QString& source, const QString& target, QString* error);
    void rollback();
    bool writeJournal(const QByteArray& line);
    QString asideName();

    QString m_directory;
    QList<Move> m_moves;
    int m_asideCounter = 0;
    int m_journalFd = -1;
};
