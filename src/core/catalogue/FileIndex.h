#pragma once

#include "Snapshot.h"
#include "restic/Restic.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

class Catalogue;
class QSqlDatabase;

// One node of a snapshot, relative to the server directory (the snapshot's paths[0]).
struct FileEntry
{
    enum class Type
    {
        Dir,
        File,
        Symlink,
        Other,
    };
    QString path; // "/world/level.dat": starts with '/', never above the server directory
    Type type = Type::Other;
    qint64 size = 0;     // 0 for directories
    QString mtime;       // RFC 3339, as restic gives it
    int mode = 0;        // permission bits (0644 = 420), with setuid/setgid/sticky as 04000/02000/01000
    QString linkTarget;  // symlinks: what restic recorded ("" when restic did not say)
    QStringList content; // restic's blob ids, where `ls --json` gives them (not on 0.14)

    QString name() const { return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1); }
    static QString typeName(Type type);
};

// One difference between two snapshots' trees (see FileIndex::diff). For an added entry only `type` and `size`
// mean something, for a removed one only `typeBefore` and `sizeBefore`.
struct FileChange
{
    QString path;
    FileEntry::Type type = FileEntry::Type::Other;
    FileEntry::Type typeBefore = FileEntry::Type::Other;
    qint64 size = 0;
    qint64 sizeBefore = 0;
};

struct FileMatch
{
    QString snapshotId;
    FileEntry entry;
};

// The file trees of the catalogue's snapshots, in the catalogue's SQLite file (schema v2): each snapshot's tree is
// read once with `restic ls --json` (snapshots never change, so an index never goes stale), in the background, one
// snapshot at a time. Queued by our own backups as they end and by the first question about any other snapshot.
// Reads open their own connection on the calling thread and are safe from any thread; the one writer is the
// indexing thread. Rows of snapshots the catalogue no longer has are dropped.
class FileIndex : public QObject
{
    Q_OBJECT
public:
    FileIndex(const Restic& restic, const Catalogue& catalogue, QObject* parent = nullptr);
    ~FileIndex() override;

    // The tables of schema v2, in the catalogue's database (its migration from v1 calls this) or a file of our own.
    static bool createTables(QSqlDatabase& db, QString* error);
    // Uses the database at `path` (the catalogue's file, tables already there); an empty path means a temporary
    // file of our own (a process that does not own the catalogue file). Starts the indexing thread.
    bool open(const QString& path, QString* error);
    bool isOpen() const;
    QString path() const { return m_path; }
    bool hasTrigramIndex() const { return m_fts; }

    // A path a client may ask for: starts with '/', no empty, "." or ".." segment, no NUL, at most 4096 bytes of
    // UTF-8. Empty when fine, else what is wrong, for a person.
    static QString pathProblem(const QString& path);

    enum class State
    {
        NotIndexed,
        Queued,
        Indexing,
        Indexed,
        Failed, // the last attempt failed (error()); a new request tries again after a pause
    };
    State state(const QString& snapshotId) const;
    QString error(const QString& snapshotId) const;

    // Queues a snapshot (urgent: ahead of the background work, for someone waiting). Indexed ones are left alone.
    void enqueue(const Snapshot& snapshot, bool urgent = false);
    // Queues what is not indexed and waits, blocking, until each is indexed or failed, or the deadline passes. True
    // when all are indexed.
    bool waitIndexed(const QList<Snapshot>& snapshots, QDeadlineTimer deadline);

    struct Listing
    {
        enum class Status
        {
            Ok,
            NotIndexed,
            NoSuchPath,
            NotADirectory,
            Failed,
        } status = Status::Failed;
        QString error;
        QList<FileEntry> entries; // sorted by name, byte order
    };
    // The entries of directory `dir` ("/" for the top) of an indexed snapshot.
    Listing list(const QString& snapshotId, const QString& dir) const;

    struct Search
    {
        bool ok = false;
        QString error;
        QList<FileMatch> matches; // in the order of `snapshotIds`, then by path
        bool truncated = false;
    };
    // Case-insensitive substring of the path, at least 2 characters, over the indexed ones of `snapshotIds` (newest
    // first). Three characters and more go through the trigram index; two scan the rows of those snapshots.
    Search search(const QStringList& snapshotIds, const QString& text, int limit) const;

    struct Lookup
    {
        enum class Status
        {
            Ok,
            NotIndexed,
            NoSuchPath,
            Failed,
        } status = Status::Failed;
        QString error;
        QHash<QString, FileEntry> entries; // by path, of those asked that exist
        QStringList missing;               // those asked that do not, in the order asked
    };
    // The entries at `paths` of an indexed snapshot ("/" is the top, a directory).
    Lookup lookup(const QString& snapshotId, const QStringList& paths) const;

    struct Diff
    {
        bool ok = false;
        QString error;
        QList<FileChange> added, removed, changed; // each by path, byte order
        bool truncated = false;                    // more than kMaxDiffEntries differences: the first ones only
    };
    static constexpr int kMaxDiffEntries = 100000;
    // What changed from `beforeId` to `afterId`, both indexed: added, removed, and changed entries (type, size,
    // link target, or content). Content is restic's content ids where the index has them; restic's `ls` gives
    // none up to 0.17, so there the mtime stands for it: restic's own backup reads a file again only when its size,
    // mtime, ctime or inode changed, and otherwise keeps the parent snapshot's content ids (ctime would also flag a
    // chmod, and ls has no inode).
    // Directories are never "changed" (their mtime follows their entries, which are listed themselves).
    Diff diff(const QString& beforeId, const QString& afterId) const;

    // Entries of an indexed snapshot (tests, and the measurements).
    qint64 entryCount(const QString& snapshotId) const;

    // Drops the rows of snapshots the catalogue no longer has (in the background).
    void reconcile();
    // Cancels the indexing in flight, stops the thread, releases every waiter. Idempotent.
    void stop();

Q_SIGNALS:
    void indexed(const QString& snapshotId, bool ok);

private:
    struct Info
    {
        qint64 key = 0; // files.snap
        State state = State::NotIndexed;
        QString error;
        qint64 failedAtMs = 0;
    };
    void run();
    bool indexOne(const Snapshot& snapshot, QString* error);
    void dropGone();
    bool loadIndexed(QString* error);
    qint64 keyOf(const QString& snapshotId) const;

    const Restic& m_restic;
    const Catalogue& m_catalogue;
    QString m_path;
    quint64 m_generation = 0; // this open file, for the per-thread reader connections
    QString m_tempDir;        // owned temporary directory, when not the catalogue's file
    bool m_fts = false;

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    QHash<QString, Info> m_info;
    std::deque<Snapshot> m_queue;
    bool m_reconcileWanted = false;
    bool m_stopping = false;
    CancelFlag m_cancel;  // set once, by stop()
    CancelFlag m_current; // the restic of the index in flight
    std::thread m_thread;
};
