// The node API (beyond the spec), SSE resume, server names from a scripted Panel, and living beside Wings
// (--listen, the Pouch settings file, a taken port), all over the real `pouch --headless` and real sockets.

#include "ApiHarness.h"
#include "Config.h"
#include "TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace ApiHarness;
using TestSupport::uuidFor;

namespace {
QJsonObject find(const QJsonArray& list, const QString& key, const QString& value)
{
    for (const QJsonValue& v : list) {
        if (v.toObject().value(key).toString() == value)
            return v.toObject();
    }
    return {};
}

// Waits until Pouch has said `text` (10 s at most), then `thenMs` more, and answers how often it said it.
int occurrences(const Pouch& pouch, const QString& text, int thenMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!pouch.output().contains(text) && timer.elapsed() < 10000)
        QTest::qWait(50);
    QTest::qWait(thenMs);
    return int(pouch.output().count(text));
}

bool canConnect(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(2000);
}
} // namespace

class TestApiNode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void repositoryForDisplay_data();
    void repositoryForDisplay();
    void nodeAnswers();
    void nodeHidesRepositoryCredentials();
    void routesNeedTheToken();
    void serversWithNamesFromThePanel();
    void jobsListAfterABackup();
    void cancelAThrottledBackup();
    void sseResumeWithLastEventId();
    void namesSurviveARestartWithThePanelDown();
    void panelDownOrBrokenGivesNoNames();
    void listenOption();
    void listenFromTheSettingsFile();
    void tlsFromTheSettingsFile();
    void takenPortNamesTheWayOut();
    void badSettingsFile_data();
    void badSettingsFile();

private:
    QJsonArray servers()
    {
        const Response r = m_pouch->get(QStringLiteral("/api/servers"));
        return r.status == 200 ? r.json().value(QLatin1String("servers")).toArray() : QJsonArray();
    }
    QJsonArray jobs()
    {
        const Response r = m_pouch->get(QStringLiteral("/api/jobs"));
        return r.status == 200 ? r.json().value(QLatin1String("jobs")).toArray() : QJsonArray();
    }

    const QString m_s1 = uuidFor(1);        // named on page 1, and the big one that is cancelled
    const QString m_s2 = uuidFor(2);        // named on page 2
    const QString m_s3 = uuidFor(3);        // on this node, unknown to the Panel
    const QString m_elsewhere = uuidFor(4); // on the Panel, not on this node
    FakePanel m_panel;
    std::unique_ptr<Pouch> m_pouch;
    SseClient m_all;
};

void TestApiNode::initTestCase()
{
    QVERIFY(m_panel.listen());
    // Two pages, as the Panel pages at per_page=50: the names are on both.
    m_panel.answer(panelServersPath(1), 200, panelServersPage({{m_s1, QStringLiteral("Alpha Survival")}}, 1, 2));
    m_panel.answer(
        panelServersPath(2), 200,
        panelServersPage({{m_s2, QStringLiteral("Beta Creative")}, {m_elsewhere, QStringLiteral("Gamma")}}, 2, 2));
    Pouch::Options o;
    o.remote = m_panel.url();
    o.servers = {m_s1, m_s2, m_s3};
    o.writeLimitMiB = 1; // restic --limit-upload 1 MiB/s: the big backup below lasts long enough to cancel
    o.env.insert(QStringLiteral("POUCH_NAMES_REFRESH_MS"), QStringLiteral("500"));
    m_pouch = std::make_unique<Pouch>(o);
    QVERIFY(TestSupport::writeFile(m_pouch->serverDir(m_s2) + QStringLiteral("/small.txt"), "s2\n"));
    // system.root_directory exists on a node; without it Pouch keeps no catalogue file (and no names) at all.
    QVERIFY(QDir().mkpath(m_pouch->root() + QStringLiteral("/state")));
    QString error;
    QVERIFY2(m_pouch->start(&error), qPrintable(error));
    QVERIFY(m_all.connectTo(m_pouch->options().port, m_pouch->options().token));
}

void TestApiNode::cleanupTestCase()
{
    if (m_pouch && m_pouch->isRunning())
        QCOMPARE(m_pouch->terminate(), 0);
}

