#pragma once

#include <QList>
#include <QTimer>

#include <functional>
#include <memory>

// A refresh that many reasons ask for: a burst of later() becomes one run after a short quiet time; at most one run
// is in flight, and one asked for meanwhile runs right after it, so every caller's answer was asked after its call.
class Coalesced
{
public:
    // `run` does the work and calls its argument when done (once).
    using Run = std::function<void(std::function<void()> done)>;

    Coalesced(int debounceMs, Run run) : m_run(std::move(run))
    {
        m_timer.setSingleShot(true);
        m_timer.setInterval(debounceMs);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { now(); });
    }

    void later()
    {
        if (!m_timer.isActive())
            m_timer.start();
    }

    void now(std::function<void()> then = {})
    {
        m_timer.stop();
        if (then)
            m_waiting.append(std::move(then));
        if (m_running) {
            m_again = true;
            return;
        }
        m_running = true;
        m_again = false;
        const QList<std::function<void()>> waiters = std::exchange(m_waiting, {});
        // `alive` guards against a run that answers after this object was destroyed.
        m_run([this, waiters, alive = m_alive] {
            if (!*alive)
                return;
            m_running = false;
            for (const auto& w : waiters)
                w();
            if (m_again)
                now();
        });
    }

    ~Coalesced() { *m_alive = false; }

private:
    Run m_run;
    QTimer m_timer;
    bool m_running = false;
    bool m_again = false;
    QList<std::function<void()>> m_waiting;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};
