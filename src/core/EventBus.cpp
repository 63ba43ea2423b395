#include "EventBus.h"

EventBus::EventBus(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<PouchEvent>();
}

void EventBus::publish(const PouchEvent& event)
{
    Q_EMIT published(event);
}
