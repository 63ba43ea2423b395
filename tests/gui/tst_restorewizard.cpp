#include "GuiRepo.h"
#include "JobListModel.h"
#include "JobsPanel.h"
#include "LocalNode.h"
#include "MainWindow.h"
#include "RestoreWizard.h"
#include "ServerListModel.h"
#include "SnapshotFilterProxy.h"
#include "SnapshotTableModel.h"
#include "TestSupport.h"

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using TestSupport::uuidFor;

// The real restore wizard and main window, driven with QTest on the offscreen platform against a real local
// restic repository: one backup of server A, restored into server B.
class TestRestoreWizard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void failedResyncShowsInTheStatusBar();
    void initTestCase();
    void restoresIntoAnotherServer();
    void truncateWarnsAndEmptiesTheTarget();
    void mainWindowListsAndKeepsSelectionAcrossRefresh();
    void mainWindowDeletesOnlyAfterConfirmation();
    void jobsPanelCancelsARunningBackup();
    void wizardFollowsASettingsChange();
    void versionQueryOutlivesItsService();
    void missingRepositoryShowsInTheBanner();
    void nodeHeldByAnotherPouchDisablesJobs();
    void aboutShowsVersionsAndDocs();
    void noServersSaysWhatAServerIs();

private:
    static void next(QWizard& wizard, int expectedPage);
    static void chooseTarget(QWizard& wizard, const QString& server);
    QMap<QString, QByteArray> treeOf(const QString& server) const;

    QTemporaryDir m_dir;
    Config m_config;
    std::unique_ptr<LocalNode> m_node; // owns the service
    BackupService* m_service = nullptr;
    QString m_a = uuidFor(0xa);
    QString m_b = uuidFor(0xb);
    QMap<QString, QByteArray> m_files;
};

void TestRestoreWizard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_config = GuiRepo::config(m_dir.path());
    m_files = {{QStringLiteral("server.properties"), "motd=Hello from A\n"},
               {QStringLiteral("world/level.dat"), QByteArray(3000, 'L')},
               {QStringLiteral(".hidden/config"), "x=1\n"}};
    GuiRepo::addServer(m_config, m_a, m_files);
    GuiRepo::addServer(m_config, m_b, {{QStringLiteral("old.txt"), "B was here\n"}});
    m_node = std::make_unique<LocalNode>(std::make_unique<BackupService>(m_config));
    m_service = m_node->service();
    QVERIFY(m_service->claimNode(QStringLiteral("test"), nullptr)); // shared with the windows of this process
    const QString error = GuiRepo::backup(*m_service, m_a);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

QMap<QString, QByteArray> TestRestoreWizard::treeOf(const QString& server) const
{
    return TestSupport::snapshotTree(m_config.dataDirectory + QLatin1Char('/') + server);
}

void TestRestoreWizard::next(QWizard& wizard, int expectedPage)
{
    GuiRepo::clickNext(wizard, expectedPage);
}

void TestRestoreWizard::chooseTarget(QWizard& wizard, const QString& server)
{
    auto* combo = wizard.findChild<QComboBox*>(QStringLiteral("targetCombo"));
    QVERIFY(combo);
    QVERIFY(combo->hasFocus()); // keyboard users land on the choice
    // Walk the list with the keyboard, as a person without a mouse would.
    QTest::keyClick(combo, Qt::Key_Home);
    for (int i = 0; i < combo->count() && combo->currentData().toString() != server; ++i)
        QTest::keyClick(combo, Qt::Key_Down);
    QCOMPARE(combo->currentData().toString(), server);
}

