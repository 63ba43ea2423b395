// Integration tests of headless Pouch over real sockets: the real `pouch --headless` binary on a generated
// config.yml, a local restic repository, raw-socket SSE subscribers and a scripted Panel.

#include "ApiHarness.h"
#include "TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>

using namespace ApiHarness;
using TestSupport::uuidFor;

namespace {

QString backupPath(const QString& server)
{
    return QStringLiteral("/api/servers/%1/backup").arg(server);
}
QString backupPath(const QString& server, const QString& backup, const QString& tail = {})
{
    return QStringLiteral("/api/servers/%1/backup/%2%3").arg(server, backup, tail);
}
QJsonObject backupBody(const QString& uuid, const QString& ignore = {})
{
    return {{QStringLiteral("adapter"), QStringLiteral("restic")},
            {QStringLiteral("uuid"), uuid},
            {QStringLiteral("ignore"), ignore}};
}
QJsonObject restoreBody(bool truncate)
{
    return {{QStringLiteral("adapter"), QStringLiteral("restic")}, {QStringLiteral("truncate_directory"), truncate}};
}
} // namespace

class TestApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void authAndCommonHeaders();
    void routing();
    void unknownServers();
    void backupListStatusAndCallback();
    void badInputChangesNothing();
    void crossServerRestore();
    void deleteBackup();
    void sseSubscriberVanishes();
    void panelRefusalIsNotRetried();
    void resticFailureIs500();
    void listenFailureExits1();
    void https();
    void sigtermDuringBackup();
    void outboxSurvivesRestart();
    void refusedBeforeTheBody();
    void deleteAnswersWhileTheRepositoryIsLocked();
    void eventsFilterMustNameServers();
    void secondProcessRunsNoJobs();
    void noRepositoryRefusesToStart_data();
    void noRepositoryRefusesToStart();

private:
    // Sends raw bytes on a fresh connection and returns everything the server answers until it closes
    // (or timeoutMs passes). `closed` says whether the server closed the connection.
    QByteArray rawExchange(const QByteArray& bytes, bool* closed, int timeoutMs = 10000) const;
    QString userAgent() const
    {
        return QStringLiteral("Pelican Wings/v%1 (id:tid-test)").arg(QStringLiteral(POUCH_VERSION));
    }

    const QString m_s1 = uuidFor(1);
    const QString m_s2 = uuidFor(2);
    const QString m_s3 = uuidFor(3);
    const QString m_b1 = uuidFor(101);
    QMap<QString, QByteArray> m_s1Tree;
    FakePanel m_panel;
    std::unique_ptr<Pouch> m_pouch;
    SseClient m_all; // every server
    SseClient m_s2Only;
};

void TestApi::initTestCase()
{
    QVERIFY(m_panel.listen());
    Pouch::Options o;
    o.remote = m_panel.url();
    o.servers = {m_s1, m_s2, m_s3};
    m_pouch = std::make_unique<Pouch>(o);
    QVERIFY(TestSupport::writeFile(m_pouch->serverDir(m_s1) + QStringLiteral("/a.txt"), "alpha\n"));
    QVERIFY(TestSupport::writeFile(m_pouch->serverDir(m_s1) + QStringLiteral("/sub/b.txt"), "beta\n"));
    QVERIFY(TestSupport::writeFile(m_pouch->serverDir(m_s2) + QStringLiteral("/keep.txt"), "s2's own\n"));
    QVERIFY(TestSupport::writeFile(m_pouch->serverDir(m_s3) + QStringLiteral("/own.txt"), "s3's own\n"));
    m_s1Tree = TestSupport::snapshotTree(m_pouch->serverDir(m_s1));
    QString error;
    QVERIFY2(m_pouch->start(&error), qPrintable(error));
    QVERIFY(m_all.connectTo(m_pouch->options().port, m_pouch->options().token));
    QVERIFY(m_s2Only.connectTo(m_pouch->options().port, m_pouch->options().token, m_s2));
    QVERIFY(m_all.rawHead().contains("Content-Type: text/event-stream"));
}

void TestApi::cleanupTestCase()
{
    if (m_pouch)
        QCOMPARE(m_pouch->terminate(), 0);
}

// Auth on every route: 401 + WWW-Authenticate when missing or malformed, 403 when wrong; the common headers
// and the error shape on every answer.
void TestApi::authAndCommonHeaders()
{
    const QString path = backupPath(m_s1, QStringLiteral("snapshots"));
    const Response none = m_pouch->request("GET", path, {}, "-");
    CHECK_ERROR(none, 401, QString());
    QCOMPARE(none.header("WWW-Authenticate"), QByteArray("Bearer"));
    QCOMPARE(none.header("User-Agent"), userAgent().toUtf8());
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f-]{36}$"))
                .match(QString::fromLatin1(none.header("X-Request-Id")))
                .hasMatch());

    for (const QByteArray& malformed :
         {QByteArray("Basic dGVzdDp0ZXN0"), QByteArray("Bearer"), QByteArray("bearer test-token-0123456789"),
          QByteArray("test-token-0123456789")}) {
        const Response r = m_pouch->request("GET", path, {}, malformed);
        CHECK_ERROR(r, 401, QString());
        QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer"));
    }
    for (const QByteArray& wrong :
         {QByteArray("Bearer nope"), QByteArray("Bearer test-token-012345678"),
          QByteArray("Bearer test-token-01234567890"), QByteArray("Bearer tid-test.test-token-0123456789")}) {
        const Response r = m_pouch->request("GET", path, {}, wrong);
        CHECK_ERROR(r, 403, QString());
        QVERIFY(r.header("WWW-Authenticate").isEmpty());
        QCOMPARE(r.header("User-Agent"), userAgent().toUtf8());
    }
    // Auth comes before anything else: an unknown server without a token is 401, not 404.
    CHECK_STATUS(m_pouch->request("GET", backupPath(uuidFor(77), QStringLiteral("snapshots")), {}, "-"), 401);
    CHECK_STATUS(m_pouch->request("POST", backupPath(m_s1), "{}", "Bearer nope"), 403);

    const Response ok = m_pouch->get(path);
    CHECK_STATUS(ok, 200);
    QCOMPARE(ok.header("User-Agent"), userAgent().toUtf8());
    QVERIFY(!ok.header("X-Request-Id").isEmpty());
    QVERIFY(ok.header("X-Request-Id") != none.header("X-Request-Id"));
    QCOMPARE(ok.json().value(QLatin1String("snapshots")).toArray().size(), 0);

    // The event stream is guarded too.
    SseClient anonymous;
    QVERIFY(!anonymous.connectTo(m_pouch->options().port, QStringLiteral("wrong")));
    QCOMPARE(anonymous.status(), 403);

    // The token never reaches the log.
    QVERIFY(!m_pouch->output().contains(m_pouch->options().token));
}

