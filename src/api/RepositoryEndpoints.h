#pragma once

#include "ApiServer.h"

#include <QObject>

class BackupService;

// The repository's health (beyond the spec, issue 12; Wings' auth and error shape, docs/api.md):
//   GET  /api/repository                     200 {"repository", "total_size", "raw_size", "snapshot_count", "servers",
//                                                 "last_check", "locks"}
//   GET  /api/repository/locks               200 {"locks": [{"id", "host", "username", "pid", "time", "exclusive",
//                                                 "stale", "own"}]}
//   POST /api/repository/unlock              200 {"removed": [...], "kept": [...]}; 409 when only other hosts'
//                                                 stale locks would go too
//   POST /api/repository/check               202 {"job_id"}; body {"read_data_subset": "5%"} (optional)
//   POST /api/repository/prune               202 {"job_id", "coalesced"}
//   GET  /api/servers/{server}/backup/growth 200 {"points": [{"time", "backup_uuid", "snapshot_id", "size", "added"}]}
class RepositoryEndpoints : public QObject
{
    Q_OBJECT
public:
    using Params = ApiServer::Params;

    explicit RepositoryEndpoints(BackupService* service, QObject* parent = nullptr);
    void registerRoutes(ApiServer& server);

    // The checks made before anything reaches restic or a job (the fuzzer calls it): status 0 with the
    // validated fields, or the error to answer.
    struct Checked
    {
        int status = 0;
        QString error;
        QString server;         // growth
        QString readDataSubset; // check
    };
    Checked check(const QString& pattern, const Params& params, const HttpExchange::Request& request) const;

private:
    void state(const ExchangePtr& ex, const Params& params);
    void locks(const ExchangePtr& ex, const Params& params);
    void unlock(const ExchangePtr& ex, const Params& params);
    void startCheck(const ExchangePtr& ex, const Params& params);
    void startPrune(const ExchangePtr& ex, const Params& params);
    void growth(const ExchangePtr& ex, const Params& params);
    void sendStartError(const ExchangePtr& ex, int error, const QString& message);

    BackupService* m_service;
};
