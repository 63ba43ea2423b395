// Selective restore and diff (beyond the spec: docs/api.md) over real sockets: the real binary, a local restic
// repository, the file index in its real SQLite file.

#include "ApiHarness.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUrl>

using namespace ApiHarness;
using TestSupport::snapshotTree;
using TestSupport::uuidFor;
using TestSupport::writeFile;
using Tree = QMap<QString, QByteArray>;

namespace {

QJsonObject restoreBody(const QJsonValue& paths, const QJsonValue& destination = QJsonValue::Undefined)
{
    QJsonObject body{{QStringLiteral("adapter"), QStringLiteral("restic")}};
    if (!paths.isUndefined())
        body.insert(QStringLiteral("paths"), paths);
    if (!destination.isUndefined())
        body.insert(QStringLiteral("destination"), destination);
    return body;
}

QStringList pathsOf(const QJsonArray& entries)
{
    QStringList out;
    for (const QJsonValue& e : entries)
        out << e.toObject().value(QLatin1String("path")).toString();
    return out;
}
} // namespace

class TestApiRestorePaths : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void fileIntoTheSameServer();
    void folderReplacesWholeAndLeavesSiblings();
    void intoADestination();
    void intoAnotherServer();
    void badRequestsChangeNothing_data();
    void badRequestsChangeNothing();
    void diffAfterChangeAddAndDelete();
    void diffRefusals();

private:
    bool backup(const QString& server, const QString& uuid);
    bool restore(const QString& target, const QString& backup, const QJsonObject& body);

    const QString m_s1 = uuidFor(1);
    const QString m_s2 = uuidFor(2);
    const QString m_b1 = uuidFor(101);
    const QString m_b2 = uuidFor(102);     // s1's second, after a change, an add and a delete
    const QString m_bOther = uuidFor(103); // s2's
    std::unique_ptr<Pouch> m_pouch;
    SseClient m_events;
    Tree m_source; // s1 at the time of m_b1
};

bool TestApiRestorePaths::backup(const QString& server, const QString& uuid)
{
    return backupAndWait(*m_pouch, m_events, server, uuid);
}

bool TestApiRestorePaths::restore(const QString& target, const QString& backup, const QJsonObject& body)
{
    m_events.clear(); // wait for this restore's events, not an earlier one's
    const Response r = m_pouch->post(QStringLiteral("/api/servers/%1/backup/%2/restore").arg(target, backup), body);
    if (r.status != 202) {
        qWarning() << describe(r);
        return false;
    }
    SseClient::Event done;
    if (!m_events.waitFor(QStringLiteral("backup restore completed"), backup, target, 60000, &done)) {
        qWarning().noquote() << m_pouch->output();
        return false;
    }
    return true;
}

void TestApiRestorePaths::initTestCase()
{
    Pouch::Options o;
    o.servers = {m_s1, m_s2};
    m_pouch = std::make_unique<Pouch>(o);
    const QString s1 = m_pouch->serverDir(m_s1);
    QVERIFY(writeFile(s1 + QStringLiteral("/world/level.dat"), "level v1"));
    QVERIFY(writeFile(s1 + QStringLiteral("/world/region/r.0.0.mca"), QByteArray(8192, 'r')));
    QVERIFY(writeFile(s1 + QString::fromUtf8("/Grün dir ✓/a b.txt"), "unicode"));
    QVERIFY(writeFile(s1 + QStringLiteral("/$(rm -rf x);`id`&|<>.txt"), "shell"));
    QVERIFY(writeFile(s1 + QStringLiteral("/logs/2026.log"), "log v1"));
    QVERIFY(writeFile(s1 + QStringLiteral("/gone-later.txt"), "deleted before the second backup"));
    QVERIFY(writeFile(s1 + QStringLiteral("/server.properties"), "motd=v1"));
    QVERIFY(QFile::link(QStringLiteral("logs/2026.log"), s1 + QStringLiteral("/latest.log")));
    QVERIFY(writeFile(m_pouch->serverDir(m_s2) + QStringLiteral("/s2-own.txt"), "s2's own file"));
    m_source = snapshotTree(s1);
    QString error;
    QVERIFY2(m_pouch->start(&error), qPrintable(error));
    QVERIFY(m_events.connectTo(m_pouch->options().port, m_pouch->options().token));
    QVERIFY2(backup(m_s1, m_b1), qPrintable(m_pouch->output()));
    QVERIFY2(backup(m_s2, m_bOther), qPrintable(m_pouch->output()));

    // The second backup: a change, an add (a file and a folder) and a delete.
    QTest::qWait(20); // a different mtime even on a coarse clock
    QVERIFY(writeFile(s1 + QStringLiteral("/world/level.dat"), "level v2, longer"));
    QVERIFY(writeFile(s1 + QStringLiteral("/world/new.txt"), "new"));
    QVERIFY(writeFile(s1 + QStringLiteral("/plugins/p.jar"), "jar"));
    QVERIFY(QFile::remove(s1 + QStringLiteral("/gone-later.txt")));
    QVERIFY2(backup(m_s1, m_b2), qPrintable(m_pouch->output()));
}

