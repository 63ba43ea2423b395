#pragma once

#include <QByteArray>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

// A bounded FIFO of bytes between two threads: a producer that blocks while it is full and a consumer that blocks
// (pop) or polls (tryPop) while it is empty. It carries restic's stdout into libarchive (TarExtractor,
// SnapshotArchive) and an archive out to its reader: each bound is what keeps a fast producer from filling memory
// while the other side is slow, all the way back to restic on its pipe.
class ByteQueue
{
public:
    explicit ByteQueue(qsizetype capacity);

    // Blocks while full. False once the queue was aborted or the consumer closed it: stop producing.
    bool push(const char* data, qsizetype size);
    bool push(QByteArray chunk);
    // The producer is done: the consumer gets what is left, then the end.
    void finish();
    // Either side: wakes everyone, drops what is queued; push and pop fail from now on.
    void abort();
    // The consumer wants no more (it reached the end of what it reads): pushes return false and are dropped.
    void close();

    // Blocks until there are bytes (true, at most `max`, whole chunks when max < 0) or the end or an abort (false).
    bool pop(QByteArray* out, qsizetype max = -1);
    enum class Take
    {
        Data,
        Empty, // nothing now: wait for the readable callback
        End,
        Aborted,
    };
    Take tryPop(QByteArray* out, qsizetype max);
    // As pop, waiting at most `timeoutMs` (Empty after it): a blocking consumer that also polls a cancel flag.
    Take popFor(QByteArray* out, qsizetype max, int timeoutMs);

    // Called from the producer's thread when the queue becomes non-empty, finishes or aborts, so that an
    // event-loop consumer can schedule a tryPop. It must not call back into the queue.
    void setOnReadable(std::function<void()> callback);

    bool isAborted() const;
    bool isFinished() const; // the producer is done (the consumer may not have read everything yet)
    qsizetype size() const;

private:
    Take takeLocked(QByteArray* out, qsizetype max);
    void notifyReadable(std::unique_lock<std::mutex>& lock);

    const qsizetype m_capacity;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<QByteArray> m_chunks;
    qsizetype m_size = 0;
    bool m_finished = false;
    bool m_aborted = false;
    bool m_closed = false;
    std::function<void()> m_onReadable;
};
