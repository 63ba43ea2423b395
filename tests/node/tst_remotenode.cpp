// RemoteNode against real headless nodes: two `pouch --headless` on loopback sharing one local repository (node A
// has server X, node B servers Y and Z), driven through RemoteNode in this test's event loop. Also a wrong token, an
// unreachable node that comes up, TLS trust on first use with a raw TLS server that records what reaches it, and
// the event stream cut by a proxy and resumed with Last-Event-ID.

#include "ApiHarness.h"
#include "EventSource.h"
#include "RemoteJobs.h"
#include "RemoteNode.h"
#include "TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace ApiHarness;
using TestSupport::uuidFor;

namespace {

// What the browser would hand a download: the entry at `path` ("" or "/" for the whole snapshot).
FileEntry at(const QString& path)
{
    FileEntry e;
    e.path = path.isEmpty() ? QStringLiteral("/") : path;
    e.type = FileEntry::Type::Dir;
    return e;
}

// Waits for a future that the event loop resolves.
template <typename T> T await(QFuture<T> future, int timeoutMs = 30000)
{
    QElapsedTimer timer;
    timer.start();
    while (!future.isFinished() && timer.elapsed() < timeoutMs)
        QTest::qWait(10);
    if (!future.isFinished()) {
        qWarning("future not finished in time");
        return T();
    }
    return future.result();
}

bool waitForState(const Node& node, Node::State state, int timeoutMs = 20000)
{
    QElapsedTimer timer;
    timer.start();
    while (node.state() != state && timer.elapsed() < timeoutMs)
        QTest::qWait(20);
    return node.state() == state;
}

bool waitFinished(const Job* job, int timeoutMs = 60000)
{
    QElapsedTimer timer;
    timer.start();
    while (!job->isFinished() && timer.elapsed() < timeoutMs)
        QTest::qWait(20);
    return job->isFinished();
}

QString describe(const Node& node)
{
    return QStringLiteral("%1: %2").arg(Node::stateText(node.state()), node.stateMessage());
}

RemoteNode::Settings settingsFor(const Pouch& pouch, const QString& token = {})
{
    RemoteNode::Settings s;
    s.url = QUrl(pouch.baseUrl() + QLatin1Char('/')); // the trailing slash is normalised away
    s.token = token.isEmpty() ? pouch.options().token : token;
    return s;
}

// A TCP proxy in front of a node: a test cuts it (every connection reset, the port closed) and opens it again,
// as a network that drops. Records what the client sent.
class TcpProxy
{
public:
    explicit TcpProxy(quint16 target) : m_target(target)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, [this] { onConnection(); });
    }
    ~TcpProxy() { cut(); }
    bool listen()
    {
        if (!m_server.listen(QHostAddress::LocalHost, m_port))
            return false;
        m_port = m_server.serverPort();
        return true;
    }
    quint16 port() const { return m_port; }
    void cut()
    {
        m_server.close();
        for (QTcpSocket* s : std::as_const(m_sockets))
            s->abort();
        qDeleteAll(m_sockets);
        m_sockets.clear();
    }
    QByteArray sent() const { return m_sent; }
    // From now on at most `bytes` more reach the client; the rest waits (a stalled transfer).
    void holdAfter(qint64 bytes) { m_budget = bytes; }

private:
    void onConnection()
    {
        while (QTcpSocket* in = m_server.nextPendingConnection()) {
            auto* out = new QTcpSocket;
            out->connectToHost(QHostAddress::LocalHost, m_target); // writes wait in its buffer until connected
            m_sockets << in << out;
            in->setParent(nullptr);
            QObject::connect(in, &QTcpSocket::readyRead, [this, in, out] {
                const QByteArray data = in->readAll();
                m_sent += data;
                out->write(data);
            });
            QObject::connect(out, &QTcpSocket::readyRead, [this, in, out] {
                const qint64 n = m_budget < 0 ? out->bytesAvailable() : std::min(m_budget, out->bytesAvailable());
                in->write(out->read(n));
                if (m_budget >= 0)
                    m_budget -= n;
            });
            QObject::connect(in, &QTcpSocket::disconnected, out, &QTcpSocket::disconnectFromHost);
            QObject::connect(out, &QTcpSocket::disconnected, in, [in, out] {
                if (!out->bytesAvailable()) // what is held back stays held: the client is left waiting
                    in->disconnectFromHost();
            });
        }
    }

    quint16 m_target;
    quint16 m_port = 0;
    QTcpServer m_server;
    QList<QTcpSocket*> m_sockets;
    QByteArray m_sent;
    qint64 m_budget = -1;
};

} // namespace

class TestRemoteNode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void sseFraming_data();
    void sseFraming();
    void jobMirrorsFromLists();
    void connectsWithInfoAndNames();
    void backupBrowseSearchDownload();
    void diffAndCheckPaths();
    void repositoryHealth();
    void restoreAcrossNodes();
    void cancelAThrottledBackup();
    void deleteABackup();
    void badQuestionsGetTheApiAnswer();
    void downloadCutOrCancelledLeavesNothing();
    void eventsResumeAfterACut();
    void wrongToken();
    void unreachableThenUp();
    void certificateTrustedOnFirstUseThenChanged();
    void tokenNeverSentOverAnUntrustedConnection();

private:
    static NodeServer serverOf(const Node& node, const QString& uuid)
    {
        for (const NodeServer& s : node.servers()) {
            if (s.uuid == uuid)
                return s;
        }
        return {};
    }
    Snapshot snapshotOf(RemoteNode& node, const QString& server, const QString& backup)
    {
        const BackupService::SnapshotList list = await(node.listSnapshots(server));
        for (const Snapshot& s : list.snapshots) {
            if (s.backupUuid == backup)
                return s;
        }
        return {};
    }
    // A backup through `node`; its mirror once it ended.
    Job* backUp(RemoteNode& node, const QString& server)
    {
        const BackupService::Started started = await(node.startBackup(server));
        if (!started.ok() || !started.job) {
            qWarning().noquote() << "backup refused:" << started.message;
            return nullptr;
        }
        return waitFinished(started.job) ? started.job : nullptr;
    }

    const QString m_x = uuidFor(1); // on A
    const QString m_y = uuidFor(2); // on B: the restore target
    const QString m_z = uuidFor(3); // on B: the big backup that is cancelled
    const QString m_w = uuidFor(4); // on A: a download cut short
    FakePanel m_panel;
    std::unique_ptr<Pouch> m_a, m_b;
    std::unique_ptr<RemoteNode> m_ra, m_rb;
    QMap<QString, QByteArray> m_xTree; // X as its first backup saw it
    QString m_first, m_second;         // X's backups
};

