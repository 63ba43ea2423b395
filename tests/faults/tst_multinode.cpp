#include "BackupService.h"
#include "S3Server.h"
#include "TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using TestSupport::uuidFor;
using TestSupport::writeFile;

// Several Wings nodes share one S3 repository: two Pouch instances with their own volumes run ten backups
// each at once while a delete (forget + prune, exclusive locks) runs. All must succeed in bounded time and
// `restic check` must pass afterwards.
class TestMultiNode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twoNodesTenBackupsEachAndADelete();
};

void TestMultiNode::twoNodesTenBackupsEachAndADelete()
{
    S3Server s3;
    QString error;
    if (!s3.start(&error)) {
        if (S3Server::requiredInCi())
            QFAIL(qPrintable(error));
        QSKIP(qPrintable(error));
    }
    QTemporaryDir tmp;
    auto nodeConfig = [&](const QString& name) {
        Config c;
        c.dataDirectory = tmp.filePath(name + QStringLiteral("/volumes"));
        c.tmpDirectory = tmp.filePath(name + QStringLiteral("/tmp"));
        c.restic.binaryPath = TestSupport::resticBinary();
        c.restic.repository = s3.repositoryUrl(QStringLiteral("shared"));
        c.restic.cacert = s3.caCertPath();
        c.restic.awsAccessKeyId = s3.accessKey();
        c.restic.awsSecretAccessKey = s3.secretKey();
        c.restic.password = QStringLiteral("shared-repository-password");
        c.restic.cacheDir = tmp.filePath(name + QStringLiteral("/cache"));
        return c;
    };
    const Config a = nodeConfig(QStringLiteral("node-a"));
    const Config b = nodeConfig(QStringLiteral("node-b"));
    BackupService nodeA(a);
    BackupService nodeB(b);

    // One backup first, so that there is something to delete while the others run.
    const QString victimServer = uuidFor(900);
    QVERIFY(writeFile(a.dataDirectory + QLatin1Char('/') + victimServer + QStringLiteral("/f.txt"), "to delete"));
    const auto victim = nodeA.startBackup(victimServer, uuidFor(9000));
    QVERIFY(QTest::qWaitFor([&] { return victim.job->isFinished(); }, 120000));
    QVERIFY2(victim.job->state() == Job::State::Succeeded, qPrintable(victim.job->outcome().error));

    QList<Job*> jobs;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 10; ++i) {
        for (const auto& [node, config, base] : {std::tuple{&nodeA, &a, 100}, std::tuple{&nodeB, &b, 200}}) {
            const QString server = uuidFor(base + i);
            QVERIFY(writeFile(config->dataDirectory + QLatin1Char('/') + server + QStringLiteral("/world/level.dat"),
                              QByteArray(64 * 1024, char('a' + i)) + server.toUtf8()));
            const auto s = node->startBackup(server, uuidFor(1000 + base + i));
            QVERIFY2(s.ok(), qPrintable(s.message));
            jobs << s.job;
        }
        if (i == 2) {
            const auto del = nodeB.startDelete(victimServer, uuidFor(9000)); // node B deletes node A's backup
            QVERIFY(del.ok());
            jobs << del.job;
        }
    }
    QSignalSpy pruneA(nodeA.jobs(), &JobManager::jobAdded);
    QSignalSpy pruneB(nodeB.jobs(), &JobManager::jobAdded);
    const bool allDone = QTest::qWaitFor(
        [&] {
            for (Job* j : jobs) {
                if (!j->isFinished())
                    return false;
            }
            return true;
        },
        15 * 60 * 1000);
    QVERIFY2(allDone, "the jobs did not finish within 15 minutes");
    for (Job* j : jobs)
        QVERIFY2(j->state() == Job::State::Succeeded, qPrintable(Job::kindName(j->kind()) + QStringLiteral(": ") + j->outcome().error));
    // The delete's prune also finishes cleanly.
    QTRY_VERIFY_WITH_TIMEOUT(nodeB.jobs()->runningCount() == 0 && nodeA.jobs()->runningCount() == 0, 600000);
    for (Job* j : nodeB.jobs()->jobs())
        QVERIFY2(j->state() == Job::State::Succeeded, qPrintable(j->outcome().error));
    qInfo("2 nodes x 10 backups + 1 delete + prune on one S3 repository: %lld ms", clock.elapsed());

    QVERIFY(nodeA.findBackupBlocking(uuidFor(9000)).snapshots.isEmpty());
    QCOMPARE(nodeA.listSnapshotsBlocking(QString(), false).snapshots.size(), 20);
    QProcess check;
    check.setProcessEnvironment(Restic(a).environment());
    check.start(a.restic.binaryPath, {QStringLiteral("--cacert"), a.restic.cacert, QStringLiteral("check")});
    QVERIFY(check.waitForFinished(300000));
    QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
}

QTEST_GUILESS_MAIN(TestMultiNode)
#include "tst_multinode.moc"
