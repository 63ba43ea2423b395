#include "IgnoreRules.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>
#include <unistd.h>

using TestSupport::writeFile;

class TestIgnoreRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void translate_data();
    void translate();
    void directoryLines_data();
    void directoryLines();
    void hostileLinesBecomeNothingOrPatterns();
    void unreadableServerDirectoryResolvesNothing();
    void unwritableNamesAreLeftOut();
    void deepTreesAreCut();
    void manyDirectoriesAreCut();

private:
    QTemporaryDir m_dir;
    QString m_root; // a server directory with a tree to resolve dir/ lines against
};

// The tree (d = directory, f = file, l = symlink):
//   $HOME/ d           a/b/logs f             a/logs/x.log f          a/logs/inner/logs/y f
//   logs/latest.log f  logs/old/z f           p[1]*?$HOME\.cache/c f  t/f f   "t "/f f (trailing blank)
//   cache l -> ../outside (holds logs/o)      lnk/logs l -> ../a      keep.txt f
void TestIgnoreRules::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_root = m_dir.filePath(QStringLiteral("srv"));
    // The expectations below write the root as it is: it must hold nothing restic would read as a glob.
    QVERIFY2(!m_root.contains(QRegularExpression(QStringLiteral("[*?\\[\\\\$ ]"))), qPrintable(m_root));
    for (const char* f : {"a/b/logs", "a/logs/x.log", "a/logs/inner/logs/y", "logs/latest.log", "logs/old/z",
                          "p[1]*?$HOME\\.cache/c", "t/f", "t /f", "keep.txt", "../outside/logs/o"})
        QVERIFY(writeFile(m_root + QLatin1Char('/') + QString::fromUtf8(f), "x"));
    QVERIFY(QDir().mkpath(m_root + QStringLiteral("/$HOME")));
    QVERIFY(QDir().mkpath(m_root + QStringLiteral("/lnk")));
    QVERIFY(QFile::link(QStringLiteral("../outside"), m_root + QStringLiteral("/cache")));
    QVERIFY(QFile::link(QStringLiteral("../a"), m_root + QStringLiteral("/lnk/logs")));
    QVERIFY(QFileInfo(m_root + QStringLiteral("/lnk/logs")).isDir()); // a directory, through a symlink
}

void TestIgnoreRules::init()
{
    // Every warning a case expects is named with ignoreMessage; any other fails it.
    QTest::failOnWarning(QRegularExpression(QStringLiteral(".")));
}

void TestIgnoreRules::translate_data()
{
    QTest::addColumn<QString>("ignore");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("any depth") << QStringLiteral("*.tmp") << QStringList{QStringLiteral("*.tmp")};
    QTest::newRow("anchored") << QStringLiteral("/config.yml") << QStringList{QStringLiteral("/v/s1/config.yml")};
    QTest::newRow("middle slash anchors")
        << QStringLiteral("world/region") << QStringList{QStringLiteral("/v/s1/world/region")};
    QTest::newRow("negation") << QStringLiteral("*.log\n!keep.log")
                              << QStringList{QStringLiteral("*.log"), QStringLiteral("!keep.log")};
    QTest::newRow("comments and blanks") << QStringLiteral("# note\n\n   \n*.bak\r\n")
                                         << QStringList{QStringLiteral("*.bak")};
    QTest::newRow("escaped hash") << QStringLiteral("\\#file") << QStringList{QStringLiteral("#file")};
    QTest::newRow("dollar stays literal") << QStringLiteral("$HOME") << QStringList{QStringLiteral("$$HOME")};
    QTest::newRow("double star") << QStringLiteral("**/tmp") << QStringList{QStringLiteral("/v/s1/**/tmp")};
}

// Lines without a trailing slash need no tree: they are patterns, as restic reads them.
void TestIgnoreRules::translate()
{
    QFETCH(QString, ignore);
    QFETCH(QStringList, expected);
    QCOMPARE(IgnoreRules::toResticExcludes(ignore, QStringLiteral("/v/s1")), expected);
}

