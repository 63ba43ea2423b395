#include "StagedRestore.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QLocalServer>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>
#include <unistd.h>

using TestSupport::snapshotTree;
using TestSupport::writeFile;

class TestStagedRestore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void truncateReplacesEverything();
    void mergeKeepsOthersAndNeverFollowsSymlinks();
    void failedSwapRollsBack();
    void crashMidSwapIsRolledBackAtStart();
    void sanitizeDropsSocketsAndSetuid();
    void outermostDropsWhatAnotherCovers();
    void pathsReplaceWholeAndLeaveTheRest();
    void pathsIntoADestinationCreateIt();
    void pathsNeverGoThroughASymlink();
    void failedPathSwapRollsBackEverything();
    void crashMidPathSwapRemovesCreatedDirectories();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString path(const QString& rel) const { return m_dir->filePath(rel); }
};

void TestStagedRestore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(path(QStringLiteral("volumes/target"))));
}

void TestStagedRestore::truncateReplacesEverything()
{
    QVERIFY(writeFile(path(QStringLiteral("volumes/target/old.txt")), "old"));
    QVERIFY(writeFile(path(QStringLiteral("volumes/target/.hidden")), "h"));
    QVERIFY(writeFile(path(QStringLiteral("volumes/target/b/c.txt")), "c"));
    StagedRestore staged(path(QStringLiteral("volumes/.pouch-staging")), QStringLiteral("job1"));
    QString error;
    QVERIFY(staged.prepare(&error));
    QVERIFY(writeFile(staged.treeDirectory() + QStringLiteral("/x.txt"), "x"));
    QVERIFY(writeFile(staged.treeDirectory() + QStringLiteral("/b/d.txt"), "d"));
    const auto expected = snapshotTree(staged.treeDirectory());
    QVERIFY2(staged.commit(staged.treeDirectory(), path(QStringLiteral("volumes/target")), true, &error),
             qPrintable(error));
    QCOMPARE(snapshotTree(path(QStringLiteral("volumes/target"))), expected);
    staged.cleanup();
    QVERIFY(!QFileInfo::exists(staged.directory()));
}

void TestStagedRestore::mergeKeepsOthersAndNeverFollowsSymlinks()
{
    QVERIFY(QDir().mkpath(path(QStringLiteral("outside"))));
    QVERIFY(writeFile(path(QStringLiteral("volumes/target/keep.txt")), "keep"));
    QVERIFY(writeFile(path(QStringLiteral("volumes/target/b/c.txt")), "c"));
    QVERIFY(writeFile(path(QStringLiteral("volumes/target/same.txt")), "modified"));
    QVERIFY(QFile::link(path(QStringLiteral("outside")), path(QStringLiteral("volumes/target/evil"))));
    StagedRestore staged(path(QStringLiteral("volumes/.pouch-staging")), QStringLiteral("job2"));
    QString error;
    QVERIFY(staged.prepare(&error));
    const QString tree = staged.treeDirectory();
    QVERIFY(writeFile(tree + QStringLiteral("/b/d.txt"), "d"));
    QVERIFY(writeFile(tree + QStringLiteral("/same.txt"), "original"));
    QVERIFY(writeFile(tree + QStringLiteral("/evil/payload.txt"), "payload"));
    QVERIFY2(staged.commit(tree, path(QStringLiteral("volumes/target")), false, &error), qPrintable(error));
    staged.cleanup();

    const auto after = snapshotTree(path(QStringLiteral("volumes/target")));
    QCOMPARE(after.value(QStringLiteral("keep.txt")), QByteArray("keep"));
    QCOMPARE(after.value(QStringLiteral("b/c.txt")), QByteArray("c"));
    QCOMPARE(after.value(QStringLiteral("b/d.txt")), QByteArray("d"));
    QCOMPARE(after.value(QStringLiteral("same.txt")), QByteArray("original"));
    QCOMPARE(after.value(QStringLiteral("evil")), QByteArray("dir:"));
    QCOMPARE(after.value(QStringLiteral("evil/payload.txt")), QByteArray("payload"));
    QVERIFY(snapshotTree(path(QStringLiteral("outside"))).isEmpty());
}