void TestApi::routing()
{
    CHECK_ERROR(m_pouch->get(QStringLiteral("/nope")), 404, kNotFoundServer);
    CHECK_ERROR(m_pouch->get(QStringLiteral("/api/servers/%1/backup/").arg(m_s1)), 404, QString());

    const Response getBackup = m_pouch->get(backupPath(m_s1));
    CHECK_ERROR(getBackup, 405, QString());
    QCOMPARE(getBackup.header("Allow"), QByteArray("POST"));
    const Response putSnapshots = m_pouch->request("PUT", backupPath(m_s1, QStringLiteral("snapshots")), "{}");
    CHECK_ERROR(putSnapshots, 405, QString());
    QCOMPARE(putSnapshots.header("Allow"), QByteArray("GET, DELETE"));
    CHECK_ERROR(m_pouch->request("POST", backupPath(m_s1, m_b1, QStringLiteral("/status")), "{}"), 405, QString());
    CHECK_ERROR(m_pouch->request("GET", backupPath(m_s1, m_b1, QStringLiteral("/restore"))), 405, QString());
    CHECK_ERROR(m_pouch->request("POST", QStringLiteral("/api/events"), "{}"), 405, QString());

    // Over 1 MiB: 413, and nothing started.
    QByteArray big = QJsonDocument(backupBody(uuidFor(150))).toJson(QJsonDocument::Compact);
    big.insert(1, QByteArray(" \"pad\": \"") + QByteArray(1024 * 1024, 'x') + "\",");
    CHECK_ERROR(m_pouch->request("POST", backupPath(m_s1), big), 413, QString());
    QTest::qWait(200);
    for (const SseClient::Event& e : m_all.events())
        QVERIFY(e.data.value(QLatin1String("backup_uuid")).toString() != uuidFor(150));
}

// A server is known only as an existing directory named by a canonical lowercase UUID; 404 with the exact
// message on every endpoint otherwise.
void TestApi::unknownServers()
{
    // An upper-case id names an existing directory, and is refused all the same.
    const QString upper = QStringLiteral("ABCDEF00-0000-4000-8000-000000000001");
    QVERIFY(QDir().mkpath(m_pouch->serverDir(upper)));
    const QStringList bad{uuidFor(77),
                          upper,
                          QStringLiteral(".."),
                          QStringLiteral("%2e%2e"),
                          QStringLiteral("not-a-uuid"),
                          m_s1 + QStringLiteral("0"),
                          QStringLiteral("%00")};
    for (const QString& server : bad) {
        CHECK_ERROR(m_pouch->get(backupPath(server, QStringLiteral("snapshots"))), 404, kNotFoundServer);
        CHECK_ERROR(m_pouch->post(backupPath(server), backupBody(uuidFor(160))), 404, kNotFoundServer);
        CHECK_ERROR(m_pouch->post(backupPath(server, m_b1, QStringLiteral("/restore")), restoreBody(false)), 404,
                    kNotFoundServer);
        CHECK_ERROR(m_pouch->request("DELETE", backupPath(server, m_b1)), 404, kNotFoundServer);
        CHECK_ERROR(m_pouch->get(backupPath(server, m_b1, QStringLiteral("/status"))), 404, kNotFoundServer);
    }
    QVERIFY(!QFileInfo::exists(m_pouch->serverDir(uuidFor(77))));
    QVERIFY(QDir(m_pouch->serverDir(upper)).isEmpty());
    QVERIFY(QDir().rmdir(m_pouch->serverDir(upper)));
}

