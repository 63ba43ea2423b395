// SnapshotArchive against a fake restic whose `dump` prints a stream made here: what restic 0.14 makes (a tar
// under the server's full path, a single file raw) and what a hostile repository could make. The desktop's
// blocking interface (writeTo a pipe: zip and tar.gz never seek), progress, cancel, restic's failures, and the
// bound on what it holds when nobody reads.
#include "SnapshotArchive.h"
#include "TarStream.h"
#include "TestSupport.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <thread>

#include <unistd.h>

namespace {
const QString kPrefix = QStringLiteral("var/lib/pelican/volumes/00000000-0000-4000-8000-000000000001");
const QString kId = QString(64, QLatin1Char('a'));

QByteArray under(const char* rest)
{
    return kPrefix.toUtf8() + '/' + rest;
}

// Entries in TestSupport::snapshotTree's form, read back with libarchive.
QMap<QString, QByteArray> readBack(const QByteArray& data, bool* ok, QHash<QString, int>* modes = nullptr)
{
    QMap<QString, QByteArray> out;
    archive* a = archive_read_new();
    archive_read_support_filter_gzip(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_zip(a); // the central directory: modes and symlinks are there
    *ok = archive_read_open_memory(a, data.constData(), size_t(data.size())) == ARCHIVE_OK;
    archive_entry* e = nullptr;
    int r = ARCHIVE_OK;
    while (*ok && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        QString name = QString::fromUtf8(archive_entry_pathname_utf8(e));
        if (name.endsWith(QLatin1Char('/')))
            name.chop(1);
        QByteArray value;
        if (archive_entry_filetype(e) == AE_IFDIR) {
            value = "dir:";
        } else if (archive_entry_filetype(e) == AE_IFLNK) {
            value = "symlink:" + QByteArray(archive_entry_symlink_utf8(e));
        } else {
            char buffer[65536];
            la_ssize_t n;
            while ((n = archive_read_data(a, buffer, sizeof buffer)) > 0)
                value.append(buffer, n);
            *ok = n == 0;
        }
        out.insert(name, value);
        if (modes)
            modes->insert(name, int(archive_entry_perm(e)));
    }
    *ok = *ok && r == ARCHIVE_EOF;
    archive_read_free(a);
    return out;
}

FileEntry entry(const QString& path, FileEntry::Type type, qint64 size = 0, int mode = 0644)
{
    FileEntry e;
    e.path = path;
    e.type = type;
    e.size = size;
    e.mode = mode;
    e.mtime = QStringLiteral("2026-12-02T03:23:45.123456789+01:00");
    return e;
}
} // namespace

class TestSnapshotArchive : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void treeBothFormatsThroughAPipe_data();
    void treeBothFormatsThroughAPipe();
    void subfolder();
    void singleFileIsRawInRestic014();
    void singleFileOfAnotherSize();
    void symlinkNeedsNoRestic();
    void hostileNames_data();
    void hostileNames();
    void resticFails();
    void cancelStopsRestic();
    void nobodyReadingHoldsRestic();
    void fileNames();

private:
    Restic restic(const QByteArray& stream, const QByteArray& after = {});
    SnapshotArchive::Source source(const QString& path = QStringLiteral("/"), const FileEntry& e = {}) const;
    QByteArray writeToPipe(SnapshotArchive& archive, bool* ok, QList<qint64>* progress = nullptr);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSnapshotArchive::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
}

// A restic whose dump prints `stream` (a file; "-" makes it endless random bytes), then runs `after`.
Restic TestSnapshotArchive::restic(const QByteArray& stream, const QByteArray& after)
{
    const QString path = m_dir->filePath(QStringLiteral("restic"));
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write("#!/bin/sh\nD=\"$(dirname \"$0\")\"\n"
            "if [ \"$1\" = version ]; then echo 'restic 0.14.0 compiled with go1.19.8 on linux/amd64'; exit 0; fi\n"
            "printf '%s\\n' \"$@\" > \"$D/argv\"\n");
    f.write(stream == "-" ? "exec cat /dev/urandom\n" : "cat \"$D/stream\"\n");
    f.write(after + "\n");
    f.close();
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    TestSupport::writeFile(m_dir->filePath(QStringLiteral("stream")), stream);
    Config c;
    c.restic.binaryPath = path;
    c.restic.repository = m_dir->filePath(QStringLiteral("repo"));
    c.restic.password = QStringLiteral("pw");
    c.restic.cacheDir = m_dir->filePath(QStringLiteral("cache"));
    return Restic(c);
}

