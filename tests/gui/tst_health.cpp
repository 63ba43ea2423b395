// The console's repository health views on a real local node (real restic, real widgets on offscreen): the
// growth model under QAbstractItemModelTester after three backups of known sizes, the growth chart, the
// Repository dialog's figures, a check (and a refused read-data subset), a prune, an unlock of a lock left by a
// SIGKILLed restic (another host's live lock kept), and the stale marker of the server list.
#include "DesktopSettings.h"
#include "Format.h"
#include "GrowthChart.h"
#include "GrowthModel.h"
#include "GuiRepo.h"
#include "LocalNode.h"
#include "RepositoryDialog.h"
#include "ServerListModel.h"

#include <QAbstractItemModelTester>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QLineSeries>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QTableWidget>

using TestSupport::uuidFor;

namespace {

template <typename T> T await(QFuture<T> future, int timeoutMs = 60000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!future.isFinished() && !deadline.hasExpired())
        QTest::qWait(10);
    if (!future.isFinished()) {
        qWarning("future not finished in time");
        return T();
    }
    return future.result();
}

QByteArray noise(int size)
{
    // Random bytes: restic can neither deduplicate nor compress them, so each backup adds at least their size.
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator* g = QRandomGenerator::global();
    for (int i = 0; i < size; ++i)
        data[i] = char(g->bounded(256));
    return data;
}

} // namespace

class TestHealth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void growthModelFromRealBackups();
    void growthChart();
    void repositoryFigures();
    void checkAndPrune();
    void staleLockUnlocked();
    void staleMarker();

private:
    // restic against the node's repository, as a person at a shell would run it.
    void setUp(QProcess& p, const QStringList& args, const QStringList& prefix = {}) const;
    QStringList lockIds() const;
    // A restic holding a lock (a backup of a stdin that never ends) through `prefix`; its lock id.
    std::unique_ptr<QProcess> holdLock(const QStringList& prefix, QString* id) const;

    QTemporaryDir m_dir;
    Config m_config;
    std::unique_ptr<LocalNode> m_node;
    QString m_a = uuidFor(0xa); // three backups
    QString m_b = uuidFor(0xb); // on disk, never backed up
    QList<int> m_sizes{20000, 30000, 40000};
};

void TestHealth::setUp(QProcess& p, const QStringList& args, const QStringList& prefix) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RESTIC_REPOSITORY"), m_config.restic.repository);
    env.insert(QStringLiteral("RESTIC_PASSWORD"), m_config.restic.password);
    env.insert(QStringLiteral("RESTIC_CACHE_DIR"), m_config.restic.cacheDir);
    p.setProcessEnvironment(env);
    if (prefix.isEmpty()) {
        p.setProgram(m_config.restic.binaryPath);
        p.setArguments(args);
    } else {
        p.setProgram(prefix.first());
        p.setArguments(prefix.mid(1) + QStringList{m_config.restic.binaryPath} + args);
    }
}

