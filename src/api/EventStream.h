#pragma once

#include "EventBus.h"
#include "HttpExchange.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

// GET /api/events: Server-Sent Events from the EventBus. Each event goes out as
//   event: <name>\ndata: <one-line JSON>\n\n
// to the subscribers whose ?servers= list holds its server (all events when they gave none), with a
// ": keepalive" comment every 15 s. Each event has an `id:` line, increasing; the last kHistory events are kept,
// so that a client reconnecting with `Last-Event-ID: N` first gets those after N that its filter lets through. Writes
// never block: a subscriber whose unsent backlog passes a bound is dropped, and a vanished one is forgotten when its
// socket says so.
class EventStream : public QObject
{
    Q_OBJECT
public:
    explicit EventStream(EventBus* bus, QObject* parent = nullptr);
    ~EventStream() override;

    // Starts the stream on `exchange` (already authorised); the filter comes from its ?servers= parameter.
    void subscribe(const ExchangePtr& exchange);
    // Ends every stream, sending what is buffered (for shutdown).
    void closeAll();

    int subscriberCount() const { return int(m_subscribers.size()); }
    void setKeepaliveInterval(int msecs) { m_keepalive.setInterval(msecs); }
    void setMaxPendingBytes(qint64 bytes) { m_maxPendingBytes = bytes; }

    static QByteArray frame(const PouchEvent& event);
    static constexpr int kHistory = 1000;

private:
    struct Subscriber
    {
        ExchangePtr exchange;
        QSet<QString> servers; // empty: all
    };

    struct Sent
    {
        quint64 id;
        QString serverId;
        QByteArray data; // the whole frame, id line included
    };

    void publish(const PouchEvent& event);
    static bool wants(const Subscriber& subscriber, const QString& serverId);
    void sendKeepalive();
    // Writes, or drops the subscriber when it cannot keep up. Returns false when it was dropped.
    bool deliver(Subscriber& subscriber, const QByteArray& data);
    void remove(const QString& requestId);

    QList<Subscriber> m_subscribers;
    QTimer m_keepalive;
    qint64 m_maxPendingBytes = 1024 * 1024;
    QList<Sent> m_history; // oldest first, at most kHistory
    quint64 m_nextId;
};
