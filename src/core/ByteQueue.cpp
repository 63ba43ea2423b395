#include "ByteQueue.h"

#include <chrono>

ByteQueue::ByteQueue(qsizetype capacity) : m_capacity(capacity) {}

bool ByteQueue::push(const char* data, qsizetype size)
{
    return push(QByteArray(data, size));
}

bool ByteQueue::push(QByteArray chunk)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    // A chunk larger than the capacity still goes in once the queue is empty: the bound is approximate by one chunk.
    m_changed.wait(lock, [this] { return m_size < m_capacity || m_aborted || m_closed; });
    if (m_aborted || m_closed)
        return false;
    if (chunk.isEmpty())
        return true;
    const bool wasEmpty = m_chunks.empty();
    m_size += chunk.size();
    m_chunks.push_back(std::move(chunk));
    m_changed.notify_all();
    if (wasEmpty)
        notifyReadable(lock);
    return true;
}

void ByteQueue::finish()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_finished = true;
    m_changed.notify_all();
    notifyReadable(lock);
}

void ByteQueue::abort()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    if (m_aborted)
        return;
    m_aborted = true;
    m_chunks.clear();
    m_size = 0;
    m_changed.notify_all();
    notifyReadable(lock);
}

void ByteQueue::close()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_closed = true;
    m_chunks.clear();
    m_size = 0;
    m_changed.notify_all();
}

ByteQueue::Take ByteQueue::takeLocked(QByteArray* out, qsizetype max)
{
    if (m_aborted)
        return Take::Aborted;
    if (m_chunks.empty())
        return m_finished ? Take::End : Take::Empty;
    QByteArray& front = m_chunks.front();
    if (max < 0 || front.size() <= max) {
        *out = std::move(front);
        m_chunks.pop_front();
    } else {
        *out = front.left(max);
        front.remove(0, max);
    }
    m_size -= out->size();
    m_changed.notify_all();
    return Take::Data;
}

bool ByteQueue::pop(QByteArray* out, qsizetype max)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_chunks.empty() || m_finished || m_aborted; });
    return takeLocked(out, max) == Take::Data;
}

ByteQueue::Take ByteQueue::tryPop(QByteArray* out, qsizetype max)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return takeLocked(out, max);
}

ByteQueue::Take ByteQueue::popFor(QByteArray* out, qsizetype max, int timeoutMs)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                       [this] { return !m_chunks.empty() || m_finished || m_aborted; });
    return takeLocked(out, max);
}

void ByteQueue::setOnReadable(std::function<void()> callback)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_onReadable = std::move(callback);
}

void ByteQueue::notifyReadable(std::unique_lock<std::mutex>& lock)
{
    // Outside the lock: the callback may post to another thread, which may already be polling.
    std::function<void()> callback = m_onReadable;
    lock.unlock();
    if (callback)
        callback();
    lock.lock();
}

bool ByteQueue::isAborted() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_aborted;
}

bool ByteQueue::isFinished() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_finished;
}

qsizetype ByteQueue::size() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_size;
}
