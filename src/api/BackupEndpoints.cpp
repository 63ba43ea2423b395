#include "BackupEndpoints.h"
#include "ApiLogging.h"
#include "BackupService.h"
#include "WhenReady.h"
#include "WireFormat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QPointer>
#include <QTimer>

BackupEndpoints::BackupEndpoints(BackupService* service, QObject* parent) : QObject(parent), m_service(service)
{
    if (const int ms = qEnvironmentVariableIntValue("POUCH_DELETE_ANSWER_MS"); ms > 0)
        m_deleteAnswerWaitMs = ms;
}

void BackupEndpoints::registerRoutes(ApiServer& server)
{
    auto bind = [this](void (BackupEndpoints::*handler)(const ExchangePtr&, const Params&)) {
        return [this, handler](const ExchangePtr& ex, const Params& p) { (this->*handler)(ex, p); };
    };
    // "snapshots" before "{backup}": literal routes first.
    server.addRoute("GET", QStringLiteral("/api/servers/{server}/backup/snapshots"),
                    bind(&BackupEndpoints::listSnapshots));
    server.addRoute("GET", QStringLiteral("/api/servers/{server}/backup/search"), bind(&BackupEndpoints::searchFiles));
    server.addRoute("POST", QStringLiteral("/api/servers/{server}/backup"), bind(&BackupEndpoints::createBackup));
    server.addRoute("POST", QStringLiteral("/api/servers/{server}/backup/{backup}/restore"),
                    bind(&BackupEndpoints::restoreBackup));
    server.addRoute("DELETE", QStringLiteral("/api/servers/{server}/backup/{backup}"),
                    bind(&BackupEndpoints::deleteBackup));
    server.addRoute("GET", QStringLiteral("/api/servers/{server}/backup/{backup}/status"),
                    bind(&BackupEndpoints::snapshotStatus));
    server.addRoute("GET", QStringLiteral("/api/servers/{server}/backup/{backup}/files"),
                    bind(&BackupEndpoints::listFiles));
    server.addRoute("GET", QStringLiteral("/api/servers/{server}/backup/{backup}/diff"),
                    bind(&BackupEndpoints::diffBackups));
}

// ---- checks -----------------------------------------------------------------------------------------------

namespace {
bool fail(BackupEndpoints::Checked* c, int status, const QString& error)
{
    c->status = status;
    c->error = error;
    return false;
}
} // namespace

QString BackupEndpoints::unknownServerMessage()
{
    return tr("The requested resource does not exist on this instance.");
}

QString BackupEndpoints::badBackupIdMessage()
{
    return tr("The backup id must be a lowercase UUID.");
}

QString BackupEndpoints::backupNotFoundMessage()
{
    return tr("The requested backup was not found on this server.");
}

bool BackupEndpoints::checkServer(Checked* c, const QString& server) const
{
    // Canonical lowercase UUID and an existing directory; ServerPaths says no to everything else.
    if (m_service->paths().serverDirectory(server).isEmpty())
        return fail(c, 404, unknownServerMessage());
    c->server = server;
    return true;
}

bool BackupEndpoints::checkBackupId(Checked* c, const QString& backup) const
{
    if (!ServerPaths::isCanonicalUuid(backup))
        return fail(c, 400, badBackupIdMessage());
    c->backup = backup;
    return true;
}

