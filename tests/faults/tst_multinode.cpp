#include "ApiHarness.h"
#include "S3Server.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QtTest>

#include <memory>

using namespace ApiHarness;
using TestSupport::uuidFor;
using TestSupport::writeFile;

// Several Wings nodes share one S3 repository: two headless Pouch processes, each with its own volumes,
// state and cache, take ten backup requests each at once over their APIs while one of them deletes a
// backup (forget, then a prune that holds the exclusive lock). Every job must succeed in bounded time, each
// node must see exactly its own servers' snapshots, and `restic check` must pass afterwards.
class TestMultiNode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twoNodesTenBackupsEachAndADelete();

private:
    static QJsonObject backupBody(const QString& uuid)
    {
        return {{"adapter", "restic"}, {"uuid", uuid}, {"ignore", ""}};
    }
};

void TestMultiNode::twoNodesTenBackupsEachAndADelete()
{
    S3Server s3;
    QString error;
    POUCH_REQUIRE(s3.start(&error), QStringLiteral("S3 test server unavailable: ") + error);
    const QString victimServer = uuidFor(900);
    auto node = [&](int base, const QString& nodeUuid) {
        Pouch::Options o;
        o.nodeUuid = nodeUuid;
        o.repository = s3.repositoryUrl(QStringLiteral("shared"));
        o.awsKeyId = s3.accessKey();
        o.awsSecret = s3.secretKey();
        o.cacert = s3.caCertPath();
        o.resticPassword = QStringLiteral("shared-repository-password");
        for (int i = 0; i < 10; ++i)
            o.servers << uuidFor(base + i);
        if (base == 100)
            o.servers << victimServer;
        return std::make_unique<Pouch>(o);
    };
    const std::unique_ptr<Pouch> a = node(100, uuidFor(801));
    const std::unique_ptr<Pouch> b = node(200, uuidFor(802));
    for (Pouch* p : {a.get(), b.get()}) {
        for (const QString& server : p->options().servers) {
            QVERIFY(writeFile(p->serverDir(server) + QStringLiteral("/world/level.dat"),
                              QByteArray(64 * 1024, 'w') + server.toUtf8()));
        }
        QVERIFY2(p->start(&error), qPrintable(error));
    }
    // What a failure message needs: whether the S3 server is still up, and what it and the node printed.
    auto context = [&s3](const Pouch* p) {
        return QStringLiteral("S3 server %1; s3rver said:\n%2\nnode said:\n%3")
            .arg(s3.isRunning() ? QStringLiteral("running") : QStringLiteral("NOT running"), s3.output().right(4000),
                 p->output());
    };
    SseClient eventsA;
    SseClient eventsB;
    QVERIFY(eventsA.connectTo(a->options().port, a->options().token));
    QVERIFY(eventsB.connectTo(b->options().port, b->options().token));

    // One backup first (it initialises the repository), so there is something to delete during the storm.
    QCOMPARE(a->post(QStringLiteral("/api/servers/%1/backup").arg(victimServer), backupBody(uuidFor(9000))).status,
             202);
    SseClient::Event done;
    QVERIFY2(eventsA.waitFor(QStringLiteral("backup completed"), uuidFor(9000), {}, 120000, &done),
             qPrintable(a->output()));
    QVERIFY2(done.data.value(QLatin1String("is_successful")).toBool(), qPrintable(a->output()));

    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 10; ++i) {
        for (const auto& [p, base] : {std::pair{a.get(), 100}, std::pair{b.get(), 200}}) {
            const Response r = p->post(QStringLiteral("/api/servers/%1/backup").arg(uuidFor(base + i)),
                                       backupBody(uuidFor(1000 + base + i)));
            QVERIFY2(r.status == 202, r.body.constData());
        }
        if (i == 2) {
            const Response r =
                a->request("DELETE", QStringLiteral("/api/servers/%1/backup/%2").arg(victimServer, uuidFor(9000)),
                           R"({"adapter": "restic"})");
            QVERIFY2(r.status == 204, r.body.constData());
        }
    }
    for (const auto& [p, events, base] : {std::tuple{a.get(), &eventsA, 100}, std::tuple{b.get(), &eventsB, 200}}) {
        for (int i = 0; i < 10; ++i) {
            const QString backup = uuidFor(1000 + base + i);
            QVERIFY2(events->waitFor(QStringLiteral("backup completed"), backup, {}, 15 * 60 * 1000, &done),
                     qPrintable(context(p)));
            QVERIFY2(done.data.value(QLatin1String("is_successful")).toBool(),
                     qPrintable(QStringLiteral("backup %1 failed:\n%2").arg(backup, context(p))));
            QCOMPARE(done.data.value(QLatin1String("server_id")).toString(), uuidFor(base + i)); // its own node's
        }
    }
    QVERIFY2(eventsA.waitFor(QStringLiteral("backup deleted"), uuidFor(9000), {}, 15 * 60 * 1000),
             qPrintable(a->output()));
    // The prune that follows the delete finishes too (its log line, not an empty lock list: between
    // attempts a waiting prune holds no lock). Then no lock is left.
    const QRegularExpression pruneQueued(QStringLiteral("job (\\d+) Prune"));
    QTRY_VERIFY_WITH_TIMEOUT(pruneQueued.match(a->output()).hasMatch(), 60000);
    const QString pruneDone = QStringLiteral("job %1 succeeded").arg(pruneQueued.match(a->output()).captured(1));
    QTRY_VERIFY2_WITH_TIMEOUT(a->output().contains(pruneDone), qPrintable(context(a.get())), 10 * 60 * 1000);
    qInfo("2 nodes x 10 backups + 1 delete + prune on one S3 repository: %lld ms", clock.elapsed());
    QByteArray locks;
    QCOMPARE(a->restic({QStringLiteral("--no-lock"), QStringLiteral("list"), QStringLiteral("locks")}, &locks), 0);
    QVERIFY2(locks.trimmed().isEmpty(), locks.constData());
    // No job failed or was cancelled on either node.
    const QRegularExpression failedJob(QStringLiteral("pouch\\.jobs: job \\d+ (failed|cancelled)"));
    QVERIFY2(!a->output().contains(failedJob), qPrintable(context(a.get())));
    QVERIFY2(!b->output().contains(failedJob), qPrintable(context(b.get())));

    // Each node lists exactly its own server's snapshot; the deleted backup is gone everywhere.
    for (const auto& [p, base] : {std::pair{a.get(), 100}, std::pair{b.get(), 200}}) {
        for (int i = 0; i < 10; ++i) {
            const Response list = p->get(QStringLiteral("/api/servers/%1/backup/snapshots").arg(uuidFor(base + i)));
            QCOMPARE(list.status, 200);
            const QJsonArray snapshots = list.json().value(QLatin1String("snapshots")).toArray();
            QCOMPARE(snapshots.size(), 1);
            QCOMPARE(snapshots[0].toObject().value(QLatin1String("backup_uuid")).toString(), uuidFor(1000 + base + i));
        }
    }
    const Response gone = a->get(QStringLiteral("/api/servers/%1/backup/%2/status").arg(victimServer, uuidFor(9000)));
    QCOMPARE(gone.json().value(QLatin1String("exists")).toBool(), false);
    QCOMPARE(a->terminate(), 0);
    QCOMPARE(b->terminate(), 0);

    QByteArray all;
    QCOMPARE(a->restic({QStringLiteral("--no-lock"), QStringLiteral("snapshots"), QStringLiteral("--json")}, &all), 0);
    QCOMPARE(QJsonDocument::fromJson(all).array().size(), 20);
    QString checkError;
    QVERIFY2(a->restic({QStringLiteral("check")}, nullptr, &checkError) == 0, qPrintable(checkError));
}

QTEST_GUILESS_MAIN(TestMultiNode)
#include "tst_multinode.moc"