void TestRestoreWizard::restoresIntoAnotherServer()
{
    RestoreWizard wizard(m_node.get());
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QCOMPARE(wizard.currentId(), int(RestoreWizard::SnapshotPageId));

    // Page 1: the wizard reads the snapshots itself; pick ours with the mouse, check the details.
    auto* view = wizard.findChild<QTableView*>(QStringLiteral("snapshotView"));
    QVERIFY(view);
    QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, 30000);
    view->clearSelection();
    const QRect cell = view->visualRect(view->model()->index(0, SnapshotTableModel::ServerColumn));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(wizard.snapshot().serverUuid, m_a);
    QTRY_VERIFY_WITH_TIMEOUT(
        view->model()->index(0, SnapshotTableModel::FilesColumn).data(SnapshotTableModel::StatsKnownRole).toBool(),
        30000);
    // restic's own count (0.14 counts the directories on the path too), exactly as the core reports it.
    const BackupService::StatsResult stats = m_service->statsBlocking(wizard.snapshot().id);
    QVERIFY(stats.ok && stats.stats.totalFileCount >= 3);
    QCOMPARE(view->model()->index(0, SnapshotTableModel::FilesColumn).data().toString(),
             QLocale().toString(stats.stats.totalFileCount));
    next(wizard, RestoreWizard::TargetPageId);

    // Page 2: defaults to the source, then B, called out as cross-server.
    auto* combo = wizard.findChild<QComboBox*>(QStringLiteral("targetCombo"));
    QCOMPARE(combo->currentData().toString(), m_a);
    auto* cross = wizard.findChild<QLabel*>(QStringLiteral("crossServerLabel"));
    QVERIFY(!cross->isVisibleTo(&wizard));
    chooseTarget(wizard, m_b);
    QVERIFY(cross->isVisibleTo(&wizard));
    QVERIFY(cross->text().contains(QLatin1String("Cross-server")));
    QVERIFY(cross->text().contains(m_a) && cross->text().contains(m_b));
    // On the same page: keep B's files.
    auto* truncate = wizard.findChild<QCheckBox*>(QStringLiteral("truncateCheck"));
    QVERIFY(truncate->isVisibleTo(&wizard));
    QVERIFY(!truncate->isChecked());
    next(wizard, RestoreWizard::SummaryPageId);

    // Page 3: the summary says what will happen; Restore starts it.
    const QString summary = wizard.findChild<QLabel*>(QStringLiteral("summaryLabel"))->text();
    QVERIFY(summary.contains(m_b));
    QVERIFY(summary.contains(QLatin1String("cross-server")));
    QSignalSpy started(&wizard, &RestoreWizard::restoreStarted);
    next(wizard, RestoreWizard::ProgressPageId);
    QCOMPARE(started.size(), 1);

    // Page 4: live until the job ends, then the result and Finish.
    QVERIFY(wizard.job());
    QVERIFY(!wizard.button(QWizard::FinishButton)->isEnabled() || wizard.job()->isFinished());
    QTRY_VERIFY_WITH_TIMEOUT(wizard.job()->isFinished(), 60000);
    QVERIFY2(wizard.job()->state() == Job::State::Succeeded, qPrintable(wizard.job()->outcome().error));
    QVERIFY(wizard.findChild<QLabel*>(QStringLiteral("resultLabel"))->text().contains(m_b));
    QTRY_VERIFY(wizard.button(QWizard::FinishButton)->isEnabled());
    QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
    QCOMPARE(wizard.result(), int(QDialog::Accepted));

    // A's files are in B, B's own file is still there, A is untouched.
    const QMap<QString, QByteArray> b = treeOf(m_b);
    for (auto it = m_files.cbegin(); it != m_files.cend(); ++it)
        QCOMPARE(b.value(it.key()), it.value());
    QCOMPARE(b.value(QStringLiteral("old.txt")), QByteArray("B was here\n"));
    QCOMPARE(treeOf(m_a).value(QStringLiteral("server.properties")),
             m_files.value(QStringLiteral("server.properties")));
}

