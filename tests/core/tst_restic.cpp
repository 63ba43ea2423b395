#include "BackupService.h"
#include "Restic.h"
#include "Snapshot.h"
#include "TestSupport.h"
#include "jobs/JobSupport.h"
#include "restic/FindStats.h"
#include "restic/ResticCommands.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

// Restic's runner against a stand-in binary that records what it was given, and fails on demand.
class TestRestic : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void versionParsing();
    void secretsOnlyInEnvironment();
    void inheritedResticVariablesDoNotLeakIn();
    void lockedRepositoryIsRetried();
    void lockWaitIsBounded();
    void missingBinaryIsAClearError();
    void cancelInterruptsRestic();
    void failureMessageIsMasked();
    void debugLogsCommandAndOutputMasked();
    void onlyTheGatewayBuildsResticArguments();
    void newerResticWaitsForALockOnce_data();
    void newerResticWaitsForALockOnce();
    void typedCommandsSpellResticsArguments();
    void readDataSubsetSyntax_data();
    void readDataSubsetSyntax();
    void findStatsParserReadsAStream();
    void newerJsonShapesAreRead();
    void fullIdInTheSummarySparesTheLookup_data();
    void fullIdInTheSummarySparesTheLookup();

private:
    Config configWith(const QString& script, const QByteArray& version = "0.14.0");
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestRestic::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
}

Config TestRestic::configWith(const QString& script, const QByteArray& version)
{
    const QString path = m_dir->filePath(QStringLiteral("fake-restic"));
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write("#!/bin/sh\nD=\"$(dirname \"$0\")\"\n"
            "if [ \"$1\" = version ]; then echo 'restic " +
            version +
            " compiled with go1.19.8 on linux/amd64'; exit 0; fi\n"
            "case \" $* \" in *\" unlock \"*) echo unlock >> \"$D/unlocks\"; exit 0;; esac\n"
            "printf '%s\\n' \"$@\" > \"$D/argv\"\nenv > \"$D/env\"\n");
    f.write(script.toUtf8());
    f.close();
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    Config c;
    c.restic.binaryPath = path;
    c.restic.repository = QStringLiteral("s3:https://127.0.0.1:1/bucket");
    c.restic.password = QStringLiteral("hunter2-password");
    c.restic.awsAccessKeyId = QStringLiteral("AKIDEXAMPLE");
    c.restic.awsSecretAccessKey = QStringLiteral("very/secret+key");
    c.restic.awsRegion = QStringLiteral("eu-west-1");
    c.restic.cacheDir = m_dir->filePath(QStringLiteral("cache"));
    c.restic.cacert = m_dir->filePath(QStringLiteral("ca.pem"));
    return c;
}

void TestRestic::versionParsing()
{
    const ResticVersion v = ResticVersion::parse(QStringLiteral("restic 0.14.0 compiled with go1.19.8 on linux/amd64"));
    QVERIFY(v.isValid());
    QCOMPARE(v.text, QStringLiteral("0.14.0"));
    QVERIFY(v.atLeast(0, 14));
    QVERIFY(!v.atLeast(0, 16));
    QVERIFY(ResticVersion::parse(QStringLiteral("restic 0.17.3 compiled")).atLeast(0, 16));
    QVERIFY(ResticVersion::parse(QStringLiteral("restic 1.0.0")).atLeast(0, 16));
    QVERIFY(!ResticVersion::parse(QStringLiteral("garbage")).isValid());
    Restic restic(configWith(QStringLiteral("exit 0\n")));
    QVERIFY(!restic.hasRetryLock());
    QVERIFY(!restic.hasSnapshotSubfolder());
}

