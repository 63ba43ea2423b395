#include "BackupService.h"
#include "S3Server.h"
#include "TestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/mount.h>
#include <unistd.h>

using TestSupport::snapshotTree;
using TestSupport::uuidFor;
using TestSupport::writeFile;
using Tree = QMap<QString, QByteArray>;

namespace {
// restic processes started by this test process; with a verb, only those running that command.
QList<pid_t> resticChildren(const QByteArray& verb = {})
{
    QList<pid_t> result;
    const QString self = QString::number(::getpid());
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool isPid = false;
        const pid_t pid = pid_t(entry.toInt(&isPid));
        if (!isPid)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const int close = line.lastIndexOf(')');
        const QByteArray comm = line.mid(line.indexOf('(') + 1, close - line.indexOf('(') - 1);
        const QList<QByteArray> rest = line.mid(close + 2).split(' ');
        if (comm != "restic" || rest.value(1) != self.toLatin1())
            continue;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(entry));
        if (verb.isEmpty() || (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().split('\0').contains(verb)))
            result << pid;
    }
    return result;
}

// Waits until restic runs for this job, lets it work for `afterMs`, then kills it outright.
bool killResticAfter(const QByteArray& verb, int afterMs)
{
    if (!QTest::qWaitFor([&] { return !resticChildren(verb).isEmpty(); }, 30000))
        return false;
    QTest::qWait(afterMs);
    const QList<pid_t> pids = resticChildren(verb);
    for (pid_t pid : pids)
        ::kill(pid, SIGKILL);
    return !pids.isEmpty();
}

qint64 stagedBytes(const QString& stagingRoot)
{
    qint64 total = 0;
    QDirIterator it(stagingRoot, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        total += it.fileInfo().size();
    }
    return total;
}

// Polls tightly until restic has put its first bytes into the staging tree. Faults are injected from that
// moment rather than after a fixed delay: a fast machine restores the test data in well under a second, and
// a delayed fault could land after the restore had already finished (CI once saw exactly that).
bool waitForStagedBytes(const QString& stagingRoot, const Job* job)
{
    QElapsedTimer waited;
    waited.start();
    while (stagedBytes(stagingRoot) == 0 && !job->isFinished() && waited.elapsed() < 60000) {
        QCoreApplication::processEvents();
        QThread::usleep(500);
    }
    return !job->isFinished() && stagedBytes(stagingRoot) > 0;
}

// SIGSTOPs restic running `verb` (so it cannot finish while the test injects its fault) and returns the
// pids; SIGKILL and SIGINT still reach a stopped process (SIGINT once it is continued).
QList<pid_t> freezeRestic(const QByteArray& verb)
{
    const QList<pid_t> pids = resticChildren(verb);
    for (pid_t pid : pids)
        ::kill(pid, SIGSTOP);
    return pids;
}

bool writeRandom(const QString& path, qint64 bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (qint64 done = 0; done < bytes; done += chunk.size()) {
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(chunk.data()), chunk.size() / 4);
        f.write(chunk);
    }
    return true;
}
} // namespace

// Every fault leaves the volumes exactly as they were (or as the snapshot, after a restore that succeeded)
// and the repository passing `restic check`.
class TestFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killResticMidBackup();
    void killResticMidRestore();
    void cancelMidRestore();
    void killResticMidSelectiveRestore();
    void fullDiskDuringRestore();
    void s3OutageMidBackup();
    void s3GoneMidRestore();
    void restartWithS3DownAnswersFromTheCatalogue();
    void cleanupTestCase();

private:
    QString dir(const Config& c, const QString& server) const { return c.dataDirectory + QLatin1Char('/') + server; }
    Job* waitFor(Job* job, int ms = 180000);
    static Config withStallTimeout(Config c, int seconds);
    void expectRepositoryChecks(const Config& config);
    // Kills restic once the restore `job` has staged its first bytes; the target must be as `before`.
    void killRestoreMidWay(Job* job, const QByteArray& verb, const Tree& before);
    Config localConfig(const QString& name) const;
    Config s3Config(const QString& name) const;

    QTemporaryDir m_tmp;
    S3Server m_s3; // started by the first S3 case, shared by the others
    Config m_config;
    std::unique_ptr<BackupService> m_service;
    const QString m_big = uuidFor(1);    // 120 MiB of random data
    const QString m_target = uuidFor(2); // a small server that restores land in
    Snapshot m_bigSnapshot;
    Tree m_bigTree;
};

