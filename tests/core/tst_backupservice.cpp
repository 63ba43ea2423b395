#include "BackupService.h"
#include "S3Server.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>
#include <QUuid>
#include <QtTest>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using TestSupport::snapshotTree;
using TestSupport::uuidFor;
using TestSupport::writeFile;
using Tree = QMap<QString, QByteArray>;

// The backup service against real restic: a local repository, or S3 through s3rver over TLS
// (POUCH_TEST_BACKEND=s3). Tests build on each other in declaration order, like a day of a real node.
class TestBackupService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void concurrentFirstBackupsInitialiseOnce();
    void listingIsServerScoped();
    void statusAndStats();
    void statsCacheSurvivesRestart();
    void restoreSameServerWithTruncate();
    void restoreWithoutTruncateMerges();
    void crossServerRestoreDropsThePathPrefix();
    void ignorePatternsAreHonoured();
    void busyServerRefusesSecondJob();
    void hardLinksSurviveARestore();
    void ownBackupNeedsNoLookup();
    void manySnapshotsAreMeasuredInOneCall();
    void restoreNeverWritesThroughTargetSymlinks();
    void forgedSnapshotPathCannotReachAnotherServer();
    void restoredFilesBelongToTargetOwnerAndSpecialFilesAreSafe();
    void lockContentionIsWaitedOut();
    void deleteThenStatusIsFalse();
    void badIdsChangeNothing();
    void startupRecoveryCleansLeftovers();
    void partialBackupWhoseForgetFailsIsNeverGood();
    void catalogueFollowsTheRepository();
    void burstOfMissesSharesOneResync();
    void deleteWaitingForALockCanBeCancelled();
    void noJobStartsOnceShutdownBegun();
    void destroyedMidJobJoinsItsWorkers();
    void wrongPasswordIsAClearError();
    void missingBinaryIsAClearError();
    void unreachableRepositoryIsAClearError();
    void cleanupTestCase();

private:
    QString server(int n) const { return uuidFor(100 + n); }
    QString serverDir(int n) const { return m_config.dataDirectory + QLatin1Char('/') + server(n); }
    Job* finished(Job* job, int timeoutMs = 120000);
    QString backup(int serverN, int backupN, const QString& ignore = {});
    Snapshot find(int backupN);
    QProcess* startRestic(const QStringList& args, const Config& config);

    bool m_useS3 = false;
    S3Server m_s3;
    QTemporaryDir m_dir;
    Config m_config;
    std::unique_ptr<BackupService> m_service;
    Tree m_original1; // server 1's files as backed up in backup 1
};

void TestBackupService::initTestCase()
{
    m_useS3 = qgetenv("POUCH_TEST_BACKEND") == "s3";
    QVERIFY(m_dir.isValid());
    m_config.dataDirectory = m_dir.filePath(QStringLiteral("volumes"));
    m_config.tmpDirectory = m_dir.filePath(QStringLiteral("tmp"));
    m_config.rootDirectory = m_dir.filePath(QStringLiteral("root"));
    m_config.restic.binaryPath = TestSupport::resticBinary();
    m_config.restic.password = QStringLiteral("correct horse battery staple");
    m_config.restic.cacheDir = m_dir.filePath(QStringLiteral("cache"));
    m_config.restic.restoreMethod = TestSupport::restoreMethod();
    if (m_useS3) {
        QString error;
        POUCH_REQUIRE(m_s3.start(&error), QStringLiteral("S3 test server unavailable: ") + error);
        m_config.restic.repository = m_s3.repositoryUrl(QStringLiteral("pouch"));
        m_config.restic.cacert = m_s3.caCertPath();
        m_config.restic.awsAccessKeyId = m_s3.accessKey();
        m_config.restic.awsSecretAccessKey = m_s3.secretKey();
        m_config.restic.awsRegion = QStringLiteral("us-east-1");
    } else {
        m_config.restic.repository = m_dir.filePath(QStringLiteral("repository"));
    }
    for (int n = 1; n <= 4; ++n)
        QVERIFY(QDir().mkpath(serverDir(n)));
    QVERIFY(QDir().mkpath(m_config.rootDirectory));
    m_service = std::make_unique<BackupService>(m_config);
    m_service->claimNode(QStringLiteral("test"), nullptr);
}

void TestBackupService::cleanupTestCase()
{
    m_service.reset();
    m_s3.stop();
}

Job* TestBackupService::finished(Job* job, int timeoutMs)
{
    if (!job || !QTest::qWaitFor([job] { return job->isFinished(); }, timeoutMs))
        return nullptr;
    return job;
}

QString TestBackupService::backup(int serverN, int backupN, const QString& ignore)
{
    const BackupService::Started s = m_service->startBackup(server(serverN), uuidFor(backupN), ignore);
    if (!s.ok())
        return QStringLiteral("start failed: ") + s.message;
    Job* job = finished(s.job);
    if (!job)
        return QStringLiteral("timed out");
    if (job->state() != Job::State::Succeeded)
        return QStringLiteral("failed: ") + job->outcome().error;
    return {};
}

Snapshot TestBackupService::find(int backupN)
{
    const auto found = m_service->findBackupBlocking(uuidFor(backupN));
    return found.snapshots.value(0);
}

void TestBackupService::concurrentFirstBackupsInitialiseOnce()
{
    QVERIFY(writeFile(serverDir(1) + QStringLiteral("/server.properties"), "motd=hello\n"));
    QVERIFY(writeFile(serverDir(1) + QStringLiteral("/world/level.dat"), QByteArray(20000, 'w')));
    QVERIFY(writeFile(serverDir(1) + QStringLiteral("/.hidden"), "dot"));
    QVERIFY(QFile::link(QStringLiteral("server.properties"), serverDir(1) + QStringLiteral("/link")));
    QVERIFY(writeFile(serverDir(2) + QStringLiteral("/other.txt"), "server two"));
    m_original1 = snapshotTree(serverDir(1));

    // Two servers at once on a repository that does not exist yet: one init, both backups good.
    QSignalSpy events(m_service->events(), &EventBus::published);
    const auto a = m_service->startBackup(server(1), uuidFor(1));
    const auto b = m_service->startBackup(server(2), uuidFor(2));
    QVERIFY2(a.ok() && b.ok(), qPrintable(a.message + b.message));
    QVERIFY(finished(a.job) && finished(b.job));
    QVERIFY2(a.job->state() == Job::State::Succeeded, qPrintable(a.job->outcome().error));
    QVERIFY2(b.job->state() == Job::State::Succeeded, qPrintable(b.job->outcome().error));
    QCOMPARE(a.job->outcome().snapshotId.size(), 64);
    QVERIFY(a.job->outcome().snapshotSize >= 20000);

    QTRY_VERIFY(events.size() >= 4);
    int started = 0, completed = 0;
    for (const auto& args : events) {
        const auto e = args.at(0).value<PouchEvent>();
        if (e.kind == PouchEvent::Kind::BackupStarted)
            ++started;
        if (e.kind == PouchEvent::Kind::BackupCompleted) {
            ++completed;
            QVERIFY(e.successful); // the wire shape is the API's (tst_api, WireFormat)
        }
    }
    QCOMPARE(started, 2);
    QCOMPARE(completed, 2);
}