void TestRestic::secretsOnlyInEnvironment()
{
    Restic restic(
        configWith(QStringLiteral("echo '{\"message_type\":\"summary\",\"snapshot_id\":\"abc\"}'\nexit 0\n")));
    QJsonObject seen;
    Restic::RunOptions options;
    options.onJsonLine = [&](const QJsonObject& o) { seen = o; };
    const ResticResult r =
        restic.run({QStringLiteral("backup"), QStringLiteral("--json"), QStringLiteral("/data")}, options);
    QVERIFY2(r.ok(), qPrintable(r.message));
    QCOMPARE(seen.value(QLatin1String("snapshot_id")).toString(), QStringLiteral("abc"));
    QFile argv(m_dir->filePath(QStringLiteral("argv")));
    QVERIFY(argv.open(QIODevice::ReadOnly));
    const QByteArray args = argv.readAll();
    for (const char* secret : {"hunter2-password", "very/secret+key", "AKIDEXAMPLE", "127.0.0.1"})
        QVERIFY2(!args.contains(secret), args.constData());
    QVERIFY(args.contains("--cacert"));
    QFile env(m_dir->filePath(QStringLiteral("env")));
    QVERIFY(env.open(QIODevice::ReadOnly));
    const QByteArray e = env.readAll();
    QVERIFY(e.contains("RESTIC_PASSWORD=hunter2-password\n"));
    QVERIFY(e.contains("RESTIC_REPOSITORY=s3:https://127.0.0.1:1/bucket\n"));
    QVERIFY(e.contains("AWS_ACCESS_KEY_ID=AKIDEXAMPLE\n"));
    QVERIFY(e.contains("AWS_SECRET_ACCESS_KEY=very/secret+key\n"));
    QVERIFY(e.contains("AWS_DEFAULT_REGION=eu-west-1\n"));
}

void TestRestic::inheritedResticVariablesDoNotLeakIn()
{
    qputenv("RESTIC_PASSWORD_FILE", "/etc/shadow");
    qputenv("AWS_PROFILE", "someone-else");
    Restic restic(configWith(QStringLiteral("exit 0\n")));
    QVERIFY(restic.run({QStringLiteral("snapshots")}).ok());
    qunsetenv("RESTIC_PASSWORD_FILE");
    qunsetenv("AWS_PROFILE");
    QFile env(m_dir->filePath(QStringLiteral("env")));
    QVERIFY(env.open(QIODevice::ReadOnly));
    const QByteArray e = env.readAll();
    QVERIFY(!e.contains("RESTIC_PASSWORD_FILE"));
    QVERIFY(!e.contains("AWS_PROFILE"));
}

void TestRestic::lockedRepositoryIsRetried()
{
    // Locked twice, then fine: what restic 0.14 does while another node holds the lock.
    Restic restic(configWith(QStringLiteral(
        "n=$(cat \"$D/count\" 2>/dev/null || echo 0); echo $((n+1)) > \"$D/count\"\n"
        "if [ $n -lt 2 ]; then echo 'Fatal: unable to create lock in backend: repository is already locked by PID 1 on "
        "other' >&2; exit 1; fi\nexit 0\n")));
    Restic::RunOptions options;
    options.lockWaitSec = 30;
    const ResticResult r = restic.run({QStringLiteral("forget"), QStringLiteral("abc")}, options);
    QVERIFY2(r.ok(), qPrintable(r.message));
    QFile count(m_dir->filePath(QStringLiteral("count")));
    QVERIFY(count.open(QIODevice::ReadOnly));
    QCOMPARE(count.readAll().trimmed(), QByteArray("3"));
    // Stale locks of our own are cleared once before waiting.
    QFile unlocks(m_dir->filePath(QStringLiteral("unlocks")));
    QVERIFY(unlocks.open(QIODevice::ReadOnly));
    QCOMPARE(unlocks.readAll(), QByteArray("unlock\n"));
}

void TestRestic::lockWaitIsBounded()
{
    Restic restic(configWith(QStringLiteral(
        "echo 'Fatal: unable to create lock in backend: repository is already locked exclusively' >&2; exit 1\n")));
    Restic::RunOptions options;
    options.lockWaitSec = 2;
    QElapsedTimer t;
    t.start();
    const ResticResult r = restic.run({QStringLiteral("prune")}, options);
    QCOMPARE(r.failure, ResticResult::Failure::Locked);
    QVERIFY(t.elapsed() < 10000);
    QVERIFY2(r.message.contains(QLatin1String("locked")), qPrintable(r.message));
}

