#include "FileIndex.h"
#include "Catalogue.h"
#include "Logging.h"
#include "restic/ResticCommands.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaObject>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThreadStorage>
#include <QUuid>

#include <algorithm>
#include <atomic>
#include <memory>
#include <vector>

namespace {
constexpr int kBatchRows = 20000;     // rows a transaction: big for speed, short enough not to starve other writers
constexpr int kRowsPerInsert = 64;    // 576 parameters, below SQLite's limit of 32766
constexpr int kMaxPendingBatches = 4; // back-pressure: restic waits on its pipe while the writer catches up
constexpr int kRetryFailedAfterMs = 30000;
constexpr int kFindNamesPerCall = 200; // symlink names per `restic find` (0.14 gives link targets only there)
constexpr int kFindCalls = 5;          // beyond 1,000 symlinks, the rest keep an unknown target
constexpr int kMaxPathBytes = 4096;
constexpr int kIndexTimeoutSec = 3 * 3600;

// Go's os.FileMode bits for setuid, setgid and sticky.
constexpr qint64 kGoSetuid = qint64(1) << 23;
constexpr qint64 kGoSetgid = qint64(1) << 22;
constexpr qint64 kGoSticky = qint64(1) << 20;

int depthOf(const QString& path)
{
    return int(path.count(QLatin1Char('/')));
}

FileEntry::Type typeFrom(const QString& restic)
{
    if (restic == QLatin1String("file"))
        return FileEntry::Type::File;
    if (restic == QLatin1String("dir"))
        return FileEntry::Type::Dir;
    if (restic == QLatin1String("symlink"))
        return FileEntry::Type::Symlink;
    return FileEntry::Type::Other;
}

int permissionBits(qint64 goMode)
{
    int mode = int(goMode & 0777);
    if (goMode & kGoSetuid)
        mode |= 04000;
    if (goMode & kGoSetgid)
        mode |= 02000;
    if (goMode & kGoSticky)
        mode |= 01000;
    return mode;
}

// The server-relative form of one of restic's absolute paths, or empty for what lies at or above the root.
QString relativeTo(const QString& root, const QString& path)
{
    if (root == QLatin1String("/"))
        return path.size() > 1 ? path : QString();
    if (path.size() <= root.size() || !path.startsWith(root) || path.at(root.size()) != QLatin1Char('/'))
        return {};
    return path.mid(root.size());
}

QString rootOf(const Snapshot& snapshot)
{
    QString root = snapshot.paths.value(0);
    while (root.size() > 1 && root.endsWith(QLatin1Char('/')))
        root.chop(1);
    return root;
}

bool exec(QSqlQuery& q, QString* error)
{
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

bool exec(QSqlDatabase& db, const QString& sql, QString* error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

// A connection of the calling thread, closed and removed with this object.
class Connection
{
public:
    explicit Connection(const QString& path)
        : m_name(QStringLiteral("pouch-files-") + QUuid::createUuid().toString(QUuid::Id128))
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(path);
        m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
        if (m_db.open()) {
            QSqlQuery q(m_db);
            q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
        }
    }
    ~Connection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    bool isOpen() const { return m_db.isOpen(); }
    QString error() const { return m_db.lastError().text(); }
    QSqlDatabase& db() { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
};

// Reads reuse one connection per thread and file: opening one, and SQLite reading the schema, costs more than
// listing a directory. At most a few per thread (tests open many indexes). QThreadStorage, not thread_local: its
// data goes while QThread::wait() still waits for the thread (and for the main thread with the application), so a
// connection never outlives Qt SQL's own statics at exit.
struct ReaderConnections
{
    struct Entry
    {
        quint64 generation;
        std::unique_ptr<Connection> connection;
    };
    std::vector<Entry> entries;
};
QThreadStorage<ReaderConnections*> g_readers;

Connection& readerFor(const QString& path, quint64 generation)
{
    if (!g_readers.hasLocalData())
        g_readers.setLocalData(new ReaderConnections);
    std::vector<ReaderConnections::Entry>& readers = g_readers.localData()->entries;
    for (auto it = readers.begin(); it != readers.end(); ++it) {
        if (it->generation == generation) {
            if (it->connection->isOpen())
                return *it->connection;
            readers.erase(it);
            break;
        }
    }
    if (readers.size() >= 4)
        readers.erase(readers.begin());
    readers.push_back({generation, std::make_unique<Connection>(path)});
    return *readers.back().connection;
}

std::atomic<quint64> g_generations{0};

struct Row
{
    QString path;
    int type = 0;
    qint64 size = 0;
    QString mtime;
    int mode = 0;
    QString link;
    QString content;
};
} // namespace

QString FileEntry::typeName(Type type)
{
    switch (type) {
    case Type::Dir:
        return QStringLiteral("dir");
    case Type::File:
        return QStringLiteral("file");
    case Type::Symlink:
        return QStringLiteral("symlink");
    case Type::Other:
        break;
    }
    return QStringLiteral("other");
}

FileIndex::FileIndex(const Restic& restic, const Catalogue& catalogue, QObject* parent)
    : QObject(parent), m_restic(restic), m_catalogue(catalogue), m_cancel(std::make_shared<std::atomic_bool>(false))
{
}

FileIndex::~FileIndex()
{
    stop();
    if (!m_tempDir.isEmpty())
        QDir(m_tempDir).removeRecursively();
}

bool FileIndex::createTables(QSqlDatabase& db, QString* error)
{
    // Paths are stored once per entry, server-relative; a directory's entries are one range of the (snap, depth,
    // path) index, already in byte order. Name and parent directory are the path's last segment and the rest.
    const char* const tables[] = {
        "CREATE TABLE IF NOT EXISTS file_index ("
        " key INTEGER PRIMARY KEY, snapshot TEXT NOT NULL UNIQUE, server_uuid TEXT NOT NULL, time TEXT NOT NULL,"
        " complete INTEGER NOT NULL DEFAULT 0, entries INTEGER NOT NULL DEFAULT 0,"
        " first_id INTEGER NOT NULL DEFAULT 0, last_id INTEGER NOT NULL DEFAULT 0)",
        "CREATE TABLE IF NOT EXISTS files ("
        " id INTEGER PRIMARY KEY, snap INTEGER NOT NULL, depth INTEGER NOT NULL, path TEXT NOT NULL,"
        " type INTEGER NOT NULL, size INTEGER NOT NULL, mtime TEXT NOT NULL, mode INTEGER NOT NULL,"
        " link TEXT, content TEXT)",
        "CREATE INDEX IF NOT EXISTS files_dir ON files(snap, depth, path)",
    };
    for (const char* sql : tables) {
        if (!exec(db, QString::fromLatin1(sql), error))
            return false;
    }
    // Substring search: FTS5's trigram tokenizer over the paths, the text kept only once (in `files`); detail=none
    // keeps no positions, so a match is checked against the path itself; columnsize=0 drops the sizes bm25 would
    // need (nothing here ranks).
    QString ftsError;
    if (!exec(db,
              QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS files_fts USING fts5(path, content='files',"
                             " content_rowid='id', tokenize='trigram', detail='none', columnsize=0)"),
              &ftsError))
        qCWarning(lcFiles).noquote() << "no FTS5 trigram index in this SQLite (" << ftsError
                                     << "); searches scan the rows";
    // A 32 MiB term buffer: one segment per transaction of 20,000 paths instead of dozens to merge (5% less disk).
    else
        exec(db, QStringLiteral("INSERT INTO files_fts(files_fts, rank) VALUES('hashsize', 33554432)"), nullptr);
    return true;
}

bool FileIndex::open(const QString& path, QString* error)
{
    if (isOpen())
        return true;
    QString file = path;
    if (file.isEmpty()) {
        QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/pouch-files-XXXXXX"));
        if (!dir.isValid()) {
            if (error)
                *error = tr("Cannot create a directory for the file index: %1").arg(dir.errorString());
            return false;
        }
        dir.setAutoRemove(false);
        m_tempDir = dir.path();
        file = dir.filePath(QStringLiteral("files.sqlite"));
    }
    {
        Connection c(file);
        QString why;
        if (!c.isOpen()) {
            why = c.error();
        } else {
            exec(c.db(), QStringLiteral("PRAGMA journal_mode=WAL"), nullptr);
            if (!m_tempDir.isEmpty())
                createTables(c.db(), &why);
        }
        QSqlQuery q(c.db());
        if (why.isEmpty() && q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'files_fts'")) &&
            q.next())
            m_fts = q.value(0).toInt() > 0;
        if (why.isEmpty() && q.exec(QStringLiteral("SELECT key, snapshot, complete FROM file_index"))) {
            std::lock_guard<std::mutex> lock(m_mutex);
            while (q.next()) {
                Info info;
                info.key = q.value(0).toLongLong();
                // An index a crash or a stop interrupted is dropped and made again when asked for.
                info.state = q.value(2).toInt() ? State::Indexed : State::NotIndexed;
                m_info.insert(q.value(1).toString(), info);
            }
        } else if (why.isEmpty()) {
            why = q.lastError().text();
        }
        if (!why.isEmpty()) {
            if (error)
                *error = tr("Cannot open the file index %1: %2").arg(file, why);
            return false;
        }
    }
    m_path = file;
    m_generation = ++g_generations;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = false;
        m_reconcileWanted = true; // leftovers of an interrupted index, and snapshots forgotten while we were away
    }
    m_thread = std::thread([this] { run(); });
    qCInfo(lcFiles).noquote() << "file index in" << file << (m_fts ? "(trigram search)" : "(search scans)");
    return true;
}

bool FileIndex::isOpen() const
{
    return m_thread.joinable();
}

QString FileIndex::pathProblem(const QString& path)
{
    if (!path.startsWith(QLatin1Char('/')))
        return tr("The path must start with '/'.");
    if (path.contains(QChar(0)))
        return tr("The path must not contain a NUL character.");
    if (path.toUtf8().size() > kMaxPathBytes)
        return tr("The path must not be longer than %1 bytes.").arg(kMaxPathBytes);
    if (path == QLatin1String("/"))
        return {};
    for (const QStringView segment : QStringView(path).mid(1).split(QLatin1Char('/'))) {
        if (segment.isEmpty() || segment == QLatin1String(".") || segment == QLatin1String(".."))
            return tr("The path must not contain an empty, '.' or '..' segment.");
    }
    return {};
}

FileIndex::State FileIndex::state(const QString& snapshotId) const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_info.value(snapshotId).state;
}

