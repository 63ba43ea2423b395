// TarExtractor against tar streams made here with libarchive's writer: what restic dump makes (names under the
// server's full path), and what a hostile repository could make. A bad stream fails, and nothing is written
// outside the destination.
#include "TarExtractor.h"
#include "TarStream.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <archive.h>
#include <archive_entry.h>

#include <sys/stat.h>
#include <sys/sysmacros.h>

namespace {

const QString kPrefix = QStringLiteral("var/lib/pelican/volumes/00000000-0000-4000-8000-000000000001");

QByteArray under(const char* rest)
{
    return kPrefix.toUtf8() + '/' + rest;
}

} // namespace

class TestTarExtractor : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void unpacksWhatResticDumps();
    void bigFileInSmallChunks();
    void hostileStreamsWriteNothingOutside_data();
    void hostileStreamsWriteNothingOutside();
    void namesWithoutThePrefixFail();
    void damagedStreamFails();
    void abandonedStreamStops();

private:
    // Feeds the stream in chunks of `chunk` bytes; returns finish()'s answer.
    bool extract(TarExtractor& x, const QByteArray& stream, qsizetype chunk = 7001);

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dest;
    QString m_outside;
};

void TestTarExtractor::init()
{
    m_tmp = std::make_unique<QTemporaryDir>();
    QVERIFY(m_tmp->isValid());
    m_dest = m_tmp->filePath(QStringLiteral("staging/tree"));
    m_outside = m_tmp->filePath(QStringLiteral("outside"));
    QVERIFY(QDir().mkpath(m_dest));
    QVERIFY(QDir().mkpath(m_outside));
    QVERIFY(TestSupport::writeFile(m_outside + QStringLiteral("/victim"), "untouched"));
}

bool TestTarExtractor::extract(TarExtractor& x, const QByteArray& stream, qsizetype chunk)
{
    QString error;
    if (!x.start(&error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    bool fed = true;
    for (qsizetype at = 0; at < stream.size() && fed; at += chunk)
        fed = x.feed(stream.constData() + at, qMin(chunk, stream.size() - at));
    return x.finish(true);
}

void TestTarExtractor::unpacksWhatResticDumps()
{
    TarStream t;
    t.file(under("server.properties"), "motd=hello\n", 0640);
    t.dir(under("world/"), 0750);
    t.file(under("world/level.dat"), QByteArray(5000, 'w'));
    t.symlink(under("latest"), "world/level.dat");
    t.hardlink(under("world/level.bak"), under("world/level.dat"));
    t.device(under("null"));
    t.file(under("names/with space & $HOME 'quote' ü.txt"), "odd");
    t.file("etc/passwd", "outside the prefix");
    TarExtractor x(m_dest, QLatin1Char('/') + kPrefix);
    QVERIFY2(extract(x, t.bytes()), qPrintable(x.error()));

    const QMap<QString, QByteArray> tree = TestSupport::snapshotTree(m_dest);
    QCOMPARE(tree.value(QStringLiteral("server.properties")), QByteArray("motd=hello\n"));
    QCOMPARE(tree.value(QStringLiteral("world/level.dat")), QByteArray(5000, 'w'));
    QCOMPARE(tree.value(QStringLiteral("world/level.bak")), QByteArray(5000, 'w'));
    QCOMPARE(tree.value(QStringLiteral("latest")), QByteArray("symlink:world/level.dat"));
    QCOMPARE(tree.value(QStringLiteral("names/with space & $HOME 'quote' ü.txt")), QByteArray("odd"));
    QVERIFY(!tree.contains(QStringLiteral("null")));
    QCOMPARE(x.skipped(), QStringList{QStringLiteral("null")});
    QVERIFY(!QFileInfo::exists(m_dest + QStringLiteral("/etc")));
    QCOMPARE(x.bytesWritten(), qint64(11 + 5000 + 3));

    struct stat a, b, p;
    QCOMPARE(::stat(QFile::encodeName(m_dest + QStringLiteral("/world/level.dat")).constData(), &a), 0);
    QCOMPARE(::stat(QFile::encodeName(m_dest + QStringLiteral("/world/level.bak")).constData(), &b), 0);
    QCOMPARE(a.st_ino, b.st_ino); // a hard link stays one file
    QCOMPARE(::stat(QFile::encodeName(m_dest + QStringLiteral("/server.properties")).constData(), &p), 0);
    QCOMPARE(int(p.st_mode & 07777), 0640);
    QCOMPARE(qint64(p.st_mtime), qint64(1700000000));
    QCOMPARE(::stat(QFile::encodeName(m_dest + QStringLiteral("/world")).constData(), &p), 0);
    QCOMPARE(int(p.st_mode & 07777), 0750); // a directory's mode is set once its contents are in
}

void TestTarExtractor::bigFileInSmallChunks()
{
    QByteArray big(24 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < big.size(); ++i)
        big[i] = char((i * 131) ^ (i >> 9));
    TarStream t;
    t.file(under("big.bin"), big);
    TarExtractor x(m_dest, kPrefix);
    // Chunks much smaller than the buffer: the producer is held back whenever 8 MiB wait.
    QVERIFY2(extract(x, t.bytes(), 64 * 1024), qPrintable(x.error()));
    QFile f(m_dest + QStringLiteral("/big.bin"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), big);
    QCOMPARE(x.bytesWritten(), qint64(big.size()));
}

void TestTarExtractor::hostileStreamsWriteNothingOutside_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QString>("says");
    // Each row's stream is built in the test itself (it needs the temporary paths): here only its kind.
    QTest::newRow("dot-dot") << QByteArray("dotdot") << QStringLiteral("unsafe name");
    QTest::newRow("dot-dot inside the prefix") << QByteArray("dotdot-prefix") << QStringLiteral("unsafe name");
    QTest::newRow("absolute name") << QByteArray("absolute") << QStringLiteral("unsafe name");
    QTest::newRow("symlink, then a file through it") << QByteArray("symlink-then-file") << QStringLiteral("symlink");
    QTest::newRow("symlink, then a directory through it")
        << QByteArray("symlink-then-dir") << QStringLiteral("symlink");
    QTest::newRow("hard link to outside the prefix")
        << QByteArray("hardlink-outside") << QStringLiteral("outside the restore");
    QTest::newRow("hard link with dot-dot") << QByteArray("hardlink-dotdot") << QStringLiteral("outside the restore");
}

void TestTarExtractor::hostileStreamsWriteNothingOutside()
{
    QFETCH(QByteArray, stream);
    QFETCH(QString, says);
    const QByteArray outside = QFile::encodeName(m_outside);
    TarStream t;
    t.file(under("fine.txt"), "fine");
    if (stream == "dotdot") {
        t.file("../../outside/victim", "pwned");
    } else if (stream == "dotdot-prefix") {
        t.file(under("../../../../../outside/victim"), "pwned");
    } else if (stream == "absolute") {
        t.file(outside + "/victim", "pwned");
    } else if (stream == "symlink-then-file") {
        t.symlink(under("lnk"), outside);
        t.file(under("lnk/victim"), "pwned");
    } else if (stream == "symlink-then-dir") {
        t.symlink(under("lnk"), outside);
        t.dir(under("lnk/newdir/"));
        t.file(under("lnk/newdir/x"), "pwned");
    } else if (stream == "hardlink-outside") {
        t.hardlink(under("h"), outside.mid(1) + "/victim");
    } else if (stream == "hardlink-dotdot") {
        t.hardlink(under("h"), under("../../../../../outside/victim"));
    }
    TarExtractor x(m_dest, kPrefix);
    QVERIFY(!extract(x, t.bytes()));
    QVERIFY2(x.error().contains(says, Qt::CaseInsensitive), qPrintable(x.error()));

    // Outside: exactly as before.
    QMap<QString, QByteArray> expected;
    expected.insert(QStringLiteral("victim"), "untouched");
    QCOMPARE(TestSupport::snapshotTree(m_outside), expected);
    // Nothing was written beside the destination either.
    QCOMPARE(QDir(m_tmp->filePath(QStringLiteral("staging"))).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("tree")});
}

