#include "EventBus.h"

EventBus::EventBus(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<PouchEvent>();
}

void EventBus::publish(const QString& name, const QJsonObject& data)
{
    Q_EMIT published(PouchEvent{name, data.value(QLatin1String("server_id")).toString(), data});
}