QString FileIndex::error(const QString& snapshotId) const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_info.value(snapshotId).error;
}

qint64 FileIndex::keyOf(const QString& snapshotId) const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto it = m_info.constFind(snapshotId);
    return it != m_info.constEnd() && it->state == State::Indexed ? it->key : 0;
}

void FileIndex::enqueue(const Snapshot& snapshot, bool urgent)
{
    if (!Snapshot::isSnapshotId(snapshot.id))
        return;
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_stopping)
        return;
    Info& info = m_info[snapshot.id];
    switch (info.state) {
    case State::Indexed:
    case State::Indexing:
        return;
    case State::Failed:
        if (QDateTime::currentMSecsSinceEpoch() - info.failedAtMs < kRetryFailedAfterMs)
            return; // restic just said no: waiters get its words, not a new restic every request
        break;
    case State::Queued:
        if (!urgent)
            return;
        m_queue.erase(
            std::remove_if(m_queue.begin(), m_queue.end(), [&](const Snapshot& s) { return s.id == snapshot.id; }),
            m_queue.end());
        break;
    case State::NotIndexed:
        break;
    }
    info.state = State::Queued;
    if (urgent)
        m_queue.push_front(snapshot);
    else
        m_queue.push_back(snapshot);
    m_changed.notify_all();
}