void TestIgnoreRules::directoryLines_data()
{
    QTest::addColumn<QString>("ignore");
    QTest::addColumn<QStringList>("expected"); // "R" stands for the server directory

    // The directories themselves go, by exact path; the file a/b/logs stays, and so does the symlink lnk/logs
    // (git takes a symlink for a file). Nothing below an excluded directory is listed: restic does not enter it.
    QTest::newRow("dir at any depth") << QStringLiteral("logs/") << QStringList{"R/a/logs", "R/logs"};
    QTest::newRow("anchored dir") << QStringLiteral("/logs/") << QStringList{"R/logs"};
    QTest::newRow("leading **") << QStringLiteral("**/logs/") << QStringList{"R/a/logs", "R/logs"};
    QTest::newRow("* stays in one level") << QStringLiteral("a/*/") << QStringList{"R/a/b", "R/a/logs"};
    QTest::newRow("inner **") << QStringLiteral("a/**/logs/") << QStringList{"R/a/logs"};
    QTest::newRow("trailing **") << QStringLiteral("a/**/") << QStringList{"R/a/b", "R/a/logs"};
    QTest::newRow("negated class")
        << QStringLiteral("[!al]*/")
        << QStringList{"R/$$HOME", "R/a/b", "R/a/logs/inner", "R/logs/old", "R/p\\[1]\\*\\?$$HOME\\\\.cache",
                       "R/t",      "R/t[ ]"};
    // Glob characters, backslashes and dollars in a name are literal for restic; a trailing blank survives
    // restic's trimming inside a class, and "t" itself stays.
    QTest::newRow("glob characters in a name")
        << QStringLiteral("*.cache/") << QStringList{"R/p\\[1]\\*\\?$$HOME\\\\.cache"};
    QTest::newRow("dollar name") << QStringLiteral("$HOME/") << QStringList{"R/$$HOME"};
    QTest::newRow("trailing blank") << QStringLiteral("t /") << QStringList{"R/t[ ]"};
    // Symlinks are never directories here, and never followed out of the server directory.
    QTest::newRow("symlink to a dir") << QStringLiteral("cache/\nlnk/logs/") << QStringList{};
    QTest::newRow("plain line keeps the symlink rule") << QStringLiteral("cache") << QStringList{"cache"};

    // A later negation re-includes a/logs itself; restic's `!` re-includes all below it, so the earlier lines
    // are written again inside it: a/logs/inner/logs, which `logs/` still matches, stays excluded.
    QTest::newRow("negated dir") << QStringLiteral("logs/\n!a/logs/")
                                 << QStringList{"R/a/logs", "R/a/logs/inner/logs", "R/logs", "!R/a/logs",
                                                "R/a/logs/inner/logs"};
    // `!logs/` does not bring back the *.log files inside the logs directories.
    QTest::newRow("negated dir keeps earlier patterns inside")
        << QStringLiteral("*.log\n!logs/")
        << QStringList{
               "*.log",   "!R/a/logs",      "R/a/logs/**/*.log", "!R/a/logs/inner/logs", "R/a/logs/inner/logs/**/*.log",
               "!R/logs", "R/logs/**/*.log"};
    QTest::newRow("negated dir after plain name")
        << QStringLiteral("logs\n!logs/")
        << QStringList{
               "logs",    "!R/a/logs",     "R/a/logs/**/logs", "!R/a/logs/inner/logs", "R/a/logs/inner/logs/**/logs",
               "!R/logs", "R/logs/**/logs"};
    QTest::newRow("negated dir after anchored glob")
        << QStringLiteral("a/*\n!a/") << QStringList{"R/a/*", "!R/a", "R/a/*"};
    QTest::newRow("negated dir after **")
        << QStringLiteral("**/x.log\n!/logs/") << QStringList{"R/**/x.log", "!R/logs", "R/logs/**/x.log"};
    // The last line wins, as in git.
    QTest::newRow("exclude after negation")
        << QStringLiteral("!logs/\nlogs/") << QStringList{"!R/a/logs", "!R/logs", "R/a/logs", "R/logs"};
    // A directory below an excluded one cannot come back (git's rule): restic never enters R/a.
    QTest::newRow("negation below an excluded dir")
        << QStringLiteral("a/\n!a/logs/") << QStringList{"R/a", "!R/a/logs"};
    QTest::newRow("order kept with plain lines")
        << QStringLiteral("*.tmp\n/logs/\n/keep.txt") << QStringList{"*.tmp", "R/logs", "R/keep.txt"};
    QTest::newRow("no such dir") << QStringLiteral("nothing/\n-e/\n--files-from=x/") << QStringList{};
}

void TestIgnoreRules::directoryLines()
{
    QFETCH(QString, ignore);
    QFETCH(QStringList, expected);
    for (QString& line : expected) {
        const int r = line.indexOf(QLatin1Char('R'));
        if (r == 0 || (r == 1 && line.startsWith(QLatin1Char('!'))))
            line.replace(r, 1, m_root);
    }
    QCOMPARE(IgnoreRules::toResticExcludes(ignore, m_root), expected);
}