void TestApiNode::repositoryForDisplay_data()
{
    QTest::addColumn<QString>("repository");
    QTest::addColumn<QString>("shown");
    QTest::newRow("s3 with user, password and query")
        << QStringLiteral("s3:https://user:pw@host/bucket?x=y") << QStringLiteral("s3:https://host/bucket");
    QTest::newRow("s3 without scheme") << QStringLiteral("s3:s3.us-east-1.amazonaws.com/my-bucket")
                                       << QStringLiteral("s3:s3.us-east-1.amazonaws.com/my-bucket");
    QTest::newRow("rest with port") << QStringLiteral("rest:http://u:p@127.0.0.1:8000/repo/")
                                    << QStringLiteral("rest:http://127.0.0.1:8000/repo/");
    QTest::newRow("sftp user") << QStringLiteral("sftp:backup@node:/srv/restic")
                               << QStringLiteral("sftp:node:/srv/restic");
    QTest::newRow("local path") << QStringLiteral("/srv/restic-repo") << QStringLiteral("/srv/restic-repo");
    QTest::newRow("local path with @") << QStringLiteral("/srv/a@b/repo") << QStringLiteral("/srv/a@b/repo");
    QTest::newRow("local: prefix") << QStringLiteral("local:/srv/repo") << QStringLiteral("local:/srv/repo");
}

void TestApiNode::repositoryForDisplay()
{
    QFETCH(QString, repository);
    QFETCH(QString, shown);
    QCOMPARE(Config::repositoryForDisplay(repository), shown);
}

void TestApiNode::nodeAnswers()
{
    const Response r = m_pouch->get(QStringLiteral("/api/node"));
    CHECK_STATUS(r, 200);
    const QJsonObject node = r.json();
    QCOMPARE(node.value(QLatin1String("uuid")).toString(), uuidFor(999));
    QCOMPARE(node.value(QLatin1String("version")).toString(), QStringLiteral(POUCH_VERSION));
    QVERIFY2(QRegularExpression(QStringLiteral("^\\d+\\.\\d+\\.\\d+$"))
                 .match(node.value(QLatin1String("restic_version")).toString())
                 .hasMatch(),
             r.body.constData());
    QCOMPARE(node.value(QLatin1String("repository")).toString(), m_pouch->repository());
    QCOMPARE(node.value(QLatin1String("servers")).toInt(-1), 3);
    QVERIFY(node.value(QLatin1String("jobs_running")).isDouble());
}

void TestApiNode::nodeHidesRepositoryCredentials()
{
    // An S3 repository nobody answers for: Pouch starts anyway, and /api/node never says the keys.
    Pouch::Options o;
    o.repository = QStringLiteral("s3:https://AKIAKEYID:VerySecretKey@127.0.0.1:1/bucket?region=eu-west-1");
    o.servers = {m_s1};
    Pouch s3(o);
    QString error;
    QVERIFY2(s3.start(&error), qPrintable(error));
    const Response r = s3.get(QStringLiteral("/api/node"));
    CHECK_STATUS(r, 200);
    QCOMPARE(r.json().value(QLatin1String("repository")).toString(), QStringLiteral("s3:https://127.0.0.1:1/bucket"));
    QVERIFY(!r.body.contains("VerySecretKey") && !r.body.contains("AKIAKEYID") && !r.body.contains("region"));
    QCOMPARE(r.json().value(QLatin1String("servers")).toInt(-1), 1);
    QCOMPARE(s3.terminate(), 0);
}

void TestApiNode::routesNeedTheToken()
{
    for (const QString& path :
         {QStringLiteral("/api/node"), QStringLiteral("/api/servers"), QStringLiteral("/api/jobs")}) {
        CHECK_ERROR(m_pouch->request("GET", path, {}, "-"), 401, QString());
        CHECK_ERROR(m_pouch->request("GET", path, {}, "Bearer wrong"), 403, QString());
        CHECK_ERROR(m_pouch->request("POST", path, "{}"), 405, QString());
    }
    CHECK_ERROR(m_pouch->request("DELETE", QStringLiteral("/api/jobs/1"), {}, "-"), 401, QString());
    CHECK_ERROR(m_pouch->request("DELETE", QStringLiteral("/api/jobs/1"), {}, "Bearer wrong"), 403, QString());
    const Response wrongMethod = m_pouch->request("GET", QStringLiteral("/api/jobs/1"));
    CHECK_ERROR(wrongMethod, 405, QString());
    QCOMPARE(wrongMethod.header("Allow"), QByteArray("DELETE"));
}

