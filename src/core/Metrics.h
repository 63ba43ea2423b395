#pragma once

#include "Job.h"
#include "Restic.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QObject>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace prometheus {
class Registry;
class Counter;
class Gauge;
class Histogram;
template <typename T> class Family;
} // namespace prometheus

class JobManager;

// The node's Prometheus metrics (docs/metrics.md), in prometheus-cpp's registry; the faces serve exposition().
// Counters are fed as things happen (jobs through JobManager's signals, restic calls through Restic's observer, HTTP
// answers through the API's hook); gauges are sampled when exposition() is asked, by the samplers the owners
// registered (the catalogue's figures, the outbox, the SSE subscribers). The counters are thread-safe.
class Metrics : public QObject
{
    Q_OBJECT
public:
    explicit Metrics(QObject* parent = nullptr);
    ~Metrics() override;

    // Counts every job `jobs` finishes and samples the running ones.
    void watch(JobManager* jobs);
    void countResticCall(const QString& command, const ResticResult& result); // any thread
    void countHttpResponse(int status);                                       // any thread

    // Called on the exposition's thread just before each exposition, to set the gauges below.
    using Sampler = std::function<void(Metrics&)>;
    void addSampler(Sampler sampler);

    // The newest snapshot time and the snapshot count of each server; servers not named lose their series.
    void setServers(const QHash<QString, QDateTime>& lastBackup, const QHash<QString, int>& snapshots);
    void setRepositorySize(qint64 restore, std::optional<qint64> raw);
    void setLocks(int live, int stale);
    void setOutboxPending(int pending);
    void setSseSubscribers(int subscribers);
    void setCatalogueAge(std::optional<double> seconds);

    // The text exposition format, version 0.0.4 (kContentType).
    QByteArray exposition();
    static constexpr const char* kContentType = "text/plain; version=0.0.4";

    // The label words: Job::Kind in lower case, and a finished job's state as an outcome.
    static QString kindLabel(Job::Kind kind);
    static QString outcomeLabel(Job::State state);

private:
    void jobFinished(Job* job);
    template <typename T>
    void replaceSeries(prometheus::Family<T>& family, QHash<QString, T*>& series, const QString& label,
                       const QHash<QString, double>& values);

    std::shared_ptr<prometheus::Registry> m_registry;
    prometheus::Family<prometheus::Counter>* m_jobsTotal = nullptr;
    prometheus::Family<prometheus::Histogram>* m_jobDuration = nullptr;
    prometheus::Family<prometheus::Gauge>* m_jobsRunning = nullptr;
    prometheus::Family<prometheus::Counter>* m_resticCalls = nullptr;
    prometheus::Family<prometheus::Gauge>* m_lastBackup = nullptr;
    prometheus::Family<prometheus::Gauge>* m_snapshots = nullptr;
    prometheus::Family<prometheus::Gauge>* m_repositorySize = nullptr;
    prometheus::Family<prometheus::Gauge>* m_locks = nullptr;
    prometheus::Family<prometheus::Gauge>* m_outbox = nullptr;
    prometheus::Family<prometheus::Gauge>* m_sse = nullptr;
    prometheus::Family<prometheus::Counter>* m_httpRequests = nullptr;
    prometheus::Family<prometheus::Gauge>* m_catalogueAge = nullptr;
    QHash<QString, prometheus::Gauge*> m_lastBackupSeries;
    QHash<QString, prometheus::Gauge*> m_snapshotSeries;
    prometheus::Gauge* m_catalogueAgeGauge = nullptr;
    JobManager* m_jobs = nullptr;
    QList<Sampler> m_samplers;
    std::mutex m_exposeMutex;
};
