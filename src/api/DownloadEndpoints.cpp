#include "DownloadEndpoints.h"
#include "ApiLogging.h"
#include "BackupEndpoints.h"
#include "BackupService.h"
#include "WhenReady.h"

#include <QDateTime>
#include <QUrl>
#include <QtConcurrent>

#include <atomic>
#include <optional>

namespace {
constexpr qsizetype kReadChunk = 256 * 1024;

DownloadEndpoints::Checked refuse(DownloadEndpoints::Checked c, int status, const QString& error)
{
    c.status = status;
    c.error = error;
    return c;
}

// `attachment; filename="…"` in ASCII (what every client reads), and the real name as RFC 5987 `filename*`.
QByteArray disposition(const QString& name)
{
    QByteArray ascii;
    for (const QChar c : name)
        ascii += c.unicode() >= 0x20 && c.unicode() < 0x7f ? char(c.unicode()) : '_';
    QByteArray value = "attachment; filename=\"" + ascii + '"';
    if (ascii != name.toUtf8())
        value += "; filename*=UTF-8''" + QUrl::toPercentEncoding(name);
    return value;
}
} // namespace

// One download in flight: pulls from its archive while the client's socket has room, and only then. Plain data
// of DownloadEndpoints, reached by id: the archive's worker threads post to the endpoints object, which outlives
// every archive, never to a stream that may be gone by the time the post arrives.
class DownloadEndpoints::Stream
{
public:
    Stream(ExchangePtr ex, std::unique_ptr<SnapshotArchive> archive, QByteArray contentType, QByteArray disposition)
        : ex(std::move(ex)), archive(std::move(archive)), contentType(std::move(contentType)),
          disposition(std::move(disposition))
    {
    }

    enum class Outcome
    {
        Complete,
        Failed,
        ClientGone,
    };

    // Writes what the archive has while the socket has room; the outcome once the stream is over.
    std::optional<Outcome> pump()
    {
        if (!ex->isConnected())
            return Outcome::ClientGone;
        while (!started || ex->pendingBytes() < kMaxPendingBytes) {
            QByteArray chunk;
            switch (archive->read(&chunk, kReadChunk)) {
            case SnapshotArchive::Read::Data:
                // The headers wait for the first bytes: a restic that fails at once still gets a JSON error.
                if (!started && !begin())
                    return Outcome::ClientGone;
                ex->writeStream(chunk);
                break;
            case SnapshotArchive::Read::Wait:
                return std::nullopt;
            case SnapshotArchive::Read::End:
                if (!started && !begin())
                    return Outcome::ClientGone;
                return Outcome::Complete;
            case SnapshotArchive::Read::Failed:
                return Outcome::Failed;
            }
        }
        return std::nullopt;
    }

    void finish(Outcome outcome)
    {
        switch (outcome) {
        case Outcome::Complete:
            ex->endStream();
            break;
        case Outcome::Failed:
            qCWarning(lcApi).noquote() << "download" << ex->requestId() << "failed:" << archive->error();
            // Before the headers: an error answer. After them: a reset, never the last chunk, so that a cut archive
            // cannot look complete.
            if (started)
                ex->endStream(true);
            else
                ex->sendError(500, archive->error());
            break;
        case Outcome::ClientGone:
            qCInfo(lcApi).noquote() << "download" << ex->requestId() << "abandoned by the client after"
                                    << archive->bytesArchived() << "bytes of files";
            archive->cancel();
            ex->endStream(true);
            break;
        }
    }

    ExchangePtr ex;
    std::unique_ptr<SnapshotArchive> archive;
    std::shared_ptr<std::atomic_bool> posted = std::make_shared<std::atomic_bool>(false);

private:
    bool begin()
    {
        started = true;
        return ex->beginStream(contentType, {{"Content-Disposition", disposition}}, HttpExchange::Framing::Chunked);
    }

    QByteArray contentType;
    QByteArray disposition;
    bool started = false;
};

DownloadEndpoints::DownloadEndpoints(BackupService* service, const QString& token, QObject* parent)
    : QObject(parent), m_service(service), m_key(token.toUtf8())
{
    m_pool.setMaxThreadCount(4);
}

