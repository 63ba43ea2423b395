#include "Format.h"
#include "JobListModel.h"
#include "JobManager.h"
#include "JobsPanel.h"
#include "LocalNode.h"
#include "ServerListModel.h"
#include "SnapshotFilterProxy.h"
#include "SnapshotTableModel.h"
#include "TestSupport.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QPromise>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <memory>

using TestSupport::uuidFor;

// The console's item models without restic: snapshots come from code, stats from promises the test
// fulfils, jobs from a JobManager running small functions.
class TestGuiModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void snapshotModelIsConsistent();
    void statsAreLazyAndQueriedOnce();
    void failedStatsShowAndRetryOnRefresh();
    void hostShowsOnlyWhenItIsNotTheServer();
    void detachedServiceIsNeverCalled();
    void destroyedServiceIsNeverCalled();
    void sortsNumerically();
    void filtersBySearchAndServer();
    void cachedOrderAndFilterMatchPlainComparison();
    void selectionSurvivesRefresh();
    void serverListMergesDiskAndSnapshots();
    void relativeTimesReadInASentence();
    void jobListFollowsJobs();
    void timeLeftShowsOnlyWithAnEstimate();
    void finishedJobsSayWhatTheyDid();
    void timesHaveSeconds();

private:
    static Snapshot snapshot(int n, int server, int backup, const QDateTime& time);
    QFuture<BackupService::StatsResult> fetch(const QString& id);
    void answer(const QString& id, qint64 size, qint64 files);

    QStringList m_asked;
    QHash<QString, std::shared_ptr<QPromise<BackupService::StatsResult>>> m_promises;
};

Snapshot TestGuiModels::snapshot(int n, int server, int backup, const QDateTime& time)
{
    Snapshot s;
    s.id = QStringLiteral("%1").arg(n, 8, 16, QLatin1Char('0')) + QString(56, QLatin1Char('f'));
    s.shortId = s.id.left(8);
    s.time = time;
    s.hostname = uuidFor(server);
    s.serverUuid = uuidFor(server);
    s.backupUuid = uuidFor(1000 + backup);
    s.paths = {QStringLiteral("/volumes/") + s.serverUuid};
    return s;
}

void TestGuiModels::init()
{
    m_asked.clear();
    m_promises.clear();
}

QFuture<BackupService::StatsResult> TestGuiModels::fetch(const QString& id)
{
    m_asked << id;
    auto promise = std::make_shared<QPromise<BackupService::StatsResult>>();
    promise->start();
    m_promises.insert(id, promise);
    return promise->future();
}

void TestGuiModels::answer(const QString& id, qint64 size, qint64 files)
{
    auto promise = m_promises.take(id);
    QVERIFY(promise);
    BackupService::StatsResult r;
    r.ok = size >= 0;
    r.error = r.ok ? QString() : QStringLiteral("repository unreachable");
    r.stats.totalSize = size;
    r.stats.totalFileCount = files;
    promise->addResult(r);
    promise->finish();
}

void TestGuiModels::snapshotModelIsConsistent()
{
    SnapshotTableModel model;
    SnapshotFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester sourceTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStatsFetcher([this](const Snapshot& s) { return fetch(s.id); });
    const QDateTime now = QDateTime::currentDateTimeUtc();
    model.setSnapshots({snapshot(1, 1, 1, now), snapshot(2, 2, 2, now.addSecs(-60))});
    proxy.sort(SnapshotTableModel::SizeColumn);
    model.setSnapshots({snapshot(2, 2, 2, now.addSecs(-60)), snapshot(3, 1, 3, now.addSecs(-30))});
    // Snapshot 1 left before its query started, so only 2 and 3 were asked for.
    QTRY_COMPARE(m_asked.size(), 2);
    QVERIFY(!m_asked.contains(snapshot(1, 1, 1, now).id));
    for (const QString& id : m_asked)
        answer(id, 10, 1);
    QTRY_VERIFY(model.index(0, SnapshotTableModel::SizeColumn).data(SnapshotTableModel::StatsKnownRole).toBool());
    proxy.setSearchText(uuidFor(2));
    proxy.setServerFilter(uuidFor(2));
    model.clear();
    QCOMPARE(proxy.rowCount(), 0);
}

