#include "CatalogueSync.h"
#include "Catalogue.h"
#include "Logging.h"
#include "Restic.h"
#include "restic/ResticCommands.h"

#include <QtConcurrent>

namespace {
constexpr qint64 kJoinInFlightMs = 300;

// How long one wait may last: `wanted`, but never past the deadline, and at least a millisecond.
qint64 waitSlice(qint64 wanted, const QDeadlineTimer& deadline)
{
    return std::max<qint64>(1, std::min<qint64>(wanted, deadline.remainingTime()));
}
} // namespace

CatalogueSync::CatalogueSync(const Restic& restic, Catalogue& catalogue, QObject* parent)
    : QObject(parent), m_restic(restic), m_catalogue(catalogue), m_cancel(std::make_shared<std::atomic_bool>(false))
{
    m_timer.setInterval(60000);
    connect(&m_timer, &QTimer::timeout, this, &CatalogueSync::backgroundResync);
}

CatalogueSync::~CatalogueSync()
{
    stop();
}

void CatalogueSync::setIntervalSec(int seconds)
{
    m_timer.setInterval(qMax(1, seconds) * 1000);
}

void CatalogueSync::start()
{
    m_timer.start();
    backgroundResync();
}

void CatalogueSync::stop()
{
    m_timer.stop();
    std::unique_lock<std::mutex> lock(m_mutex);
    m_stopped = true;
    m_cancel->store(true);
    m_changed.notify_all();
    lock.unlock();
    // A resync in flight uses the catalogue: wait for it to end (its restic has just been told to stop).
    m_pool.waitForDone();
}

void CatalogueSync::backgroundResync()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_running || m_stopped)
            return; // one in flight already: it is as new as this one would be
    }
    (void)QtConcurrent::run(&m_pool, [this] { resyncAfterNow(QDeadlineTimer(Restic::kQueryTimeoutSec * 1000)); });
}

quint64 CatalogueSync::generation() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    // A resync that began a moment ago serves a question asked now: restic reads the snapshot list only after
    // opening the repository (key derivation, index), well after this. So a burst of misses arriving while
    // the first of them has just started a resync shares it instead of queueing a second one.
    if (m_running && m_sinceStart.elapsed() < kJoinInFlightMs)
        return m_started - 1;
    return m_started;
}

bool CatalogueSync::resyncAfter(quint64 asked, QDeadlineTimer deadline)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    const quint64 wanted = asked + 1; // a resync that started after the question
    while (m_finished < wanted) {
        if (m_stopped)
            return false;
        const qint64 sinceLast = m_sinceStart.isValid() ? m_sinceStart.elapsed() : m_minMissIntervalMs;
        if (!m_running && sinceLast >= m_minMissIntervalMs) {
            m_running = true;
            const quint64 mine = ++m_started;
            qCDebug(lcCatalogue) << "resync" << mine << "for a question asked at" << asked;
            m_sinceStart.start();
            lock.unlock();
            const bool ok = runResync();
            lock.lock();
            m_running = false;
            m_finished = mine;
            m_lastOk = ok;
            m_changed.notify_all();
            continue;
        }
        const qint64 waitMs = m_running ? 100 : m_minMissIntervalMs - sinceLast;
        if (deadline.hasExpired())
            return false;
        m_changed.wait_for(lock, std::chrono::milliseconds(waitSlice(waitMs, deadline)));
    }
    return m_lastOk;
}

bool CatalogueSync::fill(QDeadlineTimer deadline)
{
    quint64 asked = 0;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        asked = m_running ? m_started - 1 : m_started;
    }
    return resyncAfter(asked, deadline);
}

bool CatalogueSync::runResync()
{
    const quint64 since = m_catalogue.sequence();
    Restic::RunOptions options = Restic::readOnly();
    options.cancel = m_cancel;
    const ResticResult r = m_restic.run(ResticCommand::snapshots(), options);
    QString error;
    QList<Snapshot> all;
    if (r.failure == ResticResult::Failure::NoRepository) {
        // Not initialised yet: nothing backed up, which is a true state.
    } else if (!r.ok()) {
        error = r.message;
    } else {
        all = Snapshot::listFromResticJson(r.standardOutput, &error);
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        ++m_count;
        m_lastError = error;
    }
    if (!error.isEmpty()) {
        qCWarning(lcCatalogue).noquote() << "resync failed; keeping the last good catalogue:" << error;
        QMetaObject::invokeMethod(
            this, [this, error] { Q_EMIT resynced(false, error); }, Qt::QueuedConnection);
        return false;
    }
    if (m_hide)
        all.erase(std::remove_if(all.begin(), all.end(), [this](const Snapshot& s) { return m_hide(s.id); }),
                  all.end());
    m_catalogue.replaceAll(all, since);
    QMetaObject::invokeMethod(
        this, [this] { Q_EMIT resynced(true, QString()); }, Qt::QueuedConnection);
    return true;
}

int CatalogueSync::resyncCount() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_count;
}

QString CatalogueSync::lastError() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_lastError;
}
