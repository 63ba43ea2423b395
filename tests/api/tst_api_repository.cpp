// The repository's health over the real `pouch --headless` and real restic (issue 12): check (passing, failing on
// a deleted pack, read_data_subset refused), locks (our own stale one removed, another host's live one kept),
// prune coalesced with a delete's, growth after three backups of known sizes, and /metrics parsed and compared
// with the jobs run, behind the node's token or the metrics token.

#include "ApiHarness.h"
#include "TestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace ApiHarness;
using TestSupport::uuidFor;

// An error answer whose message contains `part`.
#define CHECK_ERROR_PART(response, expected, part)                                                                     \
    do {                                                                                                               \
        const ApiHarness::Response& e_ = (response);                                                                   \
        CHECK_STATUS(e_, expected);                                                                                    \
        const QString m_ = e_.json().value(QLatin1String("error")).toString();                                         \
        QVERIFY2(m_.contains(part), qPrintable(m_));                                                                   \
        QVERIFY(!e_.json().value(QLatin1String("request_id")).toString().isEmpty());                                   \
    } while (false)

namespace {
const QByteArray kMetricsToken = "metrics-token-0123456789";

// One sample of the exposition: name, labels, value.
struct Sample
{
    QString name;
    QHash<QString, QString> labels;
    double value = 0;
};

// The text format 0.0.4, as Prometheus reads it: `# HELP`/`# TYPE` comments, then `name{l="v",...} value`.
QList<Sample> parseExposition(const QByteArray& text, QString* error)
{
    static const QRegularExpression line(QStringLiteral("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$"));
    static const QRegularExpression label(QStringLiteral("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?"));
    QList<Sample> out;
    for (const QByteArray& raw : text.split('\n')) {
        const QString l = QString::fromUtf8(raw);
        if (l.isEmpty() || l.startsWith(QLatin1Char('#')))
            continue;
        const QRegularExpressionMatch m = line.match(l);
        if (!m.hasMatch()) {
            *error = QStringLiteral("not a sample line: ") + l;
            return {};
        }
        Sample s;
        s.name = m.captured(1);
        bool ok = false;
        s.value = m.captured(4).toDouble(&ok);
        if (!ok && m.captured(4) != QLatin1String("+Inf")) {
            *error = QStringLiteral("not a value: ") + l;
            return {};
        }
        auto it = label.globalMatch(m.captured(3));
        while (it.hasNext()) {
            const QRegularExpressionMatch lm = it.next();
            s.labels.insert(lm.captured(1), lm.captured(2));
        }
        out << s;
    }
    return out;
}

std::optional<double> valueOf(const QList<Sample>& samples, const QString& name, const QHash<QString, QString>& labels)
{
    for (const Sample& s : samples) {
        if (s.name == name && s.labels == labels)
            return s.value;
    }
    return std::nullopt;
}

QByteArray randomBytes(int size)
{
    QByteArray data(size, Qt::Uninitialized);
    for (int i = 0; i < size; i += 4) {
        const quint32 v = QRandomGenerator::global()->generate();
        memcpy(data.data() + i, &v, qMin(4, size - i));
    }
    return data;
}

QJsonObject findById(const QJsonArray& list, const QString& id)
{
    for (const QJsonValue& v : list) {
        if (v.toObject().value(QLatin1String("id")).toString() == id)
            return v.toObject();
    }
    return {};
}
} // namespace

class TestApiRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void badReadDataSubsetStartsNothing_data();
    void badReadDataSubsetStartsNothing();
    void growthAfterThreeBackups();
    void checkPasses();
    void pruneCoalescesWithTheDeletesPrune();
    void unlockRemovesOnlyOurStaleLock();
    void metricsMatchTheJobsRun();
    void metricsAuth();
    void checkFailsOnAMissingPack(); // last: it breaks the repository
    void lastCheckSurvivesARestart();
    void scheduledCheckRunsWhenMissed();