void TestRestic::missingBinaryIsAClearError()
{
    Config c;
    c.restic.binaryPath = m_dir->filePath(QStringLiteral("no-such-restic"));
    Restic restic(c);
    const ResticResult r = restic.run({QStringLiteral("snapshots")});
    QCOMPARE(r.failure, ResticResult::Failure::NotStarted);
    QVERIFY2(r.message.contains(c.restic.binaryPath), qPrintable(r.message));
}

void TestRestic::cancelInterruptsRestic()
{
    Restic restic(
        configWith(QStringLiteral("trap 'kill $!; echo interrupted > \"$D/sig\"; exit 130' INT\nsleep 30 & wait\n")));
    Restic::RunOptions options;
    options.cancel = std::make_shared<std::atomic_bool>(false);
    QTimer::singleShot(300, [flag = options.cancel] { flag->store(true); });
    QElapsedTimer t;
    t.start();
    std::atomic_bool done{false};
    ResticResult r;
    // run() blocks; let the timer fire from a helper thread's perspective by running it there.
    QThread* worker = QThread::create([&] {
        r = restic.run({QStringLiteral("backup")}, options);
        done = true;
    });
    worker->start();
    QTRY_VERIFY_WITH_TIMEOUT(done.load(), 20000);
    worker->wait();
    delete worker;
    QCOMPARE(r.failure, ResticResult::Failure::Cancelled);
    QVERIFY(t.elapsed() < 10000);
    QFile sig(m_dir->filePath(QStringLiteral("sig")));
    QVERIFY2(sig.exists(), "restic must get SIGINT so it can remove its lock");
}

void TestRestic::failureMessageIsMasked()
{
    Restic restic(configWith(QStringLiteral("echo 'Fatal: bad thing with hunter2-password inside' >&2; exit 1\n")));
    const ResticResult r = restic.run({QStringLiteral("snapshots")});
    QCOMPARE(r.failure, ResticResult::Failure::Other);
    QVERIFY2(r.message.contains(QLatin1String("bad thing")), qPrintable(r.message));
    QVERIFY2(!r.message.contains(QLatin1String("hunter2")), qPrintable(r.message));
    QVERIFY(r.message.contains(QLatin1String("snapshots")));
}

namespace {
QStringList g_log;
void collect(QtMsgType, const QMessageLogContext&, const QString& message)
{
    g_log << message;
}
} // namespace

void TestRestic::debugLogsCommandAndOutputMasked()
{
    Config c =
        configWith(QStringLiteral("echo 'snapshot for hunter2-password saved'\necho 'warning very/secret+key' >&2\n"));
    c.debug = true;
    Restic restic(c);
    QLoggingCategory::setFilterRules(QStringLiteral("pouch.restic.debug=true"));
    g_log.clear();
    const QtMessageHandler previous = qInstallMessageHandler(collect);
    const ResticResult r = restic.run({QStringLiteral("backup"), QStringLiteral("/data/server")});
    qInstallMessageHandler(previous);
    QVERIFY(r.ok());
    const QString all = g_log.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QLatin1String("backup /data/server")), qPrintable(all));    // the command line
    QVERIFY2(all.contains(QLatin1String("snapshot for *** saved")), qPrintable(all)); // stdout, masked
    QVERIFY2(all.contains(QLatin1String("warning ***")), qPrintable(all));            // stderr, masked
    QVERIFY(!all.contains(QLatin1String("hunter2")));
    QVERIFY(!all.contains(QLatin1String("very/secret")));
}