// POST /backup → 202, one job per server (409), events to the right subscribers, the Panel told (after a 500),
// then the listing, stats and status of what it made.
void TestApi::backupListStatusAndCallback()
{
    m_panel.script({500}); // the first callback fails, the retry gets the default 204
    CHECK_STATUS(m_pouch->post(backupPath(m_s1), backupBody(m_b1, QStringLiteral("*.log\n"))), 202);
    CHECK_ERROR(m_pouch->post(backupPath(m_s1), backupBody(uuidFor(102))), 409, QString());

    QVERIFY(m_all.waitFor(QStringLiteral("backup started"), m_b1));
    SseClient::Event completed;
    QVERIFY2(m_all.waitFor(QStringLiteral("backup completed"), m_b1, m_s1, 30000, &completed),
             qPrintable(m_pouch->output()));
    QCOMPARE(completed.data, QJsonObject({{QStringLiteral("server_id"), m_s1},
                                          {QStringLiteral("backup_uuid"), m_b1},
                                          {QStringLiteral("is_successful"), true},
                                          {QStringLiteral("checksum"), QString()},
                                          {QStringLiteral("checksum_type"), QStringLiteral("sha1")},
                                          {QStringLiteral("file_size"), 0}}));
    // The subscriber of server 2 hears nothing of server 1.
    for (const SseClient::Event& e : m_s2Only.events())
        QCOMPARE(e.data.value(QLatin1String("server_id")).toString(), m_s2);

    const QByteArray callbackPath = "/api/remote/backups/" + m_b1.toUtf8();
    QTRY_COMPARE_WITH_TIMEOUT(m_panel.callsTo(callbackPath).size(), 2, 10000);
    const auto calls = m_panel.callsTo(callbackPath);
    QCOMPARE(calls[0].body, calls[1].body);
    const FakePanel::Call& call = calls[1];
    QCOMPARE(call.method, QByteArray("POST"));
    QCOMPARE(call.headers.value("authorization"), QByteArray("Bearer tid-test.test-token-0123456789"));
    QCOMPARE(call.headers.value("user-agent"), userAgent().toUtf8());
    QCOMPARE(call.headers.value("accept"), QByteArray("application/json"));
    QCOMPARE(call.headers.value("content-type"), QByteArray("application/json"));
    const QJsonObject body = call.json();
    QCOMPARE(body.value(QLatin1String("successful")).toBool(), true);
    QCOMPARE(body.value(QLatin1String("checksum_type")).toString(), QStringLiteral("restic"));
    QVERIFY(body.value(QLatin1String("size")).toDouble() > 0);
    QVERIFY(body.contains(QLatin1String("parts")) && body.value(QLatin1String("parts")).isNull());
    const QString checksum = body.value(QLatin1String("checksum")).toString();
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{64}$")).match(checksum).hasMatch());
    QTRY_COMPARE_WITH_TIMEOUT(
        QDir(m_pouch->root() + QStringLiteral("/state/pouch/outbox")).entryList(QDir::Files).size(), 0, 5000);

    // The listing: that server's snapshots only, the spec's fields, stats on request.
    const Response list = m_pouch->get(backupPath(m_s1, QStringLiteral("snapshots")));
    CHECK_STATUS(list, 200);
    const QJsonArray snapshots = list.json().value(QLatin1String("snapshots")).toArray();
    QCOMPARE(snapshots.size(), 1);
    const QJsonObject s = snapshots[0].toObject();
    QCOMPARE(s.value(QLatin1String("id")).toString(), checksum);
    QCOMPARE(s.value(QLatin1String("short_id")).toString(), checksum.left(8));
    QCOMPARE(s.value(QLatin1String("backup_uuid")).toString(), m_b1);
    QCOMPARE(s.value(QLatin1String("server_uuid")).toString(), m_s1);
    QCOMPARE(s.value(QLatin1String("paths")).toArray(), QJsonArray({m_pouch->serverDir(m_s1)}));
    QVERIFY(!s.value(QLatin1String("time")).toString().isEmpty());
    QVERIFY(!s.contains(QLatin1String("size")));
    const Response withStats = m_pouch->get(backupPath(m_s1, QStringLiteral("snapshots?include_stats=true")));
    CHECK_STATUS(withStats, 200);
    const QJsonObject st = withStats.json().value(QLatin1String("snapshots")).toArray().at(0).toObject();
    QVERIFY(st.value(QLatin1String("size")).toDouble() > 0);
    QVERIFY(st.value(QLatin1String("total_file_count")).toDouble() >= 2);
    // Exactly `restic stats --json <id>`, as the spec's verification commands check it.
    QByteArray resticStats;
    QCOMPARE(m_pouch->restic({QStringLiteral("stats"), QStringLiteral("--json"), checksum}, &resticStats), 0);
    const QJsonObject rs = QJsonDocument::fromJson(resticStats).object();
    QCOMPARE(st.value(QLatin1String("total_file_count")).toDouble(),
             rs.value(QLatin1String("total_file_count")).toDouble());
    QCOMPARE(st.value(QLatin1String("size")).toDouble(), rs.value(QLatin1String("total_size")).toDouble());
    const QJsonObject statusJson = m_pouch->get(backupPath(m_s1, m_b1, QStringLiteral("/status"))).json();
    QCOMPARE(statusJson.value(QLatin1String("snapshot")).toObject().value(QLatin1String("total_file_count")).toDouble(),
             rs.value(QLatin1String("total_file_count")).toDouble());

    // A Panel that retries the same uuid gets 409 and no second snapshot: once for the uuid this process saved,
    // once for one another node saved (found in the repository).
    const QString dup = QStringLiteral("A backup with this uuid already exists.");
    CHECK_ERROR(m_pouch->post(backupPath(m_s1), backupBody(m_b1)), 409, dup);
    const QString elsewhere = uuidFor(140);
    QCOMPARE(m_pouch->restic({QStringLiteral("backup"), QStringLiteral("--host"), m_s2, QStringLiteral("--tag"),
                              QStringLiteral("backup_uuid:") + elsewhere, QStringLiteral("--tag"),
                              QStringLiteral("server_uuid:") + m_s2, m_pouch->serverDir(m_s2)}),
             0);
    CHECK_ERROR(m_pouch->post(backupPath(m_s1), backupBody(elsewhere)), 409, dup);
    CHECK_ERROR(m_pouch->post(backupPath(m_s2), backupBody(elsewhere)), 409, dup);
    QCOMPARE(m_pouch->get(backupPath(m_s1, QStringLiteral("snapshots")))
                 .json()
                 .value(QLatin1String("snapshots"))
                 .toArray()
                 .size(),
             1);
    QCOMPARE(m_pouch->get(backupPath(m_s2, QStringLiteral("snapshots")))
                 .json()
                 .value(QLatin1String("snapshots"))
                 .toArray()
                 .size(),
             1);
    // Gone again through the API, so that the catalogue forgets it at once.
    CHECK_STATUS(m_pouch->request("DELETE", backupPath(m_s2, elsewhere)), 204);
    QCOMPARE(m_pouch->get(backupPath(m_s2, QStringLiteral("snapshots")))
                 .json()
                 .value(QLatin1String("snapshots"))
                 .toArray()
                 .size(),
             0);

    // Status: found with its size; not found is 200 {"exists": false, "snapshot": null}; scoped to the server.
    const Response status = m_pouch->get(backupPath(m_s1, m_b1, QStringLiteral("/status")));
    CHECK_STATUS(status, 200);
    QCOMPARE(status.json().value(QLatin1String("exists")).toBool(), true);
    const QJsonObject ss = status.json().value(QLatin1String("snapshot")).toObject();
    QCOMPARE(ss.value(QLatin1String("id")).toString(), checksum);
    QVERIFY(ss.value(QLatin1String("size")).toDouble() > 0);
    QVERIFY(ss.contains(QLatin1String("total_file_count")));
    const QJsonObject missing{{QStringLiteral("exists"), false}, {QStringLiteral("snapshot"), QJsonValue()}};
    QCOMPARE(m_pouch->get(backupPath(m_s1, uuidFor(555), QStringLiteral("/status"))).json(), missing);
    QCOMPARE(m_pouch->get(backupPath(m_s2, m_b1, QStringLiteral("/status"))).json(), missing);
}