SnapshotArchive::Source TestSnapshotArchive::source(const QString& path, const FileEntry& e) const
{
    SnapshotArchive::Source s;
    s.snapshot.id = kId;
    s.snapshot.shortId = kId.left(8);
    s.snapshot.paths = {QLatin1Char('/') + kPrefix};
    s.path = path;
    s.entry = e;
    return s;
}

QByteArray TestSnapshotArchive::writeToPipe(SnapshotArchive& archive, bool* ok, QList<qint64>* progress)
{
    int fds[2];
    if (::pipe(fds) != 0)
        return {};
    QByteArray out;
    std::thread reader([&] {
        char buffer[65536];
        ssize_t n;
        while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0)
            out.append(buffer, n);
    });
    *ok = archive.writeTo(fds[1], std::make_shared<std::atomic_bool>(false), [progress](qint64 done, qint64) {
        if (progress)
            progress->append(done);
    });
    ::close(fds[1]);
    reader.join();
    ::close(fds[0]);
    return out;
}

void TestSnapshotArchive::treeBothFormatsThroughAPipe_data()
{
    QTest::addColumn<int>("format");
    QTest::newRow("tar.gz") << int(SnapshotArchive::Format::TarGz);
    QTest::newRow("zip") << int(SnapshotArchive::Format::Zip);
}

void TestSnapshotArchive::treeBothFormatsThroughAPipe()
{
    QFETCH(int, format);
    TarStream t;
    t.dir(kPrefix.toUtf8()); // the server directory itself: the archive's root, no entry
    t.dir(under("world"), 0750);
    t.file(under("world/level.dat"), "level", 0600);
    t.file(under("Grün ✓/$x;'y'.txt"), "unicode");
    t.symlink(under("latest.log"), "logs/a.log");
    t.dir(under("empty"));
    const Restic r = restic(t.bytes().mid(0));
    SnapshotArchive::Source s = source();
    s.totalBytes = 12;
    SnapshotArchive archive(r, s, SnapshotArchive::Format(format));
    bool ok = false;
    QList<qint64> progress;
    const QByteArray bytes = writeToPipe(archive, &ok, &progress);
    QVERIFY2(ok, qPrintable(archive.error()));
    QHash<QString, int> modes;
    const auto entries = readBack(bytes, &ok, &modes);
    QVERIFY(ok);
    QCOMPARE(entries, (QMap<QString, QByteArray>{{QStringLiteral("world"), "dir:"},
                                                 {QStringLiteral("world/level.dat"), "level"},
                                                 {QString::fromUtf8("Grün ✓/$x;'y'.txt"), "unicode"},
                                                 {QStringLiteral("latest.log"), "symlink:logs/a.log"},
                                                 {QStringLiteral("empty"), "dir:"}}));
    QCOMPARE(modes.value(QStringLiteral("world/level.dat")), 0600);
    QCOMPARE(modes.value(QStringLiteral("world")), 0750);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last(), 12); // every file byte, against the total given
    // restic was asked for a tar of the server directory, never anything else.
    QFile argv(m_dir->filePath(QStringLiteral("argv")));
    QVERIFY(argv.open(QIODevice::ReadOnly));
    const QByteArray args = argv.readAll();
    QVERIFY2(args.endsWith("\ndump\n--archive\ntar\n--\n" + kId.toUtf8() + "\n/" + kPrefix.toUtf8() + "\n"),
             args.constData());
}

void TestSnapshotArchive::subfolder()
{
    TarStream t; // restic dumps what is in the folder, not the folder itself
    t.file(under("world/level.dat"), "level");
    t.dir(under("world/region"));
    t.file(under("world/region/r.mca"), "r");
    const Restic r = restic(t.bytes());
    SnapshotArchive archive(r, source(QStringLiteral("/world"), entry("/world", FileEntry::Type::Dir, 0, 0700)),
                            SnapshotArchive::Format::Zip);
    bool ok = false;
    QHash<QString, int> modes;
    const auto entries = readBack(writeToPipe(archive, &ok), &ok, &modes);
    QVERIFY2(ok, qPrintable(archive.error()));
    QCOMPARE(entries, (QMap<QString, QByteArray>{{QStringLiteral("world"), "dir:"},
                                                 {QStringLiteral("world/level.dat"), "level"},
                                                 {QStringLiteral("world/region"), "dir:"},
                                                 {QStringLiteral("world/region/r.mca"), "r"}}));
    QCOMPARE(modes.value(QStringLiteral("world")), 0700); // from the index
    QFile argv(m_dir->filePath(QStringLiteral("argv")));
    QVERIFY(argv.open(QIODevice::ReadOnly));
    QVERIFY(argv.readAll().endsWith("\n/" + kPrefix.toUtf8() + "/world\n"));
}