bool FileIndex::waitIndexed(const QList<Snapshot>& snapshots, QDeadlineTimer deadline)
{
    // Urgent ones go to the front in reverse, so that the first asked for is indexed first.
    for (auto it = snapshots.crbegin(); it != snapshots.crend(); ++it)
        enqueue(*it, true);
    std::unique_lock<std::mutex> lock(m_mutex);
    const auto settled = [&] {
        return std::all_of(snapshots.begin(), snapshots.end(), [&](const Snapshot& s) {
            const State st = m_info.value(s.id).state;
            return st == State::Indexed || st == State::Failed;
        });
    };
    while (!settled() && !m_stopping && !deadline.hasExpired())
        m_changed.wait_for(
            lock, std::chrono::milliseconds(std::max<qint64>(1, std::min<qint64>(200, deadline.remainingTime()))));
    return std::all_of(snapshots.begin(), snapshots.end(),
                       [&](const Snapshot& s) { return m_info.value(s.id).state == State::Indexed; });
}

void FileIndex::reconcile()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_reconcileWanted = true;
    m_changed.notify_all();
}

void FileIndex::stop()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
        m_cancel->store(true);
        if (m_current)
            m_current->store(true);
        m_changed.notify_all();
    }
    if (m_thread.joinable())
        m_thread.join();
}

// ---- the indexing thread ----------------------------------------------------------------------------------------

void FileIndex::run()
{
    for (;;) {
        Snapshot next;
        bool reconcileNow = false;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_changed.wait(lock, [&] { return m_stopping || m_reconcileWanted || !m_queue.empty(); });
            if (m_stopping)
                break;
            if (m_reconcileWanted) {
                m_reconcileWanted = false;
                reconcileNow = true;
            } else {
                next = m_queue.front();
                m_queue.pop_front();
                m_info[next.id].state = State::Indexing;
            }
        }
        if (reconcileNow) {
            dropGone();
            continue;
        }
        QString error;
        QElapsedTimer clock;
        clock.start();
        const bool ok = indexOne(next, &error);
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            Info& info = m_info[next.id];
            if (ok) {
                info.state = State::Indexed;
                info.error.clear();
            } else {
                info.state = m_stopping ? State::NotIndexed : State::Failed;
                info.error = error;
                info.failedAtMs = QDateTime::currentMSecsSinceEpoch();
            }
            // A snapshot forgotten while it was indexed is dropped again.
            m_reconcileWanted = true;
            m_changed.notify_all();
        }
        if (ok)
            qCInfo(lcFiles).noquote() << "indexed" << next.id.left(8) << "in" << clock.elapsed() << "ms";
        else if (!m_cancel->load())
            qCWarning(lcFiles).noquote() << "cannot index" << next.id.left(8) << ":" << error;
        QMetaObject::invokeMethod(
            this, [this, id = next.id, ok] { Q_EMIT indexed(id, ok); }, Qt::QueuedConnection);
    }
}

