#include "RestoreProgress.h"

#include <QDirIterator>
#include <QFile>

#include <algorithm>

namespace {
constexpr qint64 kSlowWalkMs = 150;
constexpr qint64 kEtaAfterMs = 2000; // the first second or two are index loading, not a rate to project
} // namespace

RestoreProgress::RestoreProgress(QString treeRoot) : m_treeRoot(std::move(treeRoot))
{
    m_clock.start();
}

void RestoreProgress::setTotals(qint64 totalBytes, qint64 totalFiles)
{
    m_totalBytes = std::max<qint64>(0, totalBytes);
    m_totalFiles = std::max<qint64>(0, totalFiles);
}

qint64 RestoreProgress::bytesWritten(qint64 pid)
{
    QFile io(QStringLiteral("/proc/%1/io").arg(pid));
    if (pid <= 0 || !io.open(QIODevice::ReadOnly))
        return -1;
    // A handful of "key: value" lines; read() is enough, /proc files report no size.
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

qint64 RestoreProgress::countEntries()
{
    if (!m_countFiles)
        return m_files;
    QElapsedTimer walk;
    walk.start();
    qint64 count = 0;
    QDirIterator it(m_treeRoot, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++count;
    }
    m_countFiles = walk.elapsed() < kSlowWalkMs;
    return count;
}

JobProgress RestoreProgress::sample(qint64 pid)
{
    JobProgress p;
    const qint64 written = bytesWritten(pid);
    p.bytesDone = std::max<qint64>(0, written);
    m_files = std::max(m_files, countEntries());
    p.filesDone = m_files;
    if (m_totalBytes > 0 && written >= 0) {
        p.totalBytes = m_totalBytes;
        p.bytesDone = std::min(p.bytesDone, m_totalBytes);
        p.percentDone = std::min(0.99, double(p.bytesDone) / double(m_totalBytes));
        const qint64 elapsed = m_clock.elapsed();
        if (elapsed >= kEtaAfterMs && p.bytesDone > 0)
            p.secondsRemaining =
                int(double(m_totalBytes - p.bytesDone) / (double(p.bytesDone) / double(elapsed)) / 1000.0);
    }
    if (m_totalFiles > 0) {
        p.totalFiles = m_totalFiles;
        p.filesDone = std::min(p.filesDone, m_totalFiles);
    }
    return p;
}