void TestSnapshotArchive::singleFileIsRawInRestic014()
{
    for (const auto format : {SnapshotArchive::Format::TarGz, SnapshotArchive::Format::Zip}) {
        const Restic r = restic("level\n");
        SnapshotArchive archive(
            r, source(QStringLiteral("/world/level.dat"), entry("/world/level.dat", FileEntry::Type::File, 6, 0640)),
            format);
        bool ok = false;
        QHash<QString, int> modes;
        const auto entries = readBack(writeToPipe(archive, &ok), &ok, &modes);
        QVERIFY2(ok, qPrintable(archive.error()));
        QCOMPARE(entries, (QMap<QString, QByteArray>{{QStringLiteral("world/level.dat"), "level\n"}}));
        QCOMPARE(modes.value(QStringLiteral("world/level.dat")), 0640);
    }
}

void TestSnapshotArchive::singleFileOfAnotherSize()
{
    for (const qint64 size : {qint64(5), qint64(7)}) {
        const Restic r = restic("level\n");
        SnapshotArchive archive(r,
                                source(QStringLiteral("/level.dat"), entry("/level.dat", FileEntry::Type::File, size)),
                                SnapshotArchive::Format::TarGz);
        bool ok = true;
        writeToPipe(archive, &ok);
        QVERIFY(!ok);
        QVERIFY2(archive.error().contains(QLatin1String("the file index says")), qPrintable(archive.error()));
    }
}

void TestSnapshotArchive::symlinkNeedsNoRestic()
{
    FileEntry link = entry("/latest.log", FileEntry::Type::Symlink);
    link.linkTarget = QStringLiteral("logs/a.log");
    const Restic r = restic({}, "exit 1");
    SnapshotArchive archive(r, source(QStringLiteral("/latest.log"), link), SnapshotArchive::Format::Zip);
    bool ok = false;
    const auto entries = readBack(writeToPipe(archive, &ok), &ok);
    QVERIFY2(ok, qPrintable(archive.error()));
    QCOMPARE(entries, (QMap<QString, QByteArray>{{QStringLiteral("latest.log"), "symlink:logs/a.log"}}));
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("argv"))));
}

void TestSnapshotArchive::hostileNames_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QString>("path");
    QTest::newRow("dotdot") << under("world/../../../etc/passwd") << QStringLiteral("/");
    QTest::newRow("absolute") << QByteArray("/etc/passwd") << QStringLiteral("/");
    QTest::newRow("other server") << QByteArray("var/lib/pelican/volumes/other/x") << QStringLiteral("/");
    QTest::newRow("prefix as a name's start") << (kPrefix.toUtf8() + "x/y") << QStringLiteral("/");
    QTest::newRow("outside the path") << under("config/x") << QStringLiteral("/world");
    QTest::newRow("empty segment") << under("world//x") << QStringLiteral("/world");
    QTest::newRow("dot segment") << under("world/./x") << QStringLiteral("/world");
}

void TestSnapshotArchive::hostileNames()
{
    QFETCH(QByteArray, name);
    QFETCH(QString, path);
    TarStream t;
    t.file(under("world/fine.txt"), "fine");
    t.file(name, "evil");
    const Restic r = restic(t.bytes());
    SnapshotArchive archive(r, source(path, entry(path, FileEntry::Type::Dir)), SnapshotArchive::Format::TarGz);
    bool ok = true;
    const QByteArray bytes = writeToPipe(archive, &ok);
    QVERIFY(!ok);
    QVERIFY2(archive.error().contains(QLatin1String("outside")), qPrintable(archive.error()));
    // What went out before is no whole archive: the gzip trailer never came.
    bool readable = true;
    readBack(bytes, &readable);
    QVERIFY(!readable);
}