void TestRestoreWizard::truncateWarnsAndEmptiesTheTarget()
{
    const BackupService::SnapshotList list = m_service->listSnapshotsBlocking(QString(), false);
    QVERIFY2(list.ok, qPrintable(list.error));
    QCOMPARE(list.snapshots.size(), 1);
    RestoreWizard wizard(m_node.get());
    wizard.setSnapshots(list.snapshots);
    wizard.preselect(list.snapshots.first().id); // as when opened from the table
    wizard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&wizard));
    QCOMPARE(wizard.snapshot().id, list.snapshots.first().id);
    next(wizard, RestoreWizard::TargetPageId);
    chooseTarget(wizard, m_b);

    auto* truncate = wizard.findChild<QCheckBox*>(QStringLiteral("truncateCheck"));
    auto* warning = wizard.findChild<QLabel*>(QStringLiteral("truncateWarning"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab); // from the target list to the choice below it
    QVERIFY(truncate->hasFocus());
    QVERIFY(!warning->isVisibleTo(&wizard));
    QTest::keyClick(truncate, Qt::Key_Space);
    QVERIFY(truncate->isChecked());
    QVERIFY(warning->isVisibleTo(&wizard));
    // B holds A's three files plus its own old.txt: the warning names B and that count.
    const int before = treeOf(m_b).size() - 2; // minus the "world" and ".hidden" directories
    QCOMPARE(before, 4);
    QTRY_VERIFY(warning->text().contains(QStringLiteral("4 files")));
    QVERIFY(warning->text().contains(m_b));
    next(wizard, RestoreWizard::SummaryPageId);
    QVERIFY(wizard.findChild<QLabel*>(QStringLiteral("summaryLabel"))->text().contains(QLatin1String("deleted first")));
    next(wizard, RestoreWizard::ProgressPageId);
    QTRY_VERIFY_WITH_TIMEOUT(wizard.job() && wizard.job()->isFinished(), 60000);
    QVERIFY2(wizard.job()->state() == Job::State::Succeeded, qPrintable(wizard.job()->outcome().error));

    const QMap<QString, QByteArray> b = treeOf(m_b);
    QVERIFY(!b.contains(QStringLiteral("old.txt")));
    for (auto it = m_files.cbegin(); it != m_files.cend(); ++it)
        QCOMPARE(b.value(it.key()), it.value());
}

void TestRestoreWizard::mainWindowListsAndKeepsSelectionAcrossRefresh()
{
    MainWindow window;
    QSignalSpy refreshed(&window, &MainWindow::refreshed);
    window.setConfig(m_config, MainWindow::Source::File);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.size() >= 1, 30000);
    QCOMPARE(window.snapshotModel()->rowCount(), 1);
    // Pouch's own snapshots have the server as host: no column repeating it.
    QVERIFY(window.snapshotView()->isColumnHidden(SnapshotTableModel::HostColumn));
    // Both servers are listed (B has no snapshots), after "All servers".
    QCOMPARE(window.serverModel()->rowCount(), 3);
    QCOMPARE(
        window.serverModel()->index(window.serverModel()->rowOf(m_a)).data(ServerListModel::SnapshotCountRole).toInt(),
        1);

    QTableView* table = window.snapshotView();
    table->selectRow(0);
    const QString first = window.snapshotModel()->snapshotAt(0).id;

    // Back up A again from the window; the refresh that follows adds a row and keeps the selection.
    window.selectServer(m_a);
    table->selectRow(0);
    refreshed.clear();
    window.backUpNow();
    QTRY_COMPARE_WITH_TIMEOUT(window.snapshotModel()->rowCount(), 2, 60000);
    const QModelIndexList rows = table->selectionModel()->selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().data(SnapshotTableModel::SnapshotIdRole).toString(), first);
    QCOMPARE(
        window.serverModel()->index(window.serverModel()->rowOf(m_a)).data(ServerListModel::SnapshotCountRole).toInt(),
        2);

    // Search narrows the table as you type.
    QTest::keyClicks(window.searchField(), window.snapshotModel()->snapshotAt(0).shortId);
    QCOMPARE(window.snapshotProxy()->rowCount(), 1);
}

namespace {
// Answers the next modal message box by clicking the button with this text.
void answerMessageBox(const QString& buttonText)
{
    QTimer::singleShot(0, [buttonText] {
        QTRY_VERIFY(qobject_cast<QMessageBox*>(QApplication::activeModalWidget()));
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        for (QAbstractButton* b : box->buttons()) {
            if (b->text().remove(QLatin1Char('&')) == buttonText) {
                QTest::mouseClick(b, Qt::LeftButton);
                return;
            }
        }
        QFAIL("no such button in the message box");
    });
}
} // namespace

