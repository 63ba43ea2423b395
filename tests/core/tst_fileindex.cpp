#include "BackupService.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

#include <sys/stat.h>

using TestSupport::uuidFor;
using TestSupport::writeFile;

// The file index against real restic on a local repository and the real SQLite file: what `ls --json` says,
// relative to the server directory, browsed and searched; own backups indexed in the background, others on first
// use; a forgotten snapshot's rows gone.
class TestFileIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void ownBackupIsIndexedInTheBackground();
    void browsesEveryKindOfName();
    void badPathsAreRefused_data();
    void badPathsAreRefused();
    void anotherServersBackupIsNotFound();
    void snapshotMadeElsewhereIsIndexedOnFirstUse();
    void searchesNewestFirstAndTruncates();
    void forgottenSnapshotLosesItsRows();
    void shutdownCancelsTheIndexInFlight();

private:
    QString backup(const QString& server, int backupN, QString* snapshotId);
    bool backupByHand(const QString& server, int backupN);
    qint64 rowsOf(const QString& snapshotId) const;
    QStringList names(const QList<FileEntry>& entries) const
    {
        QStringList out;
        for (const FileEntry& e : entries)
            out << e.name();
        return out;
    }

    QTemporaryDir m_dir;
    Config m_config;
    std::unique_ptr<BackupService> m_service;
    const QString m_s1 = uuidFor(1);
    const QString m_s2 = uuidFor(2);
    QString m_first; // snapshot ids
    QString m_second;
};

void TestFileIndex::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_config.dataDirectory = m_dir.filePath(QStringLiteral("volumes"));
    m_config.tmpDirectory = m_dir.filePath(QStringLiteral("tmp"));
    m_config.rootDirectory = m_dir.filePath(QStringLiteral("root"));
    m_config.restic.binaryPath = TestSupport::resticBinary();
    m_config.restic.password = QStringLiteral("correct horse battery staple");
    m_config.restic.cacheDir = m_dir.filePath(QStringLiteral("cache"));
    m_config.restic.repository = m_dir.filePath(QStringLiteral("repository"));
    QVERIFY(QDir().mkpath(m_config.rootDirectory));
    const QString s1 = m_config.dataDirectory + QLatin1Char('/') + m_s1;
    QVERIFY(writeFile(s1 + QStringLiteral("/world/level.dat"), "level"));
    QVERIFY(writeFile(s1 + QStringLiteral("/world/region/r.0.0.mca"), QByteArray(5000, 'r')));
    QVERIFY(writeFile(s1 + QStringLiteral("/world/DIM-1/region/r.-1.0.mca"), "nether"));
    QVERIFY(writeFile(s1 + QStringLiteral("/with space.txt"), "space"));
    QVERIFY(writeFile(s1 + QString::fromUtf8("/Ünïcödé ✓/Grün.txt"), "unicode"));
    QVERIFY(writeFile(s1 + QStringLiteral("/$(touch pwned);`id`'\"*?[x]\\.txt"), "shell"));
    QVERIFY(writeFile(s1 + QStringLiteral("/-rf"), "dash"));
    QVERIFY(writeFile(s1 + QStringLiteral("/start.sh"), "#!/bin/sh\n"));
    QVERIFY(QFile::setPermissions(s1 + QStringLiteral("/start.sh"),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup |
                                      QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
    QVERIFY(QDir().mkpath(s1 + QStringLiteral("/empty")));
    QVERIFY(QFile::link(QStringLiteral("world"), s1 + QStringLiteral("/link to world")));
    QVERIFY(QFile::link(QStringLiteral("../../outside"), s1 + QStringLiteral("/world/dangling*")));
    QVERIFY(writeFile(m_config.dataDirectory + QLatin1Char('/') + m_s2 + QStringLiteral("/other.txt"), "s2"));

    m_service = std::make_unique<BackupService>(m_config);
    QString error;
    QVERIFY2(m_service->claimNode(QStringLiteral("test"), &error), qPrintable(error));
    QVERIFY(m_service->fileIndex().isOpen());
    QCOMPARE(m_service->fileIndex().path(), m_service->catalogue().path());
    QVERIFY2(m_service->fileIndex().hasTrigramIndex(), "Qt's SQLite driver has no FTS5 trigram tokenizer");
}

void TestFileIndex::cleanupTestCase()
{
    m_service.reset();
}

QString TestFileIndex::backup(const QString& server, int backupN, QString* snapshotId)
{
    const BackupService::Started s = m_service->startBackup(server, uuidFor(backupN));
    if (!s.ok())
        return QStringLiteral("start failed: ") + s.message;
    if (!QTest::qWaitFor([&] { return s.job->isFinished(); }, 120000))
        return QStringLiteral("timed out");
    if (s.job->state() != Job::State::Succeeded)
        return QStringLiteral("failed: ") + s.job->outcome().error;
    *snapshotId = s.job->outcome().snapshotId;
    return {};
}

// Rows in the database file itself, by a connection of our own.
qint64 TestFileIndex::rowsOf(const QString& snapshotId) const
{
    const QString name = QUuid::createUuid().toString();
    qint64 n = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_service->catalogue().path());
        if (db.open()) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("SELECT count(*) FROM files JOIN file_index ON key = snap WHERE snapshot = ?"));
            q.addBindValue(snapshotId);
            if (q.exec() && q.next())
                n = q.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return n;
}

