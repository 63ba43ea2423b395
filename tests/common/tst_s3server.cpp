#include "S3Server.h"
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestS3Server : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void supportHelpers();
    void resticInitAndList();
    void stopEndsTheProcess();

private:
    QProcess* runRestic(const QStringList& args, const QString& repository);

    S3Server m_server;
    QTemporaryDir m_cache;
    bool m_started = false;
};

void TestS3Server::initTestCase()
{
    QString error;
    m_server.setBuckets({QStringLiteral("pouch"), QStringLiteral("extra")});
    m_started = m_server.start(&error);
    POUCH_REQUIRE(m_started, QStringLiteral("S3 test server unavailable: ") + error);
    QVERIFY(m_server.pid() > 0);
    QVERIFY(m_server.endpoint().startsWith(QLatin1String("https://127.0.0.1:")));
}

void TestS3Server::supportHelpers()
{
    QCOMPARE(TestSupport::uuidFor(1), QStringLiteral("00000000-0000-4000-8000-000000000001"));
    QVERIFY(TestSupport::uuidFor(2) != TestSupport::uuidFor(3));
    QVERIFY(!QUuid::fromString(TestSupport::uuidFor(42)).isNull());

    QTemporaryDir dir;
    QVERIFY(TestSupport::writeFile(dir.filePath(QStringLiteral("a/b.txt")), "hello"));
    QVERIFY(QFile::link(QStringLiteral("a/b.txt"), dir.filePath(QStringLiteral("link"))));
    const QMap<QString, QByteArray> tree = TestSupport::snapshotTree(dir.path());
    QCOMPARE(tree.value(QStringLiteral("a")), QByteArray("dir:"));
    QCOMPARE(tree.value(QStringLiteral("a/b.txt")), QByteArray("hello"));
    QCOMPARE(tree.value(QStringLiteral("link")), QByteArray("symlink:a/b.txt"));
    QCOMPARE(tree.size(), 3);
}

QProcess* TestS3Server::runRestic(const QStringList& args, const QString& repository)
{
    auto* proc = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Secrets only through the environment, never in argv.
    env.insert(QStringLiteral("RESTIC_REPOSITORY"), repository);
    env.insert(QStringLiteral("RESTIC_PASSWORD"), QStringLiteral("harness-password"));
    env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), m_server.accessKey());
    env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), m_server.secretKey());
    env.insert(QStringLiteral("RESTIC_CACHE_DIR"), m_cache.path());
    proc->setProcessEnvironment(env);
    proc->start(TestSupport::resticBinary(), QStringList{QStringLiteral("--cacert"), m_server.caCertPath()} + args);
    proc->waitForFinished(60000);
    return proc;
}

void TestS3Server::resticInitAndList()
{
    const QString repo = m_server.repositoryUrl(QStringLiteral("pouch"));
    QProcess* init = runRestic({QStringLiteral("init")}, repo);
    QVERIFY2(init->exitStatus() == QProcess::NormalExit && init->exitCode() == 0,
             qPrintable(QString::fromLocal8Bit(init->readAllStandardError())));

    QProcess* list = runRestic({QStringLiteral("snapshots"), QStringLiteral("--json")}, repo);
    QVERIFY2(list->exitStatus() == QProcess::NormalExit && list->exitCode() == 0,
             qPrintable(QString::fromLocal8Bit(list->readAllStandardError())));
    const QJsonDocument doc = QJsonDocument::fromJson(list->readAllStandardOutput());
    QVERIFY(doc.isArray());
    QCOMPARE(doc.array().size(), 0);

    // The second bucket configured at start-up, and one created afterwards, work as well.
    QProcess* initExtra = runRestic({QStringLiteral("init")}, m_server.repositoryUrl(QStringLiteral("extra")));
    QCOMPARE(initExtra->exitCode(), 0);
    QString error;
    QVERIFY2(m_server.createBucket(QStringLiteral("second"), &error), qPrintable(error));
    QProcess* init2 = runRestic({QStringLiteral("init")}, m_server.repositoryUrl(QStringLiteral("second")));
    QCOMPARE(init2->exitCode(), 0);
}

void TestS3Server::stopEndsTheProcess()
{
    const qint64 pid = m_server.pid();
    QVERIFY(pid > 0);
    m_server.stop();
    QVERIFY(!m_server.isRunning());
    QCOMPARE(m_server.pid(), qint64(0));
    QVERIFY(!QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid))); // terminated and reaped
}

QTEST_GUILESS_MAIN(TestS3Server)
#include "tst_s3server.moc"
