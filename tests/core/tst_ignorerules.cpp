#include "IgnoreRules.h"

#include <QtTest>

class TestIgnoreRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void translate_data();
    void translate();
    void hostileLinesBecomeNothingOrPatterns();
};

void TestIgnoreRules::translate_data()
{
    QTest::addColumn<QString>("ignore");
    QTest::addColumn<QStringList>("expected");
    const QString root = QStringLiteral("/v/s1");
    QTest::newRow("any depth") << QStringLiteral("*.tmp") << QStringList{QStringLiteral("*.tmp")};
    QTest::newRow("anchored") << QStringLiteral("/config.yml") << QStringList{QStringLiteral("/v/s1/config.yml")};
    QTest::newRow("middle slash anchors") << QStringLiteral("world/region")
                                          << QStringList{QStringLiteral("/v/s1/world/region")};
    QTest::newRow("directory only") << QStringLiteral("logs/") << QStringList{QStringLiteral("logs/*")};
    QTest::newRow("anchored directory") << QStringLiteral("/cache/") << QStringList{QStringLiteral("/v/s1/cache/*")};
    QTest::newRow("negation") << QStringLiteral("*.log\n!keep.log")
                              << QStringList{QStringLiteral("*.log"), QStringLiteral("!keep.log")};
    QTest::newRow("comments and blanks") << QStringLiteral("# note\n\n   \n*.bak\r\n")
                                         << QStringList{QStringLiteral("*.bak")};
    QTest::newRow("escaped hash") << QStringLiteral("\\#file") << QStringList{QStringLiteral("#file")};
    QTest::newRow("dollar stays literal") << QStringLiteral("$HOME") << QStringList{QStringLiteral("$$HOME")};
    QTest::newRow("double star") << QStringLiteral("**/tmp") << QStringList{QStringLiteral("/v/s1/**/tmp")};
}

void TestIgnoreRules::translate()
{
    QFETCH(QString, ignore);
    QFETCH(QStringList, expected);
    QCOMPARE(IgnoreRules::toResticExcludes(ignore, QStringLiteral("/v/s1")), expected);
}

void TestIgnoreRules::hostileLinesBecomeNothingOrPatterns()
{
    const QString hostile = QStringLiteral("../../etc/passwd\n/../other-server\n--files-from=/etc/shadow\n-e\n")
                            + QChar(0) + QStringLiteral("evil\n./x");
    const QStringList out = IgnoreRules::toResticExcludes(hostile, QStringLiteral("/v/s1"));
    // Option-looking lines stay plain patterns (they are lines in a file, never arguments).
    QCOMPARE(out, (QStringList{QStringLiteral("/v/s1/--files-from=/etc/shadow"), QStringLiteral("-e")}));
    // A server directory with glob characters is taken literally.
    QCOMPARE(IgnoreRules::toResticExcludes(QStringLiteral("/a"), QStringLiteral("/v/[x]*")),
             QStringList{QStringLiteral("/v/\\[x]\\*/a")});
}

QTEST_GUILESS_MAIN(TestIgnoreRules)
#include "tst_ignorerules.moc"
