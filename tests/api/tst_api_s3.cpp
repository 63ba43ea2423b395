// Headless Pouch on an S3 repository (s3rver over TLS): backup, list, status, cross-server restore, delete.

#include "ApiHarness.h"
#include "S3Server.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QTest>

using namespace ApiHarness;
using TestSupport::uuidFor;

class TestApiS3 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void backupRestoreDeleteOverS3();
    void downloadOverS3(); // after it: that one counts the snapshots

private:
    S3Server m_s3;
    std::unique_ptr<Pouch> m_pouch;
};

void TestApiS3::initTestCase()
{
    QString error;
    POUCH_REQUIRE(m_s3.start(&error), QStringLiteral("S3 test server unavailable: ") + error);
    Pouch::Options o;
    o.repository = m_s3.repositoryUrl(QStringLiteral("pouch"));
    o.awsKeyId = m_s3.accessKey();
    o.awsSecret = m_s3.secretKey();
    o.cacert = m_s3.caCertPath();
    o.servers = {uuidFor(1), uuidFor(2)};
    m_pouch = std::make_unique<Pouch>(o);
    QVERIFY(TestSupport::writeFile(m_pouch->serverDir(uuidFor(1)) + QStringLiteral("/world/level.dat"), "level\n"));
    QVERIFY(TestSupport::writeFile(m_pouch->serverDir(uuidFor(1)) + QStringLiteral("/server.properties"), "motd=hi\n"));
    QVERIFY(TestSupport::writeFile(m_pouch->serverDir(uuidFor(2)) + QStringLiteral("/old.txt"), "old\n"));
    QVERIFY2(m_pouch->start(&error), qPrintable(error));
}

void TestApiS3::cleanupTestCase()
{
    if (m_pouch)
        QCOMPARE(m_pouch->terminate(), 0);
    m_s3.stop();
}

// One backup downloaded as .zip of a folder and as the whole .tar.gz, read back against the source.
void TestApiS3::downloadOverS3()
{
    const QString s1 = uuidFor(1);
    const QString b = uuidFor(211);
    SseClient events;
    QVERIFY(events.connectTo(m_pouch->options().port, m_pouch->options().token));
    QVERIFY2(backupAndWait(*m_pouch, events, s1, b), qPrintable(m_pouch->output()));
    const auto source = TestSupport::snapshotTree(m_pouch->serverDir(s1));
    const Response whole = m_pouch->get(QStringLiteral("/api/servers/%1/backup/%2/download").arg(s1, b));
    CHECK_STATUS(whole, 200);
    QCOMPARE(whole.header("Content-Type"), QByteArray("application/gzip"));
    QMap<QString, QByteArray> entries;
    QString error;
    QVERIFY2(readArchive(whole.body, &entries, &error), qPrintable(error));
    QCOMPARE(entries, source);
    const Response world =
        m_pouch->get(QStringLiteral("/api/servers/%1/backup/%2/download?path=/world&format=zip").arg(s1, b));
    CHECK_STATUS(world, 200);
    entries.clear();
    QVERIFY2(readArchive(world.body, &entries, &error), qPrintable(error));
    // The folder as it was at the backup (an earlier case may have changed level.dat before it).
    QMap<QString, QByteArray> worldAtBackup;
    for (auto it = source.constBegin(); it != source.constEnd(); ++it) {
        if (it.key() == QLatin1String("world") || it.key().startsWith(QLatin1String("world/")))
            worldAtBackup.insert(it.key(), it.value());
    }
    QVERIFY(worldAtBackup.contains(QStringLiteral("world/level.dat")));
    QCOMPARE(entries, worldAtBackup);
}