void TestRestoreWizard::mainWindowDeletesOnlyAfterConfirmation()
{
    MainWindow window;
    QSignalSpy refreshed(&window, &MainWindow::refreshed);
    window.setConfig(m_config, MainWindow::Source::File);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.size() >= 1, 30000);
    const int before = window.snapshotModel()->rowCount();
    QVERIFY(before >= 1);
    window.snapshotView()->selectRow(0);
    const QModelIndex selected = window.snapshotView()->selectionModel()->selectedRows().value(0);
    const Snapshot victim = window.snapshotModel()->snapshotAt(window.snapshotProxy()->mapToSource(selected).row());

    // Cancel: nothing happens.
    answerMessageBox(QStringLiteral("Cancel"));
    window.deleteSelected();
    QCOMPARE(GuiRepo::snapshotsInRepository(m_config, victim.backupUuid), 1);

    // Confirmed: the backup is gone from the repository and from the table.
    refreshed.clear();
    answerMessageBox(QStringLiteral("Delete Backup"));
    window.deleteSelected();
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.size() >= 1, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(window.snapshotModel()->rowCount(), before - 1, 30000);
    QCOMPARE(GuiRepo::snapshotsInRepository(m_config, victim.backupUuid), 0);
}

// Back Up Now on a throttled node, then Cancel Job in the jobs panel: the row ends Cancelled with its reason,
// the server's files are untouched and no snapshot is listed for it.
void TestRestoreWizard::jobsPanelCancelsARunningBackup()
{
    Config slow = m_config;
    slow.writeLimitMiB = 1; // 1 MiB/s: the 8 MiB below take seconds
    const QString c = uuidFor(0xc);
    QByteArray noise(8 * 1024 * 1024, Qt::Uninitialized);
    QRandomGenerator(7).fillRange(reinterpret_cast<quint32*>(noise.data()), noise.size() / 4);
    const QString dir = GuiRepo::addServer(slow, c, {{QStringLiteral("noise.bin"), noise}});
    const auto before = treeOf(c);

    MainWindow window;
    QSignalSpy refreshed(&window, &MainWindow::refreshed);
    window.setConfig(slow, MainWindow::Source::File);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.size() >= 1, 30000);
    const int snapshotsBefore = window.snapshotModel()->rowCount();
    window.selectServer(c);
    window.backUpNow();

    JobsPanel* panel = window.jobsPanel();
    JobListModel* jobs = panel->model();
    auto* cancel = panel->findChild<QAction*>(QStringLiteral("cancelJobAction"));
    QVERIFY(cancel);
    QTRY_COMPARE_WITH_TIMEOUT(jobs->rowCount(), 1, 5000);
    const QModelIndex state = jobs->index(0, JobListModel::StateColumn);
    QTRY_COMPARE_WITH_TIMEOUT(state.data(JobListModel::StateRole).toInt(), int(Job::State::Running), 30000);
    // Wait for restic's first progress line, so the cancel lands mid-upload rather than at start-up.
    QTRY_VERIFY_WITH_TIMEOUT(jobs->index(0, 0).data(JobListModel::PercentRole).toInt() >= 0, 30000);
    QVERIFY(jobs->index(0, 0).data(JobListModel::PercentRole).toInt() < 100);
    QVERIFY(!cancel->isEnabled()); // nothing selected yet
    panel->view()->setCurrentIndex(jobs->index(0, 0));
    QVERIFY(cancel->isEnabled());
    cancel->trigger();

    QTRY_COMPARE_WITH_TIMEOUT(state.data(JobListModel::StateRole).toInt(), int(Job::State::Cancelled), 30000);
    QCOMPARE(state.data().toString(), QStringLiteral("Cancelled"));
    QVERIFY(!jobs->index(0, JobListModel::MessageColumn).data().toString().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!cancel->isEnabled(), 5000);
    QCOMPARE(treeOf(c), before);
    refreshed.clear();
    window.refresh();
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.size() >= 1, 30000);
    QCOMPARE(window.snapshotModel()->rowCount(), snapshotsBefore);
    QVERIFY(QDir(dir).removeRecursively());
}