namespace {
// Removes a snapshot's rows (and their trigrams, which FTS5 needs given back exactly) in chunks of one id range.
bool dropRows(QSqlDatabase& db, qint64 key, QString* error)
{
    QSqlQuery range(db);
    range.prepare(QStringLiteral("SELECT min(id), max(id) FROM files WHERE snap = ?"));
    range.addBindValue(key);
    if (!exec(range, error))
        return false;
    qint64 low = 0;
    qint64 high = -1;
    if (range.next() && !range.value(0).isNull()) {
        low = range.value(0).toLongLong();
        high = range.value(1).toLongLong();
    }
    range.finish();
    const bool fts = QSqlQuery(db).exec(QStringLiteral("SELECT 1 FROM files_fts LIMIT 0"));
    for (qint64 from = low; from <= high; from += kBatchRows) {
        db.transaction();
        const qint64 to = from + kBatchRows - 1;
        if (fts) {
            QSqlQuery unindex(db);
            unindex.prepare(QStringLiteral("INSERT INTO files_fts(files_fts, rowid, path) SELECT 'delete', id, path"
                                           " FROM files WHERE id BETWEEN ? AND ? AND snap = ?"));
            unindex.addBindValue(from);
            unindex.addBindValue(to);
            unindex.addBindValue(key);
            if (!exec(unindex, error)) {
                db.rollback();
                return false;
            }
        }
        QSqlQuery del(db);
        del.prepare(QStringLiteral("DELETE FROM files WHERE id BETWEEN ? AND ? AND snap = ?"));
        del.addBindValue(from);
        del.addBindValue(to);
        del.addBindValue(key);
        if (!exec(del, error) || !db.commit()) {
            db.rollback();
            return false;
        }
    }
    QSqlQuery gone(db);
    gone.prepare(QStringLiteral("DELETE FROM file_index WHERE key = ?"));
    gone.addBindValue(key);
    return exec(gone, error);
}
} // namespace

void FileIndex::dropGone()
{
    if (!m_catalogue.isFilled())
        return; // an empty catalogue being built says nothing about what is gone
    QSet<QString> present;
    for (const Snapshot& s : m_catalogue.snapshots())
        present.insert(s.id);
    QList<QPair<QString, qint64>> drop;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (auto it = m_info.begin(); it != m_info.end();) {
            if (it->state == State::Queued || it->state == State::Indexing) {
                ++it;
                continue;
            }
            const bool gone = !present.contains(it.key());
            // NotIndexed with rows: an index a crash or a stop interrupted.
            if (it->key > 0 && (gone || it->state == State::NotIndexed))
                drop << qMakePair(it.key(), it->key);
            if (gone) {
                it = m_info.erase(it);
            } else {
                if (it->state == State::NotIndexed)
                    it->key = 0;
                ++it;
            }
        }
        m_queue.erase(std::remove_if(m_queue.begin(), m_queue.end(),
                                     [&](const Snapshot& s) {
                                         if (present.contains(s.id))
                                             return false;
                                         m_info.remove(s.id);
                                         return true;
                                     }),
                      m_queue.end());
    }
    if (drop.isEmpty())
        return;
    Connection c(m_path);
    for (const auto& [id, key] : drop) {
        QString error;
        if (dropRows(c.db(), key, &error))
            qCInfo(lcFiles).noquote() << "dropped the file index of" << id.left(8);
        else
            qCWarning(lcFiles).noquote() << "cannot drop the file index of" << id.left(8) << ":" << error;
    }
}

