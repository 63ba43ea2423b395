#pragma once

#include <QByteArray>
#include <QObject>
#include <QSslServer>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

// Qt 6.4's HTTP server reads a whole request body into memory before any handler sees it, with no limit:
// one unauthenticated client could send gigabytes and take the node down. The guard watches each connection
// ahead of Qt (its readyRead slot is connected first and only peeks), follows the request framing, and
// answers itself, before the body arrives, when a request cannot be taken: a body over the limit (413), a
// chunked body (411, its size is not known up front), a bad Content-Length (400) or a header block over
// 64 KiB (431). Then it reads and drops whatever else the client sends, and closes the connection once the
// announced body is through, the client has gone quiet for a second, or after 5 s at most. Closing while
// the client still sends would reset the connection and lose the answer.
class RequestGuard : public QObject
{
    Q_OBJECT
public:
    // Builds the complete raw HTTP response for a refusal (and logs it): status, message for a person,
    // and the request's method and path for the log line.
    using Refusal =
        std::function<QByteArray(int status, const QString& message, const QByteArray& method, const QByteArray& path)>;

    static constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
    static constexpr qint64 kMaxDrainBytes = 16 * 1024 * 1024; // a bigger announced body is not waited for
    static constexpr int kQuietMs = 1000;
    static constexpr int kLingerMs = 5000;

    RequestGuard(QTcpSocket* socket, qint64 maxBodyBytes, Refusal refusal);

    // Feeds bytes as they arrive; exposed for tests. Returns false once the connection was refused.
    bool consume(const QByteArray& data);
    bool isRefused() const { return m_state == State::Refused; }

private:
    enum class State
    {
        Head,
        Body,
        Refused,
    };

    void onReadyRead();
    // Checks a complete header block; on a refusal answers, drains and closes.
    bool acceptHead(const QByteArray& head);
    void refuse(int status, const QString& message, const QByteArray& head, qint64 announcedBody = 0);
    void drain();

    QTcpSocket* m_socket;
    qint64 m_maxBodyBytes;
    Refusal m_refusal;
    State m_state = State::Head;
    QByteArray m_head;
    qint64 m_bodyLeft = 0;
    qint64 m_drainLeft = 0;          // of the refused request's announced body
    class QTimer* m_quiet = nullptr; // closes once the client has stopped sending
};

// A listening socket (QTcpServer or QSslServer) that puts a RequestGuard on every connection before Qt's
// HTTP server takes it. No Q_OBJECT of its own: Qt's server still sees, and casts to, the base class.
template <class Server> class Guarded : public Server
{
public:
    Guarded(qint64 maxBodyBytes, RequestGuard::Refusal refusal, QObject* parent = nullptr)
        : Server(parent), m_maxBodyBytes(maxBodyBytes), m_refusal(std::move(refusal))
    {
    }

    QTcpSocket* nextPendingConnection() override
    {
        QTcpSocket* socket = Server::nextPendingConnection();
        if (socket)
            new RequestGuard(socket, m_maxBodyBytes, m_refusal);
        return socket;
    }

private:
    qint64 m_maxBodyBytes;
    RequestGuard::Refusal m_refusal;
};
