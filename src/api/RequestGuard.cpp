#include "RequestGuard.h"
#include "ApiLogging.h"

#include <QTcpSocket>
#include <QTimer>

namespace {
// The value of a header in a raw header block (case-insensitive name); `count` says how often it appeared.
QByteArray headerValue(const QByteArray& head, const QByteArray& name, int* count)
{
    QByteArray value;
    *count = 0;
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) { // line 0 is the request line
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) != 0)
            continue;
        ++*count;
        value = line.mid(colon + 1).trimmed();
    }
    return value;
}
} // namespace

RequestGuard::RequestGuard(QTcpSocket* socket, qint64 maxBodyBytes, Refusal refusal)
    : QObject(socket), m_socket(socket), m_maxBodyBytes(maxBodyBytes), m_refusal(std::move(refusal))
{
    if (m_socket) {
        connect(m_socket, &QIODevice::readyRead, this, &RequestGuard::onReadyRead);
        if (m_socket->bytesAvailable() > 0) // decrypted before Qt's server took the socket
            onReadyRead();
    }
}

void RequestGuard::onReadyRead()
{
    if (m_state == State::Refused) {
        drain();
        return;
    }
    // Only bytes Qt has not read yet are in the buffer: each readyRead brings new ones.
    const qint64 available = m_socket->bytesAvailable();
    if (m_state == State::Body && available <= m_bodyLeft) { // body bytes only: count them, copy nothing
        m_bodyLeft -= available;
        if (m_bodyLeft == 0)
            m_state = State::Head;
        return;
    }
    consume(m_socket->peek(available));
}

bool RequestGuard::consume(const QByteArray& data)
{
    qsizetype pos = 0;
    while (pos < data.size() && m_state != State::Refused) {
        if (m_state == State::Body) {
            const qint64 take = std::min<qint64>(m_bodyLeft, data.size() - pos);
            m_bodyLeft -= take;
            pos += take;
            if (m_bodyLeft == 0)
                m_state = State::Head;
            continue;
        }
        // Head: look for the blank line, also across the boundary of two reads.
        const qsizetype before = m_head.size();
        const qsizetype from = std::max<qsizetype>(0, before - 3);
        m_head += data.mid(pos, kMaxHeaderBytes + 4 - before);
        const qsizetype end = m_head.indexOf("\r\n\r\n", from);
        if (end < 0) {
            if (m_head.size() > kMaxHeaderBytes) {
                refuse(431, tr("The request headers are larger than 64 KiB."), m_head);
                break;
            }
            pos = data.size();
            continue;
        }
        const QByteArray head = m_head.left(end + 4);
        pos += head.size() - before;
        m_head.clear();
        // Leading blank lines between pipelined requests are allowed (RFC 9112 2.2): skip them.
        if (head.trimmed().isEmpty())
            continue;
        if (!acceptHead(head))
            break;
    }
    return m_state != State::Refused;
}

bool RequestGuard::acceptHead(const QByteArray& head)
{
    int count = 0;
    headerValue(head, "Transfer-Encoding", &count);
    if (count > 0) {
        refuse(411, tr("Send the request body with a Content-Length header; chunked bodies are not accepted."), head);
        return false;
    }
    const QByteArray length = headerValue(head, "Content-Length", &count);
    if (count == 0) {
        m_state = State::Head;
        return true;
    }
    bool ok = false;
    const qint64 bytes = length.toLongLong(&ok);
    if (count > 1 || !ok || bytes < 0 || length.startsWith('+')) {
        refuse(400, tr("The Content-Length header is not a single valid number."), head);
        return false;
    }
    if (bytes > m_maxBodyBytes) {
        refuse(413, tr("The request body is larger than 1 MiB."), head, bytes);
        return false;
    }
    m_bodyLeft = bytes;
    m_state = bytes > 0 ? State::Body : State::Head;
    return true;
}

void RequestGuard::refuse(int status, const QString& message, const QByteArray& head, qint64 announcedBody)
{
    m_state = State::Refused;
    const QList<QByteArray> requestLine = head.left(head.indexOf('\r')).split(' ');
    const QByteArray method = requestLine.value(0).left(16);
    const QByteArray path = requestLine.value(1).left(2048);
    if (!m_socket)
        return;
    m_socket->write(m_refusal(status, message, method, path));
    m_socket->setReadBufferSize(64 * 1024); // what still comes is dropped: no need to buffer megabytes of it
    m_drainLeft = announcedBody <= kMaxDrainBytes ? announcedBody : 0;
    m_quiet = new QTimer(this);
    m_quiet->setSingleShot(true);
    connect(m_quiet, &QTimer::timeout, m_socket, [socket = m_socket] { socket->disconnectFromHost(); });
    QTimer::singleShot(kLingerMs, m_socket, [socket = m_socket] { socket->abort(); });
    drain(); // Qt's server must not parse this request: it is answered here
}

void RequestGuard::drain()
{
    const qint64 dropped = m_socket->skip(m_socket->bytesAvailable());
    if (m_drainLeft > 0) {
        m_drainLeft -= dropped;
        if (m_drainLeft <= 0) {
            m_socket->disconnectFromHost(); // the whole announced body is through: a clean close
            return;
        }
    }
    m_quiet->start(kQuietMs);
}