void TestGuiModels::statsAreLazyAndQueriedOnce()
{
    SnapshotTableModel model;
    model.setStatsFetcher([this](const Snapshot& s) { return fetch(s.id); });
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const Snapshot a = snapshot(1, 1, 1, now);
    const Snapshot b = snapshot(2, 1, 2, now.addSecs(-3600));
    model.setSnapshots({a, b});

    // Nothing is asked until a view wants the size; then a placeholder, and one query for that row only.
    QTest::qWait(20);
    QVERIFY(m_asked.isEmpty());
    const QModelIndex size = model.index(0, SnapshotTableModel::SizeColumn);
    QCOMPARE(size.data().toString(), QStringLiteral("…"));
    QCOMPARE(model.index(0, SnapshotTableModel::FilesColumn).data().toString(), QStringLiteral("…"));
    QTRY_COMPARE(m_asked, QStringList{a.id});
    size.data();
    QTest::qWait(20);
    QCOMPARE(model.statsQueryCount(), 1);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    answer(a.id, 2048, 12);
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().column(), int(SnapshotTableModel::SizeColumn));
    QCOMPARE(changed.first().at(1).toModelIndex().column(), int(SnapshotTableModel::FilesColumn));
    QCOMPARE(size.data().toString(), QLocale().formattedDataSize(2048, 1, QLocale::DataSizeIecFormat));
    QCOMPARE(model.index(0, SnapshotTableModel::FilesColumn).data().toString(), QStringLiteral("12"));
    QCOMPARE(size.data(SnapshotTableModel::SortRole).toLongLong(), 2048);

    // A refresh with the same snapshot keeps what is known: no second query, ever.
    model.setSnapshots({a, b});
    QCOMPARE(model.index(model.rowOf(a.id), SnapshotTableModel::FilesColumn).data().toString(), QStringLiteral("12"));
    QTest::qWait(20);
    QCOMPARE(model.statsQueryCount(), 1);

    // Stats that come with the listing are used as they are.
    Snapshot c = snapshot(3, 1, 3, now);
    c.stats = SnapshotStats{5, 1};
    model.setSnapshots({a, b, c});
    QCOMPARE(model.index(model.rowOf(c.id), SnapshotTableModel::FilesColumn).data().toString(), QStringLiteral("1"));
    QTest::qWait(20);
    QCOMPARE(model.statsQueryCount(), 1);
}

void TestGuiModels::failedStatsShowAndRetryOnRefresh()
{
    SnapshotTableModel model;
    model.setStatsFetcher([this](const Snapshot& s) { return fetch(s.id); });
    const Snapshot a = snapshot(1, 1, 1, QDateTime::currentDateTimeUtc());
    model.setSnapshots({a});
    QSignalSpy failed(&model, &SnapshotTableModel::statsFailed);
    model.index(0, SnapshotTableModel::SizeColumn).data();
    QTRY_COMPARE(m_asked.size(), 1);
    answer(a.id, -1, 0);
    QTRY_COMPARE(failed.size(), 1);
    const QModelIndex size = model.index(0, SnapshotTableModel::SizeColumn);
    QCOMPARE(size.data().toString(), QStringLiteral("?"));
    QVERIFY(size.data(Qt::ToolTipRole).toString().contains(QLatin1String("repository unreachable")));
    size.data();
    QTest::qWait(20);
    QCOMPARE(m_asked.size(), 1); // not hammered while the error stands
    model.setSnapshots({a});
    model.index(0, SnapshotTableModel::SizeColumn).data();
    QTRY_COMPARE(m_asked.size(), 2); // the refresh is the retry
}

// Pouch backs up with the server uuid as host: the Host column repeats nothing, and shows another tool's host.
void TestGuiModels::hostShowsOnlyWhenItIsNotTheServer()
{
    SnapshotTableModel model;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const Snapshot own = snapshot(1, 1, 1, now);
    model.setSnapshots({own});
    QCOMPARE(model.index(0, SnapshotTableModel::HostColumn).data().toString(), QString());
    QVERIFY(!model.hasOtherHosts());

    Snapshot foreign = snapshot(2, 2, 2, now);
    foreign.hostname = QStringLiteral("wings-node-7");
    model.setSnapshots({own, foreign});
    const int row = model.rowOf(foreign.id);
    QCOMPARE(model.index(row, SnapshotTableModel::HostColumn).data().toString(), QStringLiteral("wings-node-7"));
    QVERIFY(model.index(row, SnapshotTableModel::HostColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QLatin1String("wings-node-7")));
    QCOMPARE(model.index(model.rowOf(own.id), SnapshotTableModel::HostColumn).data().toString(), QString());
    QVERIFY(model.hasOtherHosts());
}