bool FileIndex::indexOne(const Snapshot& snapshot, QString* error)
{
    const QString root = rootOf(snapshot);
    if (!root.startsWith(QLatin1Char('/'))) {
        *error = tr("The snapshot %1 names no directory.").arg(snapshot.id.left(8));
        return false;
    }
    Connection c(m_path);
    QSqlDatabase& db = c.db();
    if (!c.isOpen()) {
        *error = c.error();
        return false;
    }
    // The (snap, depth, path) index and the trigram b-trees stay in memory while a big tree goes in.
    exec(db, QStringLiteral("PRAGMA cache_size=-65536"), nullptr);
    // Checkpoints once per 64 MiB of WAL, not every 4 MiB: a page the index rewrites is copied back once.
    exec(db, QStringLiteral("PRAGMA wal_autocheckpoint=16384"), nullptr);
    exec(db, QStringLiteral("PRAGMA journal_size_limit=67108864"), nullptr);
    qint64 key = 0;
    {
        // Whatever an earlier, interrupted attempt left.
        QSqlQuery old(db);
        old.prepare(QStringLiteral("SELECT key FROM file_index WHERE snapshot = ?"));
        old.addBindValue(snapshot.id);
        if (exec(old, error) && old.next()) {
            const qint64 oldKey = old.value(0).toLongLong();
            old.finish();
            if (!dropRows(db, oldKey, error))
                return false;
        }
        QSqlQuery add(db);
        add.prepare(QStringLiteral("INSERT INTO file_index (snapshot, server_uuid, time) VALUES (?, ?, ?)"));
        add.addBindValue(snapshot.id);
        add.addBindValue(snapshot.serverUuid.isNull() ? QStringLiteral("") : snapshot.serverUuid);
        add.addBindValue(snapshot.time.toUTC().toString(Qt::ISODateWithMs));
        if (!exec(add, error))
            return false;
        key = add.lastInsertId().toLongLong();
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_info[snapshot.id].key = key;
    }

    // restic streams on a thread of its own; this one writes, a batch a transaction, while restic goes on.
    std::mutex queueMutex;
    std::condition_variable queueChanged;
    std::deque<std::vector<Row>> batches;
    bool readerDone = false;
    bool writerFailed = false;
    ResticResult listed;
    const CancelFlag cancel = std::make_shared<std::atomic_bool>(m_cancel->load());
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_current = cancel; // stop() cancels restic even while no batch arrives
    }
    std::thread reader([&] {
        std::vector<Row> batch;
        batch.reserve(kBatchRows);
        const auto push = [&] {
            std::unique_lock<std::mutex> lock(queueMutex);
            queueChanged.wait(lock, [&] { return batches.size() < size_t(kMaxPendingBatches) || writerFailed; });
            batches.push_back(std::move(batch));
            batch = {};
            batch.reserve(kBatchRows);
            queueChanged.notify_all();
        };
        Restic::RunOptions options = Restic::readOnly(kIndexTimeoutSec);
        options.cancel = cancel;
        options.onJsonLine = [&](const QJsonObject& o) {
            if (o.value(QLatin1String("struct_type")).toString() != QLatin1String("node"))
                return;
            Row row;
            row.path = relativeTo(root, o.value(QLatin1String("path")).toString());
            if (row.path.isEmpty())
                return; // the server directory itself and everything above it are never stored
            row.type = int(typeFrom(o.value(QLatin1String("type")).toString()));
            row.size = row.type == int(FileEntry::Type::Dir) ? 0 : qint64(o.value(QLatin1String("size")).toDouble());
            row.mtime = o.value(QLatin1String("mtime")).toString();
            row.mode = permissionBits(qint64(o.value(QLatin1String("mode")).toDouble()));
            row.link = o.value(QLatin1String("linktarget")).toString();
            const QJsonArray content = o.value(QLatin1String("content")).toArray();
            for (const QJsonValue& blob : content) {
                if (!row.content.isEmpty())
                    row.content += QLatin1Char(',');
                row.content += blob.toString();
            }
            batch.push_back(std::move(row));
            if (batch.size() >= size_t(kBatchRows))
                push();
        };
        listed = m_restic.run(ResticCommand::ls(snapshot.id), options);
        if (!batch.empty())
            push();
        std::lock_guard<std::mutex> lock(queueMutex);
        readerDone = true;
        queueChanged.notify_all();
    });

    // Many rows a statement: SQLite's per-statement cost is paid once for kRowsPerInsert rows.
    const auto insertSql = [](int rows) {
        QString sql = QStringLiteral("INSERT INTO files (snap, depth, path, type, size, mtime, mode, link, content)"
                                     " VALUES ");
        for (int i = 0; i < rows; ++i)
            sql += i ? QStringLiteral(",(?,?,?,?,?,?,?,?,?)") : QStringLiteral("(?,?,?,?,?,?,?,?,?)");
        return sql;
    };
    QSqlQuery insert(db);
    insert.prepare(insertSql(kRowsPerInsert));
    QSqlQuery trigrams(db);
    if (m_fts)
        trigrams.prepare(
            QStringLiteral("INSERT INTO files_fts(rowid, path) SELECT id, path FROM files WHERE id BETWEEN ? AND ?"));
    QSqlQuery progress(db);
    progress.prepare(QStringLiteral("UPDATE file_index SET first_id = ?, last_id = ?, entries = ? WHERE key = ?"));
    qint64 firstId = 0;
    qint64 lastId = 0;
    qint64 entries = 0;
    QHash<QString, QString> unknownLinks; // symlink path -> its name, where restic gave no target
    const QVariant null{QMetaType(QMetaType::QString)};
    QString writeError;
    for (;;) {
        std::vector<Row> batch;
        {
            std::unique_lock<std::mutex> lock(queueMutex);
            queueChanged.wait(lock, [&] { return !batches.empty() || readerDone; });
            if (batches.empty())
                break;
            batch = std::move(batches.front());
            batches.pop_front();
            queueChanged.notify_all();
        }
        if (!writeError.isEmpty() || m_cancel->load()) {
            cancel->store(true);
            continue; // drain, so that the reader never waits for us
        }
        db.transaction();
        qint64 batchFirst = 0;
        bool ok = true;
        for (size_t from = 0; ok && from < batch.size(); from += kRowsPerInsert) {
            const int rows = int(std::min<size_t>(kRowsPerInsert, batch.size() - from));
            QSqlQuery tail(db);
            if (rows < kRowsPerInsert)
                tail.prepare(insertSql(rows));
            QSqlQuery& q = rows < kRowsPerInsert ? tail : insert;
            for (int i = 0; i < rows; ++i) {
                const Row& row = batch[from + size_t(i)];
                const int at = i * 9;
                q.bindValue(at, key);
                q.bindValue(at + 1, depthOf(row.path));
                q.bindValue(at + 2, row.path);
                q.bindValue(at + 3, row.type);
                q.bindValue(at + 4, row.size);
                q.bindValue(at + 5, row.mtime.isNull() ? QStringLiteral("") : row.mtime);
                q.bindValue(at + 6, row.mode);
                q.bindValue(at + 7, row.type == int(FileEntry::Type::Symlink) ? QVariant(row.link) : null);
                q.bindValue(at + 8, row.content.isEmpty() ? null : QVariant(row.content));
                if (row.type == int(FileEntry::Type::Symlink) && row.link.isEmpty())
                    unknownLinks.insert(row.path, row.path.mid(row.path.lastIndexOf(QLatin1Char('/')) + 1));
            }
            if (!exec(q, &writeError)) {
                ok = false;
                break;
            }
            // One writer appends: the rows of one statement have consecutive ids, the last one reported.
            lastId = q.lastInsertId().toLongLong();
            if (!batchFirst)
                batchFirst = lastId - rows + 1;
        }
        if (ok && m_fts && batchFirst) {
            trigrams.bindValue(0, batchFirst);
            trigrams.bindValue(1, lastId);
            ok = exec(trigrams, &writeError);
        }
        if (ok) {
            if (!firstId)
                firstId = batchFirst;
            entries += qint64(batch.size());
            progress.bindValue(0, firstId);
            progress.bindValue(1, lastId);
            progress.bindValue(2, entries);
            progress.bindValue(3, key);
            ok = exec(progress, &writeError);
        }
        if (!ok || !db.commit()) {
            if (writeError.isEmpty())
                writeError = db.lastError().text();
            db.rollback();
            std::lock_guard<std::mutex> lock(queueMutex);
            writerFailed = true;
            queueChanged.notify_all();
        }
    }
    reader.join();
    insert.finish();
    trigrams.finish();
    progress.finish();

    bool ok = writeError.isEmpty() && listed.ok() && !m_cancel->load();
    if (!ok) {
        *error = !writeError.isEmpty() ? tr("Cannot write the file index: %1").arg(writeError)
                 : m_cancel->load()    ? tr("Indexing was stopped.")
                                       : listed.message;
    } else if (!unknownLinks.isEmpty()) {
        // restic 0.14's `ls --json` has no link targets; its `find --json` has, for the names it is given.
        QStringList names = QStringList(unknownLinks.cbegin(), unknownLinks.cend());
        names.removeDuplicates();
        names.sort();
        QSqlQuery setLink(db);
        setLink.prepare(QStringLiteral("UPDATE files SET link = ? WHERE snap = ? AND depth = ? AND path = ?"));
        for (int call = 0; call < kFindCalls && call * kFindNamesPerCall < names.size(); ++call) {
            Restic::RunOptions options = Restic::readOnly();
            options.cancel = m_cancel;
            const ResticResult found = m_restic.run(
                ResticCommand::findNames(snapshot.id, names.mid(call * kFindNamesPerCall, kFindNamesPerCall)), options);
            if (!found.ok()) {
                qCWarning(lcFiles).noquote()
                    << "symlink targets of" << snapshot.id.left(8) << "stay unknown:" << found.message;
                break;
            }
            db.transaction();
            for (const QJsonValue& perSnapshot : QJsonDocument::fromJson(found.standardOutput).array()) {
                for (const QJsonValue& m : perSnapshot.toObject().value(QLatin1String("matches")).toArray()) {
                    const QJsonObject node = m.toObject();
                    const QString path = relativeTo(root, node.value(QLatin1String("path")).toString());
                    if (!unknownLinks.contains(path) ||
                        node.value(QLatin1String("type")).toString() != QLatin1String("symlink"))
                        continue;
                    setLink.bindValue(0, node.value(QLatin1String("linktarget")).toString());
                    setLink.bindValue(1, key);
                    setLink.bindValue(2, depthOf(path));
                    setLink.bindValue(3, path);
                    setLink.exec();
                }
            }
            db.commit();
        }
        if (names.size() > kFindCalls * kFindNamesPerCall)
            qCInfo(lcFiles).noquote() << snapshot.id.left(8) << "has" << names.size()
                                      << "symlink names; the targets of those past" << kFindCalls * kFindNamesPerCall
                                      << "stay unknown";
    }
    if (ok) {
        QSqlQuery done(db);
        done.prepare(QStringLiteral("UPDATE file_index SET complete = 1, entries = ? WHERE key = ?"));
        done.addBindValue(entries);
        done.addBindValue(key);
        ok = exec(done, error);
    }
    if (!ok) {
        QString dropError;
        if (!dropRows(db, key, &dropError))
            qCWarning(lcFiles).noquote() << "cannot drop the partial index of" << snapshot.id.left(8) << ":"
                                         << dropError;
        std::lock_guard<std::mutex> lock(m_mutex);
        m_info[snapshot.id].key = 0;
    }
    return ok;
}