void TestApiS3::backupRestoreDeleteOverS3()
{
    const QString s1 = uuidFor(1);
    const QString s2 = uuidFor(2);
    const QString b = uuidFor(201);
    SseClient events;
    QVERIFY(events.connectTo(m_pouch->options().port, m_pouch->options().token));

    // The first backup initialises the bucket's repository.
    const Response started = m_pouch->post(QStringLiteral("/api/servers/%1/backup").arg(s1),
                                           {{"adapter", "restic"}, {"uuid", b}, {"ignore", ""}});
    QCOMPARE(started.status, 202);
    SseClient::Event completed;
    QVERIFY2(events.waitFor(QStringLiteral("backup completed"), b, s1, 60000, &completed),
             qPrintable(m_pouch->output()));
    QVERIFY2(completed.data.value(QLatin1String("is_successful")).toBool(), qPrintable(m_pouch->output()));

    const Response list = m_pouch->get(QStringLiteral("/api/servers/%1/backup/snapshots?include_stats=true").arg(s1));
    QCOMPARE(list.status, 200);
    const QJsonArray snapshots = list.json().value(QLatin1String("snapshots")).toArray();
    QCOMPARE(snapshots.size(), 1);
    QCOMPARE(snapshots[0].toObject().value(QLatin1String("backup_uuid")).toString(), b);
    QVERIFY(snapshots[0].toObject().value(QLatin1String("size")).toDouble() > 0);
    const Response status = m_pouch->get(QStringLiteral("/api/servers/%1/backup/%2/status").arg(s1, b));
    QCOMPARE(status.json().value(QLatin1String("exists")).toBool(), true);

    const auto source = TestSupport::snapshotTree(m_pouch->serverDir(s1));
    QCOMPARE(m_pouch
                 ->post(QStringLiteral("/api/servers/%1/backup/%2/restore").arg(s2, b),
                        {{"adapter", "restic"}, {"truncate_directory", true}})
                 .status,
             202);
    QVERIFY2(events.waitFor(QStringLiteral("backup restore completed"), b, s2, 60000), qPrintable(m_pouch->output()));
    QCOMPARE(TestSupport::snapshotTree(m_pouch->serverDir(s2)), source);

    // Selective: one file back into s1 under a destination, and a diff against a second backup.
    const QString b2 = uuidFor(202);
    QVERIFY(TestSupport::writeFile(m_pouch->serverDir(s1) + QStringLiteral("/world/level.dat"), "level, v2\n"));
    QCOMPARE(
        m_pouch->post(QStringLiteral("/api/servers/%1/backup").arg(s1), {{"adapter", "restic"}, {"uuid", b2}}).status,
        202);
    QVERIFY2(events.waitFor(QStringLiteral("backup completed"), b2, s1, 60000), qPrintable(m_pouch->output()));
    const Response diff = m_pouch->get(QStringLiteral("/api/servers/%1/backup/%2/diff?against=%3").arg(s1, b2, b));
    QCOMPARE(diff.status, 200);
    QCOMPARE(diff.json().value(QLatin1String("changed")).toArray().size(), 1);
    QCOMPARE(diff.json().value(QLatin1String("changed")).toArray()[0].toObject().value("path").toString(),
             QStringLiteral("/world/level.dat"));
    QCOMPARE(m_pouch
                 ->post(QStringLiteral("/api/servers/%1/backup/%2/restore").arg(s1, b),
                        {{"adapter", "restic"}, {"paths", QJsonArray{"/world/level.dat"}}, {"destination", "/old"}})
                 .status,
             202);
    QVERIFY2(events.waitFor(QStringLiteral("backup restore completed"), b, s1, 60000), qPrintable(m_pouch->output()));
    const auto s1Tree = TestSupport::snapshotTree(m_pouch->serverDir(s1));
    QCOMPARE(s1Tree.value(QStringLiteral("old/world/level.dat")), QByteArray("level\n"));
    QCOMPARE(s1Tree.value(QStringLiteral("world/level.dat")), QByteArray("level, v2\n"));

    QCOMPARE(
        m_pouch->request("DELETE", QStringLiteral("/api/servers/%1/backup/%2").arg(s1, b), "{\"adapter\":\"restic\"}")
            .status,
        204);
    QCOMPARE(m_pouch->get(QStringLiteral("/api/servers/%1/backup/snapshots").arg(s1))
                 .json()
                 .value(QLatin1String("snapshots"))
                 .toArray()
                 .size(),
             1); // b2 is left
}

QTEST_GUILESS_MAIN(TestApiS3)
#include "tst_api_s3.moc"
