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
// ": keepalive" comment every 15 s. Writes never block: a subscriber whose unsent backlog passes a bound is
// dropped, and a vanished one is forgotten when its socket says so.
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

private:
    struct Subscriber
    {
        ExchangePtr exchange;
        QSet<QString> servers; // empty: all
    };

    void publish(const PouchEvent& event);
    void sendKeepalive();
    // Writes, or drops the subscriber when it cannot keep up. Returns false when it was dropped.
    bool deliver(Subscriber& subscriber, const QByteArray& data);
    void remove(const QString& requestId);

    QList<Subscriber> m_subscribers;
    QTimer m_keepalive;
    qint64 m_maxPendingBytes = 1024 * 1024;
};
