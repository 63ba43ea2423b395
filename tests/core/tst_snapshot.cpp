#include "Snapshot.h"
#include "WireFormat.h"

#include <QJsonArray>
#include <QtTest>

class TestSnapshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesResticJsonNewestFirst();
    void dropsEntriesWithoutAValidId();
    void specShape();
    void emptyAndBrokenInput();
};

namespace {
const QString kA = QString(63, QLatin1Char('a')) + QLatin1Char('1');
const QString kB = QString(63, QLatin1Char('b')) + QLatin1Char('2');

QByteArray entry(const QString& id, const char* time, const char* extraTags = "")
{
    return QStringLiteral(R"({"id":"%1","short_id":"%2","time":"%3","hostname":"h","paths":["/v/s"],)"
                          R"("tags":["backup_uuid:u-%2","server_uuid:s"%4]})")
        .arg(id, id.left(8), QString::fromLatin1(time), QString::fromLatin1(extraTags))
        .toUtf8();
}
} // namespace

void TestSnapshot::parsesResticJsonNewestFirst()
{
    const QByteArray json =
        "[" + entry(kA, "2024-02-02T17:32:46.258123456+01:00") + "," + entry(kB, "2024-02-03T01:00:00.5Z") + "]";
    QString error;
    const QList<Snapshot> list = Snapshot::listFromResticJson(json, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(list.size(), 2);
    QCOMPARE(list[0].id, kB);
    QCOMPARE(list[1].id, kA);
    QCOMPARE(list[1].backupUuid, QStringLiteral("u-aaaaaaaa"));
    QCOMPARE(list[1].serverUuid, QStringLiteral("s"));
    QCOMPARE(list[1].time.toUTC(), QDateTime(QDate(2024, 2, 2), QTime(16, 32, 46, 258), Qt::UTC));
}

void TestSnapshot::dropsEntriesWithoutAValidId()
{
    for (const QString& bad : {QStringLiteral("--password-file=/etc/shadow"), QStringLiteral("abc"), kA.toUpper(),
                               QString(64, QLatin1Char('g')), QString()}) {
        const QByteArray json =
            "[" + entry(bad, "2024-02-02T17:32:46Z") + "," + entry(kA, "2024-02-02T17:32:46Z") + "]";
        const QList<Snapshot> list = Snapshot::listFromResticJson(json);
        QCOMPARE(list.size(), 1);
        QCOMPARE(list[0].id, kA);
        QVERIFY(!Snapshot::isSnapshotId(bad));
    }
    QVERIFY(Snapshot::isSnapshotId(kA));
}

void TestSnapshot::specShape()
{
    Snapshot s = Snapshot::listFromResticJson("[" + entry(kA, "2024-02-02T17:32:46.258Z") + "]").value(0);
    QJsonObject o = WireFormat::snapshot(s);
    QCOMPARE(o.value(QLatin1String("time")).toString(), QStringLiteral("2024-02-02T17:32:46.258Z"));
    QCOMPARE(o.value(QLatin1String("paths")).toArray().size(), 1);
    QVERIFY(!o.contains(QLatin1String("size")));
    s.stats = SnapshotStats{1073741824, 5432};
    o = WireFormat::snapshot(s);
    QCOMPARE(o.value(QLatin1String("size")).toDouble(), 1073741824.0);
    QCOMPARE(o.value(QLatin1String("total_file_count")).toDouble(), 5432.0);
}

void TestSnapshot::emptyAndBrokenInput()
{
    QString error;
    QVERIFY(Snapshot::listFromResticJson("null", &error).isEmpty());
    QVERIFY(error.isEmpty());
    QVERIFY(Snapshot::listFromResticJson("[]", &error).isEmpty());
    QVERIFY(error.isEmpty());
    QVERIFY(Snapshot::listFromResticJson("{not json", &error).isEmpty());
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(TestSnapshot)
#include "tst_snapshot.moc"
