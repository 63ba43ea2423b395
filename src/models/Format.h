#pragma once

#include "catalogue/FileIndex.h"

#include <QDateTime>
#include <QString>

struct JobProgress;

// Small formatting helpers shared by the models and the widgets, so that every view says sizes and times
// the same way.
namespace Format {

// "1.5 MiB"; "…" for a negative (unknown) size.
QString size(qint64 bytes);
// "3 hours ago", "in 2 minutes", "a moment ago": words that fit after "last backup".
QString relativeTime(const QDateTime& time, const QDateTime& now = QDateTime::currentDateTime());
// Local date and time: the locale's short form, with seconds.
QString localTime(const QDateTime& time);
// "1:05:03" / "4:10" for a number of seconds; empty when negative.
QString duration(int seconds);
// "Folder", "File", "Link", "Other": a snapshot entry's kind, for the file tree and the compare view.
QString fileType(FileEntry::Type type);
// The placeholder shown while a value is still being fetched.
QString pending();
// "1.2 MiB of 4 MiB · 3 of 10 files"; bytes only when the file count is unknown (a restore measured on
// restic 0.14); empty when nothing is known yet.
QString transferred(const JobProgress& progress);

} // namespace Format
