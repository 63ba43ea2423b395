#pragma once

#include "ApiServer.h"

#include <QJsonObject>
#include <QObject>

class BackupService;

// The node as a whole, for the console and other clients that hold the node's token (beyond the spec; Wings'
// auth and error shape, docs/api.md):
//   GET    /api/node         200 {"uuid", "version", "restic_version", "repository", "servers", "jobs_running"}
//   GET    /api/servers      200 {"servers": [{"uuid", "name", "snapshot_count", "last_backup_time",
//                                 "last_backup_successful", "busy"}]}
//   GET    /api/jobs         200 {"jobs": [...]}: the unfinished jobs and the last kFinishedJobs finished
//   DELETE /api/jobs/{id}    204 cancel asked, 404 no such job, 409 already finished
class NodeEndpoints : public QObject
{
    Q_OBJECT
public:
    using Params = ApiServer::Params;
    static constexpr int kFinishedJobs = 100;

    explicit NodeEndpoints(BackupService* service, QObject* parent = nullptr);
    void registerRoutes(ApiServer& server);

private:
    void node(const ExchangePtr& ex, const Params& params);
    void servers(const ExchangePtr& ex, const Params& params);
    void jobs(const ExchangePtr& ex, const Params& params);
    void cancelJob(const ExchangePtr& ex, const Params& params);

    BackupService* m_service;
};