void TestRestic::onlyTheGatewayBuildsResticArguments()
{
    // Every restic argument list comes from src/core/restic: elsewhere, no restic option and no run() with a
    // literal list.
    static const QRegularExpression option(QStringLiteral(
        R"re(QStringLiteral\("--(json|tag|target|host|exclude-file|no-lock|retry-lock|limit-upload|compression|cacert|prune)"\))re"));
    static const QRegularExpression literalRun(QStringLiteral(R"re(\.run\(\s*\{)re"));
    QStringList offenders;
    QDirIterator it(QStringLiteral(POUCH_SOURCE_DIR "/src"), {QStringLiteral("*.cpp"), QStringLiteral("*.h")},
                    QDir::Files, QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.contains(QLatin1String("/src/core/restic/")))
            continue;
        ++files;
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        int n = 0;
        for (const QByteArray& line : f.readAll().split('\n')) {
            ++n;
            const QString text = QString::fromUtf8(line);
            if (option.match(text).hasMatch() || literalRun.match(text).hasMatch())
                offenders << QStringLiteral("%1:%2: %3").arg(path).arg(n).arg(text.trimmed());
        }
    }
    QVERIFY(files > 30);
    QVERIFY2(offenders.isEmpty(), qPrintable(offenders.join(QLatin1Char('\n'))));
}

void TestRestic::newerResticWaitsForALockOnce_data()
{
    QTest::addColumn<QByteArray>("version");
    QTest::newRow("0.16") << QByteArray("0.16.4");
    QTest::newRow("0.17") << QByteArray("0.17.3");
}

void TestRestic::newerResticWaitsForALockOnce()
{
    // Always locked: a first attempt that waits for nothing, restic's own unlock of stale locks, then one
    // attempt with --retry-lock for the whole wait, and no retry of ours around it.
    QFETCH(QByteArray, version);
    Restic restic(configWith(QStringLiteral("echo \"$*\" >> \"$D/calls\"\n"
                                            "echo 'Fatal: unable to create lock in backend: repository is already "
                                            "locked by PID 1' >&2\nexit 11\n"),
                             version));
    QVERIFY(restic.hasRetryLock());
    QVERIFY(restic.hasSnapshotSubfolder());
    Restic::RunOptions options;
    options.lockWaitSec = 30;
    QElapsedTimer t;
    t.start();
    const ResticResult r = restic.run(QStringList{QStringLiteral("forget"), QStringLiteral("abc")}, options);
    QCOMPARE(r.failure, ResticResult::Failure::Locked);
    QVERIFY(t.elapsed() < 10000); // the stand-in answers at once: nothing of ours slept
    QFile calls(m_dir->filePath(QStringLiteral("calls")));
    QVERIFY(calls.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = calls.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QVERIFY2(!lines[0].contains("--retry-lock") && lines[0].endsWith("forget abc"), lines[0].constData());
    QVERIFY2(lines[1].contains("--retry-lock 30s") && lines[1].endsWith("forget abc"), lines[1].constData());
    QFile unlocks(m_dir->filePath(QStringLiteral("unlocks")));
    QVERIFY(unlocks.open(QIODevice::ReadOnly));
    QCOMPARE(unlocks.readAll(), QByteArray("unlock\n"));
}

void TestRestic::newerJsonShapesAreRead()
{
    // restic 0.16's `restore --json` status line, and 0.17's backup summary with the full snapshot id.
    const QJsonObject restore = QJsonDocument::fromJson(
                                    R"({"message_type":"status","seconds_elapsed":2,"seconds_remaining":6,
                                        "percent_done":0.25,"total_files":40,"files_restored":10,
                                        "total_bytes":4000000,"bytes_restored":1000000})")
                                    .object();
    const JobProgress p = JobSupport::progressFrom(restore, "bytes_restored", "files_restored");
    QCOMPARE(p.percentDone, 0.25);
    QCOMPARE(p.bytesDone, qint64(1000000));
    QCOMPARE(p.totalBytes, qint64(4000000));
    QCOMPARE(p.filesDone, qint64(10));
    QCOMPARE(p.totalFiles, qint64(40));
    QCOMPARE(p.secondsRemaining, 6);
    // A line without the fields leaves them unknown, never made up.
    const JobProgress early =
        JobSupport::progressFrom(QJsonDocument::fromJson(R"({"message_type":"status","seconds_elapsed":0})").object(),
                                 "bytes_restored", "files_restored");
    QCOMPARE(early.percentDone, -1.0);
    QCOMPARE(early.totalBytes, qint64(0));
    QCOMPARE(early.secondsRemaining, -1);
    const QString full(64, QLatin1Char('a'));
    Restic restic(configWith(
        QStringLiteral("echo '{\"message_type\":\"summary\",\"snapshot_id\":\"%1\"}'\nexit 0\n").arg(full), "0.17.3"));
    QString seen;
    Restic::RunOptions options;
    options.onJsonLine = [&](const QJsonObject& o) { seen = o.value(QLatin1String("snapshot_id")).toString(); };
    QVERIFY(restic.run(QStringList{QStringLiteral("backup")}, options).ok());
    QCOMPARE(seen, full);
    QVERIFY(Snapshot::isSnapshotId(seen));
}