void TestStagedRestore::failedSwapRollsBack()
{
    QVERIFY(writeFile(path(QStringLiteral("volumes/target/a.txt")), "a"));
    QVERIFY(writeFile(path(QStringLiteral("volumes/target/z/inner.txt")), "inner"));
    const auto before = snapshotTree(path(QStringLiteral("volumes/target")));
    StagedRestore staged(path(QStringLiteral("volumes/.pouch-staging")), QStringLiteral("job3"));
    QString error;
    QVERIFY(staged.prepare(&error));
    const QString tree = staged.treeDirectory();
    QVERIFY(writeFile(tree + QStringLiteral("/0new.txt"), "moved in first"));
    QVERIFY(writeFile(tree + QStringLiteral("/a.txt"), "new a"));
    QVERIFY(writeFile(tree + QStringLiteral("/z/inner.txt"), "new inner"));
    // The aside area vanishing makes the second move fail (as a broken disk would), after the first is done.
    QVERIFY(QDir(staged.directory() + QStringLiteral("/aside")).removeRecursively());
    QVERIFY(!staged.commit(tree, path(QStringLiteral("volumes/target")), false, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(snapshotTree(path(QStringLiteral("volumes/target"))), before);
}

void TestStagedRestore::crashMidSwapIsRolledBackAtStart()
{
    const QString staging = path(QStringLiteral("volumes/.pouch-staging"));
    QVERIFY(writeFile(path(QStringLiteral("volumes/target/a.txt")), "a"));
    QVERIFY(writeFile(path(QStringLiteral("volumes/target/b.txt")), "b"));
    const auto before = snapshotTree(path(QStringLiteral("volumes/target")));
    // What a process killed between two renames leaves behind: a journal and half the moves done.
    QVERIFY(QDir().mkpath(staging + QStringLiteral("/crashed/aside")));
    QFile journal(staging + QStringLiteral("/crashed/journal"));
    QVERIFY(journal.open(QIODevice::WriteOnly));
    const QString from = path(QStringLiteral("volumes/target/a.txt"));
    const QString to = staging + QStringLiteral("/crashed/aside/1");
    journal.write("M " + QFile::encodeName(from).toBase64() + ' ' + QFile::encodeName(to).toBase64() + '\n');
    journal.close();
    QVERIFY(QFile::rename(from, to));
    QVERIFY(writeFile(staging + QStringLiteral("/leftover/tree/x"), "x")); // an unjournalled leftover

    const QStringList log = StagedRestore::recoverAll(staging);
    QVERIFY2(log.join(QLatin1Char('\n')).contains(QLatin1String("Rolled back")),
             qPrintable(log.join(QLatin1Char('\n'))));
    QCOMPARE(snapshotTree(path(QStringLiteral("volumes/target"))), before);
    QVERIFY(QDir(staging).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
}

void TestStagedRestore::sanitizeDropsSocketsAndSetuid()
{
    StagedRestore staged(path(QStringLiteral("volumes/.pouch-staging")), QStringLiteral("job4"));
    QString error;
    QVERIFY(staged.prepare(&error));
    const QString tree = staged.treeDirectory();
    QVERIFY(writeFile(tree + QStringLiteral("/bin/tool"), "#!/bin/sh\n"));
    QVERIFY(QFile::setPermissions(tree + QStringLiteral("/bin/tool"), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    QVERIFY(::chmod(QFile::encodeName(tree + QStringLiteral("/bin/tool")).constData(), 04755) == 0);
    QLocalServer socket;
    socket.setSocketOptions(QLocalServer::UserAccessOption);
    QVERIFY(socket.listen(tree + QStringLiteral("/sock")));
    const QStringList dropped = staged.sanitize(tree, ::getuid(), ::getgid(), false, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(dropped.size(), 1);
    QVERIFY(dropped.first().endsWith(QLatin1String("/sock")));
    struct stat st
    {
    };
    QCOMPARE(::stat(QFile::encodeName(tree + QStringLiteral("/bin/tool")).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, 0755u);
    staged.cleanup();
}

void TestStagedRestore::outermostDropsWhatAnotherCovers()
{
    // "/a b" sorts between "/a" and "/a/b" in byte order, and is not below "/a".
    QCOMPARE(StagedRestore::outermost({QStringLiteral("/a/b"), QStringLiteral("/a b"), QStringLiteral("/a"),
                                       QStringLiteral("/a"), QStringLiteral("/ab/c"), QStringLiteral("/a/b/c")}),
             QStringList({QStringLiteral("/a"), QStringLiteral("/a b"), QStringLiteral("/ab/c")}));
}

void TestStagedRestore::pathsReplaceWholeAndLeaveTheRest()
{
    const QString target = path(QStringLiteral("volumes/target"));
    QVERIFY(writeFile(target + QStringLiteral("/world/level.dat"), "new level"));
    QVERIFY(writeFile(target + QStringLiteral("/world/added-later.txt"), "not in the snapshot"));
    QVERIFY(writeFile(target + QStringLiteral("/logs/today.log"), "untouched"));
    QVERIFY(writeFile(target + QStringLiteral("/server.properties"), "motd=new"));
    StagedRestore staged(path(QStringLiteral("volumes/.pouch-staging")), QStringLiteral("job1"));
    QString error;
    QVERIFY(staged.prepare(&error));
    const QString tree = staged.treeDirectory();
    QVERIFY(writeFile(tree + QStringLiteral("/world/level.dat"), "old level"));
    QVERIFY(writeFile(tree + QStringLiteral("/world/region/r.mca"), "region"));
    QVERIFY(writeFile(tree + QStringLiteral("/server.properties"), "motd=old"));
    QVERIFY(writeFile(tree + QStringLiteral("/config/deep/a.yml"), "a: 1")); // its parents are missing in the target
    QVERIFY2(staged.commitPaths(
                 tree, target, QString(),
                 {QStringLiteral("/world"), QStringLiteral("/server.properties"), QStringLiteral("/config/deep/a.yml")},
                 0, 0, false, &error),
             qPrintable(error));
    const auto after = snapshotTree(target);
    QCOMPARE(after.value(QStringLiteral("world/level.dat")), QByteArray("old level"));
    QCOMPARE(after.value(QStringLiteral("world/region/r.mca")), QByteArray("region"));
    QVERIFY(!after.contains(QStringLiteral("world/added-later.txt"))); // the folder was replaced whole
    QCOMPARE(after.value(QStringLiteral("logs/today.log")), QByteArray("untouched"));
    QCOMPARE(after.value(QStringLiteral("server.properties")), QByteArray("motd=old"));
    QCOMPARE(after.value(QStringLiteral("config/deep/a.yml")), QByteArray("a: 1"));
    staged.cleanup();
}

void TestStagedRestore::pathsIntoADestinationCreateIt()
{
    const QString target = path(QStringLiteral("volumes/target"));
    QVERIFY(writeFile(target + QStringLiteral("/world/level.dat"), "current"));
    StagedRestore staged(path(QStringLiteral("volumes/.pouch-staging")), QStringLiteral("job1"));
    QString error;
    QVERIFY(staged.prepare(&error));
    QVERIFY(writeFile(staged.treeDirectory() + QStringLiteral("/world/level.dat"), "old"));
    QVERIFY2(staged.commitPaths(staged.treeDirectory(), target, QStringLiteral("/restored/today"),
                                {QStringLiteral("/world/level.dat")}, 0, 0, false, &error),
             qPrintable(error));
    const auto after = snapshotTree(target);
    QCOMPARE(after.value(QStringLiteral("world/level.dat")), QByteArray("current"));
    QCOMPARE(after.value(QStringLiteral("restored/today/world/level.dat")), QByteArray("old"));
    staged.cleanup();
}

void TestStagedRestore::pathsNeverGoThroughASymlink()
{
    const QString target = path(QStringLiteral("volumes/target"));
    QVERIFY(QDir().mkpath(path(QStringLiteral("outside"))));
    QVERIFY(QFile::link(path(QStringLiteral("outside")), target + QStringLiteral("/world")));
    QVERIFY(QFile::link(path(QStringLiteral("outside")), target + QStringLiteral("/dest")));
    const auto before = snapshotTree(target);
    for (const QString& destination : {QString(), QStringLiteral("/dest")}) {
        StagedRestore staged(path(QStringLiteral("volumes/.pouch-staging")), QStringLiteral("job1"));
        QString error;
        QVERIFY(staged.prepare(&error));
        QVERIFY(writeFile(staged.treeDirectory() + QStringLiteral("/world/level.dat"), "old"));
        QVERIFY(!staged.commitPaths(staged.treeDirectory(), target, destination, {QStringLiteral("/world/level.dat")},
                                    0, 0, false, &error));
        QVERIFY2(error.contains(QLatin1String("is in the way")), qPrintable(error));
        QVERIFY(QDir(path(QStringLiteral("outside"))).isEmpty());
        QCOMPARE(snapshotTree(target), before);
        staged.cleanup();
    }
}

void TestStagedRestore::failedPathSwapRollsBackEverything()
{
    const QString target = path(QStringLiteral("volumes/target"));
    QVERIFY(writeFile(target + QStringLiteral("/a.txt"), "current a"));
    QVERIFY(writeFile(target + QStringLiteral("/z"), "a file where the snapshot has a directory"));
    const auto before = snapshotTree(target);
    StagedRestore staged(path(QStringLiteral("volumes/.pouch-staging")), QStringLiteral("job1"));
    QString error;
    QVERIFY(staged.prepare(&error));
    QVERIFY(writeFile(staged.treeDirectory() + QStringLiteral("/a.txt"), "old a"));
    QVERIFY(writeFile(staged.treeDirectory() + QStringLiteral("/m/n/x.txt"), "x"));
    QVERIFY(writeFile(staged.treeDirectory() + QStringLiteral("/z/y.txt"), "y"));
    // "/a.txt" and "/m/n/x.txt" (two new directories) go in, then "/z/y.txt" fails on the file "z".
    QVERIFY(!staged.commitPaths(staged.treeDirectory(), target, QString(),
                                {QStringLiteral("/a.txt"), QStringLiteral("/m/n/x.txt"), QStringLiteral("/z/y.txt")}, 0,
                                0, false, &error));
    QVERIFY2(error.contains(QLatin1String("is in the way")), qPrintable(error));
    QCOMPARE(snapshotTree(target), before);
    staged.cleanup();
}

void TestStagedRestore::crashMidPathSwapRemovesCreatedDirectories()
{
    const QString staging = path(QStringLiteral("volumes/.pouch-staging"));
    const QString target = path(QStringLiteral("volumes/target"));
    QVERIFY(writeFile(target + QStringLiteral("/keep.txt"), "k"));
    const auto before = snapshotTree(target);
    // A process killed after creating two directories and moving a file into the second one.
    QVERIFY(QDir().mkpath(staging + QStringLiteral("/crashed/aside")));
    QVERIFY(QDir().mkpath(target + QStringLiteral("/new/deeper")));
    QVERIFY(writeFile(staging + QStringLiteral("/crashed/tree/f"), "f"));
    const QString moved = target + QStringLiteral("/new/deeper/f");
    QVERIFY(QFile::rename(staging + QStringLiteral("/crashed/tree/f"), moved));
    QFile journal(staging + QStringLiteral("/crashed/journal"));
    QVERIFY(journal.open(QIODevice::WriteOnly));
    auto enc = [](const QString& p) { return QFile::encodeName(p).toBase64(); };
    journal.write("D " + enc(target + QStringLiteral("/new")) + '\n');
    journal.write("D " + enc(target + QStringLiteral("/new/deeper")) + '\n');
    journal.write("M " + enc(staging + QStringLiteral("/crashed/tree/f")) + ' ' + enc(moved) + '\n');
    journal.close();
    StagedRestore::recoverAll(staging);
    QCOMPARE(snapshotTree(target), before);
}

QTEST_GUILESS_MAIN(TestStagedRestore)
#include "tst_stagedrestore.moc"