// A view asks for a size, and the service is detached (a settings change) before the query starts from the
// event loop: nothing is called (it was std::bad_function_call), and a service set later is asked.
void TestGuiModels::detachedServiceIsNeverCalled()
{
    SnapshotTableModel model;
    model.setStatsFetcher([this](const Snapshot& s) { return fetch(s.id); });
    const Snapshot a = snapshot(1, 1, 1, QDateTime::currentDateTimeUtc());
    model.setSnapshots({a});
    QCOMPARE(model.index(0, SnapshotTableModel::SizeColumn).data().toString(), QStringLiteral("…"));
    model.setStatsFetcher({});
    QTest::qWait(20);
    QCOMPARE(model.statsQueryCount(), 0);
    QVERIFY(m_asked.isEmpty());

    model.setStatsFetcher([this](const Snapshot& s) { return fetch(s.id); });
    model.index(0, SnapshotTableModel::SizeColumn).data();
    QTRY_COMPARE(m_asked, QStringList{a.id});
    answer(a.id, 4096, 3);
    QTRY_COMPARE(model.index(0, SnapshotTableModel::FilesColumn).data().toString(), QStringLiteral("3"));
}

// The service is destroyed while still set: the model never calls into it, and asks again once it has one.
void TestGuiModels::destroyedServiceIsNeverCalled()
{
    QTemporaryDir dir;
    Config config;
    config.rootDirectory = dir.path();
    config.dataDirectory = dir.filePath(QStringLiteral("volumes"));
    config.restic.enabled = true;
    config.restic.repository = dir.filePath(QStringLiteral("repository"));
    config.restic.password = QStringLiteral("unused");
    config.restic.binaryPath = dir.filePath(QStringLiteral("no-restic-here"));
    SnapshotTableModel model;
    auto node = std::make_unique<LocalNode>(std::make_unique<BackupService>(config));
    const QPointer<Node> guard(node.get());
    model.setStatsFetcher([guard](const Snapshot& s) {
        return guard ? guard->stats(s) : QFuture<BackupService::StatsResult>(); // as the console's windows do
    });
    const Snapshot a = snapshot(1, 1, 1, QDateTime::currentDateTimeUtc());
    model.setSnapshots({a});
    model.index(0, SnapshotTableModel::SizeColumn).data();
    node.reset();
    QTest::qWait(50);
    QCOMPARE(model.index(0, SnapshotTableModel::SizeColumn).data(SnapshotTableModel::StatsKnownRole).toBool(), false);
    QCOMPARE(model.index(0, SnapshotTableModel::SizeColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Reading the size from the repository…")); // no error: nothing was asked

    model.setStatsFetcher([this](const Snapshot& s) { return fetch(s.id); });
    model.index(0, SnapshotTableModel::SizeColumn).data();
    QTRY_COMPARE(m_asked, QStringList{a.id});
}

void TestGuiModels::sortsNumerically()
{
    SnapshotTableModel model;
    model.setStatsFetcher([this](const Snapshot& s) { return fetch(s.id); });
    SnapshotFilterProxy proxy;
    proxy.setSourceModel(&model);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const Snapshot a = snapshot(1, 1, 1, now.addDays(-2));
    const Snapshot b = snapshot(2, 1, 2, now);
    const Snapshot c = snapshot(3, 1, 3, now.addDays(-1));
    model.setSnapshots({a, b, c});
    proxy.sort(SnapshotTableModel::FilesColumn, Qt::AscendingOrder);
    QTRY_COMPARE(m_asked.size(), 3);
    answer(a.id, 900, 9);
    answer(b.id, 100000, 100);
    answer(c.id, 1000, 10);
    QTRY_VERIFY(model.index(model.rowOf(c.id), SnapshotTableModel::FilesColumn)
                    .data(SnapshotTableModel::StatsKnownRole)
                    .toBool());
    QTest::qWait(10);
    const auto order = [&proxy] {
        QStringList ids;
        for (int r = 0; r < proxy.rowCount(); ++r)
            ids << proxy.index(r, 0).data(SnapshotTableModel::SnapshotIdRole).toString();
        return ids;
    };
    // 9 < 10 < 100: numbers, not text ("10" < "100" < "9").
    QCOMPARE(order(), (QStringList{a.id, c.id, b.id}));
    proxy.sort(SnapshotTableModel::SizeColumn, Qt::DescendingOrder);
    QCOMPARE(order(), (QStringList{b.id, c.id, a.id}));
    proxy.sort(SnapshotTableModel::TimeColumn, Qt::DescendingOrder);
    QCOMPARE(order(), (QStringList{b.id, c.id, a.id}));
    proxy.sort(SnapshotTableModel::TimeColumn, Qt::AscendingOrder);
    QCOMPARE(order(), (QStringList{a.id, c.id, b.id}));
}

void TestGuiModels::filtersBySearchAndServer()
{
    SnapshotTableModel model;
    SnapshotFilterProxy proxy;
    proxy.setSourceModel(&model);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const Snapshot a = snapshot(1, 1, 1, now);
    const Snapshot b = snapshot(2, 2, 2, now);
    const Snapshot c = snapshot(0xbeef, 2, 3, now);
    model.setSnapshots({a, b, c});
    QCOMPARE(proxy.rowCount(), 3);

    proxy.setSearchText(uuidFor(1002).toUpper()); // backup UUID, any case
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, 0).data(SnapshotTableModel::SnapshotIdRole).toString(), b.id);
    proxy.setSearchText(c.shortId); // short id
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setSearchText(QStringLiteral("beef")); // part of the full id
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setSearchText(uuidFor(2)); // server
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setSearchText(QStringLiteral("  "));
    QCOMPARE(proxy.rowCount(), 3);

    proxy.setServerFilter(uuidFor(2));
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setSearchText(uuidFor(1001)); // a's backup, but a is on server 1
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setServerFilter({});
    QCOMPARE(proxy.rowCount(), 1);
}

