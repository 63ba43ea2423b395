#include "EventStream.h"
#include "ApiLogging.h"
#include "ServerPaths.h"
#include "WireFormat.h"

#include <QDateTime>
#include <QJsonDocument>

namespace {
constexpr int kDefaultKeepaliveMs = 15000;
}

EventStream::EventStream(EventBus* bus, QObject* parent)
    : QObject(parent),
      // Ids start at the start time (ms) × 1000, so a restarted Pouch's ids are above those of the run before: a
      // client resuming with an old id gets this run's kept events rather than nothing.
      m_nextId(quint64(QDateTime::currentMSecsSinceEpoch()) * 1000)
{
    connect(bus, &EventBus::published, this, &EventStream::publish);
    // The interval can be shortened for tests; nothing else should need to.
    const int interval = qEnvironmentVariableIntValue("POUCH_SSE_KEEPALIVE_MS");
    m_keepalive.setInterval(interval > 0 ? interval : kDefaultKeepaliveMs);
    connect(&m_keepalive, &QTimer::timeout, this, &EventStream::sendKeepalive);
}

EventStream::~EventStream()
{
    closeAll();
}

QByteArray EventStream::frame(const PouchEvent& event)
{
    // Compact JSON never contains a raw newline (strings escape it), so one data line is always enough.
    return "event: " + WireFormat::eventName(event.kind).toUtf8() +
           "\ndata: " + QJsonDocument(WireFormat::eventData(event)).toJson(QJsonDocument::Compact) + "\n\n";
}

void EventStream::subscribe(const ExchangePtr& exchange)
{
    Subscriber s;
    s.exchange = exchange;
    const QString servers = exchange->request().query.queryItemValue(QStringLiteral("servers"), QUrl::FullyDecoded);
    for (const QString& raw : servers.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        // A filter that names no real server would silently watch nothing: refuse it.
        const QString id = raw.trimmed();
        if (!ServerPaths::isCanonicalUuid(id))
            return exchange->sendError(400, tr("`servers` must be a comma-separated list of lowercase server "
                                               "UUIDs; \"%1\" is not one.")
                                                .arg(id.left(80)));
        s.servers.insert(id);
    }
    if (!exchange->beginStream("text/event-stream"))
        return;
    // A first comment gets the headers through buffering proxies and tells the client it is subscribed.
    exchange->writeStream(": subscribed\n\n");
    const QString key = exchange->requestId(); // unique, unlike an address that may be reused
    exchange->setOnDisconnected([this, key] {
        // Queued: the socket is still emitting its signal.
        QMetaObject::invokeMethod(
            this, [this, key] { remove(key); }, Qt::QueuedConnection);
    });
    // A reconnect: what it missed first, from the history, in order; live events follow on the same socket.
    bool resumeOk = false;
    const quint64 lastSeen = exchange->header("Last-Event-ID").trimmed().toULongLong(&resumeOk);
    if (resumeOk) {
        for (const Sent& sent : std::as_const(m_history)) {
            if (sent.id > lastSeen && wants(s, sent.serverId) && !deliver(s, sent.data))
                return;
        }
    }
    m_subscribers.append(s);
    if (!m_keepalive.isActive())
        m_keepalive.start();
    qCDebug(lcSse).noquote() << "subscriber" << exchange->requestId() << "servers"
                             << (s.servers.isEmpty() ? QStringLiteral("all")
                                                     : QStringList(s.servers.values()).join(QLatin1Char(',')));
}

bool EventStream::wants(const Subscriber& subscriber, const QString& serverId)
{
    // The repository's events (no server) concern every server.
    return subscriber.servers.isEmpty() || serverId.isEmpty() || subscriber.servers.contains(serverId);
}

void EventStream::publish(const PouchEvent& event)
{
    const quint64 id = m_nextId++;
    const QByteArray data = "id: " + QByteArray::number(id) + '\n' + frame(event);
    m_history.append(Sent{id, event.serverId, data});
    if (m_history.size() > kHistory)
        m_history.removeFirst();
    // Iterate over a copy: dropping a subscriber edits the list.
    const QList<Subscriber> subscribers = m_subscribers;
    for (Subscriber s : subscribers) {
        if (wants(s, event.serverId))
            deliver(s, data);
    }
}

void EventStream::sendKeepalive()
{
    const QList<Subscriber> subscribers = m_subscribers;
    for (Subscriber s : subscribers)
        deliver(s, QByteArrayLiteral(": keepalive\n\n"));
    if (m_subscribers.isEmpty())
        m_keepalive.stop();
}

bool EventStream::deliver(Subscriber& s, const QByteArray& data)
{
    if (!s.exchange->isConnected()) {
        remove(s.exchange->requestId());
        return false;
    }
    // The kernel's buffer is full and ours keeps growing: this client is not reading. Drop it rather than
    // hold memory for it (the others never wait for it either way).
    if (s.exchange->pendingBytes() + data.size() > m_maxPendingBytes) {
        qCWarning(lcSse).noquote() << "dropping slow event subscriber" << s.exchange->requestId() << "with"
                                   << s.exchange->pendingBytes() << "bytes unsent";
        s.exchange->endStream(true);
        remove(s.exchange->requestId());
        return false;
    }
    s.exchange->writeStream(data);
    return true;
}

void EventStream::remove(const QString& requestId)
{
    for (qsizetype i = 0; i < m_subscribers.size(); ++i) {
        if (m_subscribers[i].exchange->requestId() == requestId) {
            const ExchangePtr keep = m_subscribers[i].exchange;
            m_subscribers.removeAt(i);
            keep->endStream(); // logs the request line with the stream's lifetime
            return;
        }
    }
}

void EventStream::closeAll()
{
    const QList<Subscriber> subscribers = m_subscribers;
    m_subscribers.clear();
    for (const Subscriber& s : subscribers) {
        if (s.exchange->isConnected())
            s.exchange->writeStream(QByteArray()); // nothing to add; what is buffered goes out on close
        s.exchange->endStream();
    }
    m_keepalive.stop();
}
