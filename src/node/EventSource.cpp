#include "EventSource.h"
#include "NodeLogging.h"

#include <QJsonDocument>

namespace {
constexpr int kIdleMs = 45000; // three of the node's 15 s keepalives
}

QList<SseParser::Event> SseParser::feed(const QByteArray& bytes)
{
    QList<Event> out;
    m_buffer += bytes;
    qsizetype start = 0;
    for (qsizetype end = m_buffer.indexOf('\n'); end >= 0; end = m_buffer.indexOf('\n', start)) {
        QByteArray line = m_buffer.mid(start, end - start);
        start = end + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) {
            if (m_hasData || !m_current.name.isEmpty())
                out.append(m_current);
            m_current = Event();
            m_hasData = false;
            continue;
        }
        if (line.startsWith(':'))
            continue; // a comment: `: subscribed`, `: keepalive`
        const qsizetype colon = line.indexOf(':');
        const QByteArray field = colon < 0 ? line : line.left(colon);
        QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
        if (value.startsWith(' '))
            value.remove(0, 1);
        if (field == "id") {
            m_current.id = value;
        } else if (field == "event") {
            m_current.name = QString::fromUtf8(value);
        } else if (field == "data") {
            if (m_hasData)
                m_current.data += '\n';
            m_current.data += value;
            m_hasData = true;
        }
    }
    m_buffer.remove(0, start);
    return out;
}

EventSource::EventSource(NodeApi* api, QObject* parent) : QObject(parent), m_api(api)
{
    m_idle.setSingleShot(true);
    m_idle.setInterval(kIdleMs);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        qCWarning(lcNode) << "event stream silent for" << kIdleMs / 1000 << "s: reconnecting";
        abort();
    });
}

EventSource::~EventSource()
{
    close();
}

void EventSource::open()
{
    close();
    m_parser.reset();
    m_opened = false;
    QList<QPair<QByteArray, QByteArray>> headers{{"Accept", "text/event-stream"}, {"Cache-Control", "no-cache"}};
    if (!m_lastId.isEmpty())
        headers.append({"Last-Event-ID", m_lastId});
    m_reply = m_api->openStream(m_api->url(QStringLiteral("/api/events")), headers);
    connect(m_reply, &QNetworkReply::readyRead, this, &EventSource::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &EventSource::onFinished);
    m_idle.start();
}

void EventSource::close()
{
    m_idle.stop();
    if (QNetworkReply* reply = m_reply) {
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void EventSource::abort()
{
    if (m_reply)
        m_reply->abort(); // finished follows, and with it `dropped`
}

void EventSource::onReadyRead()
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // an error body: onFinished reports it
    m_idle.start();
    if (!m_opened) {
        m_opened = true;
        Q_EMIT opened();
    }
    for (const SseParser::Event& e : m_parser.feed(m_reply->readAll())) {
        if (!e.id.isEmpty())
            m_lastId = e.id;
        if (e.name.isEmpty())
            continue;
        Q_EMIT eventReceived(e.id, e.name, QJsonDocument::fromJson(e.data).object());
        if (!m_reply)
            return; // a receiver closed the stream
    }
}

void EventSource::onFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply)
        return;
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200 && reply->bytesAvailable())
        onReadyRead();
    if (!m_reply)
        return; // closed by a receiver of the last events
    ApiReply why = m_api->describe(reply);
    if (why.status != 200)
        why.body = reply->readAll();
    m_reply = nullptr;
    m_idle.stop();
    reply->deleteLater();
    qCInfo(lcNode).noquote() << "event stream ended:"
                             << (why.status ? QString::number(why.status) : why.networkErrorText);
    Q_EMIT dropped(why);
}