// The proxy sorts and filters from the model's per-row caches (ranks, numbers, a lowercase search string). Check
// them against the plain comparison on data(), as the proxy did it before the caches: every column, both orders,
// several locales, with equal keys, unknown stats, capitals and non-ASCII text, before and after changes.
void TestGuiModels::cachedOrderAndFilterMatchPlainComparison()
{
    const QStringList names{QStringLiteral("alpha"),       QStringLiteral("Alpha"),  QStringLiteral("äpfel"),
                            QStringLiteral("Zeta"),        QStringLiteral("zeta"),   QStringLiteral("ünïcødé"),
                            QStringLiteral("Öl"),          QStringLiteral("ol"),     QStringLiteral("10"),
                            QStringLiteral("9"),           QStringLiteral("x-y"),    QStringLiteral("xy"),
                            QStringLiteral("\u212Aelvin"), QStringLiteral("ſtraße"), QStringLiteral("日本")};
    const QDateTime base = QDateTime(QDate(2026, 12, 1), QTime(12, 0), Qt::UTC);
    QList<Snapshot> snapshots;
    for (int n = 0; n < 300; ++n) {
        Snapshot s = snapshot(n, n % 7, n % 50, base.addSecs(-(n % 40) * 60)); // equal times, equal backups
        if (n % 5 == 0)
            s.serverUuid = names.at(n % names.size()); // non-ASCII and capitals in a searchable field
        if (n % 11 == 0)
            s.backupUuid = names.at((n / 11) % names.size()).toUpper();
        if (n % 3 == 0)
            s.hostname = names.at((n / 3) % names.size()); // a host worth showing
        if (n % 13 == 0)
            s.shortId = s.shortId.toUpper();
        if (n % 4 != 0) // a quarter unknown
            s.stats = SnapshotStats{qint64(n % 9) * 1024, qint64(n % 6)};
        snapshots << s;
    }

    SnapshotTableModel model;
    model.setStatsFetcher([this](const Snapshot& s) { return fetch(s.id); });
    SnapshotFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshots(snapshots);

    const auto plainLess = [&model](int column, int a, int b) {
        const QVariant l = model.index(a, column).data(SnapshotTableModel::SortRole);
        const QVariant r = model.index(b, column).data(SnapshotTableModel::SortRole);
        if (l.typeId() == QMetaType::LongLong && r.typeId() == QMetaType::LongLong) {
            if (l.toLongLong() != r.toLongLong())
                return l.toLongLong() < r.toLongLong();
        } else if (const int c = QString::localeAwareCompare(l.toString(), r.toString()); c != 0) {
            return c < 0;
        }
        const auto time = [&model](int row) {
            return model.index(row, SnapshotTableModel::TimeColumn).data(SnapshotTableModel::SortRole).toLongLong();
        };
        return time(a) < time(b);
    };
    const auto sourceOrder = [&proxy] {
        QList<int> rows;
        for (int r = 0; r < proxy.rowCount(); ++r)
            rows << proxy.mapToSource(proxy.index(r, 0)).row();
        return rows;
    };
    const auto checkSorts = [&](const char* when) {
        for (int column = 0; column < SnapshotTableModel::ColumnCount; ++column) {
            for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                // The proxy sorts its current order stably: so does the expectation.
                QList<int> expected = sourceOrder();
                std::stable_sort(expected.begin(), expected.end(), [&](int a, int b) {
                    return order == Qt::AscendingOrder ? plainLess(column, a, b) : plainLess(column, b, a);
                });
                proxy.sort(column, order);
                QVERIFY2(sourceOrder() == expected, qPrintable(QStringLiteral("%1: column %2, %3, locale %4")
                                                                   .arg(QLatin1String(when))
                                                                   .arg(column)
                                                                   .arg(order == Qt::AscendingOrder ? "up" : "down")
                                                                   .arg(QLocale().name())));
            }
        }
    };
    const auto checkFilters = [&](const char* when) {
        const auto plainAccepts = [&model, &proxy](int row) {
            const QModelIndex index = model.index(row, 0);
            const QString server = index.data(SnapshotTableModel::ServerUuidRole).toString();
            if (!proxy.serverFilter().isEmpty() && server != proxy.serverFilter())
                return false;
            const QString search = proxy.searchText();
            const auto has = [&search](const QString& value) { return value.contains(search, Qt::CaseInsensitive); };
            return search.isEmpty() || has(index.data(SnapshotTableModel::BackupUuidRole).toString()) ||
                   has(index.data(SnapshotTableModel::SnapshotIdRole).toString()) ||
                   has(index.data(SnapshotTableModel::ShortIdRole).toString()) || has(server);
        };
        const QStringList searches{QStringLiteral("a"),
                                   QStringLiteral("A"),
                                   QStringLiteral("FFF"),
                                   QStringLiteral("0000000"),
                                   QStringLiteral("ÜN"),
                                   QStringLiteral("k"),
                                   QStringLiteral("S"),
                                   QStringLiteral("ff-"),
                                   QStringLiteral("日"),
                                   QStringLiteral("alpha"),
                                   QString()};
        for (const QString& server : {QString(), uuidFor(3), names.at(0)}) {
            proxy.setServerFilter(server);
            for (const QString& search : searches) {
                proxy.setSearchText(search);
                QList<int> expected;
                for (int row = 0; row < model.rowCount(); ++row) {
                    if (plainAccepts(row))
                        expected << row;
                }
                QList<int> got = sourceOrder();
                std::sort(got.begin(), got.end());
                QVERIFY2(got == expected,
                         qPrintable(
                             QStringLiteral("%1: search '%2', server '%3'").arg(QLatin1String(when), search, server)));
            }
        }
        proxy.setServerFilter({});
        proxy.setSearchText({});
    };

    for (const QLocale& locale : {QLocale::c(), QLocale(QLocale::German, QLocale::Germany),
                                  QLocale(QLocale::Swedish, QLocale::Sweden), QLocale(QLocale::English)}) {
        QLocale::setDefault(locale);
        checkSorts("first fill");
        checkFilters("first fill");
    }
    QLocale::setDefault(QLocale::system());

    // Sizes answered later, hosts changed by a refresh, a row gone and one added: the caches follow.
    QTRY_VERIFY(!m_asked.isEmpty());
    for (const QString& id : QStringList(m_asked))
        answer(id, 4096, 2);
    QTRY_VERIFY(model.index(model.rowOf(snapshots.at(0).id), SnapshotTableModel::SizeColumn)
                    .data(SnapshotTableModel::StatsKnownRole)
                    .toBool());
    checkSorts("sizes answered");
    snapshots.removeAt(7);
    for (int n = 0; n < snapshots.size(); n += 2)
        snapshots[n].hostname = names.at((n / 2) % names.size()).toLower();
    snapshots.prepend(snapshot(1000, 9, 1000, base.addSecs(30)));
    model.setSnapshots(snapshots);
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    checkSorts("after a refresh");
    checkFilters("after a refresh");
    QLocale::setDefault(QLocale::system());
}

