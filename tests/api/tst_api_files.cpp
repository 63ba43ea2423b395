// The file endpoints of headless Pouch (beyond the spec: docs/api.md) over real sockets: the real binary, a local
// restic repository, the file index in its real SQLite file.

#include "ApiHarness.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>
#include <QUrl>

using namespace ApiHarness;
using TestSupport::uuidFor;

namespace {

QString encoded(const QString& value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}
QString filesPath(const QString& server, const QString& backup, const QString& path = QString())
{
    const QString base = QStringLiteral("/api/servers/%1/backup/%2/files").arg(server, backup);
    return path.isNull() ? base : base + QStringLiteral("?path=") + encoded(path);
}
QString searchPath(const QString& server, const QString& query)
{
    return QStringLiteral("/api/servers/%1/backup/search?%2").arg(server, query);
}
QStringList names(const QJsonObject& listing)
{
    QStringList out;
    for (const QJsonValue& e : listing.value(QLatin1String("entries")).toArray())
        out << e.toObject().value(QLatin1String("name")).toString();
    return out;
}
} // namespace

class TestApiFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void browse();
    void missingAndNotADirectory();
    void badPathsChangeNothing_data();
    void badPathsChangeNothing();
    void otherServersAndIds();
    void search();
    void searchRefusesBadQueries_data();
    void searchRefusesBadQueries();
    void notIndexedInTimeIs503();
    void forgottenBackupIsGone();

private:
    bool backup(const QString& server, const QString& uuid);

    const QString m_s1 = uuidFor(1);
    const QString m_s2 = uuidFor(2);
    const QString m_b1 = uuidFor(101);
    const QString m_b2 = uuidFor(102); // s2's
    const QString m_b3 = uuidFor(103); // s1's second
    std::unique_ptr<Pouch> m_pouch;
    SseClient m_events;
};

bool TestApiFiles::backup(const QString& server, const QString& uuid)
{
    return backupAndWait(*m_pouch, m_events, server, uuid);
}