void TestRestic::fullIdInTheSummarySparesTheLookup_data()
{
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<int>("cached"); // snapshots in restic's cache that start with the short id
    QTest::addColumn<bool>("lookup");
    QTest::newRow("0.14: short id, not cached: looked up") << QByteArray("0.14.0") << 0 << true;
    QTest::newRow("0.14: short id, in restic's cache: no lookup") << QByteArray("0.14.0") << 1 << false;
    QTest::newRow("0.14: short id, two cached matches: looked up") << QByteArray("0.14.0") << 2 << true;
    QTest::newRow("0.16: short id, not cached: looked up") << QByteArray("0.16.4") << 0 << true;
    QTest::newRow("0.17: full id and start time: no lookup") << QByteArray("0.17.3") << 0 << false;
}

// A whole backup through the service against a stand-in restic that speaks each version's summary: 0.17's
// full id and backup_start put the snapshot in the catalogue without a second restic call.
void TestRestic::fullIdInTheSummarySparesTheLookup()
{
    QFETCH(QByteArray, version);
    QFETCH(int, cached);
    QFETCH(bool, lookup);
    const QString server = QStringLiteral("00000000-0000-4000-8000-000000000001");
    const QString backupUuid = QStringLiteral("00000000-0000-4000-8000-0000000000b1");
    const QString id = QStringLiteral("5d1c2ce3") + QString(56, QLatin1Char('e'));
    const bool newer = version.startsWith("0.17");
    const QString summary =
        newer ? QStringLiteral(R"({"message_type":"summary","snapshot_id":"%1","total_bytes_processed":5,)"
                               R"("backup_start":"2026-12-02T01:02:03.250+00:00","backup_end":"2026-12-02T01:02:04Z"})")
                    .arg(id)
              : QStringLiteral(R"({"message_type":"summary","snapshot_id":"%1","total_bytes_processed":5})")
                    .arg(id.left(8));
    const QString dataDir = m_dir->filePath(QStringLiteral("volumes"));
    const QString repositoryId(64, QLatin1Char('c'));
    const QString listing =
        QStringLiteral(R"([{"time":"2026-12-02T01:02:03.2Z","tree":"%1","paths":["%2/%3"],"hostname":"%3",)"
                       R"("tags":["backup_uuid:%4","server_uuid:%3"],"id":"%5","short_id":"%6"}])")
            .arg(QString(64, QLatin1Char('7')), dataDir, server, backupUuid, id, id.left(8));
    // The resync lists nothing until the backup has run (it writes "$D/done").
    Config c =
        configWith(QStringLiteral("echo \"$*\" >> \"$D/calls\"\n"
                                  "case \" $* \" in\n"
                                  "  *\" cat config \"*) echo '{\"version\":2,\"id\":\"%3\"}';;\n"
                                  "  *\" backup \"*) echo '%1'; touch \"$D/done\";;\n"
                                  "  *\" snapshots \"*) if [ -e \"$D/done\" ]; then echo '%2'; else echo '[]'; fi;;\n"
                                  "  *\" stats \"*) echo '{\"total_size\":5,\"total_file_count\":1}';;\n"
                                  "esac\nexit 0\n")
                       .arg(summary, listing, repositoryId),
                   version);
    c.restic.cacert.clear();
    // What restic's cache holds after the backup (restic writes each new snapshot file there).
    const QString cachedDir = QStringLiteral("%1/%2/snapshots/5d").arg(c.restic.cacheDir, repositoryId);
    QVERIFY(QDir().mkpath(cachedDir));
    if (cached >= 1)
        QVERIFY(TestSupport::writeFile(cachedDir + QLatin1Char('/') + id, "encrypted"));
    if (cached >= 2)
        QVERIFY(TestSupport::writeFile(cachedDir + QLatin1Char('/') + id.left(8) + QString(56, QLatin1Char('f')), "x"));
    c.dataDirectory = dataDir;
    c.rootDirectory = m_dir->filePath(QStringLiteral("root"));
    c.tmpDirectory = m_dir->filePath(QStringLiteral("tmp"));
    QVERIFY(QDir().mkpath(dataDir + QLatin1Char('/') + server));
    QVERIFY(QDir().mkpath(c.rootDirectory));
    BackupService service(c);
    QString error;
    QVERIFY2(service.claimNode(QStringLiteral("test"), &error), qPrintable(error));
    const auto started = service.startBackup(server, backupUuid);
    QVERIFY2(started.ok(), qPrintable(started.message));
    QTRY_VERIFY_WITH_TIMEOUT(started.job->isFinished(), 20000);
    QVERIFY2(started.job->state() == Job::State::Succeeded, qPrintable(started.job->outcome().error));
    QCOMPARE(started.job->outcome().snapshotId, id); // the full id either way: the Panel's checksum
    const auto found = service.findBackupBlocking(backupUuid);
    QCOMPARE(found.snapshots.size(), 1);
    QCOMPARE(found.snapshots.first().id, id);
    QCOMPARE(found.snapshots.first().serverUuid, server);

    QFile calls(m_dir->filePath(QStringLiteral("calls")));
    QVERIFY(calls.open(QIODevice::ReadOnly));
    int lookups = 0;
    for (const QByteArray& line : calls.readAll().split('\n')) {
        if (line.contains("snapshots --json " + id.left(8).toLatin1()))
            ++lookups;
    }
    QCOMPARE(lookups, lookup ? 1 : 0);
}