void TestRemoteNode::initTestCase()
{
    QVERIFY(m_panel.listen());
    m_panel.answer(panelServersPath(1), 200,
                   panelServersPage({{m_x, QStringLiteral("Xenon Survival")},
                                     {m_y, QStringLiteral("Yarrow Creative")},
                                     {m_z, QStringLiteral("Zinc")},
                                     {m_w, QStringLiteral("Wolfram")}},
                                    1, 1));
    Pouch::Options a;
    a.remote = m_panel.url();
    a.servers = {m_x, m_w};
    m_a = std::make_unique<Pouch>(a);
    Pouch::Options b = secondNode(*m_a, {m_y, m_z}, 0);
    b.remote = m_panel.url();
    b.writeLimitMiB = 1; // the backup of Z lasts long enough to cancel
    m_b = std::make_unique<Pouch>(b);
    for (Pouch* p : {m_a.get(), m_b.get()}) // the catalogue (and the names) live under system.root_directory
        QVERIFY(QDir().mkpath(p->root() + QStringLiteral("/state")));
    QVERIFY(TestSupport::writeFile(m_a->serverDir(m_x) + QStringLiteral("/server.properties"), "motd=hello\n"));
    QByteArray level(3000, Qt::Uninitialized);
    for (int i = 0; i < level.size(); ++i)
        level[i] = char(i * 7);
    QVERIFY(TestSupport::writeFile(m_a->serverDir(m_x) + QStringLiteral("/world/level.dat"), level));
    QVERIFY(TestSupport::writeFile(m_a->serverDir(m_x) + QStringLiteral("/world/region/r.0.0.mca"), "region"));
    // A name that needs every kind of escaping in a query.
    QVERIFY(TestSupport::writeFile(m_a->serverDir(m_x) + QStringLiteral("/world/odd dir/a&b=c+d%e#\u00fc.txt"), "odd"));
    QVERIFY(TestSupport::writeFile(m_b->serverDir(m_y) + QStringLiteral("/old.txt"), "Y before the restore\n"));
    QString error;
    QVERIFY2(m_a->start(&error), qPrintable(error));
    QVERIFY2(m_b->start(&error), qPrintable(error));
    // The names come from the Panel in the background; the console's first listing should have them.
    for (Pouch* p : {m_a.get(), m_b.get()}) {
        QTRY_VERIFY_WITH_TIMEOUT(
            !p->get(QStringLiteral("/api/servers")).json().value(QLatin1String("servers")).toArray().isEmpty() &&
                p->get(QStringLiteral("/api/servers"))
                    .json()
                    .value(QLatin1String("servers"))
                    .toArray()
                    .first()
                    .toObject()
                    .value(QLatin1String("name"))
                    .isString(),
            15000);
    }
    m_ra = std::make_unique<RemoteNode>(settingsFor(*m_a));
    m_rb = std::make_unique<RemoteNode>(settingsFor(*m_b));
}

void TestRemoteNode::cleanupTestCase()
{
    m_ra.reset();
    m_rb.reset();
    for (Pouch* p : {m_a.get(), m_b.get()}) {
        if (p && p->isRunning())
            QCOMPARE(p->terminate(), 0);
    }
}

void TestRemoteNode::sseFraming_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QStringList>("expected"); // "id|name|data" per event
    QTest::newRow("pouch's frames") << QByteArray(": subscribed\n\nid: 7\nevent: backup started\ndata: {\"a\":1}\n\n"
                                                  ": keepalive\n\nid: 8\nevent: backup deleted\ndata: {}\n\n")
                                    << QStringList{QStringLiteral("7|backup started|{\"a\":1}"),
                                                   QStringLiteral("8|backup deleted|{}")};
    QTest::newRow("CRLF, several data lines, no space")
        << QByteArray("id:9\r\nevent:x\r\ndata: one\r\ndata:two\r\n\r\n")
        << QStringList{QStringLiteral("9|x|one\ntwo")};
    QTest::newRow("comment only, unknown field") << QByteArray(": keepalive\n\nretry: 10\n\n") << QStringList();
}

void TestRemoteNode::sseFraming()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, expected);
    // Fed whole and a byte at a time: the same events.
    for (int chunk : {int(stream.size()), 1}) {
        SseParser parser;
        QStringList got;
        for (qsizetype i = 0; i < stream.size(); i += chunk) {
            for (const SseParser::Event& e : parser.feed(stream.mid(i, chunk)))
                got << QString::fromUtf8(e.id) + QLatin1Char('|') + e.name + QLatin1Char('|') +
                           QString::fromUtf8(e.data);
        }
        QCOMPARE(got, expected);
    }
}

void TestRemoteNode::jobMirrorsFromLists()
{
    // No node: RemoteJobs fed job lists and events as RemoteNode feeds them.
    QObject owner;
    RemoteJobs jobs(&owner);
    QSignalSpy added(&jobs, &RemoteJobs::jobAdded);
    QSignalSpy finished(&jobs, &RemoteJobs::jobFinished);
    QSignalSpy cancels(&jobs, &RemoteJobs::cancelRequested);
    auto listed = [](const QString& id, Job::Kind kind, const QString& backup, Job::State state) {
        NodeJson::RemoteJob j;
        j.id = id;
        j.kind = kind;
        j.serverUuid = uuidFor(1);
        j.backupUuid = backup;
        j.state = state;
        j.error = state == Job::State::Failed ? QStringLiteral("restic failed") : QString();
        return j;
    };
    // The first list is history: added, none reported as just finished.
    jobs.applyListing({listed(QStringLiteral("1"), Job::Kind::Backup, uuidFor(11), Job::State::Succeeded),
                       listed(QStringLiteral("2"), Job::Kind::Backup, uuidFor(12), Job::State::Running)});
    QCOMPARE(added.size(), 2);
    QCOMPARE(finished.size(), 0);
    QCOMPARE(jobs.jobs().first()->id(), QStringLiteral("1"));
    QCOMPARE(jobs.runningCount(), 1);
    Job* running = jobs.jobs().last();

    // A start of ours the list does not show yet: a provisional mirror; cancelled before it has an id, the cancel
    // waits for the id.
    Job* ours = jobs.claim(Job::Kind::Restore, uuidFor(1), uuidFor(13), uuidFor(2));
    QCOMPARE(added.size(), 3);
    QVERIFY(ours->id().isEmpty());
    QCOMPARE(ours->sourceServerUuid(), uuidFor(2));
    ours->cancel();
    QCOMPARE(cancels.size(), 0);
    // An event for it moves it on; a failed restore's end waits for the list, which says how it ended.
    QVERIFY(jobs.applyEvent(QStringLiteral("backup restore started"),
                            {{QStringLiteral("server_id"), uuidFor(1)}, {QStringLiteral("backup_uuid"), uuidFor(13)}}));
    QCOMPARE(ours->state(), Job::State::Running);
    QVERIFY(!jobs.applyEvent(QStringLiteral("backup progress"), {{QStringLiteral("server_id"), uuidFor(1)},
                                                                 {QStringLiteral("backup_uuid"), uuidFor(12)},
                                                                 {QStringLiteral("bytes_done"), 500},
                                                                 {QStringLiteral("percent_done"), 0.5}}));
    QCOMPARE(running->progress().bytesDone, 500);
    QCOMPARE(running->progress().percentDone, 0.5);

    // The next list: ours gets its id (and its cancel goes out), job 2 is gone (the node restarted), a delete
    // that already ended is added and reported finished, since it ended while we watched.
    jobs.applyListing({listed(QStringLiteral("1"), Job::Kind::Backup, uuidFor(11), Job::State::Succeeded),
                       listed(QStringLiteral("7"), Job::Kind::Restore, uuidFor(13), Job::State::Running),
                       listed(QStringLiteral("8"), Job::Kind::Delete, uuidFor(11), Job::State::Succeeded)});
    QCOMPARE(jobs.remoteId(ours), QStringLiteral("7"));
    QCOMPARE(cancels.size(), 1);
    QCOMPARE(cancels.first().at(1).toString(), QStringLiteral("7"));
    QCOMPARE(running->state(), Job::State::Failed);
    QVERIFY(running->outcome().error.contains(QLatin1String("restarted")));
    QCOMPARE(added.size(), 4);
    QCOMPARE(finished.size(), 2); // job 2 failed, the delete
    jobs.applyListing({listed(QStringLiteral("7"), Job::Kind::Restore, uuidFor(13), Job::State::Failed)});
    QCOMPARE(ours->state(), Job::State::Failed);
    QCOMPARE(ours->outcome().error, QStringLiteral("restic failed"));
    QCOMPARE(finished.size(), 3);
    // A list that answers late never moves a mirror back.
    jobs.applyListing({listed(QStringLiteral("7"), Job::Kind::Restore, uuidFor(13), Job::State::Queued)});
    QCOMPARE(ours->state(), Job::State::Failed);

    // Bounded: the unfinished ones and the last 100 finished.
    QList<NodeJson::RemoteJob> many;
    for (int i = 0; i < 150; ++i)
        many << listed(QString::number(100 + i), Job::Kind::Backup, uuidFor(1000 + i), Job::State::Succeeded);
    many << listed(QStringLiteral("999"), Job::Kind::Backup, uuidFor(2000), Job::State::Running);
    jobs.applyListing(many);
    QCOMPARE(jobs.jobs().size(), 101);
    QCOMPARE(jobs.jobs().first()->id(), QStringLiteral("150"));
    QCOMPARE(jobs.jobs().last()->id(), QStringLiteral("999"));
}