void TestFileIndex::ownBackupIsIndexedInTheBackground()
{
    QString error = backup(m_s1, 101, &m_first);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // Nobody asked: the backup queued its own index.
    QTRY_COMPARE_WITH_TIMEOUT(m_service->fileIndex().state(m_first), FileIndex::State::Indexed, 30000);
    // Everything below the server directory, nothing at or above it: 16 entries.
    QCOMPARE(m_service->fileIndex().entryCount(m_first), qint64(16));
    QCOMPARE(rowsOf(m_first), qint64(16));
}

void TestFileIndex::browsesEveryKindOfName()
{
    const BackupService::FileListing top = m_service->listFilesBlocking(m_s1, uuidFor(101), QStringLiteral("/"));
    QVERIFY2(top.status == BackupService::FileListing::Status::Ok, qPrintable(top.error));
    // Byte order: '$' < '-' < 'e' < 'l' < 's' < 'w' < 'Ü' (UTF-8 0xC3).
    QCOMPARE(names(top.entries),
             QStringList({QStringLiteral("$(touch pwned);`id`'\"*?[x]\\.txt"), QStringLiteral("-rf"),
                          QStringLiteral("empty"), QStringLiteral("link to world"), QStringLiteral("start.sh"),
                          QStringLiteral("with space.txt"), QStringLiteral("world"), QString::fromUtf8("Ünïcödé ✓")}));
    QHash<QString, FileEntry> byName;
    for (const FileEntry& e : top.entries)
        byName.insert(e.name(), e);
    const FileEntry link = byName.value(QStringLiteral("link to world"));
    QCOMPARE(link.type, FileEntry::Type::Symlink);
    QCOMPARE(link.linkTarget, QStringLiteral("world")); // from `restic find`, since 0.14's ls has none
    QCOMPARE(link.path, QStringLiteral("/link to world"));
    const FileEntry script = byName.value(QStringLiteral("start.sh"));
    QCOMPARE(script.type, FileEntry::Type::File);
    QCOMPARE(script.mode, 0755);
    QCOMPARE(script.size, qint64(10));
    QVERIFY(QDateTime::fromString(script.mtime, Qt::ISODateWithMs).isValid());
    const FileEntry world = byName.value(QStringLiteral("world"));
    QCOMPARE(world.type, FileEntry::Type::Dir);
    QCOMPARE(world.size, qint64(0));

    const BackupService::FileListing inWorld =
        m_service->listFilesBlocking(m_s1, uuidFor(101), QStringLiteral("/world"));
    QVERIFY2(inWorld.status == BackupService::FileListing::Status::Ok, qPrintable(inWorld.error));
    QCOMPARE(names(inWorld.entries), QStringList({QStringLiteral("DIM-1"), QStringLiteral("dangling*"),
                                                  QStringLiteral("level.dat"), QStringLiteral("region")}));
    QCOMPARE(inWorld.entries[1].linkTarget, QStringLiteral("../../outside"));
    QCOMPARE(inWorld.entries[3].path, QStringLiteral("/world/region"));
    const BackupService::FileListing deep =
        m_service->listFilesBlocking(m_s1, uuidFor(101), QStringLiteral("/world/DIM-1/region"));
    QCOMPARE(names(deep.entries), QStringList{QStringLiteral("r.-1.0.mca")});
    QCOMPARE(deep.entries[0].size, qint64(6));
    const BackupService::FileListing unicode =
        m_service->listFilesBlocking(m_s1, uuidFor(101), QString::fromUtf8("/Ünïcödé ✓"));
    QCOMPARE(names(unicode.entries), QStringList{QString::fromUtf8("Grün.txt")});
    const BackupService::FileListing empty = m_service->listFilesBlocking(m_s1, uuidFor(101), QStringLiteral("/empty"));
    QVERIFY(empty.status == BackupService::FileListing::Status::Ok);
    QVERIFY(empty.entries.isEmpty());

    // Not there, and not a directory (a symlink to one is not followed).
    QVERIFY(m_service->listFilesBlocking(m_s1, uuidFor(101), QStringLiteral("/nope")).status ==
            BackupService::FileListing::Status::NoSuchPath);
    QVERIFY(m_service->listFilesBlocking(m_s1, uuidFor(101), QStringLiteral("/world/nope/deeper")).status ==
            BackupService::FileListing::Status::NoSuchPath);
    QVERIFY(m_service->listFilesBlocking(m_s1, uuidFor(101), QStringLiteral("/with space.txt")).status ==
            BackupService::FileListing::Status::NotADirectory);
    QVERIFY(m_service->listFilesBlocking(m_s1, uuidFor(101), QStringLiteral("/link to world")).status ==
            BackupService::FileListing::Status::NotADirectory);
    // A prefix of a name is not its directory.
    QVERIFY(m_service->listFilesBlocking(m_s1, uuidFor(101), QStringLiteral("/wor")).status ==
            BackupService::FileListing::Status::NoSuchPath);
}