void TestApiFiles::initTestCase()
{
    Pouch::Options o;
    o.servers = {m_s1, m_s2};
    m_pouch = std::make_unique<Pouch>(o);
    const QString s1 = m_pouch->serverDir(m_s1);
    QVERIFY(TestSupport::writeFile(s1 + QStringLiteral("/world/level.dat"), "level"));
    QVERIFY(TestSupport::writeFile(s1 + QStringLiteral("/world/region/r.0.0.mca"), QByteArray(4096, 'r')));
    QVERIFY(TestSupport::writeFile(s1 + QString::fromUtf8("/Grün dir ✓/a b.txt"), "unicode"));
    QVERIFY(TestSupport::writeFile(s1 + QStringLiteral("/$(rm -rf x);`id`&|<>.txt"), "shell"));
    QVERIFY(TestSupport::writeFile(s1 + QStringLiteral("/logs/2026.log"), "log"));
    QVERIFY(QFile::link(QStringLiteral("logs/2026.log"), s1 + QStringLiteral("/latest.log")));
    QVERIFY(QFile::setPermissions(s1 + QStringLiteral("/world/level.dat"),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    QVERIFY(TestSupport::writeFile(m_pouch->serverDir(m_s2) + QStringLiteral("/level-of-s2.dat"), "s2"));
    QString error;
    QVERIFY2(m_pouch->start(&error), qPrintable(error));
    QVERIFY(m_events.connectTo(m_pouch->options().port, m_pouch->options().token));
    QVERIFY2(backup(m_s1, m_b1), qPrintable(m_pouch->output()));
    QVERIFY2(backup(m_s2, m_b2), qPrintable(m_pouch->output()));
}

void TestApiFiles::cleanupTestCase()
{
    if (m_pouch)
        QCOMPARE(m_pouch->terminate(), 0);
}

void TestApiFiles::browse()
{
    // No path: the top of the server directory, nothing above it.
    const Response top = m_pouch->get(filesPath(m_s1, m_b1));
    CHECK_STATUS(top, 200);
    QCOMPARE(top.header("Content-Type"), QByteArray("application/json; charset=utf-8"));
    const QJsonObject listing = top.json();
    QCOMPARE(listing.value(QLatin1String("path")).toString(), QStringLiteral("/"));
    // Sorted by name in byte order: '$' (0x24) < 'G' (0x47) < 'l' < 'w'.
    QCOMPARE(names(listing),
             QStringList({QStringLiteral("$(rm -rf x);`id`&|<>.txt"), QString::fromUtf8("Grün dir ✓"),
                          QStringLiteral("latest.log"), QStringLiteral("logs"), QStringLiteral("world")}));
    const QJsonArray entries = listing.value(QLatin1String("entries")).toArray();
    const QJsonObject link = entries[2].toObject();
    QCOMPARE(link.value(QLatin1String("type")).toString(), QStringLiteral("symlink"));
    QCOMPARE(link.value(QLatin1String("link_target")).toString(), QStringLiteral("logs/2026.log"));
    QCOMPARE(link.value(QLatin1String("path")).toString(), QStringLiteral("/latest.log"));
    const QJsonObject world = entries[4].toObject();
    QCOMPARE(world.value(QLatin1String("type")).toString(), QStringLiteral("dir"));
    QCOMPARE(world.value(QLatin1String("size")).toInt(-1), 0);
    QVERIFY(!world.contains(QLatin1String("link_target")));
    QCOMPARE(world.keys(), QStringList({QStringLiteral("mode"), QStringLiteral("mtime"), QStringLiteral("name"),
                                        QStringLiteral("path"), QStringLiteral("size"), QStringLiteral("type")}));

    const Response inWorld = m_pouch->get(filesPath(m_s1, m_b1, QStringLiteral("/world")));
    CHECK_STATUS(inWorld, 200);
    QCOMPARE(inWorld.json().value(QLatin1String("path")).toString(), QStringLiteral("/world"));
    QCOMPARE(names(inWorld.json()), QStringList({QStringLiteral("level.dat"), QStringLiteral("region")}));
    const QJsonObject level = inWorld.json().value(QLatin1String("entries")).toArray()[0].toObject();
    QCOMPARE(level.value(QLatin1String("path")).toString(), QStringLiteral("/world/level.dat"));
    QCOMPARE(level.value(QLatin1String("type")).toString(), QStringLiteral("file"));
    QCOMPARE(level.value(QLatin1String("size")).toInt(), 5);
    QCOMPARE(level.value(QLatin1String("mode")).toInt(), 0644);
    // restic's own mtime text, RFC 3339 with nanoseconds.
    const QString mtime = level.value(QLatin1String("mtime")).toString();
    QVERIFY2(
        QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)$"))
            .match(mtime)
            .hasMatch(),
        qPrintable(mtime));

    const Response deep = m_pouch->get(filesPath(m_s1, m_b1, QStringLiteral("/world/region")));
    QCOMPARE(names(deep.json()), QStringList{QStringLiteral("r.0.0.mca")});
    QCOMPARE(deep.json().value(QLatin1String("entries")).toArray()[0].toObject().value(QLatin1String("size")).toInt(),
             4096);
    const Response unicode = m_pouch->get(filesPath(m_s1, m_b1, QString::fromUtf8("/Grün dir ✓")));
    CHECK_STATUS(unicode, 200);
    QCOMPARE(names(unicode.json()), QStringList{QStringLiteral("a b.txt")});
}

void TestApiFiles::missingAndNotADirectory()
{
    CHECK_ERROR(m_pouch->get(filesPath(m_s1, m_b1, QStringLiteral("/nope"))), 404, kNoSuchPath);
    CHECK_ERROR(m_pouch->get(filesPath(m_s1, m_b1, QStringLiteral("/world/nope/deeper"))), 404, kNoSuchPath);
    CHECK_ERROR(m_pouch->get(filesPath(m_s1, m_b1, QStringLiteral("/worl"))), 404, kNoSuchPath);
    CHECK_ERROR(m_pouch->get(filesPath(m_s1, m_b1, QStringLiteral("/world/level.dat"))), 400,
                QStringLiteral("The requested path is not a directory in this backup."));
    // A symlink to a directory is not followed.
    CHECK_ERROR(m_pouch->get(filesPath(m_s1, m_b1, QStringLiteral("/latest.log"))), 400, QString());
}

void TestApiFiles::badPathsChangeNothing_data()
{
    addBadPathRows();
}

void TestApiFiles::badPathsChangeNothing()
{
    QFETCH(QString, query);
    QFETCH(QString, message);
    const auto repoBefore = TestSupport::snapshotTree(m_pouch->repository());
    const auto volumesBefore = TestSupport::snapshotTree(m_pouch->volumes());
    const Response r = m_pouch->get(filesPath(m_s1, m_b1) + QLatin1Char('?') + query);
    CHECK_ERROR(r, 400, message);
    QVERIFY(!r.json().contains(QLatin1String("entries")));
    QCOMPARE(TestSupport::snapshotTree(m_pouch->repository()), repoBefore);
    QCOMPARE(TestSupport::snapshotTree(m_pouch->volumes()), volumesBefore);
}

void TestApiFiles::otherServersAndIds()
{
    // s2 cannot look into s1's backup, and the other way round.
    CHECK_ERROR(m_pouch->get(filesPath(m_s2, m_b1)), 404, kNotFoundBackup);
    CHECK_ERROR(m_pouch->get(filesPath(m_s1, m_b2, QStringLiteral("/"))), 404, kNotFoundBackup);
    CHECK_ERROR(m_pouch->get(filesPath(uuidFor(77), m_b1)), 404, kNotFoundServer);
    CHECK_ERROR(m_pouch->get(filesPath(m_s1, QStringLiteral("NOT-A-UUID"))), 400,
                QStringLiteral("The backup id must be a lowercase UUID."));
    CHECK_ERROR(m_pouch->get(filesPath(m_s1, uuidFor(999))), 404, kNotFoundBackup);
    CHECK_ERROR(m_pouch->get(searchPath(uuidFor(77), QStringLiteral("q=level"))), 404, kNotFoundServer);
    // Auth as everywhere.
    CHECK_ERROR(m_pouch->request("GET", filesPath(m_s1, m_b1), {}, "-"), 401, QString());
    CHECK_ERROR(m_pouch->request("GET", searchPath(m_s1, QStringLiteral("q=level")), {}, "Bearer wrong"), 403,
                QString());
    CHECK_ERROR(m_pouch->request("POST", filesPath(m_s1, m_b1), "{}"), 405, QString());
}

void TestApiFiles::search()
{
    // A second backup of s1, with level.dat changed: newest snapshot first.
    QVERIFY(TestSupport::writeFile(m_pouch->serverDir(m_s1) + QStringLiteral("/world/level.dat"), "level, v2"));
    QVERIFY(backup(m_s1, m_b3));
    const Response r = m_pouch->get(searchPath(m_s1, QStringLiteral("q=LEVEL.d")));
    CHECK_STATUS(r, 200);
    const QJsonObject found = r.json();
    QCOMPARE(found.value(QLatin1String("truncated")).toBool(true), false);
    QCOMPARE(found.value(QLatin1String("incomplete")).toBool(true), false);
    const QJsonArray matches = found.value(QLatin1String("matches")).toArray();
    QCOMPARE(matches.size(), 2); // s2's level-of-s2.dat is not s1's
    const QJsonObject newest = matches[0].toObject();
    QCOMPARE(newest.value(QLatin1String("backup_uuid")).toString(), m_b3);
    QCOMPARE(newest.value(QLatin1String("path")).toString(), QStringLiteral("/world/level.dat"));
    QCOMPARE(newest.value(QLatin1String("type")).toString(), QStringLiteral("file"));
    QCOMPARE(newest.value(QLatin1String("size")).toInt(), 9);
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{64}$"))
                .match(newest.value(QLatin1String("snapshot_id")).toString())
                .hasMatch());
    QCOMPARE(newest.keys(), QStringList({QStringLiteral("backup_uuid"), QStringLiteral("mtime"), QStringLiteral("path"),
                                         QStringLiteral("size"), QStringLiteral("snapshot_id"), QStringLiteral("time"),
                                         QStringLiteral("type")}));
    const QJsonObject older = matches[1].toObject();
    QCOMPARE(older.value(QLatin1String("backup_uuid")).toString(), m_b1);
    QCOMPARE(older.value(QLatin1String("size")).toInt(), 5);
    QVERIFY(newest.value(QLatin1String("time")).toString() > older.value(QLatin1String("time")).toString());

    // s2 sees its own only.
    const QJsonArray s2 = m_pouch->get(searchPath(m_s2, QStringLiteral("q=level"))).json().value("matches").toArray();
    QCOMPARE(s2.size(), 1);
    QCOMPARE(s2[0].toObject().value(QLatin1String("path")).toString(), QStringLiteral("/level-of-s2.dat"));
    // Unicode, shell characters and two characters.
    QCOMPARE(m_pouch->get(searchPath(m_s1, QStringLiteral("q=") + encoded(QString::fromUtf8("GRÜN D"))))
                 .json()
                 .value("matches")
                 .toArray()
                 .size(),
             4);
    QCOMPARE(m_pouch->get(searchPath(m_s1, QStringLiteral("q=") + encoded(QStringLiteral("`id`&|"))))
                 .json()
                 .value("matches")
                 .toArray()
                 .size(),
             2);
    QCOMPARE(m_pouch->get(searchPath(m_s1, QStringLiteral("q=Ca"))).json().value("matches").toArray().size(),
             2); // r.0.0.mca
    // Truncation.
    const Response one = m_pouch->get(searchPath(m_s1, QStringLiteral("q=world&limit=1")));
    CHECK_STATUS(one, 200);
    QCOMPARE(one.json().value(QLatin1String("matches")).toArray().size(), 1);
    QCOMPARE(one.json().value(QLatin1String("truncated")).toBool(), true);
    QCOMPARE(one.json().value("matches").toArray()[0].toObject().value("backup_uuid").toString(), m_b3);
    const Response all = m_pouch->get(searchPath(m_s1, QStringLiteral("q=world&limit=1000")));
    QCOMPARE(all.json().value(QLatin1String("matches")).toArray().size(), 8); // 4 paths in each
    QCOMPARE(all.json().value(QLatin1String("truncated")).toBool(), false);
    const Response none = m_pouch->get(searchPath(m_s1, QStringLiteral("q=zzzz")));
    CHECK_STATUS(none, 200);
    QVERIFY(none.json().value(QLatin1String("matches")).toArray().isEmpty());
}

