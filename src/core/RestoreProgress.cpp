#include "RestoreProgress.h"

#include <QFile>

#include <algorithm>

namespace {
constexpr qint64 kEtaAfterMs = 2000; // the first second or two are index loading, not a rate to project
} // namespace

RestoreProgress::RestoreProgress()
{
    m_clock.start();
}

void RestoreProgress::setTotalBytes(qint64 totalBytes)
{
    m_totalBytes = std::max<qint64>(0, totalBytes);
}

qint64 RestoreProgress::bytesWritten(qint64 pid)
{
    QFile io(QStringLiteral("/proc/%1/io").arg(pid));
    if (pid <= 0 || !io.open(QIODevice::ReadOnly))
        return -1;
    // A handful of "key: value" lines; /proc files report no size, so read a fixed amount.
    const QList<QByteArray> lines = io.read(4096).split('\n');
    for (const QByteArray& line : lines) {
        if (line.startsWith("wchar:")) {
            bool ok = false;
            const qint64 value = line.mid(6).trimmed().toLongLong(&ok);
            return ok ? value : -1;
        }
    }
    return -1;
}

void RestoreProgress::setBaseline(qint64 bytesWritten)
{
    m_baseline = std::max<qint64>(0, bytesWritten);
}

JobProgress RestoreProgress::sample(qint64 pid) const
{
    JobProgress p;
    qint64 written = bytesWritten(pid);
    if (written < 0)
        return p; // nothing known: percent stays -1 rather than a made-up 0 %
    written = std::max<qint64>(0, written - std::max<qint64>(0, m_baseline));
    p.bytesDone = written;
    if (m_totalBytes > 0) {
        // restic's cache and its own output count too, so the figure can pass the snapshot's size.
        p.totalBytes = m_totalBytes;
        p.bytesDone = std::min(written, m_totalBytes);
        p.percentDone = std::min(0.99, double(p.bytesDone) / double(m_totalBytes));
        const qint64 elapsed = m_clock.elapsed();
        if (elapsed >= kEtaAfterMs && p.bytesDone > 0) {
            const double bytesPerMs = double(p.bytesDone) / double(elapsed);
            p.secondsRemaining = int(double(m_totalBytes - p.bytesDone) / bytesPerMs / 1000.0);
        }
    }
    return p;
}
