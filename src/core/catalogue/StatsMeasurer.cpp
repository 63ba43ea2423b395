#include "StatsMeasurer.h"
#include "Catalogue.h"
#include "Logging.h"
#include "restic/FindStats.h"
#include "restic/ResticCommands.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtConcurrent>

StatsMeasurer::StatsMeasurer(const Restic& restic, Catalogue& catalogue, std::function<Restic::RunOptions()> options)
    : m_restic(restic), m_catalogue(catalogue), m_options(std::move(options))
{
    m_pool.setMaxThreadCount(4);
}

StatsMeasurer::~StatsMeasurer()
{
    wait();
}

void StatsMeasurer::wait()
{
    m_pool.waitForDone();
}

QFuture<SnapshotStatsResult> StatsMeasurer::measureLater(const QString& snapshotId) const
{
    return QtConcurrent::run(&m_pool, [this, snapshotId] { return measure(snapshotId); });
}

SnapshotStatsResult StatsMeasurer::measure(const QString& snapshotId) const
{
    SnapshotStatsResult result;
    if (!Snapshot::isSnapshotId(snapshotId)) {
        result.error =
            QCoreApplication::translate("StatsMeasurer", "%1 is not a snapshot id.").arg(snapshotId.left(80));
        return result;
    }
    if (const auto known = m_catalogue.stats(snapshotId)) {
        result.ok = true;
        result.stats = *known;
        return result;
    }
    // Identical concurrent questions share one restic call; the answer is kept for good (snapshots never change).
    std::shared_future<SnapshotStatsResult> pending;
    std::promise<SnapshotStatsResult> mine;
    bool asker = false;
    {
        QMutexLocker lock(&m_inflightMutex);
        const auto it = m_inflight.constFind(snapshotId);
        if (it != m_inflight.constEnd()) {
            pending = *it;
        } else {
            pending = mine.get_future().share();
            m_inflight.insert(snapshotId, pending);
            asker = true;
        }
    }
    if (!asker)
        return pending.get();
    result = runStats(snapshotId);
    mine.set_value(result);
    QMutexLocker lock(&m_inflightMutex);
    m_inflight.remove(snapshotId);
    return result;
}

SnapshotStatsResult StatsMeasurer::runStats(const QString& snapshotId) const
{
    SnapshotStatsResult result;
    const ResticResult r = m_restic.run(ResticCommand::stats(snapshotId), m_options());
    if (!r.ok()) {
        result.error = r.message;
        return result;
    }
    // Exactly restic's figures (the spec's verification commands compare them with `restic stats --json`).
    const QJsonObject o = QJsonDocument::fromJson(r.standardOutput).object();
    result.stats.totalSize = qint64(o.value(QLatin1String("total_size")).toDouble());
    result.stats.totalFileCount = qint64(o.value(QLatin1String("total_file_count")).toDouble());
    result.ok = true;
    m_catalogue.setStats(snapshotId, result.stats);
    return result;
}

void StatsMeasurer::measureMany(const QStringList& snapshotIds) const
{
    // Claim the snapshots nobody is measuring yet; the others are left to statsBlocking, which shares them.
    QStringList mine;
    QHash<QString, std::shared_ptr<std::promise<SnapshotStatsResult>>> promises;
    {
        QMutexLocker lock(&m_inflightMutex);
        for (const QString& id : snapshotIds) {
            if (!Snapshot::isSnapshotId(id) || m_inflight.contains(id) || m_catalogue.stats(id) ||
                promises.contains(id))
                continue;
            auto promise = std::make_shared<std::promise<SnapshotStatsResult>>();
            m_inflight.insert(id, promise->get_future().share());
            promises.insert(id, promise);
            mine << id;
        }
    }
    // Each restic call costs a key derivation and an index load, each snapshot a walk of its tree: on 2 cores,
    // two calls side by side finish first once there are enough snapshots to share.
    const int calls = mine.size() >= 8 ? 2 : 1;
    const int perCall = (int(mine.size()) + calls - 1) / calls;
    QList<QStringList> chunks;
    for (int at = 0; at < mine.size(); at += perCall)
        chunks << mine.mid(at, perCall);
    QtConcurrent::blockingMap(&m_pool, chunks, [this, &promises](const QStringList& chunk) {
        // A lone snapshot costs the same either way: `stats` is the plain question.
        FindStatsParser parser;
        bool parsed = false;
        if (chunk.size() > 1) {
            Restic::RunOptions options = m_options();
            options.onStdoutData = [&parser](const char* data, qsizetype size) {
                parser.feed(data, size);
                return true;
            };
            QString error;
            const ResticResult r = m_restic.run(ResticCommand::findAll(chunk), options);
            parsed = r.ok() && parser.finish(&error);
            if (!parsed)
                qCWarning(lcCatalogue).noquote()
                    << "measuring" << chunk.size()
                    << "snapshots in one call failed, one by one:" << (r.ok() ? error : r.message);
        }
        for (const QString& id : chunk) {
            SnapshotStatsResult result;
            const auto figures = parser.results().constFind(id);
            if (parsed && figures != parser.results().constEnd() && !figures->hardLinks) {
                result.ok = true;
                result.stats.totalSize = figures->fileBytes;
                result.stats.totalFileCount = figures->nodes;
                m_catalogue.setStats(id, result.stats);
            } else {
                result = runStats(id);
            }
            promises.value(id)->set_value(result);
            QMutexLocker lock(&m_inflightMutex);
            m_inflight.remove(id);
        }
    });
}
