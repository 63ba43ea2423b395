#pragma once

#include "ApiServer.h"
#include "DownloadToken.h"
#include "SnapshotArchive.h"

#include <QObject>
#include <QThreadPool>

#include <map>
#include <memory>

class BackupService;

// Downloads, streamed as they are made (SnapshotArchive) with back-pressure:
//   GET /api/servers/{server}/backup/{backup}/download[?path=/dir][&format=tar.gz|zip]   200, an archive
//   GET /download/backup?token=<JWT>   200, the whole backup as <backup>.tar.gz (the Panel's link, as Wings)
class DownloadEndpoints : public QObject
{
    Q_OBJECT
public:
    using Params = ApiServer::Params;

    // `token` is the node's token (config `token`): the key the Panel signs download links with.
    DownloadEndpoints(BackupService* service, const QString& token, QObject* parent = nullptr);
    ~DownloadEndpoints() override;
    void registerRoutes(ApiServer& server);

    // The checks of the Bearer endpoint, before anything reaches restic: status 0 with the fields, or the error.
    struct Checked
    {
        int status = 0;
        QString error;
        QString server;
        QString backup;
        QString path = QStringLiteral("/");
        SnapshotArchive::Format format = SnapshotArchive::Format::TarGz;
    };
    Checked check(const Params& params, const HttpExchange::Request& request) const;

    // What a worker finds out about the archive to make: the snapshot, the entry at the path, or the error.
    struct Lookup
    {
        int status = 0;
        QString error;
        HttpExchange::Headers headers;
        SnapshotArchive::Source source;
    };

    // Unsent bytes a download may have in its socket before it waits for the client (back-pressure).
    static constexpr qint64 kMaxPendingBytes = 1024 * 1024;

private:
    class Stream;

    void download(const ExchangePtr& ex, const Params& params);
    void downloadByToken(const ExchangePtr& ex, const Params& params);
    // Looks the backup (and path) up on the pool, then streams the archive or answers the error.
    void lookUpAndStream(const ExchangePtr& ex, const QString& server, const QString& backup, const QString& path,
                         SnapshotArchive::Format format);
    Lookup lookUpBlocking(const QString& server, const QString& backup, const QString& path) const;
    void stream(const ExchangePtr& ex, const Lookup& found, const QString& backup, SnapshotArchive::Format format);
    // Moves a download on; once it is over, its archive is destroyed (restic stopped, threads joined) on the pool.
    void pump(quint64 streamId);

    BackupService* m_service;
    QByteArray m_key;
    UsedTokenIds m_usedIds;
    std::map<quint64, std::unique_ptr<Stream>> m_streams;
    quint64 m_lastStreamId = 0;
    mutable QThreadPool m_pool; // lookups (they may wait for a file index) and retiring archives
};
