// The catalogue's resync against a repository (bench/run, figure 9): the core's Catalogue and CatalogueSync as
// BackupService uses them, on a fresh SQLite file in a temporary state directory.
//
//   pouch_resync_bench --config FILE [--rounds 1]
//
// Per round prints `round R first_ms A flush_ms B warm_ms C snapshots N`: the first resync into an empty
// catalogue (restic snapshots --json --no-lock, parsing, the in-memory index), the write of what it found to the
// SQLite file, and a second resync that finds the same snapshots (the steady state every resync_interval).

#include "Config.h"
#include "Restic.h"
#include "catalogue/Catalogue.h"
#include "catalogue/CatalogueSync.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("pouch.*.debug=false"));
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption configOpt(QStringLiteral("config"), QStringLiteral("Wings config.yml."),
                                       QStringLiteral("file"));
    const QCommandLineOption roundsOpt(QStringLiteral("rounds"), QStringLiteral("Rounds."), QStringLiteral("n"),
                                       QStringLiteral("1"));
    parser.addOptions({configOpt, roundsOpt});
    parser.process(app);
    Config config;
    QString error;
    if (!Config::loadFile(parser.value(configOpt), config, error))
        return std::fprintf(stderr, "%s\n", qPrintable(error)), 2;
    const Restic restic(config);

    for (int r = 0; r < qMax(1, parser.value(roundsOpt).toInt()); ++r) {
        QTemporaryDir state;
        Catalogue catalogue;
        if (!catalogue.open(state.filePath(QStringLiteral("catalogue.sqlite")), &error))
            return std::fprintf(stderr, "cannot open the catalogue: %s\n", qPrintable(error)), 1;
        CatalogueSync sync(restic, catalogue);
        QElapsedTimer t;
        t.start();
        if (!sync.fill(QDeadlineTimer(600 * 1000)))
            return std::fprintf(stderr, "resync failed: %s\n", qPrintable(sync.lastError())), 1;
        const double firstMs = t.nsecsElapsed() / 1e6;
        QElapsedTimer f;
        f.start();
        catalogue.flush();
        const double flushMs = f.nsecsElapsed() / 1e6;
        const int count = catalogue.count();
        // Resyncs are at most one every 2 s (the rate limit for misses): wait that out, untimed.
        QThread::msleep(quint64(qMax<qint64>(0, 2100 - t.elapsed())));
        t.restart();
        if (!sync.resyncAfterNow(QDeadlineTimer(600 * 1000)))
            return std::fprintf(stderr, "second resync failed: %s\n", qPrintable(sync.lastError())), 1;
        const double warmMs = t.nsecsElapsed() / 1e6;
        catalogue.flush();
        if (catalogue.count() != count)
            return std::fprintf(stderr, "second resync found %d snapshots, the first %d\n", catalogue.count(), count),
                   1;
        std::printf("round %d first_ms %.1f flush_ms %.1f warm_ms %.1f snapshots %d\n", r, firstMs, flushMs, warmMs,
                    count);
        std::fflush(stdout);
    }
    return 0;
}
