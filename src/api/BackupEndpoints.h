#pragma once

#include "ApiServer.h"
#include "BackupService.h"

#include <QJsonObject>
#include <QObject>

// The spec's backup endpoints, each a few lines over BackupService:
//   POST   /api/servers/{server}/backup                    202
//   POST   /api/servers/{server}/backup/{backup}/restore   202 (cross-server)
//   DELETE /api/servers/{server}/backup/{backup}           204 once restic forgot it
//   GET    /api/servers/{server}/backup/snapshots          200 {"snapshots": [...]}
//   GET    /api/servers/{server}/backup/{backup}/status    200 {"exists": ..., "snapshot": ...}
// and beyond the spec, from the file index (docs/api.md):
//   GET    /api/servers/{server}/backup/{backup}/files?path=/dir   200 {"path", "entries": [...]}
//   GET    /api/servers/{server}/backup/search?q=text&limit=N      200 {"matches": [...], "truncated", ...}
//   GET    /api/servers/{server}/backup/{backup}/diff?against=uuid  200 {"added", "removed", "changed"}
// and the restore body's optional "paths" and "destination" (selective restore).
class BackupEndpoints : public QObject
{
    Q_OBJECT
public:
    using Params = ApiServer::Params;

    explicit BackupEndpoints(BackupService* service, QObject* parent = nullptr);
    void registerRoutes(ApiServer& server);

    enum class Endpoint
    {
        CreateBackup,
        RestoreBackup,
        DeleteBackup,
        ListSnapshots,
        SnapshotStatus,
        ListFiles,
        SearchFiles,
        DiffBackups,
    };
    // The checks an endpoint makes before anything reaches restic or a job, as a function of the request and
    // the volumes directory only: status 0 with the validated fields, or the error to answer. The handlers
    // use it; the fuzzer (fuzz/fuzz_api.cpp) calls it directly.
    struct Checked
    {
        int status = 0;
        QString error;
        QString server;
        QString backup;
        QString ignore;
        bool truncate = false;
        bool includeStats = false;
        QString path;        // ListFiles
        QString query;       // SearchFiles
        int limit = 0;       // SearchFiles
        QStringList paths;   // RestoreBackup: selective
        QString destination; // RestoreBackup
        QString against;     // DiffBackups
    };
    Checked check(Endpoint endpoint, const Params& params, const HttpExchange::Request& request) const;

    // The answers every endpoint of a server's backups shares (DownloadEndpoints too).
    static QString unknownServerMessage();
    static QString badBackupIdMessage();
    static QString backupNotFoundMessage();
    // The answer to a file question that did not succeed: its status, and Retry-After while the index is being built.
    static int failureStatus(BackupService::FileListing::Status status);
    static HttpExchange::Headers failureHeaders(BackupService::FileListing::Status status);

private:
    void createBackup(const ExchangePtr& ex, const Params& params);
    void restoreBackup(const ExchangePtr& ex, const Params& params);
    void deleteBackup(const ExchangePtr& ex, const Params& params);
    void listSnapshots(const ExchangePtr& ex, const Params& params);
    void snapshotStatus(const ExchangePtr& ex, const Params& params);
    void listFiles(const ExchangePtr& ex, const Params& params);
    void searchFiles(const ExchangePtr& ex, const Params& params);
    void diffBackups(const ExchangePtr& ex, const Params& params);

    void startRestore(const ExchangePtr& ex, const QString& server, const Snapshot& snapshot,
                      const BackupService::RestoreRequest& request);

    // Each sets the error (404/400) in `c` and returns false when the check fails.
    bool checkServer(Checked* c, const QString& server) const;
    bool checkBackupId(Checked* c, const QString& backup) const;
    bool parseBody(Checked* c, const QByteArray& rawBody, QJsonObject* body, bool emptyAllowed) const;
    bool checkAdapter(Checked* c, const QJsonObject& body, bool required) const;
    void answerStartFailure(const ExchangePtr& ex, int error, const QString& message) const;

    BackupService* m_service;
    int m_deleteAnswerWaitMs = 10000; // below the Panel's 15 s; POUCH_DELETE_ANSWER_MS overrides it (tests)
};