void TestApiFiles::searchRefusesBadQueries_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("message");
    const QString tooShort = QStringLiteral("The search text `q` must have at least 2 characters.");
    const QString badLimit = QStringLiteral("`limit` must be a whole number from 1 to 1000.");
    QTest::newRow("no q") << QStringLiteral("limit=5") << tooShort;
    QTest::newRow("empty q") << QStringLiteral("q=") << tooShort;
    QTest::newRow("one character") << QStringLiteral("q=a") << tooShort;
    QTest::newRow("one non-ASCII character") << QStringLiteral("q=%C3%BC") << tooShort;
    QTest::newRow("nul") << QStringLiteral("q=ab%00")
                         << QStringLiteral("The search text `q` must be at most 4096 bytes, without NUL characters.");
    QTest::newRow("limit 0") << QStringLiteral("q=level&limit=0") << badLimit;
    QTest::newRow("limit 1001") << QStringLiteral("q=level&limit=1001") << badLimit;
    QTest::newRow("limit word") << QStringLiteral("q=level&limit=ten") << badLimit;
    QTest::newRow("limit negative") << QStringLiteral("q=level&limit=-1") << badLimit;
}

void TestApiFiles::searchRefusesBadQueries()
{
    QFETCH(QString, query);
    QFETCH(QString, message);
    CHECK_ERROR(m_pouch->get(searchPath(m_s1, query)), 400, message);
}

