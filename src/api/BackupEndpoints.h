#pragma once

#include "ApiServer.h"

#include <QJsonObject>
#include <QObject>

class BackupService;

// The spec's backup endpoints, each a few lines over BackupService:
//   POST   /api/servers/{server}/backup                    202
//   POST   /api/servers/{server}/backup/{backup}/restore   202 (cross-server)
//   DELETE /api/servers/{server}/backup/{backup}           204 once restic forgot it
//   GET    /api/servers/{server}/backup/snapshots          200 {"snapshots": [...]}
//   GET    /api/servers/{server}/backup/{backup}/status    200 {"exists": ..., "snapshot": ...}
class BackupEndpoints : public QObject
{
    Q_OBJECT
public:
    explicit BackupEndpoints(BackupService* service, QObject* parent = nullptr);
    void registerRoutes(ApiServer& server);

private:
    using Params = ApiServer::Params;
    void createBackup(const ExchangePtr& ex, const Params& params);
    void restoreBackup(const ExchangePtr& ex, const Params& params);
    void deleteBackup(const ExchangePtr& ex, const Params& params);
    void listSnapshots(const ExchangePtr& ex, const Params& params);
    void snapshotStatus(const ExchangePtr& ex, const Params& params);

    // Each answers the request itself (404/400) and returns false when the check fails.
    bool checkServer(const ExchangePtr& ex, const QString& server) const;
    bool checkBackupId(const ExchangePtr& ex, const QString& backup) const;
    bool parseBody(const ExchangePtr& ex, QJsonObject* body, bool emptyAllowed) const;
    bool checkAdapter(const ExchangePtr& ex, const QJsonObject& body, bool required) const;
    void answerStartFailure(const ExchangePtr& ex, int error, const QString& message) const;

    BackupService* m_service;
};
