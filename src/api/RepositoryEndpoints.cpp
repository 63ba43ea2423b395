#include "RepositoryEndpoints.h"
#include "ApiLogging.h"
#include "BackupService.h"
#include "WhenReady.h"
#include "restic/ResticCommands.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {
const QString kCheck = QStringLiteral("/api/repository/check");
const QString kGrowth = QStringLiteral("/api/servers/{server}/backup/growth");

} // namespace

RepositoryEndpoints::RepositoryEndpoints(BackupService* service, QObject* parent) : QObject(parent), m_service(service)
{
}

void RepositoryEndpoints::registerRoutes(ApiServer& server)
{
    auto bind = [this](void (RepositoryEndpoints::*handler)(const ExchangePtr&, const Params&)) {
        return [this, handler](const ExchangePtr& ex, const Params& p) { (this->*handler)(ex, p); };
    };
    server.addRoute("GET", QStringLiteral("/api/repository"), bind(&RepositoryEndpoints::state));
    server.addRoute("GET", QStringLiteral("/api/repository/locks"), bind(&RepositoryEndpoints::locks));
    server.addRoute("POST", QStringLiteral("/api/repository/unlock"), bind(&RepositoryEndpoints::unlock));
    server.addRoute("POST", kCheck, bind(&RepositoryEndpoints::startCheck));
    server.addRoute("POST", QStringLiteral("/api/repository/prune"), bind(&RepositoryEndpoints::startPrune));
    server.addRoute("GET", kGrowth, bind(&RepositoryEndpoints::growth));
}

RepositoryEndpoints::Checked RepositoryEndpoints::check(const QString& pattern, const Params& params,
                                                        const HttpExchange::Request& request) const
{
    Checked c;
    if (pattern == kGrowth) {
        const QString server = params.value(QStringLiteral("server"));
        if (m_service->paths().serverDirectory(server).isEmpty()) {
            c.status = 404;
            c.error = tr("The requested resource does not exist on this instance.");
            return c;
        }
        c.server = server;
        return c;
    }
    if (pattern != kCheck)
        return c;
    const QByteArray raw = request.body.trimmed();
    if (raw.isEmpty())
        return c; // no data read
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(raw, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        c.status = 400;
        c.error = error.error != QJsonParseError::NoError
                      ? tr("The request body is not valid JSON: %1.").arg(error.errorString())
                      : tr("The request body must be a JSON object.");
        return c;
    }
    const QJsonValue subset = doc.object().value(QLatin1String("read_data_subset"));
    if (subset.isUndefined() || subset.isNull())
        return c;
    if (!subset.isString()) {
        c.status = 400;
        c.error = tr("read_data_subset must be a string such as \"5%\", \"1/10\" or \"500M\".");
        return c;
    }
    if (const QString problem = ResticCommand::readDataSubsetProblem(subset.toString()); !problem.isEmpty()) {
        c.status = 400;
        c.error = tr("read_data_subset \"%1\" is not valid: %2").arg(subset.toString().left(40), problem);
        return c;
    }
    c.readDataSubset = subset.toString();
    return c;
}

void RepositoryEndpoints::sendStartError(const ExchangePtr& ex, int error, const QString& message)
{
    switch (static_cast<BackupService::Error>(error)) {
    case BackupService::Error::InvalidRequest:
        return ex->sendError(400, message);
    case BackupService::Error::Unavailable:
        return ex->sendError(503, message);
    default:
        return ex->sendError(500, message);
    }
}

void RepositoryEndpoints::state(const ExchangePtr& ex, const Params&)
{
    whenReady(m_service->repositoryState(), this, [ex](const RepositoryState& s) {
        if (!s.ok)
            return ex->sendError(s.building ? 503 : 500, s.error);
        ex->sendJson(200, s.toJson());
    });
}

void RepositoryEndpoints::locks(const ExchangePtr& ex, const Params&)
{
    whenReady(m_service->listLocks(), this, [ex](const LockList& list) {
        if (!list.ok)
            return ex->sendError(500, list.error);
        ex->sendJson(200, list.toJson());
    });
}

void RepositoryEndpoints::unlock(const ExchangePtr& ex, const Params&)
{
    whenReady(m_service->unlock(), this, [ex](const UnlockResult& r) {
        switch (r.status) {
        case UnlockResult::Status::Ok:
            qCInfo(lcApi).noquote() << "unlock through the API removed" << r.removed.size() << "locks";
            return ex->sendJson(200, r.toJson());
        case UnlockResult::Status::Refused:
            return ex->sendError(409, r.error);
        case UnlockResult::Status::Failed:
            return ex->sendError(500, r.error);
        }
    });
}

void RepositoryEndpoints::startCheck(const ExchangePtr& ex, const Params& params)
{
    const Checked c = check(kCheck, params, ex->request());
    if (c.status)
        return ex->sendError(c.status, c.error);
    const BackupService::Started s = m_service->startCheck(c.readDataSubset);
    if (!s.ok())
        return sendStartError(ex, int(s.error), s.message);
    ex->sendJson(202, {{QStringLiteral("job_id"), s.job->id()}});
}

void RepositoryEndpoints::startPrune(const ExchangePtr& ex, const Params&)
{
    const QList<Job*> before = m_service->jobs()->jobs();
    const BackupService::Started s = m_service->startPrune();
    if (!s.ok())
        return sendStartError(ex, int(s.error), s.message);
    ex->sendJson(202, {{QStringLiteral("job_id"), s.job->id()}, {QStringLiteral("coalesced"), before.contains(s.job)}});
}

void RepositoryEndpoints::growth(const ExchangePtr& ex, const Params& params)
{
    const Checked c = check(kGrowth, params, ex->request());
    if (c.status)
        return ex->sendError(c.status, c.error);
    whenReady(m_service->growth(c.server), this, [ex](const Growth& g) {
        if (!g.ok)
            return ex->sendError(g.building ? 503 : 500, g.error);
        QJsonArray points;
        for (const GrowthPoint& p : g.points)
            points.append(p.toJson());
        ex->sendJson(200, {{QStringLiteral("points"), points}});
    });
}
