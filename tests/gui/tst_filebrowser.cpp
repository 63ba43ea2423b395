#include "FileTreeModel.h"
#include "GuiRepo.h"
#include "TestSupport.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QPromise>
#include <QTemporaryDir>
#include <QtTest>

using TestSupport::uuidFor;

// The snapshot browser over a real local restic repository: the file tree model and the compare model under
// QAbstractItemModelTester, the browser's search, and a selective restore through the wizard, checked on disk.
class TestFileBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void treeModelReadsLazilyAndTicks();
    void treeModelRevealsADeepPath();

private:
    static QString settled(FileTreeModel& model, const QModelIndex& parent);

    QTemporaryDir m_dir;
    Config m_config;
    std::unique_ptr<BackupService> m_service;
    QString m_a = uuidFor(0xa);
    QString m_b = uuidFor(0xb);
    QMap<QString, QByteArray> m_files;
    Snapshot m_first;
};

void TestFileBrowser::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_config = GuiRepo::config(m_dir.path());
    m_files = {{QStringLiteral("server.properties"), "motd=Hello\n"},
               {QStringLiteral("world/level.dat"), QByteArray(3000, 'L')},
               {QStringLiteral("world/region/r.0.0.mca"), QByteArray(2000, 'R')},
               {QStringLiteral("my world/Spawn Ärea ☃.txt"), "snow\n"},
               {QStringLiteral("logs/today.log"), "log line\n"}};
    const QString dir = GuiRepo::addServer(m_config, m_a, m_files);
    QVERIFY(QFile::link(QStringLiteral("logs/today.log"), dir + QStringLiteral("/latest.log")));
    GuiRepo::addServer(m_config, m_b, {{QStringLiteral("other.txt"), "B\n"}});
    m_service = std::make_unique<BackupService>(m_config);
    QVERIFY(m_service->claimNode(QStringLiteral("test"), nullptr));
    const QString error = GuiRepo::backup(*m_service, m_a);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const BackupService::SnapshotList list = m_service->listSnapshotsBlocking(m_a, false);
    QVERIFY(list.ok && list.snapshots.size() == 1);
    m_first = list.snapshots.first();
}

// Waits until `parent` is read; returns the names of its rows, one line each.
QString TestFileBrowser::settled(FileTreeModel& model, const QModelIndex& parent)
{
    if (model.canFetchMore(parent))
        model.fetchMore(parent);
    QDeadlineTimer deadline(30000);
    while (model.isLoading(parent) && !deadline.hasExpired())
        QTest::qWait(10);
    QStringList names;
    for (int r = 0; r < model.rowCount(parent); ++r)
        names << model.index(r, 0, parent).data().toString();
    return names.join(QLatin1Char('\n'));
}

