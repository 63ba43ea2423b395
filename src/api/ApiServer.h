#pragma once

#include "Config.h"
#include "HttpExchange.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>

class BackupService;
class BackupEndpoints;
class DownloadEndpoints;
class EventStream;
class Metrics;
class QHttpServerRequest;
class QTcpServer;

// The Wings-compatible HTTP(S) server. Owns Qt's HTTP server (6.4's API stays inside ApiServer.cpp) and does
// what every request shares: routing (404 for unknown paths, 405 with Allow for a wrong method), bearer auth
// (401/403), the 1 MiB body limit (413), request ids, the common headers and the error shape. Endpoint
// handlers live in BackupEndpoints, DownloadEndpoints and EventStream.
class ApiServer : public QObject
{
    Q_OBJECT
public:
    using Params = QHash<QString, QString>;
    using Handler = std::function<void(const ExchangePtr&, const Params&)>;

    static constexpr qint64 kMaxBodyBytes = 1024 * 1024;

    ApiServer(const Config& config, BackupService* service, QObject* parent = nullptr);
    ~ApiServer() override;

    // Binds api.host:api.port (TLS when api.ssl.enabled). On failure returns false with a message for a person.
    bool listen(QString* error);
    // Where it listens, e.g. "https://127.0.0.1:8443".
    QString address() const;
    quint16 port() const;
    // Closes the listening sockets; requests already received still get their answers.
    void stopAccepting();

    EventStream* eventStream() const { return m_events; }

    // `pattern` is a path with {name} placeholders, e.g. "/api/servers/{server}/backup". Literal segments win
    // over placeholders when both match, so register the specific routes first. A route with Auth::OwnToken skips
    // the Bearer check: its handler authenticates the request itself (the Panel's signed download link).
    // Auth::Metrics takes the node's token or the read-only `metrics.token` of Pouch's settings (GET /metrics).
    enum class Auth
    {
        Bearer,
        OwnToken,
        Metrics,
    };
    void addRoute(const QByteArray& method, const QString& pattern, Handler handler, Auth auth = Auth::Bearer);

    // What routing, auth and the body limit decide for a request, without a socket or a handler call:
    // status 0 means "run `handler` with `params`", anything else is the error to answer. dispatch() answers
    // with it; the fuzzer (fuzz/fuzz_api.cpp) calls it directly.
    struct Decision
    {
        int status = 0;
        QString error;
        HttpExchange::Headers headers;
        const Handler* handler = nullptr;
        QString pattern; // of the matched route
        Params params;
    };
    Decision decide(const HttpExchange::Request& request) const;

private:
    class Backend;
    struct Route
    {
        QByteArray method;
        QString pattern;
        QStringList segments;
        Handler handler;
        Auth auth = Auth::Bearer;
    };

    void dispatch(const QHttpServerRequest& request, QTcpSocket* socket, QHttpServerResponder&& responder);
    // The raw answer for a request the connection guard refuses before its body (see RequestGuard).
    std::function<QByteArray(int, const QString&, const QByteArray&, const QByteArray&)> refusal() const;
    // Empty when the Authorization header carries the token; otherwise the 401/403 to answer.
    Decision authorize(const HttpExchange::Request& request, bool metricsToken = false) const;

    Config m_config;
    std::unique_ptr<Backend> m_backend;
    QList<QTcpServer*> m_listeners;
    QList<Route> m_routes;
    QByteArray m_userAgent;
    QByteArray m_tokenDigest;
    QByteArray m_metricsTokenDigest; // empty: no metrics token
    Metrics* m_metrics = nullptr;
    EventStream* m_events = nullptr;
    BackupEndpoints* m_endpoints = nullptr;
    DownloadEndpoints* m_downloads = nullptr;
};
