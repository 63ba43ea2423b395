// The console as a client of headless nodes: two real `pouch --headless` on loopback sharing one repository, driven
// through MainWindow's widgets over their API and SSE (RemoteNode), beside the window's own local node.
#include "ApiHarness.h"
#include "FileTreeModel.h"
#include "GuiRepo.h"
#include "JobListModel.h"
#include "JobsPanel.h"
#include "NodeListModel.h"
#include "RemoteNode.h"
#include "ServerListModel.h"
#include "SnapshotBrowser.h"
#include "SnapshotFilterProxy.h"
#include "SnapshotTableModel.h"

#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QRandomGenerator>
#include <QTableView>
#include <QtTest>

using namespace ApiHarness;
using TestSupport::uuidFor;

namespace {

RemoteNode::Settings settingsFor(const Pouch& pouch, const QString& token = {})
{
    return {QUrl(pouch.baseUrl()), token.isEmpty() ? pouch.options().token : token, {}};
}

bool waitConnected(const Node& node, int timeoutMs = 30000)
{
    return QTest::qWaitFor([&] { return node.state() == Node::State::Connected && !node.servers().isEmpty(); },
                           timeoutMs);
}

// The row of the job list that shows `job`, or -1.
int jobRow(const JobListModel* model, const Job* job)
{
    return job ? model->rowOf(job) : -1;
}

// The newest job of `node` on `server` of `kind`, or nullptr.
Job* newestJob(const Node& node, const QString& server, Job::Kind kind)
{
    const QList<Job*> jobs = node.jobs();
    for (auto it = jobs.crbegin(); it != jobs.crend(); ++it) {
        if ((*it)->serverUuid() == server && (*it)->kind() == kind)
            return *it;
    }
    return nullptr;
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

QStringList labelTexts(const QWidget& widget)
{
    QStringList out;
    for (const QLabel* label : widget.findChildren<QLabel*>()) {
        if (label->isVisible())
            out << label->text();
    }
    return out;
}

} // namespace

class TestFleet : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void listsEveryNodesServersByName();
    void backsUpOnOneNodeAndRestoresIntoAnother();
    void cancelsAJobOnTheOtherNode();
    void wrongTokenAndUnreachableShowInTheNodesList();

private:
    int rowOfSnapshot(const QString& nodeKey, const QString& server) const;

    FakePanel m_panel;
    std::unique_ptr<Pouch> m_a;
    std::unique_ptr<Pouch> m_b;
    QTemporaryDir m_localRoot;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<RemoteNode> m_nodeA;
    std::unique_ptr<RemoteNode> m_nodeB;
    const QString m_x = uuidFor(0x21); // on A
    const QString m_y = uuidFor(0x22); // on B: the restore target
    const QString m_z = uuidFor(0x23); // on B: a slow backup to cancel
};