private:
    QJsonArray jobs()
    {
        const Response r = m_pouch->get(QStringLiteral("/api/jobs"));
        return r.status == 200 ? r.json().value(QLatin1String("jobs")).toArray() : QJsonArray();
    }
    // Waits for the job to finish; its final JSON.
    QJsonObject waitForJob(const QString& id, int timeoutMs = 60000)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            const QJsonObject job = findById(jobs(), id);
            const QString state = job.value(QLatin1String("state")).toString();
            if (state == QLatin1String("succeeded") || state == QLatin1String("failed") ||
                state == QLatin1String("cancelled"))
                return job;
            QTest::qWait(100);
        }
        return {};
    }
    int countJobs(const QString& kind)
    {
        int n = 0;
        for (const QJsonValue& v : jobs())
            n += v.toObject().value(QLatin1String("kind")).toString() == kind;
        return n;
    }
    QStringList lockFiles() const
    {
        return QDir(m_pouch->repository() + QStringLiteral("/locks")).entryList(QDir::Files);
    }
    const QString m_s1 = uuidFor(1);
    const QString m_s2 = uuidFor(2);
    std::unique_ptr<Pouch> m_pouch;
    SseClient m_events;
    int m_backups = 0; // successful backup jobs run
    int m_checks = 0;  // successful checks run
};

void TestApiRepository::initTestCase()
{
    Pouch::Options o;
    o.servers = {m_s1, m_s2};
    // A resync every second: a snapshot made by restic itself shows up at once.
    o.settingsYaml = QStringLiteral("metrics:\n  token: %1\ncatalogue:\n  resync_interval: 1\n")
                         .arg(QString::fromLatin1(kMetricsToken));
    o.deleteAnswerMs = 20000;
    m_pouch = std::make_unique<Pouch>(o);
    QVERIFY(QDir().mkpath(m_pouch->root() + QStringLiteral("/state"))); // the catalogue is kept on disk
    QVERIFY(QDir().mkpath(m_pouch->serverDir(m_s1)));
    QString error;
    QVERIFY2(m_pouch->start(&error), qPrintable(error));
    QVERIFY(m_events.connectTo(m_pouch->options().port, m_pouch->options().token));
}

void TestApiRepository::cleanupTestCase()
{
    m_events.disconnect();
    if (m_pouch)
        QCOMPARE(m_pouch->terminate(), 0);
}

void TestApiRepository::badReadDataSubsetStartsNothing_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("zero percent") << QByteArray(R"({"read_data_subset": "0%"})") << QStringLiteral("above 0%");
    QTest::newRow("over 100") << QByteArray(R"({"read_data_subset": "101%"})") << QStringLiteral("at most 100%");
    QTest::newRow("n over t") << QByteArray(R"({"read_data_subset": "3/2"})") << QStringLiteral("n at most t");
    QTest::newRow("t over 256") << QByteArray(R"({"read_data_subset": "1/300"})") << QStringLiteral("at most 256");
    QTest::newRow("size without unit") << QByteArray(R"({"read_data_subset": "500"})")
                                       << QStringLiteral("a size with its unit");
    QTest::newRow("an option") << QByteArray(R"({"read_data_subset": "--read-data"})")
                               << QStringLiteral("Expected n/t");
    QTest::newRow("a number") << QByteArray(R"({"read_data_subset": 5})") << QStringLiteral("must be a string");
    QTest::newRow("not JSON") << QByteArray("5%") << QStringLiteral("not valid JSON");
    QTest::newRow("an array") << QByteArray("[]") << QStringLiteral("JSON object");
}

void TestApiRepository::badReadDataSubsetStartsNothing()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    const int before = int(jobs().size());
    const Response r = m_pouch->request("POST", QStringLiteral("/api/repository/check"), body);
    CHECK_ERROR_PART(r, 400, message);
    QCOMPARE(int(jobs().size()), before);
}