void TestTarExtractor::namesWithoutThePrefixFail()
{
    // A restic that named entries relative to the dumped directory must not look like an empty snapshot.
    TarStream t;
    t.file("server.properties", "motd=hello\n");
    t.file("world/level.dat", "w");
    TarExtractor x(m_dest, kPrefix);
    QVERIFY(!extract(x, t.bytes()));
    QVERIFY2(x.error().contains(QStringLiteral("None of the archive's 2 entries")), qPrintable(x.error()));
    QVERIFY(TestSupport::snapshotTree(m_dest).isEmpty());
}

void TestTarExtractor::damagedStreamFails()
{
    TarStream t;
    t.file(under("a"), QByteArray(100000, 'a'));
    QByteArray bytes = t.bytes();
    bytes.truncate(2048); // cut inside the file's contents
    TarExtractor cut(m_dest, kPrefix);
    QVERIFY(!extract(cut, bytes));
    QVERIFY2(!cut.error().isEmpty(), "a cut stream says why it failed");

    TarExtractor garbage(m_dest, kPrefix);
    QVERIFY(!extract(garbage, QByteArray(4096, 'x')));
    QVERIFY2(garbage.error().contains(QStringLiteral("Not a tar stream")), qPrintable(garbage.error()));
}

void TestTarExtractor::abandonedStreamStops()
{
    TarStream t;
    t.file(under("a"), QByteArray(100000, 'a'));
    const QByteArray bytes = t.bytes();
    TarExtractor x(m_dest, kPrefix);
    QString error;
    QVERIFY(x.start(&error));
    QVERIFY(x.feed(bytes.constData(), 1024));
    QVERIFY(!x.finish(false)); // restic failed: the extraction ends without waiting for more
}

QTEST_GUILESS_MAIN(TestTarExtractor)
#include "tst_tarextractor.moc"