void TestApiNode::serversWithNamesFromThePanel()
{
    QElapsedTimer timer;
    timer.start();
    QJsonArray list;
    do {
        list = servers();
        if (find(list, QStringLiteral("uuid"), m_s2).value(QLatin1String("name")).isString())
            break;
        QTest::qWait(50);
    } while (timer.elapsed() < 15000);
    QCOMPARE(list.size(), 3); // the Panel's fourth server is not on this node
    QCOMPARE(find(list, QStringLiteral("uuid"), m_s1).value(QLatin1String("name")).toString(),
             QStringLiteral("Alpha Survival"));
    QCOMPARE(find(list, QStringLiteral("uuid"), m_s2).value(QLatin1String("name")).toString(),
             QStringLiteral("Beta Creative"));
    const QJsonObject unknown = find(list, QStringLiteral("uuid"), m_s3);
    QVERIFY(unknown.value(QLatin1String("name")).isNull());
    QCOMPARE(unknown.value(QLatin1String("snapshot_count")).toInt(-1), 0);
    QVERIFY(unknown.value(QLatin1String("last_backup_time")).isNull());
    QVERIFY(unknown.value(QLatin1String("last_backup_successful")).isNull());
    QCOMPARE(unknown.value(QLatin1String("busy")), QJsonValue(false));
    QVERIFY(find(list, QStringLiteral("uuid"), m_elsewhere).isEmpty());

    // Read as Wings reads them: both pages, the node's token pair.
    const QList<FakePanel::Call> first = m_panel.callsTo(panelServersPath(1));
    QVERIFY(!first.isEmpty());
    QVERIFY(!m_panel.callsTo(panelServersPath(2)).isEmpty());
    QCOMPARE(first.first().method, QByteArray("GET"));
    QCOMPARE(first.first().headers.value("authorization"), QByteArray("Bearer tid-test.test-token-0123456789"));

    QVERIFY(backupAndWait(*m_pouch, m_all, m_s2, uuidFor(201)));
    const QJsonObject s2 = find(servers(), QStringLiteral("uuid"), m_s2);
    QCOMPARE(s2.value(QLatin1String("snapshot_count")).toInt(-1), 1);
    QVERIFY(QDateTime::fromString(s2.value(QLatin1String("last_backup_time")).toString(), Qt::ISODateWithMs).isValid());
    QCOMPARE(s2.value(QLatin1String("last_backup_successful")), QJsonValue(true));
}

