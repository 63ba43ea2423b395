// The repository's health on S3 (the S3 test server over TLS): a check with a data subset, the growth of three
// backups, and the locks: our own stale one (a SIGKILLed restic) removed by unlock, another host's live one kept.

#include "ApiHarness.h"
#include "S3Server.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace ApiHarness;
using TestSupport::uuidFor;

class TestApiRepositoryS3 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void growthOnS3();
    void checkOnS3();
    void locksOnS3();

private:
    S3Server m_s3;
    std::unique_ptr<Pouch> m_pouch;
    SseClient m_events;
    const QString m_s1 = uuidFor(1);
};

void TestApiRepositoryS3::initTestCase()
{
    QString error;
    POUCH_REQUIRE(m_s3.start(&error), QStringLiteral("S3 test server unavailable: ") + error);
    Pouch::Options o;
    o.repository = m_s3.repositoryUrl(QStringLiteral("health"));
    o.awsKeyId = m_s3.accessKey();
    o.awsSecret = m_s3.secretKey();
    o.cacert = m_s3.caCertPath();
    o.servers = {m_s1};
    m_pouch = std::make_unique<Pouch>(o);
    QVERIFY(QDir().mkpath(m_pouch->root() + QStringLiteral("/state")));
    QVERIFY(QDir().mkpath(m_pouch->serverDir(m_s1)));
    QVERIFY2(m_pouch->start(&error), qPrintable(error));
    QVERIFY(m_events.connectTo(m_pouch->options().port, m_pouch->options().token));
}

void TestApiRepositoryS3::cleanupTestCase()
{
    m_events.disconnect();
    if (m_pouch)
        QCOMPARE(m_pouch->terminate(), 0);
    m_s3.stop();
}

void TestApiRepositoryS3::growthOnS3()
{
    const QList<int> sizes{80000, 40000, 120000};
    for (int i = 0; i < sizes.size(); ++i) {
        QByteArray data(sizes[i], Qt::Uninitialized);
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(data.data()), sizes[i] / 4);
        QVERIFY(TestSupport::writeFile(m_pouch->serverDir(m_s1) + QStringLiteral("/f%1.bin").arg(i), data));
        QVERIFY2(backupAndWait(*m_pouch, m_events, m_s1, uuidFor(300 + i)), qPrintable(m_pouch->output()));
    }
    const Response r = m_pouch->get(QStringLiteral("/api/servers/%1/backup/growth").arg(m_s1));
    CHECK_STATUS(r, 200);
    const QJsonArray points = r.json().value(QLatin1String("points")).toArray();
    QCOMPARE(points.size(), 3);
    qint64 total = 0;
    for (int i = 0; i < 3; ++i) {
        const QJsonObject p = points[i].toObject();
        QCOMPARE(p.value(QLatin1String("backup_uuid")).toString(), uuidFor(300 + i));
        const qint64 added = qint64(p.value(QLatin1String("added")).toDouble(-1));
        QVERIFY2(added >= sizes[i] && added < sizes[i] + 16384, qPrintable(QString::number(added)));
        total += sizes[i];
        QCOMPARE(qint64(p.value(QLatin1String("size")).toDouble()), total);
    }
    const QJsonObject state = m_pouch->get(QStringLiteral("/api/repository")).json();
    QCOMPARE(state.value(QLatin1String("snapshot_count")).toInt(), 3);
    QVERIFY(state.value(QLatin1String("raw_size")).toDouble() >= double(total));
    QVERIFY(!state.value(QLatin1String("repository")).toString().contains(m_s3.secretKey()));
}

void TestApiRepositoryS3::checkOnS3()
{
    m_events.clear();
    const Response r = m_pouch->post(QStringLiteral("/api/repository/check"),
                                     {{QStringLiteral("read_data_subset"), QStringLiteral("1/2")}});
    CHECK_STATUS(r, 202);
    SseClient::Event done;
    QVERIFY(m_events.waitFor(QStringLiteral("repository check completed"), {}, {}, 60000, &done));
    QVERIFY2(done.data.value(QLatin1String("successful")).toBool(),
             qPrintable(QJsonDocument(done.data).toJson(QJsonDocument::Compact)));
    const QJsonObject last =
        m_pouch->get(QStringLiteral("/api/repository")).json().value(QLatin1String("last_check")).toObject();
    QCOMPARE(last.value(QLatin1String("successful")).toBool(), true);
    CHECK_STATUS(m_pouch->post(QStringLiteral("/api/repository/check"),
                               {{QStringLiteral("read_data_subset"), QStringLiteral("0/2")}}),
                 400);
}

void TestApiRepositoryS3::locksOnS3()
{
    QString ownId;
    std::unique_ptr<QProcess> own = m_pouch->holdLock({}, &ownId);
    QVERIFY(own);
    own->kill();
    QVERIFY(own->waitForFinished(5000));
    QString otherId;
    std::unique_ptr<QProcess> other = m_pouch->holdLock(Pouch::otherHost(), &otherId);
    QVERIFY2(other, "unshare -Ur -u failed: user namespaces are needed for another host's lock");
    other->kill();
    QVERIFY(other->waitForFinished(5000));

    const QJsonArray locks =
        m_pouch->get(QStringLiteral("/api/repository/locks")).json().value(QLatin1String("locks")).toArray();
    QCOMPARE(locks.size(), 2);
    const Response r = m_pouch->request("POST", QStringLiteral("/api/repository/unlock"));
    CHECK_STATUS(r, 200);
    const QJsonArray removed = r.json().value(QLatin1String("removed")).toArray();
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed[0].toObject().value(QLatin1String("id")).toString(), ownId);
    QCOMPARE(m_pouch->lockIds(), QStringList{otherId});
    // The other host's lock is that host's to remove; here restic removes it as that host would (from its UTS
    // namespace, where the lock's process is gone).
    std::unique_ptr<QProcess> cleanup = m_pouch->startRestic({QStringLiteral("unlock")}, Pouch::otherHost());
    QVERIFY(cleanup->waitForFinished(30000));
    QCOMPARE(cleanup->exitCode(), 0);
    QCOMPARE(m_pouch->lockIds(), QStringList());
}

QTEST_GUILESS_MAIN(TestApiRepositoryS3)
#include "tst_api_repository_s3.moc"
