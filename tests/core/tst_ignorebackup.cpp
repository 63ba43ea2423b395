#include "BackupService.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using TestSupport::uuidFor;
using TestSupport::writeFile;

// dir/ ignore lines against real restic: what the snapshot holds, path by path.
class TestIgnoreBackup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void snapshotHoldsExactly_data();
    void snapshotHoldsExactly();
    void cleanupTestCase();

private:
    QString backup(const QString& server, int backupN, const QString& ignore, QString* snapshotId);
    QSet<QString> snapshotPaths(const QString& snapshotId, const QString& serverDir, QString* error);

    QTemporaryDir m_dir;
    Config m_config;
    std::unique_ptr<BackupService> m_service;
    int m_backups = 0;
};

void TestIgnoreBackup::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_config.dataDirectory = m_dir.filePath(QStringLiteral("volumes"));
    m_config.tmpDirectory = m_dir.filePath(QStringLiteral("tmp"));
    m_config.rootDirectory = m_dir.filePath(QStringLiteral("root"));
    m_config.restic.binaryPath = TestSupport::resticBinary();
    m_config.restic.password = QStringLiteral("correct horse battery staple");
    m_config.restic.cacheDir = m_dir.filePath(QStringLiteral("cache"));
    m_config.restic.repository = m_dir.filePath(QStringLiteral("repository"));
    QVERIFY(QDir().mkpath(m_config.dataDirectory));
    QVERIFY(QDir().mkpath(m_config.rootDirectory));
    m_service = std::make_unique<BackupService>(m_config);
    QString error;
    QVERIFY2(m_service->claimNode(QStringLiteral("test"), &error), qPrintable(error));
}

void TestIgnoreBackup::cleanupTestCase()
{
    m_service.reset();
}

QString TestIgnoreBackup::backup(const QString& server, int backupN, const QString& ignore, QString* snapshotId)
{
    const BackupService::Started s = m_service->startBackup(server, uuidFor(backupN), ignore);
    if (!s.ok())
        return QStringLiteral("start failed: ") + s.message;
    if (!QTest::qWaitFor([&] { return s.job->isFinished(); }, 120000))
        return QStringLiteral("timed out");
    if (s.job->state() != Job::State::Succeeded)
        return QStringLiteral("failed: ") + s.job->outcome().error;
    *snapshotId = s.job->outcome().snapshotId;
    return {};
}

// Every path in the snapshot below the server directory, relative to it (restic ls --json, run directly).
QSet<QString> TestIgnoreBackup::snapshotPaths(const QString& snapshotId, const QString& serverDir, QString* error)
{
    QProcess p;
    p.setProcessEnvironment(m_service->restic().environment());
    p.start(m_config.restic.binaryPath, {QStringLiteral("ls"), QStringLiteral("--json"), snapshotId});
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = QStringLiteral("restic ls failed: ") + QString::fromUtf8(p.readAllStandardError());
        return {};
    }
    QSet<QString> paths;
    const QString prefix = serverDir + QLatin1Char('/');
    for (const QByteArray& line : p.readAllStandardOutput().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(QLatin1String("struct_type")).toString() != QLatin1String("node"))
            continue;
        const QString path = o.value(QLatin1String("path")).toString();
        if (path.startsWith(prefix))
            paths << path.mid(prefix.size());
    }
    return paths;
}

void TestIgnoreBackup::snapshotHoldsExactly_data()
{
    QTest::addColumn<QString>("ignore");
    QTest::addColumn<QStringList>("expected");
    // Every server gets the same tree: logs/ and a/logs/ directories, a file named logs in a/b, a blank at the
    // end of "t " (beside "t"), and a name full of glob characters and a dollar.
    const QStringList all{"a",
                          "a/b",
                          "a/b/logs",
                          "a/logs",
                          "a/logs/x.txt",
                          "logs",
                          "logs/latest.log",
                          "logs/old",
                          "logs/old/z",
                          "keep.txt",
                          "t",
                          "t/f",
                          "t ",
                          "t /f",
                          "p[1]*?$HOME\\.cache",
                          "p[1]*?$HOME\\.cache/c"};
    const auto without = [&](const QStringList& gone) {
        QStringList out;
        for (const QString& p : all) {
            if (!gone.contains(p))
                out << p;
        }
        return out;
    };
    QTest::newRow("no ignore") << QString() << all;
    // The directories themselves go, with all inside them; the file a/b/logs stays.
    QTest::newRow("logs/") << QStringLiteral("logs/")
                           << without({"a/logs", "a/logs/x.txt", "logs", "logs/latest.log", "logs/old", "logs/old/z"});
    QTest::newRow("/logs/ anchored") << QStringLiteral("/logs/")
                                     << without({"logs", "logs/latest.log", "logs/old", "logs/old/z"});
    QTest::newRow("negation brings one back")
        << QStringLiteral("logs/\n!a/logs/") << without({"logs", "logs/latest.log", "logs/old", "logs/old/z"});
    // a/logs comes back, but *.txt inside it stays out, as in git.
    QTest::newRow("negation keeps earlier patterns inside")
        << QStringLiteral("*.txt\nlogs/\n!a/logs/")
        << without({"a/logs/x.txt", "keep.txt", "logs", "logs/latest.log", "logs/old", "logs/old/z"});
    QTest::newRow("negation below an excluded dir")
        << QStringLiteral("a/\n!a/logs/") << without({"a", "a/b", "a/b/logs", "a/logs", "a/logs/x.txt"});
    QTest::newRow("literal names") << QStringLiteral("t /\n*.cache/")
                                   << without({"t ", "t /f", "p[1]*?$HOME\\.cache", "p[1]*?$HOME\\.cache/c"});
}

void TestIgnoreBackup::snapshotHoldsExactly()
{
    QFETCH(QString, ignore);
    QFETCH(QStringList, expected);
    const int n = ++m_backups;
    const QString server = uuidFor(100 + n);
    const QString dir = m_config.dataDirectory + QLatin1Char('/') + server;
    for (const char* f : {"a/b/logs", "a/logs/x.txt", "logs/latest.log", "logs/old/z", "keep.txt", "t/f", "t /f",
                          "p[1]*?$HOME\\.cache/c"})
        QVERIFY(writeFile(dir + QLatin1Char('/') + QString::fromUtf8(f), "x"));

    QString snapshotId;
    const QString failed = backup(server, n, ignore, &snapshotId);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QString error;
    const QSet<QString> got = snapshotPaths(snapshotId, dir, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList sorted = got.values();
    sorted.sort();
    expected.sort();
    QCOMPARE(sorted, expected);
}

QTEST_GUILESS_MAIN(TestIgnoreBackup)
#include "tst_ignorebackup.moc"