void TestApiNode::jobsListAfterABackup()
{
    const QJsonObject job = find(jobs(), QStringLiteral("backup_uuid"), uuidFor(201));
    QVERIFY2(!job.isEmpty(), QJsonDocument(jobs()).toJson().constData());
    QCOMPARE(job.value(QLatin1String("kind")).toString(), QStringLiteral("backup"));
    QCOMPARE(job.value(QLatin1String("server_uuid")).toString(), m_s2);
    QCOMPARE(job.value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
    QVERIFY(job.value(QLatin1String("id")).isString());
    QVERIFY(job.value(QLatin1String("error")).isNull());
    QVERIFY(job.value(QLatin1String("bytes_done")).isDouble() && job.value(QLatin1String("total_bytes")).isDouble());
    QVERIFY(job.contains(QLatin1String("percent_done")));
    const QDateTime started =
        QDateTime::fromString(job.value(QLatin1String("started_at")).toString(), Qt::ISODateWithMs);
    const QDateTime finished =
        QDateTime::fromString(job.value(QLatin1String("finished_at")).toString(), Qt::ISODateWithMs);
    QVERIFY(started.isValid() && finished.isValid() && started <= finished);
}

void TestApiNode::cancelAThrottledBackup()
{
    // 30 MiB that does not compress, at 1 MiB/s: half a minute unless cancelled.
    QByteArray data(30 * 1024 * 1024, Qt::Uninitialized);
    QRandomGenerator gen(11);
    gen.fillRange(reinterpret_cast<quint32*>(data.data()), data.size() / 4);
    QVERIFY(TestSupport::writeFile(m_pouch->serverDir(m_s1) + QStringLiteral("/big.bin"), data));
    const QString backup = uuidFor(202);
    CHECK_STATUS(
        m_pouch->post(QStringLiteral("/api/servers/%1/backup").arg(m_s1),
                      {{QStringLiteral("adapter"), QStringLiteral("restic")}, {QStringLiteral("uuid"), backup}}),
        202);
    QVERIFY(m_all.waitFor(QStringLiteral("backup started"), backup));
    const QJsonObject running = find(jobs(), QStringLiteral("backup_uuid"), backup);
    const QString id = running.value(QLatin1String("id")).toString();
    QVERIFY(!id.isEmpty());
    QVERIFY(running.value(QLatin1String("finished_at")).isNull());
    QCOMPARE(find(servers(), QStringLiteral("uuid"), m_s1).value(QLatin1String("busy")), QJsonValue(true));
    QVERIFY(m_pouch->get(QStringLiteral("/api/node")).json().value(QLatin1String("jobs_running")).toInt() >= 1);

    QElapsedTimer timer;
    timer.start();
    CHECK_STATUS(m_pouch->request("DELETE", QStringLiteral("/api/jobs/") + id), 204);
    SseClient::Event done;
    QVERIFY(m_all.waitFor(QStringLiteral("backup completed"), backup, m_s1, 30000, &done));
    QCOMPARE(done.data.value(QLatin1String("is_successful")), QJsonValue(false));
    QVERIFY2(timer.elapsed() < 25000, "the cancel did not stop the throttled backup early");

    const QJsonObject cancelled = find(jobs(), QStringLiteral("id"), id);
    QCOMPARE(cancelled.value(QLatin1String("state")).toString(), QStringLiteral("cancelled"));
    QVERIFY(cancelled.value(QLatin1String("error")).isString());
    QVERIFY(cancelled.value(QLatin1String("finished_at")).isString());
    CHECK_ERROR(m_pouch->request("DELETE", QStringLiteral("/api/jobs/") + id), 409, QString());
    CHECK_ERROR(m_pouch->request("DELETE", QStringLiteral("/api/jobs/987654")), 404, QString());
    CHECK_ERROR(m_pouch->request("DELETE", QStringLiteral("/api/jobs/nope")), 404, QString());
    const QJsonObject s1 = find(servers(), QStringLiteral("uuid"), m_s1);
    QCOMPARE(s1.value(QLatin1String("last_backup_successful")), QJsonValue(false));
    QCOMPARE(s1.value(QLatin1String("busy")), QJsonValue(false));
    QVERIFY(QFile::remove(m_pouch->serverDir(m_s1) + QStringLiteral("/big.bin")));
}

void TestApiNode::sseResumeWithLastEventId()
{
    // m_all has seen every event so far; ids are increasing.
    const QList<SseClient::Event> seen = m_all.events();
    QVERIFY(seen.size() >= 4);
    for (qsizetype i = 1; i < seen.size(); ++i)
        QVERIFY2(seen[i].id.toULongLong() > seen[i - 1].id.toULongLong(), seen[i].id.constData());

    // A reconnect after the first event, filtered to s2: exactly s2's later events, in order, then live ones.
    SseClient resumed;
    resumed.setLastEventId(seen.first().id);
    QVERIFY(resumed.connectTo(m_pouch->options().port, m_pouch->options().token, m_s2));
    QList<QByteArray> expected;
    for (qsizetype i = 1; i < seen.size(); ++i) {
        if (seen[i].data.value(QLatin1String("server_id")).toString() == m_s2)
            expected << seen[i].id;
    }
    QVERIFY(!expected.isEmpty());
    QElapsedTimer timer;
    timer.start();
    while (resumed.events().size() < expected.size() && timer.elapsed() < 5000)
        QTest::qWait(20);
    QList<QByteArray> got;
    for (const SseClient::Event& e : resumed.events())
        got << e.id;
    QCOMPARE(got, expected);

    // Live events follow on the same stream; a client that has seen everything gets no replay.
    SseClient upToDate;
    upToDate.setLastEventId(seen.last().id);
    QVERIFY(upToDate.connectTo(m_pouch->options().port, m_pouch->options().token));
    QTest::qWait(300);
    QVERIFY(upToDate.events().isEmpty());
    QVERIFY(backupAndWait(*m_pouch, resumed, m_s2, uuidFor(203)));
    QVERIFY(upToDate.waitFor(QStringLiteral("backup completed"), uuidFor(203)));
    QVERIFY(resumed.events().last().id.toULongLong() > expected.last().toULongLong());
    QCOMPARE(upToDate.events().first().data.value(QLatin1String("backup_uuid")).toString(), uuidFor(203));
}

void TestApiNode::namesSurviveARestartWithThePanelDown()
{
    QCOMPARE(m_pouch->terminate(), 0);
    m_panel.close(); // the Panel is down from now on
    QString error;
    QVERIFY2(m_pouch->start(&error), qPrintable(error));
    // At once, from the catalogue: the first answer already has them.
    const QJsonArray list = servers();
    QCOMPARE(find(list, QStringLiteral("uuid"), m_s1).value(QLatin1String("name")).toString(),
             QStringLiteral("Alpha Survival"));
    QCOMPARE(find(list, QStringLiteral("uuid"), m_s2).value(QLatin1String("name")).toString(),
             QStringLiteral("Beta Creative"));
    // Several refreshes fail (every 500 ms); one warning, and the names stay.
    QCOMPARE(occurrences(*m_pouch, QStringLiteral("cannot read the server names"), 2000), 1);
    QCOMPARE(find(servers(), QStringLiteral("uuid"), m_s1).value(QLatin1String("name")).toString(),
             QStringLiteral("Alpha Survival"));
}

void TestApiNode::panelDownOrBrokenGivesNoNames()
{
    FakePanel broken;
    QVERIFY(broken.listen());
    broken.answer(panelServersPath(1), 500, "<html>Server Error</html>");
    for (const QString& remote : {QStringLiteral("http://127.0.0.1:%1").arg(freePort()), broken.url()}) {
        Pouch::Options o;
        o.remote = remote;
        o.servers = {m_s1};
        o.env.insert(QStringLiteral("POUCH_NAMES_REFRESH_MS"), QStringLiteral("300"));
        Pouch pouch(o);
        QString error;
        QVERIFY2(pouch.start(&error), qPrintable(error));
        QCOMPARE(occurrences(pouch, QStringLiteral("cannot read the server names"), 1500), 1);
        const Response r = pouch.get(QStringLiteral("/api/servers"));
        CHECK_STATUS(r, 200);
        const QJsonObject s1 = find(r.json().value(QLatin1String("servers")).toArray(), QStringLiteral("uuid"), m_s1);
        QVERIFY2(s1.value(QLatin1String("name")).isNull(), r.body.constData());
        QCOMPARE(pouch.terminate(), 0);
    }
    QVERIFY(broken.callsTo(panelServersPath(1)).size() >= 2); // asked again, warned once
}

void TestApiNode::listenOption()
{
    // config.yml says one port (Wings'); --listen moves Pouch to another.
    QTcpServer wings;
    QVERIFY(wings.listen(QHostAddress::LocalHost, 0));
    Pouch::Options o;
    o.servers = {m_s1};
    o.configPort = wings.serverPort();
    o.extraArgs = {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(o.port = freePort())};
    Pouch pouch(o);
    QString error;
    QVERIFY2(pouch.start(&error), qPrintable(error));
    CHECK_STATUS(pouch.get(QStringLiteral("/api/node")), 200);
    QVERIFY(pouch.output().contains(QStringLiteral("127.0.0.1:%1").arg(o.port)));
    QCOMPARE(pouch.terminate(), 0);

    Pouch::Options bad = o;
    bad.extraArgs = {QStringLiteral("--listen"), QStringLiteral("nonsense")};
    Pouch refused(bad);
    QVERIFY(!refused.start(&error));
    QCOMPARE(refused.terminate(), 1);
    QVERIFY2(refused.output().contains(QStringLiteral("--listen nonsense")), qPrintable(refused.output()));
}

void TestApiNode::listenFromTheSettingsFile()
{
    Pouch::Options o;
    o.servers = {m_s1};
    o.configPort = freePort();
    o.port = freePort();
    o.settingsYaml = QStringLiteral("listen: 127.0.0.1:%1\ncatalogue:\n  resync_interval: 30\nconsole:\n  nodes:\n"
                                    "    - name: node-a\n      url: https://node-a.example:8095\n"
                                    "    - url: http://127.0.0.1:8095\n")
                         .arg(o.port);
    Pouch pouch(o);
    QString error;
    QVERIFY2(pouch.start(&error), qPrintable(error));
    CHECK_STATUS(pouch.get(QStringLiteral("/api/node")), 200);
    QVERIFY(!canConnect(o.configPort));
    QCOMPARE(pouch.terminate(), 0);
}

void TestApiNode::tlsFromTheSettingsFile()
{
    // config.yml without TLS (as Wings' may be); the settings file gives Pouch a certificate of its own.
    QTemporaryDir certDir;
    QString cert, key, error;
    QVERIFY2(makeCertificate(certDir.path(), &cert, &key, &error), qPrintable(error));
    Pouch::Options o;
    o.servers = {m_s1};
    o.settingsYaml = QStringLiteral("ssl:\n  cert: %1\n  key: %2\n").arg(cert, key);
    Pouch pouch(o);
    QVERIFY2(pouch.start(&error), qPrintable(error));
    const quint16 port = pouch.options().port;
    QVERIFY2(pouch.output().contains(QStringLiteral("serving the Wings API on https://127.0.0.1:%1").arg(port)),
             qPrintable(pouch.output()));
    SseClient tls;
    QVERIFY(tls.connectToTls(port, o.token, cert));
    QCOMPARE(tls.status(), 200);
    QCOMPARE(pouch.terminate(), 0);
}

void TestApiNode::takenPortNamesTheWayOut()
{
    QTcpServer wings; // what Wings does on api.port
    QVERIFY(wings.listen(QHostAddress::LocalHost, 0));
    Pouch::Options o;
    o.servers = {m_s1};
    o.port = wings.serverPort();
    Pouch pouch(o);
    QString error;
    QVERIFY(!pouch.start(&error));
    QCOMPARE(pouch.terminate(), 1);
    const QString out = pouch.output();
    QVERIFY2(out.contains(QStringLiteral("127.0.0.1:%1").arg(o.port)), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("Wings")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("--listen")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("`listen:")), qPrintable(out));
    QVERIFY2(out.contains(PouchSettings::defaultPath()), qPrintable(out));
}