// Every rejected request leaves the repository and all volumes byte for byte as they were.
void TestApi::badInputChangesNothing()
{
    QTRY_VERIFY_WITH_TIMEOUT(!QDir(m_pouch->repository() + QStringLiteral("/locks")).entryList(QDir::Files).size(),
                             10000);
    const auto repoBefore = TestSupport::snapshotTree(m_pouch->repository());
    const auto volumesBefore = TestSupport::snapshotTree(m_pouch->volumes());
    const auto postRaw = [&](const QString& path, const QByteArray& body) {
        return m_pouch->request("POST", path, body);
    };
    const QString backup = backupPath(m_s1);
    const QString fresh = uuidFor(170);

    CHECK_ERROR(postRaw(backup, "not json"), 400, QString());
    CHECK_ERROR(postRaw(backup, "[]"), 400, QString());
    CHECK_ERROR(postRaw(backup, QByteArray()), 400, QString());
    CHECK_ERROR(postRaw(backup, "{\"uuid\": \"" + fresh.toUtf8() + "\"}"), 400, QString()); // no adapter
    CHECK_ERROR(m_pouch->post(backup, {{"adapter", "s3"}, {"uuid", fresh}}), 400, QString());
    CHECK_ERROR(m_pouch->post(backup, {{"adapter", 1}, {"uuid", fresh}}), 400, QString());
    CHECK_ERROR(m_pouch->post(backup, {{"adapter", "restic"}}), 400, QString());
    CHECK_ERROR(m_pouch->post(
                    backup, {{"adapter", "restic"}, {"uuid", QStringLiteral("ABCDEF00-0000-4000-8000-000000000170")}}),
                400, QString());
    CHECK_ERROR(m_pouch->post(backup, {{"adapter", "restic"}, {"uuid", "../../etc"}}), 400, QString());
    CHECK_ERROR(m_pouch->post(backup, {{"adapter", "restic"}, {"uuid", 170}}), 400, QString());
    CHECK_ERROR(m_pouch->post(backup, {{"adapter", "restic"}, {"uuid", fresh}, {"ignore", 5}}), 400, QString());

    const QString restore = backupPath(m_s2, m_b1, QStringLiteral("/restore"));
    CHECK_ERROR(m_pouch->post(backupPath(m_s2, QStringLiteral("ABCDEF00-0000-4000-8000-000000000101"),
                                         QStringLiteral("/restore")),
                              restoreBody(true)),
                400, QString());
    CHECK_ERROR(
        m_pouch->post(backupPath(m_s2, QStringLiteral("..%2f..%2fetc"), QStringLiteral("/restore")), restoreBody(true)),
        400, QString());
    CHECK_ERROR(postRaw(restore, "{"), 400, QString());
    CHECK_ERROR(m_pouch->post(restore, {{"adapter", "local"}, {"truncate_directory", true}}), 400, QString());
    CHECK_ERROR(m_pouch->post(restore, {{"adapter", "restic"}, {"truncate_directory", "yes"}}), 400, QString());
    CHECK_ERROR(m_pouch->post(backupPath(m_s2, fresh, QStringLiteral("/restore")), restoreBody(true)), 404,
                kNotFoundBackup);

    CHECK_ERROR(m_pouch->request("DELETE", backupPath(m_s1, QStringLiteral("snapshots"))), 400, QString());
    CHECK_ERROR(m_pouch->request("DELETE", backupPath(m_s1, QStringLiteral("ABCDEF00-0000-4000-8000-000000000101"))),
                400, QString());
    CHECK_ERROR(m_pouch->request("DELETE", backupPath(m_s1, m_b1), "{\"adapter\": \"s3\"}"), 400, QString());
    CHECK_ERROR(m_pouch->request("DELETE", backupPath(m_s1, m_b1), "nope"), 400, QString());
    CHECK_ERROR(m_pouch->request("DELETE", backupPath(m_s1, fresh)), 404, kNotFoundBackup);
    // Scoped: server 2 cannot delete server 1's backup.
    CHECK_ERROR(m_pouch->request("DELETE", backupPath(m_s2, m_b1), "{\"adapter\": \"restic\"}"), 404, kNotFoundBackup);

    CHECK_ERROR(m_pouch->get(backupPath(m_s1, QStringLiteral("NOT-A-UUID"), QStringLiteral("/status"))), 400,
                QString());

    QTest::qWait(300);
    const QString repoChange =
        TestSupport::treeDifference(repoBefore, TestSupport::snapshotTree(m_pouch->repository()));
    QVERIFY2(repoChange.isEmpty(), qPrintable(repoChange));
    const QString volumesChange =
        TestSupport::treeDifference(volumesBefore, TestSupport::snapshotTree(m_pouch->volumes()));
    QVERIFY2(volumesChange.isEmpty(), qPrintable(volumesChange));
}

