#pragma once

#include "ApiServer.h"

#include <QObject>

class Metrics;

// GET /metrics: the node's metrics in Prometheus' text format 0.0.4 (docs/metrics.md), behind the node's token or
// the read-only `metrics.token` of Pouch's settings.
class MetricsEndpoint : public QObject
{
    Q_OBJECT
public:
    explicit MetricsEndpoint(Metrics* metrics, QObject* parent = nullptr);
    void registerRoutes(ApiServer& server);

private:
    Metrics* m_metrics;
};