// A second node on the same repository sees s1's backups but has indexed none of them. With a 1 ms wait, the first
// question gets 503 with Retry-After while the index is built in the background, and a later one the answer.
void TestApiFiles::notIndexedInTimeIs503()
{
    Pouch other(secondNode(*m_pouch, {m_s1}, 1));
    QString error;
    QVERIFY2(other.start(&error), qPrintable(error));
    const Response first = other.get(filesPath(m_s1, m_b1, QStringLiteral("/world")));
    CHECK_ERROR(first, 503, QStringLiteral("The file list of this backup is being built; try again in a few seconds."));
    QCOMPARE(first.header("Retry-After"), QByteArray("5"));
    const Response partial = other.get(searchPath(m_s1, QStringLiteral("q=level")));
    CHECK_STATUS(partial, 200);
    QCOMPARE(partial.json().value(QLatin1String("incomplete")).toBool(), true);
    QTRY_COMPARE_WITH_TIMEOUT(other.get(filesPath(m_s1, m_b1, QStringLiteral("/world"))).status, 200, 30000);
    QCOMPARE(names(other.get(filesPath(m_s1, m_b1, QStringLiteral("/world"))).json()),
             QStringList({QStringLiteral("level.dat"), QStringLiteral("region")}));
    QTRY_COMPARE_WITH_TIMEOUT(
        other.get(searchPath(m_s1, QStringLiteral("q=level"))).json().value(QLatin1String("incomplete")).toBool(true),
        false, 30000);
    QCOMPARE(other.get(searchPath(m_s1, QStringLiteral("q=level.dat"))).json().value("matches").toArray().size(), 2);
    QCOMPARE(other.terminate(), 0);
}

void TestApiFiles::forgottenBackupIsGone()
{
    const Response del = m_pouch->request("DELETE", QStringLiteral("/api/servers/%1/backup/%2").arg(m_s1, m_b3),
                                          "{\"adapter\":\"restic\"}");
    CHECK_STATUS(del, 204);
    CHECK_ERROR(m_pouch->get(filesPath(m_s1, m_b3)), 404, kNotFoundBackup);
    // Its rows leave the index: search finds only the first backup's level.dat.
    QTRY_COMPARE_WITH_TIMEOUT(
        m_pouch->get(searchPath(m_s1, QStringLiteral("q=level.dat"))).json().value("matches").toArray().size(), 1,
        10000);
    const QJsonArray left =
        m_pouch->get(searchPath(m_s1, QStringLiteral("q=level.dat"))).json().value("matches").toArray();
    QCOMPARE(left[0].toObject().value(QLatin1String("backup_uuid")).toString(), m_b1);
}

QTEST_GUILESS_MAIN(TestApiFiles)
#include "tst_api_files.moc"
