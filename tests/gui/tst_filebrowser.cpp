#include "CompareDialog.h"
#include "DownloadDialog.h"
#include "FileDiffModel.h"
#include "FileTreeModel.h"
#include "Format.h"
#include "GuiRepo.h"
#include "LocalNode.h"
#include "MainWindow.h"
#include "RestoreWizard.h"
#include "SnapshotBrowser.h"
#include "SnapshotTableModel.h"
#include "TestSupport.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProcess>
#include <QPromise>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeView>
#include <QTreeWidget>
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
    void searchJumpsToAPathInAnotherSnapshot();
    void compareShowsChangeAddAndDelete();
    void downloadsAFolderAsTarGzAndZip();
    void downloadCancelledLeavesNoFile();
    void restoresTwoTickedPathsInPlace();
    void restoresIntoAFolderOfAnotherServer();
    void settingsChangeClosesTheBrowser();

private:
    static QString settled(FileTreeModel& model, const QModelIndex& parent);
    static void next(QWizard& wizard, int expectedPage);
    void browse(SnapshotBrowser& browser, const Snapshot& snapshot); // A's two snapshots, `snapshot` open
    QMap<QString, QByteArray> treeOf(const QString& server) const;
    // Runs `program` and returns its standard output; fails the test on a non-zero exit.
    static QByteArray run(const QString& program, const QStringList& args, const QString& dir = {});

    QTemporaryDir m_dir;
    Config m_config;
    std::unique_ptr<LocalNode> m_node; // owns the service
    BackupService* m_service = nullptr;
    QString m_a = uuidFor(0xa);
    QString m_b = uuidFor(0xb);
    QMap<QString, QByteArray> m_files;
    Snapshot m_first;  // m_files and the link
    Snapshot m_second; // server.properties changed, plugins/new.jar added, world/region/r.0.0.mca deleted
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
    m_node = std::make_unique<LocalNode>(std::make_unique<BackupService>(m_config));
    m_service = m_node->service();
    QVERIFY(m_service->claimNode(QStringLiteral("test"), nullptr));
    const QString error = GuiRepo::backup(*m_service, m_a);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    BackupService::SnapshotList list = m_service->listSnapshotsBlocking(m_a, false);
    QVERIFY(list.ok && list.snapshots.size() == 1);
    m_first = list.snapshots.first();

    QVERIFY(TestSupport::writeFile(dir + QStringLiteral("/server.properties"), "motd=Changed since\n"));
    QVERIFY(TestSupport::writeFile(dir + QStringLiteral("/plugins/new.jar"), QByteArray(500, 'J')));
    QVERIFY(QFile::remove(dir + QStringLiteral("/world/region/r.0.0.mca")));
    const QString again = GuiRepo::backup(*m_service, m_a);
    QVERIFY2(again.isEmpty(), qPrintable(again));
    list = m_service->listSnapshotsBlocking(m_a, false);
    QVERIFY(list.ok && list.snapshots.size() == 2);
    m_second = list.snapshots.first(); // newest first
    QVERIFY(m_second.id != m_first.id);
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
    model.setNode(m_node.get());
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
    model.setNode(m_node.get());
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

