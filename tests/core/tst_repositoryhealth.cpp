// The repository's health as plain values: restic's stale rule as Pouch applies it, and the JSON a remote node's
// client reads back (toJson and fromJson are each other's inverse).

#include "RepositoryHealth.h"

#include <QJsonArray>
#include <QProcess>
#include <QSysInfo>
#include <QTest>

#include <unistd.h>

class TestRepositoryHealth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void staleAsResticJudges();
    void jsonRoundTrips();
};

void TestRepositoryHealth::staleAsResticJudges()
{
    const QString host = QSysInfo::machineHostName();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    RepositoryLock l;
    l.host = host;
    l.time = now.addSecs(-60);

    l.pid = qint64(::getpid()); // alive, ours
    l.judge(host, now);
    QVERIFY(l.own);
    QVERIFY(!l.stale);

    QProcess probe; // a process of this host that has ended: its pid is free
    probe.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("echo $$")});
    QVERIFY(probe.waitForFinished(5000));
    l.pid = probe.readAllStandardOutput().trimmed().toLongLong();
    QVERIFY(l.pid > 0);
    l.judge(host, now);
    QVERIFY(l.stale);

    // Another host's fresh lock is live whatever its pid; 30 minutes without a refresh make any lock stale.
    l.host = QStringLiteral("otherhost");
    l.judge(host, now);
    QVERIFY(!l.own);
    QVERIFY(!l.stale);
    l.time = now.addSecs(-RepositoryLock::kStaleAfterSec - 1);
    l.judge(host, now);
    QVERIFY(l.stale);
    l.time = now.addSecs(-RepositoryLock::kStaleAfterSec + 5);
    l.judge(host, now);
    QVERIFY(!l.stale);
}

void TestRepositoryHealth::jsonRoundTrips()
{
    RepositoryLock l;
    l.id = QString(64, QLatin1Char('a'));
    l.host = QStringLiteral("node1");
    l.username = QStringLiteral("root");
    l.pid = 4242;
    l.time = QDateTime::fromString(QStringLiteral("2026-03-01T10:00:00.123Z"), Qt::ISODateWithMs);
    l.exclusive = true;
    l.stale = true;
    l.own = false;
    const RepositoryLock back = RepositoryLock::fromJson(l.toJson());
    QCOMPARE(back.toJson(), l.toJson());
    QCOMPARE(back.time, l.time);
    QCOMPARE(back.pid, qint64(4242));

    CheckResult c;
    c.time = l.time;
    c.successful = false;
    c.errors = {QStringLiteral("pack 1234: does not exist")};
    c.readDataSubset = QStringLiteral("5%");
    QCOMPARE(CheckResult::fromJson(c.toJson()).toJson(), c.toJson());
    QVERIFY(!CheckResult::fromJson({}).isValid()); // never checked

    GrowthPoint p;
    p.time = l.time;
    p.backupUuid = QStringLiteral("b");
    p.snapshotId = QStringLiteral("s");
    p.size = 1000;
    const QJsonObject pj = p.toJson();
    QVERIFY(pj.value(QLatin1String("added")).isNull()); // unknown stays null, never 0
    QCOMPARE(GrowthPoint::fromJson(pj).toJson(), pj);
    p.added = 0;
    QCOMPARE(GrowthPoint::fromJson(p.toJson()).added, std::optional<qint64>(0));

    RepositoryState s;
    s.repository = QStringLiteral("s3:https://host/bucket");
    s.totalSize = 5000;
    s.rawSize = 3000;
    s.snapshotCount = 3;
    s.servers = 2;
    s.lastCheck = c;
    s.locks = {l};
    const QJsonObject sj = s.toJson();
    const QJsonObject lastCheck = sj.value(QLatin1String("last_check")).toObject();
    QCOMPARE(lastCheck.keys(), (QStringList{QStringLiteral("successful"), QStringLiteral("time")}));
    QCOMPARE(RepositoryState::fromJson(sj).toJson(), sj);
    s.lastCheck = {};
    s.rawSize.reset();
    s.locksError = QStringLiteral("restic failed");
    const QJsonObject unknown = s.toJson();
    QVERIFY(unknown.value(QLatin1String("last_check")).isNull());
    QVERIFY(unknown.value(QLatin1String("raw_size")).isNull());
    QVERIFY(unknown.value(QLatin1String("locks")).isNull());

    LockList list;
    list.locks = {l, back};
    QCOMPARE(LockList::fromJson(list.toJson()).toJson(), list.toJson());
    QCOMPARE(list.staleCount(), 2);
}

QTEST_GUILESS_MAIN(TestRepositoryHealth)
#include "tst_repositoryhealth.moc"
