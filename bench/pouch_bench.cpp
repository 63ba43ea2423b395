// Pouch against raw restic and the spec's naive recipes, side by side in one run on the same data.
// Every figure is a ratio to a baseline measured in the same run; absolute times are printed for context.
//
//   pouch_bench [--small-files N] [--big-files N] [--rounds R] [--snapshots S]

#include "BackupService.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>
#include <cstdio>

namespace {

struct Options
{
    int smallFiles = 3000;
    int bigFiles = 4;
    int rounds = 3;
    int snapshots = 6;
};

void writeRandom(const QString& path, qint64 bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    QByteArray chunk(int(qMin<qint64>(bytes, 1 << 20)), Qt::Uninitialized);
    for (qint64 done = 0; done < bytes; done += chunk.size()) {
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(chunk.data()), chunk.size() / 4);
        f.write(chunk.constData(), qMin<qint64>(chunk.size(), bytes - done));
    }
}

// Relative path -> size, for a cheap "same tree" check.
QMap<QString, qint64> shape(const QString& root)
{
    QMap<QString, qint64> out;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        out.insert(QDir(root).relativeFilePath(it.filePath()), it.fileInfo().size());
    }
    return out;
}

void empty(const QString& dir)
{
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v[v.size() / 2];
}

bool runProcess(const Config& c, const QStringList& args)
{
    QProcess p;
    p.setProcessEnvironment(Restic(c).environment());
    p.start(c.restic.binaryPath, args);
    p.waitForFinished(-1);
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

bool waitJob(Job* job)
{
    if (!QTest::qWaitFor([job] { return job->isFinished(); }, 3600 * 1000))
        return false;
    return job->state() == Job::State::Succeeded;
}

void row(const char* what, double baseline, double pouch, const char* baselineName)
{
    std::printf("| %-34s | %9.2f s | %9.2f s | %6.2fx | %s\n", what, pouch, baseline, baseline / pouch, baselineName);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("pouch.*.debug=false"));
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption small(QStringLiteral("small-files"), QStringLiteral("Small files in the server."), QStringLiteral("n"), QStringLiteral("3000"));
    QCommandLineOption big(QStringLiteral("big-files"), QStringLiteral("8 MiB files in the server."), QStringLiteral("n"), QStringLiteral("4"));
    QCommandLineOption rounds(QStringLiteral("rounds"), QStringLiteral("Rounds per measurement (median)."), QStringLiteral("n"), QStringLiteral("3"));
    QCommandLineOption snaps(QStringLiteral("snapshots"), QStringLiteral("Snapshots for the listing."), QStringLiteral("n"), QStringLiteral("6"));
    parser.addOptions({small, big, rounds, snaps});
    parser.process(app);
    Options o;
    o.smallFiles = parser.value(small).toInt();
    o.bigFiles = parser.value(big).toInt();
    o.rounds = qMax(1, parser.value(rounds).toInt());
    o.snapshots = qMax(1, parser.value(snaps).toInt());

    QTemporaryDir tmp;
    Config c;
    c.dataDirectory = tmp.filePath(QStringLiteral("volumes"));
    c.tmpDirectory = tmp.filePath(QStringLiteral("tmp"));
    c.restic.repository = tmp.filePath(QStringLiteral("repository"));
    c.restic.password = QStringLiteral("bench-password");
    c.restic.cacheDir = tmp.filePath(QStringLiteral("cache"));
    const QString source = QStringLiteral("00000000-0000-4000-8000-00000000000a");
    const QString target = QStringLiteral("00000000-0000-4000-8000-00000000000b");
    const QString sourceDir = c.dataDirectory + QLatin1Char('/') + source;
    const QString targetDir = c.dataDirectory + QLatin1Char('/') + target;
    for (int i = 0; i < o.smallFiles; ++i)
        writeRandom(QStringLiteral("%1/world/region%2/chunk%3.dat").arg(sourceDir).arg(i % 40).arg(i),
                    512 + QRandomGenerator::global()->bounded(8192));
    for (int i = 0; i < o.bigFiles; ++i)
        writeRandom(QStringLiteral("%1/world/big%2.mca").arg(sourceDir).arg(i), 8 << 20);
    QDir().mkpath(targetDir);
    const auto expected = shape(sourceDir);
    qint64 bytes = 0;
    for (qint64 s : expected)
        bytes += s;

    BackupService service(c);
    service.claimNode(QStringLiteral("bench"), nullptr); // the node that runs jobs
    QString error;
    if (!service.ensureRepository(&error)) {
        std::fprintf(stderr, "cannot create the repository: %s\n", qPrintable(error));
        return 1;
    }
    QList<QString> backupIds;
    for (int i = 0; i < o.snapshots; ++i) {
        backupIds << QStringLiteral("00000000-0000-4000-8000-%1").arg(100 + i, 12, 10, QLatin1Char('0'));
        writeRandom(sourceDir + QStringLiteral("/changes/%1.log").arg(i), 4096);
        if (!waitJob(service.startBackup(source, backupIds.last()).job)) {
            std::fprintf(stderr, "backup failed\n");
            return 1;
        }
    }
    const Snapshot snap = service.findBackupBlocking(backupIds.first()).snapshots.value(0);
    // Each backup's stats are measured in the background right after it: let that end, so that no
    // measurement below shares the machine with it.
    for (const QString& b : std::as_const(backupIds))
        service.statsBlocking(service.findBackupBlocking(b).snapshots.value(0).id);
    // The first snapshot holds the data plus the first change log.
    const auto snapshotShape = [&] {
        auto s = expected;
        s.insert(QStringLiteral("changes/0.log"), 4096);
        return s;
    }();
    std::printf("data: %d files, %.1f MiB; restic %s; %d rounds, medians\n\n", int(snapshotShape.size()),
                double(bytes) / (1 << 20), qPrintable(service.restic().version().text), o.rounds);

    // ---- restore ----
    const QString naiveDir = tmp.filePath(QStringLiteral("naive"));
    const QString rawDir = tmp.filePath(QStringLiteral("raw"));
    QList<double> tPouch, tRaw, tNaive;
    const int strip = snap.paths.value(0).count(QLatin1Char('/'));
    // Each round runs the three in a rotated order, so that none always goes first (cold caches, writeback).
    const QList<std::function<bool()>> methods{
        [&] {
            empty(targetDir);
            QElapsedTimer t;
            t.start();
            if (!waitJob(service.startRestore(target, snap, true).job))
                return false;
            tPouch << t.elapsed() / 1000.0;
            return shape(targetDir) == snapshotShape;
        },
        [&] {
            empty(rawDir);
            QElapsedTimer t;
            t.start();
            if (!runProcess(c, {QStringLiteral("restore"), snap.id, QStringLiteral("--target"), rawDir}))
                return false;
            tRaw << t.elapsed() / 1000.0;
            return true;
        },
        [&] {
            // The spec's recipe: restic dump --archive tar | tar -x (with the prefix stripped, to be fair).
            empty(naiveDir);
            QElapsedTimer t;
            t.start();
            QProcess dump, tar;
            dump.setProcessEnvironment(Restic(c).environment());
            dump.setStandardOutputProcess(&tar);
            dump.start(c.restic.binaryPath, {QStringLiteral("dump"), QStringLiteral("--archive"),
                                             QStringLiteral("tar"), snap.id, snap.paths.value(0)});
            tar.start(QStringLiteral("tar"), {QStringLiteral("-xf"), QStringLiteral("-"), QStringLiteral("-C"),
                                              naiveDir, QStringLiteral("--strip-components=%1").arg(strip)});
            dump.waitForFinished(-1);
            tar.waitForFinished(-1);
            tNaive << t.elapsed() / 1000.0;
            return shape(naiveDir) == snapshotShape;
        },
    };
    for (int r = 0; r < o.rounds; ++r) {
        for (int i = 0; i < methods.size(); ++i) {
            if (!methods[(i + r) % methods.size()]())
                return std::fprintf(stderr, "a restore failed or produced a different tree\n"), 1;
        }
    }

    // ---- include_stats listing ----
    QList<double> tCold, tWarm, tNaiveList;
    for (int r = 0; r < o.rounds; ++r) {
        BackupService fresh(c); // no state directory: an empty catalogue, filled by this first listing
        QElapsedTimer t;
        t.start();
        const auto cold = fresh.listSnapshotsBlocking(source, true);
        tCold << t.elapsed() / 1000.0;
        t.restart();
        const auto warm = fresh.listSnapshotsBlocking(source, true);
        tWarm << t.elapsed() / 1000.0;
        if (!cold.ok || !warm.ok || cold.snapshots.size() != o.snapshots)
            return std::fprintf(stderr, "listing failed: %s\n", qPrintable(cold.error + warm.error)), 1;

        // Naive: list, then one `restic stats` per snapshot, one after another.
        t.restart();
        runProcess(c, {QStringLiteral("snapshots"), QStringLiteral("--json"), QStringLiteral("--tag"),
                       QStringLiteral("server_uuid:") + source});
        for (const Snapshot& s : cold.snapshots)
            runProcess(c, {QStringLiteral("stats"), QStringLiteral("--json"), s.id});
        tNaiveList << t.elapsed() / 1000.0;
    }

    std::printf("| %-34s | %11s | %11s | %7s | %s\n", "measurement", "Pouch", "baseline", "ratio", "baseline");
    std::printf("|%s|\n", QByteArray(100, '-').constData());
    row("restore (staged, truncate)", median(tNaive), median(tPouch), "restic dump --archive tar | tar -x");
    row("restore (staged, truncate)", median(tRaw), median(tPouch), "raw restic restore (no staging, prefix kept)");
    row("list include_stats, cold", median(tNaiveList), median(tCold), "snapshots + stats per snapshot, serial");
    row("list include_stats, cached", median(tNaiveList), median(tWarm), "snapshots + stats per snapshot, serial");
    std::printf("\nratio = baseline time / Pouch time (above 1: Pouch is faster)\n");
    return 0;
}