void TestFileBrowser::searchJumpsToAPathInAnotherSnapshot()
{
    SnapshotBrowser browser(m_node.get());
    browse(browser, m_second);
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    QTRY_VERIFY_WITH_TIMEOUT(browser.model()->indexOf(QStringLiteral("/world")).isValid(), 30000);

    // The region file is only in the older snapshot: typed into the field, it is found there.
    QSignalSpy finished(&browser, &SnapshotBrowser::searchFinished);
    QTest::keyClicks(browser.searchField(), QStringLiteral("R.0.0"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QTreeWidget* results = browser.searchResults();
    QVERIFY(results->isVisible());
    QCOMPARE(results->topLevelItemCount(), 1);
    QTreeWidgetItem* match = results->topLevelItem(0);
    QCOMPARE(match->text(0), QStringLiteral("/world/region/r.0.0.mca"));
    QVERIFY(match->text(1).contains(m_first.shortId));

    // Clicking it opens that snapshot, reads the folders along the path and selects the file.
    QSignalSpy revealed(&browser, &SnapshotBrowser::revealed);
    results->scrollToItem(match);
    QTest::mouseClick(results->viewport(), Qt::LeftButton, {}, results->visualItemRect(match).center());
    QTRY_COMPARE_WITH_TIMEOUT(revealed.size(), 1, 30000);
    QCOMPARE(browser.snapshot().id, m_first.id);
    QCOMPARE(browser.currentPath(), QStringLiteral("/world/region/r.0.0.mca"));
    QVERIFY(browser.treeView()->isExpanded(browser.model()->indexOf(QStringLiteral("/world/region"))));
    QCOMPARE(browser.findChild<QComboBox*>(QStringLiteral("browserSnapshotCombo"))->currentData().toString(),
             m_first.id);

    // Too short a text says so instead of searching.
    browser.searchField()->setText(QStringLiteral("r"));
    QTRY_VERIFY(browser.findChild<QLabel*>(QStringLiteral("searchStatus"))->text().contains(QLatin1String("at least")));
}

void TestFileBrowser::next(QWizard& wizard, int expectedPage)
{
    GuiRepo::clickNext(wizard, expectedPage);
}

void TestFileBrowser::browse(SnapshotBrowser& browser, const Snapshot& snapshot)
{
    browser.setSnapshots({m_second, m_first});
    browser.openSnapshot(snapshot);
    browser.show();
}

QMap<QString, QByteArray> TestFileBrowser::treeOf(const QString& server) const
{
    return TestSupport::snapshotTree(m_config.dataDirectory + QLatin1Char('/') + server);
}

QByteArray TestFileBrowser::run(const QString& program, const QStringList& args, const QString& dir)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(program, args);
    if (!p.waitForFinished(30000) || p.exitCode() != 0) {
        qWarning().noquote() << program << args << p.readAllStandardError();
        return QByteArray("failed");
    }
    return p.readAllStandardOutput();
}

void TestFileBrowser::compareShowsChangeAddAndDelete()
{
    FileDiffModel probe;
    QAbstractItemModelTester tester(&probe, QAbstractItemModelTester::FailureReportingMode::QtTest);

    CompareDialog dialog(m_node.get(), m_second, {m_first, m_second});
    QAbstractItemModelTester dialogTester(dialog.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy compared(&dialog, &CompareDialog::compared);
    dialog.show();
    // The older one is chosen by itself: what the newer snapshot changed.
    QTRY_COMPARE_WITH_TIMEOUT(compared.size(), 1, 30000);
    QVERIFY(compared.first().first().toBool());
    FileDiffModel* model = dialog.model();
    const auto rowsOf = [model](FileDiffModel::Kind kind) {
        QStringList paths;
        for (int r = 0; r < model->rowCount(); ++r) {
            const QModelIndex i = model->index(r, 0);
            if (i.data(FileDiffModel::KindRole).toInt() == int(kind))
                paths << i.data(FileDiffModel::PathRole).toString();
        }
        return paths;
    };
    QVERIFY(rowsOf(FileDiffModel::Kind::Added).contains(QStringLiteral("/plugins/new.jar")));
    QVERIFY(rowsOf(FileDiffModel::Kind::Removed).contains(QStringLiteral("/world/region/r.0.0.mca")));
    QVERIFY(rowsOf(FileDiffModel::Kind::Changed).contains(QStringLiteral("/server.properties")));
    QVERIFY(!rowsOf(FileDiffModel::Kind::Changed).contains(QStringLiteral("/world/level.dat")));
    QCOMPARE(model->count(FileDiffModel::Kind::Added), int(rowsOf(FileDiffModel::Kind::Added).size()));
    // The checkbox of each kind carries its count.
    auto* added = dialog.findChild<QCheckBox*>(QStringLiteral("showAdded"));
    QCOMPARE(added->text(), QStringLiteral("Added (%1)").arg(model->count(FileDiffModel::Kind::Added)));

    // Sizes before and after of the changed file, the old size of the removed one.
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex i = model->index(r, FileDiffModel::PathColumn);
        if (i.data().toString() == QLatin1String("/server.properties")) {
            QCOMPARE(i.siblingAtColumn(FileDiffModel::SizeBeforeColumn).data().toString(), QStringLiteral("11 bytes"));
            QCOMPARE(i.siblingAtColumn(FileDiffModel::SizeAfterColumn).data().toString(), QStringLiteral("19 bytes"));
        }
        if (i.data().toString() == QLatin1String("/world/region/r.0.0.mca")) {
            QCOMPARE(i.siblingAtColumn(FileDiffModel::SizeBeforeColumn).data().toString(), Format::size(2000));
            QVERIFY(i.siblingAtColumn(FileDiffModel::SizeAfterColumn).data().toString().isEmpty());
        }
    }

    // Filters: by kind, then by a piece of the path.
    QTest::mouseClick(added, Qt::LeftButton);
    QVERIFY(rowsOf(FileDiffModel::Kind::Added).isEmpty());
    QVERIFY(!rowsOf(FileDiffModel::Kind::Removed).isEmpty());
    QTest::mouseClick(added, Qt::LeftButton);
    QTest::keyClicks(dialog.filterField(), QStringLiteral("PROPERTIES"));
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, FileDiffModel::PathColumn).data().toString(), QStringLiteral("/server.properties"));
    // The counts stay those of the whole comparison.
    QVERIFY(added->text().contains(QString::number(model->count(FileDiffModel::Kind::Added))));
    QVERIFY(model->count(FileDiffModel::Kind::Added) > 0);

    // The same data through the model alone, as the tester wants it.
    probe.setChanges({FileChange{QStringLiteral("/b"), FileEntry::Type::File, FileEntry::Type::Other, 5, 0}},
                     {FileChange{QStringLiteral("/a"), FileEntry::Type::Other, FileEntry::Type::Dir, 0, 0}}, {});
    QCOMPARE(probe.rowCount(), 2);
    QCOMPARE(probe.index(0, FileDiffModel::PathColumn).data().toString(), QStringLiteral("/a"));
    QCOMPARE(probe.index(0, FileDiffModel::TypeColumn).data().toString(), QStringLiteral("Folder"));
    probe.setKindShown(FileDiffModel::Kind::Removed, false);
    QCOMPARE(probe.rowCount(), 1);
}

