#include "Catalogue.h"
#include "FileIndex.h"
#include "Logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

#include <algorithm>

namespace {
// 1: snapshots and their stats. 2: each snapshot's file tree (FileIndex), added beside them. 3: server names.
// 4: what each of our backups added to the repository, and the maintenance records (last check, last prune).
constexpr int kSchemaVersion = 4;

QString toJsonText(const QStringList& list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList fromJsonText(const QString& text)
{
    QStringList out;
    for (const QJsonValue& v : QJsonDocument::fromJson(text.toUtf8()).array())
        out << v.toString();
    return out;
}

QString timeText(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}
} // namespace

struct Catalogue::Change
{
    enum class Kind
    {
        Upsert,
        Remove,
        Stats,
        Filled,
        Added,       // id, stats.totalSize: the bytes
        Maintenance, // id: the key, text: the JSON
    } kind;
    Snapshot snapshot; // Upsert
    QString id;        // Remove, Stats, Added, Maintenance
    SnapshotStats stats;
    QDateTime time; // Filled
    QString text;   // Maintenance
};

Catalogue::Catalogue(QObject* parent) : QObject(parent) {}

Catalogue::~Catalogue()
{
    flush();
    if (!m_connection.isEmpty()) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

bool Catalogue::isPersistent() const
{
    return !m_connection.isEmpty();
}

bool Catalogue::open(const QString& path, QString* error)
{
    m_path = path;
    QDir().mkpath(QFileInfo(path).absolutePath());
    m_connection = QStringLiteral("pouch-catalogue-") + QUuid::createUuid().toString(QUuid::Id128);
    for (int attempt = 0; attempt < 2; ++attempt) {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
            db.setDatabaseName(path);
            QString why;
            if (!db.open())
                why = db.lastError().text();
            else if (!createSchema(&why) || !load(&why))
                db.close();
            if (why.isEmpty()) {
                qCInfo(lcCatalogue).noquote() << "catalogue" << path << "holds" << m_byId.size() << "snapshots";
                return true;
            }
            db.close();
            if (attempt == 1 || !QFileInfo::exists(path)) {
                if (error)
                    *error = tr("Cannot open the catalogue %1: %2").arg(path, why);
                qCWarning(lcCatalogue).noquote() << "cannot open the catalogue" << path << why;
                break;
            }
            // Unreadable or of another schema: start again from the repository, keeping the old file aside.
            qCWarning(lcCatalogue).noquote()
                << "catalogue" << path << "is unusable (" << why << "); rebuilding it from the repository";
        }
        QSqlDatabase::removeDatabase(m_connection);
        QFile::remove(path + QStringLiteral(".broken"));
        QFile::rename(path, path + QStringLiteral(".broken"));
        QFile::remove(path + QStringLiteral("-wal"));
        QFile::remove(path + QStringLiteral("-shm"));
        QWriteLocker lock(&m_lock);
        m_byId.clear();
        m_byBackup.clear();
        m_filled = false;
    }
    QSqlDatabase::removeDatabase(m_connection);
    m_connection.clear();
    return false;
}

bool Catalogue::createSchema(QString* error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    // WAL: a reader in another process never blocks the writer; NORMAL sync is safe with WAL.
    const char* const setup[] = {
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=NORMAL",
        "PRAGMA busy_timeout=5000",
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS snapshots ("
        " id TEXT PRIMARY KEY, short_id TEXT NOT NULL, time TEXT NOT NULL, host TEXT NOT NULL,"
        " tags TEXT NOT NULL, paths TEXT NOT NULL, parent TEXT NOT NULL, tree TEXT NOT NULL,"
        " backup_uuid TEXT NOT NULL, server_uuid TEXT NOT NULL,"
        " size INTEGER, file_count INTEGER)",
        "CREATE INDEX IF NOT EXISTS snapshots_backup ON snapshots(backup_uuid)",
        "CREATE INDEX IF NOT EXISTS snapshots_server ON snapshots(server_uuid)",
        // Schema 3; created by the statement itself in a file of schema 1 or 2.
        "CREATE TABLE IF NOT EXISTS server_names (uuid TEXT PRIMARY KEY, name TEXT NOT NULL)",
        // Schema 4, likewise.
        "CREATE TABLE IF NOT EXISTS snapshot_added (id TEXT PRIMARY KEY, bytes INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS maintenance (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    };
    for (const char* sql : setup) {
        if (!q.exec(QString::fromLatin1(sql))) {
            *error = q.lastError().text();
            return false;
        }
    }
    if (!q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema'"))) {
        *error = q.lastError().text();
        return false;
    }
    const int found = q.next() ? q.value(0).toInt() : 0;
    q.finish();
    if (found > kSchemaVersion || (found != 0 && found < 1)) {
        *error = tr("schema %1, expected %2").arg(found).arg(kSchemaVersion);
        return false;
    }
    if (found == kSchemaVersion)
        return FileIndex::createTables(db, error);
    // New, or v1: the snapshots stay as they are, the file index tables come beside them, in one transaction.
    db.transaction();
    if (!FileIndex::createTables(db, error)) {
        db.rollback();
        return false;
    }
    if (found != 0)
        qCInfo(lcCatalogue).noquote() << "catalogue" << m_path << "migrated from schema" << found << "to"
                                      << kSchemaVersion;
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?)"));
    q.addBindValue(QString::number(kSchemaVersion));
    if (!q.exec() || !db.commit()) {
        *error = q.lastError().text();
        db.rollback();
        return false;
    }
    return true;
}

bool Catalogue::load(QString* error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, short_id, time, host, tags, paths, parent, tree, backup_uuid, server_uuid,"
                               " size, file_count FROM snapshots"))) {
        *error = q.lastError().text();
        return false;
    }
    QHash<QString, Snapshot> byId;
    QHash<QString, QStringList> byBackup;
    while (q.next()) {
        Snapshot s;
        s.id = q.value(0).toString();
        if (!Snapshot::isSnapshotId(s.id)) {
            *error = tr("a row without a snapshot id");
            return false;
        }
        s.shortId = q.value(1).toString();
        s.time = QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs);
        s.hostname = q.value(3).toString();
        s.tags = fromJsonText(q.value(4).toString());
        s.paths = fromJsonText(q.value(5).toString());
        s.parent = q.value(6).toString();
        s.tree = q.value(7).toString();
        s.backupUuid = q.value(8).toString();
        s.serverUuid = q.value(9).toString();
        if (!q.value(10).isNull() && !q.value(11).isNull())
            s.stats = SnapshotStats{q.value(10).toLongLong(), q.value(11).toLongLong()};
        byBackup[s.backupUuid] << s.id;
        byId.insert(s.id, s);
    }
    QString filled;
    if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'filled'")) && q.next())
        filled = q.value(0).toString();
    QHash<QString, QString> names;
    if (!q.exec(QStringLiteral("SELECT uuid, name FROM server_names"))) {
        *error = q.lastError().text();
        return false;
    }
    while (q.next())
        names.insert(q.value(0).toString(), q.value(1).toString());
    QHash<QString, qint64> added;
    if (!q.exec(QStringLiteral("SELECT id, bytes FROM snapshot_added"))) {
        *error = q.lastError().text();
        return false;
    }
    while (q.next())
        added.insert(q.value(0).toString(), q.value(1).toLongLong());
    QHash<QString, QJsonObject> maintenance;
    if (!q.exec(QStringLiteral("SELECT key, value FROM maintenance"))) {
        *error = q.lastError().text();
        return false;
    }
    while (q.next())
        maintenance.insert(q.value(0).toString(), QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object());
    QWriteLocker lock(&m_lock);
    m_added = std::move(added);
    m_maintenance = std::move(maintenance);
    m_serverNames = std::move(names);
    m_byId = std::move(byId);
    m_byBackup = std::move(byBackup);
    m_lastResync = QDateTime::fromString(filled, Qt::ISODateWithMs);
    m_filled = m_lastResync.isValid();
    return true;
}