// A wizard open on the first service when the settings change: it starts again on the new service (the old
// one is destroyed), with nothing of the old choice left, and a restore through it works.
void TestRestoreWizard::wizardFollowsASettingsChange()
{
    MainWindow window;
    QVERIFY(GuiRepo::showLoaded(window, m_config));
    window.snapshotView()->selectRow(0);
    QPointer<RestoreWizard> wizard = window.openRestoreWizard();
    QVERIFY(wizard);
    QVERIFY(QTest::qWaitForWindowExposed(wizard));
    QVERIFY(!wizard->snapshot().id.isEmpty());
    next(*wizard, RestoreWizard::TargetPageId);
    chooseTarget(*wizard, m_b);

    window.setConfig(m_config, MainWindow::Source::File);
    QVERIFY(wizard);
    QCOMPARE(wizard->node(), window.localNode());
    QCOMPARE(wizard->currentId(), int(RestoreWizard::SnapshotPageId));
    QVERIFY(wizard->snapshot().id.isEmpty());
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());

    // The new service's snapshots load; choose one and restore it into its own server.
    auto* view = wizard->findChild<QTableView*>(QStringLiteral("snapshotView"));
    QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() >= 1, 30000);
    view->selectRow(0);
    QVERIFY(!wizard->snapshot().id.isEmpty());
    next(*wizard, RestoreWizard::TargetPageId);
    auto* combo = wizard->findChild<QComboBox*>(QStringLiteral("targetCombo"));
    QCOMPARE(combo->currentData().toString(), wizard->snapshot().serverUuid);
    next(*wizard, RestoreWizard::SummaryPageId);
    next(*wizard, RestoreWizard::ProgressPageId);
    QTRY_VERIFY_WITH_TIMEOUT(wizard->job() && wizard->job()->isFinished(), 60000);
    QVERIFY2(wizard->job()->state() == Job::State::Succeeded, qPrintable(wizard->job()->outcome().error));

    // Without a service (destroyed under a wizard that MainWindow does not know), it says so and stops.
    {
        auto service = std::make_unique<LocalNode>(std::make_unique<BackupService>(m_config));
        RestoreWizard orphan(service.get());
        orphan.show();
        QVERIFY(QTest::qWaitForWindowExposed(&orphan));
        QTRY_VERIFY_WITH_TIMEOUT(!orphan.snapshot().id.isEmpty(), 30000);
        service.reset();
        QVERIFY(!orphan.node());
        QCOMPARE(orphan.currentId(), int(RestoreWizard::SnapshotPageId));
        QVERIFY(orphan.snapshot().id.isEmpty());
        QVERIFY(!orphan.button(QWizard::NextButton)->isEnabled());
    }
}

// Settings applied three times while `restic version` takes a second: each answer arrives after its service is
// gone, and only the live service's shows. (The worker used to write into the destroyed service; that use after
// free is only seen under ASan, since the old service's destructor usually waits on the same call.)
void TestRestoreWizard::versionQueryOutlivesItsService()
{
    const QString script = m_dir.filePath(QStringLiteral("slow-restic"));
    TestSupport::writeFile(script,
                           QStringLiteral("#!/bin/sh\ncase \"$1\" in version) sleep 1 ;; esac\nexec '%1' \"$@\"\n")
                               .arg(TestSupport::resticBinary())
                               .toUtf8());
    QVERIFY(QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    Config slow = m_config;
    slow.restic.binaryPath = script;

    MainWindow window;
    QSignalSpy refreshed(&window, &MainWindow::refreshed);
    window.show();
    for (int i = 0; i < 3; ++i)
        window.setConfig(slow, MainWindow::Source::File);
    QTest::qWait(1500); // the first two answers arrive after their services are gone
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.size() >= 1, 30000);
    QVERIFY(window.service());
    QCOMPARE(window.service()->restic().binary(), script);
    // The window is sane: its listing and the version of the live service.
    QVERIFY(window.snapshotModel()->rowCount() >= 1);
    auto* version = window.findChild<QLabel*>(QStringLiteral("resticVersionLabel"));
    QVERIFY(version);
    QTRY_VERIFY_WITH_TIMEOUT(version->text().startsWith(QLatin1String("restic 0.")), 10000);
}