void TestFileBrowser::downloadsAFolderAsTarGzAndZip()
{
    SnapshotBrowser browser(m_node.get());
    browse(browser, m_first);
    QSignalSpy revealed(&browser, &SnapshotBrowser::revealed);
    browser.jumpTo(m_first.id, QStringLiteral("/world"));
    QTRY_COMPARE_WITH_TIMEOUT(revealed.size(), 1, 30000);
    QCOMPARE(browser.currentPath(), QStringLiteral("/world"));

    QTemporaryDir out;
    for (const QString& name : {QStringLiteral("world.tar.gz"), QStringLiteral("world.zip")}) {
        const QString file = out.filePath(name);
        DownloadDialog* dialog = browser.downloadTo(file);
        QVERIFY(dialog);
        QSignalSpy finished(dialog, &DownloadDialog::finished);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QVERIFY2(dialog->succeeded(), qPrintable(dialog->error()));
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("downloadStatus"))->text().startsWith(QLatin1String("Done")));
        dialog->close();

        // Unpacked, the archive holds world/ as the snapshot had it, names relative to the server's root.
        const QString unpacked = out.filePath(name + QStringLiteral(".d"));
        QDir().mkpath(unpacked);
        if (name.endsWith(QLatin1String(".zip"))) {
            if (QStandardPaths::findExecutable(QStringLiteral("unzip")).isEmpty()) {
                qWarning("no unzip here: the zip is checked by its size only");
                QVERIFY(QFileInfo(file).size() > 100);
                continue;
            }
            run(QStringLiteral("unzip"), {QStringLiteral("-q"), file}, unpacked);
        } else {
            run(QStringLiteral("tar"), {QStringLiteral("-xzf"), file}, unpacked);
        }
        const QMap<QString, QByteArray> tree = TestSupport::snapshotTree(unpacked);
        QCOMPARE(tree.value(QStringLiteral("world/level.dat")), m_files.value(QStringLiteral("world/level.dat")));
        QCOMPARE(tree.value(QStringLiteral("world/region/r.0.0.mca")),
                 m_files.value(QStringLiteral("world/region/r.0.0.mca")));
        QVERIFY(!tree.contains(QStringLiteral("server.properties")));
    }
}

void TestFileBrowser::downloadCancelledLeavesNoFile()
{
    SnapshotBrowser browser(m_node.get());
    browse(browser, m_first);
    QTemporaryDir out;
    const QString file = out.filePath(QStringLiteral("all.tar.gz"));
    DownloadDialog* dialog = browser.downloadTo(file); // nothing selected: the whole snapshot
    QVERIFY(dialog);
    QSignalSpy finished(dialog, &DownloadDialog::finished);
    auto* cancel = dialog->findChild<QPushButton*>(QStringLiteral("cancelDownloadButton"));
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    // restic takes longer to start than the click: cancelled, and nothing was left behind.
    if (!dialog->succeeded()) {
        QVERIFY(!QFileInfo::exists(file));
        QVERIFY(QDir(out.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("downloadStatus"))->text().contains(QLatin1String("Cancel")));
    }
}