bool Catalogue::isFilled() const
{
    QReadLocker lock(&m_lock);
    return m_filled;
}

QDateTime Catalogue::lastResync() const
{
    QReadLocker lock(&m_lock);
    return m_lastResync;
}

int Catalogue::count() const
{
    QReadLocker lock(&m_lock);
    return int(m_byId.size());
}

QList<Snapshot> Catalogue::snapshots(const QString& serverUuid) const
{
    QList<Snapshot> out;
    {
        QReadLocker lock(&m_lock);
        out.reserve(m_byId.size());
        for (const Snapshot& s : m_byId) {
            if (serverUuid.isEmpty() || s.serverUuid == serverUuid)
                out << s;
        }
    }
    std::sort(out.begin(), out.end(),
              [](const Snapshot& a, const Snapshot& b) { return a.time != b.time ? a.time > b.time : a.id < b.id; });
    return out;
}

QList<Snapshot> Catalogue::findBackup(const QString& backupUuid, const QString& serverUuid) const
{
    QList<Snapshot> out;
    {
        QReadLocker lock(&m_lock);
        for (const QString& id : m_byBackup.value(backupUuid)) {
            const Snapshot& s = m_byId[id];
            if (serverUuid.isEmpty() || s.serverUuid == serverUuid)
                out << s;
        }
    }
    std::sort(out.begin(), out.end(), [](const Snapshot& a, const Snapshot& b) { return a.time > b.time; });
    return out;
}

