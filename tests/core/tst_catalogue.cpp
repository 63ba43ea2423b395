#include "catalogue/Catalogue.h"

#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

// The catalogue on a real SQLite file: what is written comes back after a reopen, own writes win over an older
// listing, and a broken file is rebuilt instead of trusted.
class TestCatalogue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void persistsAcrossReopen();
    void ownWritesWinOverAnOlderListing();
    void brokenFileIsRebuilt();
    void memoryOnlyWritesNoFile();
    void migratesVersion1InPlace();
    void newerSchemaIsNotTrusted();
    void serverNamesPersistAndVersion2Migrates();
    void addedAndMaintenancePersistAndVersion3Migrates();

private:
    static Snapshot snapshot(int n, const QString& server, const QString& backup)
    {
        Snapshot s;
        s.id = QStringLiteral("%1").arg(n, 64, 16, QLatin1Char('0'));
        s.shortId = s.id.left(8);
        s.time = QDateTime(QDate(2026, 1, 1), QTime(0, 0)).addSecs(n * 60).toUTC();
        s.hostname = server;
        s.serverUuid = server;
        s.backupUuid = backup;
        s.tags = {QStringLiteral("backup_uuid:") + backup, QStringLiteral("server_uuid:") + server};
        s.paths = {QStringLiteral("/v/") + server};
        s.tree = QStringLiteral("tree%1").arg(n);
        return s;
    }
    QTemporaryDir m_dir;
};

void TestCatalogue::persistsAcrossReopen()
{
    const QString path = m_dir.filePath(QStringLiteral("a/catalogue.sqlite"));
    {
        Catalogue c;
        QString error;
        QVERIFY2(c.open(path, &error), qPrintable(error));
        QVERIFY(c.isPersistent());
        QVERIFY(!c.isFilled());
        c.replaceAll({snapshot(1, QStringLiteral("s1"), QStringLiteral("b1")),
                      snapshot(2, QStringLiteral("s2"), QStringLiteral("b2"))},
                     c.sequence());
        c.add(snapshot(3, QStringLiteral("s1"), QStringLiteral("b3")));
        c.setStats(snapshot(1, {}, {}).id, {1234, 7});
        c.remove({snapshot(2, {}, {}).id});
        c.flush();
    }
    Catalogue again;
    QString error;
    QVERIFY2(again.open(path, &error), qPrintable(error));
    QVERIFY(again.isFilled());
    QCOMPARE(again.count(), 2);
    const QList<Snapshot> s1 = again.snapshots(QStringLiteral("s1"));
    QCOMPARE(s1.size(), 2);
    QCOMPARE(s1[0].backupUuid, QStringLiteral("b3")); // newest first
    QCOMPARE(s1[1].tree, QStringLiteral("tree1"));
    QCOMPARE(s1[1].paths, QStringList{QStringLiteral("/v/s1")});
    QVERIFY(s1[1].stats.has_value());
    QCOMPARE(s1[1].stats->totalSize, qint64(1234));
    QCOMPARE(s1[1].stats->totalFileCount, qint64(7));
    QVERIFY(!s1[0].stats.has_value());
    QVERIFY(again.snapshots(QStringLiteral("s2")).isEmpty());
    QCOMPARE(again.findBackup(QStringLiteral("b3")).size(), 1);
    QCOMPARE(again.findBackup(QStringLiteral("b3"), QStringLiteral("s2")).size(), 0);
}

void TestCatalogue::ownWritesWinOverAnOlderListing()
{
    Catalogue c;
    const quint64 listingStarted = c.sequence();
    // While restic lists the repository, a backup of ours ends and another snapshot is forgotten.
    c.add(snapshot(10, QStringLiteral("s1"), QStringLiteral("b10")));
    c.add(snapshot(11, QStringLiteral("s1"), QStringLiteral("b11")));
    c.remove({snapshot(11, {}, {}).id});
    // The listing predates both: it lacks 10 and still has 11.
    c.replaceAll({snapshot(11, QStringLiteral("s1"), QStringLiteral("b11")),
                  snapshot(12, QStringLiteral("s1"), QStringLiteral("b12"))},
                 listingStarted);
    QCOMPARE(c.findBackup(QStringLiteral("b10")).size(), 1);
    QCOMPARE(c.findBackup(QStringLiteral("b11")).size(), 0);
    QCOMPARE(c.findBackup(QStringLiteral("b12")).size(), 1);
    // A later listing is the truth again: what it lacks is gone.
    c.replaceAll({snapshot(12, QStringLiteral("s1"), QStringLiteral("b12"))}, c.sequence());
    QCOMPARE(c.count(), 1);
}

