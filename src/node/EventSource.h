#pragma once

#include "NodeApi.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

// Server-Sent Events framing, fed as bytes arrive: `id:`, `event:`, `data:` lines (several data lines joined with
// '\n'), an empty line ends an event, comments (`: keepalive`) and other fields are skipped; "\r\n" is taken too.
class SseParser
{
public:
    struct Event
    {
        QByteArray id; // empty when the event had none
        QString name;
        QByteArray data;
    };
    QList<Event> feed(const QByteArray& bytes);
    void reset() { *this = SseParser(); }

private:
    QByteArray m_buffer;
    Event m_current;
    bool m_hasData = false;
};

// A node's event stream (GET /api/events), kept with the last event id: open() after a drop resumes with
// Last-Event-ID, so the node replays what was missed (from its buffer of the last 1,000). A stream on which
// nothing, not even a keepalive, arrives for 45 s counts as dropped.
class EventSource : public QObject
{
    Q_OBJECT
public:
    explicit EventSource(NodeApi* api, QObject* parent = nullptr);
    ~EventSource() override;

    void open();
    // Ends the stream without `dropped` (the node is being reconnected or is going).
    void close();
    // Cuts the stream as a failing network would: `dropped` follows.
    void abort();
    bool isOpen() const { return m_reply; }
    QByteArray lastEventId() const { return m_lastId; }

Q_SIGNALS:
    void opened();
    void eventReceived(const QByteArray& id, const QString& name, const QJsonObject& data);
    // The stream ended or could not start (`why`: the status or the network's error).
    void dropped(const ApiReply& why);

private:
    void onReadyRead();
    void onFinished();

    NodeApi* m_api;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    QByteArray m_lastId;
    bool m_opened = false;
    QTimer m_idle;
};