void TestApiRestorePaths::cleanupTestCase()
{
    if (m_pouch)
        QCOMPARE(m_pouch->terminate(), 0);
}

void TestApiRestorePaths::fileIntoTheSameServer()
{
    const QString s1 = m_pouch->serverDir(m_s1);
    QVERIFY(writeFile(s1 + QStringLiteral("/server.properties"), "motd=broken"));
    QVERIFY(writeFile(s1 + QStringLiteral("/logs/2026.log"), "log, edited since"));
    Tree expected = snapshotTree(s1);
    expected[QStringLiteral("server.properties")] = "motd=v1";
    QVERIFY(restore(m_s1, m_b1, restoreBody(QJsonArray{QStringLiteral("/server.properties")})));
    QCOMPARE(snapshotTree(s1), expected);
    // What was moved aside goes after the job has reported.
    QTRY_VERIFY_WITH_TIMEOUT(QDir(m_pouch->volumes() + QStringLiteral("/.pouch-staging"))
                                 .entryList(QDir::AllEntries | QDir::NoDotAndDotDot)
                                 .isEmpty(),
                             10000);
}

void TestApiRestorePaths::folderReplacesWholeAndLeavesSiblings()
{
    const QString s1 = m_pouch->serverDir(m_s1);
    // /world now has new.txt (not in b1) and a changed level.dat; /logs and /plugins are siblings to leave alone.
    QVERIFY(writeFile(s1 + QStringLiteral("/logs/2026.log"), "log, edited again"));
    Tree expected = snapshotTree(s1);
    for (auto it = expected.begin(); it != expected.end();)
        it = it.key().startsWith(QLatin1String("world")) ? expected.erase(it) : std::next(it);
    for (auto it = m_source.constBegin(); it != m_source.constEnd(); ++it) {
        if (it.key().startsWith(QLatin1String("world")))
            expected.insert(it.key(), it.value());
    }
    // A unicode folder and a name with shell characters in the same request.
    expected[QString::fromUtf8("Grün dir ✓/a b.txt")] = "unicode";
    QVERIFY(writeFile(s1 + QString::fromUtf8("/Grün dir ✓/a b.txt"), "changed"));
    expected[QStringLiteral("$(rm -rf x);`id`&|<>.txt")] = "shell";
    QVERIFY(writeFile(s1 + QStringLiteral("/$(rm -rf x);`id`&|<>.txt"), "changed"));
    QVERIFY(restore(m_s1, m_b1,
                    restoreBody(QJsonArray{QStringLiteral("/world"), QString::fromUtf8("/Grün dir ✓"),
                                           QStringLiteral("/$(rm -rf x);`id`&|<>.txt"),
                                           QStringLiteral("/world/level.dat")}))); // covered by /world
    const Tree after = snapshotTree(s1);
    QVERIFY(!after.contains(QStringLiteral("world/new.txt")));
    QCOMPARE(after, expected);
}

void TestApiRestorePaths::intoADestination()
{
    const QString s1 = m_pouch->serverDir(m_s1);
    const Tree before = snapshotTree(s1);
    QVERIFY(restore(m_s1, m_b1,
                    restoreBody(QJsonArray{QStringLiteral("/world/level.dat"), QStringLiteral("/latest.log")},
                                QStringLiteral("/restored/b1"))));
    Tree expected = before;
    expected.insert(QStringLiteral("restored"), "dir:");
    expected.insert(QStringLiteral("restored/b1"), "dir:");
    expected.insert(QStringLiteral("restored/b1/world"), "dir:");
    expected.insert(QStringLiteral("restored/b1/world/level.dat"), "level v1");
    expected.insert(QStringLiteral("restored/b1/latest.log"), "symlink:logs/2026.log");
    QCOMPARE(snapshotTree(s1), expected);
}

void TestApiRestorePaths::intoAnotherServer()
{
    const QString s2 = m_pouch->serverDir(m_s2);
    Tree expected = snapshotTree(s2);
    // Into the same relative place of another server, then under a destination there.
    QVERIFY(restore(m_s2, m_b1, restoreBody(QJsonArray{QStringLiteral("/world")})));
    for (auto it = m_source.constBegin(); it != m_source.constEnd(); ++it) {
        if (it.key().startsWith(QLatin1String("world")))
            expected.insert(it.key(), it.value());
    }
    QCOMPARE(snapshotTree(s2), expected);
    QVERIFY(
        restore(m_s2, m_b1, restoreBody(QJsonArray{QStringLiteral("/server.properties")}, QStringLiteral("/from-s1"))));
    expected.insert(QStringLiteral("from-s1"), "dir:");
    expected.insert(QStringLiteral("from-s1/server.properties"), "motd=v1");
    QCOMPARE(snapshotTree(s2), expected);
    QCOMPARE(expected.value(QStringLiteral("s2-own.txt")), QByteArray("s2's own file"));
}

