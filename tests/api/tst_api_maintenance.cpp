// Pouch's maintenance schedules (issue 12) over the real `pouch --headless`: a check that is overdue runs at the
// start and not again once done; with `prune.after_deletes`, deletes prune only every K-th time.

#include "ApiHarness.h"
#include "TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>

using namespace ApiHarness;
using TestSupport::uuidFor;

class TestApiMaintenance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scheduledCheckRunsWhenMissed();
    void pruneAfterKDeletes();

private:
    const QString m_s1 = uuidFor(1);
};

// A check every day, never run on this repository: it is overdue, so it runs at the start without a request; after
// a restart it is not due again.
void TestApiMaintenance::scheduledCheckRunsWhenMissed()
{
    Pouch::Options o;
    o.servers = {m_s1};
    o.settingsYaml = QStringLiteral("maintenance:\n  check:\n    every_days: 1\n    read_data_subset: 1/4\n");
    Pouch pouch(o);
    QVERIFY(QDir().mkpath(pouch.root() + QStringLiteral("/state")));
    QVERIFY(TestSupport::writeFile(pouch.serverDir(m_s1) + QStringLiteral("/a.txt"), "a\n"));
    QCOMPARE(pouch.restic({QStringLiteral("init")}), 0); // a repository that was never checked
    QCOMPARE(pouch.restic({QStringLiteral("backup"), pouch.serverDir(m_s1)}), 0);
    QString error;
    QVERIFY2(pouch.start(&error), qPrintable(error));
    const auto checks = [&pouch] {
        QJsonArray out;
        for (const QJsonValue& v :
             pouch.get(QStringLiteral("/api/jobs")).json().value(QLatin1String("jobs")).toArray()) {
            if (v.toObject().value(QLatin1String("kind")).toString() == QLatin1String("check"))
                out.append(v);
        }
        return out;
    };
    QElapsedTimer timer;
    timer.start();
    QJsonArray found;
    while (timer.elapsed() < 30000) {
        found = checks();
        if (!found.isEmpty() &&
            found[0].toObject().value(QLatin1String("state")).toString() == QLatin1String("succeeded"))
            break;
        QTest::qWait(200);
    }
    QCOMPARE(found.size(), 1);
    QCOMPARE(found[0].toObject().value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
    QVERIFY2(pouch.output().contains(QLatin1String("scheduled repository check")), qPrintable(pouch.output()));
    const Response state = pouch.get(QStringLiteral("/api/repository"));
    QCOMPARE(state.json().value(QLatin1String("last_check")).toObject().value(QLatin1String("successful")).toBool(),
             true);
    QCOMPARE(pouch.terminate(), 0);
    QVERIFY2(pouch.start(&error), qPrintable(error));
    QTest::qWait(1500);
    QCOMPARE(checks().size(), 0); // checked within the day: nothing due
    QCOMPARE(pouch.terminate(), 0);
}

// Two deletes a prune: the first schedules none, the second one (the count is kept in the catalogue).
void TestApiMaintenance::pruneAfterKDeletes()
{
    Pouch::Options o;
    o.servers = {m_s1};
    o.deleteAnswerMs = 20000;
    o.settingsYaml = QStringLiteral("maintenance:\n  prune:\n    after_deletes: 2\n");
    Pouch pouch(o);
    QVERIFY(QDir().mkpath(pouch.root() + QStringLiteral("/state")));
    QVERIFY(TestSupport::writeFile(pouch.serverDir(m_s1) + QStringLiteral("/a.txt"), "a\n"));
    QString error;
    QVERIFY2(pouch.start(&error), qPrintable(error));
    SseClient events;
    QVERIFY(events.connectTo(pouch.options().port, pouch.options().token));
    const auto count = [&pouch](const QString& kind) {
        int n = 0;
        for (const QJsonValue& v : pouch.get(QStringLiteral("/api/jobs")).json().value(QLatin1String("jobs")).toArray())
            n += v.toObject().value(QLatin1String("kind")).toString() == kind;
        return n;
    };
    for (int i = 0; i < 2; ++i)
        QVERIFY2(backupAndWait(pouch, events, m_s1, uuidFor(400 + i)), qPrintable(pouch.output()));
    CHECK_STATUS(pouch.request("DELETE", QStringLiteral("/api/servers/%1/backup/%2").arg(m_s1, uuidFor(400))), 204);
    QTest::qWait(1500);
    QCOMPARE(count(QStringLiteral("prune")), 0); // one delete of two
    CHECK_STATUS(pouch.request("DELETE", QStringLiteral("/api/servers/%1/backup/%2").arg(m_s1, uuidFor(401))), 204);
    QElapsedTimer timer;
    timer.start();
    while (count(QStringLiteral("prune")) == 0 && timer.elapsed() < 20000)
        QTest::qWait(50);
    QCOMPARE(count(QStringLiteral("prune")), 1);
    events.disconnect();
    QCOMPARE(pouch.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestApiMaintenance)
#include "tst_api_maintenance.moc"