void TestGuiModels::selectionSurvivesRefresh()
{
    SnapshotTableModel model;
    SnapshotFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(SnapshotTableModel::TimeColumn, Qt::DescendingOrder);
    QItemSelectionModel selection(&proxy);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const Snapshot a = snapshot(1, 1, 1, now.addSecs(-300));
    const Snapshot b = snapshot(2, 1, 2, now.addSecs(-200));
    const Snapshot c = snapshot(3, 2, 3, now.addSecs(-100));
    model.setSnapshots({c, b, a});
    const QModelIndex bRow = proxy.mapFromSource(model.index(model.rowOf(b.id), 0));
    selection.setCurrentIndex(bRow, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    // A newer snapshot arrives and the oldest is gone: b moves, but stays selected.
    const Snapshot d = snapshot(4, 2, 4, now);
    model.setSnapshots({d, c, b});
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowCount(), 3);
    const QModelIndexList rows = selection.selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().data(SnapshotTableModel::SnapshotIdRole).toString(), b.id);
    QCOMPARE(selection.currentIndex().data(SnapshotTableModel::SnapshotIdRole).toString(), b.id);
    QCOMPARE(proxy.index(0, 0).data(SnapshotTableModel::SnapshotIdRole).toString(), d.id);
}

void TestGuiModels::serverListMergesDiskAndSnapshots()
{
    ServerListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0).data().toString(), QStringLiteral("All servers"));

    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<Snapshot> snapshots{snapshot(1, 2, 1, now.addSecs(-7200)), snapshot(2, 2, 2, now.addSecs(-3600)),
                                    snapshot(3, 3, 3, now.addDays(-3))};
    model.setServers({uuidFor(2), uuidFor(1)}, snapshots);
    // All, then sorted: 1 (disk only), 2 (disk and snapshots), 3 (snapshots only).
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.serverAt(1), uuidFor(1));
    QCOMPARE(model.serverAt(2), uuidFor(2));
    QCOMPARE(model.serverAt(3), uuidFor(3));
    QCOMPARE(model.index(0).data(ServerListModel::SnapshotCountRole).toInt(), 3);
    QCOMPARE(model.index(0).data(ServerListModel::LastBackupRole).toDateTime(), now.addSecs(-3600));
    QCOMPARE(model.index(1).data(ServerListModel::SnapshotCountRole).toInt(), 0);
    QCOMPARE(model.index(1).data(ServerListModel::SubtitleRole).toString(), QStringLiteral("No snapshots yet"));
    QCOMPARE(model.index(2).data(ServerListModel::SnapshotCountRole).toInt(), 2);
    QCOMPARE(model.index(2).data(ServerListModel::LastBackupRole).toDateTime(), now.addSecs(-3600));
    QCOMPARE(model.index(2).data(ServerListModel::SubtitleRole).toString(),
             QStringLiteral("2 snapshots · last backup 1 hour ago"));
    QVERIFY(model.index(2).data(ServerListModel::OnDiskRole).toBool());
    QVERIFY(!model.index(3).data(ServerListModel::OnDiskRole).toBool());
    QVERIFY(
        model.index(3).data(ServerListModel::SubtitleRole).toString().contains(QLatin1String("not on this machine")));
    QCOMPARE(model.serversOnDisk(), (QStringList{uuidFor(1), uuidFor(2)}));

    // Server 1 goes away, server 4 appears: rows move without a reset, so server 2's index stays valid.
    QPersistentModelIndex two(model.index(2));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setServers({uuidFor(2), uuidFor(4)}, snapshots);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowCount(), 4);
    QVERIFY(two.isValid());
    QCOMPARE(two.data(ServerListModel::ServerUuidRole).toString(), uuidFor(2));
    QCOMPARE(model.rowOf(uuidFor(4)), 3);
    QCOMPARE(model.rowOf(uuidFor(1)), -1);

    // Names from the Panel replace the uuid where known; the uuid stays in the tooltip; the rest keep their uuid.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setNames({{uuidFor(2), QStringLiteral("Survival")}});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.index(1).data().toString(), QStringLiteral("Survival"));
    QVERIFY(model.index(1).data(Qt::ToolTipRole).toString().contains(uuidFor(2)));
    QCOMPARE(model.index(2).data().toString(), uuidFor(3));
    QCOMPARE(model.index(1).data(ServerListModel::ServerUuidRole).toString(), uuidFor(2));
    model.setNames({{uuidFor(2), QStringLiteral("Survival")}}); // the same names: no signal
    QCOMPARE(changed.size(), 1);
    model.setServers({}, {});
    QCOMPARE(model.rowCount(), 1);
}