void TestRestic::typedCommandsSpellResticsArguments()
{
    ResticCommand::Backup b;
    b.host = QStringLiteral("h");
    b.tags = {QStringLiteral("backup_uuid:x"), QStringLiteral("server_uuid:y")};
    b.excludeFile = QStringLiteral("/tmp/ex");
    b.limitUploadKiB = 2048;
    b.compression = QStringLiteral("auto");
    b.path = QStringLiteral("/v/y");
    QCOMPARE(
        ResticCommand::backup(b),
        (QStringList{QStringLiteral("backup"), QStringLiteral("--json"), QStringLiteral("--host"), QStringLiteral("h"),
                     QStringLiteral("--tag"), QStringLiteral("backup_uuid:x"), QStringLiteral("--tag"),
                     QStringLiteral("server_uuid:y"), QStringLiteral("--exclude-file"), QStringLiteral("/tmp/ex"),
                     QStringLiteral("--limit-upload"), QStringLiteral("2048"), QStringLiteral("--compression"),
                     QStringLiteral("auto"), QStringLiteral("--"), QStringLiteral("/v/y")}));
    // 0.16's snap:subfolder and --json progress; 0.14's whole snapshot.
    QCOMPARE(ResticCommand::restore(QStringLiteral("abc"), QStringLiteral("/v/y"), QStringLiteral("/t"), true, true),
             (QStringList{QStringLiteral("restore"), QStringLiteral("abc:/v/y"), QStringLiteral("--target"),
                          QStringLiteral("/t"), QStringLiteral("--json")}));
    QCOMPARE(ResticCommand::restore(QStringLiteral("abc"), QStringLiteral("/v/y"), QStringLiteral("/t"), false, false),
             (QStringList{QStringLiteral("restore"), QStringLiteral("abc"), QStringLiteral("--target"),
                          QStringLiteral("/t")}));
    QCOMPARE(ResticCommand::snapshotsTagged({QStringLiteral("a:1"), QStringLiteral("b:2")}),
             (QStringList{QStringLiteral("snapshots"), QStringLiteral("--json"), QStringLiteral("--tag"),
                          QStringLiteral("a:1,b:2")}));
    QCOMPARE(ResticCommand::forget({QStringLiteral("1"), QStringLiteral("2")}),
             (QStringList{QStringLiteral("forget"), QStringLiteral("1"), QStringLiteral("2")}));
    QCOMPARE(ResticCommand::check(QString()), (QStringList{QStringLiteral("check"), QStringLiteral("--quiet")}));
    QCOMPARE(ResticCommand::check(QStringLiteral("5%")),
             (QStringList{QStringLiteral("check"), QStringLiteral("--quiet"), QStringLiteral("--read-data-subset"),
                          QStringLiteral("5%")}));
    QCOMPARE(ResticCommand::listLocks(), (QStringList{QStringLiteral("list"), QStringLiteral("locks")}));
    QCOMPARE(ResticCommand::catLock(QStringLiteral("ab")),
             (QStringList{QStringLiteral("cat"), QStringLiteral("lock"), QStringLiteral("ab")}));
    QCOMPARE(ResticCommand::statsRawData(), (QStringList{QStringLiteral("stats"), QStringLiteral("--json"),
                                                         QStringLiteral("--mode"), QStringLiteral("raw-data")}));
}