DownloadEndpoints::~DownloadEndpoints()
{
    // Each archive's destructor stops restic and joins its threads; then the retired ones finish on the pool.
    for (auto it = m_streams.begin(); it != m_streams.end(); ++it)
        it->second->archive->cancel();
    m_streams.clear();
    m_pool.waitForDone();
}

void DownloadEndpoints::registerRoutes(ApiServer& server)
{
    server.addRoute("GET", QStringLiteral("/api/servers/{server}/backup/{backup}/download"),
                    [this](const ExchangePtr& ex, const Params& p) { download(ex, p); });
    // The Panel's link carries its own signed token instead of the node's Bearer token.
    server.addRoute(
        "GET", QStringLiteral("/download/backup"),
        [this](const ExchangePtr& ex, const Params& p) { downloadByToken(ex, p); }, ApiServer::Auth::OwnToken);
}

DownloadEndpoints::Checked DownloadEndpoints::check(const Params& params, const HttpExchange::Request& request) const
{
    Checked c;
    c.server = params.value(QStringLiteral("server"));
    c.backup = params.value(QStringLiteral("backup"));
    if (m_service->paths().serverDirectory(c.server).isEmpty())
        return refuse(c, 404, BackupEndpoints::unknownServerMessage());
    if (!ServerPaths::isCanonicalUuid(c.backup))
        return refuse(c, 400, BackupEndpoints::badBackupIdMessage());
    if (request.query.hasQueryItem(QStringLiteral("path"))) {
        c.path = request.query.queryItemValue(QStringLiteral("path"), QUrl::FullyDecoded);
        if (const QString problem = FileIndex::pathProblem(c.path); !problem.isEmpty())
            return refuse(c, 400, problem);
    }
    if (request.query.hasQueryItem(QStringLiteral("format"))) {
        const auto format =
            SnapshotArchive::parseFormat(request.query.queryItemValue(QStringLiteral("format"), QUrl::FullyDecoded));
        if (!format)
            return refuse(c, 400, tr("`format` must be \"tar.gz\" or \"zip\"."));
        c.format = *format;
    }
    return c;
}

void DownloadEndpoints::download(const ExchangePtr& ex, const Params& params)
{
    const Checked c = check(params, ex->request());
    if (c.status)
        return ex->sendError(c.status, c.error);
    lookUpAndStream(ex, c.server, c.backup, c.path, c.format);
}

void DownloadEndpoints::downloadByToken(const ExchangePtr& ex, const Params&)
{
    const QByteArray jwt = ex->request().query.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded).toUtf8();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    DownloadToken token;
    switch (DownloadToken::verify(jwt, m_key, now, &token)) {
    case DownloadToken::Problem::None:
        break;
    case DownloadToken::Problem::Expired:
        return ex->sendError(403, tr("The download link has expired."));
    case DownloadToken::Problem::Malformed:
    case DownloadToken::Problem::Algorithm:
    case DownloadToken::Problem::Signature:
    case DownloadToken::Problem::MissingClaim:
        return ex->sendError(403, tr("The download link is not valid."));
    }
    // One use per link, as Wings: the id is spent as soon as a valid token shows it.
    switch (m_usedIds.consume(token.uniqueId, token.expires, now)) {
    case UsedTokenIds::Result::Accepted:
        break;
    case UsedTokenIds::Result::Reused:
        return ex->sendError(403, tr("The download link was used already."));
    case UsedTokenIds::Result::Full:
        return ex->sendError(503, tr("Too many download links are in use; try again in a minute."),
                             {{"Retry-After", "60"}});
    }
    if (m_service->paths().serverDirectory(token.serverUuid).isEmpty())
        return ex->sendError(404, BackupEndpoints::unknownServerMessage());
    if (!ServerPaths::isCanonicalUuid(token.backupUuid))
        return ex->sendError(404, BackupEndpoints::backupNotFoundMessage());
    lookUpAndStream(ex, token.serverUuid, token.backupUuid, QStringLiteral("/"), SnapshotArchive::Format::TarGz);
}

void DownloadEndpoints::lookUpAndStream(const ExchangePtr& ex, const QString& server, const QString& backup,
                                        const QString& path, SnapshotArchive::Format format)
{
    whenReady(QtConcurrent::run(&m_pool, [this, server, backup, path] { return lookUpBlocking(server, backup, path); }),
              this, [this, ex, backup, format](const Lookup& found) {
                  if (found.status)
                      return ex->sendError(found.status, found.error, found.headers);
                  stream(ex, found, backup, format);
              });
}