void TestApiRepository::growthAfterThreeBackups()
{
    // Incompressible files of known sizes: each backup adds about its new file.
    const QList<int> sizes{150000, 300000, 60000};
    QList<QString> uuids;
    for (int i = 0; i < sizes.size(); ++i) {
        QVERIFY(TestSupport::writeFile(m_pouch->serverDir(m_s1) + QStringLiteral("/file%1.bin").arg(i),
                                       randomBytes(sizes[i])));
        uuids << uuidFor(100 + i);
        QVERIFY2(backupAndWait(*m_pouch, m_events, m_s1, uuids.last()), qPrintable(m_pouch->output()));
        ++m_backups;
    }
    const Response r = m_pouch->get(QStringLiteral("/api/servers/%1/backup/growth").arg(m_s1));
    CHECK_STATUS(r, 200);
    const QJsonArray points = r.json().value(QLatin1String("points")).toArray();
    QCOMPARE(points.size(), 3);
    qint64 total = 0;
    for (int i = 0; i < 3; ++i) {
        const QJsonObject p = points[i].toObject();
        QCOMPARE(p.value(QLatin1String("backup_uuid")).toString(), uuids[i]); // oldest first
        const qint64 added = qint64(p.value(QLatin1String("added")).toDouble(-1));
        // restic's data_added: the new file's blobs plus a few trees (encrypted, uncompressible data).
        QVERIFY2(added >= sizes[i] && added < sizes[i] + 16384,
                 qPrintable(QStringLiteral("added %1 for a file of %2").arg(added).arg(sizes[i])));
        total += sizes[i];
        // `size` is restic's own restore size of the snapshot.
        QByteArray out;
        QCOMPARE(m_pouch->restic({QStringLiteral("stats"), QStringLiteral("--json"),
                                  p.value(QLatin1String("snapshot_id")).toString()},
                                 &out),
                 0);
        const double resticSize = QJsonDocument::fromJson(out).object().value(QLatin1String("total_size")).toDouble();
        QCOMPARE(p.value(QLatin1String("size")).toDouble(), resticSize);
        QCOMPARE(qint64(resticSize), total);
        QVERIFY(!p.value(QLatin1String("time")).toString().isEmpty());
    }

    // A snapshot not taken by Pouch has no summary here: added is null, its size still known.
    QVERIFY(TestSupport::writeFile(m_pouch->serverDir(m_s2) + QStringLiteral("/old.txt"), "old\n"));
    QCOMPARE(
        m_pouch->restic({QStringLiteral("backup"), QStringLiteral("--host"), QStringLiteral("elsewhere"),
                         QStringLiteral("--tag"), QStringLiteral("backup_uuid:") + uuidFor(190),
                         QStringLiteral("--tag"), QStringLiteral("server_uuid:") + m_s2, m_pouch->serverDir(m_s2)}),
        0);
    QJsonArray otherPoints;
    QElapsedTimer waited;
    waited.start();
    while (otherPoints.isEmpty() && waited.elapsed() < 15000) {
        QTest::qWait(200);
        const Response other = m_pouch->get(QStringLiteral("/api/servers/%1/backup/growth").arg(m_s2));
        CHECK_STATUS(other, 200);
        otherPoints = other.json().value(QLatin1String("points")).toArray();
    }
    QCOMPARE(otherPoints.size(), 1);
    QVERIFY(otherPoints[0].toObject().value(QLatin1String("added")).isNull());
    QCOMPARE(otherPoints[0].toObject().value(QLatin1String("size")).toDouble(), 4.0);
    QCOMPARE(otherPoints[0].toObject().value(QLatin1String("backup_uuid")).toString(), uuidFor(190));
    CHECK_ERROR_PART(m_pouch->get(QStringLiteral("/api/servers/%1/backup/growth").arg(uuidFor(9))), 404,
                     kNotFoundServer);
    CHECK_ERROR_PART(m_pouch->get(QStringLiteral("/api/servers/NOT-A-UUID/backup/growth")), 404, kNotFoundServer);

    // The repository as a whole: the restore size of every snapshot, and restic's raw-data size.
    const Response repo = m_pouch->get(QStringLiteral("/api/repository"));
    CHECK_STATUS(repo, 200);
    const QJsonObject state = repo.json();
    QCOMPARE(state.value(QLatin1String("snapshot_count")).toInt(), 4);
    QCOMPARE(state.value(QLatin1String("servers")).toInt(), 2);
    QCOMPARE(qint64(state.value(QLatin1String("total_size")).toDouble()),
             qint64(sizes[0]) * 3 + qint64(sizes[1]) * 2 + sizes[2] + 4);
    QByteArray raw;
    QCOMPARE(m_pouch->restic({QStringLiteral("stats"), QStringLiteral("--json"), QStringLiteral("--mode"),
                              QStringLiteral("raw-data")},
                             &raw),
             0);
    QCOMPARE(state.value(QLatin1String("raw_size")).toDouble(),
             QJsonDocument::fromJson(raw).object().value(QLatin1String("total_size")).toDouble());
    QCOMPARE(state.value(QLatin1String("repository")).toString(), m_pouch->repository());
    QVERIFY(state.value(QLatin1String("last_check")).isNull()); // never checked
    QCOMPARE(state.value(QLatin1String("locks")).toArray().size(), 0);
}