void TestGuiModels::relativeTimesReadInASentence()
{
    const QDateTime now = QDateTime::currentDateTime();
    const auto ago = [&now](qint64 secs) { return Format::relativeTime(now.addSecs(-secs), now); };
    QCOMPARE(ago(0), QStringLiteral("a moment ago"));
    QCOMPARE(ago(44), QStringLiteral("a moment ago"));
    QCOMPARE(Format::relativeTime(now.addSecs(20), now), QStringLiteral("in a moment"));
    QCOMPARE(ago(45), QStringLiteral("1 minute ago"));
    QCOMPARE(ago(150), QStringLiteral("2 minutes ago"));
    QCOMPARE(ago(3600), QStringLiteral("1 hour ago"));
    QCOMPARE(Format::relativeTime(now.addSecs(5 * 3600), now), QStringLiteral("in 5 hours"));
    QCOMPARE(ago(86400), QStringLiteral("1 day ago"));
    QCOMPARE(ago(86400 * 44), QStringLiteral("44 days ago"));
    QCOMPARE(ago(86400 * 60), QStringLiteral("2 months ago"));
    QCOMPARE(ago(86400 * 400), QStringLiteral("1 year ago"));
    QCOMPARE(Format::relativeTime(QDateTime(), now), QString());

    ServerListModel model;
    model.setServers({uuidFor(1)}, {snapshot(1, 1, 1, QDateTime::currentDateTimeUtc())});
    QCOMPARE(model.index(1).data(ServerListModel::SubtitleRole).toString(),
             QStringLiteral("1 snapshot · last backup a moment ago"));
}