DownloadEndpoints::Lookup DownloadEndpoints::lookUpBlocking(const QString& server, const QString& backup,
                                                            const QString& path) const
{
    Lookup out;
    out.source.path = path;
    const BackupService::SnapshotList found = m_service->findBackupBlocking(backup, server);
    if (!found.ok) {
        out.status = found.building ? 503 : 500;
        out.error = found.error;
        return out;
    }
    if (found.snapshots.isEmpty()) {
        out.status = 404;
        out.error = BackupEndpoints::backupNotFoundMessage();
        return out;
    }
    out.source.snapshot = found.snapshots.first();
    if (path == QLatin1String("/")) {
        // The whole backup needs no file index: the catalogue knows the snapshot (and, once measured, its size).
        if (out.source.snapshot.stats)
            out.source.totalBytes = out.source.snapshot.stats->totalSize;
        return out;
    }
    // The index says what the entry is (file, directory, symlink), with its mode and time, which restic's dump of a
    // single file does not carry.
    using Status = BackupService::PathCheck::Status;
    const BackupService::PathCheck checked = m_service->checkPathsBlocking(out.source.snapshot, {path});
    switch (checked.status) {
    case Status::Ok:
        out.source.entry = checked.entries.value(path);
        out.source.totalBytes = out.source.entry.type == FileEntry::Type::File ? out.source.entry.size : 0;
        if (out.source.entry.type == FileEntry::Type::Other) {
            out.status = 400;
            out.error = tr("The requested path is a device, fifo or socket, which cannot be downloaded.");
        }
        return out;
    case Status::Invalid:
        out.status = 400;
        break;
    case Status::Missing:
        out.status = 404;
        out.error = tr("The requested path does not exist in this backup.");
        return out;
    case Status::Indexing:
        out.status = 503;
        out.headers = {{"Retry-After", QByteArray::number(BackupService::kRetryAfterSec)}};
        break;
    case Status::Failed:
        out.status = 500;
        break;
    }
    out.error = checked.error;
    return out;
}

void DownloadEndpoints::stream(const ExchangePtr& ex, const Lookup& found, const QString& backup,
                               SnapshotArchive::Format format)
{
    if (!ex->isConnected())
        return ex->sendError(500, tr("The client went away.")); // logged as gone; nothing was started
    const QString name = SnapshotArchive::fileName(backup, found.source.path, format);
    qCInfo(lcApi).noquote() << "download" << ex->requestId() << "of" << found.source.snapshot.shortId
                            << found.source.path << "as" << name;
    const quint64 id = ++m_lastStreamId;
    auto s = std::make_unique<Stream>(ex, std::make_unique<SnapshotArchive>(m_service->restic(), found.source, format),
                                      SnapshotArchive::contentType(format), disposition(name));
    // From the archive's threads: one queued pump at a time is enough.
    s->archive->setOnReadable([this, id, posted = s->posted] {
        if (!posted->exchange(true))
            QMetaObject::invokeMethod(
                this, [this, id] { pump(id); }, Qt::QueuedConnection);
    });
    ex->setOnBytesWritten([this, id] { pump(id); });
    // Queued: the socket is still emitting its signal.
    ex->setOnDisconnected([this, id] {
        QMetaObject::invokeMethod(
            this, [this, id] { pump(id); }, Qt::QueuedConnection);
    });
    s->archive->start();
    m_streams.emplace(id, std::move(s));
}

void DownloadEndpoints::pump(quint64 id)
{
    const auto it = m_streams.find(id);
    if (it == m_streams.end())
        return; // finished already
    Stream& s = *it->second;
    s.posted->store(false);
    const std::optional<Stream::Outcome> outcome = s.pump();
    if (!outcome)
        return;
    s.finish(*outcome);
    // Joining the archive's threads waits for restic to stop: never on the event loop. The pool outlives every
    // archive (the destructor waits for it).
    std::shared_ptr<SnapshotArchive> archive = std::move(s.archive);
    m_streams.erase(it);
    m_pool.start([archive]() mutable { archive.reset(); });
}