// Restore server 1's backup into server 2 (truncating) and into server 3 (keeping its files).
void TestApi::crossServerRestore()
{
    CHECK_STATUS(m_pouch->post(backupPath(m_s2, m_b1, QStringLiteral("/restore")), restoreBody(true)), 202);
    CHECK_ERROR(m_pouch->post(backupPath(m_s2, m_b1, QStringLiteral("/restore")), restoreBody(true)), 409, QString());
    QVERIFY(m_s2Only.waitFor(QStringLiteral("backup restore started"), m_b1, m_s2));
    SseClient::Event done;
    QVERIFY2(m_s2Only.waitFor(QStringLiteral("backup restore completed"), m_b1, m_s2, 30000, &done),
             qPrintable(m_pouch->output()));
    QCOMPARE(done.data, QJsonObject({{QStringLiteral("server_id"), m_s2}, {QStringLiteral("backup_uuid"), m_b1}}));
    QCOMPARE(TestSupport::snapshotTree(m_pouch->serverDir(m_s2)), m_s1Tree);
    const QByteArray restorePath = "/api/remote/backups/" + m_b1.toUtf8() + "/restore";
    QTRY_COMPARE_WITH_TIMEOUT(m_panel.callsTo(restorePath).size(), 1, 10000);
    QCOMPARE(m_panel.callsTo(restorePath).at(0).json(), QJsonObject({{QStringLiteral("successful"), true}}));

    CHECK_STATUS(m_pouch->post(backupPath(m_s3, m_b1, QStringLiteral("/restore")), restoreBody(false)), 202);
    QVERIFY(m_all.waitFor(QStringLiteral("backup restore completed"), m_b1, m_s3));
    auto expected = m_s1Tree;
    expected.insert(QStringLiteral("own.txt"), "s3's own\n");
    QCOMPARE(TestSupport::snapshotTree(m_pouch->serverDir(m_s3)), expected);
    // Server 3's subscriber-less events never reached the server 2 stream.
    QVERIFY(!m_s2Only.waitFor(QStringLiteral("backup restore completed"), m_b1, m_s3, 100));
}

void TestApi::deleteBackup()
{
    CHECK_STATUS(m_pouch->request("DELETE", backupPath(m_s1, m_b1), "{\"adapter\": \"restic\"}"), 204);
    SseClient::Event deleted;
    QVERIFY(m_all.waitFor(QStringLiteral("backup deleted"), m_b1, m_s1, 10000, &deleted));
    QCOMPARE(
        m_pouch->get(backupPath(m_s1, m_b1, QStringLiteral("/status"))).json().value(QLatin1String("exists")).toBool(),
        false);
    QCOMPARE(m_pouch->get(backupPath(m_s1, QStringLiteral("snapshots")))
                 .json()
                 .value(QLatin1String("snapshots"))
                 .toArray()
                 .size(),
             0);
    CHECK_ERROR(m_pouch->request("DELETE", backupPath(m_s1, m_b1)), 404, kNotFoundBackup);
}

// A subscriber that goes away mid-stream is forgotten; the others keep getting events and keepalives.
void TestApi::sseSubscriberVanishes()
{
    SseClient leaving;
    QVERIFY(leaving.connectTo(m_pouch->options().port, m_pouch->options().token));
    leaving.disconnect();
    const QString b = uuidFor(103);
    CHECK_STATUS(m_pouch->post(backupPath(m_s1), backupBody(b)), 202);
    QVERIFY(m_all.waitFor(QStringLiteral("backup completed"), b, m_s1));
    QVERIFY(m_pouch->isRunning());
    QVERIFY(m_all.isConnected() && m_s2Only.isConnected());
    QVERIFY(m_all.comments().contains("keepalive"));
    QVERIFY(m_s2Only.waitForComment("keepalive", 2000));
    // Its request line is logged when the stream ends.
    QTRY_VERIFY_WITH_TIMEOUT(m_pouch->output().contains(QStringLiteral("GET /api/events 200")), 5000);
}

// A 4xx from the Panel is final: one call, no retry.
void TestApi::panelRefusalIsNotRetried()
{
    m_panel.script({422});
    const QString b = uuidFor(104);
    CHECK_STATUS(m_pouch->post(backupPath(m_s1), backupBody(b)), 202);
    QVERIFY(m_all.waitFor(QStringLiteral("backup completed"), b, m_s1));
    const QByteArray path = "/api/remote/backups/" + b.toUtf8();
    QTRY_COMPARE_WITH_TIMEOUT(m_panel.callsTo(path).size(), 1, 10000);
    QTest::qWait(1500); // the first retry would come after 0.5 s
    QCOMPARE(m_panel.callsTo(path).size(), 1);
    QVERIFY(QDir(m_pouch->root() + QStringLiteral("/state/pouch/outbox")).entryList(QDir::Files).isEmpty());
}

// restic's failures come back as 500 with restic's words; a failed backup reports is_successful false.
void TestApi::resticFailureIs500()
{
    Pouch::Options o;
    o.repository = m_pouch->repository();
    o.resticPassword = QStringLiteral("not the password");
    o.servers = {m_s1};
    Pouch wrong(o);
    QString error;
    QVERIFY2(wrong.start(&error), qPrintable(error));
    const Response r = wrong.get(backupPath(m_s1, QStringLiteral("snapshots")));
    CHECK_ERROR(r, 500, QString());
    QVERIFY2(r.json().value(QLatin1String("error")).toString().contains(QStringLiteral("password")),
             r.body.constData());
    QVERIFY(!r.body.contains("not the password"));
    SseClient events;
    QVERIFY(events.connectTo(wrong.options().port, o.token));
    CHECK_STATUS(wrong.post(backupPath(m_s1), backupBody(uuidFor(105))), 202);
    SseClient::Event completed;
    QVERIFY(events.waitFor(QStringLiteral("backup completed"), uuidFor(105), m_s1, 30000, &completed));
    QCOMPARE(completed.data.value(QLatin1String("is_successful")).toBool(), false);
    QCOMPARE(wrong.terminate(), 0);
}