void TestBackupService::listingIsServerScoped()
{
    const auto one = m_service->listSnapshotsBlocking(server(1), false);
    QVERIFY2(one.ok, qPrintable(one.error));
    QCOMPARE(one.snapshots.size(), 1);
    QCOMPARE(one.snapshots[0].backupUuid, uuidFor(1));
    QCOMPARE(one.snapshots[0].serverUuid, server(1));
    QCOMPARE(one.snapshots[0].hostname, server(1));
    QCOMPARE(one.snapshots[0].paths, QStringList{serverDir(1)});
    QVERIFY(!one.snapshots[0].stats);
    const auto two = m_service->listSnapshotsBlocking(server(2), false);
    QCOMPARE(two.snapshots.size(), 1);
    QCOMPARE(two.snapshots[0].backupUuid, uuidFor(2));
    QCOMPARE(m_service->listSnapshotsBlocking(server(3), false).snapshots.size(), 0);

    // Newest first.
    QVERIFY(backup(1, 3).isEmpty());
    const auto again = m_service->listSnapshotsBlocking(server(1), true);
    QCOMPARE(again.snapshots.size(), 2);
    QCOMPARE(again.snapshots[0].backupUuid, uuidFor(3));
    // With stats on request (the JSON shape is the API's: tst_snapshot, tst_api).
    QVERIFY(again.snapshots[0].stats.has_value() && again.snapshots[1].stats.has_value());
    QVERIFY(again.snapshots[0].time >= again.snapshots[1].time);
}

void TestBackupService::statusAndStats()
{
    const auto found = m_service->findBackupBlocking(uuidFor(1), server(1));
    QCOMPARE(found.snapshots.size(), 1);
    const auto stats = m_service->statsBlocking(found.snapshots[0].id);
    QVERIFY2(stats.ok, qPrintable(stats.error));
    // server.properties (11 bytes), world/level.dat (20000) and .hidden (3); links and directories weigh nothing ...
    QCOMPARE(stats.stats.totalSize, qint64(20000 + 11 + 3));
    // ... and exactly restic's own figures, as a user checking with `restic stats --json <id>` sees them
    // (they count the directories above the server directory too: that is restic's figure, not Pouch's).
    QProcess* p = startRestic({QStringLiteral("stats"), QStringLiteral("--json"), found.snapshots[0].id}, m_config);
    QVERIFY(p->waitForFinished(60000) && p->exitCode() == 0);
    const QJsonObject restic = QJsonDocument::fromJson(p->readAllStandardOutput()).object();
    QCOMPARE(stats.stats.totalFileCount, qint64(restic.value(QLatin1String("total_file_count")).toDouble()));
    QCOMPARE(stats.stats.totalSize, qint64(restic.value(QLatin1String("total_size")).toDouble()));
    // Five entries inside the server directory plus every directory above it.
    const int above = int(serverDir(1).split(QLatin1Char('/'), Qt::SkipEmptyParts).size());
    QCOMPARE(stats.stats.totalFileCount, qint64(5 + above));
    // Another server's view of the same backup id: nothing.
    QCOMPARE(m_service->findBackupBlocking(uuidFor(1), server(2)).snapshots.size(), 0);
    QCOMPARE(m_service->findBackupBlocking(uuidFor(999)).snapshots.size(), 0);
    QVERIFY(m_service->findBackupBlocking(uuidFor(999)).ok);
}

void TestBackupService::statsCacheSurvivesRestart()
{
    const Snapshot s = m_service->findBackupBlocking(uuidFor(1)).snapshots.value(0);
    const auto live = m_service->statsBlocking(s.id);
    QVERIFY(live.ok);
    // A restarted node answers from the cache without asking restic (here: without a restic at all).
    Config noRestic = m_config;
    noRestic.restic.binaryPath = QStringLiteral("/nonexistent/restic");
    QCoreApplication::processEvents(); // the catalogue's writes reach its file on its own thread
    BackupService restarted(noRestic);
    QVERIFY(restarted.claimNode(QStringLiteral("test"), nullptr));
    QVERIFY(restarted.catalogue().isPersistent());
    // The listing, stats included, comes from the stored catalogue: no restic is asked.
    const auto listed = restarted.listSnapshotsBlocking(server(1), true);
    QVERIFY2(listed.ok, qPrintable(listed.error));
    QCOMPARE(listed.snapshots.size(), m_service->listSnapshotsBlocking(server(1), false).snapshots.size());
    QVERIFY(listed.snapshots.value(0).stats.has_value());
    const auto cached = restarted.statsBlocking(s.id);
    QVERIFY2(cached.ok, qPrintable(cached.error));
    QCOMPARE(cached.stats.totalSize, live.stats.totalSize);
    QCOMPARE(cached.stats.totalFileCount, live.stats.totalFileCount);
    QVERIFY(!restarted.statsBlocking(QString(64, QLatin1Char('0'))).ok);
}