// ---- reads --------------------------------------------------------------------------------------------------------

namespace {
FileEntry entryFrom(const QSqlQuery& q, int first)
{
    FileEntry e;
    e.path = q.value(first).toString();
    e.type = FileEntry::Type(q.value(first + 1).toInt());
    e.size = q.value(first + 2).toLongLong();
    e.mtime = q.value(first + 3).toString();
    e.mode = q.value(first + 4).toInt();
    if (e.type == FileEntry::Type::Symlink)
        e.linkTarget = q.value(first + 5).toString();
    const QString content = q.value(first + 6).toString();
    if (!content.isEmpty())
        e.content = content.split(QLatin1Char(','));
    return e;
}
} // namespace

FileIndex::Listing FileIndex::list(const QString& snapshotId, const QString& dir) const
{
    Listing out;
    const qint64 key = keyOf(snapshotId);
    if (!key) {
        out.status = Listing::Status::NotIndexed;
        return out;
    }
    Connection& c = readerFor(m_path, m_generation);
    if (!c.isOpen()) {
        out.error = c.error();
        return out;
    }
    const int depth = dir == QLatin1String("/") ? 0 : depthOf(dir);
    if (depth > 0) {
        QSqlQuery q(c.db());
        q.prepare(QStringLiteral("SELECT type FROM files WHERE snap = ? AND depth = ? AND path = ?"));
        q.addBindValue(key);
        q.addBindValue(depth);
        q.addBindValue(dir);
        if (!exec(q, &out.error))
            return out;
        if (!q.next()) {
            out.status = Listing::Status::NoSuchPath;
            return out;
        }
        if (FileEntry::Type(q.value(0).toInt()) != FileEntry::Type::Dir) {
            out.status = Listing::Status::NotADirectory;
            return out;
        }
    }
    // Children of D are the paths of depth(D)+1 in [D/, D0): '0' follows '/' in byte order.
    const QString prefix = depth == 0 ? QStringLiteral("/") : dir + QLatin1Char('/');
    QString upper = prefix;
    upper.back() = QLatin1Char('0');
    QSqlQuery q(c.db());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT path, type, size, mtime, mode, link, content FROM files"
                             " WHERE snap = ? AND depth = ? AND path >= ? AND path < ? ORDER BY path"));
    q.addBindValue(key);
    q.addBindValue(depth + 1);
    q.addBindValue(prefix);
    q.addBindValue(upper);
    if (!exec(q, &out.error))
        return out;
    while (q.next())
        out.entries << entryFrom(q, 0);
    out.status = Listing::Status::Ok;
    return out;
}