void TestApi::listenFailureExits1()
{
    Pouch::Options o;
    o.port = m_pouch->options().port; // taken
    Pouch second(o);
    QString error;
    QVERIFY(!second.start(&error));
    QCOMPARE(second.terminate(), 1);
    QVERIFY2(second.output().contains(QStringLiteral("Cannot listen on 127.0.0.1:%1").arg(o.port)),
             qPrintable(second.output()));
}

void TestApi::eventsFilterMustNameServers()
{
    for (const QString& filter : {QStringLiteral("../etc"), m_s1 + QStringLiteral(",nope"),
                                  QStringLiteral("0000000A-0000-4000-8000-00000000000B")}) {
        const Response r =
            m_pouch->get(QStringLiteral("/api/events?servers=") + QString::fromUtf8(QUrl::toPercentEncoding(filter)));
        CHECK_ERROR(r, 400, QString());
        QVERIFY2(r.json().value(QLatin1String("error")).toString().contains(QLatin1String("servers")),
                 r.body.constData());
    }
}

void TestApi::secondProcessRunsNoJobs()
{
    // A restore the running Pouch is in the middle of: a second process must not take it for a leftover.
    const QString live = m_pouch->volumes() + QStringLiteral("/.pouch-staging/restore-77-live");
    QVERIFY(TestSupport::writeFile(live + QStringLiteral("/tree/world/level.dat"), "half restored"));
    const auto stagingBefore = TestSupport::snapshotTree(m_pouch->volumes() + QStringLiteral("/.pouch-staging"));
    Pouch::Options o = m_pouch->options();
    o.port = 0;
    o.rootDirectory = m_pouch->root();
    Pouch second(o);
    QString error;
    QVERIFY(!second.start(&error));
    QCOMPARE(second.terminate(), 1);
    QVERIFY2(second.output().contains(QStringLiteral("A headless Pouch (pid %1)").arg(m_pouch->pid())),
             qPrintable(second.output()));
    QCOMPARE(TestSupport::snapshotTree(m_pouch->volumes() + QStringLiteral("/.pouch-staging")), stagingBefore);
    QVERIFY(QDir(live).removeRecursively());
}

void TestApi::noRepositoryRefusesToStart_data()
{
    QTest::addColumn<QByteArray>("restic");
    QTest::addColumn<QString>("key");
    QTest::newRow("no block") << QByteArray() << QStringLiteral("system.backups.restic.enabled");
    QTest::newRow("disabled") << QByteArray("      enabled: false\n      repository: /tmp/r\n      password: p\n")
                              << QStringLiteral("system.backups.restic.enabled");
    QTest::newRow("no repository") << QByteArray("      enabled: true\n      password: p\n")
                                   << QStringLiteral("system.backups.restic.repository");
}

void TestApi::noRepositoryRefusesToStart()
{
    QFETCH(QByteArray, restic);
    QFETCH(QString, key);
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("config.yml"));
    QByteArray yaml =
        "token_id: t\ntoken: secret-token-123\napi:\n  host: 127.0.0.1\n  port: " + QByteArray::number(freePort()) +
        "\nsystem:\n  root_directory: " + dir.path().toUtf8() + "\n  data: " + dir.path().toUtf8() + "/volumes\n";
    if (!restic.isEmpty())
        yaml += "  backups:\n    restic:\n" + restic;
    QVERIFY(TestSupport::writeFile(config, yaml));
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(POUCH_BINARY), {QStringLiteral("--headless"), QStringLiteral("--config"), config});
    QVERIFY(p.waitForFinished(20000));
    const QString out = QString::fromUtf8(p.readAll());
    QCOMPARE(p.exitCode(), 1);
    QVERIFY2(out.contains(config) && out.contains(key), qPrintable(out));
    QVERIFY2(!out.contains(QLatin1String("serving")), qPrintable(out));
}

void TestApi::https()
{
    QTemporaryDir certDir;
    Pouch::Options o;
    QString error;
    QVERIFY2(makeCertificate(certDir.path(), &o.sslCert, &o.sslKey, &error), qPrintable(error));
    o.ssl = true;
    o.servers = {m_s1};
    Pouch secure(o);
    QVERIFY2(secure.start(&error), qPrintable(error));
    QVERIFY(secure.output().contains(QStringLiteral("https://127.0.0.1:%1").arg(secure.options().port)));
    const Response r = secure.get(backupPath(m_s1, QStringLiteral("snapshots")));
    CHECK_STATUS(r, 200);
    QCOMPARE(r.header("User-Agent"), userAgent().toUtf8());
    CHECK_STATUS(secure.request("GET", backupPath(m_s1, QStringLiteral("snapshots")), {}, "-"), 401);
    // Events stream over TLS: a backup's start and end arrive through the encrypted connection.
    SseClient tlsEvents;
    QVERIFY(tlsEvents.connectToTls(secure.options().port, o.token, o.sslCert));
    QVERIFY(TestSupport::writeFile(secure.serverDir(m_s1) + QStringLiteral("/tls.txt"), "over tls"));
    CHECK_STATUS(secure.post(backupPath(m_s1), backupBody(uuidFor(175))), 202);
    QVERIFY(tlsEvents.waitFor(QStringLiteral("backup started"), uuidFor(175)));
    SseClient::Event completed;
    QVERIFY(tlsEvents.waitFor(QStringLiteral("backup completed"), uuidFor(175), m_s1, 60000, &completed));
    QCOMPARE(completed.data.value(QLatin1String("is_successful")).toBool(), true);
    // The connection guard works on TLS connections too.
    CHECK_STATUS(secure.request("POST", backupPath(m_s1), QByteArray(1024 * 1024 + 1, ' ')), 413);
    // Plain HTTP to the TLS port gets no answer.
    QTcpSocket plain;
    plain.connectToHost(QHostAddress::LocalHost, secure.options().port);
    QVERIFY(plain.waitForConnected(5000));
    plain.write("GET /api/servers/" + m_s1.toUtf8() + "/backup/snapshots HTTP/1.1\r\nHost: x\r\n\r\n");
    plain.waitForReadyRead(1000);
    QVERIFY(!plain.readAll().startsWith("HTTP/1.1 200"));
    QCOMPARE(secure.terminate(), 0);
}