void TestCatalogue::brokenFileIsRebuilt()
{
    const QString path = m_dir.filePath(QStringLiteral("broken.sqlite"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(8192, 'x'));
    f.close();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("is unusable.*rebuilding it")));
    Catalogue c;
    QString error;
    QVERIFY2(c.open(path, &error), qPrintable(error));
    QVERIFY(!c.isFilled()); // to be filled from the repository, not trusted
    QCOMPARE(c.count(), 0);
    QVERIFY(QFile::exists(path + QStringLiteral(".broken")));
    c.add(snapshot(20, QStringLiteral("s1"), QStringLiteral("b20")));
    c.flush();
    Catalogue again;
    QVERIFY(again.open(path, &error));
    QCOMPARE(again.count(), 1);
}

void TestCatalogue::memoryOnlyWritesNoFile()
{
    Catalogue c;
    QSignalSpy changed(&c, &Catalogue::changed);
    c.add(snapshot(30, QStringLiteral("s1"), QStringLiteral("b30")));
    c.flush();
    QVERIFY(!c.isPersistent());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(c.count(), 1);
    QVERIFY(c.path().isEmpty());
}

namespace {
// Runs statements on a database file through a connection of its own; false at the first that fails.
bool runSql(const QString& path, const QStringList& statements, QStringList* rows = nullptr)
{
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(path);
        ok = db.open();
        for (const QString& sql : statements) {
            QSqlQuery q(db);
            if (!ok || !q.exec(sql)) {
                qWarning() << sql << q.lastError().text();
                ok = false;
                break;
            }
            while (rows && q.next())
                *rows << q.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    return ok;
}
} // namespace

// A catalogue file of schema 1 (as the previous release wrote it) keeps its snapshots, stats and fill time, and
// gains the file index tables; nothing is moved aside or rebuilt.
void TestCatalogue::migratesVersion1InPlace()
{
    const QString path = m_dir.filePath(QStringLiteral("v1.sqlite"));
    const Snapshot s = snapshot(40, QStringLiteral("s1"), QStringLiteral("b40"));
    QVERIFY(runSql(path, {QStringLiteral("PRAGMA journal_mode=WAL"),
                          QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
                          QStringLiteral("CREATE TABLE snapshots (id TEXT PRIMARY KEY, short_id TEXT NOT NULL,"
                                         " time TEXT NOT NULL, host TEXT NOT NULL, tags TEXT NOT NULL, paths TEXT NOT"
                                         " NULL, parent TEXT NOT NULL, tree TEXT NOT NULL, backup_uuid TEXT NOT NULL,"
                                         " server_uuid TEXT NOT NULL, size INTEGER, file_count INTEGER)"),
                          QStringLiteral("CREATE INDEX snapshots_backup ON snapshots(backup_uuid)"),
                          QStringLiteral("CREATE INDEX snapshots_server ON snapshots(server_uuid)"),
                          QStringLiteral("INSERT INTO meta VALUES ('schema', '1')"),
                          QStringLiteral("INSERT INTO meta VALUES ('filled', '2026-01-01T00:00:00.000Z')"),
                          QStringLiteral("INSERT INTO snapshots VALUES ('%1', '%2', '2026-01-01T00:40:00.000Z', 's1',"
                                         " '[\"backup_uuid:b40\",\"server_uuid:s1\"]', '[\"/v/s1\"]', '', 'tree40',"
                                         " 'b40', 's1', 777, 3)")
                              .arg(s.id, s.shortId)}));
    {
        QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("migrated from schema 1 to 4")));
        Catalogue c;
        QString error;
        QVERIFY2(c.open(path, &error), qPrintable(error));
        QVERIFY(c.isFilled());
        QCOMPARE(c.count(), 1);
        const QList<Snapshot> found = c.findBackup(QStringLiteral("b40"));
        QCOMPARE(found.size(), 1);
        QCOMPARE(found[0].id, s.id);
        QCOMPARE(found[0].tree, QStringLiteral("tree40"));
        QCOMPARE(found[0].stats->totalSize, qint64(777));
    }
    QVERIFY(!QFile::exists(path + QStringLiteral(".broken")));
    QStringList rows;
    QVERIFY(runSql(path,
                   {QStringLiteral("SELECT value FROM meta WHERE key = 'schema'"),
                    QStringLiteral("SELECT name FROM sqlite_master WHERE name IN ('files', 'file_index', 'files_fts',"
                                   " 'server_names') ORDER BY name")},
                   &rows));
    QCOMPARE(rows, QStringList({QStringLiteral("4"), QStringLiteral("file_index"), QStringLiteral("files"),
                                QStringLiteral("files_fts"), QStringLiteral("server_names")}));
    // Opening it again is no second migration.
    Catalogue again;
    QString error;
    QVERIFY(again.open(path, &error));
    QCOMPARE(again.count(), 1);
}

