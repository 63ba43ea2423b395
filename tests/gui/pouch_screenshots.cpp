// Writes PNGs of the console for people to look at: the main window with snapshots of several servers, the
// first-start window, every restore wizard page, the settings dialog, Add Node and the certificate dialogs. Runs
// against a throwaway local restic repository. Usage: pouch_screenshots [output directory]  (default:
// <build>/screenshots)
#include "AddNodeDialog.h"
#include "ApiHarness.h"
#include "CompareDialog.h"
#include "DownloadDialog.h"
#include "FileTreeModel.h"
#include "GrowthChart.h"
#include "GuiMain.h"
#include "GuiRepo.h"
#include "Icons.h"
#include "MainWindow.h"
#include "NodeListModel.h"
#include "RemoteNode.h"
#include "RepositoryDialog.h"
#include "RestoreWizard.h"
#include "SettingsDialog.h"
#include "SnapshotBrowser.h"
#include "SnapshotFilterProxy.h"
#include "SnapshotTableModel.h"
#include "TestSupport.h"
#include "TrustCertificateDialog.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QProcess>
#include <QRadioButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTreeView>

#include <functional>
#include <utility>

namespace {

QString g_out;
int g_failures = 0;

bool waitFor(const std::function<bool()>& done, int ms = 60000)
{
    QDeadlineTimer deadline(ms);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(5);
    }
    return true;
}

void settle()
{
    waitFor([] { return false; }, 300);
}

void shoot(QWidget* widget, const QString& name)
{
    settle();
    const QString path = g_out + QLatin1Char('/') + name + QStringLiteral(".png");
    if (widget->grab().save(path)) {
        QTextStream(stdout) << path << Qt::endl;
    } else {
        QTextStream(stderr) << "cannot write " << path << Qt::endl;
        ++g_failures;
    }
}

void fail(const QString& what)
{
    QTextStream(stderr) << "screenshots: " << what << Qt::endl;
    ++g_failures;
}

// A self-signed certificate as an admin makes one for a node (the trust dialog's pictures).
QSslCertificate nodeCertificate(const QString& dir, const QString& host)
{
    const QString cert = dir + QLatin1Char('/') + host + QStringLiteral(".pem");
    QProcess openssl; // quiet: execute() would print openssl's progress dots
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                   QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                   QStringLiteral("-keyout"), cert + QStringLiteral(".key"), QStringLiteral("-out"), cert,
                   QStringLiteral("-days"), QStringLiteral("825"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=%1/O=Acme Games").arg(host), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=DNS:%1").arg(host)});
    const int rc =
        openssl.waitForFinished(30000) && openssl.exitStatus() == QProcess::NormalExit ? openssl.exitCode() : -1;
    const QList<QSslCertificate> certs = rc == 0 ? QSslCertificate::fromPath(cert) : QList<QSslCertificate>();
    return certs.isEmpty() ? QSslCertificate() : certs.first();
}

