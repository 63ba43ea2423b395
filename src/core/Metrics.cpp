#include "Metrics.h"
#include "JobManager.h"

#include <QMetaEnum>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace {
const Job::Kind kKinds[] = {Job::Kind::Backup, Job::Kind::Restore, Job::Kind::Delete, Job::Kind::Prune,
                            Job::Kind::Check};
const char* const kOutcomes[] = {"success", "failure", "cancelled"};

std::string text(const QString& s)
{
    return s.toStdString();
}
} // namespace

Metrics::Metrics(QObject* parent) : QObject(parent), m_registry(std::make_shared<prometheus::Registry>())
{
    using namespace prometheus;
    m_jobsTotal =
        &BuildCounter().Name("pouch_jobs_total").Help("Jobs finished, by kind and outcome").Register(*m_registry);
    m_jobDuration =
        &BuildHistogram().Name("pouch_job_duration_seconds").Help("How long jobs ran, by kind").Register(*m_registry);
    m_jobsRunning = &BuildGauge().Name("pouch_jobs_running").Help("Jobs running now, by kind").Register(*m_registry);
    m_resticCalls = &BuildCounter()
                         .Name("pouch_restic_calls_total")
                         .Help("restic processes run, by command and outcome")
                         .Register(*m_registry);
    m_lastBackup = &BuildGauge()
                        .Name("pouch_last_successful_backup_timestamp_seconds")
                        .Help("Unix time of each server's newest snapshot")
                        .Register(*m_registry);
    m_snapshots = &BuildGauge().Name("pouch_snapshots").Help("Snapshots of each server").Register(*m_registry);
    m_repositorySize = &BuildGauge()
                            .Name("pouch_repository_size_bytes")
                            .Help("The repository's size: restore (all snapshots' files) and raw (stored blobs)")
                            .Register(*m_registry);
    m_locks = &BuildGauge().Name("pouch_repository_locks").Help("Lock files in the repository").Register(*m_registry);
    m_outbox = &BuildGauge()
                    .Name("pouch_panel_outbox_pending")
                    .Help("Panel callbacks not delivered yet")
                    .Register(*m_registry);
    m_sse = &BuildGauge().Name("pouch_sse_subscribers").Help("Clients on /api/events").Register(*m_registry);
    m_httpRequests =
        &BuildCounter().Name("pouch_http_requests_total").Help("HTTP answers, by status code").Register(*m_registry);
    m_catalogueAge = &BuildGauge()
                          .Name("pouch_catalogue_age_seconds")
                          .Help("Seconds since the catalogue's last good resync")
                          .Register(*m_registry);
    // Every series a rate() or an alert looks at exists from the start, at zero.
    for (const Job::Kind kind : kKinds) {
        const std::string k = text(kindLabel(kind));
        for (const char* outcome : kOutcomes)
            m_jobsTotal->Add({{"kind", k}, {"outcome", outcome}});
        m_jobDuration->Add({{"kind", k}}, Histogram::BucketBoundaries{1, 5, 15, 60, 300, 900, 3600, 10800});
        m_jobsRunning->Add({{"kind", k}});
    }
    m_repositorySize->Add({{"kind", "restore"}});
    m_locks->Add({{"state", "live"}});
    m_locks->Add({{"state", "stale"}});
    m_outbox->Add({});
    m_sse->Add({});
}

Metrics::~Metrics() = default;

QString Metrics::kindLabel(Job::Kind kind)
{
    return QString::fromLatin1(QMetaEnum::fromType<Job::Kind>().valueToKey(int(kind))).toLower();
}

QString Metrics::outcomeLabel(Job::State state)
{
    return state == Job::State::Succeeded   ? QStringLiteral("success")
           : state == Job::State::Cancelled ? QStringLiteral("cancelled")
                                            : QStringLiteral("failure");
}

void Metrics::watch(JobManager* jobs)
{
    m_jobs = jobs;
    connect(jobs, &JobManager::jobFinished, this, &Metrics::jobFinished);
}