void TestFleet::initTestCase()
{
    QVERIFY(m_panel.listen());
    m_panel.answer(panelServersPath(1), 200,
                   panelServersPage({{m_x, QStringLiteral("Alpha Survival")},
                                     {m_y, QStringLiteral("Beta Creative")},
                                     {m_z, QStringLiteral("Zeta Modded")}},
                                    1, 1));
    Pouch::Options a;
    a.servers = {m_x};
    a.remote = m_panel.url();
    m_a = std::make_unique<Pouch>(a);
    QVERIFY(TestSupport::writeFile(m_a->serverDir(m_x) + QStringLiteral("/server.properties"), "motd=alpha\n"));
    QVERIFY(TestSupport::writeFile(m_a->serverDir(m_x) + QStringLiteral("/world/level.dat"), QByteArray(4096, 'x')));
    QVERIFY(QDir().mkpath(m_a->root() + QStringLiteral("/state"))); // root_directory: where the names are kept
    QString error;
    QVERIFY2(m_a->start(&error), qPrintable(error));

    Pouch::Options b = secondNode(*m_a, {m_y, m_z}, 0);
    b.remote = m_panel.url();
    b.writeLimitMiB = 1; // the backup of Z lasts long enough to cancel
    m_b = std::make_unique<Pouch>(b);
    QVERIFY(TestSupport::writeFile(m_b->serverDir(m_y) + QStringLiteral("/old.txt"), "beta\n"));
    QByteArray big(12 * 1024 * 1024, Qt::Uninitialized);
    QRandomGenerator(7).fillRange(reinterpret_cast<quint32*>(big.data()), big.size() / 4);
    QVERIFY(TestSupport::writeFile(m_b->serverDir(m_z) + QStringLiteral("/big.bin"), big));
    QVERIFY(QDir().mkpath(m_b->root() + QStringLiteral("/state")));
    QVERIFY2(m_b->start(&error), qPrintable(error));

    // The window's own node is on another repository: it may not restore the nodes' snapshots.
    QVERIFY(m_localRoot.isValid());
    const Config local = GuiRepo::config(m_localRoot.path());
    GuiRepo::addServer(local, uuidFor(0x31), {{QStringLiteral("a.txt"), "local\n"}});
    m_window = std::make_unique<MainWindow>();
    QVERIFY(GuiRepo::showLoaded(*m_window, local));

    m_nodeA = std::make_unique<RemoteNode>(settingsFor(*m_a));
    m_nodeB = std::make_unique<RemoteNode>(settingsFor(*m_b));
    m_window->addNode(m_nodeA.get(), QStringLiteral("node-a"));
    m_window->addNode(m_nodeB.get(), QStringLiteral("node-b"));
    m_nodeA->connectToNode();
    m_nodeB->connectToNode();
    QVERIFY(waitConnected(*m_nodeA));
    QVERIFY(waitConnected(*m_nodeB));
    QCOMPARE(m_nodeA->info().repository, m_nodeB->info().repository);
}

void TestFleet::cleanupTestCase()
{
    m_window.reset();
    m_nodeA.reset();
    m_nodeB.reset();
    for (Pouch* p : {m_a.get(), m_b.get()}) {
        if (p && p->isRunning())
            QCOMPARE(p->terminate(), 0);
    }
}

int TestFleet::rowOfSnapshot(const QString& nodeKey, const QString& server) const
{
    const SnapshotFilterProxy* proxy = m_window->snapshotProxy();
    for (int row = 0; row < proxy->rowCount(); ++row) {
        const QModelIndex index = proxy->index(row, 0);
        if (index.data(SnapshotTableModel::NodeKeyRole).toString() == nodeKey &&
            index.data(SnapshotTableModel::ServerUuidRole).toString() == server)
            return row;
    }
    return -1;
}