bool statsKnown(const MainWindow& window)
{
    const SnapshotTableModel* m = window.snapshotModel();
    for (int r = 0; r < m->rowCount(); ++r) {
        if (!m->index(r, SnapshotTableModel::SizeColumn).data(SnapshotTableModel::StatsKnownRole).toBool())
            return false;
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    if (GuiRepo::isHoldNodeCall(argc, argv))
        return GuiRepo::holdNode(argc, argv); // the other Pouch of 09-main-node-held
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pouch"));
    QCoreApplication::setOrganizationName(QStringLiteral("pouch"));
    QStandardPaths::setTestModeEnabled(true); // never read or write the user's own settings
    const QString build =
        qEnvironmentVariable("POUCH_BUILD_DIR", QCoreApplication::applicationDirPath() + QStringLiteral("/../.."));
    g_out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : build + QStringLiteral("/screenshots");
    QDir().mkpath(g_out);
    // POUCH_SCREENSHOT_LOCALE=de: the same pictures in German, to see that the translation fits.
    const QString locale = qEnvironmentVariable("POUCH_SCREENSHOT_LOCALE");
    if (!locale.isEmpty()) {
        QLocale::setDefault(QLocale(locale));
        if (!installTranslations(QLocale(locale)))
            fail(QStringLiteral("no translation for %1").arg(locale));
    }

    QTemporaryDir dir;
    const Config config = GuiRepo::config(dir.path());
    QSettings settings(dir.filePath(QStringLiteral("pouch.ini")), QSettings::IniFormat);
    const QString a = QStringLiteral("3f2b9c1e-8d4a-4b6f-9e21-7c5d0a1b2c3d");
    const QString b = QStringLiteral("8a7d6c5b-4e3f-4a2b-8c1d-0e9f8a7b6c5d");
    const QString c = QStringLiteral("c0ffee00-1234-4abc-8def-0123456789ab");
    const QString gone = QStringLiteral("d15ea5e0-aaaa-4bbb-8ccc-dddddddddddd");
    const QString aDir = GuiRepo::addServer(config, a,
                                            {{QStringLiteral("server.properties"), "motd=Survival\n"},
                                             {QStringLiteral("world/level.dat"), QByteArray(180000, 'w')},
                                             {QStringLiteral("world/region/r.0.0.mca"), QByteArray(96000, 'r')},
                                             {QStringLiteral("world/region/r.0.1.mca"), QByteArray(64000, 'r')},
                                             {QStringLiteral("world/playerdata/Steve.dat"), QByteArray(2400, 'p')},
                                             {QStringLiteral("logs/2026-12-01 server.log"), "[Server] Done\n"},
                                             {QStringLiteral("plugins/essentials.jar"), QByteArray(52000, 'j')}});
    QFile::link(QStringLiteral("logs/2026-12-01 server.log"), aDir + QStringLiteral("/latest.log"));
    // POUCH_SCREENSHOT_BIG_MIB=300: a big world in A, so the wizard's progress page is caught mid-restore.
    const int bigMiB = qEnvironmentVariableIntValue("POUCH_SCREENSHOT_BIG_MIB");
    if (bigMiB > 0) {
        QByteArray big(qsizetype(bigMiB) << 20, Qt::Uninitialized);
        QRandomGenerator(1).fillRange(reinterpret_cast<quint32*>(big.data()), big.size() / 4);
        GuiRepo::addServer(config, a, {{QStringLiteral("world/region.mca"), big}});
    }
    GuiRepo::addServer(config, b, {{QStringLiteral("valheim/world.db"), QByteArray(420000, 'v')}});
    GuiRepo::addServer(config, c, {{QStringLiteral("config.json"), "{}\n"}});
    GuiRepo::addServer(config, gone, {{QStringLiteral("save.dat"), QByteArray(9000, 's')}});

    MainWindow window;
    window.setSettings(&settings);
    window.setConfig(config, MainWindow::Source::File);
    window.resize(1180, 720);
    window.show();
    if (!waitFor([&] { return window.service() != nullptr; }))
        return 1;
    BackupService* service = window.service();
    // Backups through the window's own service, so the jobs panel shows them.
    bool changedA = false;
    for (const QString& server : {a, b, a, c, gone}) {
        if (server == a && std::exchange(changedA, true)) {
            // Between A's two backups: a change, an add and a delete, for the compare view.
            TestSupport::writeFile(aDir + QStringLiteral("/server.properties"), "motd=Survival, season 2\npvp=true\n");
            TestSupport::writeFile(aDir + QStringLiteral("/plugins/worldedit.jar"), QByteArray(81000, 'e'));
            QFile::remove(aDir + QStringLiteral("/world/region/r.0.1.mca"));
        }
        const QString error = GuiRepo::backup(*service, server);
        if (!error.isEmpty())
            fail(QStringLiteral("backup of %1 failed: %2").arg(server, error));
    }
    QDir(config.dataDirectory + QLatin1Char('/') + gone).removeRecursively(); // a server known only from snapshots
    const BackupService::Started cancelled =
        service->startBackup(c, QUuid::createUuid().toString(QUuid::WithoutBraces));
    if (cancelled.ok())
        cancelled.job->cancel();
    waitFor([&] { return !cancelled.ok() || cancelled.job->isFinished(); });

    window.refresh();
    if (!waitFor([&] { return window.snapshotModel()->rowCount() == 5; }))
        fail(QStringLiteral("the main window did not list 5 snapshots"));
    window.snapshotView()->grab(); // paints, which asks for the lazy stats
    if (!waitFor([&] { return statsKnown(window); }))
        fail(QStringLiteral("stats did not arrive"));
    window.snapshotView()->selectRow(1);
    shoot(&window, QStringLiteral("01-main-window"));

    window.selectServer(a);
    window.snapshotView()->selectRow(0);
    shoot(&window, QStringLiteral("02-main-one-server"));

    window.selectServer(QString());
    window.searchField()->setText(QStringLiteral("no-such-backup"));
    shoot(&window, QStringLiteral("03-main-search-no-match"));
    window.searchField()->clear();

    // The window's own words around restic's (which stay English), so that the German picture is German.
    window.showError(QCoreApplication::translate("MainWindow", "%1 of server %2 failed: %3")
                         .arg(Job::kindName(Job::Kind::Backup), c,
                              QStringLiteral("Fatal: unable to open config file: Stat: stat /srv/restic/config: "
                                             "permission denied")));
    shoot(&window, QStringLiteral("04-main-error"));
    window.clearError();

    window.showAbout();
    if (auto* about = window.findChild<QMessageBox*>(QStringLiteral("aboutBox"))) {
        shoot(about, QStringLiteral("07-about"));
        about->close();
    } else {
        fail(QStringLiteral("no About box"));
    }

    // First start: the built-in repository, nothing backed up yet.
    {
        QTemporaryDir fresh;
        Config empty = GuiRepo::config(fresh.path());
        GuiRepo::addServer(empty, a, {{QStringLiteral("server.properties"), "motd=hi\n"}});
        MainWindow first;
        first.setSettings(&settings);
        first.setConfig(empty, MainWindow::Source::EmbeddedDefault);
        first.resize(1180, 720);
        first.show();
        QSignalSpy refreshed(&first, &MainWindow::refreshed);
        waitFor([&] { return refreshed.size() > 0; });
        shoot(&first, QStringLiteral("05-main-first-start"));
    }
    // No server folders at all: the empty state says what a server is to Pouch.
    {
        QTemporaryDir fresh;
        MainWindow none;
        none.setSettings(&settings);
        none.setConfig(GuiRepo::config(fresh.path()), MainWindow::Source::File);
        none.resize(1180, 720);
        none.show();
        QSignalSpy refreshed(&none, &MainWindow::refreshed);
        waitFor([&] { return refreshed.size() > 0; });
        shoot(&none, QStringLiteral("08-main-no-servers"));
    }

    // The banners: a config without a repository, and another Pouch running the jobs on these directories.
    {
        Config none = config;
        none.restic.repository.clear();
        none.sourceFile = QStringLiteral("/etc/pelican/config.yml");
        MainWindow banner;
        banner.setSettings(&settings);
        QSignalSpy refreshed(&banner, &MainWindow::refreshed);
        banner.setConfig(none, MainWindow::Source::File);
        banner.resize(1180, 720);
        banner.show();
        waitFor([&] { return refreshed.size() > 0; });
        shoot(&banner, QStringLiteral("09-main-no-repository"));
    }
    {
        QTemporaryDir other;
        const Config node = GuiRepo::nodeConfig(other.path(), config);
        GuiRepo::addServer(node, a, {{QStringLiteral("server.properties"), "motd=Survival\n"}});
        QProcess holder;
        if (!GuiRepo::startHoldingNode(holder, other.path(), config.restic.repository))
            fail(QStringLiteral("the other Pouch did not take the node"));
        MainWindow held;
        held.setSettings(&settings);
        QSignalSpy refreshed(&held, &MainWindow::refreshed);
        held.setConfig(node, MainWindow::Source::File);
        held.resize(1180, 720);
        held.show();
        waitFor([&] { return refreshed.size() > 0; });
        held.snapshotView()->grab();
        waitFor([&] { return statsKnown(held); }, 20000);
        shoot(&held, QStringLiteral("09-main-node-held"));
        holder.closeWriteChannel();
        holder.waitForFinished(10000);
    }

    // The wizard, opened from the table with a snapshot of A selected; restored into B.
    window.selectServer(a);
    window.snapshotView()->selectRow(0);
    RestoreWizard* wizard = window.openRestoreWizard();
    waitFor([&] { return !wizard->snapshot().id.isEmpty(); });
    shoot(wizard, QStringLiteral("10-wizard-snapshot"));
    wizard->next();
    auto* combo = wizard->findChild<QComboBox*>(QStringLiteral("targetCombo"));
    combo->setCurrentIndex(combo->findData(b));
    shoot(wizard, QStringLiteral("11-wizard-target-cross-server"));
    wizard->findChild<QCheckBox*>(QStringLiteral("truncateCheck"))->setChecked(true);
    waitFor(
        [&] {
            return !wizard->findChild<QLabel*>(QStringLiteral("truncateWarning"))
                        ->text()
                        .contains(QStringLiteral("counting"));
        },
        5000);
    shoot(wizard, QStringLiteral("12-wizard-target-truncate"));
    wizard->next();
    shoot(wizard, QStringLiteral("13-wizard-summary"));
    wizard->next();
    if (bigMiB > 0)
        waitFor([&] { return wizard->job() && wizard->job()->progress().percentDone > 0.05; }, 20000);
    shoot(wizard, QStringLiteral("14-wizard-progress"));
    if (!waitFor([&] { return wizard->job() && wizard->job()->isFinished(); }))
        fail(QStringLiteral("the restore did not finish"));
    shoot(wizard, QStringLiteral("15-wizard-result"));
    wizard->close();
    shoot(&window, QStringLiteral("06-main-after-restore"));

    // Inside A's newest snapshot: the tree with two items ticked, then a search across A's snapshots.
    window.selectServer(a);
    window.snapshotView()->selectRow(0);
    if (SnapshotBrowser* browser = window.openBrowser()) {
        FileTreeModel* tree = browser->model();
        const auto shown = [&](const QString& path) { return tree->indexOf(path).isValid(); };
        waitFor([&] { return shown(QStringLiteral("/world")); });
        browser->treeView()->expand(tree->indexOf(QStringLiteral("/world")));
        waitFor([&] { return shown(QStringLiteral("/world/region")); });
        browser->treeView()->expand(tree->indexOf(QStringLiteral("/world/region")));
        waitFor([&] { return shown(QStringLiteral("/world/region/r.0.0.mca")); });
        tree->setChecked(QStringLiteral("/world/region"), true);
        tree->setChecked(QStringLiteral("/server.properties"), true);
        browser->treeView()->setCurrentIndex(tree->indexOf(QStringLiteral("/world/level.dat")));
        shoot(browser, QStringLiteral("16-browser-tree"));

        QSignalSpy searched(browser, &SnapshotBrowser::searchFinished);
        browser->searchField()->setText(QStringLiteral("r.0."));
        browser->search(browser->searchField()->text());
        waitFor([&] { return searched.size() > 0; });
        shoot(browser, QStringLiteral("17-browser-search"));
        browser->searchField()->clear();

        // What A's newest snapshot changed against the one before it.
        if (CompareDialog* compare = browser->compareWith()) {
            QSignalSpy compared(compare, &CompareDialog::compared);
            waitFor([&] { return compared.size() > 0; });
            shoot(compare, QStringLiteral("18-compare"));
            compare->filterField()->setText(QStringLiteral("region"));
            shoot(compare, QStringLiteral("18-compare-filtered"));
            compare->close();
        } else {
            fail(QStringLiteral("no compare view"));
        }

        // Download…: /world as a .tar.gz, once it is written.
        browser->treeView()->setCurrentIndex(tree->indexOf(QStringLiteral("/world")));
        if (DownloadDialog* download = browser->downloadTo(dir.filePath(QStringLiteral("world.tar.gz")))) {
            QSignalSpy finished(download, &DownloadDialog::finished);
            waitFor([&] { return finished.size() > 0; });
            if (!download->succeeded())
                fail(QStringLiteral("the download failed: %1").arg(download->error()));
            shoot(download, QStringLiteral("23-download-done"));
            download->close();
        } else {
            fail(QStringLiteral("no download window"));
        }

        // Restore selected…: the wizard's selective target page (same place, then a folder), and its summary.
        if (RestoreWizard* selective = browser->restoreSelected()) {
            waitFor(
                [&] {
                    return !selective->findChild<QLabel*>(QStringLiteral("replaceWarning"))
                                ->text()
                                .contains(QStringLiteral("Counting"));
                },
                5000);
            shoot(selective, QStringLiteral("19-wizard-selective-same-place"));
            selective->findChild<QRadioButton*>(QStringLiteral("intoFolderRadio"))->setChecked(true);
            selective->findChild<QLineEdit*>(QStringLiteral("destinationEdit"))->setText(QStringLiteral("/../up"));
            shoot(selective, QStringLiteral("19-wizard-selective-bad-folder"));
            selective->findChild<QLineEdit*>(QStringLiteral("destinationEdit"))
                ->setText(QStringLiteral("/restored-from-backup"));
            shoot(selective, QStringLiteral("19-wizard-selective-folder"));
            selective->next();
            shoot(selective, QStringLiteral("19-wizard-selective-summary"));
            selective->close();
        } else {
            fail(QStringLiteral("no selective restore wizard"));
        }
        browser->close();
    } else {
        fail(QStringLiteral("no snapshot browser"));
    }

    // Add Node: typed into, with the clear-text warning; then a bad address, and the file fallback.
    {
        AddNodeDialog dialog(&window);
        dialog.setExistingKeys({QStringLiteral("https://node-a.example.com:8095")});
        dialog.show();
        auto* url = dialog.findChild<QLineEdit*>(QStringLiteral("urlEdit"));
        auto* label = dialog.findChild<QLineEdit*>(QStringLiteral("labelEdit"));
        auto* token = dialog.findChild<QLineEdit*>(QStringLiteral("tokenEdit"));
        url->setText(QStringLiteral("https://node-b.example.com:8095"));
        label->setText(QStringLiteral("Frankfurt 2"));
        token->setText(QStringLiteral("kU3pW9xQ2rT7vY1zA5bC8dE0fG4hJ6mN"));
        shoot(&dialog, QStringLiteral("24-add-node"));
        url->setText(QStringLiteral("http://10.0.0.21:8095"));
        label->clear();
        shoot(&dialog, QStringLiteral("25-add-node-cleartext"));
        url->setText(QStringLiteral("node-b.example.com:8095/api"));
        token->clear();
        dialog.setTokenStorage(SecretStore::Backend::File, SecretStore::defaultFilePath());
        shoot(&dialog, QStringLiteral("26-add-node-invalid"));
    }
    // Trust on first use, and the refusal of a changed certificate.
    {
        const QSslCertificate first = nodeCertificate(dir.path(), QStringLiteral("node-b.example.com"));
        QTemporaryDir other;
        const QSslCertificate second = nodeCertificate(other.path(), QStringLiteral("node-b.example.com"));
        if (first.isNull() || second.isNull()) {
            fail(QStringLiteral("openssl made no certificate"));
        } else {
            const QUrl node(QStringLiteral("https://node-b.example.com:8095"));
            TrustCertificateDialog trust(node, first, {}, &window);
            trust.show();
            shoot(&trust, QStringLiteral("27-trust-certificate"));
            TrustCertificateDialog changed(node, second, TrustCertificateDialog::fingerprintOf(first), &window);
            changed.show();
            shoot(&changed, QStringLiteral("28-certificate-changed"));
        }
    }

    // The fleet: two headless nodes on loopback sharing one repository, one node that does not answer, and the
    // console over all of them with the servers' Panel names.
    {
        ApiHarness::FakePanel panel;
        panel.listen();
        const QString survival = QStringLiteral("5b1f0c2a-1d2e-4f3a-9b4c-5d6e7f8a9b0c");
        const QString creative = QStringLiteral("6c2a1d3b-2e3f-4a4b-8c5d-6e7f8a9b0c1d");
        const QString modded = QStringLiteral("7d3b2e4c-3f4a-4b5c-9d6e-7f8a9b0c1d2e");
        panel.answer(ApiHarness::panelServersPath(1), 200,
                     ApiHarness::panelServersPage({{survival, QStringLiteral("Survival EU")},
                                                   {creative, QStringLiteral("Creative Hub")},
                                                   {modded, QStringLiteral("Modded SMP")}},
                                                  1, 1));
        ApiHarness::Pouch::Options fo;
        fo.servers = {survival};
        fo.remote = panel.url();
        ApiHarness::Pouch fra(fo);
        TestSupport::writeFile(fra.serverDir(survival) + QStringLiteral("/server.properties"), "motd=Survival EU\n");
        TestSupport::writeFile(fra.serverDir(survival) + QStringLiteral("/world/level.dat"), QByteArray(240000, 'w'));
        QDir().mkpath(fra.root() + QStringLiteral("/state"));
        QString error;
        if (!fra.start(&error))
            fail(QStringLiteral("node fra-1: %1").arg(error));
        ApiHarness::Pouch::Options ao = ApiHarness::secondNode(fra, {creative, modded}, 0);
        ao.remote = panel.url();
        ApiHarness::Pouch ams(ao);
        TestSupport::writeFile(ams.serverDir(creative) + QStringLiteral("/plots.db"), QByteArray(120000, 'c'));
        TestSupport::writeFile(ams.serverDir(modded) + QStringLiteral("/mods/create.jar"), QByteArray(300000, 'm'));
        QDir().mkpath(ams.root() + QStringLiteral("/state"));
        if (!ams.start(&error))
            fail(QStringLiteral("node ams-2: %1").arg(error));

        QTemporaryDir localRoot;
        const Config local = GuiRepo::config(localRoot.path());
        MainWindow fleet;
        fleet.setConfig(local, MainWindow::Source::File);
        fleet.resize(1280, 760);
        fleet.show();
        RemoteNode nodeA({QUrl(fra.baseUrl()), fra.options().token, {}});
        RemoteNode nodeB({QUrl(ams.baseUrl()), ams.options().token, {}});
        RemoteNode down(
            {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(ApiHarness::freePort())), QStringLiteral("token"), {}});
        fleet.addNode(&nodeA, QStringLiteral("fra-1"));
        fleet.addNode(&nodeB, QStringLiteral("ams-2"));
        fleet.addNode(&down, QStringLiteral("lon-3"));
        for (RemoteNode* node : {&nodeA, &nodeB, &down})
            node->connectToNode();
        if (!waitFor(
                [&] { return nodeA.state() == Node::State::Connected && nodeB.state() == Node::State::Connected; }))
            fail(QStringLiteral("the fleet's nodes did not connect"));
        // Backups through the console's nodes, so the jobs panel shows them with their node.
        for (const auto& [node, server] : {std::pair{&nodeA, survival}, std::pair{&nodeB, creative},
                                           std::pair{&nodeA, survival}, std::pair{&nodeB, modded}}) {
            const QFuture<BackupService::Started> started = node->startBackup(server);
            waitFor([&] { return started.isFinished(); });
            Job* job = started.isFinished() && started.result().ok() ? started.result().job : nullptr;
            if (!job || !waitFor([&] { return job->isFinished(); }) || job->state() != Job::State::Succeeded)
                fail(QStringLiteral("a fleet backup of %1 failed").arg(server));
        }
        if (!waitFor([&] { return fleet.snapshotModel()->rowCount() == 4 && statsKnown(fleet); }))
            fail(QStringLiteral("the fleet table did not list 4 snapshots"));
        waitFor([&] { return down.state() == Node::State::Unreachable; });
        fleet.snapshotView()->selectRow(0);
        shoot(&fleet, QStringLiteral("31-fleet-table"));
        fleet.nodeView()->setCurrentIndex(fleet.nodeModel()->index(fleet.nodeModel()->rowOf(&down)));
        shoot(fleet.nodeView()->parentWidget(), QStringLiteral("32-nodes-list"));

        // Restore fra-1's Survival EU into ams-2's Creative Hub: the wizard offers every node on the repository.
        for (int row = 0; row < fleet.snapshotProxy()->rowCount(); ++row) {
            if (fleet.snapshotProxy()->index(row, 0).data(SnapshotTableModel::NodeKeyRole).toString() == nodeA.key())
                fleet.snapshotView()->selectRow(row);
        }
        RestoreWizard* cross = fleet.openRestoreWizard();
        if (cross) {
            cross->next();
            auto* target = cross->findChild<QComboBox*>(QStringLiteral("targetCombo"));
            for (int i = 0; target && i < target->count(); ++i) {
                if (target->itemData(i).toString() == creative)
                    target->setCurrentIndex(i);
            }
            settle();
            shoot(cross, QStringLiteral("33-wizard-cross-node"));
            cross->next();
            shoot(cross, QStringLiteral("34-wizard-cross-node-summary"));
            cross->close();
        }
        fleet.removeNode(&down);
        fleet.removeNode(&nodeB);
        fleet.removeNode(&nodeA);
        fra.terminate();
        ams.terminate();
    }

    // Settings, as saved settings with a keychain, and as the no-keychain case.
    DesktopValues values = DesktopSettings::defaults();
    values.repository = QStringLiteral("s3:https://s3.eu-central-1.amazonaws.com/acme-game-backups/pouch");
    values.awsAccessKeyId = QStringLiteral("AKIAIOSFODNN7EXAMPLE");
    values.awsRegion = QStringLiteral("eu-central-1");
    values.dataDirectory = QStringLiteral("/var/lib/pelican/volumes");
    DesktopSecrets secrets;
    secrets.password = QStringLiteral("correct horse battery staple");
    secrets.awsSecretAccessKey = QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    {
        SettingsDialog dialog(settings, values, secrets, &window);
        dialog.setKeychainAvailable(true);
        dialog.show();
        shoot(&dialog, QStringLiteral("20-settings"));
        dialog.setKeychainAvailable(
            false, QCoreApplication::translate(
                       "SecretStore", "No keychain (Secret Service or KWallet) is running on the session bus."));
        shoot(&dialog, QStringLiteral("21-settings-no-keychain"));
        dialog.setNotice(
            QCoreApplication::translate("MainWindow",
                                        "Pouch was started with --config %1. Saving stores these values as your saved "
                                        "settings and switches to them; the file itself is not changed.")
                .arg(QStringLiteral("/etc/pelican/config.yml")));
        shoot(&dialog, QStringLiteral("22-settings-from-config-file"));
    }
    // The repository health views (issue 12): two more backups of A that grow its world, a check run from the
    // Repository view, then a lock left behind by a restic that was killed.
    for (int extra : {140000, 220000}) {
        TestSupport::writeFile(aDir + QStringLiteral("/world/region/r.%1.mca").arg(extra), QByteArray(extra, 'n'));
        QByteArray fresh(extra / 2, Qt::Uninitialized);
        QRandomGenerator(extra).fillRange(reinterpret_cast<quint32*>(fresh.data()), fresh.size() / 4);
        TestSupport::writeFile(aDir + QStringLiteral("/world/playerdata/new%1.dat").arg(extra), fresh);
        const QString error = GuiRepo::backup(*service, a);
        if (!error.isEmpty())
            fail(QStringLiteral("backup of %1 failed: %2").arg(a, error));
    }
    window.refresh();
    waitFor([&] { return window.snapshotModel()->rowCount() == 7; });
    if (RepositoryDialog* repo = window.openRepository()) {
        QSignalSpy loaded(repo, &RepositoryDialog::loaded);
        QSignalSpy ended(repo, &RepositoryDialog::jobEnded);
        waitFor([&] { return !loaded.isEmpty(); }, 60000);
        repo->startCheck(QStringLiteral("10%"));
        waitFor([&] { return !ended.isEmpty(); }, 60000);
        waitFor([&] { return loaded.size() >= 2; }, 60000);
        // After the check, which clears stale locks itself: a lock left by a restic that was killed.
        {
            QProcess holder;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("RESTIC_REPOSITORY"), config.restic.repository);
            env.insert(QStringLiteral("RESTIC_PASSWORD"), config.restic.password);
            env.insert(QStringLiteral("RESTIC_CACHE_DIR"), config.restic.cacheDir);
            holder.setProcessEnvironment(env);
            holder.start(config.restic.binaryPath, {QStringLiteral("backup"), QStringLiteral("--stdin")});
            holder.waitForStarted(5000);
            waitFor([&] { return !QDir(config.restic.repository + QStringLiteral("/locks")).isEmpty(); }, 20000);
            holder.kill();
            holder.waitForFinished(5000);
        }
        repo->reload();
        waitFor([&] { return loaded.size() >= 3; }, 60000);
        shoot(repo, QStringLiteral("35-repository-view"));
        repo->close();
    } else {
        fail(QStringLiteral("no Repository view"));
    }
    if (GrowthChart* growth = window.openGrowth(a)) {
        QSignalSpy loaded(growth, &GrowthChart::loaded);
        waitFor([&] { return !loaded.isEmpty(); }, 60000);
        shoot(growth, QStringLiteral("36-growth-chart"));
        growth->close();
    } else {
        fail(QStringLiteral("no growth chart"));
    }

    QImage icon = Icons::applicationImage(256);
    icon.save(g_out + QStringLiteral("/30-app-icon.png"));
    return g_failures == 0 ? 0 : 1;
}
