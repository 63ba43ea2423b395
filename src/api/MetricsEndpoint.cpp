#include "MetricsEndpoint.h"
#include "Metrics.h"

MetricsEndpoint::MetricsEndpoint(Metrics* metrics, QObject* parent) : QObject(parent), m_metrics(metrics) {}

void MetricsEndpoint::registerRoutes(ApiServer& server)
{
    server.addRoute(
        "GET", QStringLiteral("/metrics"),
        [this](const ExchangePtr& ex, const ApiServer::Params&) {
            ex->sendBody(200, Metrics::kContentType, m_metrics->exposition());
        },
        ApiServer::Auth::Metrics);
}