void Metrics::jobFinished(Job* job)
{
    const std::string kind = text(kindLabel(job->kind()));
    m_jobsTotal->Add({{"kind", kind}, {"outcome", text(outcomeLabel(job->state()))}}).Increment();
    if (job->startedAt().isValid() && job->finishedAt().isValid())
        m_jobDuration->Add({{"kind", kind}}, prometheus::Histogram::BucketBoundaries{})
            .Observe(double(job->startedAt().msecsTo(job->finishedAt())) / 1000.0);
}

void Metrics::countResticCall(const QString& command, const ResticResult& result)
{
    const char* outcome = result.ok()                                          ? "success"
                          : result.failure == ResticResult::Failure::Cancelled ? "cancelled"
                                                                               : "failure";
    m_resticCalls
        ->Add({{"command", text(command.isEmpty() ? QStringLiteral("unknown") : command)}, {"outcome", outcome}})
        .Increment();
}

void Metrics::countHttpResponse(int status)
{
    m_httpRequests->Add({{"code", std::to_string(status)}}).Increment();
}

void Metrics::addSampler(Sampler sampler)
{
    m_samplers.append(std::move(sampler));
}

template <typename T>
void Metrics::replaceSeries(prometheus::Family<T>& family, QHash<QString, T*>& series, const QString& label,
                            const QHash<QString, double>& values)
{
    for (auto it = series.begin(); it != series.end();) {
        if (!values.contains(it.key())) {
            family.Remove(it.value());
            it = series.erase(it);
        } else {
            ++it;
        }
    }
    for (auto it = values.constBegin(); it != values.constEnd(); ++it) {
        T*& s = series[it.key()];
        if (!s)
            s = &family.Add({{text(label), text(it.key())}});
        s->Set(it.value());
    }
}

void Metrics::setServers(const QHash<QString, QDateTime>& lastBackup, const QHash<QString, int>& snapshots)
{
    QHash<QString, double> times;
    for (auto it = lastBackup.constBegin(); it != lastBackup.constEnd(); ++it)
        times.insert(it.key(), double(it.value().toMSecsSinceEpoch()) / 1000.0);
    QHash<QString, double> counts;
    for (auto it = snapshots.constBegin(); it != snapshots.constEnd(); ++it)
        counts.insert(it.key(), it.value());
    replaceSeries(*m_lastBackup, m_lastBackupSeries, QStringLiteral("server_uuid"), times);
    replaceSeries(*m_snapshots, m_snapshotSeries, QStringLiteral("server_uuid"), counts);
}

void Metrics::setRepositorySize(qint64 restore, std::optional<qint64> raw)
{
    m_repositorySize->Add({{"kind", "restore"}}).Set(double(restore));
    // Unknown until first measured: no series rather than a false 0.
    if (raw)
        m_repositorySize->Add({{"kind", "raw"}}).Set(double(*raw));
}

void Metrics::setLocks(int live, int stale)
{
    m_locks->Add({{"state", "live"}}).Set(live);
    m_locks->Add({{"state", "stale"}}).Set(stale);
}

void Metrics::setOutboxPending(int pending)
{
    m_outbox->Add({}).Set(pending);
}

void Metrics::setSseSubscribers(int subscribers)
{
    m_sse->Add({}).Set(subscribers);
}

void Metrics::setCatalogueAge(std::optional<double> seconds)
{
    if (seconds && !m_catalogueAgeGauge)
        m_catalogueAgeGauge = &m_catalogueAge->Add({});
    if (m_catalogueAgeGauge)
        m_catalogueAgeGauge->Set(seconds.value_or(m_catalogueAgeGauge->Value()));
}

QByteArray Metrics::exposition()
{
    std::lock_guard<std::mutex> lock(m_exposeMutex);
    if (m_jobs) {
        QHash<Job::Kind, int> running;
        for (const Job* job : m_jobs->jobs()) {
            if (job->state() == Job::State::Running)
                ++running[job->kind()];
        }
        for (const Job::Kind kind : kKinds)
            m_jobsRunning->Add({{"kind", text(kindLabel(kind))}}).Set(running.value(kind));
    }
    for (const Sampler& sampler : std::as_const(m_samplers))
        sampler(*this);
    return QByteArray::fromStdString(prometheus::TextSerializer().Serialize(m_registry->Collect()));
}