void TestSnapshotArchive::resticFails()
{
    TarStream t;
    t.file(under("a.txt"), "a");
    const QByteArray tar = t.bytes();
    // restic writes a whole tar, then fails (a damaged pack found late): the archive must not end as if whole.
    for (const auto format : {SnapshotArchive::Format::TarGz, SnapshotArchive::Format::Zip}) {
        const Restic r = restic(tar, "echo 'Fatal: pack broken' >&2; exit 1");
        SnapshotArchive archive(r, source(), format);
        bool ok = true;
        const QByteArray bytes = writeToPipe(archive, &ok);
        QVERIFY(!ok);
        QVERIFY2(archive.error().contains(QLatin1String("pack broken")), qPrintable(archive.error()));
        if (format == SnapshotArchive::Format::TarGz) {
            bool readable = true;
            readBack(bytes, &readable);
            QVERIFY(bytes.isEmpty() || !readable); // nothing, or no gzip trailer (an empty stream is no .tar.gz)
        } else {
            QVERIFY(!bytes.contains("PK\x05\x06")); // no end of the central directory
        }
    }
}

void TestSnapshotArchive::cancelStopsRestic()
{
    // An endless file: only the cancel ends it.
    const Restic r = restic("-");
    SnapshotArchive archive(r, source(QStringLiteral("/big"), entry("/big", FileEntry::Type::File, qint64(1) << 40)),
                            SnapshotArchive::Format::TarGz);
    auto cancel = std::make_shared<std::atomic_bool>(false);
    QBuffer sink;
    sink.open(QIODevice::WriteOnly);
    QElapsedTimer t;
    t.start();
    const bool ok = archive.writeTo(&sink, cancel, [&](qint64 done, qint64 total) {
        QCOMPARE(total, 0); // none given
        if (done > 4 * 1024 * 1024)
            cancel->store(true);
    });
    QVERIFY(!ok);
    QCOMPARE(archive.error(), QStringLiteral("The download was cancelled."));
    QVERIFY(t.elapsed() < 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!TestSupport::childProcessNamed(QStringLiteral("cat")), 20000);
}

void TestSnapshotArchive::nobodyReadingHoldsRestic()
{
    // The event-loop interface with a reader that does not read: restic is held, memory is not spent.
    const Restic r = restic("-");
    SnapshotArchive archive(r, source(QStringLiteral("/big"), entry("/big", FileEntry::Type::File, qint64(1) << 40)),
                            SnapshotArchive::Format::Zip);
    std::atomic_int readable{0};
    archive.setOnReadable([&] { ++readable; });
    archive.start();
    QTRY_VERIFY_WITH_TIMEOUT(readable > 0, 10000);
    // Until it stops (it must: stopped, not slowed).
    qint64 held = -1;
    QElapsedTimer waited;
    waited.start();
    while (held != archive.bytesArchived() && waited.elapsed() < 30000) {
        held = archive.bytesArchived();
        QThread::msleep(500);
    }
    QCOMPARE(archive.bytesArchived(), held);
    QVERIFY2(held < 12 * 1024 * 1024, qPrintable(QString::number(held)));
    QByteArray chunk;
    QCOMPARE(archive.read(&chunk, 65536), SnapshotArchive::Read::Data);
    QVERIFY(chunk.size() > 0 && chunk.size() <= 65536);
    QTRY_VERIFY_WITH_TIMEOUT(archive.bytesArchived() > held, 10000); // reading lets it go on
    archive.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(archive.read(&chunk, 65536), SnapshotArchive::Read::Failed, 5000);
}

void TestSnapshotArchive::fileNames()
{
    const QString b = QStringLiteral("00000000-0000-4000-8000-000000000101");
    QCOMPARE(SnapshotArchive::fileName(b, QStringLiteral("/"), SnapshotArchive::Format::TarGz), b + ".tar.gz");
    QCOMPARE(SnapshotArchive::fileName(b, QStringLiteral("/world"), SnapshotArchive::Format::Zip), b + "-world.zip");
    QCOMPARE(SnapshotArchive::fileName(b, QStringLiteral("/a/\"x\\y\r\n"), SnapshotArchive::Format::Zip),
             b + "-_x_y__.zip");
    QCOMPARE(SnapshotArchive::parseFormat(QStringLiteral("zip")), SnapshotArchive::Format::Zip);
    QVERIFY(!SnapshotArchive::parseFormat(QStringLiteral("tgz")));
}

QTEST_GUILESS_MAIN(TestSnapshotArchive)
#include "tst_snapshotarchive.moc"