void TestApiRepository::checkPasses()
{
    m_events.clear();
    const Response r = m_pouch->post(QStringLiteral("/api/repository/check"),
                                     {{QStringLiteral("read_data_subset"), QStringLiteral("50%")}});
    CHECK_STATUS(r, 202);
    const QString id = r.json().value(QLatin1String("job_id")).toString();
    QVERIFY(!id.isEmpty());
    QVERIFY(m_events.waitFor(QStringLiteral("repository check started"), {}, {}, 60000));
    SseClient::Event done;
    QVERIFY(m_events.waitFor(QStringLiteral("repository check completed"), {}, {}, 60000, &done));
    QCOMPARE(done.data.value(QLatin1String("successful")).toBool(), true);
    QCOMPARE(done.data.value(QLatin1String("errors")).toArray().size(), 0);
    const QJsonObject job = waitForJob(id);
    QCOMPARE(job.value(QLatin1String("kind")).toString(), QStringLiteral("check"));
    QCOMPARE(job.value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
    ++m_checks;
    const QJsonObject last =
        m_pouch->get(QStringLiteral("/api/repository")).json().value(QLatin1String("last_check")).toObject();
    QCOMPARE(last.value(QLatin1String("successful")).toBool(), true);
    QCOMPARE(last.value(QLatin1String("time")).toString(), job.value(QLatin1String("finished_at")).toString());
}

void TestApiRepository::pruneCoalescesWithTheDeletesPrune()
{
    const QString b = uuidFor(150);
    QVERIFY(TestSupport::writeFile(m_pouch->serverDir(m_s1) + QStringLiteral("/gone.bin"), randomBytes(20000)));
    QVERIFY2(backupAndWait(*m_pouch, m_events, m_s1, b), qPrintable(m_pouch->output()));
    ++m_backups;
    QVERIFY(QFile::remove(m_pouch->serverDir(m_s1) + QStringLiteral("/gone.bin")));
    const int prunesBefore = countJobs(QStringLiteral("prune"));
    // DELETE answers once the forget is done, and its prune is scheduled by then; a prune asked now is that one.
    CHECK_STATUS(m_pouch->request("DELETE", QStringLiteral("/api/servers/%1/backup/%2").arg(m_s1, b)), 204);
    const Response r = m_pouch->request("POST", QStringLiteral("/api/repository/prune"));
    CHECK_STATUS(r, 202);
    QCOMPARE(r.json().value(QLatin1String("coalesced")).toBool(), true);
    const QString id = r.json().value(QLatin1String("job_id")).toString();
    QCOMPARE(countJobs(QStringLiteral("prune")), prunesBefore + 1);
    QCOMPARE(waitForJob(id).value(QLatin1String("state")).toString(), QStringLiteral("succeeded"));
    QTest::qWait(500); // no second prune follows the one both asked for
    QCOMPARE(countJobs(QStringLiteral("prune")), prunesBefore + 1);
    // With nothing pending, a prune request starts one of its own.
    const Response alone = m_pouch->request("POST", QStringLiteral("/api/repository/prune"));
    CHECK_STATUS(alone, 202);
    QCOMPARE(alone.json().value(QLatin1String("coalesced")).toBool(), false);
    QVERIFY(alone.json().value(QLatin1String("job_id")).toString() != id);
    QCOMPARE(
        waitForJob(alone.json().value(QLatin1String("job_id")).toString()).value(QLatin1String("state")).toString(),
        QStringLiteral("succeeded"));
}

void TestApiRepository::unlockRemovesOnlyOurStaleLock()
{
    // Our own stale lock: a restic of this host killed with SIGKILL while it held its lock.
    QString ownId;
    std::unique_ptr<QProcess> own = m_pouch->holdLock({}, &ownId);
    QVERIFY(own);
    const qint64 ownPid = own->processId();
    own->kill();
    QVERIFY(own->waitForFinished(5000));
    // Another host's live lock: a restic in a UTS namespace of its own, named otherhost, killed too (from here
    // nobody can tell it is dead: it is another host's, and fresh).
    QString otherId;
    std::unique_ptr<QProcess> other = m_pouch->holdLock(Pouch::otherHost(), &otherId);
    QVERIFY2(other, "unshare -Ur -u failed: user namespaces are needed for another host's lock");
    other->kill();
    QVERIFY(other->waitForFinished(5000));

    const Response listed = m_pouch->get(QStringLiteral("/api/repository/locks"));
    CHECK_STATUS(listed, 200);
    const QJsonArray locks = listed.json().value(QLatin1String("locks")).toArray();
    QCOMPARE(locks.size(), 2);
    const QJsonObject ownLock = findById(locks, ownId);
    const QJsonObject otherLock = findById(locks, otherId);
    QCOMPARE(ownLock.value(QLatin1String("own")).toBool(), true);
    QCOMPARE(ownLock.value(QLatin1String("stale")).toBool(), true);
    QCOMPARE(qint64(ownLock.value(QLatin1String("pid")).toDouble()), ownPid);
    QCOMPARE(ownLock.value(QLatin1String("exclusive")).toBool(), false);
    QCOMPARE(otherLock.value(QLatin1String("host")).toString(), QStringLiteral("otherhost"));
    QCOMPARE(otherLock.value(QLatin1String("own")).toBool(), false);
    QCOMPARE(otherLock.value(QLatin1String("stale")).toBool(), false);
    QVERIFY(QDateTime::fromString(otherLock.value(QLatin1String("time")).toString(), Qt::ISODateWithMs)
                .secsTo(QDateTime::currentDateTimeUtc()) < 60);
    QCOMPARE(m_pouch->get(QStringLiteral("/api/repository")).json().value(QLatin1String("locks")).toArray().size(), 2);

    const Response r = m_pouch->request("POST", QStringLiteral("/api/repository/unlock"));
    CHECK_STATUS(r, 200);
    const QJsonArray removed = r.json().value(QLatin1String("removed")).toArray();
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed[0].toObject().value(QLatin1String("id")).toString(), ownId);
    const QJsonArray kept = r.json().value(QLatin1String("kept")).toArray();
    QCOMPARE(kept.size(), 1);
    QCOMPARE(kept[0].toObject().value(QLatin1String("id")).toString(), otherId);
    QCOMPARE(lockFiles(), QStringList{otherId});
    // Nothing of ours is left: a second unlock removes nothing.
    const Response again = m_pouch->request("POST", QStringLiteral("/api/repository/unlock"));
    CHECK_STATUS(again, 200);
    QCOMPARE(again.json().value(QLatin1String("removed")).toArray().size(), 0);
    QCOMPARE(lockFiles(), QStringList{otherId});
    // The other host's lock would hold every later exclusive job for 30 minutes: that host's admin removes it.
    QVERIFY(QFile::remove(m_pouch->repository() + QStringLiteral("/locks/") + otherId));
}