// A config without a repository: the banner names the file and the key, back up and restore stay off, and no
// listing is tried (it could only fail).
void TestRestoreWizard::missingRepositoryShowsInTheBanner()
{
    Config none = m_config;
    none.restic.repository.clear();
    none.sourceFile = QStringLiteral("/etc/pelican/config.yml");
    const QString problem = none.repositoryProblem();
    QVERIFY(problem.contains(QLatin1String("/etc/pelican/config.yml")));
    QVERIFY(problem.contains(QLatin1String("system.backups.restic.repository")));

    MainWindow window;
    QSignalSpy refreshed(&window, &MainWindow::refreshed);
    window.setConfig(none, MainWindow::Source::File);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.size() >= 1, 30000);
    auto* banner = window.findChild<QWidget*>(QStringLiteral("banner"));
    auto* text = window.findChild<QLabel*>(QStringLiteral("bannerText"));
    QVERIFY(banner && text);
    QVERIFY(banner->isVisible());
    QVERIFY2(text->text().contains(problem.toHtmlEscaped()), qPrintable(text->text()));
    window.selectServer(m_a);
    QVERIFY(!window.findChild<QAction*>(QStringLiteral("backupAction"))->isEnabled());
    QVERIFY(!window.findChild<QAction*>(QStringLiteral("restoreAction"))->isEnabled());
    QCOMPARE(window.snapshotModel()->rowCount(), 0);
    QVERIFY(!window.findChild<QLabel*>(QStringLiteral("errorText"))->isVisible()); // no failed listing either

    // A usable config clears it.
    refreshed.clear();
    window.setConfig(m_config, MainWindow::Source::File);
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.size() >= 1, 30000);
    QVERIFY(!banner->isVisible());
    window.selectServer(m_a);
    QVERIFY(window.findChild<QAction*>(QStringLiteral("backupAction"))->isEnabled());
}

// Another Pouch (here a headless one in a second process) holds the directories: the window lists the
// snapshots but runs no job, and says which process holds them; once it is gone, Try Again takes over.
void TestRestoreWizard::nodeHeldByAnotherPouchDisablesJobs()
{
    QTemporaryDir root;
    QVERIFY(root.isValid());
    const Config config = GuiRepo::nodeConfig(root.path(), m_config);
    const QString d = uuidFor(0xd);
    GuiRepo::addServer(config, d, {{QStringLiteral("a.txt"), "a\n"}});

    QProcess holder;
    QVERIFY(GuiRepo::startHoldingNode(holder, root.path(), m_config.restic.repository));

    MainWindow window;
    QSignalSpy refreshed(&window, &MainWindow::refreshed);
    window.setConfig(config, MainWindow::Source::File);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.size() >= 1, 30000);
    QVERIFY(window.snapshotModel()->rowCount() >= 1); // the listing works
    auto* banner = window.findChild<QWidget*>(QStringLiteral("banner"));
    auto* text = window.findChild<QLabel*>(QStringLiteral("bannerText"));
    QVERIFY(banner->isVisible());
    QVERIFY2(text->text().contains(QStringLiteral("A headless Pouch (pid %1)").arg(holder.processId())),
             qPrintable(text->text()));
    auto* backup = window.findChild<QAction*>(QStringLiteral("backupAction"));
    window.selectServer(d);
    QVERIFY(!backup->isEnabled());
    QVERIFY(!window.findChild<QAction*>(QStringLiteral("restoreAction"))->isEnabled());
    window.backUpNow(); // as a shortcut would, were the action on: refused with the holder's message
    QVERIFY(window.findChild<QLabel*>(QStringLiteral("errorText"))->text().contains(QLatin1String("headless")));
    QCOMPARE(window.jobsPanel()->model()->rowCount(), 0);

    // Still held: Try Again changes nothing.
    auto* retry = window.findChild<QPushButton*>(QStringLiteral("retryNodeButton"));
    QVERIFY(retry && retry->isVisible());
    QTest::mouseClick(retry, Qt::LeftButton);
    QVERIFY(!backup->isEnabled());

    holder.closeWriteChannel();
    QVERIFY(holder.waitForFinished(10000));
    QCOMPARE(holder.exitCode(), 0);
    QTest::mouseClick(retry, Qt::LeftButton);
    QVERIFY(!banner->isVisible());
    QVERIFY(backup->isEnabled());
    window.backUpNow();
    QTRY_COMPARE_WITH_TIMEOUT(
        window.jobsPanel()->model()->index(0, JobListModel::StateColumn).data(JobListModel::StateRole).toInt(),
        int(Job::State::Succeeded), 60000);
}

