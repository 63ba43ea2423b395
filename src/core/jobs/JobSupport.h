#pragma once

#include "Job.h"

#include <QJsonObject>

// What every job kind shares: a failed outcome, and progress read from restic's --json status lines.
namespace JobSupport {

inline JobOutcome failure(const QString& message)
{
    JobOutcome o;
    o.error = message;
    return o;
}

inline JobProgress progressFrom(const QJsonObject& o, const char* bytesKey, const char* filesKey)
{
    JobProgress p;
    p.percentDone = o.value(QLatin1String("percent_done")).toDouble(-1);
    p.totalBytes = qint64(o.value(QLatin1String("total_bytes")).toDouble());
    p.bytesDone = qint64(o.value(QLatin1String(bytesKey)).toDouble());
    p.totalFiles = qint64(o.value(QLatin1String("total_files")).toDouble());
    p.filesDone = qint64(o.value(QLatin1String(filesKey)).toDouble());
    p.secondsRemaining = o.value(QLatin1String("seconds_remaining")).toInt(-1);
    return p;
}

} // namespace JobSupport
