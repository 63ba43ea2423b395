#include "RestoreProgress.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

// The measured restore progress of a restic that reports none: bytes from the process's own write count,
// against the snapshot's size, never 100 % before restic exits.
class TestRestoreProgress : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bytesWrittenFollowsRealWrites();
    void unknownProcessHasNoCount();
    void percentFromTotalsAndCapped();
    void withoutTotalsPercentIsUnknown();

private:
    static bool writeBytes(const QString& path, qint64 bytes)
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return false;
        const QByteArray chunk(64 * 1024, 'x');
        for (qint64 done = 0; done < bytes; done += chunk.size())
            f.write(chunk);
        return f.flush();
    }
};

void TestRestoreProgress::bytesWrittenFollowsRealWrites()
{
    QTemporaryDir dir;
    const qint64 self = QCoreApplication::applicationPid();
    const qint64 before = RestoreProgress::bytesWritten(self);
    QVERIFY2(before >= 0, "/proc/self/io is unreadable");
    QVERIFY(writeBytes(dir.filePath(QStringLiteral("a.bin")), 3 << 20));
    const qint64 after = RestoreProgress::bytesWritten(self);
    QVERIFY2(after - before >= (3 << 20), qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
}

void TestRestoreProgress::unknownProcessHasNoCount()
{
    QCOMPARE(RestoreProgress::bytesWritten(0), qint64(-1));
    QCOMPARE(RestoreProgress::bytesWritten(-5), qint64(-1));
    // pid_max is at most 2^22 on Linux: this one cannot exist.
    QCOMPARE(RestoreProgress::bytesWritten(qint64(1) << 23), qint64(-1));
}

void TestRestoreProgress::percentFromTotalsAndCapped()
{
    const qint64 self = QCoreApplication::applicationPid();
    RestoreProgress progress;
    const qint64 written = RestoreProgress::bytesWritten(self);
    // A total far above what this process wrote: a fraction, bytes as counted, no files (not measurable).
    progress.setTotalBytes(written * 4);
    QVERIFY(progress.hasTotal());
    JobProgress p = progress.sample(self);
    QVERIFY(p.bytesDone >= written && p.bytesDone < written * 4);
    QCOMPARE(p.totalBytes, written * 4);
    QVERIFY2(p.percentDone > 0.2 && p.percentDone < 0.5, qPrintable(QString::number(p.percentDone)));
    QCOMPARE(p.filesDone, qint64(0));
    QCOMPARE(p.totalFiles, qint64(0));
    QCOMPARE(p.secondsRemaining, -1); // no rate before two seconds

    // More written than the total (restic's cache and output count too): capped, never 100 %.
    progress.setTotalBytes(1024);
    p = progress.sample(self);
    QCOMPARE(p.bytesDone, qint64(1024));
    QCOMPARE(p.percentDone, 0.99);
}

void TestRestoreProgress::withoutTotalsPercentIsUnknown()
{
    RestoreProgress progress;
    QVERIFY(!progress.hasTotal());
    const JobProgress p = progress.sample(QCoreApplication::applicationPid());
    QCOMPARE(p.percentDone, -1.0);
    QVERIFY(p.bytesDone > 0);
    QCOMPARE(p.totalBytes, qint64(0));
    // A process /proc does not know: nothing at all, rather than a made-up 0 %.
    progress.setTotalBytes(1000);
    const JobProgress unknown = progress.sample(qint64(1) << 23);
    QCOMPARE(unknown.percentDone, -1.0);
    QCOMPARE(unknown.bytesDone, qint64(0));
}

QTEST_GUILESS_MAIN(TestRestoreProgress)
#include "tst_restoreprogress.moc"
