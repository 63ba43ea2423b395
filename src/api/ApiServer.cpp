#include "ApiServer.h"
#include "ApiLogging.h"
#include "BackupEndpoints.h"
#include "BackupService.h"
#include "DownloadEndpoints.h"
#include "EventStream.h"
#include "MetricsEndpoint.h"
#include "NodeEndpoints.h"
#include "PanelClient.h"
#include "RepositoryEndpoints.h"
#include "RequestGuard.h"

#include <QAbstractHttpServer>
#include <QCryptographicHash>
#include <QFile>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QUuid>

// Qt 6.4's QAbstractHttpServer with a single entry point: every request, whatever its path or method, comes to
// ApiServer::dispatch. QHttpServer's router cannot answer 405 on a known path or a JSON 404, so it is not used.
class ApiServer::Backend : public QAbstractHttpServer
{
public:
    explicit Backend(ApiServer* owner) : m_owner(owner) {}

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override
    {
        m_owner->dispatch(request, socket, makeResponder(request, socket));
        return true;
    }
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override
    {
        // Unreachable: handleRequest answers everything.
        makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
    }

private:
    ApiServer* m_owner;
};

namespace {

QByteArray sha256(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

// Compares two equally long digests without an early exit, so timing says nothing about the token.
bool constantTimeEquals(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return diff == 0;
}

QStringList splitPath(const QString& path)
{
    // "/api/servers/x" -> {"api", "servers", "x"}; a trailing slash leaves an empty last segment, which
    // matches nothing (as in Wings, where /backup/ is not /backup).
    QStringList parts = path.split(QLatin1Char('/'));
    if (!parts.isEmpty() && parts.first().isEmpty())
        parts.removeFirst();
    return parts;
}

bool isPlaceholder(const QString& segment)
{
    return segment.startsWith(QLatin1Char('{')) && segment.endsWith(QLatin1Char('}'));
}

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

bool parseHost(const QString& host, QHostAddress* address)
{
    if (host.isEmpty() || host == QLatin1String("0.0.0.0")) {
        *address = QHostAddress(QHostAddress::AnyIPv4);
        return true;
    }
    if (host == QLatin1String("::") || host == QLatin1String("[::]")) {
        *address = QHostAddress(QHostAddress::Any);
        return true;
    }
    if (host == QLatin1String("localhost")) {
        *address = QHostAddress(QHostAddress::LocalHost);
        return true;
    }
    return address->setAddress(host);
}

} // namespace

ApiServer::ApiServer(const Config& config, BackupService* service, QObject* parent)
    : QObject(parent), m_config(config), m_backend(std::make_unique<Backend>(this)),
      m_userAgent(PanelClient::userAgent(config).toUtf8()), m_tokenDigest(sha256(config.token.toUtf8())),
      m_metricsTokenDigest(config.metricsToken.isEmpty() ? QByteArray() : sha256(config.metricsToken.toUtf8())),
      m_metrics(service->metrics())
{
    m_events = new EventStream(service->events(), this);
    m_endpoints = new BackupEndpoints(service, this);
    m_endpoints->registerRoutes(*this);
    m_downloads = new DownloadEndpoints(service, config.token, this);
    m_downloads->registerRoutes(*this);
    (new NodeEndpoints(service, this))->registerRoutes(*this);
    (new RepositoryEndpoints(service, this))->registerRoutes(*this);
    (new MetricsEndpoint(service->metrics(), this))->registerRoutes(*this);
    m_metrics->addSampler([events = m_events](Metrics& m) { m.setSseSubscribers(events->subscriberCount()); });
    addRoute("GET", QStringLiteral("/api/events"),
             [this](const ExchangePtr& ex, const Params&) { m_events->subscribe(ex); });
}

ApiServer::~ApiServer()
{
    // Streams first: their sockets belong to the backend.
    m_events->closeAll();
}

void ApiServer::addRoute(const QByteArray& method, const QString& pattern, Handler handler, Auth auth)
{
    m_routes.append(Route{method, pattern, splitPath(pattern), std::move(handler), auth});
}

bool ApiServer::listen(QString* error)
{
    if (m_config.token.isEmpty()) {
        *error = tr("The configuration has no `token`: refusing to serve an API nobody needs to log in to.");
        return false;
    }
    QHostAddress address;
    if (!parseHost(m_config.apiHost, &address)) {
        *error = tr("api.host '%1' is not an IP address.").arg(m_config.apiHost);
        return false;
    }
    QTcpServer* server = nullptr;
    if (m_config.sslEnabled) {
        QFile certFile(m_config.sslCert);
        QFile keyFile(m_config.sslKey);
        if (!certFile.open(QIODevice::ReadOnly)) {
            *error = tr("Cannot read the TLS certificate %1 (api.ssl.cert): %2")
                         .arg(m_config.sslCert, certFile.errorString());
            return false;
        }
        if (!keyFile.open(QIODevice::ReadOnly)) {
            *error = tr("Cannot read the TLS key %1 (api.ssl.key): %2").arg(m_config.sslKey, keyFile.errorString());
            return false;
        }
        const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
        const QByteArray keyData = keyFile.readAll();
        QSslKey key(keyData, QSsl::Rsa, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(keyData, QSsl::Ec, QSsl::Pem);
        if (chain.isEmpty() || key.isNull()) {
            *error = tr("%1 or %2 is not a PEM certificate and private key.").arg(m_config.sslCert, m_config.sslKey);
            return false;
        }
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificateChain(chain);
        tls.setPrivateKey(key);
        tls.setPeerVerifyMode(QSslSocket::VerifyNone); // clients authenticate with the token, not certificates
        auto* sslServer = new Guarded<QSslServer>(kMaxBodyBytes, refusal(), this);
        sslServer->setSslConfiguration(tls);
        connect(sslServer, &QSslServer::errorOccurred, this,
                [](QSslSocket*, QAbstractSocket::SocketError) { qCDebug(lcApi) << "TLS connection failed"; });
        server = sslServer;
    } else {
        server = new Guarded<QTcpServer>(kMaxBodyBytes, refusal(), this);
    }
    if (!server->listen(address, quint16(m_config.apiPort))) {
        *error =
            tr("Cannot listen on %1:%2: %3").arg(m_config.apiHost).arg(m_config.apiPort).arg(server->errorString());
        // The usual cause on a node: Pouch started from Wings' config.yml, whose api.port Wings holds itself.
        if (server->serverError() == QAbstractSocket::AddressInUseError)
            *error += QLatin1Char('\n') +
                      tr("The address is taken, perhaps by Wings (api.port of its config.yml is Wings' own port). "
                         "Give Pouch a port of its own: --listen 0.0.0.0:8095, or `listen: 0.0.0.0:8095` in %1.")
                          .arg(m_config.settingsFile.isEmpty() ? PouchSettings::defaultPath() : m_config.settingsFile);
        delete server;
        return false;
    }
    m_backend->bind(server);
    m_listeners.append(server);
    return true;
}

RequestGuard::Refusal ApiServer::refusal() const
{
    return [userAgent = m_userAgent, metrics = m_metrics](int status, const QString& message, const QByteArray& method,
                                                          const QByteArray& rawPath) {
        metrics->countHttpResponse(status);
        const QString requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QByteArray json =
            QJsonDocument(HttpExchange::errorBody(message, requestId)).toJson(QJsonDocument::Compact);
        const char* reason = status == 400   ? "Bad Request"
                             : status == 411 ? "Length Required"
                             : status == 413 ? "Content Too Large"
                                             : "Request Header Fields Too Large";
        QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
        response += "Content-Type: application/json; charset=utf-8\r\n";
        response += "Content-Length: " + QByteArray::number(json.size()) + "\r\n";
        response += "X-Request-Id: " + requestId.toLatin1() + "\r\n";
        response += "User-Agent: " + userAgent + "\r\n";
        response += "Connection: close\r\n\r\n";
        response += json;
        // The request line is the client's: no query in the log, and nothing unprintable.
        QByteArray path = rawPath.left(rawPath.indexOf('?') < 0 ? rawPath.size() : rawPath.indexOf('?'));
        QByteArray verb = method;
        for (QByteArray* field : {&path, &verb}) {
            for (char& c : *field) {
                if (c < 0x21 || c > 0x7e)
                    c = '?';
            }
        }
        qCInfo(lcApi).noquote() << HttpExchange::logText(verb, QString::fromLatin1(path), status, 0, requestId,
                                                         "refused before reading the body");
        return response;
    };
}

QString ApiServer::address() const
{
    QString host = m_config.apiHost.isEmpty() ? QStringLiteral("0.0.0.0") : m_config.apiHost;
    if (host.contains(QLatin1Char(':')) && !host.startsWith(QLatin1Char('[')))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return QStringLiteral("%1://%2:%3")
        .arg(m_config.sslEnabled ? QStringLiteral("https") : QStringLiteral("http"), host)
        .arg(port());
}

quint16 ApiServer::port() const
{
    return m_listeners.isEmpty() ? 0 : m_listeners.first()->serverPort();
}

void ApiServer::stopAccepting()
{
    for (QTcpServer* server : std::as_const(m_listeners))
        server->close();
}

ApiServer::Decision ApiServer::authorize(const HttpExchange::Request& request, bool metricsToken) const
{
    Decision d;
    QByteArray header;
    for (const auto& h : request.headers) {
        if (h.first.compare("Authorization", Qt::CaseInsensitive) == 0) {
            header = h.second; // first match, as HttpExchange::header()
            break;
        }
    }
    const qsizetype space = header.indexOf(' ');
    if (space <= 0 || header.left(space) != "Bearer" || header.size() == space + 1) {
        d.status = 401;
        d.error = tr("The required authorization heads were not present in the request.");
        d.headers = {{"WWW-Authenticate", "Bearer"}};
        return d;
    }
    // Digests have one length whatever the token's, so the comparison leaks neither content nor length.
    const QByteArray digest = sha256(header.mid(space + 1));
    if (metricsToken && !m_metricsTokenDigest.isEmpty() && constantTimeEquals(digest, m_metricsTokenDigest))
        return d;
    if (!constantTimeEquals(digest, m_tokenDigest)) {
        d.status = 403;
        d.error = tr("You are not authorized to access this endpoint.");
    }
    return d;
}

ApiServer::Decision ApiServer::decide(const HttpExchange::Request& request) const
{
    const QStringList segments = splitPath(request.path);
    const Route* matched = nullptr;
    Params params;
    QList<QByteArray> allowed;
    for (const Route& route : std::as_const(m_routes)) {
        if (route.segments.size() != segments.size())
            continue;
        Params candidate;
        bool ok = true;
        for (qsizetype i = 0; ok && i < segments.size(); ++i) {
            if (isPlaceholder(route.segments[i]) && !segments[i].isEmpty())
                candidate.insert(route.segments[i].mid(1, route.segments[i].size() - 2),
                                 QUrl::fromPercentEncoding(segments[i].toUtf8()));
            else
                ok = !isPlaceholder(route.segments[i]) && route.segments[i] == segments[i];
        }
        if (!ok)
            continue;
        if (!allowed.contains(route.method))
            allowed.append(route.method);
        if (!matched && route.method == request.method) {
            matched = &route;
            params = candidate;
        }
    }
    Decision d;
    if (allowed.isEmpty()) {
        d.status = 404;
        d.error = tr("The requested resource does not exist on this instance.");
        return d;
    }
    if (!matched) {
        d.status = 405;
        d.error = tr("This endpoint does not accept %1.").arg(QString::fromLatin1(request.method));
        d.headers = {{"Allow", allowed.join(", ")}};
        return d;
    }
    if (matched->auth != Auth::OwnToken) {
        d = authorize(request, matched->auth == Auth::Metrics);
        if (d.status)
            return d;
    }
    if (request.body.size() > kMaxBodyBytes) {
        d.status = 413;
        d.error = tr("The request body is larger than 1 MiB.");
        return d;
    }
    d.handler = &matched->handler;
    d.pattern = matched->pattern;
    d.params = params;
    return d;
}

void ApiServer::dispatch(const QHttpServerRequest& request, QTcpSocket* socket, QHttpServerResponder&& responder)
{
    // Copy what handlers need: Qt reuses the request object for the connection's next request.
    HttpExchange::Request r;
    r.method = methodName(request.method());
    r.path = request.url().path(QUrl::FullyEncoded);
    r.query = request.query();
    r.headers = request.headers();
    r.body = request.body();
    r.remoteAddress = request.remoteAddress().toString();
    auto ex = std::make_shared<HttpExchange>(std::move(responder), socket, std::move(r),
                                             QUuid::createUuid().toString(QUuid::WithoutBraces), m_userAgent);
    ex->setOnAnswered([metrics = m_metrics](int status) { metrics->countHttpResponse(status); });
    const Decision d = decide(ex->request());
    if (d.status) {
        ex->sendError(d.status, d.error, d.headers);
        return;
    }
    (*d.handler)(ex, d.params);
}