void TestApiNode::badSettingsFile_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("expected"); // after the file name
    QTest::newRow("listen not host:port")
        << QStringLiteral("# Pouch\nlisten: 8095\n") << QStringLiteral(": line 2: key 'listen'");
    QTest::newRow("listen port out of range")
        << QStringLiteral("listen: 0.0.0.0:70000\n") << QStringLiteral(": line 1: key 'listen'");
    QTest::newRow("resync not a number") << QStringLiteral("catalogue:\n  resync_interval: soon\n")
                                         << QStringLiteral(": line 2: key 'catalogue.resync_interval'");
    QTest::newRow("resync zero") << QStringLiteral("catalogue:\n  resync_interval: 0\n")
                                 << QStringLiteral(": line 2: key 'catalogue.resync_interval'");
    QTest::newRow("nodes not a list") << QStringLiteral("console:\n  nodes: node-a\n")
                                      << QStringLiteral(": line 2: key 'console.nodes'");
    QTest::newRow("node url not http")
        << QStringLiteral("console:\n  nodes:\n    - name: a\n      url: https://a:8095\n    - name: b\n"
                          "      url: ftp://b\n")
        << QStringLiteral(": line 5: key 'console.nodes[1].url'");
    QTest::newRow("ssl cert without key") << QStringLiteral("listen: 127.0.0.1:8095\nssl:\n  cert: /etc/pouch/c.pem\n")
                                          << QStringLiteral(": line 3: key 'ssl.key'");
    QTest::newRow("bad YAML") << QStringLiteral("listen: [\n") << QStringLiteral(": line 2: invalid YAML");
}

void TestApiNode::badSettingsFile()
{
    QFETCH(QString, yaml);
    QFETCH(QString, expected);
    Pouch::Options o;
    o.servers = {m_s1};
    o.settingsYaml = yaml;
    Pouch pouch(o);
    QString error;
    QVERIFY(!pouch.start(&error));
    QCOMPARE(pouch.terminate(), 1);
    QVERIFY2(pouch.output().contains(pouch.settingsPath() + expected), qPrintable(pouch.output()));
}

QTEST_GUILESS_MAIN(TestApiNode)
#include "tst_api_node.moc"