void TestRemoteNode::connectsWithInfoAndNames()
{
    QSignalSpy states(m_ra.get(), &Node::stateChanged);
    QCOMPARE(m_ra->state(), Node::State::Connecting); // before the first connect, too
    m_ra->connectToNode();
    m_rb->connectToNode();
    QCOMPARE(m_ra->state(), Node::State::Connecting);
    QVERIFY2(waitForState(*m_ra, Node::State::Connected), qPrintable(describe(*m_ra)));
    QVERIFY2(waitForState(*m_rb, Node::State::Connected), qPrintable(describe(*m_rb)));
    QCOMPARE(states.size(), 1); // Connecting → Connected
    QVERIFY(m_ra->stateMessage().isEmpty());

    QCOMPARE(m_ra->key(), m_a->baseUrl());
    QCOMPARE(m_ra->label(), QStringLiteral("127.0.0.1:%1").arg(m_a->options().port));
    QVERIFY(!m_ra->isLocal());
    QCOMPARE(m_ra->info().version, QStringLiteral(POUCH_VERSION));
    QCOMPARE(m_ra->info().uuid, uuidFor(999));
    QVERIFY(QRegularExpression(QStringLiteral("^\\d+\\.\\d+\\.\\d+$")).match(m_ra->info().resticVersion).hasMatch());
    QCOMPARE(m_ra->info().repository, m_a->repository());
    QCOMPARE(m_rb->info().repository, m_ra->info().repository); // they share one
    QCOMPARE(m_ra->info().servers, 2);
    QCOMPARE(m_rb->info().servers, 2);

    QTRY_COMPARE_WITH_TIMEOUT(m_ra->servers().size(), 2, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_rb->servers().size(), 2, 5000);
    QCOMPARE(m_ra->serverName(m_x), QStringLiteral("Xenon Survival"));
    QCOMPARE(m_rb->serverName(m_y), QStringLiteral("Yarrow Creative"));
    QCOMPARE(m_rb->serverName(m_z), QStringLiteral("Zinc"));
    QVERIFY(m_ra->hasServer(m_x) && !m_ra->hasServer(m_y) && m_rb->hasServer(m_y));
    const NodeServer x = serverOf(*m_ra, m_x);
    QCOMPARE(x.uuid, m_x);
    QCOMPARE(x.snapshotCount, 0);
    QVERIFY(!x.lastBackupTime.isValid());
    QVERIFY(!x.lastBackupSuccessful.has_value());
    QVERIFY(!x.busy);
}

