#include "NodeEndpoints.h"
#include "ApiLogging.h"
#include "BackupService.h"
#include "WhenReady.h"
#include "WireFormat.h"

#include <QJsonArray>
#include <QtConcurrent>

NodeEndpoints::NodeEndpoints(BackupService* service, QObject* parent) : QObject(parent), m_service(service) {}

void NodeEndpoints::registerRoutes(ApiServer& server)
{
    auto bind = [this](void (NodeEndpoints::*handler)(const ExchangePtr&, const Params&)) {
        return [this, handler](const ExchangePtr& ex, const Params& p) { (this->*handler)(ex, p); };
    };
    server.addRoute("GET", QStringLiteral("/api/node"), bind(&NodeEndpoints::node));
    server.addRoute("GET", QStringLiteral("/api/servers"), bind(&NodeEndpoints::servers));
    server.addRoute("GET", QStringLiteral("/api/jobs"), bind(&NodeEndpoints::jobs));
    server.addRoute("DELETE", QStringLiteral("/api/jobs/{id}"), bind(&NodeEndpoints::cancelJob));
}

void NodeEndpoints::node(const ExchangePtr& ex, const Params&)
{
    // restic's version is read once, by running restic: off the event loop.
    BackupService* service = m_service;
    whenReady(QtConcurrent::run([service] { return service->restic().version().text; }), this,
              [this, ex](const QString& resticVersion) {
                  const Config& config = m_service->config();
                  ex->sendJson(200,
                               {{QStringLiteral("uuid"), WireFormat::textOrNull(config.nodeUuid)},
                                {QStringLiteral("version"), QStringLiteral(POUCH_VERSION)},
                                {QStringLiteral("restic_version"), WireFormat::textOrNull(resticVersion)},
                                {QStringLiteral("repository"), Config::repositoryForDisplay(config.restic.repository)},
                                {QStringLiteral("servers"), int(m_service->paths().servers().size())},
                                {QStringLiteral("jobs_running"), m_service->jobs()->runningCount()}});
              });
}

void NodeEndpoints::servers(const ExchangePtr& ex, const Params&)
{
    QJsonArray out;
    for (const BackupService::ServerSummary& s : m_service->serverSummaries(false)) {
        out.append(QJsonObject{{QStringLiteral("uuid"), s.uuid},
                               {QStringLiteral("name"), WireFormat::textOrNull(s.name)},
                               {QStringLiteral("snapshot_count"), s.snapshotCount},
                               {QStringLiteral("last_backup_time"), WireFormat::timeOrNull(s.lastBackupTime)},
                               {QStringLiteral("last_backup_successful"),
                                s.lastBackupSuccessful ? QJsonValue(*s.lastBackupSuccessful) : QJsonValue()},
                               {QStringLiteral("busy"), s.busy}});
    }
    ex->sendJson(200, {{QStringLiteral("servers"), out}});
}

void NodeEndpoints::jobs(const ExchangePtr& ex, const Params&)
{
    const QList<Job*> all = m_service->jobs()->jobs(); // oldest first
    QJsonArray out;
    int finished = 0;
    for (auto it = all.crbegin(); it != all.crend(); ++it) {
        if ((*it)->isFinished() && ++finished > kFinishedJobs)
            continue;
        out.prepend(WireFormat::job(*it));
    }
    ex->sendJson(200, {{QStringLiteral("jobs"), out}});
}

void NodeEndpoints::cancelJob(const ExchangePtr& ex, const Params& params)
{
    Job* job = m_service->jobs()->find(params.value(QStringLiteral("id")));
    if (!job)
        return ex->sendError(404, tr("There is no job with this id on this node."));
    if (job->isFinished())
        return ex->sendError(409, tr("The job has already finished (%1).").arg(WireFormat::jobState(job->state())));
    qCInfo(lcApi).noquote() << "job" << job->id() << "cancelled through the API";
    job->cancel();
    ex->sendEmpty(204);
}
