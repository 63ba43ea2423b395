#include "catalogue/Catalogue.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

// The catalogue on a real SQLite file: what is written comes back after a reopen, own writes win over an older
// listing, and a broken file is rebuilt instead of trusted.
class TestCatalogue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void persistsAcrossReopen();
    void ownWritesWinOverAnOlderListing();
    void brokenFileIsRebuilt();
    void memoryOnlyWritesNoFile();

private:
    static Snapshot snapshot(int n, const QString& server, const QString& backup)
    {
        Snapshot s;
        s.id = QStringLiteral("%1").arg(n, 64, 16, QLatin1Char('0'));
        s.shortId = s.id.left(8);
        s.time = QDateTime(QDate(2026, 1, 1), QTime(0, 0)).addSecs(n * 60).toUTC();
        s.hostname = server;
        s.serverUuid = server;
        s.backupUuid = backup;
        s.tags = {QStringLiteral("backup_uuid:") + backup, QStringLiteral("server_uuid:") + server};
        s.paths = {QStringLiteral("/v/") + server};
        s.tree = QStringLiteral("tree%1").arg(n);
        return s;
    }
    QTemporaryDir m_dir;
};

void TestCatalogue::persistsAcrossReopen()
{
    const QString path = m_dir.filePath(QStringLiteral("a/catalogue.sqlite"));
    {
        Catalogue c;
        QString error;
        QVERIFY2(c.open(path, &error), qPrintable(error));
        QVERIFY(c.isPersistent());
        QVERIFY(!c.isFilled());
        c.replaceAll({snapshot(1, QStringLiteral("s1"), QStringLiteral("b1")),
                      snapshot(2, QStringLiteral("s2"), QStringLiteral("b2"))},
                     c.sequence());
        c.add(snapshot(3, QStringLiteral("s1"), QStringLiteral("b3")));
        c.setStats(snapshot(1, {}, {}).id, {1234, 7});
        c.remove({snapshot(2, {}, {}).id});
        c.flush();
    }
    Catalogue again;
    QString error;
    QVERIFY2(again.open(path, &error), qPrintable(error));
    QVERIFY(again.isFilled());
    QCOMPARE(again.count(), 2);
    const QList<Snapshot> s1 = again.snapshots(QStringLiteral("s1"));
    QCOMPARE(s1.size(), 2);
    QCOMPARE(s1[0].backupUuid, QStringLiteral("b3")); // newest first
    QCOMPARE(s1[1].tree, QStringLiteral("tree1"));
    QCOMPARE(s1[1].paths, QStringList{QStringLiteral("/v/s1")});
    QVERIFY(s1[1].stats.has_value());
    QCOMPARE(s1[1].stats->totalSize, qint64(1234));
    QCOMPARE(s1[1].stats->totalFileCount, qint64(7));
    QVERIFY(!s1[0].stats.has_value());
    QVERIFY(again.snapshots(QStringLiteral("s2")).isEmpty());
    QCOMPARE(again.findBackup(QStringLiteral("b3")).size(), 1);
    QCOMPARE(again.findBackup(QStringLiteral("b3"), QStringLiteral("s2")).size(), 0);
}

void TestCatalogue::ownWritesWinOverAnOlderListing()
{
    Catalogue c;
    const quint64 listingStarted = c.sequence();
    // While restic lists the repository, a backup of ours ends and another snapshot is forgotten.
    c.add(snapshot(10, QStringLiteral("s1"), QStringLiteral("b10")));
    c.add(snapshot(11, QStringLiteral("s1"), QStringLiteral("b11")));
    c.remove({snapshot(11, {}, {}).id});
    // The listing predates both: it lacks 10 and still has 11.
    c.replaceAll({snapshot(11, QStringLiteral("s1"), QStringLiteral("b11")),
                  snapshot(12, QStringLiteral("s1"), QStringLiteral("b12"))},
                 listingStarted);
    QCOMPARE(c.findBackup(QStringLiteral("b10")).size(), 1);
    QCOMPARE(c.findBackup(QStringLiteral("b11")).size(), 0);
    QCOMPARE(c.findBackup(QStringLiteral("b12")).size(), 1);
    // A later listing is the truth again: what it lacks is gone.
    c.replaceAll({snapshot(12, QStringLiteral("s1"), QStringLiteral("b12"))}, c.sequence());
    QCOMPARE(c.count(), 1);
}

void TestCatalogue::brokenFileIsRebuilt()
{
    const QString path = m_dir.filePath(QStringLiteral("broken.sqlite"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(8192, 'x'));
    f.close();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("is unusable.*rebuilding it")));
    Catalogue c;
    QString error;
    QVERIFY2(c.open(path, &error), qPrintable(error));
    QVERIFY(!c.isFilled()); // to be filled from the repository, not trusted
    QCOMPARE(c.count(), 0);
    QVERIFY(QFile::exists(path + QStringLiteral(".broken")));
    c.add(snapshot(20, QStringLiteral("s1"), QStringLiteral("b20")));
    c.flush();
    Catalogue again;
    QVERIFY(again.open(path, &error));
    QCOMPARE(again.count(), 1);
}

void TestCatalogue::memoryOnlyWritesNoFile()
{
    Catalogue c;
    QSignalSpy changed(&c, &Catalogue::changed);
    c.add(snapshot(30, QStringLiteral("s1"), QStringLiteral("b30")));
    c.flush();
    QVERIFY(!c.isPersistent());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(c.count(), 1);
    QVERIFY(c.path().isEmpty());
}

QTEST_GUILESS_MAIN(TestCatalogue)
#include "tst_catalogue.moc"