void TestRemoteNode::backupBrowseSearchDownload()
{
    QSignalSpy added(m_ra.get(), &Node::jobAdded);
    QSignalSpy finished(m_ra.get(), &Node::jobFinished);
    QSignalSpy snapshotsChanged(m_ra.get(), &Node::snapshotsChanged);
    QSignalSpy serversChanged(m_ra.get(), &Node::serversChanged);
    m_xTree = TestSupport::snapshotTree(m_a->serverDir(m_x));

    const BackupService::Started started = await(m_ra->startBackup(m_x));
    QVERIFY2(started.ok(), qPrintable(started.message));
    Job* job = started.job;
    QVERIFY(job);
    QList<Job::State> seen{job->state()};
    connect(job, &Job::stateChanged, this, [&seen](Job* j) { seen << j->state(); });
    QCOMPARE(job->kind(), Job::Kind::Backup);
    QCOMPARE(job->serverUuid(), m_x);
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"))
                .match(job->backupUuid())
                .hasMatch());
    QVERIFY(!job->id().isEmpty()); // the node's id, from its job list
    QVERIFY(m_ra->jobs().contains(job));
    QVERIFY(waitFinished(job));
    QCOMPARE(job->state(), Job::State::Succeeded);
    QVERIFY(job->startedAt().isValid() && job->finishedAt().isValid());
    QVERIFY(!seen.isEmpty() && seen.last() == Job::State::Succeeded);
    QCOMPARE(added.size(), 1);
    QCOMPARE(added.first().first().value<Job*>(), job);
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY(snapshotsChanged.size() >= 1);
    m_first = job->backupUuid();

    // The servers are asked again after the event: the count and the last backup.
    QTRY_VERIFY_WITH_TIMEOUT(!serversChanged.isEmpty() && serverOf(*m_ra, m_x).snapshotCount == 1, 5000);
    QCOMPARE(serverOf(*m_ra, m_x).lastBackupSuccessful, std::optional<bool>(true));
    QVERIFY(serverOf(*m_ra, m_x).lastBackupTime.isValid());

    const Snapshot s = snapshotOf(*m_ra, m_x, m_first);
    QVERIFY(Snapshot::isSnapshotId(s.id));
    QCOMPARE(s.shortId, s.id.left(8));
    QCOMPARE(s.serverUuid, m_x);
    QVERIFY(s.time.isValid() && qAbs(s.time.secsTo(QDateTime::currentDateTimeUtc())) < 120);
    QVERIFY(s.stats.has_value());
    QVERIFY(s.stats->totalFileCount >= 5); // restic counts the folders above the server directory too
    QVERIFY(s.stats->totalSize >= 3000 + 6 + 11);
    const BackupService::StatsResult stats = await(m_ra->stats(s));
    QVERIFY(stats.ok);
    QCOMPARE(stats.stats.totalSize, s.stats->totalSize);
    // Every server of the node, with an empty uuid (W has none yet).
    const BackupService::SnapshotList all = await(m_ra->listSnapshots(QString()));
    QVERIFY2(all.ok, qPrintable(all.error));
    QCOMPARE(all.snapshots.size(), 1);
    QCOMPARE(all.snapshots.first().id, s.id);

    // Browse.
    BackupService::FileListing root = await(m_ra->listDirectory(s, QStringLiteral("/")));
    QCOMPARE(int(root.status), int(BackupService::FileListing::Status::Ok));
    QStringList names;
    for (const FileEntry& e : root.entries)
        names << e.name() + (e.type == FileEntry::Type::Dir ? QStringLiteral("/") : QString());
    QCOMPARE(names, (QStringList{QStringLiteral("server.properties"), QStringLiteral("world/")}));
    const BackupService::FileListing world = await(m_ra->listDirectory(s, QStringLiteral("/world")));
    QCOMPARE(int(world.status), int(BackupService::FileListing::Status::Ok));
    QCOMPARE(world.path, QStringLiteral("/world"));
    QStringList worldNames;
    for (const FileEntry& e : world.entries)
        worldNames << e.name();
    QCOMPARE(worldNames,
             (QStringList{QStringLiteral("level.dat"), QStringLiteral("odd dir"), QStringLiteral("region")}));
    const FileEntry level = world.entries.first();
    QCOMPARE(level.path, QStringLiteral("/world/level.dat"));
    QCOMPARE(level.size, 3000);
    QCOMPARE(level.type, FileEntry::Type::File);
    QVERIFY(!level.mtime.isEmpty() && level.mode != 0);
    const BackupService::FileListing odd = await(m_ra->listDirectory(s, QStringLiteral("/world/odd dir")));
    QCOMPARE(int(odd.status), int(BackupService::FileListing::Status::Ok));
    QCOMPARE(odd.entries.size(), 1);
    QCOMPARE(odd.entries.first().path, QStringLiteral("/world/odd dir/a&b=c+d%e#\u00fc.txt"));

    // Search.
    const BackupService::FileSearch found = await(m_ra->searchFiles(m_x, QStringLiteral("LEVEL"), 10));
    QVERIFY2(found.ok, qPrintable(found.error));
    QCOMPARE(found.matches.size(), 1);
    QCOMPARE(found.matches.first().entry.path, QStringLiteral("/world/level.dat"));
    QCOMPARE(found.matches.first().snapshotId, s.id);
    QCOMPARE(found.snapshots.value(s.id).backupUuid, m_first);
    QVERIFY(!found.truncated);

    // Download: a valid .tar.gz of the whole backup, then a zip of one folder.
    QTemporaryDir out;
    const QString tarPath = out.filePath(QStringLiteral("x.tar.gz"));
    std::unique_ptr<NodeDownload> tar(m_ra->download(s, at(QString()), Node::ArchiveFormat::TarGz, tarPath, nullptr));
    QSignalSpy tarDone(tar.get(), &NodeDownload::finished);
    QVERIFY(tarDone.wait(30000));
    QVERIFY2(tarDone.first().at(0).toBool(), qPrintable(tarDone.first().at(1).toString()));
    QFile tarFile(tarPath);
    QVERIFY(tarFile.open(QIODevice::ReadOnly));
    const QByteArray tarBytes = tarFile.readAll();
    QCOMPARE(tar->bytesDone(), qint64(tarBytes.size()));
    QMap<QString, QByteArray> entries;
    QString error;
    QVERIFY2(readArchive(tarBytes, &entries, &error), qPrintable(error));
    QCOMPARE(entries, m_xTree);
    const QString zipPath = out.filePath(QStringLiteral("world.zip"));
    std::unique_ptr<NodeDownload> zip(
        m_ra->download(s, at(QStringLiteral("/world")), Node::ArchiveFormat::Zip, zipPath, nullptr));
    QSignalSpy zipDone(zip.get(), &NodeDownload::finished);
    QVERIFY(zipDone.wait(30000));
    QVERIFY2(zipDone.first().at(0).toBool(), qPrintable(zipDone.first().at(1).toString()));
    QFile zipFile(zipPath);
    QVERIFY(zipFile.open(QIODevice::ReadOnly));
    entries.clear();
    QVERIFY2(readArchive(zipFile.readAll(), &entries, &error), qPrintable(error));
    QCOMPARE(entries.value(QStringLiteral("world/level.dat")), m_xTree.value(QStringLiteral("world/level.dat")));
    QVERIFY(!entries.contains(QStringLiteral("server.properties")));

    // A path the backup lacks: the API's 404, and nothing written.
    const QString nonePath = out.filePath(QStringLiteral("none.tar.gz"));
    std::unique_ptr<NodeDownload> none(
        m_ra->download(s, at(QStringLiteral("/nope")), Node::ArchiveFormat::TarGz, nonePath, nullptr));
    QSignalSpy noneDone(none.get(), &NodeDownload::finished);
    QVERIFY(noneDone.wait(30000));
    QVERIFY(!noneDone.first().at(0).toBool());
    QCOMPARE(noneDone.first().at(1).toString(), kNoSuchPath);
    QVERIFY(!QFile::exists(nonePath));
    QCOMPARE(QDir(out.path()).entryList(QDir::Files).size(), 2); // no temporary file left either
}