void TestFileIndex::badPathsAreRefused_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("relative") << QStringLiteral("world");
    QTest::newRow("empty") << QString();
    QTest::newRow("dotdot") << QStringLiteral("/world/../..");
    QTest::newRow("leading dotdot") << QStringLiteral("/..");
    QTest::newRow("dot") << QStringLiteral("/./world");
    QTest::newRow("trailing slash") << QStringLiteral("/world/");
    QTest::newRow("double slash") << QStringLiteral("//world");
    QTest::newRow("nul") << QStringLiteral("/wor") + QChar(0) + QStringLiteral("ld");
    QTest::newRow("too long") << QLatin1Char('/') + QString(4096, QLatin1Char('a'));
    QTest::newRow("too long in bytes") << QLatin1Char('/') + QString(2048, QChar(0xfc)); // 4097 bytes of UTF-8
}

void TestFileIndex::badPathsAreRefused()
{
    QFETCH(QString, path);
    const QString before = QString::number(rowsOf(m_first));
    const BackupService::FileListing l = m_service->listFilesBlocking(m_s1, uuidFor(101), path);
    QVERIFY(l.status == BackupService::FileListing::Status::InvalidPath);
    QVERIFY(!l.error.isEmpty());
    QVERIFY(l.entries.isEmpty());
    QCOMPARE(QString::number(rowsOf(m_first)), before);
    // 4096 bytes exactly is still a path.
    QVERIFY(FileIndex::pathProblem(QLatin1Char('/') + QString(4095, QLatin1Char('a'))).isEmpty());
}

void TestFileIndex::anotherServersBackupIsNotFound()
{
    const BackupService::FileListing l = m_service->listFilesBlocking(m_s2, uuidFor(101), QStringLiteral("/"));
    QVERIFY(l.status == BackupService::FileListing::Status::BackupNotFound);
    QCOMPARE(l.error, QStringLiteral("The requested backup was not found on this server."));
    const BackupService::FileSearch found =
        m_service->searchFilesBlocking(m_s2, QStringLiteral("level"), BackupService::kDefaultSearchLimit);
    QVERIFY(found.ok);
    QVERIFY(found.matches.isEmpty());
}

// A backup by hand, as another node would make it, then a resync that brings it into the catalogue.
bool TestFileIndex::backupByHand(const QString& server, int backupN)
{
    QProcess p;
    p.setProcessEnvironment(m_service->restic().environment());
    p.start(m_config.restic.binaryPath,
            {QStringLiteral("backup"), QStringLiteral("--json"), QStringLiteral("--host"), server,
             QStringLiteral("--tag"), QStringLiteral("backup_uuid:") + uuidFor(backupN), QStringLiteral("--tag"),
             QStringLiteral("server_uuid:") + server, m_config.dataDirectory + QLatin1Char('/') + server});
    return p.waitForFinished(120000) && p.exitCode() == 0 &&
           m_service->catalogueSync()->resyncAfterNow(QDeadlineTimer(60000));
}

