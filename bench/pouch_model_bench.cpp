// The desktop's snapshot table with many rows (bench/run, figure 8): the model and proxy the console uses, filled
// as MainWindow fills them (a catalogue listing, stats attached, the proxy sorted by time, newest first), on the
// offscreen platform.
//
//   pouch_model_bench [--rows 100000] [--rounds 5]
//
// Prints one line per round: `round R load_ms L sort_ms S filter_ms F rows_after_filter N`.

#include "SnapshotFilterProxy.h"
#include "SnapshotTableModel.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QRandomGenerator>

#include <cstdio>

namespace {

QString hex(QRandomGenerator& rng, int digits)
{
    static const char kDigits[] = "0123456789abcdef";
    QString out(digits, QLatin1Char('0'));
    for (int i = 0; i < digits; ++i)
        out[i] = QLatin1Char(kDigits[rng.bounded(16)]);
    return out;
}

QString uuid(QRandomGenerator& rng)
{
    const QString h = hex(rng, 32);
    return h.left(8) + QLatin1Char('-') + h.mid(8, 4) + QStringLiteral("-4") + h.mid(13, 3) + QStringLiteral("-8") +
           h.mid(17, 3) + QLatin1Char('-') + h.mid(20, 12);
}

// What a catalogue listing hands the console: newest first, a backup per snapshot, stats known for most.
QList<Snapshot> fabricate(int rows)
{
    QRandomGenerator rng(9); // fixed seed: the same table every run
    QStringList servers;
    for (int i = 0; i < 200; ++i)
        servers << uuid(rng);
    const QDateTime newest = QDateTime(QDate(2026, 12, 1), QTime(12, 0), Qt::UTC);
    QList<Snapshot> out;
    out.reserve(rows);
    for (int i = 0; i < rows; ++i) {
        Snapshot s;
        s.id = hex(rng, 64);
        s.shortId = s.id.left(8);
        s.time = newest.addSecs(-qint64(i) * 300 - rng.bounded(300));
        s.serverUuid = servers.at(rng.bounded(servers.size()));
        s.hostname = s.serverUuid;
        s.backupUuid = uuid(rng);
        s.paths = {QStringLiteral("/var/lib/pelican/volumes/") + s.serverUuid};
        s.tags = {QStringLiteral("backup_uuid:") + s.backupUuid, QStringLiteral("server_uuid:") + s.serverUuid};
        s.tree = hex(rng, 64);
        if (i % 10 != 0)
            s.stats = SnapshotStats{qint64(rng.bounded(1 << 30)) + (1 << 20), qint64(rng.bounded(100000)) + 10};
        out << s;
    }
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption rowsOpt(QStringLiteral("rows"), QStringLiteral("Snapshots in the table."),
                                     QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption roundsOpt(QStringLiteral("rounds"), QStringLiteral("Rounds (fresh model each)."),
                                       QStringLiteral("n"), QStringLiteral("5"));
    parser.addOptions({rowsOpt, roundsOpt});
    parser.process(app);
    const int rows = qMax(1, parser.value(rowsOpt).toInt());
    const int rounds = qMax(1, parser.value(roundsOpt).toInt());
    const QList<Snapshot> snapshots = fabricate(rows);

    for (int r = 0; r < rounds; ++r) {
        SnapshotTableModel model;
        SnapshotFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.sort(SnapshotTableModel::TimeColumn, Qt::DescendingOrder); // the view's default
        QElapsedTimer t;
        t.start();
        model.setSnapshots(snapshots);
        const double loadMs = t.nsecsElapsed() / 1e6;
        if (proxy.rowCount() != rows)
            return std::fprintf(stderr, "load: %d rows in the proxy, expected %d\n", proxy.rowCount(), rows), 1;

        t.restart();
        proxy.sort(SnapshotTableModel::ServerColumn, Qt::AscendingOrder); // a text column: the dearest sort
        const double sortMs = t.nsecsElapsed() / 1e6;

        t.restart();
        proxy.setSearchText(QStringLiteral("a")); // the first keystroke in the search field
        const double filterMs = t.nsecsElapsed() / 1e6;
        const int left = proxy.rowCount();
        if (left <= 0 || left > rows)
            return std::fprintf(stderr, "filter: %d rows left of %d\n", left, rows), 1;
        std::printf("round %d load_ms %.1f sort_ms %.1f filter_ms %.1f rows_after_filter %d\n", r, loadMs, sortMs,
                    filterMs, left);
        std::fflush(stdout);
    }
    return 0;
}