QStringList TestHealth::lockIds() const
{
    QProcess p;
    setUp(p, {QStringLiteral("--no-lock"), QStringLiteral("list"), QStringLiteral("locks")});
    p.start();
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return {};
    return QString::fromLatin1(p.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

std::unique_ptr<QProcess> TestHealth::holdLock(const QStringList& prefix, QString* id) const
{
    const QStringList before = lockIds();
    auto p = std::make_unique<QProcess>();
    setUp(*p, {QStringLiteral("backup"), QStringLiteral("--stdin"), QStringLiteral("--host"), QStringLiteral("holder")},
          prefix);
    p->start();
    if (!p->waitForStarted(5000))
        return nullptr;
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired() && p->state() == QProcess::Running) {
        for (const QString& lock : lockIds()) {
            if (!before.contains(lock)) {
                *id = lock.trimmed();
                return p;
            }
        }
    }
    qWarning().noquote() << "no lock appeared:" << p->readAllStandardError();
    return nullptr;
}

void TestHealth::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_config = GuiRepo::config(m_dir.path());
    const QString dir = GuiRepo::addServer(m_config, m_a, {});
    GuiRepo::addServer(m_config, m_b, {{QStringLiteral("b.txt"), "B\n"}});
    m_node = std::make_unique<LocalNode>(std::make_unique<BackupService>(m_config));
    QVERIFY(m_node->service()->claimNode(QStringLiteral("test"), nullptr));
    // Three backups, each adding one file of known size.
    for (int i = 0; i < m_sizes.size(); ++i) {
        QVERIFY(TestSupport::writeFile(dir + QStringLiteral("/part%1.bin").arg(i), noise(m_sizes.at(i))));
        const QString error = GuiRepo::backup(*m_node->service(), m_a);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
}

void TestHealth::growthModelFromRealBackups()
{
    GrowthModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const Growth g = await(m_node->growth(m_a));
    QVERIFY2(g.ok, qPrintable(g.error));
    model.setPoints(g.points);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(GrowthModel::ColumnCount));
    const BackupService::SnapshotList list = m_node->service()->listSnapshotsBlocking(m_a, false);
    QCOMPARE(list.snapshots.size(), 3);
    qint64 previous = 0;
    for (int row = 0; row < 3; ++row) {
        const QModelIndex i = model.index(row, 0);
        QVERIFY(row == 0 || i.data(GrowthModel::TimeRole).toDateTime() >=
                                model.index(row - 1, 0).data(GrowthModel::TimeRole).toDateTime());
        const QVariant size = i.data(GrowthModel::SizeRole);
        const QVariant added = i.data(GrowthModel::AddedRole);
        QVERIFY2(size.isValid() && added.isValid(), "our own backups know their size and what they added");
        // The restore size is the files' sizes exactly; what a backup added is at least its new random file.
        QCOMPARE(size.toLongLong() - previous, qint64(m_sizes.at(row)));
        QVERIFY2(added.toLongLong() >= m_sizes.at(row), qPrintable(QString::number(added.toLongLong())));
        previous = size.toLongLong();
        // Oldest first: the newest snapshot (first of the listing) is the last row.
        QCOMPARE(i.data(GrowthModel::BackupUuidRole).toString(), list.snapshots.at(2 - row).backupUuid);
        QCOMPARE(model.index(row, GrowthModel::SizeColumn).data().toString(), Format::size(size.toLongLong()));
        const QString tip = model.index(row, GrowthModel::AddedColumn).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(list.snapshots.at(2 - row).backupUuid.left(8)) && tip.contains(Format::size(previous)),
                 qPrintable(tip));
    }
    QCOMPARE(model.maxSize(), previous);

    // An unknown size or added reads as unknown, never as 0.
    GrowthPoint foreign;
    foreign.time = QDateTime::currentDateTimeUtc();
    foreign.backupUuid = uuidFor(99);
    foreign.size = 5;
    model.setPoints(g.points + QList<GrowthPoint>{foreign});
    QCOMPARE(model.rowCount(), 4);
    QVERIFY(!model.index(3, 0).data(GrowthModel::AddedRole).isValid());
    QCOMPARE(model.index(3, GrowthModel::AddedColumn).data().toString(), QStringLiteral("unknown"));
    model.setPoints({});
    QCOMPARE(model.rowCount(), 0);
}

void TestHealth::growthChart()
{
    GrowthChart chart(m_node.get(), m_a);
    QSignalSpy loaded(&chart, &GrowthChart::loaded);
    chart.show();
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 30000);
    QCOMPARE(chart.page(), QStringLiteral("chart"));
    QCOMPARE(chart.model()->rowCount(), 3);
    QCOMPARE(chart.chart()->series().size(), 2);
    auto* line = qobject_cast<QLineSeries*>(chart.chart()->series().at(1));
    auto* bars = qobject_cast<QBarSeries*>(chart.chart()->series().at(0));
    QVERIFY(line && bars);
    QCOMPARE(line->count(), 3);
    QCOMPARE(bars->barSets().first()->count(), 3);
    QVERIFY(line->at(2).y() > line->at(1).y() && line->at(1).y() > line->at(0).y());
    QVERIFY(
        chart.toolTipFor(2).contains(chart.model()->index(2, 0).data(GrowthModel::BackupUuidRole).toString().left(8)));
    // The axes say their unit.
    bool sizeAxis = false;
    for (QAbstractAxis* axis : chart.chart()->axes(Qt::Vertical))
        sizeAxis = sizeAxis || axis->titleText().contains(QStringLiteral("KiB"));
    QVERIFY(sizeAxis);

    GrowthChart empty(m_node.get(), m_b);
    QSignalSpy emptyLoaded(&empty, &GrowthChart::loaded);
    empty.show();
    QTRY_VERIFY_WITH_TIMEOUT(!emptyLoaded.isEmpty(), 30000);
    QCOMPARE(empty.page(), QStringLiteral("empty"));
    QVERIFY(empty.message().startsWith(QStringLiteral("No snapshots yet")));
}