// SIGTERM while restic is writing: restic is interrupted, the job reports failure (SSE and Panel), Pouch
// exits 0 and the repository has no lock and no snapshot from it.
void TestApi::sigtermDuringBackup()
{
    Pouch::Options o;
    o.servers = {m_s1};
    o.remote = m_panel.url();
    o.writeLimitMiB = 1; // 1 MiB/s: the 8 MiB below take seconds
    Pouch pouch(o);
    QByteArray noise(8 * 1024 * 1024, Qt::Uninitialized);
    QRandomGenerator(42).fillRange(reinterpret_cast<quint32*>(noise.data()), noise.size() / 4);
    QVERIFY(TestSupport::writeFile(pouch.serverDir(m_s1) + QStringLiteral("/noise.bin"), noise));
    QString error;
    QVERIFY2(pouch.start(&error), qPrintable(error));
    SseClient events;
    QVERIFY(events.connectTo(pouch.options().port, o.token));
    const QString b = uuidFor(106);
    CHECK_STATUS(pouch.post(backupPath(m_s1), backupBody(b)), 202);
    QVERIFY(events.waitFor(QStringLiteral("backup started"), b));
    // restic holds its lock once it is writing.
    const QString locks = pouch.repository() + QStringLiteral("/locks");
    QTRY_VERIFY_WITH_TIMEOUT(!QDir(locks).entryList(QDir::Files).isEmpty(), 20000);
    QTest::qWait(500);

    QCOMPARE(pouch.terminate(), 0);
    SseClient::Event completed;
    QVERIFY2(events.waitFor(QStringLiteral("backup completed"), b, m_s1, 2000, &completed), qPrintable(pouch.output()));
    QCOMPARE(completed.data.value(QLatin1String("is_successful")).toBool(), false);
    const QByteArray path = "/api/remote/backups/" + b.toUtf8();
    QTRY_COMPARE_WITH_TIMEOUT(m_panel.callsTo(path).size(), 1, 2000);
    QCOMPARE(m_panel.callsTo(path).at(0).json().value(QLatin1String("successful")).toBool(), false);

    QByteArray out;
    QCOMPARE(pouch.restic({QStringLiteral("list"), QStringLiteral("locks"), QStringLiteral("--no-lock")}, &out), 0);
    QVERIFY2(out.trimmed().isEmpty(), out.constData());
    QCOMPARE(pouch.restic({QStringLiteral("snapshots"), QStringLiteral("--json"), QStringLiteral("--no-lock")}, &out),
             0);
    QVERIFY2(QJsonDocument::fromJson(out).array().isEmpty(), out.constData());
}

// A callback the Panel could not take (it was down) is kept on disk and delivered at the next start.
void TestApi::outboxSurvivesRestart()
{
    QTemporaryDir root;
    FakePanel panel;
    const quint16 panelPort = freePort(); // nothing listens there yet
    Pouch::Options o;
    o.rootDirectory = root.path();
    o.servers = {m_s1};
    o.remote = QStringLiteral("http://127.0.0.1:%1").arg(panelPort);
    o.remoteTimeoutSec = 1;
    QVERIFY(TestSupport::writeFile(root.path() + QStringLiteral("/volumes/") + m_s1 + QStringLiteral("/x.txt"), "x"));
    const QString b = uuidFor(107);
    const QString outbox = root.path() + QStringLiteral("/state/pouch/outbox");
    {
        Pouch first(o);
        QString error;
        QVERIFY2(first.start(&error), qPrintable(error));
        CHECK_STATUS(first.post(backupPath(m_s1), backupBody(b)), 202);
        QTRY_VERIFY_WITH_TIMEOUT(first.output().contains(QStringLiteral("giving up on")), 30000);
        QCOMPARE(QDir(outbox).entryList(QDir::Files).size(), 1);
        QCOMPARE(first.terminate(), 0);
    }
    QVERIFY(panel.listen(panelPort));
    Pouch second(o);
    QString error;
    QVERIFY2(second.start(&error), qPrintable(error));
    const QByteArray path = "/api/remote/backups/" + b.toUtf8();
    QTRY_COMPARE_WITH_TIMEOUT(panel.callsTo(path).size(), 1, 10000);
    QCOMPARE(panel.callsTo(path).at(0).json().value(QLatin1String("successful")).toBool(), true);
    QTRY_VERIFY_WITH_TIMEOUT(QDir(outbox).entryList(QDir::Files).isEmpty(), 5000);
    QCOMPARE(second.terminate(), 0);
}

QByteArray TestApi::rawExchange(const QByteArray& bytes, bool* closed, int timeoutMs) const
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_pouch->options().port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(bytes);
    QByteArray answer;
    QElapsedTimer timer;
    timer.start();
    while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < timeoutMs) {
        socket.waitForReadyRead(100);
        answer += socket.readAll();
    }
    answer += socket.readAll();
    *closed = socket.state() != QAbstractSocket::ConnectedState;
    return answer;
}