void TestApiRestorePaths::badRequestsChangeNothing_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message"); // empty: any message
    const QString notArray = QStringLiteral("`paths` must be a non-empty array of at most 1000 paths.");
    QTest::newRow("paths not an array") << QByteArray(R"({"adapter":"restic","paths":"/world"})") << notArray;
    QTest::newRow("paths empty") << QByteArray(R"({"adapter":"restic","paths":[]})") << notArray;
    QJsonArray many;
    for (int i = 0; i <= 1000; ++i)
        many.append(QStringLiteral("/f%1").arg(i));
    QTest::newRow("1001 paths") << QJsonDocument(restoreBody(many)).toJson() << notArray;
    QTest::newRow("path not a string") << QByteArray(R"({"adapter":"restic","paths":["/world", 7]})")
                                       << QStringLiteral("Each of `paths` must be a string.");
    QTest::newRow("relative") << QByteArray(R"({"adapter":"restic","paths":["world"]})")
                              << QStringLiteral("The path world is not valid: The path must start with '/'.");
    QTest::newRow("dotdot") << QByteArray(R"({"adapter":"restic","paths":["/world/../../etc"]})") << QString();
    QTest::newRow("dot") << QByteArray(R"({"adapter":"restic","paths":["/./world"]})") << QString();
    QTest::newRow("empty segment") << QByteArray(R"({"adapter":"restic","paths":["/world//level.dat"]})") << QString();
    QTest::newRow("nul") << QByteArray(R"({"adapter":"restic","paths":["/world\u0000x"]})") << QString();
    QTest::newRow("4097 bytes")
        << QJsonDocument(restoreBody(QJsonArray{QStringLiteral("/") + QString(4096, 'a')})).toJson() << QString();
    QTest::newRow("the root") << QByteArray(R"({"adapter":"restic","paths":["/"]})")
                              << QStringLiteral("The path / is the whole backup: restore it without `paths`.");
    QTest::newRow("with truncate") << QByteArray(R"({"adapter":"restic","paths":["/world"],"truncate_directory":true})")
                                   << QStringLiteral("`truncate_directory` cannot be used with `paths`: only the "
                                                     "listed paths are replaced.");
    QTest::newRow("missing in the backup") << QByteArray(R"({"adapter":"restic","paths":["/world","/world/nope.dat"]})")
                                           << QStringLiteral("The path /world/nope.dat does not exist in this backup.");
    QTest::newRow("added after the backup") << QByteArray(R"({"adapter":"restic","paths":["/plugins"]})")
                                            << QStringLiteral("The path /plugins does not exist in this backup.");
    QTest::newRow("destination relative") << QByteArray(R"({"adapter":"restic","paths":["/world"],"destination":"x"})")
                                          << QStringLiteral("The destination x is not valid: The path must start "
                                                            "with '/'.");
    QTest::newRow("destination dotdot") << QByteArray(
                                               R"({"adapter":"restic","paths":["/world"],"destination":"/../s2"})")
                                        << QString();
    QTest::newRow("destination not a string")
        << QByteArray(R"({"adapter":"restic","paths":["/world"],"destination":5})")
        << QStringLiteral("`destination` must be a path string.");
    QTest::newRow("destination without paths") << QByteArray(R"({"adapter":"restic","destination":"/x"})")
                                               << QStringLiteral("A destination needs the paths to restore into it.");
}

void TestApiRestorePaths::badRequestsChangeNothing()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    const Tree repoBefore = snapshotTree(m_pouch->repository());
    const Tree volumesBefore = snapshotTree(m_pouch->volumes());
    m_events.clear();
    const Response r =
        m_pouch->request("POST", QStringLiteral("/api/servers/%1/backup/%2/restore").arg(m_s1, m_b1), body);
    CHECK_ERROR(r, 400, message);
    QVERIFY(!m_events.waitFor(QStringLiteral("backup restore started"), m_b1, m_s1, 300));
    QCOMPARE(snapshotTree(m_pouch->repository()), repoBefore);
    QCOMPARE(snapshotTree(m_pouch->volumes()), volumesBefore);
}