void TestApiRepository::metricsMatchTheJobsRun()
{
    const Response r = m_pouch->get(QStringLiteral("/metrics"));
    CHECK_STATUS(r, 200);
    QCOMPARE(r.header("Content-Type"), QByteArray("text/plain; version=0.0.4"));
    QString error;
    const QList<Sample> samples = parseExposition(r.body, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const auto jobs = [&](const char* kind, const char* outcome) {
        return valueOf(samples, QStringLiteral("pouch_jobs_total"),
                       {{QStringLiteral("kind"), QString::fromLatin1(kind)},
                        {QStringLiteral("outcome"), QString::fromLatin1(outcome)}});
    };
    QCOMPARE(jobs("backup", "success"), std::optional<double>(m_backups));
    QCOMPARE(jobs("backup", "failure"), std::optional<double>(0));
    QCOMPARE(jobs("delete", "success"), std::optional<double>(1));
    QCOMPARE(jobs("prune", "success"), std::optional<double>(2));
    QCOMPARE(jobs("check", "success"), std::optional<double>(m_checks));
    QCOMPARE(jobs("restore", "success"), std::optional<double>(0));
    QCOMPARE(valueOf(samples, QStringLiteral("pouch_job_duration_seconds_count"),
                     {{QStringLiteral("kind"), QStringLiteral("backup")}}),
             std::optional<double>(m_backups));
    QCOMPARE(
        valueOf(samples, QStringLiteral("pouch_jobs_running"), {{QStringLiteral("kind"), QStringLiteral("backup")}}),
        std::optional<double>(0));
    // The newest snapshot of the server (the deleted backup is gone): the timestamp gauge is its time, as the
    // catalogue has it now (restic's own, since a resync).
    const QJsonArray points = m_pouch->get(QStringLiteral("/api/servers/%1/backup/growth").arg(m_s1))
                                  .json()
                                  .value(QLatin1String("points"))
                                  .toArray();
    QCOMPARE(points.size(), 3);
    QCOMPARE(points.last().toObject().value(QLatin1String("backup_uuid")).toString(), uuidFor(102));
    const QDateTime last =
        QDateTime::fromString(points.last().toObject().value(QLatin1String("time")).toString(), Qt::ISODateWithMs);
    QVERIFY(last.isValid());
    const std::optional<double> stamp =
        valueOf(samples, QStringLiteral("pouch_last_successful_backup_timestamp_seconds"),
                {{QStringLiteral("server_uuid"), m_s1}});
    QVERIFY(stamp);
    QCOMPARE(qint64(*stamp * 1000), last.toMSecsSinceEpoch());
    QCOMPARE(valueOf(samples, QStringLiteral("pouch_snapshots"), {{QStringLiteral("server_uuid"), m_s1}}),
             std::optional<double>(3));
    QCOMPARE(valueOf(samples, QStringLiteral("pouch_snapshots"), {{QStringLiteral("server_uuid"), m_s2}}),
             std::optional<double>(1));
    // restic ran: backups and checks among its calls, all of them successful here.
    QVERIFY(valueOf(samples, QStringLiteral("pouch_restic_calls_total"),
                    {{QStringLiteral("command"), QStringLiteral("backup")},
                     {QStringLiteral("outcome"), QStringLiteral("success")}})
                .value_or(0) >= m_backups);
    QCOMPARE(valueOf(samples, QStringLiteral("pouch_restic_calls_total"),
                     {{QStringLiteral("command"), QStringLiteral("check")},
                      {QStringLiteral("outcome"), QStringLiteral("success")}}),
             std::optional<double>(m_checks));
    QVERIFY(
        valueOf(samples, QStringLiteral("pouch_http_requests_total"), {{QStringLiteral("code"), QStringLiteral("202")}})
            .value_or(0) >= m_backups + m_checks + 2);
    QCOMPARE(valueOf(samples, QStringLiteral("pouch_sse_subscribers"), {}), std::optional<double>(1));
    QCOMPARE(valueOf(samples, QStringLiteral("pouch_panel_outbox_pending"), {}), std::optional<double>(0));
    QVERIFY(valueOf(samples, QStringLiteral("pouch_repository_size_bytes"),
                    {{QStringLiteral("kind"), QStringLiteral("restore")}})
                .value_or(0) > 0);
    const std::optional<double> age = valueOf(samples, QStringLiteral("pouch_catalogue_age_seconds"), {});
    QVERIFY(age && *age >= 0 && *age < 600);
    // The lock gauges come from the newest listing (the unlock case's): nothing left.
    QCOMPARE(valueOf(samples, QStringLiteral("pouch_repository_locks"),
                     {{QStringLiteral("state"), QStringLiteral("stale")}}),
             std::optional<double>(0));
}

void TestApiRepository::metricsAuth()
{
    CHECK_ERROR_PART(m_pouch->request("GET", QStringLiteral("/metrics"), {}, "-"), 401,
                     QStringLiteral("authorization"));
    CHECK_ERROR_PART(m_pouch->request("GET", QStringLiteral("/metrics"), {}, "Bearer wrong-token-0123456789"), 403,
                     QStringLiteral("not authorized"));
    const Response withMetricsToken =
        m_pouch->request("GET", QStringLiteral("/metrics"), {}, "Bearer " + kMetricsToken);
    CHECK_STATUS(withMetricsToken, 200);
    QVERIFY(withMetricsToken.body.contains("pouch_jobs_total"));
    // The metrics token opens /metrics only.
    for (const QString& path :
         {QStringLiteral("/api/repository"), QStringLiteral("/api/servers"), QStringLiteral("/api/jobs")})
        CHECK_ERROR_PART(m_pouch->request("GET", path, {}, "Bearer " + kMetricsToken), 403,
                         QStringLiteral("not authorized"));
    CHECK_ERROR_PART(m_pouch->request("POST", QStringLiteral("/api/repository/unlock"), {}, "Bearer " + kMetricsToken),
                     403, QStringLiteral("not authorized"));
    CHECK_ERROR_PART(m_pouch->request("POST", QStringLiteral("/metrics")), 405, QStringLiteral("does not accept"));
}

void TestApiRepository::checkFailsOnAMissingPack()
{
    // Delete one pack file: the snapshots now reference data the repository lacks.
    QDirIterator it(m_pouch->repository() + QStringLiteral("/data"), QDir::Files, QDirIterator::Subdirectories);
    QVERIFY(it.hasNext());
    const QString pack = it.next();
    QVERIFY(QFile::remove(pack));
    m_events.clear();
    const Response r = m_pouch->request("POST", QStringLiteral("/api/repository/check"));
    CHECK_STATUS(r, 202);
    SseClient::Event done;
    QVERIFY2(m_events.waitFor(QStringLiteral("repository check completed"), {}, {}, 60000, &done),
             qPrintable(m_pouch->output().right(3000)));
    QCOMPARE(done.data.value(QLatin1String("successful")).toBool(), false);
    const QJsonArray errors = done.data.value(QLatin1String("errors")).toArray();
    QVERIFY(!errors.isEmpty());
    const QString packId = QFileInfo(pack).fileName();
    bool named = false;
    for (const QJsonValue& e : errors)
        named = named || e.toString().contains(packId);
    QVERIFY2(named, qPrintable(QJsonDocument(errors).toJson()));
    const QJsonObject job = waitForJob(r.json().value(QLatin1String("job_id")).toString());
    QCOMPARE(job.value(QLatin1String("state")).toString(), QStringLiteral("failed"));
    QVERIFY(job.value(QLatin1String("error")).toString().contains(QLatin1String("problem")));
    const QJsonObject last =
        m_pouch->get(QStringLiteral("/api/repository")).json().value(QLatin1String("last_check")).toObject();
    QCOMPARE(last.value(QLatin1String("successful")).toBool(), false);
    QString parseError;
    const QList<Sample> samples = parseExposition(m_pouch->get(QStringLiteral("/metrics")).body, &parseError);
    QVERIFY2(parseError.isEmpty(), qPrintable(parseError));
    QCOMPARE(valueOf(samples, QStringLiteral("pouch_jobs_total"),
                     {{QStringLiteral("kind"), QStringLiteral("check")},
                      {QStringLiteral("outcome"), QStringLiteral("failure")}}),
             std::optional<double>(1));
}

void TestApiRepository::lastCheckSurvivesARestart()
{
    const QJsonObject before =
        m_pouch->get(QStringLiteral("/api/repository")).json().value(QLatin1String("last_check")).toObject();
    QVERIFY(!before.isEmpty());
    m_events.disconnect();
    QCOMPARE(m_pouch->terminate(), 0);
    QString error;
    QVERIFY2(m_pouch->start(&error), qPrintable(error));
    // The repository lacks a pack now, so its state may fail; the last check comes from the catalogue regardless.
    const Response r = m_pouch->get(QStringLiteral("/api/repository"));
    CHECK_STATUS(r, 200);
    QCOMPARE(r.json().value(QLatin1String("last_check")).toObject(), before);
}

// A check every day, never run on this repository: it is overdue, so it runs at the start without a request; after
// a restart it is not due again.
void TestApiRepository::scheduledCheckRunsWhenMissed()
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

QTEST_GUILESS_MAIN(TestApiRepository)
#include "tst_api_repository.moc"
