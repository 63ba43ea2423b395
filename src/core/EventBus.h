#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QObject>

// One event as the spec's SSE stream names it ("backup completed", ...). `data` is the exact JSON payload.
struct PouchEvent
{
    QString name;
    QString serverId;
    QJsonObject data;
};
Q_DECLARE_METATYPE(PouchEvent)

// The typed bus the API's SSE stream, the GUI and the Panel client listen to. Publish on the main thread.
class EventBus : public QObject
{
    Q_OBJECT
public:
    explicit EventBus(QObject* parent = nullptr);
    void publish(const QString& name, const QJsonObject& data);

Q_SIGNALS:
    void published(const PouchEvent& event);
};