void TestRemoteNode::diffAndCheckPaths()
{
    QVERIFY(!m_first.isEmpty());
    QVERIFY(TestSupport::writeFile(m_a->serverDir(m_x) + QStringLiteral("/server.properties"), "motd=changed!\n"));
    QVERIFY(TestSupport::writeFile(m_a->serverDir(m_x) + QStringLiteral("/plugins/new.jar"), "jar"));
    Job* job = backUp(*m_ra, m_x);
    QVERIFY(job);
    QCOMPARE(job->state(), Job::State::Succeeded);
    m_second = job->backupUuid();
    const Snapshot before = snapshotOf(*m_ra, m_x, m_first);
    const Snapshot after = snapshotOf(*m_ra, m_x, m_second);
    QVERIFY(!before.id.isEmpty() && !after.id.isEmpty());
    const BackupService::SnapshotList list = await(m_ra->listSnapshots(m_x));
    QCOMPARE(list.snapshots.size(), 2);
    QCOMPARE(list.snapshots.first().backupUuid, m_second); // newest first

    BackupService::FileDiff diff;
    QElapsedTimer timer;
    timer.start();
    do { // the new snapshot is indexed in the background: 503 with Retry-After until then
        diff = await(m_ra->diffSnapshots(before, after));
    } while (diff.status == BackupService::FileDiff::Status::Indexing && timer.elapsed() < 20000);
    QCOMPARE(int(diff.status), int(BackupService::FileDiff::Status::Ok));
    QStringList addedPaths, changedPaths;
    for (const FileChange& c : diff.added)
        addedPaths << c.path;
    for (const FileChange& c : diff.changed)
        changedPaths << c.path;
    QCOMPARE(addedPaths, (QStringList{QStringLiteral("/plugins"), QStringLiteral("/plugins/new.jar")}));
    QCOMPARE(changedPaths, QStringList{QStringLiteral("/server.properties")});
    QCOMPARE(diff.changed.first().sizeBefore, 11);
    QCOMPARE(diff.changed.first().size, 14);
    QVERIFY(diff.removed.isEmpty());
    QCOMPARE(diff.after.id, after.id);

    const BackupService::PathCheck ok =
        await(m_ra->checkPaths(before, {QStringLiteral("/world/level.dat"), QStringLiteral("/world/region"),
                                        QStringLiteral("/server.properties")}));
    QCOMPARE(int(ok.status), int(BackupService::PathCheck::Status::Ok));
    QCOMPARE(ok.entries.size(), 3);
    const QString oddPath = QStringLiteral("/world/odd dir/a&b=c+d%e#\u00fc.txt");
    const BackupService::PathCheck oddCheck = await(m_ra->checkPaths(before, {oddPath}));
    QCOMPARE(int(oddCheck.status), int(BackupService::PathCheck::Status::Ok));
    QCOMPARE(oddCheck.entries.value(oddPath).size, 3);
    QCOMPARE(ok.entries.value(QStringLiteral("/world/level.dat")).size, 3000);
    QCOMPARE(ok.entries.value(QStringLiteral("/world/region")).type, FileEntry::Type::Dir);
    const BackupService::PathCheck missing =
        await(m_ra->checkPaths(before, {QStringLiteral("/world/level.dat"), QStringLiteral("/plugins/new.jar")}));
    QCOMPARE(int(missing.status), int(BackupService::PathCheck::Status::Missing));
    QCOMPARE(missing.path, QStringLiteral("/plugins/new.jar"));
    const BackupService::PathCheck below = await(m_ra->checkPaths(before, {QStringLiteral("/server.properties/x")}));
    QCOMPARE(int(below.status), int(BackupService::PathCheck::Status::Missing));
    const BackupService::PathCheck invalid = await(m_ra->checkPaths(before, {QStringLiteral("/a/../b")}));
    QCOMPARE(int(invalid.status), int(BackupService::PathCheck::Status::Invalid));
    QVERIFY(!invalid.error.isEmpty());
}

// Issue 12 through the seam: the repository's figures, a server's growth, the locks, an unlock with nothing to
// remove, a check mirrored by its job id (a refused subset with the API's reason), a prune.
void TestRemoteNode::repositoryHealth()
{
    QVERIFY(!m_second.isEmpty());
    QByteArray listed;
    QCOMPARE(m_a->restic({QStringLiteral("--no-lock"), QStringLiteral("snapshots"), QStringLiteral("--json")}, &listed),
             0);
    const int inRepository = int(QJsonDocument::fromJson(listed).array().size());
    const RepositoryState state = await(m_ra->repositoryState());
    QVERIFY2(state.ok, qPrintable(state.error));
    QCOMPARE(state.snapshotCount, inRepository);
    QCOMPARE(state.repository, m_ra->info().repository);
    QVERIFY(state.totalSize > 0);
    QVERIFY(state.locksError.isEmpty());

    const Growth growth = await(m_ra->growth(m_x));
    QVERIFY2(growth.ok, qPrintable(growth.error));
    QCOMPARE(growth.points.size(), 2);
    QCOMPARE(growth.points.at(0).backupUuid, m_first); // oldest first
    QCOMPARE(growth.points.at(1).backupUuid, m_second);
    for (const GrowthPoint& p : growth.points) {
        QVERIFY(p.size && *p.size > 0);
        QVERIFY2(p.added && *p.added > 0, "A's own backups know what they added");
    }
    const Growth unknown = await(m_ra->growth(uuidFor(77)));
    QVERIFY(!unknown.ok);
    QCOMPARE(unknown.error, kNotFoundServer);

    const LockList locks = await(m_ra->listLocks());
    QVERIFY2(locks.ok, qPrintable(locks.error));
    QCOMPARE(locks.locks.size(), 0);
    const UnlockResult unlocked = await(m_ra->unlock());
    QCOMPARE(unlocked.status, UnlockResult::Status::Ok);
    QVERIFY(unlocked.removed.isEmpty() && unlocked.kept.isEmpty());

    const BackupService::Started bad = await(m_ra->startCheck(QStringLiteral("0%")));
    QCOMPARE(int(bad.error), int(BackupService::Error::InvalidRequest));
    QVERIFY2(bad.message.startsWith(QStringLiteral("read_data_subset \"0%\" is not valid")), qPrintable(bad.message));

    QSignalSpy added(m_ra.get(), &Node::jobAdded);
    const BackupService::Started check = await(m_ra->startCheck(QStringLiteral("1/2")));
    QVERIFY2(check.ok(), qPrintable(check.message));
    QVERIFY(check.job && !check.job->id().isEmpty());
    QCOMPARE(check.job->kind(), Job::Kind::Check);
    QVERIFY(m_ra->jobs().contains(check.job));
    QVERIFY(waitFinished(check.job));
    QCOMPARE(check.job->state(), Job::State::Succeeded);
    QVERIFY(check.job->outcome().findings.isEmpty());
    QCOMPARE(added.size(), 1);
    const RepositoryState checked = await(m_ra->repositoryState());
    QVERIFY(checked.lastCheck.isValid() && checked.lastCheck.successful);
    QVERIFY(qAbs(checked.lastCheck.time.secsTo(QDateTime::currentDateTimeUtc())) < 120);

    const BackupService::Started prune = await(m_ra->startPrune());
    QVERIFY2(prune.ok(), qPrintable(prune.message));
    QCOMPARE(prune.job->kind(), Job::Kind::Prune);
    QVERIFY(waitFinished(prune.job));
    QCOMPARE(prune.job->state(), Job::State::Succeeded);
}

void TestRemoteNode::restoreAcrossNodes()
{
    // X's first backup, made on A, restored through B into B's server Y: one repository, two machines.
    const Snapshot s = snapshotOf(*m_ra, m_x, m_first);
    QVERIFY(!s.id.isEmpty());
    QSignalSpy added(m_rb.get(), &Node::jobAdded);
    BackupService::RestoreRequest whole;
    whole.truncate = true;
    const BackupService::Started started = await(m_rb->startRestore(m_y, s, whole));
    QVERIFY2(started.ok(), qPrintable(started.message));
    Job* job = started.job;
    QCOMPARE(job->kind(), Job::Kind::Restore);
    QCOMPARE(job->serverUuid(), m_y);
    QCOMPARE(job->backupUuid(), m_first);
    QCOMPARE(job->sourceServerUuid(), m_x);
    QVERIFY(!job->id().isEmpty()); // matched to B's job
    QVERIFY(waitFinished(job));
    QVERIFY2(job->state() == Job::State::Succeeded, qPrintable(job->outcome().error));
    QCOMPARE(added.size(), 1);
    const QMap<QString, QByteArray> y = TestSupport::snapshotTree(m_b->serverDir(m_y));
    QVERIFY2(y == m_xTree, qPrintable(TestSupport::treeDifference(m_xTree, y)));

    // A selective restore of one file into a folder of Y, through the same call.
    BackupService::RestoreRequest one;
    one.paths = {QStringLiteral("/world/level.dat")};
    one.destination = QStringLiteral("/restored");
    Job* selective = await(m_rb->startRestore(m_y, s, one)).job;
    QVERIFY(selective && waitFinished(selective));
    QVERIFY2(selective->state() == Job::State::Succeeded, qPrintable(selective->outcome().error));
    QFile restored(m_b->serverDir(m_y) + QStringLiteral("/restored/world/level.dat"));
    QVERIFY(restored.open(QIODevice::ReadOnly));
    QCOMPARE(restored.readAll(), m_xTree.value(QStringLiteral("world/level.dat")));
}

