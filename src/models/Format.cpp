#include "Format.h"

#include <QCoreApplication>
#include <QLocale>

namespace Format {

QString size(qint64 bytes)
{
    if (bytes < 0)
        return pending();
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString relativeTime(const QDateTime& time, const QDateTime& now)
{
    if (!time.isValid())
        return {};
    const qint64 secs = time.secsTo(now);
    const bool future = secs < 0;
    const qint64 s = qAbs(secs);
    // Literal calls so that lupdate sees every plural form.
    if (s < 45)
        return QCoreApplication::translate("Format", "just now");
    if (s < 3600) {
        const int n = int(qMax<qint64>(1, s / 60));
        return future ? QCoreApplication::translate("Format", "in %n minute(s)", nullptr, n)
                      : QCoreApplication::translate("Format", "%n minute(s) ago", nullptr, n);
    }
    if (s < 86400) {
        const int n = int(s / 3600);
        return future ? QCoreApplication::translate("Format", "in %n hour(s)", nullptr, n)
                      : QCoreApplication::translate("Format", "%n hour(s) ago", nullptr, n);
    }
    if (s < 86400 * 45) {
        const int n = int(s / 86400);
        return future ? QCoreApplication::translate("Format", "in %n day(s)", nullptr, n)
                      : QCoreApplication::translate("Format", "%n day(s) ago", nullptr, n);
    }
    if (s < 86400 * 365) {
        const int n = int(s / (86400 * 30));
        return future ? QCoreApplication::translate("Format", "in %n month(s)", nullptr, n)
                      : QCoreApplication::translate("Format", "%n month(s) ago", nullptr, n);
    }
    const int n = int(s / (86400 * 365));
    return future ? QCoreApplication::translate("Format", "in %n year(s)", nullptr, n)
                  : QCoreApplication::translate("Format", "%n year(s) ago", nullptr, n);
}

QString localTime(const QDateTime& time)
{
    if (!time.isValid())
        return {};
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
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

} // namespace Format