// Requests Qt's server would have buffered whole are answered from their headers alone, before any body
// byte is read, and the connection is closed: a client cannot make Pouch hold gigabytes in memory.
void TestApi::refusedBeforeTheBody()
{
    const QByteArray path = "/api/servers/" + m_s1.toUtf8() + "/backup";
    const QByteArray auth = "Authorization: Bearer " + m_pouch->options().token.toUtf8() + "\r\n";
    const QString repoBefore = QString::number(TestSupport::snapshotTree(m_pouch->repository()).size());
    auto expect = [&](const QByteArray& request, int status, const char* what) {
        bool closed = false;
        const QByteArray answer = rawExchange(request, &closed);
        QVERIFY2(answer.startsWith("HTTP/1.1 " + QByteArray::number(status) + ' '),
                 (what + (": " + answer)).constData());
        QVERIFY2(closed, what);
        const qsizetype split = answer.indexOf("\r\n\r\n");
        const QJsonObject json = QJsonDocument::fromJson(answer.mid(split + 4)).object();
        QVERIFY2(json.value(QLatin1String("error")).isString(), answer.constData());
        QVERIFY(answer.contains("X-Request-Id: " + json.value(QLatin1String("request_id")).toString().toUtf8()));
        QVERIFY(answer.contains("User-Agent: " + userAgent().toUtf8()));
    };
    // A 1 GiB body announced, none sent: answered at once.
    expect("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 1073741824\r\n\r\n", 413, "oversized");
    // Unauthenticated makes no difference: the size is refused first.
    expect("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n", 413, "oversized, no token");
    expect("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + "Transfer-Encoding: chunked\r\n\r\n", 411, "chunked");
    expect("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 12, 13\r\n\r\n", 400, "bad length");
    expect("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n", 400,
           "two lengths");
    expect("GET " + path + " HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(70 * 1024, 'p'), 431, "endless header");

    // A client that announces a small body and then keeps sending: cut off after 64 KiB of garbage, and
    // Pouch's memory does not follow the 64 MiB it was sent.
    auto rssKiB = [this] {
        QFile status(QStringLiteral("/proc/%1/status").arg(m_pouch->pid()));
        status.open(QIODevice::ReadOnly);
        for (const QByteArray& line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
        return qint64(-1);
    };
    const qint64 rssBefore = rssKiB();
    QTcpSocket liar;
    liar.connectToHost(QHostAddress::LocalHost, m_pouch->options().port);
    QVERIFY(liar.waitForConnected(5000));
    liar.write("POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 2\r\n\r\n{}");
    const QByteArray garbage(1024 * 1024, 'g');
    for (int i = 0; i < 64 && liar.state() == QAbstractSocket::ConnectedState; ++i) {
        liar.write(garbage);
        liar.waitForBytesWritten(1000);
    }
    QTRY_VERIFY_WITH_TIMEOUT(liar.state() != QAbstractSocket::ConnectedState || liar.waitForDisconnected(100), 10000);
    const qint64 rssAfter = rssKiB();
    qInfo("Pouch RSS around a client sending 64 MiB past its body: %lld -> %lld KiB", rssBefore, rssAfter);
    QVERIFY2(rssAfter - rssBefore < 32 * 1024,
             qPrintable(QStringLiteral("RSS %1 -> %2 KiB").arg(rssBefore).arg(rssAfter)));

    // Two small requests pipelined in one write, bodies containing what looks like headers: both answered.
    const QByteArray body = "{\r\n\r\n\"Transfer-Encoding: chunked\": 1, \"adapter\": \"s3\"}"; // valid JSON
    const QByteArray one = "POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth +
                           "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    bool closed = false;
    const QByteArray answers = rawExchange(one + one, &closed, 3000);
    QCOMPARE(answers.count("HTTP/1.1 400 "), 2);
    QCOMPARE(answers.count("The adapter must be"), 2); // the endpoint's answer, not the guard's
    // Nothing of all this reached restic.
    QCOMPARE(QString::number(TestSupport::snapshotTree(m_pouch->repository()).size()), repoBefore);
}

// Another node's backup holds a lock, so forget must wait. The Panel gives up on a request after 15 s,
// so DELETE answers 204 after a bounded wait (1 s here, 10 s by default); the forget goes on as a job and
// `backup deleted` says when the snapshot is gone.
void TestApi::deleteAnswersWhileTheRepositoryIsLocked()
{
    Pouch::Options o;
    o.servers = {m_s1};
    o.deleteAnswerMs = 1000;
    Pouch pouch(o);
    QVERIFY(TestSupport::writeFile(pouch.serverDir(m_s1) + QStringLiteral("/f.txt"), "to be deleted"));
    QString error;
    QVERIFY2(pouch.start(&error), qPrintable(error));
    SseClient events;
    QVERIFY(events.connectTo(pouch.options().port, o.token));
    const QString b = uuidFor(181);
    CHECK_STATUS(pouch.post(backupPath(m_s1), backupBody(b)), 202);
    QVERIFY2(events.waitFor(QStringLiteral("backup completed"), b, m_s1, 60000), qPrintable(pouch.output()));

    // The "other node": a backup reading stdin holds its lock until stdin closes.
    const std::unique_ptr<QProcess> holder = pouch.startRestic(
        {QStringLiteral("backup"), QStringLiteral("--stdin"), QStringLiteral("--host"), QStringLiteral("other-node")});
    QVERIFY(holder->waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(!QDir(pouch.repository() + QStringLiteral("/locks")).entryList(QDir::Files).isEmpty(),
                             30000);
    QElapsedTimer answered;
    answered.start();
    CHECK_STATUS(pouch.request("DELETE", backupPath(m_s1, b), "{\"adapter\": \"restic\"}"), 204);
    QVERIFY2(answered.elapsed() < 10000, qPrintable(QString::number(answered.elapsed())));
    QVERIFY(!events.waitFor(QStringLiteral("backup deleted"), b, m_s1, 1500)); // still waiting for the lock
    QCOMPARE(pouch.get(backupPath(m_s1, b, QStringLiteral("/status"))).json().value(QLatin1String("exists")).toBool(),
             true);

    holder->write("held");
    holder->closeWriteChannel();
    QVERIFY(holder->waitForFinished(60000));
    QVERIFY2(events.waitFor(QStringLiteral("backup deleted"), b, m_s1, 60000), qPrintable(pouch.output()));
    QCOMPARE(pouch.get(backupPath(m_s1, b, QStringLiteral("/status"))).json().value(QLatin1String("exists")).toBool(),
             false);
    QCOMPARE(pouch.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestApi)
#include "tst_api.moc"