void TestFileBrowser::restoresTwoTickedPathsInPlace()
{
    const QString dir = m_config.dataDirectory + QLatin1Char('/') + m_a;
    QVERIFY(TestSupport::writeFile(dir + QStringLiteral("/world/stray.tmp"), "not in the snapshot\n"));
    const QMap<QString, QByteArray> before = treeOf(m_a);

    MainWindow window;
    QVERIFY(GuiRepo::showLoaded(window, m_config));
    window.selectServer(m_a);
    // The older snapshot, opened by a double-click in the table.
    QTableView* table = window.snapshotView();
    int row = -1;
    for (int r = 0; r < table->model()->rowCount(); ++r) {
        if (table->model()->index(r, 0).data(SnapshotTableModel::SnapshotIdRole).toString() == m_first.id)
            row = r;
    }
    QVERIFY(row >= 0);
    const QRect cell = table->visualRect(table->model()->index(row, SnapshotTableModel::ServerColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    SnapshotBrowser* browser = window.findChild<SnapshotBrowser*>();
    QVERIFY(browser);
    QTRY_VERIFY(browser->isVisible());
    QCOMPARE(browser->snapshot().id, m_first.id);
    QCOMPARE(browser->snapshots().size(), 2); // the server's, for Compare with…

    // Tick /world and /server.properties with the mouse, on their check boxes.
    FileTreeModel* model = browser->model();
    QTreeView* tree = browser->treeView();
    QTRY_VERIFY_WITH_TIMEOUT(model->indexOf(QStringLiteral("/world")).isValid(), 30000);
    auto* restore = browser->findChild<QPushButton*>(QStringLiteral("restoreSelectedButton"));
    QVERIFY(!restore->isEnabled());
    for (const QString& path : {QStringLiteral("/world"), QStringLiteral("/server.properties")}) {
        const QModelIndex i = model->indexOf(path);
        QStyleOptionViewItem option;
        option.initFrom(tree);
        option.rect = tree->visualRect(i);
        option.features |= QStyleOptionViewItem::HasCheckIndicator;
        const QRect box = tree->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, tree);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, box.center());
        QCOMPARE(i.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    }
    QCOMPARE(model->checkedPaths(), (QStringList{QStringLiteral("/world"), QStringLiteral("/server.properties")}));
    QVERIFY(restore->isEnabled());
    QTest::mouseClick(restore, Qt::LeftButton);
    RestoreWizard* wizard = window.findChild<RestoreWizard*>();
    QVERIFY(wizard);
    QVERIFY(QTest::qWaitForWindowExposed(wizard));
    QCOMPARE(wizard->currentId(), int(RestoreWizard::TargetPageId));
    QCOMPARE(wizard->paths(), model->checkedPaths());

    // Same place, into A: the warning counts what is there now (server.properties, level.dat, stray.tmp).
    QCOMPARE(wizard->findChild<QComboBox*>(QStringLiteral("targetCombo"))->currentData().toString(), m_a);
    QVERIFY(wizard->findChild<QRadioButton*>(QStringLiteral("samePlaceRadio"))->isChecked());
    QVERIFY(!wizard->findChild<QCheckBox*>(QStringLiteral("truncateCheck"))->isVisibleTo(wizard));
    auto* warning = wizard->findChild<QLabel*>(QStringLiteral("replaceWarning"));
    QTRY_VERIFY(warning->text().contains(QLatin1String("3 files")));
    QVERIFY(warning->text().contains(m_a));
    next(*wizard, RestoreWizard::SummaryPageId);
    const QString summary = wizard->findChild<QLabel*>(QStringLiteral("summaryLabel"))->text();
    QVERIFY(summary.contains(QLatin1String("/world")) && summary.contains(QLatin1String("/server.properties")));
    QVERIFY(summary.contains(QLatin1String("same place")));
    next(*wizard, RestoreWizard::ProgressPageId);
    const QString failed = GuiRepo::waitForRestore(*wizard);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));

    // The two items are the snapshot's, byte for byte; the folder went back whole (stray.tmp is gone); the
    // siblings nobody ticked are exactly as they were.
    const QMap<QString, QByteArray> after = treeOf(m_a);
    QCOMPARE(after.value(QStringLiteral("server.properties")), m_files.value(QStringLiteral("server.properties")));
    QCOMPARE(after.value(QStringLiteral("world/level.dat")), m_files.value(QStringLiteral("world/level.dat")));
    QCOMPARE(after.value(QStringLiteral("world/region/r.0.0.mca")),
             m_files.value(QStringLiteral("world/region/r.0.0.mca")));
    QVERIFY(!after.contains(QStringLiteral("world/stray.tmp")));
    for (const QString& untouched : {QStringLiteral("plugins/new.jar"), QStringLiteral("my world/Spawn Ärea ☃.txt"),
                                     QStringLiteral("logs/today.log"), QStringLiteral("latest.log")}) {
        QVERIFY2(after.contains(untouched), qPrintable(untouched));
        QCOMPARE(after.value(untouched), before.value(untouched));
    }
    wizard->close();
}