Config TestFaults::localConfig(const QString& name) const
{
    Config c;
    c.dataDirectory = m_tmp.filePath(name + QStringLiteral("/volumes"));
    c.tmpDirectory = m_tmp.filePath(name + QStringLiteral("/tmp"));
    c.restic.binaryPath = TestSupport::resticBinary();
    c.restic.repository = m_tmp.filePath(QStringLiteral("repository"));
    c.restic.password = QStringLiteral("fault-injection-password");
    c.restic.cacheDir = m_tmp.filePath(QStringLiteral("cache"));
    c.restic.restoreMethod = TestSupport::restoreMethod();
    return c;
}

Config TestFaults::s3Config(const QString& name) const
{
    Config c = localConfig(name);
    c.restic.repository = m_s3.repositoryUrl(name);
    c.restic.cacert = m_s3.caCertPath();
    c.restic.awsAccessKeyId = m_s3.accessKey();
    c.restic.awsSecretAccessKey = m_s3.secretKey();
    return c;
}

Config TestFaults::withStallTimeout(Config c, int seconds)
{
    c.restic.stallTimeoutSec = seconds;
    return c;
}

Job* TestFaults::waitFor(Job* job, int ms)
{
    if (!job || !QTest::qWaitFor([job] { return job->isFinished(); }, ms))
        return nullptr;
    return job;
}

void TestFaults::expectRepositoryChecks(const Config& config)
{
    // Through Pouch's own runner: a lock left by a restic we killed is cleared the way Pouch clears it.
    Restic::RunOptions options;
    options.lockWaitSec = 120;
    const ResticResult r = Restic(config).run({QStringLiteral("check")}, options);
    QVERIFY2(r.ok(), qPrintable(r.message));
}

void TestFaults::initTestCase()
{
    m_config = localConfig(QStringLiteral("node"));
    QVERIFY(writeRandom(dir(m_config, m_big) + QStringLiteral("/world/region.mca"), 120 << 20));
    QVERIFY(writeFile(dir(m_config, m_big) + QStringLiteral("/server.properties"), "motd=big\n"));
    QVERIFY(writeFile(dir(m_config, m_target) + QStringLiteral("/mine.txt"), "the target's own file"));
    QVERIFY(writeFile(dir(m_config, m_target) + QStringLiteral("/world/level.dat"), "target level"));
    QVERIFY(QFile::link(QStringLiteral("mine.txt"), dir(m_config, m_target) + QStringLiteral("/link")));
    m_bigTree = snapshotTree(dir(m_config, m_big));
    m_service = std::make_unique<BackupService>(m_config);
    m_service->claimNode(QStringLiteral("test"), nullptr);
    const auto b = m_service->startBackup(m_big, uuidFor(100));
    QVERIFY(waitFor(b.job));
    QVERIFY2(b.job->state() == Job::State::Succeeded, qPrintable(b.job->outcome().error));
    m_bigSnapshot = m_service->findBackupBlocking(uuidFor(100)).snapshots.value(0);
    QVERIFY(!m_bigSnapshot.id.isEmpty());
}

void TestFaults::cleanupTestCase()
{
    m_service.reset();
    m_s3.stop();
}

void TestFaults::killResticMidBackup()
{
    // Throttled so that restic is surely mid-upload when it dies.
    Config slow = m_config;
    slow.writeLimitMiB = 20;
    BackupService service(slow);
    service.claimNode(QStringLiteral("test"), nullptr);
    QVERIFY(writeFile(dir(slow, m_big) + QStringLiteral("/changed.txt"), "forces new data"));
    QVERIFY(writeRandom(dir(slow, m_big) + QStringLiteral("/world/region2.mca"), 60 << 20));
    const Tree before = snapshotTree(dir(slow, m_big));
    const auto b = service.startBackup(m_big, uuidFor(101));
    QVERIFY(b.ok());
    QVERIFY(killResticAfter("backup", 1500));
    QVERIFY(waitFor(b.job));
    QCOMPARE(b.job->state(), Job::State::Failed);
    QVERIFY(!b.job->outcome().error.isEmpty());
    QCOMPARE(snapshotTree(dir(slow, m_big)), before);
    QVERIFY(service.findBackupBlocking(uuidFor(101)).snapshots.isEmpty());

    // The killed restic left its lock; an exclusive operation must not wait it out (restic 0.14 would
    // otherwise report "already locked" for 30 minutes).
    const auto warm = service.startBackup(m_target, uuidFor(102));
    QVERIFY(waitFor(warm.job) && warm.job->state() == Job::State::Succeeded);
    QElapsedTimer t;
    t.start();
    const auto del = service.startDelete(m_target, uuidFor(102));
    QVERIFY(waitFor(del.job, 60000));
    QVERIFY2(del.job->state() == Job::State::Succeeded, qPrintable(del.job->outcome().error));
    qInfo("delete after a killed backup took %lld ms", t.elapsed());
    QVERIFY(QTest::qWaitFor([&] { return service.jobs()->runningCount() == 0; }, 120000)); // the prune after it
    expectRepositoryChecks(slow);
    QVERIFY(QFile::remove(dir(slow, m_big) + QStringLiteral("/world/region2.mca")));
}