void TestFileBrowser::treeModelReadsLazilyAndTicks()
{
    FileTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setService(m_service.get());
    QSignalSpy loaded(&model, &FileTreeModel::directoryLoaded);
    model.setSnapshot(m_first);
    QVERIFY(model.hasChildren({}));
    model.fetchMore({}); // the tester may have asked already

    // Folders first, then files, each in byte order; the symlink says where it points.
    QCOMPARE(settled(model, {}), QStringLiteral("logs\nmy world\nworld\nlatest.log\nserver.properties"));
    QVERIFY(!loaded.isEmpty() && loaded.first().first().toString() == QLatin1String("/"));
    QVERIFY(!model.canFetchMore({}));
    const QModelIndex link = model.indexOf(QStringLiteral("/latest.log"));
    QVERIFY(link.isValid());
    QCOMPARE(link.data(FileTreeModel::TypeRole).toInt(), int(FileEntry::Type::Symlink));
    QCOMPARE(link.siblingAtColumn(FileTreeModel::TypeColumn).data().toString(),
             QStringLiteral("Link to logs/today.log"));
    const QModelIndex props = model.indexOf(QStringLiteral("/server.properties"));
    QCOMPARE(props.siblingAtColumn(FileTreeModel::SizeColumn).data().toString(), QStringLiteral("11 bytes"));
    QVERIFY(!props.siblingAtColumn(FileTreeModel::ModifiedColumn).data().toString().isEmpty());
    QVERIFY(!model.hasChildren(props));

    // A folder with a space, a file with unicode in its name.
    const QModelIndex mine = model.indexOf(QStringLiteral("/my world"));
    QVERIFY(model.hasChildren(mine));
    QCOMPARE(settled(model, mine), QStringLiteral("Spawn Ärea ☃.txt"));
    QCOMPARE(model.index(0, 0, mine).data(FileTreeModel::PathRole).toString(),
             QStringLiteral("/my world/Spawn Ärea ☃.txt"));

    // Ticking a folder not read yet ticks what is read below it later.
    const QModelIndex world = model.indexOf(QStringLiteral("/world"));
    QVERIFY(model.setData(world, Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(model.checkedPaths(), QStringList{QStringLiteral("/world")});
    QCOMPARE(settled(model, world), QStringLiteral("region\nlevel.dat"));
    const QModelIndex level = model.indexOf(QStringLiteral("/world/level.dat"));
    QCOMPARE(level.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    // One child off: the folder is partial, and the list names what is still ticked.
    model.setChecked(QStringLiteral("/world/level.dat"), false);
    QCOMPARE(world.data(Qt::CheckStateRole).toInt(), int(Qt::PartiallyChecked));
    QCOMPARE(model.checkedPaths(), QStringList{QStringLiteral("/world/region")});
    model.setChecked(QStringLiteral("/server.properties"), true);
    QCOMPARE(model.checkedPaths(),
             (QStringList{QStringLiteral("/world/region"), QStringLiteral("/server.properties")}));
    // Every child back on: the folder again stands for all of it.
    model.setChecked(QStringLiteral("/world/level.dat"), true);
    QCOMPARE(world.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QCOMPARE(model.checkedPaths(), (QStringList{QStringLiteral("/world"), QStringLiteral("/server.properties")}));
    model.clearChecks();
    QVERIFY(model.checkedPaths().isEmpty());
    QCOMPARE(level.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
}

void TestFileBrowser::treeModelRevealsADeepPath()
{
    FileTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setService(m_service.get());
    model.setSnapshot(m_first);
    QSignalSpy revealed(&model, &FileTreeModel::revealed);
    QSignalSpy failed(&model, &FileTreeModel::revealFailed);
    model.reveal(QStringLiteral("/world/region/r.0.0.mca"));
    QTRY_COMPARE_WITH_TIMEOUT(revealed.size(), 1, 30000);
    const QModelIndex found = revealed.first().first().value<QModelIndex>();
    QCOMPARE(found.data(FileTreeModel::PathRole).toString(), QStringLiteral("/world/region/r.0.0.mca"));
    QCOMPARE(found.parent().data().toString(), QStringLiteral("region"));

    model.reveal(QStringLiteral("/world/nothing-here"));
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY(failed.first().at(1).toString().contains(QLatin1String("not in this snapshot")));

    // While a directory is read one row says so; a listing that fails shows its reason there, not an empty folder.
    FileTreeModel broken;
    QAbstractItemModelTester brokenTester(&broken, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto promise = std::make_shared<QPromise<BackupService::FileListing>>();
    broken.setLister([&promise](const Snapshot&, const QString&) {
        promise = std::make_shared<QPromise<BackupService::FileListing>>();
        promise->start();
        return promise->future();
    });
    QSignalSpy loadFailed(&broken, &FileTreeModel::loadFailed);
    broken.setSnapshot(m_first);
    broken.fetchMore({});
    QTRY_COMPARE(broken.rowCount(), 1);
    QVERIFY(broken.index(0, 0).data(FileTreeModel::StatusRowRole).toBool());
    QCOMPARE(broken.index(0, 0).data().toString(), QStringLiteral("Loading…"));
    QVERIFY(broken.isLoading());
    BackupService::FileListing out;
    out.status = BackupService::FileListing::Status::Failed;
    out.error = QStringLiteral("restic exploded");
    const auto fail = [&] {
        promise->addResult(out);
        promise->finish();
    };
    fail();
    QTRY_COMPARE(loadFailed.size(), 1);
    QCOMPARE(broken.rowCount(), 1);
    QCOMPARE(broken.index(0, 0).data().toString(), QStringLiteral("restic exploded"));
    QCOMPARE(broken.index(0, 0).data(FileTreeModel::ErrorRole).toString(), QStringLiteral("restic exploded"));
    broken.retry(broken.index(0, 0));
    QTRY_COMPARE(broken.index(0, 0).data().toString(), QStringLiteral("Loading…"));
    fail();
    QTRY_COMPARE(loadFailed.size(), 2);
    QCOMPARE(broken.rowCount(), 1);
}

QTEST_MAIN(TestFileBrowser)
#include "tst_filebrowser.moc"