void TestRemoteNode::cancelAThrottledBackup()
{
    // 6 MiB that does not compress, at B's 1 MiB/s: several seconds unless cancelled.
    QByteArray data(6 * 1024 * 1024, Qt::Uninitialized);
    QRandomGenerator gen(5);
    gen.fillRange(reinterpret_cast<quint32*>(data.data()), data.size() / 4);
    QVERIFY(TestSupport::writeFile(m_b->serverDir(m_z) + QStringLiteral("/big.bin"), data));
    const BackupService::Started started = await(m_rb->startBackup(m_z));
    QVERIFY2(started.ok(), qPrintable(started.message));
    Job* job = started.job;
    QSignalSpy progress(job, &Job::progressChanged);
    QTRY_VERIFY_WITH_TIMEOUT(job->state() == Job::State::Running && job->progress().bytesDone > 0, 20000);
    auto zBusy = [this] {
        for (const NodeServer& s : m_rb->servers()) {
            if (s.uuid == m_z)
                return s.busy;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(zBusy(), 5000);
    QElapsedTimer timer;
    timer.start();
    job->cancel();
    QVERIFY(waitFinished(job, 20000));
    QCOMPARE(job->state(), Job::State::Cancelled);
    QVERIFY(!job->outcome().error.isEmpty());
    QVERIFY2(timer.elapsed() < 5000, "the cancel did not stop the throttled backup early");
    QVERIFY(!progress.isEmpty()); // progress came from the event stream while it ran
    // The node says the same.
    bool found = false;
    for (const QJsonValue& v : m_b->get(QStringLiteral("/api/jobs")).json().value(QLatin1String("jobs")).toArray()) {
        if (v.toObject().value(QLatin1String("id")).toString() == job->id()) {
            found = true;
            QCOMPARE(v.toObject().value(QLatin1String("state")).toString(), QStringLiteral("cancelled"));
        }
    }
    QVERIFY(found);
    QTRY_VERIFY_WITH_TIMEOUT(!zBusy(), 5000);
    QVERIFY(QFile::remove(m_b->serverDir(m_z) + QStringLiteral("/big.bin")));
}

void TestRemoteNode::deleteABackup()
{
    const Snapshot second = snapshotOf(*m_ra, m_x, m_second);
    QVERIFY(!second.id.isEmpty());
    QSignalSpy snapshotsChanged(m_ra.get(), &Node::snapshotsChanged);
    const BackupService::Started started = await(m_ra->startDelete(second));
    QVERIFY2(started.ok(), qPrintable(started.message));
    QCOMPARE(started.job->kind(), Job::Kind::Delete);
    QCOMPARE(started.job->backupUuid(), m_second);
    QVERIFY(waitFinished(started.job));
    QCOMPARE(started.job->state(), Job::State::Succeeded);
    QTRY_VERIFY_WITH_TIMEOUT(!snapshotsChanged.isEmpty(), 5000);
    QVERIFY(snapshotOf(*m_ra, m_x, m_second).id.isEmpty());
    QVERIFY(!snapshotOf(*m_ra, m_x, m_first).id.isEmpty());
    // The prune that follows ends without an event of its own; its mirror ends all the same.
    auto prunes = [this](bool unfinishedOnly) {
        int n = 0;
        for (const Job* j : m_ra->jobs())
            n += j->kind() == Job::Kind::Prune && (!unfinishedOnly || !j->isFinished()) ? 1 : 0;
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(prunes(false) >= 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(prunes(true), 0, 30000);
    // Again: the node no longer has it.
    const BackupService::Started again = await(m_ra->startDelete(second));
    QCOMPARE(int(again.error), int(BackupService::Error::BackupNotFound));
    QCOMPARE(again.message, kNotFoundBackup);
}

void TestRemoteNode::badQuestionsGetTheApiAnswer()
{
    const Snapshot s = snapshotOf(*m_ra, m_x, m_first);
    const BackupService::FileListing bad = await(m_ra->listDirectory(s, QStringLiteral("world")));
    QCOMPARE(int(bad.status), int(BackupService::FileListing::Status::InvalidPath));
    QCOMPARE(bad.error, QStringLiteral("The path must start with '/'."));
    const BackupService::FileListing none = await(m_ra->listDirectory(s, QStringLiteral("/nope")));
    QCOMPARE(int(none.status), int(BackupService::FileListing::Status::NoSuchPath));
    QCOMPARE(none.error, kNoSuchPath);
    const BackupService::FileListing file = await(m_ra->listDirectory(s, QStringLiteral("/server.properties")));
    QCOMPARE(int(file.status), int(BackupService::FileListing::Status::NotADirectory));
    Snapshot unknown = s;
    unknown.backupUuid = uuidFor(777);
    const BackupService::FileListing gone = await(m_ra->listDirectory(unknown, QStringLiteral("/")));
    QCOMPARE(int(gone.status), int(BackupService::FileListing::Status::BackupNotFound));
    QCOMPARE(gone.error, kNotFoundBackup);
    const BackupService::FileSearch shortQuery = await(m_ra->searchFiles(m_x, QStringLiteral("a"), 10));
    QVERIFY(!shortQuery.ok && shortQuery.error.contains(QLatin1String("at least 2")));
    // A server the node does not have: the restore is refused with the API's words, nothing starts.
    const int jobsBefore = int(m_rb->jobs().size());
    const BackupService::Started noServer = await(m_rb->startRestore(uuidFor(55), s, {}));
    QCOMPARE(int(noServer.error), int(BackupService::Error::ServerNotFound));
    QCOMPARE(noServer.message, kNotFoundServer);
    BackupService::RestoreRequest badRequest;
    badRequest.paths = {QStringLiteral("relative")};
    QCOMPARE(int(await(m_rb->startRestore(m_y, s, badRequest)).error), int(BackupService::Error::InvalidRequest));
    QCOMPARE(int(m_rb->jobs().size()), jobsBefore);
    QCOMPARE(await(m_rb->countExisting(m_y, QString(), {QStringLiteral("/world")})), qint64(-1));
}

void TestRemoteNode::downloadCutOrCancelledLeavesNothing()
{
    // 1 MiB that does not compress, in W.
    QByteArray data(1024 * 1024, Qt::Uninitialized);
    QRandomGenerator gen(9);
    gen.fillRange(reinterpret_cast<quint32*>(data.data()), data.size() / 4);
    QVERIFY(TestSupport::writeFile(m_a->serverDir(m_w) + QStringLiteral("/big.bin"), data));
    Job* job = backUp(*m_ra, m_w);
    QVERIFY(job && job->state() == Job::State::Succeeded);
    // Both servers' snapshots, newest (W's) first.
    const BackupService::SnapshotList all = await(m_ra->listSnapshots(QString()));
    QVERIFY2(all.ok, qPrintable(all.error));
    QVERIFY(all.snapshots.size() >= 2);
    QCOMPARE(all.snapshots.first().backupUuid, job->backupUuid());
    QCOMPARE(all.snapshots.first().serverUuid, m_w);
    for (qsizetype i = 1; i < all.snapshots.size(); ++i)
        QVERIFY(all.snapshots[i - 1].time >= all.snapshots[i].time);
    QVERIFY(std::any_of(all.snapshots.cbegin(), all.snapshots.cend(),
                        [this](const Snapshot& s) { return s.backupUuid == m_first; }));
    const Snapshot w = all.snapshots.first();

    // Through a proxy that lets 64 KiB through, then holds the rest: the download is under way and stalls.
    TcpProxy proxy(m_a->options().port);
    QVERIFY(proxy.listen());
    RemoteNode::Settings settings = settingsFor(*m_a);
    settings.url.setPort(proxy.port());
    RemoteNode node(settings); // never connected: a download needs only the URL and the token
    QTemporaryDir out;
    for (const bool cancel : {true, false}) {
        const QString path = out.filePath(cancel ? QStringLiteral("cancelled.tar.gz") : QStringLiteral("cut.tar.gz"));
        proxy.holdAfter(64 * 1024);
        std::unique_ptr<NodeDownload> d(node.download(w, at(QString()), Node::ArchiveFormat::TarGz, path, nullptr));
        QSignalSpy done(d.get(), &NodeDownload::finished);
        QTRY_VERIFY_WITH_TIMEOUT(d->bytesDone() > 16 * 1024, 15000);
        QTest::qWait(200);
        QVERIFY2(done.isEmpty(), qPrintable(done.value(0).value(1).toString()));
        QVERIFY(d->bytesDone() < data.size());
        QCOMPARE(d->totalBytes(), -1); // chunked: the size is not known
        if (cancel) {
            d->cancel();
        } else {
            proxy.cut(); // the connection reset, as the node does when an archive fails after the headers
            QVERIFY(proxy.listen());
        }
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
        QCOMPARE(done.first().at(0).toBool(), false);
        QVERIFY(!done.first().at(1).toString().isEmpty());
        QVERIFY(!QFile::exists(path));
        QCOMPARE(QDir(out.path()).entryList(QDir::Files | QDir::Hidden), QStringList()); // no temporary file
    }
    QVERIFY(QFile::remove(m_a->serverDir(m_w) + QStringLiteral("/big.bin")));
}

void TestRemoteNode::eventsResumeAfterACut()
{
    // A, seen through a proxy that the test cuts: while it is cut, a job runs on A (started by someone else, here
    // the test itself over A's port). Once the network is back, the node replays what was missed.
    TcpProxy proxy(m_a->options().port);
    QVERIFY(proxy.listen());
    RemoteNode::Settings settings = settingsFor(*m_a);
    settings.url.setPort(proxy.port());
    RemoteNode node(settings);
    QSignalSpy added(&node, &Node::jobAdded);
    QList<QPair<QByteArray, QString>> events; // id, name
    connect(node.eventSource(), &EventSource::eventReceived, this,
            [&events](const QByteArray& id, const QString& name) {
                events.append({id, name});
            });
    node.connectToNode();
    QVERIFY2(waitForState(node, Node::State::Connected), qPrintable(describe(node)));
    QTRY_VERIFY_WITH_TIMEOUT(proxy.sent().contains("GET /api/events") && proxy.sent().contains("GET /api/jobs"), 5000);
    auto mirrorOf = [&node](const QString& backup) -> Job* {
        for (Job* j : node.jobs()) {
            if (j->backupUuid() == backup)
                return j;
        }
        return nullptr;
    };
    auto announced = [&added](Job* job) {
        for (const QList<QVariant>& args : added) {
            if (args.first().value<Job*>() == job)
                return true;
        }
        return false;
    };

    // A job started elsewhere appears as a mirror, live.
    SseClient direct;
    QVERIFY(direct.connectTo(m_a->options().port, m_a->options().token));
    QVERIFY(backupAndWait(*m_a, direct, m_x, uuidFor(300)));
    QTRY_VERIFY_WITH_TIMEOUT(mirrorOf(uuidFor(300)), 5000);
    QVERIFY(announced(mirrorOf(uuidFor(300))));
    QTRY_COMPARE_WITH_TIMEOUT(mirrorOf(uuidFor(300))->state(), Job::State::Succeeded, 5000);

    // One of ours that ends during the cut, and one started elsewhere during it.
    const BackupService::Started ours = await(node.startBackup(m_x));
    QVERIFY2(ours.ok(), qPrintable(ours.message));
    QVERIFY(!ours.job->isFinished());
    const QByteArray lastBeforeCut = node.eventSource()->lastEventId();
    QVERIFY(!lastBeforeCut.isEmpty());
    proxy.cut();
    QVERIFY(direct.waitFor(QStringLiteral("backup completed"), ours.job->backupUuid(), m_x, 60000));
    QVERIFY(!ours.job->isFinished()); // nothing reaches the console meanwhile
    const QString backup = uuidFor(301);
    QVERIFY(backupAndWait(*m_a, direct, m_x, backup));
    QTRY_VERIFY_WITH_TIMEOUT(node.state() == Node::State::Unreachable, 10000);
    QVERIFY(node.stateMessage().contains(QStringLiteral("127.0.0.1:%1").arg(proxy.port())));
    QVERIFY(proxy.listen());

    QVERIFY2(waitForState(node, Node::State::Connected, 30000), qPrintable(describe(node)));
    QTRY_VERIFY_WITH_TIMEOUT(proxy.sent().contains("Last-Event-ID: " + lastBeforeCut), 10000);
    // The events of the backup made during the cut, with the ids the node gave them.
    QList<QByteArray> missed; // every event after the last one the console saw
    for (const SseClient::Event& e : direct.events()) {
        if (e.id.toULongLong() > lastBeforeCut.toULongLong())
            missed << e.id;
    }
    QVERIFY(missed.size() >= 3); // ours completed; 301 started and completed
    auto replayed = [&events, &missed] {
        QList<QByteArray> ids;
        for (const auto& [id, name] : std::as_const(events)) {
            if (missed.contains(id))
                ids << id;
        }
        return ids;
    };
    QTRY_COMPARE_WITH_TIMEOUT(replayed(), missed, 10000); // each once, in order
    // The job appeared as a mirror, finished as the node says.
    QTRY_VERIFY_WITH_TIMEOUT(mirrorOf(backup), 5000);
    Job* mirror = mirrorOf(backup);
    QVERIFY(announced(mirror));
    QTRY_COMPARE_WITH_TIMEOUT(mirror->state(), Job::State::Succeeded, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(ours.job->state(), Job::State::Succeeded, 5000);
}

void TestRemoteNode::wrongToken()
{
    RemoteNode node(settingsFor(*m_a, QStringLiteral("not-the-token")));
    node.connectToNode();
    QVERIFY2(waitForState(node, Node::State::WrongToken), qPrintable(describe(node)));
    QVERIFY2(node.stateMessage().contains(node.label()), qPrintable(node.stateMessage()));
    // The API's own words.
    QVERIFY2(node.stateMessage().contains(QLatin1String("You are not authorized to access this endpoint.")),
             qPrintable(node.stateMessage()));
    QTest::qWait(1500); // no retry loop: a wrong token stays wrong
    QCOMPARE(node.state(), Node::State::WrongToken);
    QVERIFY(node.servers().isEmpty());
    QVERIFY(!m_a->output().contains(QLatin1String("not-the-token")));
}

void TestRemoteNode::unreachableThenUp()
{
    Pouch::Options o;
    o.servers = {m_x};
    Pouch later(o);
    RemoteNode node(settingsFor(later));
    node.connectToNode();
    QVERIFY2(waitForState(node, Node::State::Unreachable), qPrintable(describe(node)));
    QVERIFY2(node.stateMessage().contains(QStringLiteral("127.0.0.1:%1").arg(later.options().port)),
             qPrintable(node.stateMessage()));
    QVERIFY2(node.stateMessage().contains(QLatin1String("refused"), Qt::CaseInsensitive),
             qPrintable(node.stateMessage()));
    QString error;
    QVERIFY2(later.start(&error), qPrintable(error));
    QVERIFY2(waitForState(node, Node::State::Connected, 20000), qPrintable(describe(node)));
    QTRY_COMPARE_WITH_TIMEOUT(node.servers().size(), 1, 5000);
    QCOMPARE(later.terminate(), 0);

    // A port that answers HTTP, but not as Pouch.
    FakePanel notPouch;
    QVERIFY(notPouch.listen());
    notPouch.answer("/api/node", 200, "<html>hello</html>");
    RemoteNode::Settings s;
    s.url = QUrl(notPouch.url());
    s.token = QStringLiteral("t");
    RemoteNode other(s);
    other.connectToNode();
    QVERIFY2(waitForState(other, Node::State::Unreachable), qPrintable(describe(other)));
    QVERIFY2(other.stateMessage().contains(QLatin1String("not as a Pouch node")), qPrintable(other.stateMessage()));
}

void TestRemoteNode::certificateTrustedOnFirstUseThenChanged()
{
    QTemporaryDir first, second;
    QString cert, key, cert2, key2, error;
    QVERIFY2(makeCertificate(first.path(), &cert, &key, &error), qPrintable(error));
    QVERIFY2(makeCertificate(second.path(), &cert2, &key2, &error), qPrintable(error));
    Pouch::Options o;
    o.servers = {m_x};
    o.ssl = true;
    o.port = freePort(); // both nodes on one address
    o.sslCert = cert;
    o.sslKey = key;
    auto tls = std::make_unique<Pouch>(o);
    QVERIFY2(tls->start(&error), qPrintable(error));
    const QByteArray fp = RemoteNode::fingerprint(QSslCertificate::fromPath(cert).value(0));
    QCOMPARE(fp.size(), 64);
    QCOMPARE(fp, fp.toLower());

    RemoteNode node(settingsFor(*tls));
    QSignalSpy pinned(&node, &RemoteNode::pinnedChanged);
    node.connectToNode();
    QVERIFY2(waitForState(node, Node::State::CertificateUntrusted), qPrintable(describe(node)));
    QCOMPARE(RemoteNode::fingerprint(node.untrustedCertificate()), fp);
    QVERIFY2(node.stateMessage().contains(QString::fromLatin1(fp)), qPrintable(node.stateMessage()));
    QTest::qWait(500);
    QVERIFY2(!tls->output().contains(QLatin1String("GET /api/")), qPrintable(tls->output())); // nothing reached it

    node.trustCertificate(fp);
    QCOMPARE(pinned.size(), 1);
    QCOMPARE(pinned.first().first().toByteArray(), fp);
    QCOMPARE(node.settings().pinnedSha256, fp);
    QVERIFY2(waitForState(node, Node::State::Connected), qPrintable(describe(node)));
    QTRY_COMPARE_WITH_TIMEOUT(node.servers().size(), 1, 5000);
    QVERIFY(tls->output().contains(QLatin1String("GET /api/node 200")));

    // The same address with another certificate: refused, saying it changed, and nothing sent to it.
    QCOMPARE(tls->terminate(), 0);
    o.sslCert = cert2;
    o.sslKey = key2;
    tls = std::make_unique<Pouch>(o);
    QVERIFY2(tls->start(&error), qPrintable(error));
    const QByteArray fp2 = RemoteNode::fingerprint(QSslCertificate::fromPath(cert2).value(0));
    QVERIFY2(waitForState(node, Node::State::CertificateUntrusted, 30000), qPrintable(describe(node)));
    QVERIFY2(node.stateMessage().contains(QLatin1String("changed")), qPrintable(node.stateMessage()));
    QVERIFY2(node.stateMessage().contains(QString::fromLatin1(fp.left(16))), qPrintable(node.stateMessage()));
    QVERIFY2(node.stateMessage().contains(QString::fromLatin1(fp2.left(16))), qPrintable(node.stateMessage()));
    QCOMPARE(RemoteNode::fingerprint(node.untrustedCertificate()), fp2);
    QVERIFY2(!tls->output().contains(QLatin1String("GET /api/")), qPrintable(tls->output()));
    QCOMPARE(tls->terminate(), 0);
}

void TestRemoteNode::tokenNeverSentOverAnUntrustedConnection()
{
    // A raw TLS server that records every byte a client sends once the handshake is done.
    QTemporaryDir dir;
    QString cert, key, error;
    QVERIFY2(makeCertificate(dir.path(), &cert, &key, &error), qPrintable(error));
    QFile keyFile(key);
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setLocalCertificate(QSslCertificate::fromPath(cert).value(0));
    conf.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa));
    QSslServer server;
    server.setSslConfiguration(conf);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    int handshakes = 0;
    QByteArray received;
    connect(&server, &QSslServer::startedEncryptionHandshake, this, [&](QSslSocket* socket) {
        ++handshakes;
        connect(socket, &QSslSocket::readyRead, this, [&received, socket] { received += socket->readAll(); });
    });

    RemoteNode::Settings s;
    s.url = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(server.serverPort()));
    s.token = QStringLiteral("secret-token-never-sent");
    auto node = std::make_unique<RemoteNode>(s);
    node->connectToNode();
    QVERIFY2(waitForState(*node, Node::State::CertificateUntrusted), qPrintable(describe(*node)));
    // It tries again on its own (the backoff): handshakes only, never a request.
    QTRY_VERIFY_WITH_TIMEOUT(handshakes >= 2, 5000);
    QTest::qWait(200);
    QCOMPARE(node->state(), Node::State::CertificateUntrusted);
    QCOMPARE(received, QByteArray());

    // The control: pinned, the same server gets the request, token and all.
    node->trustCertificate(RemoteNode::fingerprint(node->untrustedCertificate()));
    QTRY_VERIFY_WITH_TIMEOUT(received.contains("Authorization: Bearer secret-token-never-sent"), 10000);
    QVERIFY(received.startsWith("GET /api/node HTTP/1.1"));
    node.reset();
}

QTEST_GUILESS_MAIN(TestRemoteNode)
#include "tst_remotenode.moc"