void TestFileBrowser::restoresIntoAFolderOfAnotherServer()
{
    const QMap<QString, QByteArray> before = treeOf(m_b);
    RestoreWizard wizard(m_node.get());
    wizard.setSelection(m_first, {QStringLiteral("/my world")});
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QCOMPARE(wizard.currentId(), int(RestoreWizard::TargetPageId));
    auto* combo = wizard.findChild<QComboBox*>(QStringLiteral("targetCombo"));
    combo->setCurrentIndex(combo->findData(m_b));
    QVERIFY(wizard.findChild<QLabel*>(QStringLiteral("crossServerLabel"))->isVisibleTo(&wizard));

    // A folder that is not a path of the server keeps Next off and says why.
    auto* into = wizard.findChild<QRadioButton*>(QStringLiteral("intoFolderRadio"));
    QTest::mouseClick(into, Qt::LeftButton);
    auto* edit = wizard.findChild<QLineEdit*>(QStringLiteral("destinationEdit"));
    QVERIFY(edit->isEnabled() && edit->hasFocus());
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled()); // empty
    QTest::keyClicks(edit, QStringLiteral("/a/../b"));
    auto* error = wizard.findChild<QLabel*>(QStringLiteral("destinationError"));
    QVERIFY(error->isVisibleTo(&wizard));
    QVERIFY(!error->text().isEmpty());
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    edit->clear();
    QTest::keyClicks(edit, QStringLiteral("/restored"));
    QVERIFY(!error->isVisibleTo(&wizard));
    QTRY_VERIFY(wizard.findChild<QLabel*>(QStringLiteral("replaceWarning"))->text().contains(QLatin1String("Nothing")));
    QCOMPARE(wizard.destination(), QStringLiteral("/restored"));
    next(wizard, RestoreWizard::SummaryPageId);
    QVERIFY(wizard.findChild<QLabel*>(QStringLiteral("summaryLabel"))->text().contains(QLatin1String("/restored")));
    next(wizard, RestoreWizard::ProgressPageId);
    const QString failed = GuiRepo::waitForRestore(wizard);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));

    const QMap<QString, QByteArray> after = treeOf(m_b);
    QCOMPARE(after.value(QStringLiteral("restored/my world/Spawn Ärea ☃.txt")),
             m_files.value(QStringLiteral("my world/Spawn Ärea ☃.txt")));
    QCOMPARE(after.value(QStringLiteral("other.txt")), before.value(QStringLiteral("other.txt")));
    QVERIFY(!after.contains(QStringLiteral("my world"))); // only under the folder
    QVERIFY(!after.contains(QStringLiteral("restored/server.properties")));
}

void TestFileBrowser::settingsChangeClosesTheBrowser()
{
    MainWindow window;
    QVERIFY(GuiRepo::showLoaded(window, m_config));
    window.snapshotView()->selectRow(0);
    QPointer<SnapshotBrowser> browser = window.openBrowser();
    QVERIFY(browser);
    QTRY_VERIFY_WITH_TIMEOUT(browser->model()->indexOf(QStringLiteral("/server.properties")).isValid(), 30000);
    browser->model()->setChecked(QStringLiteral("/server.properties"), true);
    QPointer<RestoreWizard> wizard = browser->restoreSelected();
    QVERIFY(wizard && wizard->isSelective());

    // The browser held the old repository's service: it goes. The wizard starts again on a whole snapshot.
    window.setConfig(m_config, MainWindow::Source::File);
    QTRY_VERIFY(!browser);
    QVERIFY(wizard);
    QVERIFY(!wizard->isSelective());
    QCOMPARE(wizard->currentId(), int(RestoreWizard::SnapshotPageId));
    wizard->close();
}

QTEST_MAIN(TestFileBrowser)
#include "tst_filebrowser.moc"