void TestGuiModels::jobListFollowsJobs()
{
    JobManager manager(2);
    JobListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setJobManager(&manager);

    auto release = std::make_shared<std::atomic_bool>(false);
    Job* backup = manager.start(Job::Kind::Backup, uuidFor(1), uuidFor(100), true, [release](JobContext& c) {
        JobProgress p;
        p.percentDone = 0.42;
        p.bytesDone = 4200;
        p.totalBytes = 10000;
        p.filesDone = 4;
        p.totalFiles = 10;
        p.secondsRemaining = 75;
        c.reportProgress(p);
        while (!release->load() && !c.isCancelled())
            QThread::msleep(5);
        JobOutcome o;
        o.ok = !c.isCancelled();
        o.error = c.isCancelled() ? QStringLiteral("Cancelled") : QString();
        o.snapshotId = QStringLiteral("0123456789abcdef");
        return o;
    });
    Job* failing = manager.start(
        Job::Kind::Restore, uuidFor(2), uuidFor(101), true,
        [](JobContext&) {
            JobOutcome o;
            o.error = QStringLiteral("restic: wrong password");
            return o;
        },
        nullptr, uuidFor(1));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.jobAt(0), failing); // newest first
    QCOMPARE(model.jobAt(1), backup);

    QTRY_COMPARE(model.index(1, JobListModel::ProgressColumn).data(JobListModel::PercentRole).toInt(), 42);
    QCOMPARE(model.index(1, JobListModel::KindColumn).data().toString(), QStringLiteral("Backup"));
    QCOMPARE(model.index(1, JobListModel::StateColumn).data().toString(), QStringLiteral("Running"));
    QVERIFY(model.index(1, JobListModel::TransferredColumn).data().toString().contains(QLatin1String("4 of 10 files")));
    QCOMPARE(model.index(1, JobListModel::EtaColumn).data().toString(), QStringLiteral("1:15"));
    QVERIFY(model.hasEstimate());

    QTRY_VERIFY(failing->isFinished());
    QCOMPARE(model.index(0, JobListModel::StateColumn).data().toString(), QStringLiteral("Failed"));
    QCOMPARE(model.index(0, JobListModel::MessageColumn).data().toString(), QStringLiteral("restic: wrong password"));
    QVERIFY(model.index(0, JobListModel::ServerColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QLatin1String("Cross-server")));

    release->store(true);
    QTRY_VERIFY(backup->isFinished());
    QCOMPARE(model.index(1, JobListModel::ProgressColumn).data(JobListModel::PercentRole).toInt(), 100);
    QCOMPARE(model.index(1, JobListModel::MessageColumn).data().toString(), QStringLiteral("Snapshot 01234567"));
    QVERIFY(!model.hasEstimate()); // finished: nothing left to estimate

    model.setJobManager(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

// The jobs panel's Time left column is there while a running job has restic's estimate, and only then.
void TestGuiModels::timeLeftShowsOnlyWithAnEstimate()
{
    JobManager manager(2);
    JobsPanel panel;
    panel.setJobManager(&manager);
    QVERIFY(panel.view()->isColumnHidden(JobListModel::EtaColumn));

    auto estimate = std::make_shared<std::atomic_int>(-1);
    auto release = std::make_shared<std::atomic_bool>(false);
    Job* job = manager.start(Job::Kind::Backup, uuidFor(1), uuidFor(100), true, [estimate, release](JobContext& c) {
        while (!release->load() && !c.isCancelled()) { // reports are throttled: keep reporting, as restic does
            JobProgress p;
            p.percentDone = 0.5;
            p.secondsRemaining = estimate->load();
            c.reportProgress(p);
            QThread::msleep(20);
        }
        JobOutcome o;
        o.ok = true;
        return o;
    });
    QTRY_COMPARE(job->state(), Job::State::Running);
    QTRY_COMPARE(job->progress().percentDone, 0.5);
    QVERIFY(panel.view()->isColumnHidden(JobListModel::EtaColumn)); // restic has not estimated yet
    estimate->store(90);
    const bool shown = QTest::qWaitFor([&] { return !panel.view()->isColumnHidden(JobListModel::EtaColumn); }, 5000);
    const QString left = panel.model()->index(0, JobListModel::EtaColumn).data().toString();
    release->store(true);
    QVERIFY(shown);
    QCOMPARE(left, QStringLiteral("1:30"));
    QTRY_VERIFY(job->isFinished());
    QTRY_VERIFY(panel.view()->isColumnHidden(JobListModel::EtaColumn));
}

void TestGuiModels::finishedJobsSayWhatTheyDid()
{
    JobManager manager(2);
    JobListModel model;
    model.setJobManager(&manager);
    const auto succeed = [](const QString& snapshotId) {
        return [snapshotId](JobContext&) {
            JobOutcome o;
            o.ok = true;
            o.snapshotId = snapshotId;
            return o;
        };
    };
    Job* restore = manager.start(Job::Kind::Restore, uuidFor(2), uuidFor(101), true,
                                 succeed(QStringLiteral("89abcdef01234567")), nullptr, uuidFor(1));
    Job* del = manager.start(Job::Kind::Delete, uuidFor(3), uuidFor(102), true, succeed(QString()));
    QTRY_VERIFY(restore->isFinished() && del->isFinished());
    QCOMPARE(model.index(model.rowOf(restore), JobListModel::MessageColumn).data().toString(),
             QStringLiteral("Restored snapshot 89abcdef"));
    QCOMPARE(model.index(model.rowOf(del), JobListModel::MessageColumn).data().toString(),
             QStringLiteral("Deleted backup %1").arg(uuidFor(102).left(8)));
}

// German's short date format has no seconds: snapshots taken a few seconds apart must still differ.
void TestGuiModels::timesHaveSeconds()
{
    const QDateTime t(QDate(2026, 12, 1), QTime(22, 49, 5));
    for (const QLocale& locale : {QLocale(QLocale::German, QLocale::Germany), QLocale(QLocale::English)}) {
        QLocale::setDefault(locale);
        const QString text = Format::localTime(t);
        QVERIFY2(text.contains(QLatin1String("49:05")), qPrintable(text));
    }
    QLocale::setDefault(QLocale::system());
}

QTEST_MAIN(TestGuiModels)
#include "tst_guimodels.moc"