void TestFileIndex::snapshotMadeElsewhereIsIndexedOnFirstUse()
{
    // A backup by hand, as another node would make it: not indexed until someone asks.
    const QString s1 = m_config.dataDirectory + QLatin1Char('/') + m_s1;
    QVERIFY(writeFile(s1 + QStringLiteral("/world/level.dat"), "level, changed"));
    QVERIFY(writeFile(s1 + QStringLiteral("/plugins/Essentials/config.yml"), "x: 1\n"));
    QVERIFY(backupByHand(m_s1, 102));
    const QList<Snapshot> found = m_service->catalogue().findBackup(uuidFor(102));
    QCOMPARE(found.size(), 1);
    m_second = found.first().id;
    QTest::qWait(300);
    QCOMPARE(m_service->fileIndex().state(m_second), FileIndex::State::NotIndexed);
    const BackupService::FileListing l =
        m_service->listFilesBlocking(m_s1, uuidFor(102), QStringLiteral("/plugins/Essentials"));
    QVERIFY2(l.status == BackupService::FileListing::Status::Ok, qPrintable(l.error));
    QCOMPARE(names(l.entries), QStringList{QStringLiteral("config.yml")});
    QCOMPARE(m_service->fileIndex().state(m_second), FileIndex::State::Indexed);
}

void TestFileIndex::searchesNewestFirstAndTruncates()
{
    using Match = FileMatch;
    const auto paths = [](const QList<Match>& ms) {
        QStringList out;
        for (const Match& m : ms)
            out << m.snapshotId.left(8) + QLatin1Char(':') + m.entry.path;
        return out;
    };
    const QString a = m_first.left(8);
    const QString b = m_second.left(8);
    // Case-insensitive, through the trigram index; the newer snapshot first, then by path.
    BackupService::FileSearch r = m_service->searchFilesBlocking(m_s1, QStringLiteral("LEVEL"), 100);
    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(paths(r.matches),
             QStringList({b + QStringLiteral(":/world/level.dat"), a + QStringLiteral(":/world/level.dat")}));
    QVERIFY(!r.truncated);
    QCOMPARE(r.snapshots.value(m_second).backupUuid, uuidFor(102));
    QCOMPARE(r.matches[0].entry.size, qint64(14));
    QCOMPARE(r.matches[1].entry.size, qint64(5));
    // Across a separator, and non-ASCII case folding.
    r = m_service->searchFilesBlocking(m_s1, QStringLiteral("n/R.0"), 100);
    QCOMPARE(paths(r.matches), QStringList({b + QStringLiteral(":/world/region/r.0.0.mca"),
                                            a + QStringLiteral(":/world/region/r.0.0.mca")}));
    r = m_service->searchFilesBlocking(m_s1, QString::fromUtf8("üNÏCÖ"), 100);
    QCOMPARE(r.matches.size(), 4); // the directory and its file, in both
    // Trigrams present but not next to each other do not match ("reg" and "ion" are in "region", "regxion" isn't).
    r = m_service->searchFilesBlocking(m_s1, QStringLiteral("regxion"), 100);
    QVERIFY(r.ok);
    QVERIFY(r.matches.isEmpty());
    // Shell and LIKE characters are text.
    r = m_service->searchFilesBlocking(m_s1, QStringLiteral("*?[x]\\"), 100);
    QCOMPARE(r.matches.size(), 2);
    r = m_service->searchFilesBlocking(m_s1, QString::fromUtf8("ü"), 100); // one character is no search
    QVERIFY(!r.ok);
    QVERIFY(!r.error.isEmpty());
    r = m_service->searchFilesBlocking(m_s1, QStringLiteral("_."), 100);
    QVERIFY(r.ok);
    QVERIFY(r.matches.isEmpty()); // '_' is not LIKE's wildcard here: no path has "_."
    // Two characters: below a trigram, a scan of the server's rows, still case-insensitive.
    r = m_service->searchFilesBlocking(m_s1, QStringLiteral("RF"), 100);
    QCOMPARE(paths(r.matches), QStringList({b + QStringLiteral(":/-rf"), a + QStringLiteral(":/-rf")}));
    r = m_service->searchFilesBlocking(m_s1, QString::fromUtf8("ÜN"), 100);
    QCOMPARE(r.matches.size(), 4);
    // Truncation: exactly `limit`, newest snapshot's first.
    // The two-character scan and the trigram index agree: 9 paths with "world" in each snapshot.
    r = m_service->searchFilesBlocking(m_s1, QStringLiteral("lD"), 100);
    QCOMPARE(r.matches.size(), 18);
    QVERIFY(!r.truncated);
    const QStringList scanned = paths(r.matches);
    r = m_service->searchFilesBlocking(m_s1, QStringLiteral("WORLD"), 100);
    QCOMPARE(paths(r.matches), scanned);
    r = m_service->searchFilesBlocking(m_s1, QStringLiteral("world"), 3);
    QVERIFY(r.truncated);
    QCOMPARE(r.matches.size(), 3);
    for (const Match& m : r.matches)
        QCOMPARE(m.snapshotId, m_second);
}