FileIndex::Search FileIndex::search(const QStringList& snapshotIds, const QString& text, int limit) const
{
    Search out;
    const QString folded = text.toCaseFolded();
    QHash<qint64, int> rank;
    QHash<qint64, QString> idOf;
    for (const QString& id : snapshotIds) {
        const qint64 key = keyOf(id);
        if (key && !rank.contains(key)) {
            rank.insert(key, int(rank.size()));
            idOf.insert(key, id);
        }
    }
    if (rank.isEmpty() || limit <= 0) {
        out.ok = true;
        return out;
    }
    QStringList keys;
    QString order = QStringLiteral("CASE f.snap");
    for (auto it = rank.constBegin(); it != rank.constEnd(); ++it) {
        keys << QString::number(it.key());
        order += QStringLiteral(" WHEN %1 THEN %2").arg(it.key()).arg(it.value());
    }
    order += QStringLiteral(" END, f.path");
    const QList<uint> points = folded.toUcs4();
    const bool ascii = std::all_of(text.begin(), text.end(), [](QChar ch) { return ch.unicode() < 0x80; });
    QString sql;
    QVariant bound;
    if (m_fts && points.size() >= 3) {
        // Every trigram of the text, each a one-token query (detail=none has no phrases); the path check below
        // keeps only those where they are next to each other.
        QStringList terms;
        for (int i = 0; i + 3 <= points.size(); ++i) {
            QString term = QString::fromUcs4(reinterpret_cast<const char32_t*>(points.constData() + i), 3);
            term.replace(QLatin1Char('"'), QStringLiteral("\"\""));
            terms << QLatin1Char('"') + term + QLatin1Char('"');
        }
        terms.removeDuplicates();
        sql = QStringLiteral("SELECT f.snap, f.path, f.type, f.size, f.mtime, f.mode, f.link, f.content FROM files_fts"
                             " JOIN files f ON f.id = files_fts.rowid WHERE files_fts MATCH ? AND f.snap IN (%1)"
                             " ORDER BY %2")
                  .arg(keys.join(QLatin1Char(',')), order);
        bound = terms.join(QStringLiteral(" AND "));
    } else {
        // Two characters (below a trigram) or no FTS5: the rows of these snapshots, narrowed by LIKE where the text
        // is ASCII (SQLite's LIKE folds ASCII only), the rest checked below.
        sql = QStringLiteral("SELECT f.snap, f.path, f.type, f.size, f.mtime, f.mode, f.link, f.content FROM files f"
                             " WHERE f.snap IN (%1)%2 ORDER BY %3")
                  .arg(keys.join(QLatin1Char(',')),
                       ascii ? QStringLiteral(" AND f.path LIKE ? ESCAPE '\\'") : QString(), order);
        if (ascii) {
            QString pattern = text;
            pattern.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
                .replace(QLatin1Char('%'), QStringLiteral("\\%"))
                .replace(QLatin1Char('_'), QStringLiteral("\\_"));
            bound = QLatin1Char('%') + pattern + QLatin1Char('%');
        }
    }
    Connection& c = readerFor(m_path, m_generation);
    if (!c.isOpen()) {
        out.error = c.error();
        return out;
    }
    QSqlQuery q(c.db());
    q.setForwardOnly(true);
    q.prepare(sql);
    if (bound.isValid())
        q.addBindValue(bound);
    if (!exec(q, &out.error))
        return out;
    while (q.next()) {
        FileEntry e = entryFrom(q, 1);
        if (!e.path.toCaseFolded().contains(folded))
            continue;
        if (out.matches.size() == limit) {
            out.truncated = true;
            break;
        }
        out.matches.append({idOf.value(q.value(0).toLongLong()), std::move(e)});
    }
    out.ok = true;
    return out;
}