void TestHealth::repositoryFigures()
{
    RepositoryDialog dialog({m_node.get()}, m_node.get());
    QSignalSpy loaded(&dialog, &RepositoryDialog::loaded);
    dialog.show();
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 60000);
    QVERIFY2(dialog.state().ok, qPrintable(dialog.state().error));
    const int catalogued = int(m_node->service()->listSnapshotsBlocking(QString(), false).snapshots.size());
    QCOMPARE(catalogued, 3);
    QCOMPARE(dialog.figure(QStringLiteral("snapshot_count")), QLocale().toString(catalogued));
    QCOMPARE(dialog.figure(QStringLiteral("servers")), QStringLiteral("1"));
    QCOMPARE(dialog.figure(QStringLiteral("repository")), Config::repositoryForDisplay(m_config.restic.repository));
    // The restore size is every snapshot's size added up.
    qint64 total = 0;
    for (const GrowthPoint& p : await(m_node->growth(m_a)).points)
        total += p.size.value_or(0);
    QVERIFY(total >= 20000 + 50000 + 90000);
    QCOMPARE(dialog.figure(QStringLiteral("total_size")), Format::size(total));
    QVERIFY(!dialog.figure(QStringLiteral("raw_size")).isEmpty());
    QCOMPARE(dialog.figure(QStringLiteral("last_check")), QStringLiteral("never checked from this node"));
    QCOMPARE(dialog.findChild<QTableWidget*>(QStringLiteral("lockTable"))->rowCount(), 0);
    // One node: no chooser.
    QVERIFY(!dialog.findChild<QComboBox*>(QStringLiteral("repositoryNodeCombo"))->isVisible());
}

void TestHealth::checkAndPrune()
{
    RepositoryDialog dialog({m_node.get()}, m_node.get());
    QSignalSpy loaded(&dialog, &RepositoryDialog::loaded);
    QSignalSpy ended(&dialog, &RepositoryDialog::jobEnded);
    dialog.show();
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 60000);

    // A bad read-data subset is refused with the core's reason, and nothing starts.
    const int jobsBefore = int(m_node->jobs().size());
    dialog.startCheck(QStringLiteral("150%"));
    QTRY_VERIFY(dialog.resultText().startsWith(QStringLiteral("The check did not start")));
    QVERIFY2(dialog.resultText().contains(QStringLiteral("read_data_subset \"150%\" is not valid")),
             qPrintable(dialog.resultText()));
    QCOMPARE(int(m_node->jobs().size()), jobsBefore);

    dialog.startCheck(QStringLiteral("50%"));
    QTRY_VERIFY(dialog.currentJob());
    QCOMPARE(dialog.currentJob()->kind(), Job::Kind::Check);
    QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("checkButton"))->isEnabled()); // one at a time
    QTRY_VERIFY_WITH_TIMEOUT(!ended.isEmpty(), 60000);
    QCOMPARE(dialog.resultText(), QStringLiteral("Check passed: restic found no errors."));
    // The figures are read again: the last check is this one.
    const int answers = int(loaded.size());
    QTRY_VERIFY_WITH_TIMEOUT(loaded.size() > answers || dialog.state().lastCheck.isValid(), 30000);
    QTRY_VERIFY(dialog.figure(QStringLiteral("last_check")).startsWith(QStringLiteral("passed")));
    QVERIFY(m_node->service()->lastCheck().successful);

    dialog.startPrune();
    QTRY_VERIFY_WITH_TIMEOUT(ended.size() == 2, 60000);
    QCOMPARE(dialog.currentJob()->kind(), Job::Kind::Prune);
    QCOMPARE(dialog.currentJob()->state(), Job::State::Succeeded);
    QCOMPARE(dialog.resultText(), QStringLiteral("Prune finished."));
    QVERIFY(dialog.findChild<QPushButton*>(QStringLiteral("pruneButton"))->isEnabled());
}

