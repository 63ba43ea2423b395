#include "HttpExchange.h"
#include "ApiLogging.h"

#include <QJsonDocument>

namespace {
QHttpServerResponder::StatusCode code(int status)
{
    return static_cast<QHttpServerResponder::StatusCode>(status);
}
} // namespace

HttpExchange::HttpExchange(QHttpServerResponder&& responder, QTcpSocket* socket, Request request, QString requestId,
                           QByteArray userAgent)
    : m_responder(std::make_unique<QHttpServerResponder>(std::move(responder))), m_socket(socket),
      m_request(std::move(request)), m_requestId(std::move(requestId)), m_userAgent(std::move(userAgent))
{
    m_timer.start();
}

HttpExchange::~HttpExchange()
{
    QObject::disconnect(m_disconnectConnection);
    QObject::disconnect(m_bytesWrittenConnection);
    if (m_streaming)
        endStream();
    else if (!m_status)
        logLine("no answer"); // a handler forgot to answer: at least say so
}

QByteArray HttpExchange::header(const QByteArray& name) const
{
    for (const auto& h : m_request.headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

bool HttpExchange::isConnected() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void HttpExchange::writeHead(int status, const Headers& headers)
{
    m_status = status;
    if (m_onAnswered)
        m_onAnswered(status);
    m_responder->writeStatusLine(code(status));
    m_responder->writeHeader("X-Request-Id", m_requestId.toLatin1());
    m_responder->writeHeader("User-Agent", m_userAgent);
    for (const auto& h : headers)
        m_responder->writeHeader(h.first, h.second);
}

bool HttpExchange::canAnswer(int status)
{
    if (m_status)
        return false; // answered once already
    if (!isConnected()) {
        m_status = status;
        logLine("client gone");
        return false;
    }
    return true;
}

void HttpExchange::sendJson(int status, const QJsonObject& body, const Headers& extra)
{
    sendBody(status, "application/json; charset=utf-8", QJsonDocument(body).toJson(QJsonDocument::Compact), extra);
}

void HttpExchange::sendBody(int status, const QByteArray& contentType, const QByteArray& body, const Headers& extra)
{
    if (!canAnswer(status))
        return;
    Headers headers{{"Content-Type", contentType}, {"Content-Length", QByteArray::number(body.size())}};
    headers += extra;
    writeHead(status, headers);
    m_responder->writeBody(body);
    logLine();
}

void HttpExchange::sendEmpty(int status, const Headers& extra)
{
    if (!canAnswer(status))
        return;
    Headers headers = extra;
    // 204 and 304 must not carry a length (RFC 9110).
    if (status != 204 && status != 304)
        headers.append(qMakePair(QByteArray("Content-Length"), QByteArray("0")));
    writeHead(status, headers);
    m_responder->writeBody(QByteArray());
    logLine();
}

void HttpExchange::sendError(int status, const QString& message, const Headers& extra)
{
    sendJson(status, errorBody(message, m_requestId), extra);
}

QJsonObject HttpExchange::errorBody(const QString& message, const QString& requestId)
{
    return {{QStringLiteral("error"), message}, {QStringLiteral("request_id"), requestId}};
}

QString HttpExchange::logText(const QByteArray& method, const QString& path, int status, qint64 elapsedMs,
                              const QString& requestId, const char* note)
{
    // Never the Authorization header, never the query (it is harmless today, but stays out on principle).
    QString line = QStringLiteral("%1 %2 %3 %4ms request_id=%5")
                       .arg(QString::fromLatin1(method), path, QString::number(status), QString::number(elapsedMs),
                            requestId); // one pass: the path may hold "%3"
    if (note)
        line += QStringLiteral(" (%1)").arg(QLatin1String(note));
    return line;
}

bool HttpExchange::beginStream(const QByteArray& contentType, const Headers& extra, Framing framing)
{
    if (m_status || !isConnected())
        return false;
    // SSE: no length and no chunking, the body ends when the connection does, which every SSE client accepts.
    Headers headers{{"Content-Type", contentType},
                    {"Cache-Control", "no-cache"},
                    {"Connection", "close"},
                    {"X-Accel-Buffering", "no"}};
    if (framing == Framing::Chunked)
        headers.append(qMakePair(QByteArray("Transfer-Encoding"), QByteArray("chunked")));
    writeHead(200, headers + extra);
    m_responder->writeBody(QByteArray());
    m_streaming = true;
    m_chunked = framing == Framing::Chunked;
    return true;
}

bool HttpExchange::writeStream(const QByteArray& data)
{
    if (!m_streaming || !isConnected())
        return false;
    if (!m_chunked)
        return m_socket->write(data) == data.size();
    if (data.isEmpty())
        return true; // an empty chunk would end the body
    const QByteArray head = QByteArray::number(data.size(), 16) + "\r\n";
    return m_socket->write(head) == head.size() && m_socket->write(data) == data.size() &&
           m_socket->write("\r\n", 2) == 2;
}

qint64 HttpExchange::pendingBytes() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void HttpExchange::endStream(bool abort)
{
    if (!m_streaming)
        return;
    m_streaming = false;
    QObject::disconnect(m_bytesWrittenConnection);
    if (m_socket) {
        if (m_chunked && !abort && isConnected())
            m_socket->write("0\r\n\r\n"); // the last chunk: the body is complete
        if (abort)
            m_socket->abort();
        else
            m_socket->disconnectFromHost(); // sends what is buffered first
    }
    logLine(abort ? "dropped" : nullptr);
}

void HttpExchange::setOnDisconnected(std::function<void()> callback)
{
    QObject::disconnect(m_disconnectConnection);
    if (!m_socket)
        return;
    m_disconnectConnection = QObject::connect(m_socket.data(), &QAbstractSocket::disconnected, m_socket.data(),
                                              [callback = std::move(callback)] { callback(); });
}

void HttpExchange::setOnBytesWritten(std::function<void()> callback)
{
    QObject::disconnect(m_bytesWrittenConnection);
    if (!m_socket)
        return;
    m_bytesWrittenConnection = QObject::connect(m_socket.data(), &QIODevice::bytesWritten, m_socket.data(),
                                                [callback = std::move(callback)](qint64) { callback(); });
}

void HttpExchange::logLine(const char* note)
{
    if (m_logged)
        return;
    m_logged = true;
    qCInfo(lcApi).noquote() << logText(m_request.method, m_request.path, m_status, m_timer.elapsed(), m_requestId,
                                       note);
}