FileIndex::Lookup FileIndex::lookup(const QString& snapshotId, const QStringList& paths) const
{
    Lookup out;
    const qint64 key = keyOf(snapshotId);
    if (!key) {
        out.status = Lookup::Status::NotIndexed;
        return out;
    }
    Connection& c = readerFor(m_path, m_generation);
    if (!c.isOpen()) {
        out.error = c.error();
        return out;
    }
    QSqlQuery q(c.db());
    q.prepare(QStringLiteral("SELECT path, type, size, mtime, mode, link, content FROM files"
                             " WHERE snap = ? AND depth = ? AND path = ?"));
    for (const QString& path : paths) {
        if (path == QLatin1String("/")) {
            FileEntry top;
            top.path = path;
            top.type = FileEntry::Type::Dir;
            out.entries.insert(path, top);
            continue;
        }
        q.bindValue(0, key);
        q.bindValue(1, depthOf(path));
        q.bindValue(2, path);
        if (!exec(q, &out.error))
            return out;
        if (q.next())
            out.entries.insert(path, entryFrom(q, 0));
        else
            out.missing << path;
    }
    out.status = out.missing.isEmpty() ? Lookup::Status::Ok : Lookup::Status::NoSuchPath;
    return out;
}

FileIndex::Diff FileIndex::diff(const QString& beforeId, const QString& afterId) const
{
    Diff out;
    const qint64 before = keyOf(beforeId);
    const qint64 after = keyOf(afterId);
    if (!before || !after) {
        out.error = QObject::tr("Both snapshots must be indexed.");
        return out;
    }
    Connection& c = readerFor(m_path, m_generation);
    if (!c.isOpen()) {
        out.error = c.error();
        return out;
    }
    // Each side's rows looked up in the other through the (snap, depth, path) index: no scan of the table.
    const QString only = QStringLiteral("SELECT a.path, a.type, a.size FROM files a WHERE a.snap = ? AND NOT EXISTS"
                                        " (SELECT 1 FROM files b WHERE b.snap = ? AND b.depth = a.depth AND"
                                        " b.path = a.path) ORDER BY a.path");
    // Content ids decide where both sides have them, the mtime where not (see the header).
    const QString changed =
        QStringLiteral(
            "SELECT a.path, a.type, a.size, b.type, b.size FROM files a JOIN files b ON b.snap = ? AND"
            " b.depth = a.depth AND b.path = a.path WHERE a.snap = ? AND (a.type <> b.type OR (a.type <> %1 AND"
            " (a.size <> b.size OR a.link IS NOT b.link OR CASE WHEN a.content IS NOT NULL AND b.content IS NOT NULL"
            " THEN a.content <> b.content ELSE a.mtime IS NOT b.mtime END))) ORDER BY a.path")
            .arg(int(FileEntry::Type::Dir));
    int total = 0;
    auto run = [&](const QString& sql, qint64 first, qint64 second, QList<FileChange>* into, bool beforeSide,
                   bool both) {
        QSqlQuery q(c.db());
        q.setForwardOnly(true);
        q.prepare(sql);
        q.addBindValue(first);
        q.addBindValue(second);
        if (!exec(q, &out.error))
            return false;
        while (q.next()) {
            if (total == kMaxDiffEntries) {
                out.truncated = true;
                return true;
            }
            FileChange e;
            e.path = q.value(0).toString();
            const auto type = FileEntry::Type(q.value(1).toInt());
            const qint64 size = type == FileEntry::Type::Dir ? 0 : q.value(2).toLongLong();
            if (both) {
                e.type = type;
                e.size = size;
                e.typeBefore = FileEntry::Type(q.value(3).toInt());
                e.sizeBefore = e.typeBefore == FileEntry::Type::Dir ? 0 : q.value(4).toLongLong();
            } else if (beforeSide) {
                e.typeBefore = type;
                e.sizeBefore = size;
            } else {
                e.type = type;
                e.size = size;
            }
            into->append(std::move(e));
            ++total;
        }
        return true;
    };
    if (!run(only, after, before, &out.added, false, false) || !run(only, before, after, &out.removed, true, false) ||
        !run(changed, before, after, &out.changed, false, true))
        return out;
    out.ok = true;
    return out;
}

qint64 FileIndex::entryCount(const QString& snapshotId) const
{
    const qint64 key = keyOf(snapshotId);
    if (!key)
        return -1;
    Connection& c = readerFor(m_path, m_generation);
    QSqlQuery q(c.db());
    q.prepare(QStringLiteral("SELECT count(*) FROM files WHERE snap = ?"));
    q.addBindValue(key);
    return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
}