void TestApiRestorePaths::diffAfterChangeAddAndDelete()
{
    const Response r = m_pouch->get(QStringLiteral("/api/servers/%1/backup/%2/diff?against=%3").arg(m_s1, m_b2, m_b1));
    CHECK_STATUS(r, 200);
    const QJsonObject diff = r.json();
    const QJsonArray added = diff.value(QLatin1String("added")).toArray();
    QCOMPARE(pathsOf(added), QStringList({QStringLiteral("/plugins"), QStringLiteral("/plugins/p.jar"),
                                          QStringLiteral("/world/new.txt")}));
    QCOMPARE(added[0].toObject(), QJsonObject({{QStringLiteral("path"), QStringLiteral("/plugins")},
                                               {QStringLiteral("type"), QStringLiteral("dir")},
                                               {QStringLiteral("size"), 0}}));
    QCOMPARE(added[1].toObject().value(QLatin1String("size")).toInt(), 3);
    const QJsonArray removed = diff.value(QLatin1String("removed")).toArray();
    QCOMPARE(pathsOf(removed), QStringList{QStringLiteral("/gone-later.txt")});
    QCOMPARE(removed[0].toObject().value(QLatin1String("type")).toString(), QStringLiteral("file"));
    QCOMPARE(removed[0].toObject().value(QLatin1String("size")).toInt(), 32);
    const QJsonArray changed = diff.value(QLatin1String("changed")).toArray();
    QCOMPARE(pathsOf(changed), QStringList{QStringLiteral("/world/level.dat")});
    QCOMPARE(changed[0].toObject(), QJsonObject({{QStringLiteral("path"), QStringLiteral("/world/level.dat")},
                                                 {QStringLiteral("type"), QStringLiteral("file")},
                                                 {QStringLiteral("size_before"), 8},
                                                 {QStringLiteral("size_after"), 16}}));
    QCOMPARE(diff.value(QLatin1String("truncated")).toBool(true), false);

    // The other way round, added and removed swap; a backup against itself has no differences.
    const QJsonObject back =
        m_pouch->get(QStringLiteral("/api/servers/%1/backup/%2/diff?against=%3").arg(m_s1, m_b1, m_b2)).json();
    QCOMPARE(pathsOf(back.value(QLatin1String("removed")).toArray()), pathsOf(added));
    QCOMPARE(pathsOf(back.value(QLatin1String("added")).toArray()), pathsOf(removed));
    QCOMPARE(back.value(QLatin1String("changed")).toArray()[0].toObject().value(QLatin1String("size_after")).toInt(),
             8);
    const QJsonObject same =
        m_pouch->get(QStringLiteral("/api/servers/%1/backup/%2/diff?against=%2").arg(m_s1, m_b1)).json();
    QVERIFY(same.value(QLatin1String("added")).toArray().isEmpty());
    QVERIFY(same.value(QLatin1String("removed")).toArray().isEmpty());
    QVERIFY(same.value(QLatin1String("changed")).toArray().isEmpty());
}

void TestApiRestorePaths::diffRefusals()
{
    const QString diff = QStringLiteral("/api/servers/%1/backup/%2/diff?against=%3");
    // Another server's backup on either side is not found; so is one that does not exist.
    CHECK_ERROR(m_pouch->get(diff.arg(m_s1, m_b2, m_bOther)), 404, kNotFoundBackup);
    CHECK_ERROR(m_pouch->get(diff.arg(m_s1, m_bOther, m_b1)), 404, kNotFoundBackup);
    CHECK_ERROR(m_pouch->get(diff.arg(m_s2, m_bOther, m_b1)), 404, kNotFoundBackup);
    CHECK_ERROR(m_pouch->get(diff.arg(m_s1, m_b2, uuidFor(999))), 404, kNotFoundBackup);
    const QString badAgainst = QStringLiteral("`against` must be the lowercase UUID of another backup of this server.");
    CHECK_ERROR(m_pouch->get(QStringLiteral("/api/servers/%1/backup/%2/diff").arg(m_s1, m_b2)), 400, badAgainst);
    CHECK_ERROR(m_pouch->get(diff.arg(m_s1, m_b2, QStringLiteral("A") + m_b1.mid(1))), 400, badAgainst);
    CHECK_ERROR(m_pouch->get(diff.arg(m_s1, m_b2, QStringLiteral("../etc"))), 400, badAgainst);
    CHECK_ERROR(m_pouch->get(diff.arg(m_s1, QStringLiteral("not-a-uuid"), m_b1)), 400,
                QStringLiteral("The backup id must be a lowercase UUID."));
    CHECK_ERROR(m_pouch->get(diff.arg(uuidFor(77), m_b2, m_b1)), 404,
                QStringLiteral("The requested resource does not exist on this instance."));
    CHECK_ERROR(m_pouch->request("GET", diff.arg(m_s1, m_b2, m_b1), {}, "Bearer wrong"), 403, QString());
}

QTEST_GUILESS_MAIN(TestApiRestorePaths)
#include "tst_api_restore_paths.moc"