void TestIgnoreRules::hostileLinesBecomeNothingOrPatterns()
{
    const auto before = TestSupport::snapshotTree(m_dir.path());
    const QRegularExpression relative(QStringLiteral("relative path components are not allowed"));
    for (int i = 0; i < 8; ++i)
        QTest::ignoreMessage(QtWarningMsg, relative);
    for (int i = 0; i < 3; ++i) // the two NULs and the over-long line
        QTest::ignoreMessage(QtWarningMsg, "ignore line dropped: not a pattern");
    QTest::ignoreMessage(QtWarningMsg, "ignore line dropped: not a valid pattern: [logs");
    QTest::ignoreMessage(QtWarningMsg, "ignore line dropped: not a valid pattern: [z-a]");
    const QString hostile = QStringLiteral("../../etc/passwd\n/../other-server\n--files-from=/etc/shadow\n-e\n") +
                            QChar(0) + QStringLiteral("evil\n./x\n") +
                            // The same as dir/ lines: nothing outside the server directory, no options.
                            QStringLiteral("../logs/\n/../logs/\n./logs/\nlogs/../../x/\n!../a/\n-e/\n/\n") +
                            QStringLiteral("logs") + QChar(0) + QStringLiteral("/\n") + QString(5000, u'a') +
                            QStringLiteral("/\n[logs/\n[z-a]/\n");
    const QStringList out = IgnoreRules::toResticExcludes(hostile, m_root);
    // Option-looking lines stay plain patterns (they are lines in a file, never arguments).
    QCOMPARE(out, (QStringList{m_root + QStringLiteral("/--files-from=/etc/shadow"), QStringLiteral("-e")}));
    QCOMPARE(TestSupport::snapshotTree(m_dir.path()), before);
    // A server directory with glob characters is taken literally.
    QCOMPARE(IgnoreRules::toResticExcludes(QStringLiteral("/a"), QStringLiteral("/v/[x]*")),
             QStringList{QStringLiteral("/v/\\[x]\\*/a")});
}

void TestIgnoreRules::unreadableServerDirectoryResolvesNothing()
{
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("dir/ lines not resolved: cannot read /v/s1 - ")));
    QCOMPARE(IgnoreRules::toResticExcludes(QStringLiteral("*.tmp\nlogs/\n/cache/"), QStringLiteral("/v/s1")),
             QStringList{QStringLiteral("*.tmp")});
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("is not an absolute path")));
    QCOMPARE(IgnoreRules::toResticExcludes(QStringLiteral("logs/"), QStringLiteral("srv")), QStringList{});
    // The server directory itself must not be a symlink.
    const QString link = m_dir.filePath(QStringLiteral("srv-link"));
    QVERIFY(QFile::link(m_root, link));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("dir/ lines not resolved: cannot read")));
    QCOMPARE(IgnoreRules::toResticExcludes(QStringLiteral("logs/"), link), QStringList{});
}

// A name that is not UTF-8, or holds a line break, cannot be one exclude line: its directory keeps its contents.
void TestIgnoreRules::unwritableNamesAreLeftOut()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("srv"));
    QVERIFY(QDir().mkpath(root + QStringLiteral("/bad\nname/logs")));
    QVERIFY(QDir().mkpath(root + QStringLiteral("/good/logs")));
    const QByteArray raw = QFile::encodeName(root).append("/\xff");
    QVERIFY(::mkdir(raw.constData(), 0755) == 0);
    QVERIFY(::mkdir((raw + "/logs").constData(), 0755) == 0);
    // QDir cannot name it, so QTemporaryDir could not remove it.
    const auto cleanup = qScopeGuard([&] {
        ::rmdir((raw + "/logs").constData());
        ::rmdir(raw.constData());
    });
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("not applied in 2 directories")));
    QCOMPARE(IgnoreRules::toResticExcludes(QStringLiteral("logs/"), root),
             QStringList{root + QStringLiteral("/good/logs")});
}

void TestIgnoreRules::deepTreesAreCut()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("srv"));
    const QString deep = root + QStringLiteral("/x").repeated(140);
    QVERIFY(QDir().mkpath(deep + QStringLiteral("/logs")));
    QVERIFY(QDir().mkpath(root + QStringLiteral("/x/x/logs")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("not applied deeper than 128 levels")));
    QCOMPARE(IgnoreRules::toResticExcludes(QStringLiteral("logs/"), root),
             QStringList{root + QStringLiteral("/x/x/logs")});
}

// restic tries every line on every file: dir/ lines stop at 10000 exclude lines. Each `!dir/` match writes the
// 101 lines before it again inside that directory, so 100 directories are enough to pass the limit; a match
// is written whole or not at all.
void TestIgnoreRules::manyDirectoriesAreCut()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("srv"));
    QString ignore;
    for (int i = 0; i < 100; ++i)
        QVERIFY(QDir().mkpath(root + QStringLiteral("/d/%1").arg(i, 3, 10, QLatin1Char('0'))));
    for (int i = 0; i <= 100; ++i)
        ignore += QStringLiteral("x%1.tmp\n").arg(i);
    ignore += QStringLiteral("!d/*/\n*.bak");
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("stopped after 9996 exclude lines")));
    const QStringList out = IgnoreRules::toResticExcludes(ignore, root);
    QCOMPARE(out.size(), 101 + 98 * 102 + 1);
    QCOMPARE(out.at(100), QStringLiteral("x100.tmp"));
    QCOMPARE(out.at(101), QLatin1Char('!') + root + QStringLiteral("/d/000"));
    QCOMPARE(out.at(102), root + QStringLiteral("/d/000/**/x0.tmp"));
    QCOMPARE(out.at(101 + 98 * 102 - 1), root + QStringLiteral("/d/097/**/x100.tmp"));
    QCOMPARE(out.last(), QStringLiteral("*.bak")); // lines that are not dir/ lines are always kept
}

QTEST_GUILESS_MAIN(TestIgnoreRules)
#include "tst_ignorerules.moc"