void TestFaults::killResticMidRestore()
{
    const Tree before = snapshotTree(dir(m_config, m_target));
    const auto r = m_service->startRestore(m_target, m_bigSnapshot, true);
    QVERIFY(r.ok());
    killRestoreMidWay(r.job, TestSupport::restoreVerb(), before);
}

void TestFaults::killRestoreMidWay(Job* job, const QByteArray& verb, const Tree& before)
{
    QVERIFY(waitForStagedBytes(m_service->paths().stagingRoot(), job));
    const QList<pid_t> pids = freezeRestic(verb);
    QVERIFY(!pids.isEmpty());
    for (pid_t pid : pids)
        ::kill(pid, SIGKILL);
    QVERIFY(waitFor(job));
    QCOMPARE(job->state(), Job::State::Failed);
    QCOMPARE(snapshotTree(dir(m_config, m_target)), before);
    QVERIFY(QDir(m_service->paths().stagingRoot()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
}

void TestFaults::cancelMidRestore()
{
    const Tree before = snapshotTree(dir(m_config, m_target));
    const auto r = m_service->startRestore(m_target, m_bigSnapshot, false);
    QVERIFY(r.ok());
    QVERIFY(waitForStagedBytes(m_service->paths().stagingRoot(), r.job));
    const QList<pid_t> pids = freezeRestic(TestSupport::restoreVerb());
    QVERIFY(!pids.isEmpty());
    // restic 0.14 reports no restore progress and this snapshot's size is not cached yet: after 4 s Pouch
    // asks for it alongside the restore, and measures progress against it.
    QTRY_VERIFY_WITH_TIMEOUT(r.job->progress().totalBytes > 0, 20000);
    const JobProgress measured = r.job->progress();
    QVERIFY(measured.percentDone >= 0 && measured.percentDone <= 0.99);
    r.job->cancel();
    for (pid_t pid : pids)
        ::kill(pid, SIGCONT);
    QVERIFY(waitFor(r.job));
    QCOMPARE(r.job->state(), Job::State::Cancelled);
    QCOMPARE(measured.totalBytes, m_service->statsBlocking(m_bigSnapshot.id).stats.totalSize);
    QCOMPARE(snapshotTree(dir(m_config, m_target)), before);
    QVERIFY(QDir(m_service->paths().stagingRoot()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
    // A restore afterwards works and yields exactly the snapshot.
    const auto again = m_service->startRestore(m_target, m_bigSnapshot, true);
    QVERIFY(waitFor(again.job));
    QVERIFY2(again.job->state() == Job::State::Succeeded, qPrintable(again.job->outcome().error));
    QCOMPARE(snapshotTree(dir(m_config, m_target)), m_bigTree);
}

void TestFaults::killResticMidSelectiveRestore()
{
    // The 120 MiB region file and server.properties back into the target, which has a world/level.dat of its own.
    QVERIFY(writeFile(dir(m_config, m_target) + QStringLiteral("/world/level.dat"), "target level"));
    QVERIFY(writeFile(dir(m_config, m_target) + QStringLiteral("/server.properties"), "motd=target"));
    const Tree before = snapshotTree(dir(m_config, m_target));
    BackupService::RestoreRequest request;
    request.paths = {QStringLiteral("/server.properties"), QStringLiteral("/world")};
    const auto r = m_service->startRestore(m_target, m_bigSnapshot, request);
    QVERIFY2(r.ok(), qPrintable(r.message));
    killRestoreMidWay(r.job, "restore", before); // a selective restore always runs restic restore
    if (QTest::currentTestFailed())
        return;
    // Again, to the end: the two paths are the snapshot's, the target's own file and link stay.
    const auto again = m_service->startRestore(m_target, m_bigSnapshot, request);
    QVERIFY(waitFor(again.job));
    QVERIFY2(again.job->state() == Job::State::Succeeded, qPrintable(again.job->outcome().error));
    Tree expected = before;
    for (auto it = expected.begin(); it != expected.end();) // /world is replaced whole: level.dat goes
        it = it.key().startsWith(QLatin1String("world")) ? expected.erase(it) : std::next(it);
    for (auto it = m_bigTree.constBegin(); it != m_bigTree.constEnd(); ++it) {
        if (it.key().startsWith(QLatin1String("world")))
            expected.insert(it.key(), it.value());
    }
    expected.insert(QStringLiteral("server.properties"), "motd=big\n");
    QCOMPARE(snapshotTree(dir(m_config, m_target)), expected);
}

void TestFaults::fullDiskDuringRestore()
{
    // A node whose volumes live on an 8 MiB tmpfs: the 120 MiB snapshot cannot fit.
    Config small = localConfig(QStringLiteral("small"));
    QVERIFY(QDir().mkpath(small.dataDirectory));
    if (::mount("tmpfs", QFile::encodeName(small.dataDirectory).constData(), "tmpfs", 0, "size=8m") != 0)
        QSKIP("mounting a tmpfs needs root (CAP_SYS_ADMIN); the full-disk case cannot be set up here");
    struct Unmount
    {
        QString path;
        ~Unmount() { ::umount2(QFile::encodeName(path).constData(), MNT_DETACH); }
    } unmount{small.dataDirectory};
    const QString server = uuidFor(3);
    QVERIFY(writeFile(dir(small, server) + QStringLiteral("/keep.txt"), "must survive"));
    QVERIFY(writeRandom(dir(small, server) + QStringLiteral("/data.bin"), 1 << 20));
    const Tree before = snapshotTree(dir(small, server));
    BackupService service(small);
    service.claimNode(QStringLiteral("test"), nullptr);
    const auto r = service.startRestore(server, m_bigSnapshot, true);
    QVERIFY(r.ok());
    QVERIFY(waitFor(r.job));
    QCOMPARE(r.job->state(), Job::State::Failed);
    QVERIFY2(r.job->outcome().error.contains(QLatin1String("no space left"), Qt::CaseInsensitive),
             qPrintable(r.job->outcome().error));
    QCOMPARE(snapshotTree(dir(small, server)), before);
    QVERIFY(QDir(service.paths().stagingRoot()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
}

void TestFaults::s3OutageMidBackup()
{
    QString error;
    POUCH_REQUIRE(m_s3.isRunning() || m_s3.start(&error), QStringLiteral("S3 test server unavailable: ") + error);
    Config c = s3Config(QStringLiteral("s3node"));
    c.writeLimitMiB = 10;
    const QString server = uuidFor(4);
    QVERIFY(writeRandom(dir(c, server) + QStringLiteral("/world.bin"), 30 << 20));
    const Tree before = snapshotTree(dir(c, server));
    BackupService service(c);
    service.claimNode(QStringLiteral("test"), nullptr);
    QVERIFY(service.ensureRepository(&error));

    // The endpoint vanishes for a few seconds mid-upload, then comes back: restic's retries carry the backup.
    const auto b = service.startBackup(server, uuidFor(104));
    QVERIFY(QTest::qWaitFor([] { return !resticChildren("backup").isEmpty(); }, 30000));
    QTest::qWait(1500);
    m_s3.crash();
    QTest::qWait(3000);
    QVERIFY2(m_s3.resume(&error), qPrintable(error));
    QVERIFY(waitFor(b.job, 600000));
    // restic retries a backend that refuses connections for minutes: a 3 s outage costs nothing.
    QVERIFY2(b.job->state() == Job::State::Succeeded, qPrintable(b.job->outcome().error));
    QCOMPARE(service.findBackupBlocking(uuidFor(104)).snapshots.size(), 1);
    QCOMPARE(snapshotTree(dir(c, server)), before);
    expectRepositoryChecks(c);
}

void TestFaults::s3GoneMidRestore()
{
    QString error;
    POUCH_REQUIRE(m_s3.isRunning() || m_s3.start(&error), QStringLiteral("S3 test server unavailable: ") + error);
    Config c = s3Config(QStringLiteral("s3restore"));
    const QString source = uuidFor(5);
    const QString target = uuidFor(6);
    QVERIFY(writeRandom(dir(c, source) + QStringLiteral("/world.bin"), 60 << 20));
    QVERIFY(writeFile(dir(c, target) + QStringLiteral("/own.txt"), "target's own"));
    BackupService service(withStallTimeout(c, 8));
    service.claimNode(QStringLiteral("test"), nullptr);
    const auto b = service.startBackup(source, uuidFor(105));
    QVERIFY(waitFor(b.job) && b.job->state() == Job::State::Succeeded);
    const Snapshot snap = service.findBackupBlocking(uuidFor(105)).snapshots.value(0);
    const Tree before = snapshotTree(dir(c, target));
    // Listings with include_stats fill the stats cache; the restore's measured progress uses it.
    const auto stats = service.statsBlocking(snap.id);
    QVERIFY2(stats.ok, qPrintable(stats.error));

    // The endpoint dies for good mid-restore (frozen the moment restic has staged its first bytes, so the
    // restore cannot win the race). restic 0.14 would retry for about 7 minutes; the stall watch stops it once
    // nothing has moved for the stall timeout.
    QElapsedTimer sinceFreeze;
    const auto r = service.startRestore(target, snap, true);
    QVERIFY(waitForStagedBytes(service.paths().stagingRoot(), r.job));
    m_s3.freeze();
    sinceFreeze.start();
    QVERIFY2(!r.job->isFinished(), "the restore ended before the S3 outage could be injected");
    // restic 0.14 reports no restore progress: Pouch measures it, against the snapshot's size, below 100 %.
    QTRY_COMPARE_WITH_TIMEOUT(r.job->progress().totalBytes, stats.stats.totalSize, 3000);
    QVERIFY(r.job->progress().percentDone >= 0 && r.job->progress().percentDone <= 0.99);
    QTest::qWait(700);
    m_s3.crash();
    QVERIFY(waitFor(r.job, 120000));
    QCOMPARE(r.job->state(), Job::State::Failed);
    QVERIFY2(r.job->outcome().error.contains(QLatin1String("the repository stopped answering")),
             qPrintable(r.job->outcome().error));
    qInfo("a dead S3 failed the restore after %lld ms (stall timeout 8 s)", sinceFreeze.elapsed());
    QVERIFY(sinceFreeze.elapsed() >= 8000);
    QCOMPARE(snapshotTree(dir(c, target)), before);
    QVERIFY(QDir(service.paths().stagingRoot()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
    QVERIFY2(m_s3.resume(&error), qPrintable(error));
    expectRepositoryChecks(c);
}

// A node restarted while S3 is down answers listings, stats and status from its stored catalogue, says the
// repository is not answering, and still shuts down promptly.
void TestFaults::restartWithS3DownAnswersFromTheCatalogue()
{
    QString error;
    POUCH_REQUIRE(m_s3.isRunning() || m_s3.start(&error), QStringLiteral("S3 test server unavailable: ") + error);
    Config c = s3Config(QStringLiteral("s3restart"));
    c.rootDirectory = m_tmp.filePath(QStringLiteral("s3restart/root")); // a stored catalogue
    QVERIFY(QDir().mkpath(c.rootDirectory));
    const QString server = uuidFor(7);
    QVERIFY(writeFile(dir(c, server) + QStringLiteral("/server.properties"), "motd=down"));
    Snapshot made;
    {
        BackupService service(c);
        QVERIFY(service.claimNode(QStringLiteral("test"), nullptr));
        const auto b = service.startBackup(server, uuidFor(107));
        QVERIFY(waitFor(b.job) && b.job->state() == Job::State::Succeeded);
        const auto listed = service.listSnapshotsBlocking(server, true);
        QVERIFY2(listed.ok && listed.snapshots.size() == 1, qPrintable(listed.error));
        made = listed.snapshots.first();
    }
    m_s3.crash();
    auto restarted = std::make_unique<BackupService>(c);
    QVERIFY(restarted->claimNode(QStringLiteral("test"), nullptr));
    // restic retries a refused connection for minutes: everything below is answered meanwhile.
    QElapsedTimer answered;
    answered.start();
    const auto listed = restarted->listSnapshotsBlocking(server, true);
    QVERIFY2(listed.ok, qPrintable(listed.error));
    QCOMPARE(listed.snapshots.size(), 1);
    QCOMPARE(listed.snapshots.first().id, made.id);
    QVERIFY(listed.snapshots.first().stats.has_value());
    QCOMPARE(listed.snapshots.first().stats->totalSize, made.stats->totalSize);
    QCOMPARE(restarted->findBackupBlocking(uuidFor(107), server).snapshots.value(0).id, made.id);
    QVERIFY2(answered.elapsed() < 5000, "the stored catalogue answered without waiting for the repository");
    // A status miss waits for a resync that cannot end; shutting down stops its restic instead of waiting.
    QFuture<BackupService::SnapshotList> miss = restarted->findBackup(uuidFor(999), server);
    QTest::qWait(1500);
    QElapsedTimer shutdown;
    shutdown.start();
    restarted.reset();
    QVERIFY2(shutdown.elapsed() < 30000, "shutdown waited on restic against the dead repository");
    QVERIFY(miss.isFinished());
    QVERIFY(miss.result().snapshots.isEmpty());
    QVERIFY2(m_s3.resume(&error), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
