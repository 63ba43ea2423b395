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
    QVERIFY2(staged.commit(staged.treeDirectory(), path(QStringLiteral("volumes/target")), true, &error), qPrintable(error));
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
    QVERIFY2(log.join(QLatin1Char('\n')).contains(QLatin1String("Rolled back")), qPrintable(log.join(QLatin1Char('\n'))));
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
    struct stat st{};
    QCOMPARE(::stat(QFile::encodeName(tree + QStringLiteral("/bin/tool")).constData(), &st), 0);
    QCOMPARE(st.st_mode & 07777, 0755u);
    staged.cleanup();
}

QTEST_GUILESS_MAIN(TestStagedRestore)
#include "tst_stagedrestore.moc"