bool Catalogue::contains(const QString& snapshotId) const
{
    QReadLocker lock(&m_lock);
    return m_byId.contains(snapshotId);
}

std::optional<SnapshotStats> Catalogue::stats(const QString& snapshotId) const
{
    QReadLocker lock(&m_lock);
    const auto it = m_byId.constFind(snapshotId);
    return it == m_byId.constEnd() ? std::nullopt : it->stats;
}

void Catalogue::add(const Snapshot& snapshot)
{
    if (!Snapshot::isSnapshotId(snapshot.id))
        return;
    {
        QWriteLocker lock(&m_lock);
        Snapshot s = snapshot;
        if (!s.stats) {
            const auto old = m_byId.constFind(s.id);
            if (old != m_byId.constEnd())
                s.stats = old->stats;
        }
        if (!m_byId.contains(s.id))
            m_byBackup[s.backupUuid] << s.id;
        m_addedAt.insert(s.id, ++m_sequence);
        m_removedAt.remove(s.id);
        m_byId.insert(s.id, s);
        queue({Change::Kind::Upsert, s, {}, {}, {}, {}});
    }
    Q_EMIT changed();
}

void Catalogue::remove(const QStringList& snapshotIds)
{
    bool any = false;
    {
        QWriteLocker lock(&m_lock);
        for (const QString& id : snapshotIds) {
            const auto it = m_byId.find(id);
            if (it == m_byId.end())
                continue;
            QStringList& ids = m_byBackup[it->backupUuid];
            ids.removeAll(id);
            if (ids.isEmpty())
                m_byBackup.remove(it->backupUuid);
            m_byId.erase(it);
            m_removedAt.insert(id, ++m_sequence);
            m_addedAt.remove(id);
            m_added.remove(id);
            queue({Change::Kind::Remove, {}, id, {}, {}, {}});
            any = true;
        }
    }
    if (any)
        Q_EMIT changed();
}

void Catalogue::setStats(const QString& snapshotId, const SnapshotStats& stats)
{
    {
        QWriteLocker lock(&m_lock);
        const auto it = m_byId.find(snapshotId);
        if (it == m_byId.end())
            return;
        it->stats = stats;
        queue({Change::Kind::Stats, {}, snapshotId, stats, {}, {}});
    }
    Q_EMIT changed();
}

std::optional<qint64> Catalogue::added(const QString& snapshotId) const
{
    QReadLocker lock(&m_lock);
    const auto it = m_added.constFind(snapshotId);
    return it == m_added.constEnd() ? std::nullopt : std::optional<qint64>(*it);
}

void Catalogue::setAdded(const QString& snapshotId, qint64 bytes)
{
    QWriteLocker lock(&m_lock);
    m_added.insert(snapshotId, bytes);
    queue({Change::Kind::Added, {}, snapshotId, SnapshotStats{bytes, 0}, {}, {}});
}

QJsonObject Catalogue::maintenance(const QString& key) const
{
    QReadLocker lock(&m_lock);
    return m_maintenance.value(key);
}