// Help → About Pouch: Pouch's, Qt's and restic's versions, and a link to the documentation that is there.
void TestRestoreWizard::aboutShowsVersionsAndDocs()
{
    MainWindow window;
    window.setConfig(m_config, MainWindow::Source::File);
    window.show();
    auto* version = window.findChild<QLabel*>(QStringLiteral("resticVersionLabel"));
    QTRY_VERIFY_WITH_TIMEOUT(!version->text().isEmpty(), 30000);
    const QString restic = Restic(m_config).version().text;
    QVERIFY(!restic.isEmpty());

    auto* about = window.findChild<QAction*>(QStringLiteral("aboutAction"));
    QVERIFY(about);
    about->trigger();
    QPointer<QMessageBox> box = window.findChild<QMessageBox*>(QStringLiteral("aboutBox"));
    QVERIFY(box);
    QVERIFY(box->isVisible());
    const QString text = box->text();
    QVERIFY2(text.contains(QStringLiteral(POUCH_VERSION)), qPrintable(text));
    QVERIFY2(text.contains(QString::fromLatin1(qVersion())), qPrintable(text));
    QVERIFY2(text.contains(restic), qPrintable(text));
    // Run from the build tree: the README of these sources, as a file link that exists.
    const QString docs = MainWindow::docsPath();
    QVERIFY(!docs.isEmpty());
    const QString readme = QUrl::fromLocalFile(docs + QStringLiteral("/README.md")).toString(QUrl::FullyEncoded);
    QVERIFY2(text.contains(QStringLiteral("href=\"%1\"").arg(readme)), qPrintable(text));
    QVERIFY(QFileInfo::exists(docs + QStringLiteral("/docs/architecture.md")));
    box->close();
    QTRY_VERIFY(!box);

    // Without restic the box says so instead of a version.
    Config missing = m_config;
    missing.restic.binaryPath = m_dir.filePath(QStringLiteral("no-restic-here"));
    window.setConfig(missing, MainWindow::Source::File);
    QTRY_VERIFY_WITH_TIMEOUT(version->text().contains(QLatin1String("not found")), 30000);
    QVERIFY2(window.aboutText().contains(QLatin1String(">restic</td><td>not found</td>")),
             qPrintable(window.aboutText()));
}

// Nothing under the volumes directory of a new repository: the empty state says what Pouch counts as a server,
// and where it looks.
void TestRestoreWizard::noServersSaysWhatAServerIs()
{
    QTemporaryDir root;
    const Config fresh = GuiRepo::config(root.path());
    MainWindow window;
    QSignalSpy refreshed(&window, &MainWindow::refreshed);
    window.setConfig(fresh, MainWindow::Source::File);
    window.show();
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.size() >= 1, 60000);
    auto* text = window.findChild<QLabel*>(QStringLiteral("emptyText"));
    QVERIFY(text && text->isVisible());
    QVERIFY2(text->text().contains(fresh.dataDirectory), qPrintable(text->text()));
    QVERIFY(text->text().contains(QLatin1String("named by the server's UUID")));
}

// A restarted console whose repository does not answer (here: no restic at all) lists what its catalogue last
// held and says so in the status bar, with restic's words in the tooltip.
void TestRestoreWizard::failedResyncShowsInTheStatusBar()
{
    QCoreApplication::processEvents(); // the test service's catalogue reaches its file
    const int known = int(m_service->listSnapshotsBlocking(QString(), false).snapshots.size());
    QVERIFY(known >= 1);
    Config gone = m_config;
    gone.restic.binaryPath = QDir::temp().filePath(QStringLiteral("no-restic-at-all"));
    MainWindow window;
    QVERIFY(GuiRepo::showLoaded(window, gone));
    QCOMPARE(window.snapshotModel()->rowCount(), known);
    auto* state = window.findChild<QLabel*>(QStringLiteral("stateLabel"));
    QVERIFY(state);
    QTRY_VERIFY_WITH_TIMEOUT(state->text().contains(QLatin1String("Repository not answering")), 30000);
    QVERIFY2(state->toolTip().contains(QLatin1String("no-restic-at-all")), qPrintable(state->toolTip()));
}

int main(int argc, char** argv)
{
    if (GuiRepo::isHoldNodeCall(argc, argv))
        return GuiRepo::holdNode(argc, argv);
    QApplication app(argc, argv);
    QTEST_SET_MAIN_SOURCE_PATH
    TestRestoreWizard test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_restorewizard.moc"