void TestHealth::staleLockUnlocked()
{
    // Our own stale lock: a restic of this host SIGKILLed while it held its lock.
    QString ownId;
    std::unique_ptr<QProcess> own = holdLock({}, &ownId);
    QVERIFY(own);
    own->kill();
    QVERIFY(own->waitForFinished(5000));
    // Another host's live lock: a restic in a UTS namespace named otherhost (fresh: nobody here can call it dead).
    QString otherId;
    std::unique_ptr<QProcess> other =
        holdLock({QStringLiteral("unshare"), QStringLiteral("-Ur"), QStringLiteral("-u"), QStringLiteral("sh"),
                  QStringLiteral("-c"), QStringLiteral("hostname otherhost && exec \"$0\" \"$@\"")},
                 &otherId);
    QVERIFY2(other, "unshare -Ur -u failed: user namespaces are needed for another host's lock");
    other->kill();
    QVERIFY(other->waitForFinished(5000));

    RepositoryDialog dialog({m_node.get()}, m_node.get());
    QSignalSpy loaded(&dialog, &RepositoryDialog::loaded);
    QSignalSpy unlocked(&dialog, &RepositoryDialog::unlocked);
    dialog.show();
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 60000);
    auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("lockTable"));
    QCOMPARE(table->rowCount(), 2);
    int ownRow = -1;
    for (int row = 0; row < 2; ++row) {
        if (table->item(row, 0)->toolTip() == ownId)
            ownRow = row;
    }
    QVERIFY(ownRow >= 0);
    const int otherRow = 1 - ownRow;
    QCOMPARE(table->item(ownRow, 0)->text(), ownId.left(8));
    QCOMPARE(table->item(ownRow, 5)->text(), QStringLiteral("yes")); // stale
    QCOMPARE(table->item(ownRow, 6)->text(), QStringLiteral("yes")); // ours
    QCOMPARE(table->item(otherRow, 1)->text(), QStringLiteral("otherhost"));
    QCOMPARE(table->item(otherRow, 5)->text(), QStringLiteral("no"));
    QCOMPARE(table->item(otherRow, 6)->text(), QStringLiteral("no"));
    QVERIFY(dialog.findChild<QPushButton*>(QStringLiteral("unlockButton"))->isEnabled());

    // Declined: nothing goes.
    dialog.setConfirmation([](const QString&) { return false; });
    dialog.unlockAsked();
    QTest::qWait(200);
    QVERIFY(unlocked.isEmpty());
    QCOMPARE(lockIds().size(), 2);

    // Accepted: the confirmation named exactly our stale lock and said the other is kept.
    dialog.setConfirmation([](const QString&) { return true; });
    dialog.unlockAsked();
    const QString asked = dialog.lastConfirmation();
    QVERIFY2(asked.contains(ownId.left(8)) && !asked.contains(otherId.left(8)), qPrintable(asked));
    QVERIFY2(asked.contains(QStringLiteral("1 other lock is kept")), qPrintable(asked));
    QTRY_VERIFY_WITH_TIMEOUT(!unlocked.isEmpty(), 60000);
    const UnlockResult result = unlocked.first().first().value<UnlockResult>();
    QCOMPARE(result.status, UnlockResult::Status::Ok);
    QCOMPARE(result.removed.size(), 1);
    QCOMPARE(result.removed.first().id, ownId);
    QCOMPARE(dialog.resultText(), QStringLiteral("Removed 1 stale lock."));
    QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), 1, 60000);
    QCOMPARE(table->item(0, 0)->toolTip(), otherId);
    QCOMPARE(lockIds(), QStringList{otherId});
    QVERIFY(!dialog.findChild<QPushButton*>(QStringLiteral("unlockButton"))->isEnabled()); // nothing of ours left
    // The other host's lock file goes by hand, as its host would have removed it.
    QVERIFY(QFile::remove(m_config.restic.repository + QStringLiteral("/locks/") + otherId));
}

void TestHealth::staleMarker()
{
    ServerListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<Snapshot> snapshots = m_node->service()->listSnapshotsBlocking(QString(), false).snapshots;
    model.setServers({m_a, m_b}, snapshots);
    const int a = model.rowOf(m_a);
    const int b = model.rowOf(m_b);
    QCOMPARE(model.staleAfterHours(), 48);
    QVERIFY(!model.index(a).data(ServerListModel::StaleRole).toBool()); // backed up a minute ago
    QVERIFY(!model.index(b).data(ServerListModel::StaleRole).toBool()); // never: "No snapshots yet" says it
    QVERIFY(!model.index(0).data(ServerListModel::StaleRole).toBool());

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setStaleAfterHours(0);
    QCOMPARE(changed.size(), 1);
    QVERIFY(model.index(a).data(ServerListModel::StaleRole).toBool());
    QVERIFY(!model.index(b).data(ServerListModel::StaleRole).toBool());
    QVERIFY2(model.index(a).data(Qt::ToolTipRole).toString().contains(QStringLiteral("more than 0 hours")),
             qPrintable(model.index(a).data(Qt::ToolTipRole).toString()));
    model.setStaleAfterHours(-1); // refused
    QCOMPARE(model.staleAfterHours(), 0);

    // An hour-old last backup against a threshold of one hour and of two.
    Snapshot old = snapshots.first();
    old.time = QDateTime::currentDateTimeUtc().addSecs(-3700);
    model.setServers({m_a, m_b}, {old});
    model.setStaleAfterHours(1);
    QVERIFY(model.index(a).data(ServerListModel::StaleRole).toBool());
    model.setStaleAfterHours(2);
    QVERIFY(!model.index(a).data(ServerListModel::StaleRole).toBool());

    // The threshold from the console's settings: a number of hours, else the default.
    QSettings settings(m_dir.filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
    QCOMPARE(DesktopSettings::staleAfterHours(settings), 48);
    settings.setValue(QStringLiteral("health/stale_after_hours"), 6);
    QCOMPARE(DesktopSettings::staleAfterHours(settings), 6);
    settings.setValue(QStringLiteral("health/stale_after_hours"), QStringLiteral("soon"));
    QCOMPARE(DesktopSettings::staleAfterHours(settings), 48);
    settings.setValue(QStringLiteral("health/stale_after_hours"), -3);
    QCOMPARE(DesktopSettings::staleAfterHours(settings), 48);
}

QTEST_MAIN(TestHealth)
#include "tst_health.moc"