void Catalogue::setMaintenance(const QString& key, const QJsonObject& value)
{
    QWriteLocker lock(&m_lock);
    m_maintenance.insert(key, value);
    queue({Change::Kind::Maintenance,
           {},
           key,
           {},
           {},
           QString::fromUtf8(QJsonDocument(value).toJson(QJsonDocument::Compact))});
}

QHash<QString, QString> Catalogue::serverNames() const
{
    QReadLocker lock(&m_lock);
    return m_serverNames;
}

void Catalogue::setServerNames(const QHash<QString, QString>& names)
{
    {
        QWriteLocker lock(&m_lock);
        if (names == m_serverNames)
            return;
        m_serverNames = names;
    }
    if (!m_connection.isEmpty()) {
        {
            QMutexLocker lock(&m_pendingMutex);
            m_pendingNames = names; // only the newest list matters
        }
        scheduleFlush();
    }
    Q_EMIT changed();
}

quint64 Catalogue::sequence() const
{
    QReadLocker lock(&m_lock);
    return m_sequence;
}

void Catalogue::replaceAll(const QList<Snapshot>& all, quint64 since)
{
    int added = 0;
    int dropped = 0;
    {
        QWriteLocker lock(&m_lock);
        QHash<QString, Snapshot> next;
        next.reserve(all.size());
        for (const Snapshot& incoming : all) {
            if (!Snapshot::isSnapshotId(incoming.id) || m_removedAt.value(incoming.id) > since)
                continue;
            Snapshot s = incoming;
            const auto old = m_byId.constFind(s.id);
            if (old != m_byId.constEnd()) {
                if (!s.stats)
                    s.stats = old->stats; // snapshots are immutable: their stats never go stale
                // An own backup recorded from restic's summary (0.17) lacks what only a listing says: its tree.
                if (old->tree != s.tree || old->parent != s.parent || old->time != s.time)
                    queue({Change::Kind::Upsert, s, {}, {}, {}, {}});
            } else {
                ++added;
                queue({Change::Kind::Upsert, s, {}, {}, {}, {}});
            }
            next.insert(s.id, s);
        }
        for (auto it = m_byId.constBegin(); it != m_byId.constEnd(); ++it) {
            if (!next.contains(it.key()) && m_addedAt.value(it.key()) > since) {
                next.insert(it.key(), it.value()); // ours, newer than the listing
            } else if (!next.contains(it.key())) {
                ++dropped;
                queue({Change::Kind::Remove, {}, it.key(), {}, {}, {}});
            }
        }
        m_byId = std::move(next);
        m_byBackup.clear();
        for (const Snapshot& s : std::as_const(m_byId))
            m_byBackup[s.backupUuid] << s.id;
        // What the listing has seen needs no protection any more.
        for (auto it = m_addedAt.begin(); it != m_addedAt.end();)
            it = it.value() <= since ? m_addedAt.erase(it) : std::next(it);
        for (auto it = m_removedAt.begin(); it != m_removedAt.end();)
            it = it.value() <= since ? m_removedAt.erase(it) : std::next(it);
        m_filled = true;
        m_lastResync = QDateTime::currentDateTimeUtc();
        queue({Change::Kind::Filled, {}, {}, {}, m_lastResync, {}});
    }
    if (added || dropped)
        qCInfo(lcCatalogue).noquote() << "resync:" << added << "new," << dropped << "gone";
    Q_EMIT changed();
}

void Catalogue::queue(Change change)
{
    if (m_connection.isEmpty())
        return; // memory only
    {
        QMutexLocker lock(&m_pendingMutex);
        m_pending.push_back(std::move(change));
    }
    scheduleFlush();
}

void Catalogue::scheduleFlush()
{
    QMutexLocker lock(&m_pendingMutex);
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    QMetaObject::invokeMethod(
        this, [this] { flush(); }, Qt::QueuedConnection);
}