void TestRestic::readDataSubsetSyntax_data()
{
    QTest::addColumn<QString>("subset");
    QTest::addColumn<bool>("valid");
    // What restic 0.14's check accepts (tried against it): n/t with 1 <= n <= t <= 256, a percentage above 0 and
    // at most 100, or a whole size with a unit suffix.
    for (const char* good : {"1/5", "5/5", "1/256", "5%", "0.5%", "100%", "500M", "2G", "10k", "500b", "1T"})
        QTest::newRow(good) << QString::fromLatin1(good) << true;
    for (const char* bad : {"0/5", "3/2", "1/257", "1/", "/2", "0%", "101%", "%", "-5%", "1e1%", "500", "0M", "1.5M",
                            "10x", "5 %", "--read-data", "1/2/3", " 5%"})
        QTest::newRow(bad) << QString::fromLatin1(bad) << false;
}

void TestRestic::readDataSubsetSyntax()
{
    QFETCH(QString, subset);
    QFETCH(bool, valid);
    const QString problem = ResticCommand::readDataSubsetProblem(subset);
    QVERIFY2(problem.isEmpty() == valid, qPrintable(problem));
}

void TestRestic::findStatsParserReadsAStream()
{
    const QByteArray a(64, 'a');
    const QByteArray b(64, 'b');
    const QByteArray out =
        R"([{"matches":[{"path":"/v","type":"dir","mode":1},{"path":"/v/x ]} {[ \"q\\","type":"file","size":10,"links":1},)"
        R"({"path":"/v/l","type":"symlink","linktarget":"x"}],"hits":3,"snapshot":")" +
        a + R"("},{"matches":[{"path":"/v/h","type":"file","size":5,"links":2}],"hits":1,"snapshot":")" + b + R"("}])";
    // Byte by byte: a match may be cut anywhere between two reads of restic's output.
    FindStatsParser p;
    for (char c : out)
        p.feed(&c, 1);
    QString error;
    QVERIFY2(p.finish(&error), qPrintable(error));
    QCOMPARE(p.results().size(), 2);
    QCOMPARE(p.results().value(QString::fromLatin1(a)).nodes, qint64(3));
    QCOMPARE(p.results().value(QString::fromLatin1(a)).fileBytes, qint64(10));
    QVERIFY(!p.results().value(QString::fromLatin1(a)).hardLinks);
    QVERIFY(p.results().value(QString::fromLatin1(b)).hardLinks);

    FindStatsParser cut;
    cut.feed(out.constData(), out.size() - 5);
    QVERIFY(!cut.finish(&error));
    QVERIFY2(error.contains(QLatin1String("ended early")), qPrintable(error));

    QByteArray lying = out;
    lying.replace("\"hits\":3", "\"hits\":4");
    FindStatsParser wrong;
    wrong.feed(lying.constData(), lying.size());
    QVERIFY(!wrong.finish(&error));
    QVERIFY2(error.contains(QLatin1String("reported 4 matches")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestRestic)
#include "tst_restic.moc"