bool BackupEndpoints::parseBody(Checked* c, const QByteArray& rawBody, QJsonObject* body, bool emptyAllowed) const
{
    const QByteArray raw = rawBody.trimmed();
    if (raw.isEmpty() && emptyAllowed) {
        *body = {};
        return true;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(raw, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(c, 400, tr("The request body is not valid JSON: %1.").arg(error.errorString()));
    if (!doc.isObject())
        return fail(c, 400, tr("The request body must be a JSON object."));
    *body = doc.object();
    return true;
}

bool BackupEndpoints::checkAdapter(Checked* c, const QJsonObject& body, bool required) const
{
    const QJsonValue adapter = body.value(QLatin1String("adapter"));
    if (adapter.isUndefined() && !required)
        return true;
    if (!adapter.isString() || adapter.toString() != QLatin1String("restic"))
        return fail(c, 400, tr("The adapter must be \"restic\"; this instance has no other."));
    return true;
}

BackupEndpoints::Checked BackupEndpoints::check(Endpoint endpoint, const Params& params,
                                                const HttpExchange::Request& request) const
{
    Checked c;
    const QString server = params.value(QStringLiteral("server"));
    const QString backup = params.value(QStringLiteral("backup"));
    QJsonObject body;
    switch (endpoint) {
    case Endpoint::CreateBackup: {
        if (!checkServer(&c, server) || !parseBody(&c, request.body, &body, false) || !checkAdapter(&c, body, true))
            break;
        const QJsonValue uuid = body.value(QLatin1String("uuid"));
        const QJsonValue ignore = body.value(QLatin1String("ignore"));
        if (!uuid.isString()) {
            fail(&c, 400, tr("`uuid` must be a string holding the backup's UUID."));
            break;
        }
        if (!ignore.isUndefined() && !ignore.isNull() && !ignore.isString()) {
            fail(&c, 400, tr("`ignore` must be a string of patterns, one a line."));
            break;
        }
        if (checkBackupId(&c, uuid.toString()))
            c.ignore = ignore.toString();
        break;
    }
    case Endpoint::RestoreBackup: {
        if (!checkServer(&c, server) || !checkBackupId(&c, backup) || !parseBody(&c, request.body, &body, false) ||
            !checkAdapter(&c, body, true))
            break;
        const QJsonValue truncate = body.value(QLatin1String("truncate_directory"));
        if (!truncate.isUndefined() && !truncate.isNull() && !truncate.isBool()) {
            fail(&c, 400, tr("`truncate_directory` must be true or false."));
            break;
        }
        c.truncate = truncate.toBool();
        const QJsonValue paths = body.value(QLatin1String("paths"));
        const QJsonValue destination = body.value(QLatin1String("destination"));
        if (!paths.isUndefined() && !paths.isNull()) {
            if (!paths.isArray() || paths.toArray().isEmpty() ||
                paths.toArray().size() > BackupService::kMaxRestorePaths) {
                fail(&c, 400,
                     tr("`paths` must be a non-empty array of at most %1 paths.").arg(BackupService::kMaxRestorePaths));
                break;
            }
            bool strings = true;
            for (const QJsonValue& p : paths.toArray()) {
                strings = strings && p.isString();
                c.paths << p.toString();
            }
            if (!strings) {
                fail(&c, 400, tr("Each of `paths` must be a string."));
                break;
            }
        }
        if (!destination.isUndefined() && !destination.isNull()) {
            if (!destination.isString()) {
                fail(&c, 400, tr("`destination` must be a path string."));
                break;
            }
            c.destination = destination.toString();
        }
        BackupService::RestoreRequest request;
        request.truncate = c.truncate;
        request.paths = c.paths;
        request.destination = c.destination;
        if (const QString problem = BackupService::restoreRequestProblem(request); !problem.isEmpty())
            fail(&c, 400, problem);
        break;
    }
    case Endpoint::DeleteBackup:
        // The Panel sends {"adapter": "restic"}; an empty body is fine too.
        if (checkServer(&c, server) && checkBackupId(&c, backup) && parseBody(&c, request.body, &body, true))
            checkAdapter(&c, body, false);
        break;
    case Endpoint::ListSnapshots: {
        if (!checkServer(&c, server))
            break;
        const QString stats = request.query.queryItemValue(QStringLiteral("include_stats")).toLower();
        c.includeStats = stats == QLatin1String("true") || stats == QLatin1String("1");
        break;
    }
    case Endpoint::SnapshotStatus:
        if (checkServer(&c, server))
            checkBackupId(&c, backup);
        break;
    case Endpoint::ListFiles: {
        if (!checkServer(&c, server) || !checkBackupId(&c, backup))
            break;
        const QString key = QStringLiteral("path");
        c.path = request.query.hasQueryItem(key) ? request.query.queryItemValue(key, QUrl::FullyDecoded)
                                                 : QStringLiteral("/");
        if (const QString problem = FileIndex::pathProblem(c.path); !problem.isEmpty())
            fail(&c, 400, problem);
        break;
    }
    case Endpoint::DiffBackups:
        if (!checkServer(&c, server) || !checkBackupId(&c, backup))
            break;
        c.against = request.query.queryItemValue(QStringLiteral("against"), QUrl::FullyDecoded);
        if (!ServerPaths::isCanonicalUuid(c.against))
            fail(&c, 400, tr("`against` must be the lowercase UUID of another backup of this server."));
        break;
    case Endpoint::SearchFiles: {
        if (!checkServer(&c, server))
            break;
        c.query = request.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded);
        if (c.query.toUcs4().size() < BackupService::kMinSearchChars) {
            fail(&c, 400,
                 tr("The search text `q` must have at least %1 characters.").arg(BackupService::kMinSearchChars));
            break;
        }
        if (c.query.contains(QChar(0)) || c.query.toUtf8().size() > 4096) {
            fail(&c, 400, tr("The search text `q` must be at most 4096 bytes, without NUL characters."));
            break;
        }
        c.limit = BackupService::kDefaultSearchLimit;
        if (request.query.hasQueryItem(QStringLiteral("limit"))) {
            bool ok = false;
            c.limit = request.query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
            if (!ok || c.limit < 1 || c.limit > BackupService::kMaxSearchLimit)
                fail(&c, 400, tr("`limit` must be a whole number from 1 to %1.").arg(BackupService::kMaxSearchLimit));
        }
        break;
    }
    }
    return c;
}

void BackupEndpoints::answerStartFailure(const ExchangePtr& ex, int error, const QString& message) const
{
    switch (static_cast<BackupService::Error>(error)) {
    case BackupService::Error::InvalidId:
    case BackupService::Error::InvalidRequest:
        ex->sendError(400, message);
        break;
    case BackupService::Error::ServerNotFound:
    case BackupService::Error::BackupNotFound:
        ex->sendError(404, message);
        break;
    case BackupService::Error::Busy:
    case BackupService::Error::Duplicate:
        ex->sendError(409, message);
        break;
    case BackupService::Error::Unavailable:
        ex->sendError(503, message);
        break;
    default:
        ex->sendError(500, message);
        break;
    }
}

// ---- endpoints --------------------------------------------------------------------------------------------

void BackupEndpoints::createBackup(const ExchangePtr& ex, const Params& params)
{
    const Checked c = check(Endpoint::CreateBackup, params, ex->request());
    if (c.status)
        return ex->sendError(c.status, c.error);
    // A Panel that retries must never get two snapshots for one backup: a uuid running here or in the
    // catalogue is refused at once, one another node saved since the last resync after the lookup.
    if (m_service->hasBackup(c.backup))
        return ex->sendError(409, BackupService::duplicateMessage());
    whenReady(m_service->findBackup(c.backup), this, [this, ex, c](const BackupService::SnapshotList& found) {
        // A repository that cannot be read fails the backup itself, which reports as the spec says (event,
        // Panel callback); the answer stays 202.
        if (found.ok && !found.snapshots.isEmpty())
            return ex->sendError(409, BackupService::duplicateMessage());
        const BackupService::Started started = m_service->startBackup(c.server, c.backup, c.ignore);
        if (!started.ok())
            return answerStartFailure(ex, int(started.error), started.message);
        ex->sendEmpty(202);
    });
}

void BackupEndpoints::restoreBackup(const ExchangePtr& ex, const Params& params)
{
    const Checked c = check(Endpoint::RestoreBackup, params, ex->request());
    if (c.status)
        return ex->sendError(c.status, c.error);
    const QString server = c.server;
    const QString backup = c.backup;
    // Fail fast; startRestore checks again after the lookup, which takes a restic call.
    if (m_service->jobs()->isBusy(server))
        return ex->sendError(409, m_service->jobs()->busyMessage(server));
    // No server filter: the backup may come from another server (cross-server restore).
    BackupService::RestoreRequest request;
    request.truncate = c.truncate;
    request.paths = c.paths;
    request.destination = c.destination;
    whenReady(m_service->findBackup(backup), this,
              [this, ex, server, request](const BackupService::SnapshotList& found) {
                  if (!found.ok)
                      return ex->sendError(found.building ? 503 : 500, found.error);
                  if (found.snapshots.isEmpty())
                      return ex->sendError(404, backupNotFoundMessage());
                  const Snapshot snapshot = found.snapshots.first();
                  if (request.paths.isEmpty())
                      return startRestore(ex, server, snapshot, request);
                  // Every path must be in the snapshot before anything starts: the index answers, restic is not asked.
                  whenReady(m_service->checkPaths(snapshot, request.paths), this,
                            [this, ex, server, snapshot, request](const BackupService::PathCheck& checked) {
                                using Status = BackupService::PathCheck::Status;
                                switch (checked.status) {
                                case Status::Ok:
                                    return startRestore(ex, server, snapshot, request);
                                case Status::Invalid:
                                case Status::Missing:
                                    return ex->sendError(400, checked.error);
                                case Status::Indexing:
                                    return ex->sendError(
                                        503, checked.error,
                                        {{"Retry-After", QByteArray::number(BackupService::kRetryAfterSec)}});
                                case Status::Failed:
                                    break;
                                }
                                ex->sendError(500, checked.error);
                            });
              });
}

void BackupEndpoints::startRestore(const ExchangePtr& ex, const QString& server, const Snapshot& snapshot,
                                   const BackupService::RestoreRequest& request)
{
    const BackupService::Started started = m_service->startRestore(server, snapshot, request);
    if (!started.ok())
        return answerStartFailure(ex, int(started.error), started.message);
    ex->sendEmpty(202);
}

void BackupEndpoints::deleteBackup(const ExchangePtr& ex, const Params& params)
{
    const Checked c = check(Endpoint::DeleteBackup, params, ex->request());
    if (c.status)
        return ex->sendError(c.status, c.error);
    const QString server = c.server;
    const QString backup = c.backup;
    // Scoped to the URL's server: a server can only delete its own backups.
    whenReady(m_service->findBackup(backup, server), this,
              [this, ex, server, backup](const BackupService::SnapshotList& found) {
                  if (!found.ok)
                      return ex->sendError(found.building ? 503 : 500, found.error);
                  if (found.snapshots.isEmpty())
                      return ex->sendError(404, backupNotFoundMessage());
                  const BackupService::Started started = m_service->startDelete(server, backup, found.snapshots);
                  if (!started.ok())
                      return answerStartFailure(ex, int(started.error), started.message);
                  // Wings answers once the snapshot is gone; the prune that follows runs in the background. But
                  // forget needs the exclusive lock, and on a repository other nodes keep busy it can wait for
                  // minutes, longer than the Panel waits for an answer (15 s). So the answer waits a bounded
                  // time; after it the forget goes on as a job and `backup deleted` says when it is done.
                  connect(started.job, &Job::finished, this, [ex](Job* job) {
                      if (job->state() == Job::State::Succeeded)
                          ex->sendEmpty(204);
                      else
                          ex->sendError(500, job->outcome().error);
                  });
                  QTimer::singleShot(m_deleteAnswerWaitMs, this, [ex, job = QPointer<Job>(started.job)] {
                      if (job && !job->isFinished()) {
                          qCInfo(lcApi).noquote()
                              << "delete of" << job->backupUuid()
                              << "still waits for the repository lock: answered, it goes on as a job";
                          ex->sendEmpty(204);
                      }
                  });
              });
}

void BackupEndpoints::listSnapshots(const ExchangePtr& ex, const Params& params)
{
    const Checked c = check(Endpoint::ListSnapshots, params, ex->request());
    if (c.status)
        return ex->sendError(c.status, c.error);
    whenReady(m_service->listSnapshots(c.server, c.includeStats), this, [ex](const BackupService::SnapshotList& list) {
        if (!list.ok)
            return ex->sendError(list.building ? 503 : 500, list.error);
        QJsonArray snapshots;
        for (const Snapshot& s : list.snapshots)
            snapshots.append(WireFormat::snapshot(s));
        ex->sendJson(200, {{QStringLiteral("snapshots"), snapshots}});
    });
}

void BackupEndpoints::snapshotStatus(const ExchangePtr& ex, const Params& params)
{
    const Checked c = check(Endpoint::SnapshotStatus, params, ex->request());
    if (c.status)
        return ex->sendError(c.status, c.error);
    whenReady(m_service->findBackup(c.backup, c.server), this, [this, ex](const BackupService::SnapshotList& found) {
        if (!found.ok)
            return ex->sendError(found.building ? 503 : 500, found.error);
        if (found.snapshots.isEmpty())
            return ex->sendJson(200, {{QStringLiteral("exists"), false}, {QStringLiteral("snapshot"), QJsonValue()}});
        const Snapshot snapshot = found.snapshots.first();
        if (snapshot.stats) // measured once, ever: the usual case needs no second step
            return ex->sendJson(
                200, {{QStringLiteral("exists"), true}, {QStringLiteral("snapshot"), WireFormat::snapshot(snapshot)}});
        whenReady(m_service->stats(snapshot.id), this, [ex, snapshot](const BackupService::StatsResult& stats) {
            if (!stats.ok)
                return ex->sendError(500, stats.error);
            Snapshot withStats = snapshot;
            withStats.stats = stats.stats;
            ex->sendJson(
                200, {{QStringLiteral("exists"), true}, {QStringLiteral("snapshot"), WireFormat::snapshot(withStats)}});
        });
    });
}

void BackupEndpoints::listFiles(const ExchangePtr& ex, const Params& params)
{
    const Checked c = check(Endpoint::ListFiles, params, ex->request());
    if (c.status)
        return ex->sendError(c.status, c.error);
    whenReady(m_service->listFiles(c.server, c.backup, c.path), this, [ex](const BackupService::FileListing& listing) {
        if (listing.status != BackupService::FileListing::Status::Ok)
            return ex->sendError(failureStatus(listing.status), listing.error, failureHeaders(listing.status));
        QJsonArray entries;
        for (const FileEntry& e : listing.entries)
            entries.append(WireFormat::fileEntry(e));
        ex->sendJson(200, {{QStringLiteral("path"), listing.path}, {QStringLiteral("entries"), entries}});
    });
}

int BackupEndpoints::failureStatus(BackupService::FileListing::Status status)
{
    using Status = BackupService::FileListing::Status;
    switch (status) {
    case Status::InvalidPath:
    case Status::NotADirectory:
        return 400;
    case Status::BackupNotFound:
    case Status::NoSuchPath:
        return 404;
    case Status::Indexing:
    case Status::Unavailable:
        return 503;
    case Status::Ok:
    case Status::Failed:
        break;
    }
    return 500;
}

HttpExchange::Headers BackupEndpoints::failureHeaders(BackupService::FileListing::Status status)
{
    if (status == BackupService::FileListing::Status::Indexing)
        return {{"Retry-After", QByteArray::number(BackupService::kRetryAfterSec)}};
    return {};
}

void BackupEndpoints::searchFiles(const ExchangePtr& ex, const Params& params)
{
    const Checked c = check(Endpoint::SearchFiles, params, ex->request());
    if (c.status)
        return ex->sendError(c.status, c.error);
    whenReady(m_service->searchFiles(c.server, c.query, c.limit), this, [ex](const BackupService::FileSearch& found) {
        if (!found.ok)
            return ex->sendError(found.building ? 503 : 500, found.error);
        QJsonArray matches;
        for (const FileMatch& m : found.matches)
            matches.append(WireFormat::fileMatch(m, found.snapshots.value(m.snapshotId)));
        // `incomplete`: some of the server's snapshots were still being indexed and are not in this answer.
        ex->sendJson(200, {{QStringLiteral("matches"), matches},
                           {QStringLiteral("truncated"), found.truncated},
                           {QStringLiteral("incomplete"), found.notIndexed > 0}});
    });
}

void BackupEndpoints::diffBackups(const ExchangePtr& ex, const Params& params)
{
    const Checked c = check(Endpoint::DiffBackups, params, ex->request());
    if (c.status)
        return ex->sendError(c.status, c.error);
    whenReady(m_service->diffBackups(c.server, c.backup, c.against), this, [ex](const BackupService::FileDiff& diff) {
        using Status = BackupService::FileDiff::Status;
        switch (diff.status) {
        case Status::Ok: {
            QJsonArray added, removed, changed;
            for (const FileChange& e : diff.added)
                added.append(WireFormat::fileAdded(e));
            for (const FileChange& e : diff.removed)
                removed.append(WireFormat::fileRemoved(e));
            for (const FileChange& e : diff.changed)
                changed.append(WireFormat::fileChanged(e));
            // `truncated`: over FileIndex::kMaxDiffEntries differences, the first ones only.
            return ex->sendJson(200, {{QStringLiteral("added"), added},
                                      {QStringLiteral("removed"), removed},
                                      {QStringLiteral("changed"), changed},
                                      {QStringLiteral("truncated"), diff.truncated}});
        }
        case Status::BackupNotFound:
            return ex->sendError(404, diff.error);
        case Status::Indexing:
            return ex->sendError(503, diff.error, {{"Retry-After", QByteArray::number(BackupService::kRetryAfterSec)}});
        case Status::Unavailable:
            return ex->sendError(503, diff.error);
        case Status::Failed:
            break;
        }
        ex->sendError(500, diff.error);
    });
}
