#pragma once

#include <QFutureWatcher>
#include <QObject>

#include <utility>

// Calls `done(result)` in `context`'s thread once `future` has its result; never once `context` is gone.
// A QFutureWatcher rather than QFuture::then(context, …): Qt 6.4's continuations with a context crashed the
// server under load (bench/run, wrk -c64 on GET status: SIGSEGV in QPromise::start, from a nested then).
template <typename T, typename F> void whenReady(const QFuture<T>& future, QObject* context, F&& done)
{
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, done = std::forward<F>(done)]() mutable {
                         watcher->deleteLater();
                         if (watcher->future().resultCount() > 0)
                             done(watcher->future().result());
                     });
    watcher->setFuture(future);
}