void TestCatalogue::newerSchemaIsNotTrusted()
{
    const QString path = m_dir.filePath(QStringLiteral("v9.sqlite"));
    QVERIFY(runSql(path, {QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
                          QStringLiteral("INSERT INTO meta VALUES ('schema', '9')")}));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("schema 9, expected 4.*rebuilding")));
    Catalogue c;
    QString error;
    QVERIFY2(c.open(path, &error), qPrintable(error));
    QVERIFY(!c.isFilled());
    QVERIFY(QFile::exists(path + QStringLiteral(".broken")));
}

// Schema 3 keeps the Panel's server names; a file of schema 2 (the previous release) gains the table in place,
// its snapshots kept, and the names written then survive a reopen.
void TestCatalogue::serverNamesPersistAndVersion2Migrates()
{
    const QString path = m_dir.filePath(QStringLiteral("v2.sqlite"));
    const Snapshot s = snapshot(50, QStringLiteral("s1"), QStringLiteral("b50"));
    {
        Catalogue c;
        QString error;
        QVERIFY2(c.open(path, &error), qPrintable(error));
        c.add(s);
    }
    QVERIFY(runSql(path, {QStringLiteral("DROP TABLE server_names"),
                          QStringLiteral("UPDATE meta SET value = '2' WHERE key = 'schema'")}));
    const QHash<QString, QString> names{{QStringLiteral("s1"), QStringLiteral("Alpha Survival")}};
    {
        QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("migrated from schema 2 to 4")));
        Catalogue c;
        QString error;
        QVERIFY2(c.open(path, &error), qPrintable(error));
        QCOMPARE(c.count(), 1);
        QVERIFY(c.serverNames().isEmpty());
        c.setServerNames(names);
        QCOMPARE(c.serverNames(), names);
    }
    QVERIFY(!QFile::exists(path + QStringLiteral(".broken")));
    Catalogue again;
    QString error;
    QVERIFY(again.open(path, &error));
    QCOMPARE(again.count(), 1);
    QCOMPARE(again.serverNames(), names);
    // The Panel's list is the whole truth: a server it no longer names loses its name.
    again.setServerNames({});
    again.flush();
    Catalogue third;
    QVERIFY(third.open(m_dir.filePath(QStringLiteral("v2.sqlite")), &error));
    QVERIFY(third.serverNames().isEmpty());
}

// Schema 4 keeps what each of our backups added and the maintenance records; a file of schema 3 gains both tables
// in place, and a forgotten snapshot takes its figure with it.
void TestCatalogue::addedAndMaintenancePersistAndVersion3Migrates()
{
    const QString path = m_dir.filePath(QStringLiteral("v3.sqlite"));
    const Snapshot s = snapshot(60, QStringLiteral("s1"), QStringLiteral("b60"));
    const Snapshot t = snapshot(61, QStringLiteral("s1"), QStringLiteral("b61"));
    {
        Catalogue c;
        QString error;
        QVERIFY2(c.open(path, &error), qPrintable(error));
        c.add(s);
        c.add(t);
    }
    QVERIFY(runSql(path, {QStringLiteral("DROP TABLE snapshot_added"), QStringLiteral("DROP TABLE maintenance"),
                          QStringLiteral("UPDATE meta SET value = '3' WHERE key = 'schema'")}));
    const QJsonObject check{{QStringLiteral("time"), QStringLiteral("2026-02-01T00:00:00.000Z")},
                            {QStringLiteral("successful"), true}};
    {
        QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("migrated from schema 3 to 4")));
        Catalogue c;
        QString error;
        QVERIFY2(c.open(path, &error), qPrintable(error));
        QCOMPARE(c.count(), 2);
        QVERIFY(!c.added(s.id));
        QVERIFY(c.maintenance(QStringLiteral("last_check")).isEmpty());
        c.setAdded(s.id, 123456);
        c.setAdded(t.id, 42);
        c.setMaintenance(QStringLiteral("last_check"), check);
        QCOMPARE(c.added(s.id), std::optional<qint64>(123456));
    }
    QVERIFY(!QFile::exists(path + QStringLiteral(".broken")));
    {
        Catalogue again;
        QString error;
        QVERIFY(again.open(path, &error));
        QCOMPARE(again.added(s.id), std::optional<qint64>(123456));
        QCOMPARE(again.added(t.id), std::optional<qint64>(42));
        QCOMPARE(again.maintenance(QStringLiteral("last_check")), check);
        again.remove({t.id});
        QVERIFY(!again.added(t.id));
    }
    Catalogue third;
    QString error;
    QVERIFY(third.open(path, &error));
    QVERIFY(!third.added(t.id));
    QCOMPARE(third.added(s.id), std::optional<qint64>(123456));
    QStringList rows;
    QVERIFY(runSql(path, {QStringLiteral("SELECT COUNT(*) FROM snapshot_added")}, &rows));
    QCOMPARE(rows, QStringList{QStringLiteral("1")});
}

QTEST_GUILESS_MAIN(TestCatalogue)
#include "tst_catalogue.moc"