void TestBackupService::restoreSameServerWithTruncate()
{
    QVERIFY(QFile::remove(serverDir(1) + QStringLiteral("/server.properties")));
    QVERIFY(writeFile(serverDir(1) + QStringLiteral("/world/level.dat"), "corrupted"));
    QVERIFY(writeFile(serverDir(1) + QStringLiteral("/new-junk.txt"), "junk"));
    const auto s = m_service->startRestore(server(1), find(1), true);
    QVERIFY2(s.ok(), qPrintable(s.message));
    QVERIFY(finished(s.job));
    QVERIFY2(s.job->state() == Job::State::Succeeded, qPrintable(s.job->outcome().error));
    QCOMPARE(snapshotTree(serverDir(1)), m_original1);
    // No staging left behind: the old files moved aside go right after the job has reported.
    QTRY_VERIFY(QDir(m_service->paths().stagingRoot()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
}

void TestBackupService::restoreWithoutTruncateMerges()
{
    QVERIFY(writeFile(serverDir(1) + QStringLiteral("/world/level.dat"), "corrupted"));
    QVERIFY(writeFile(serverDir(1) + QStringLiteral("/extra/keep.txt"), "keep me"));
    const auto s = m_service->startRestore(server(1), find(1), false);
    QVERIFY(s.ok());
    QVERIFY(finished(s.job));
    QVERIFY2(s.job->state() == Job::State::Succeeded, qPrintable(s.job->outcome().error));
    Tree expected = m_original1;
    expected.insert(QStringLiteral("extra"), "dir:");
    expected.insert(QStringLiteral("extra/keep.txt"), "keep me");
    QCOMPARE(snapshotTree(serverDir(1)), expected);
}

void TestBackupService::crossServerRestoreDropsThePathPrefix()
{
    QSignalSpy events(m_service->events(), &EventBus::published);
    const auto s = m_service->startRestore(server(3), find(1), false);
    QVERIFY(s.ok());
    QCOMPARE(s.job->sourceServerUuid(), server(1));
    QVERIFY(finished(s.job));
    QVERIFY2(s.job->state() == Job::State::Succeeded, qPrintable(s.job->outcome().error));
    QCOMPARE(snapshotTree(serverDir(3)), m_original1);
    QTRY_VERIFY(!events.isEmpty());
    const auto last = events.last().at(0).value<PouchEvent>();
    QCOMPARE(last.kind, PouchEvent::Kind::RestoreCompleted);
    QCOMPARE(last.serverId, server(3));
    QCOMPARE(last.backupUuid, uuidFor(1));
}

// Game servers hard-link world files (e.g. backups inside the volume): a restore brings them back linked,
// inside the target only, with their content.
void TestBackupService::hardLinksSurviveARestore()
{
    const QString d = serverDir(20);
    QVERIFY(writeFile(d + QStringLiteral("/world/region.mca"), QByteArray(50000, 'r')));
    QVERIFY(QDir().mkpath(d + QStringLiteral("/snapshots")));
    QCOMPARE(::link(QFile::encodeName(d + QStringLiteral("/world/region.mca")).constData(),
                    QFile::encodeName(d + QStringLiteral("/snapshots/region.mca")).constData()),
             0);
    const Tree before = snapshotTree(d);
    QVERIFY2(backup(20, 20).isEmpty(), "backup failed");
    QVERIFY(writeFile(serverDir(21) + QStringLiteral("/old.txt"), "replaced"));
    const auto s = m_service->startRestore(server(21), find(20), true);
    QVERIFY(s.ok());
    QVERIFY(finished(s.job));
    QVERIFY2(s.job->state() == Job::State::Succeeded, qPrintable(s.job->outcome().error));
    QCOMPARE(snapshotTree(serverDir(21)), before);
    struct stat a
    {
    };
    struct stat b
    {
    };
    QCOMPARE(::lstat(QFile::encodeName(serverDir(21) + QStringLiteral("/world/region.mca")).constData(), &a), 0);
    QCOMPARE(::lstat(QFile::encodeName(serverDir(21) + QStringLiteral("/snapshots/region.mca")).constData(), &b), 0);
    if (TestSupport::restoreMethod() == QLatin1String("dump")) {
        // restic dump's tar stream has no hard links (0.14): the dump method brings back two equal files, as
        // the README says. Should a restic start linking them, this fails and the README must change.
        QVERIFY(a.st_ino != b.st_ino);
        QCOMPARE(a.st_nlink, nlink_t(1));
        return;
    }
    QCOMPARE(a.st_ino, b.st_ino);
    QCOMPARE(a.st_nlink, nlink_t(2)); // linked to each other, to nothing outside
}

namespace {
QStringList g_resticRuns;
QtMessageHandler g_previousHandler = nullptr;
void recordResticRuns(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (message.startsWith(QLatin1String("run: ")))
        g_resticRuns << message;
    g_previousHandler(type, context, message);
}
} // namespace

// restic 0.14 names a new snapshot by its short id; Pouch finds the full id in restic's cache instead of a
// second restic call (half a second of key derivation), and a resync later brings restic's exact time.
void TestBackupService::ownBackupNeedsNoLookup()
{
    QVERIFY(writeFile(serverDir(22) + QStringLiteral("/server.properties"), "motd=lookup"));
    g_resticRuns.clear();
    g_previousHandler = qInstallMessageHandler(recordResticRuns);
    const QString error = backup(22, 22);
    qInstallMessageHandler(g_previousHandler);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const Snapshot own = m_service->findBackupBlocking(uuidFor(22)).snapshots.value(0);
    QVERIFY(Snapshot::isSnapshotId(own.id));
    for (const QString& run : std::as_const(g_resticRuns))
        QVERIFY2(!run.contains(QStringLiteral("snapshots --json ") + own.shortId), qPrintable(run));
    QVERIFY2(g_resticRuns.size() >= 1, "the backup's own restic run was seen");

    // restic's own record replaces the provisional one at the next resync.
    QVERIFY(m_service->catalogueSync()->resyncAfterNow(QDeadlineTimer(60000)));
    const Snapshot listed = m_service->findBackupBlocking(uuidFor(22)).snapshots.value(0);
    QCOMPARE(listed.id, own.id);
    QVERIFY(!listed.tree.isEmpty());
    QVERIFY(qAbs(listed.time.msecsTo(own.time)) < 2000);
}

// A first include_stats listing measures the snapshots it has never seen with one `restic find` instead of
// one `restic stats` each, and gets exactly restic's figures; a snapshot with hard links (whose size restic
// counts once per inode, which find does not show) gets its own `stats`.
void TestBackupService::manySnapshotsAreMeasuredInOneCall()
{
    const QString d = serverDir(23);
    QVERIFY(writeFile(d + QStringLiteral("/a.txt"), "alpha"));
    QVERIFY(writeFile(d + QStringLiteral("/.hidden/b [x] {y} \"q\".dat"), QByteArray(7000, 'b')));
    QVERIFY(QFile::link(QStringLiteral("a.txt"), d + QStringLiteral("/sym")));
    QVERIFY(backup(23, 231).isEmpty());
    QVERIFY(writeFile(d + QStringLiteral("/world/c"), QByteArray(12345, 'c')));
    QVERIFY(backup(23, 232).isEmpty());
    QCOMPARE(::link(QFile::encodeName(d + QStringLiteral("/world/c")).constData(),
                    QFile::encodeName(d + QStringLiteral("/world/c-linked")).constData()),
             0);
    QVERIFY(backup(23, 233).isEmpty());
    // The node that made them measures them in the background: let that end before counting restic runs.
    for (int n : {231, 232, 233})
        QVERIFY(m_service->statsBlocking(find(n).id).ok);

    Config fresh = m_config;
    fresh.rootDirectory = m_dir.filePath(QStringLiteral("no-state-here")); // an empty catalogue in memory
    BackupService node(fresh);
    g_resticRuns.clear();
    g_previousHandler = qInstallMessageHandler(recordResticRuns);
    const auto listed = node.listSnapshotsBlocking(server(23), true);
    qInstallMessageHandler(g_previousHandler);
    QVERIFY2(listed.ok, qPrintable(listed.error));
    QCOMPARE(listed.snapshots.size(), 3);
    for (const Snapshot& s : listed.snapshots) {
        QProcess* p = startRestic({QStringLiteral("stats"), QStringLiteral("--json"), s.id}, m_config);
        QVERIFY(p->waitForFinished(60000));
        const QJsonObject restic = QJsonDocument::fromJson(p->readAllStandardOutput()).object();
        QVERIFY(s.stats.has_value());
        QCOMPARE(s.stats->totalSize, qint64(restic.value(QLatin1String("total_size")).toDouble()));
        QCOMPARE(s.stats->totalFileCount, qint64(restic.value(QLatin1String("total_file_count")).toDouble()));
    }
    int finds = 0;
    int stats = 0;
    for (const QString& run : std::as_const(g_resticRuns)) {
        finds += run.contains(QLatin1String(" find --json ")) && run.endsWith(QLatin1String(" -- *")) ? 1 : 0;
        stats += run.contains(QLatin1String(" stats --json ")) ? 1 : 0;
    }
    QCOMPARE(finds, 1);
    QCOMPARE(stats, 1); // the snapshot with the hard link
}

void TestBackupService::ignorePatternsAreHonoured()
{
    const QString d = serverDir(4);
    for (const char* f :
         {"keep.txt", "a.tmp", "deep/er/b.tmp", "logs/latest.log", "plugins/logs/x.log", "logs-file/logs", "config.yml",
          "sub/config.yml", "cache/c.bin", "important.tmp", "dollar$HOME.txt"})
        QVERIFY(writeFile(d + QLatin1Char('/') + QString::fromLatin1(f), "x"));
    const QString ignore = QStringLiteral("# Panel ignore list\n*.tmp\nlogs/\n/config.yml\ncache\n!important.tmp\n"
                                          "dollar$HOME.txt\n../../etc\n");
    QVERIFY2(backup(4, 4, ignore).isEmpty(), "backup with ignore failed");
    // Restore it elsewhere to see exactly what the snapshot holds.
    const QString target = m_config.dataDirectory + QLatin1Char('/') + uuidFor(444);
    QVERIFY(QDir().mkpath(target));
    const auto s = m_service->startRestore(uuidFor(444), find(4), true);
    QVERIFY(s.ok());
    QVERIFY(finished(s.job));
    QVERIFY2(s.job->state() == Job::State::Succeeded, qPrintable(s.job->outcome().error));
    const Tree got = snapshotTree(target);
    QVERIFY(got.contains(QStringLiteral("keep.txt")));
    QVERIFY(!got.contains(QStringLiteral("a.tmp")));
    QVERIFY(!got.contains(QStringLiteral("deep/er/b.tmp")));
    QVERIFY(got.contains(QStringLiteral("important.tmp"))); // re-included with !
    QVERIFY(!got.contains(QStringLiteral("logs/latest.log")));
    QVERIFY(!got.contains(QStringLiteral("plugins/logs/x.log")));
    QVERIFY(got.contains(QStringLiteral("logs-file/logs"))); // a file named logs is not a directory
    QVERIFY(!got.contains(QStringLiteral("config.yml")));    // anchored ...
    QVERIFY(got.contains(QStringLiteral("sub/config.yml"))); // ... to the server root only
    QVERIFY(!got.contains(QStringLiteral("cache/c.bin")));
    QVERIFY(!got.contains(QStringLiteral("dollar$HOME.txt")));
}

void TestBackupService::busyServerRefusesSecondJob()
{
    QVERIFY(writeFile(serverDir(2) + QStringLiteral("/big.bin"), QByteArray(2 * 1024 * 1024, 'b')));
    const auto first = m_service->startBackup(server(2), uuidFor(5));
    QVERIFY(first.ok());
    const auto second = m_service->startBackup(server(2), uuidFor(6));
    QCOMPARE(second.error, BackupService::Error::Busy);
    QVERIFY2(second.message.contains(server(2)), qPrintable(second.message));
    const auto restore = m_service->startRestore(server(2), find(2), false);
    QCOMPARE(restore.error, BackupService::Error::Busy);
    // Another server is not held up.
    const auto other = m_service->startBackup(server(3), uuidFor(7));
    QVERIFY(other.ok());
    QVERIFY(finished(first.job) && finished(other.job));
    QCOMPARE(first.job->state(), Job::State::Succeeded);
    QCOMPARE(other.job->state(), Job::State::Succeeded);
    QVERIFY(find(6).id.isEmpty());
}

void TestBackupService::restoreNeverWritesThroughTargetSymlinks()
{
    // Backup 8 holds a directory "plugins" with a file; the target has "plugins" as a symlink outside.
    const QString src = m_config.dataDirectory + QLatin1Char('/') + uuidFor(800);
    QVERIFY(writeFile(src + QStringLiteral("/plugins/payload.jar"), "payload"));
    QVERIFY(writeFile(src + QStringLiteral("/escape"), "not a link in the snapshot"));
    const auto b = m_service->startBackup(uuidFor(800), uuidFor(8));
    QVERIFY(b.ok() && finished(b.job) && b.job->state() == Job::State::Succeeded);

    const QString outside = m_dir.filePath(QStringLiteral("outside"));
    QVERIFY(QDir().mkpath(outside));
    QVERIFY(writeFile(outside + QStringLiteral("/victim.txt"), "untouched"));
    const QString target = m_config.dataDirectory + QLatin1Char('/') + uuidFor(801);
    QVERIFY(QDir().mkpath(target));
    QVERIFY(QFile::link(outside, target + QStringLiteral("/plugins")));
    QVERIFY(QFile::link(outside + QStringLiteral("/victim.txt"), target + QStringLiteral("/escape")));
    const Tree outsideBefore = snapshotTree(outside);

    const auto r = m_service->startRestore(uuidFor(801), find(8), false);
    QVERIFY(r.ok() && finished(r.job));
    QVERIFY2(r.job->state() == Job::State::Succeeded, qPrintable(r.job->outcome().error));
    QCOMPARE(snapshotTree(outside), outsideBefore);
    const Tree got = snapshotTree(target);
    QCOMPARE(got.value(QStringLiteral("plugins")), QByteArray("dir:"));
    QCOMPARE(got.value(QStringLiteral("plugins/payload.jar")), QByteArray("payload"));
    QCOMPARE(got.value(QStringLiteral("escape")), QByteArray("not a link in the snapshot"));
}

void TestBackupService::forgedSnapshotPathCannotReachAnotherServer()
{
    // A repository shared with other nodes could hold a snapshot whose path climbs out of the staging tree.
    Snapshot forged = find(1);
    QVERIFY(!forged.id.isEmpty());
    const Tree victim = snapshotTree(serverDir(2));
    const Tree target = snapshotTree(serverDir(3));
    for (const QString& path : {QStringLiteral("/../../../") + server(2), QStringLiteral("/x/../../") + server(2),
                                QStringLiteral("relative/") + server(2), QStringLiteral("//") + server(2)}) {
        forged.paths = QStringList{path};
        const auto r = m_service->startRestore(server(3), forged, true);
        QVERIFY(r.ok() && finished(r.job));
        QCOMPARE(r.job->state(), Job::State::Failed);
        QVERIFY2(r.job->outcome().error.contains(QLatin1String("no usable path")), qPrintable(r.job->outcome().error));
        QCOMPARE(snapshotTree(serverDir(2)), victim);
        QCOMPARE(snapshotTree(serverDir(3)), target);
    }
}

void TestBackupService::restoredFilesBelongToTargetOwnerAndSpecialFilesAreSafe()
{
    if (::geteuid() != 0)
        QSKIP("needs root: device nodes and ownership changes");
    const QString src = m_config.dataDirectory + QLatin1Char('/') + uuidFor(810);
    QVERIFY(writeFile(src + QStringLiteral("/plugins/p.jar"), "jar"));
    QVERIFY(::mkfifo(QFile::encodeName(src + QStringLiteral("/pipe")).constData(), 0644) == 0);
    QVERIFY(::mknod(QFile::encodeName(src + QStringLiteral("/null")).constData(), S_IFCHR | 0666, makedev(1, 3)) == 0);
    QVERIFY(writeFile(src + QStringLiteral("/suid"), "#!/bin/sh\n"));
    QVERIFY(::chmod(QFile::encodeName(src + QStringLiteral("/suid")).constData(), 04755) == 0);
    const auto b = m_service->startBackup(uuidFor(810), uuidFor(81));
    QVERIFY(b.ok() && finished(b.job) && b.job->state() == Job::State::Succeeded);

    // The target belongs to the game server's user, as Wings sets it up.
    const QString target = m_config.dataDirectory + QLatin1Char('/') + uuidFor(811);
    QVERIFY(QDir().mkpath(target));
    QVERIFY(::chown(QFile::encodeName(target).constData(), 4242, 4343) == 0);
    const auto r = m_service->startRestore(uuidFor(811), find(81), true);
    QVERIFY(r.ok() && finished(r.job));
    QVERIFY2(r.job->state() == Job::State::Succeeded, qPrintable(r.job->outcome().error));
    struct stat st
    {
    };
    for (const char* name : {"plugins", "plugins/p.jar", "pipe", "suid"}) {
        QVERIFY2(::lstat(QFile::encodeName(target + QLatin1Char('/') + QLatin1String(name)).constData(), &st) == 0,
                 name);
        QCOMPARE(st.st_uid, uid_t(4242));
        QCOMPARE(st.st_gid, gid_t(4343));
    }
    QVERIFY(::lstat(QFile::encodeName(target + QStringLiteral("/suid")).constData(), &st) == 0);
    QCOMPARE(st.st_mode & 07777, 0755u); // no setuid bit handed to a tenant
    QVERIFY(::lstat(QFile::encodeName(target + QStringLiteral("/pipe")).constData(), &st) == 0);
    if (TestSupport::restoreMethod() == QLatin1String("dump"))
        QVERIFY(S_ISREG(st.st_mode) && st.st_size == 0); // restic 0.14 dumps a named pipe as an empty file
    else
        QVERIFY(S_ISFIFO(st.st_mode));
    if (TestSupport::restoreMethod() == QLatin1String("dump")) {
        // restic 0.14 dumps a device node as an empty file: no device reaches the target either way.
        QVERIFY(::lstat(QFile::encodeName(target + QStringLiteral("/null")).constData(), &st) == 0);
        QVERIFY(S_ISREG(st.st_mode) && st.st_size == 0);
    } else {
        QVERIFY(!QFileInfo::exists(target + QStringLiteral("/null"))); // device nodes are never restored
        QVERIFY(::lstat(QFile::encodeName(target + QStringLiteral("/null")).constData(), &st) != 0);
    }
}

QProcess* TestBackupService::startRestic(const QStringList& args, const Config& config)
{
    auto* p = new QProcess(this);
    Restic restic(config);
    p->setProcessEnvironment(restic.environment());
    QStringList full;
    if (!config.restic.cacert.isEmpty())
        full << QStringLiteral("--cacert") << config.restic.cacert;
    p->start(config.restic.binaryPath, full + args);
    return p;
}

void TestBackupService::lockContentionIsWaitedOut()
{
    // `backup --stdin` holds a shared lock until its input ends, which blocks forget's exclusive lock.
    QProcess* holder = startRestic(
        {QStringLiteral("backup"), QStringLiteral("--stdin"), QStringLiteral("--host"), QStringLiteral("elsewhere")},
        m_config);
    QVERIFY(holder->waitForStarted());
    holder->write("held");
    // Wait until restic has really taken its lock (a slow machine may need a while to open the repository).
    const bool locked = QTest::qWaitFor(
        [&] {
            Restic::RunOptions o;
            o.noLock = true;
            const ResticResult r = m_service->restic().run({QStringLiteral("list"), QStringLiteral("locks")}, o);
            return r.ok() && !r.standardOutput.trimmed().isEmpty();
        },
        60000);
    QVERIFY2(locked, "restic backup --stdin never took its lock");
    QElapsedTimer t;
    t.start();
    const auto del = m_service->startDelete(server(3), uuidFor(7));
    QVERIFY(del.ok());
    QTest::qWait(2500);
    QVERIFY2(!del.job->isFinished(), "forget should be waiting for the lock");
    const QDateTime released = QDateTime::currentDateTimeUtc();
    holder->closeWriteChannel();
    QVERIFY(holder->waitForFinished(60000));
    QVERIFY(finished(del.job));
    QVERIFY2(del.job->state() == Job::State::Succeeded, qPrintable(del.job->outcome().error));
    // It finished because the lock went, not by giving up: after the release, and within the lock wait.
    QVERIFY(del.job->finishedAt() >= released);
    QVERIFY(t.elapsed() < 900000);
    QVERIFY(find(7).id.isEmpty());
    delete holder;
}

void TestBackupService::deleteThenStatusIsFalse()
{
    QVERIFY(!find(3).id.isEmpty());
    // Scoped: server 2 cannot delete server 1's backup.
    const auto wrong = m_service->startDelete(server(2), uuidFor(3));
    QVERIFY(finished(wrong.job));
    QCOMPARE(wrong.job->state(), Job::State::Failed);
    QVERIFY(!find(3).id.isEmpty());
    // Nor by handing over server 1's snapshots as if they had been found for server 2.
    const auto smuggled = m_service->startDelete(server(2), uuidFor(3), {find(3)});
    QCOMPARE(smuggled.error, BackupService::Error::BackupNotFound);
    QVERIFY(!find(3).id.isEmpty());

    QSignalSpy added(m_service->jobs(), &JobManager::jobAdded);
    const auto del = m_service->startDelete(server(1), uuidFor(3));
    QVERIFY(finished(del.job));
    QVERIFY2(del.job->state() == Job::State::Succeeded, qPrintable(del.job->outcome().error));
    QVERIFY(find(3).id.isEmpty());
    QVERIFY(!find(1).id.isEmpty());
    // The prune that follows runs and succeeds.
    QTRY_VERIFY_WITH_TIMEOUT(!added.isEmpty(), 10000);
    Job* prune = added.last().at(0).value<Job*>();
    QCOMPARE(prune->kind(), Job::Kind::Prune);
    QVERIFY(finished(prune));
    QVERIFY2(prune->state() == Job::State::Succeeded, qPrintable(prune->outcome().error));
    // The repository is sound after all of it.
    QProcess* check = startRestic({QStringLiteral("check")}, m_config);
    QVERIFY(check->waitForFinished(120000));
    QVERIFY2(check->exitCode() == 0, check->readAllStandardError().constData());
    delete check;
}

void TestBackupService::badIdsChangeNothing()
{
    const QString lettered = QStringLiteral("abcdef00-0000-4000-8000-00000000abcd");
    QVERIFY(QDir().mkpath(m_config.dataDirectory + QLatin1Char('/') + lettered));
    const Tree before = snapshotTree(m_config.dataDirectory);
    const QStringList bad{lettered.toUpper(),
                          QStringLiteral("../") + server(1),
                          QStringLiteral("%2e%2e"),
                          QStringLiteral("/etc"),
                          QStringLiteral("not-a-uuid"),
                          server(1) + QStringLiteral("/.."),
                          QString(),
                          QString(server(1)).append(QChar(0))};
    for (const QString& id : bad) {
        QVERIFY2(m_service->startBackup(id, uuidFor(50)).error == BackupService::Error::ServerNotFound,
                 qPrintable(id + QString::number(id.size())));
        QCOMPARE(m_service->startBackup(server(1), id).error, BackupService::Error::InvalidId);
        QCOMPARE(m_service->startRestore(id, find(1), true).error, BackupService::Error::ServerNotFound);
        QCOMPARE(m_service->startDelete(server(1), id).error, BackupService::Error::InvalidId);
        QVERIFY(m_service->findBackupBlocking(id).snapshots.isEmpty());
    }
    QCOMPARE(m_service->startBackup(uuidFor(12345), uuidFor(50)).error, BackupService::Error::ServerNotFound);
    QCOMPARE(snapshotTree(m_config.dataDirectory), before);
}

void TestBackupService::startupRecoveryCleansLeftovers()
{
    // What a crash leaves: an exclude file and a staging directory with a half-done swap.
    QVERIFY(writeFile(m_config.tmpDirectory + QStringLiteral("/pouch-exclude-AbC123"), "*.tmp\n"));
    const QString staging = m_service->paths().stagingRoot() + QStringLiteral("/restore-9-deadbeef");
    QVERIFY(writeFile(staging + QStringLiteral("/tree/file"), "half restored"));
    QVERIFY(writeFile(m_config.tmpDirectory + QStringLiteral("/unrelated.txt"), "not ours"));
    m_service->recover();
    QVERIFY(!QFileInfo::exists(m_config.tmpDirectory + QStringLiteral("/pouch-exclude-AbC123")));
    QVERIFY(!QFileInfo::exists(staging));
    QVERIFY(QFileInfo::exists(m_config.tmpDirectory + QStringLiteral("/unrelated.txt")));
}

void TestBackupService::partialBackupWhoseForgetFailsIsNeverGood()
{
    // restic exits 3 ("some files could not be read") after writing a snapshot, and the forget of that
    // snapshot fails: a restic wrapper does both around the real one (root reads every file, so a real
    // exit 3 cannot be produced here).
    const QString wrapper = m_dir.filePath(QStringLiteral("restic-partial"));
    const QString refuse = m_dir.filePath(QStringLiteral("refuse-forget"));
    QVERIFY(writeFile(refuse, "1"));
    QVERIFY(writeFile(wrapper, QStringLiteral("#!/bin/sh\n"
                                              "for a in \"$@\"; do case \"$a\" in\n"
                                              "backup) \"%1\" \"$@\"; exit 3;;\n"
                                              "forget) if [ -e '%2' ]; then echo 'Fatal: refused by the test' >&2; "
                                              "exit 1; fi; exec \"%1\" \"$@\";;\n"
                                              "esac; done\nexec \"%1\" \"$@\"\n")
                                   .arg(m_config.restic.binaryPath, refuse)
                                   .toUtf8()));
    QVERIFY(QFile::setPermissions(wrapper, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    Config partial = m_config;
    partial.restic.binaryPath = wrapper;
    const QString uuid = uuidFor(80);
    {
        BackupService service(partial);
        QVERIFY(service.claimNode(QStringLiteral("test"), nullptr));
        QSignalSpy events(service.events(), &EventBus::published);
        const auto b = service.startBackup(server(1), uuid);
        QVERIFY(b.ok());
        QVERIFY(finished(b.job));
        QCOMPARE(b.job->state(), Job::State::Failed);
        QVERIFY2(b.job->outcome().error.contains(QLatin1String("could not be removed")),
                 qPrintable(b.job->outcome().error));
        // The snapshot is in the repository ...
        QProcess* p = startRestic({QStringLiteral("snapshots"), QStringLiteral("--json"), QStringLiteral("--tag"),
                                   QStringLiteral("backup_uuid:") + uuid},
                                  m_config);
        QVERIFY(p->waitForFinished(60000));
        QCOMPARE(QJsonDocument::fromJson(p->readAllStandardOutput()).array().size(), 1);
        // ... but nowhere good: not found, not listed, and its event says it failed.
        QVERIFY(service.findBackupBlocking(uuid).ok);
        QCOMPARE(service.findBackupBlocking(uuid).snapshots.size(), 0);
        for (const Snapshot& s : service.listSnapshotsBlocking(server(1), false).snapshots)
            QVERIFY(s.backupUuid != uuid);
        bool reported = false;
        for (const QList<QVariant>& e : events) {
            const PouchEvent ev = e.at(0).value<PouchEvent>();
            if (ev.kind == PouchEvent::Kind::BackupCompleted && ev.backupUuid == uuid) {
                QVERIFY(!ev.successful);
                reported = true;
            }
        }
        QVERIFY(reported);
    }
    // Still hidden after a restart, and removed by the start-up recovery once forget works again.
    QVERIFY(QFile::remove(refuse));
    BackupService restarted(partial);
    QVERIFY(restarted.claimNode(QStringLiteral("test"), nullptr));
    QCOMPARE(restarted.findBackupBlocking(uuid).snapshots.size(), 0);
    restarted.recover();
    QVERIFY(QTest::qWaitFor(
        [&] {
            QProcess* p = startRestic({QStringLiteral("snapshots"), QStringLiteral("--json"), QStringLiteral("--tag"),
                                       QStringLiteral("backup_uuid:") + uuid},
                                      m_config);
            return p->waitForFinished(60000) && QJsonDocument::fromJson(p->readAllStandardOutput()).array().isEmpty();
        },
        60000));
}

void TestBackupService::catalogueFollowsTheRepository()
{
    // Another node (restic by hand) makes a snapshot and later forgets it: the catalogue follows within its
    // resync interval, without a lookup asking for it.
    Config quick = m_config;
    quick.restic.resyncIntervalSec = 1;
    BackupService service(quick);
    QVERIFY(service.claimNode(QStringLiteral("test"), nullptr));
    const QString uuid = uuidFor(85);
    const auto listed = [&] {
        int n = 0;
        for (const Snapshot& s : service.listSnapshotsBlocking(server(2), false).snapshots)
            n += s.backupUuid == uuid ? 1 : 0;
        return n;
    };
    QCOMPARE(listed(), 0);
    QProcess* made = startRestic({QStringLiteral("backup"), QStringLiteral("--json"), QStringLiteral("--host"),
                                  server(2), QStringLiteral("--tag"), QStringLiteral("backup_uuid:") + uuid,
                                  QStringLiteral("--tag"), QStringLiteral("server_uuid:") + server(2), serverDir(2)},
                                 m_config);
    QVERIFY(made->waitForFinished(60000) && made->exitCode() == 0);
    QJsonObject summary;
    for (const QByteArray& line : made->readAllStandardOutput().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QLatin1String("message_type")).toString() == QLatin1String("summary"))
            summary = o;
    }
    QTRY_COMPARE_WITH_TIMEOUT(listed(), 1, 15000);
    const QString id = service.findBackupBlocking(uuid).snapshots.value(0).id;
    QVERIFY(Snapshot::isSnapshotId(id));
    // Why a backup's stats cost a `restic stats` call: the backup summary of restic 0.14 counts files only,
    // while stats (restore-size) counts files, links and directories, those above the server's included.
    const auto stats = service.statsBlocking(id);
    QVERIFY(stats.ok);
    QVERIFY(!summary.isEmpty());
    QVERIFY2(qint64(summary.value(QLatin1String("total_files_processed")).toDouble()) != stats.stats.totalFileCount,
             "restic's backup summary now gives the stats' file count: record it at the end of a backup instead");
    QProcess* forgot = startRestic({QStringLiteral("forget"), id}, m_config);
    QVERIFY(forgot->waitForFinished(60000) && forgot->exitCode() == 0);
    QTRY_COMPARE_WITH_TIMEOUT(listed(), 0, 15000);
}

void TestBackupService::burstOfMissesSharesOneResync()
{
    // 50 status requests for uuids nobody has: one resync answers them all, not 50 restic calls.
    m_service->catalogueSync()->setIntervalSec(3600);               // no periodic resync in the middle of the count
    QVERIFY(m_service->listSnapshotsBlocking(QString(), false).ok); // filled; no resync in flight
    // A snapshot the catalogue has not seen (restic by hand): a miss cannot be sure without a resync.
    QString error;
    QVERIFY2(m_service->ensureRepository(&error), qPrintable(error));
    QProcess* elsewhere = startRestic(
        {QStringLiteral("backup"), QStringLiteral("--stdin"), QStringLiteral("--host"), QStringLiteral("elsewhere")},
        m_config);
    QVERIFY(elsewhere->waitForStarted());
    elsewhere->write("made elsewhere");
    elsewhere->closeWriteChannel();
    QVERIFY(elsewhere->waitForFinished(60000) && elsewhere->exitCode() == 0);
    QTest::qWait(2100); // past the rate limit of misses
    auto burst = [&] {
        QList<QFuture<BackupService::SnapshotList>> misses;
        for (int i = 0; i < 50; ++i)
            misses << m_service->findBackup(QUuid::createUuid().toString(QUuid::WithoutBraces), server(1));
        for (QFuture<BackupService::SnapshotList>& f : misses) {
            f.waitForFinished();
            QVERIFY(f.result().ok);
            QVERIFY(f.result().snapshots.isEmpty());
        }
    };
    int before = m_service->catalogueSync()->resyncCount();
    burst();
    QCOMPARE(m_service->catalogueSync()->resyncCount(), before + 1);

    // Now the catalogue holds every snapshot. A local repository shows its snapshot files, so the next burst
    // is answered without restic; S3 cannot be listed without restic, so it costs one resync again.
    QTest::qWait(2100);
    before = m_service->catalogueSync()->resyncCount();
    burst();
    QCOMPARE(m_service->catalogueSync()->resyncCount(), before + (m_useS3 ? 1 : 0));
    m_service->catalogueSync()->setIntervalSec(m_config.restic.resyncIntervalSec);
}

void TestBackupService::deleteWaitingForALockCanBeCancelled()
{
    QCOMPARE(backup(4, 91), QString());
    QProcess* holder = startRestic(
        {QStringLiteral("backup"), QStringLiteral("--stdin"), QStringLiteral("--host"), QStringLiteral("elsewhere")},
        m_config);
    QVERIFY(holder->waitForStarted());
    holder->write("held");
    QVERIFY(QTest::qWaitFor(
        [&] {
            const ResticResult r =
                m_service->restic().run({QStringLiteral("list"), QStringLiteral("locks")}, Restic::readOnly(30));
            return r.ok() && !r.standardOutput.trimmed().isEmpty();
        },
        60000));
    const auto del = m_service->startDelete(server(4), uuidFor(91));
    QVERIFY(del.ok());
    QTest::qWait(1500);
    QVERIFY(!del.job->isFinished());
    QElapsedTimer t;
    t.start();
    del.job->cancel();
    QVERIFY(finished(del.job, 20000));
    QCOMPARE(del.job->state(), Job::State::Cancelled);
    QVERIFY(t.elapsed() < 20000);
    holder->closeWriteChannel();
    QVERIFY(holder->waitForFinished(60000));
    delete holder;
    QVERIFY(!find(91).id.isEmpty()); // a cancelled delete forgot nothing
}

void TestBackupService::noJobStartsOnceShutdownBegun()
{
    Config slow = m_config;
    slow.writeLimitMiB = 1;
    BackupService service(slow);
    QVERIFY(service.claimNode(QStringLiteral("test"), nullptr));
    QByteArray random(8 << 20, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(random.data()), random.size() / 4);
    QVERIFY(writeFile(serverDir(3) + QStringLiteral("/slow.bin"), random));
    const auto running = service.startBackup(server(3), uuidFor(84));
    QVERIFY(running.ok());
    QVERIFY(QTest::qWaitFor([&] { return running.job->state() == Job::State::Running; }, 30000));
    // What a request served by the shutdown's own event loop (it waits for the running job) would do.
    BackupService::Started during;
    bool asked = false;
    QTimer::singleShot(0, &service, [&] {
        asked = true;
        during = service.startBackup(server(1), uuidFor(82));
    });
    QVERIFY(service.shutdown(60000));
    QVERIFY(asked);
    QCOMPARE(during.error, BackupService::Error::Unavailable);
    QVERIFY(!during.job);
    QCOMPARE(service.jobs()->jobs().size(), 1);
    QCOMPARE(running.job->state(), Job::State::Cancelled);
    QVERIFY(find(82).id.isEmpty());
    QVERIFY(QFile::remove(serverDir(3) + QStringLiteral("/slow.bin")));
}

void TestBackupService::destroyedMidJobJoinsItsWorkers()
{
    // A job outliving its service would use the freed stats cache and mutexes: the destructor cancels and
    // joins, so no restic of that job is left when it returns.
    Config slow = m_config;
    slow.writeLimitMiB = 1;
    QByteArray random(8 << 20, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(random.data()), random.size() / 4);
    QVERIFY(writeFile(serverDir(4) + QStringLiteral("/big.bin"), random)); // incompressible: the limit holds
    QPointer<Job> job;
    {
        BackupService service(slow);
        QVERIFY(service.claimNode(QStringLiteral("test"), nullptr));
        const auto b = service.startBackup(server(4), uuidFor(83));
        QVERIFY(b.ok());
        job = b.job;
        QVERIFY(QTest::qWaitFor([&] { return job->state() == Job::State::Running; }, 30000));
        QTest::qWait(1000);
    }
    QVERIFY(!job); // destroyed with its manager, after its worker returned
    QVERIFY(!TestSupport::childProcessNamed(QStringLiteral("restic")));
    QVERIFY(find(83).id.isEmpty());
    QVERIFY(QFile::remove(serverDir(4) + QStringLiteral("/big.bin")));
}

void TestBackupService::wrongPasswordIsAClearError()
{
    Config bad = m_config;
    bad.restic.password = QStringLiteral("wrong password here");
    bad.rootDirectory = m_dir.filePath(QStringLiteral("fresh-root-1")); // a new node: no catalogue to answer from
    QVERIFY(QDir().mkpath(bad.rootDirectory));
    BackupService service(bad);
    service.claimNode(QStringLiteral("test"), nullptr);
    const auto list = service.listSnapshotsBlocking(server(1), false);
    QVERIFY(!list.ok);
    QVERIFY2(list.error.contains(QLatin1String("wrong")), qPrintable(list.error));
    QVERIFY2(!list.error.contains(bad.restic.password), qPrintable(list.error));
    const auto s = service.startBackup(server(1), uuidFor(60));
    QVERIFY(s.ok() && finished(s.job));
    QCOMPARE(s.job->state(), Job::State::Failed);
    QVERIFY2(s.job->outcome().error.contains(QLatin1String("password")), qPrintable(s.job->outcome().error));
    QVERIFY(find(60).id.isEmpty());
}

void TestBackupService::missingBinaryIsAClearError()
{
    Config bad = m_config;
    bad.restic.binaryPath = QStringLiteral("/nonexistent/bin/restic");
    bad.rootDirectory = m_dir.filePath(QStringLiteral("fresh-root-2"));
    QVERIFY(QDir().mkpath(bad.rootDirectory));
    BackupService service(bad);
    service.claimNode(QStringLiteral("test"), nullptr);
    const auto s = service.startBackup(server(1), uuidFor(61));
    QVERIFY(s.ok() && finished(s.job));
    QCOMPARE(s.job->state(), Job::State::Failed);
    QVERIFY2(s.job->outcome().error.contains(QLatin1String("/nonexistent/bin/restic")),
             qPrintable(s.job->outcome().error));
    const auto list = service.listSnapshotsBlocking(QString(), false);
    QVERIFY(!list.ok);
}

void TestBackupService::unreachableRepositoryIsAClearError()
{
    // A port nothing listens on: a clear error, never an "empty repository" and never an init attempt.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    Config bad = m_config;
    bad.restic.repository = QStringLiteral("s3:https://127.0.0.1:%1/pouch").arg(port);
    bad.restic.awsAccessKeyId = QStringLiteral("S3RVER");
    bad.restic.awsSecretAccessKey = QStringLiteral("S3RVER");
    BackupService service(bad);
    service.claimNode(QStringLiteral("test"), nullptr);
    const auto list = service.listSnapshotsBlocking(server(1), false);
    QVERIFY(!list.ok);
    QVERIFY2(list.error.contains(QLatin1String("connection refused")), qPrintable(list.error));
    const auto s = service.startBackup(server(1), uuidFor(62));
    QVERIFY(s.ok() && finished(s.job));
    QCOMPARE(s.job->state(), Job::State::Failed);
    QVERIFY2(s.job->outcome().error.contains(QLatin1String("connection refused")), qPrintable(s.job->outcome().error));
}

QTEST_GUILESS_MAIN(TestBackupService)
#include "tst_backupservice.moc"