void TestFleet::listsEveryNodesServersByName()
{
    // Three nodes in the sidebar, each connected, under the labels given.
    const NodeListModel* nodes = m_window->nodeModel();
    QCOMPARE(nodes->rowCount(), 3);
    QCOMPARE(nodes->index(nodes->rowOf(m_nodeA.get())).data().toString(), QStringLiteral("node-a"));
    QTRY_COMPARE(nodes->index(nodes->rowOf(m_nodeB.get())).data(NodeListModel::StateRole).toInt(),
                 int(Node::State::Connected));

    // The servers of both nodes by their Panel names, the uuid in the tooltip.
    const ServerListModel* servers = m_window->serverModel();
    QTRY_VERIFY_WITH_TIMEOUT(servers->rowOf(m_x) > 0 && servers->rowOf(m_y) > 0 && servers->rowOf(m_z) > 0, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(servers->index(servers->rowOf(m_x)).data().toString(), QStringLiteral("Alpha Survival"),
                              20000);
    QTRY_COMPARE(servers->index(servers->rowOf(m_y)).data().toString(), QStringLiteral("Beta Creative"));
    QVERIFY(servers->index(servers->rowOf(m_y)).data(Qt::ToolTipRole).toString().contains(m_y));

    // A filter per node; the Node column shows with more than one node.
    auto* combo = m_window->findChild<QComboBox*>(QStringLiteral("nodeFilterCombo"));
    QVERIFY(combo && combo->isVisible());
    QCOMPARE(combo->count(), 4); // All nodes, this computer, node-a, node-b
    QVERIFY(!m_window->snapshotView()->isColumnHidden(SnapshotTableModel::NodeColumn));
    combo->setCurrentIndex(combo->findData(m_nodeB->key()));
    QTRY_VERIFY(servers->rowOf(m_x) < 0); // A's server is not on B
    QVERIFY(servers->rowOf(m_z) > 0);
    combo->setCurrentIndex(0);
    QTRY_VERIFY(servers->rowOf(m_x) > 0);
}

void TestFleet::backsUpOnOneNodeAndRestoresIntoAnother()
{
    // Back Up Now on X goes to node A, which hosts it; progress and the end come over SSE.
    m_window->selectServer(m_x);
    m_window->backUpNow();
    Job* backup = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((backup = newestJob(*m_nodeA, m_x, Job::Kind::Backup)) != nullptr, 20000);
    QVERIFY(jobRow(m_window->jobsPanel()->model(), backup) >= 0);
    QTRY_VERIFY_WITH_TIMEOUT(backup->isFinished(), 60000);
    QVERIFY2(backup->state() == Job::State::Succeeded, qPrintable(backup->outcome().error));
    QTRY_VERIFY_WITH_TIMEOUT(rowOfSnapshot(m_nodeA->key(), m_x) >= 0, 20000);

    // Inside it, over A's API: the tree, and a search that finds a file.
    m_window->selectServer(QString());
    m_window->snapshotView()->selectRow(rowOfSnapshot(m_nodeA->key(), m_x));
    {
        QPointer<SnapshotBrowser> browser = m_window->openBrowser();
        QVERIFY(browser);
        QCOMPARE(browser->node(), m_nodeA.get());
        FileTreeModel* tree = browser->model();
        const auto hasRow = [tree](const QString& path) {
            for (int row = 0; row < tree->rowCount(); ++row) {
                if (tree->index(row, 0).data(FileTreeModel::PathRole).toString() == path)
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(hasRow(QStringLiteral("/world")) && hasRow(QStringLiteral("/server.properties")),
                                 20000);
        QSignalSpy searched(browser.data(), &SnapshotBrowser::searchFinished);
        browser->search(QStringLiteral("level"));
        QTRY_VERIFY_WITH_TIMEOUT(!searched.isEmpty(), 20000);
        QCOMPARE(searched.first().first().toInt(), 1);
        browser->close();
    }

    // Restore it into Y on node B: the wizard offers B's servers, since B shares A's repository.
    QPointer<RestoreWizard> wizard = m_window->openRestoreWizard();
    QVERIFY(wizard);
    QCOMPARE(wizard->node(), m_nodeA.get());
    QVERIFY(QTest::qWaitForWindowExposed(wizard));
    GuiRepo::clickNext(*wizard, RestoreWizard::TargetPageId);
    auto* target = wizard->findChild<QComboBox*>(QStringLiteral("targetCombo"));
    int into = -1;
    for (int i = 0; i < target->count(); ++i) {
        if (target->itemData(i).toString() == m_y)
            into = i;
    }
    QVERIFY2(into >= 0, "node B's server is offered");
    QVERIFY(target->itemText(into).contains(QStringLiteral("Beta Creative")));
    QVERIFY(target->itemText(into).contains(QStringLiteral("node-b")));
    QVERIFY(target->findText(QStringLiteral("local"), Qt::MatchContains) < 0);
    target->setCurrentIndex(into);
    QCOMPARE(wizard->targetNode(), m_nodeB.get());
    auto* cross = wizard->findChild<QLabel*>(QStringLiteral("crossServerLabel"));
    QVERIFY(cross->isVisible());
    QVERIFY2(cross->text().contains(QStringLiteral("Cross-node restore")), qPrintable(cross->text()));
    // The window's own node uses another repository: named as not offered, not left out silently.
    const QStringList texts = labelTexts(*wizard->currentPage());
    QVERIFY2(std::any_of(texts.cbegin(), texts.cend(),
                         [](const QString& t) { return t.contains(QStringLiteral("Not offered: This computer")); }),
             qPrintable(texts.join(QLatin1Char('|'))));
    GuiRepo::clickNext(*wizard, RestoreWizard::SummaryPageId);
    // Restore asks node B over HTTP: the wizard moves on when B has accepted, with the job's mirror.
    QAbstractButton* commit = wizard->button(QWizard::CommitButton);
    QVERIFY(commit->isVisible() && commit->isEnabled());
    QTest::mouseClick(commit, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(wizard->currentId(), int(RestoreWizard::ProgressPageId), 20000);
    QVERIFY(wizard->job());
    QTRY_VERIFY_WITH_TIMEOUT(wizard->job()->isFinished(), 60000);
    QVERIFY2(wizard->job()->state() == Job::State::Succeeded, qPrintable(wizard->job()->outcome().error));
    QCOMPARE(readFile(m_b->serverDir(m_y) + QStringLiteral("/server.properties")),
             QByteArray("motd=alpha\n"));
    QCOMPARE(readFile(m_b->serverDir(m_y) + QStringLiteral("/world/level.dat")), QByteArray(4096, 'x'));
    QVERIFY(QFile::exists(m_b->serverDir(m_y) + QStringLiteral("/old.txt"))); // not truncated: kept
    wizard->close();
}

void TestFleet::cancelsAJobOnTheOtherNode()
{
    m_window->selectServer(m_z);
    m_window->backUpNow();
    Job* job = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((job = newestJob(*m_nodeB, m_z, Job::Kind::Backup)) != nullptr, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(job->state() == Job::State::Running, 20000);
    // Cancel Job in the jobs panel, as a person would: selected, then the action.
    JobsPanel* panel = m_window->jobsPanel();
    const int row = jobRow(panel->model(), job);
    QVERIFY(row >= 0);
    panel->view()->setCurrentIndex(panel->model()->index(row, 0));
    auto* cancel = panel->findChild<QAction*>(QStringLiteral("cancelJobAction"));
    QVERIFY(cancel && cancel->isEnabled());
    cancel->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 30000);
    QCOMPARE(job->state(), Job::State::Cancelled);
    // The node says so too.
    const QJsonArray jobs = m_b->get(QStringLiteral("/api/jobs")).json().value(QLatin1String("jobs")).toArray();
    bool cancelled = false;
    for (const QJsonValue& v : jobs) {
        const QJsonObject o = v.toObject();
        if (o.value(QLatin1String("server_uuid")).toString() == m_z && o.value(QLatin1String("kind")) == "backup")
            cancelled = o.value(QLatin1String("state")).toString() == QLatin1String("cancelled");
    }
    QVERIFY(cancelled);
}

void TestFleet::wrongTokenAndUnreachableShowInTheNodesList()
{
    // Node A again under another name for its host (a key of its own), with a token it does not know.
    RemoteNode::Settings bad = settingsFor(*m_a, QStringLiteral("not-the-token-0123456789"));
    bad.url.setHost(QStringLiteral("localhost"));
    RemoteNode wrong(bad);
    RemoteNode::Settings closed{QUrl(QStringLiteral("http://127.0.0.1:%1").arg(freePort())), QStringLiteral("t"), {}};
    auto unreachableNode = std::make_unique<RemoteNode>(closed);
    RemoteNode& unreachable = *unreachableNode;
    m_window->addNode(&wrong, QStringLiteral("wrong"));
    m_window->addNode(&unreachable, QStringLiteral("down"));
    wrong.connectToNode();
    unreachable.connectToNode();
    const NodeListModel* nodes = m_window->nodeModel();
    QTRY_COMPARE_WITH_TIMEOUT(nodes->index(nodes->rowOf(&wrong)).data(NodeListModel::StateTextRole).toString(),
                              Node::stateText(Node::State::WrongToken), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(nodes->index(nodes->rowOf(&unreachable)).data(NodeListModel::StateTextRole).toString(),
                              Node::stateText(Node::State::Unreachable), 20000);
    // Neither lists anything nor runs jobs; the other nodes go on.
    QCOMPARE(rowOfSnapshot(wrong.key(), m_x), -1);
    QVERIFY(m_nodeA->state() == Node::State::Connected);
    m_window->removeNode(&wrong);
    // A node its owner deletes (the registry removing it, the window closing) leaves the window by itself.
    unreachableNode.reset();
    QCOMPARE(nodes->rowCount(), 3);
    QCOMPARE(m_window->nodes().size(), 3);
}

QTEST_MAIN(TestFleet)
#include "tst_fleet.moc"
