#include "Format.h"
#include "Job.h"

#include <QCoreApplication>
#include <QLocale>

namespace Format {

QString size(qint64 bytes)
{
    if (bytes < 0)
        return pending();
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString fileType(FileEntry::Type type)
{
    switch (type) {
    case FileEntry::Type::Dir:
        return QCoreApplication::translate("Format", "Folder");
    case FileEntry::Type::File:
        return QCoreApplication::translate("Format", "File");
    case FileEntry::Type::Symlink:
        return QCoreApplication::translate("Format", "Link");
    case FileEntry::Type::Other:
        break;
    }
    return QCoreApplication::translate("Format", "Other");
}

QString relativeTime(const QDateTime& time, const QDateTime& now)
{
    if (!time.isValid())
        return {};
    const qint64 secs = time.secsTo(now);
    const bool future = secs < 0;
    const qint64 s = qAbs(secs);
    // Literal calls so that lupdate sees every string. English has its own words for one; %n strings are
    // numerus forms that translations fill for their language's plural rules.
    // "a moment ago" reads in a sentence ("last backup a moment ago") where "just now" did not.
    if (s < 45)
        return future ? QCoreApplication::translate("Format", "in a moment")
                      : QCoreApplication::translate("Format", "a moment ago");
    if (s < 3600) {
        const int n = int(qMax<qint64>(1, s / 60));
        if (n == 1)
            return future ? QCoreApplication::translate("Format", "in 1 minute")
                          : QCoreApplication::translate("Format", "1 minute ago");
        return future ? QCoreApplication::translate("Format", "in %n minutes", nullptr, n)
                      : QCoreApplication::translate("Format", "%n minutes ago", nullptr, n);
    }
    if (s < 86400) {
        const int n = int(s / 3600);
        if (n == 1)
            return future ? QCoreApplication::translate("Format", "in 1 hour")
                          : QCoreApplication::translate("Format", "1 hour ago");
        return future ? QCoreApplication::translate("Format", "in %n hours", nullptr, n)
                      : QCoreApplication::translate("Format", "%n hours ago", nullptr, n);
    }
    if (s < 86400 * 45) {
        const int n = int(s / 86400);
        if (n == 1)
            return future ? QCoreApplication::translate("Format", "in 1 day")
                          : QCoreApplication::translate("Format", "1 day ago");
        return future ? QCoreApplication::translate("Format", "in %n days", nullptr, n)
                      : QCoreApplication::translate("Format", "%n days ago", nullptr, n);
    }
    if (s < 86400 * 365) {
        const int n = int(s / (86400 * 30));
        if (n == 1)
            return future ? QCoreApplication::translate("Format", "in 1 month")
                          : QCoreApplication::translate("Format", "1 month ago");
        return future ? QCoreApplication::translate("Format", "in %n months", nullptr, n)
                      : QCoreApplication::translate("Format", "%n months ago", nullptr, n);
    }
    const int n = int(s / (86400 * 365));
    if (n == 1)
        return future ? QCoreApplication::translate("Format", "in 1 year")
                      : QCoreApplication::translate("Format", "1 year ago");
    return future ? QCoreApplication::translate("Format", "in %n years", nullptr, n)
                  : QCoreApplication::translate("Format", "%n years ago", nullptr, n);
}

QString localTime(const QDateTime& time)
{
    if (!time.isValid())
        return {};
    // The locale's short form, with seconds: German's has none, and snapshots a minute apart looked alike.
    QString format = QLocale().dateTimeFormat(QLocale::ShortFormat);
    if (!format.contains(QLatin1String("ss")))
        format.replace(QLatin1String("mm"), QLatin1String("mm:ss"));
    return QLocale().toString(time.toLocalTime(), format);
}

QString duration(int seconds)
{
    if (seconds < 0)
        return {};
    const int h = seconds / 3600;
    const int m = (seconds % 3600) / 60;
    const int s = seconds % 60;
    if (h > 0)
        return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

QString pending()
{
    return QStringLiteral("…");
}

QString transferred(const JobProgress& p)
{
    if (p.totalBytes <= 0)
        return {};
    if (p.totalFiles <= 0)
        return QCoreApplication::translate("Format", "%1 of %2").arg(size(p.bytesDone), size(p.totalBytes));
    return QCoreApplication::translate("Format", "%1 of %2 · %3 of %4 files")
        .arg(size(p.bytesDone), size(p.totalBytes), QLocale().toString(p.filesDone), QLocale().toString(p.totalFiles));
}

} // namespace Format