void Catalogue::flush()
{
    // The connection belongs to the thread that opened it; from anywhere else, leave it to the queued call.
    if (m_connection.isEmpty() || QThread::currentThread() != thread())
        return;
    std::vector<Change> batch;
    std::optional<QHash<QString, QString>> names;
    {
        QMutexLocker lock(&m_pendingMutex);
        batch.swap(m_pending);
        names.swap(m_pendingNames);
        m_flushScheduled = false;
    }
    if (batch.empty() && !names)
        return;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    QSqlQuery upsert(db);
    upsert.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO snapshots (id, short_id, time, host, tags, paths, parent, tree, backup_uuid,"
        " server_uuid, size, file_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    QSqlQuery remove(db);
    remove.prepare(QStringLiteral("DELETE FROM snapshots WHERE id = ?"));
    QSqlQuery stats(db);
    stats.prepare(QStringLiteral("UPDATE snapshots SET size = ?, file_count = ? WHERE id = ?"));
    QSqlQuery filled(db);
    filled.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('filled', ?)"));
    QSqlQuery removeAdded(db);
    removeAdded.prepare(QStringLiteral("DELETE FROM snapshot_added WHERE id = ?"));
    QSqlQuery added(db);
    added.prepare(QStringLiteral("INSERT OR REPLACE INTO snapshot_added (id, bytes) VALUES (?, ?)"));
    QSqlQuery maintenance(db);
    maintenance.prepare(QStringLiteral("INSERT OR REPLACE INTO maintenance (key, value) VALUES (?, ?)"));
    QSqlQuery clearNames(db);
    clearNames.prepare(QStringLiteral("DELETE FROM server_names"));
    QSqlQuery name(db);
    name.prepare(QStringLiteral("INSERT INTO server_names (uuid, name) VALUES (?, ?)"));
    bool ok = true;
    if (names) {
        ok = clearNames.exec();
        for (auto it = names->constBegin(); ok && it != names->constEnd(); ++it) {
            name.bindValue(0, it.key());
            name.bindValue(1, it.value());
            ok = name.exec();
        }
        if (!ok)
            qCWarning(lcCatalogue).noquote()
                << "cannot write the server names:" << name.lastError().text() << clearNames.lastError().text();
    }
    for (auto c_it = batch.cbegin(); ok && c_it != batch.cend(); ++c_it) {
        const Change& c = *c_it;
        QSqlQuery* q = nullptr;
        switch (c.kind) {
        case Change::Kind::Upsert: {
            const Snapshot& s = c.snapshot;
            // A null QString binds as NULL: text columns get "" instead.
            const auto text = [](const QString& t) { return t.isNull() ? QStringLiteral("") : t; };
            const QVariant noNumber{QMetaType(QMetaType::LongLong)};
            const QVariantList values{text(s.id),
                                      text(s.shortId),
                                      timeText(s.time),
                                      text(s.hostname),
                                      toJsonText(s.tags),
                                      toJsonText(s.paths),
                                      text(s.parent),
                                      text(s.tree),
                                      text(s.backupUuid),
                                      text(s.serverUuid),
                                      s.stats ? QVariant(s.stats->totalSize) : noNumber,
                                      s.stats ? QVariant(s.stats->totalFileCount) : noNumber};
            for (int i = 0; i < values.size(); ++i)
                upsert.bindValue(i, values[i]);
            q = &upsert;
            break;
        }
        case Change::Kind::Remove:
            removeAdded.bindValue(0, c.id);
            if (!removeAdded.exec()) {
                q = &removeAdded;
                break;
            }
            remove.bindValue(0, c.id);
            q = &remove;
            break;
        case Change::Kind::Added:
            added.bindValue(0, c.id);
            added.bindValue(1, c.stats.totalSize);
            q = &added;
            break;
        case Change::Kind::Maintenance:
            maintenance.bindValue(0, c.id);
            maintenance.bindValue(1, c.text);
            q = &maintenance;
            break;
        case Change::Kind::Stats:
            stats.bindValue(0, c.stats.totalSize);
            stats.bindValue(1, c.stats.totalFileCount);
            stats.bindValue(2, c.id);
            q = &stats;
            break;
        case Change::Kind::Filled:
            filled.bindValue(0, timeText(c.time));
            q = &filled;
            break;
        }
        if (!q->exec()) {
            qCWarning(lcCatalogue).noquote() << "cannot write the catalogue:" << q->lastError().text();
            ok = false;
            break;
        }
    }
    if (!ok || !db.commit()) {
        db.rollback();
        qCWarning(lcCatalogue).noquote() << "catalogue write rolled back; the next resync writes it again";
    }
}
