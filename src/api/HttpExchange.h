#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHttpServerResponder>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QTcpSocket>
#include <QUrlQuery>

#include <functional>
#include <memory>

// One request and its answer. Handlers may answer later (after a restic query or a job), so an exchange
// is shared and outlives the QHttpServerRequest it was copied from; it notices when the client went away.
// Every answer carries X-Request-Id and the Wings User-Agent, and is logged in one line.
class HttpExchange
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    struct Request
    {
        QByteArray method;
        QString path; // percent-encoded, as sent
        QUrlQuery query;
        Headers headers;
        QByteArray body;
        QString remoteAddress;
    };

    HttpExchange(QHttpServerResponder&& responder, QTcpSocket* socket, Request request, QString requestId,
                 QByteArray userAgent);
    ~HttpExchange();
    HttpExchange(const HttpExchange&) = delete;
    HttpExchange& operator=(const HttpExchange&) = delete;

    const Request& request() const { return m_request; }
    QByteArray header(const QByteArray& name) const; // case-insensitive, first match
    const QString& requestId() const { return m_requestId; }

    bool isAnswered() const { return m_status != 0; }
    // False once the client disconnected (or the stream was dropped).
    bool isConnected() const;

    void sendJson(int status, const QJsonObject& body, const Headers& extra = {});
    void sendBody(int status, const QByteArray& contentType, const QByteArray& body, const Headers& extra = {});
    void sendEmpty(int status, const Headers& extra = {});
    // {"error": message, "request_id": id}
    void sendError(int status, const QString& message, const Headers& extra = {});

    // The error body and the log line every answer shares; also used for the requests RequestGuard refuses
    // before Qt's server sees them.
    static QJsonObject errorBody(const QString& message, const QString& requestId);
    static QString logText(const QByteArray& method, const QString& path, int status, qint64 elapsedMs,
                           const QString& requestId, const char* note = nullptr);

    // Streaming: status line and headers now, body bit by bit. SSE's body is delimited by closing the connection;
    // a download's is chunked, so that a client can tell a stream cut short (abort) from a complete one.
    enum class Framing
    {
        UntilClose,
        Chunked,
    };
    bool beginStream(const QByteArray& contentType, const Headers& extra = {}, Framing framing = Framing::UntilClose);
    bool writeStream(const QByteArray& data);
    qint64 pendingBytes() const;
    // Ends a stream (or drops a client: `abort` resets the connection, without a chunked stream's last chunk):
    // flushes what it can, closes, logs the request line.
    void endStream(bool abort = false);
    // Called once when the client's connection goes away.
    void setOnDisconnected(std::function<void()> callback);
    // Called with the status when the answer's head is written (the metrics' request counter).
    void setOnAnswered(std::function<void(int status)> callback) { m_onAnswered = std::move(callback); }
    // Called each time the socket handed bytes to the kernel: a streaming writer's cue to write more.
    void setOnBytesWritten(std::function<void()> callback);

private:
    // False when already answered or the client is gone (then logged with the status it would have had).
    bool canAnswer(int status);
    void writeHead(int status, const Headers& headers);
    void logLine(const char* note = nullptr);

    std::unique_ptr<QHttpServerResponder> m_responder;
    QPointer<QTcpSocket> m_socket;
    Request m_request;
    QString m_requestId;
    QByteArray m_userAgent;
    QElapsedTimer m_timer;
    int m_status = 0;
    bool m_streaming = false;
    bool m_chunked = false;
    bool m_logged = false;
    std::function<void(int)> m_onAnswered;
    QMetaObject::Connection m_disconnectConnection;
    QMetaObject::Connection m_bytesWrittenConnection;
};

using ExchangePtr = std::shared_ptr<HttpExchange>;