void TestFileIndex::forgottenSnapshotLosesItsRows()
{
    QVERIFY(rowsOf(m_second) > 0);
    const BackupService::Started s = m_service->startDelete(m_s1, uuidFor(102));
    QVERIFY2(s.ok(), qPrintable(s.message));
    QVERIFY(QTest::qWaitFor([&] { return s.job->isFinished(); }, 120000));
    QVERIFY2(s.job->state() == Job::State::Succeeded, qPrintable(s.job->outcome().error));
    QTRY_COMPARE_WITH_TIMEOUT(rowsOf(m_second), qint64(0), 10000);
    QCOMPARE(m_service->fileIndex().state(m_second), FileIndex::State::NotIndexed);
    QVERIFY(rowsOf(m_first) > 0);
    // Search no longer finds it either, through the trigram index.
    const BackupService::FileSearch r = m_service->searchFilesBlocking(m_s1, QStringLiteral("config.yml"), 100);
    QVERIFY(r.ok);
    QVERIFY(r.matches.isEmpty());
}

// The service goes away while a snapshot is being indexed: restic is stopped, not waited for, and what was written of
// the index is dropped, so the next start indexes it again instead of trusting half a tree.
void TestFileIndex::shutdownCancelsTheIndexInFlight()
{
    // The prune after the delete holds the exclusive lock: a backup by hand would be refused.
    QVERIFY(m_service->jobs()->waitForAll(120000));
    QVERIFY(backupByHand(m_s1, 104));
    const QList<Snapshot> found = m_service->catalogue().findBackup(uuidFor(104));
    QCOMPARE(found.size(), 1);
    const Snapshot snapshot = found.first();
    const QFuture<BackupService::FileListing> asked = m_service->listDirectory(snapshot, QStringLiteral("/"));
    QTRY_VERIFY_WITH_TIMEOUT(m_service->fileIndex().state(snapshot.id) == FileIndex::State::Indexing &&
                                 TestSupport::childProcessNamed(QStringLiteral("restic")),
                             20000);
    QElapsedTimer clock;
    clock.start();
    m_service.reset();
    QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(!TestSupport::childProcessNamed(QStringLiteral("restic")));
    QVERIFY(asked.isFinished());
    QVERIFY(asked.result().status != BackupService::FileListing::Status::Ok);

    m_service = std::make_unique<BackupService>(m_config);
    QString error;
    QVERIFY2(m_service->claimNode(QStringLiteral("test"), &error), qPrintable(error));
    QCOMPARE(m_service->fileIndex().state(snapshot.id), FileIndex::State::NotIndexed);
    QCOMPARE(rowsOf(snapshot.id), qint64(0));
    QVERIFY(rowsOf(m_first) > 0); // the finished one is kept
    QCOMPARE(m_service->fileIndex().state(m_first), FileIndex::State::Indexed);
    const BackupService::FileListing again = m_service->listDirectoryBlocking(snapshot, QStringLiteral("/world"));
    QVERIFY2(again.status == BackupService::FileListing::Status::Ok, qPrintable(again.error));
    QCOMPARE(again.entries.size(), 4);
}

QTEST_GUILESS_MAIN(TestFileIndex)
#include "tst_fileindex.moc"
