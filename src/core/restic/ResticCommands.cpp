#include "ResticCommands.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace ResticCommand {

QStringList backup(const Backup& spec)
{
    QStringList args{QStringLiteral("backup"), QStringLiteral("--json"), QStringLiteral("--host"), spec.host};
    for (const QString& tag : spec.tags)
        args << QStringLiteral("--tag") << tag;
    // Patterns go through a file: never as options, never through a shell.
    if (!spec.excludeFile.isEmpty())
        args << QStringLiteral("--exclude-file") << spec.excludeFile;
    if (spec.limitUploadKiB > 0)
        args << QStringLiteral("--limit-upload") << QString::number(spec.limitUploadKiB);
    if (!spec.compression.isEmpty())
        args << QStringLiteral("--compression") << spec.compression;
    // `--` ends the options: a path can never be read as one.
    args << QStringLiteral("--") << spec.path;
    return args;
}

namespace {
// restic matches names and paths with Go's filepath.Match: a backslash makes the next character literal.
QString literalPattern(const QString& text)
{
    QString pattern;
    for (const QChar c : text) {
        if (c == QLatin1Char('*') || c == QLatin1Char('?') || c == QLatin1Char('[') || c == QLatin1Char(']') ||
            c == QLatin1Char('\\'))
            pattern += QLatin1Char('\\');
        pattern += c;
    }
    return pattern;
}
} // namespace

QStringList restoreSelected(const QString& snapshotId, const QStringList& paths, const QString& target, bool json)
{
    QStringList args{QStringLiteral("restore"), snapshotId, QStringLiteral("--target"), target};
    if (json)
        args << QStringLiteral("--json");
    // An include names an entry and, for a directory, everything below it.
    for (const QString& path : paths)
        args << QStringLiteral("--include") << literalPattern(path);
    return args;
}

QStringList restore(const QString& snapshotId, const QString& path, const QString& target, bool subfolder, bool json)
{
    QStringList args{QStringLiteral("restore"), subfolder ? snapshotId + QLatin1Char(':') + path : snapshotId,
                     QStringLiteral("--target"), target};
    if (json)
        args << QStringLiteral("--json");
    return args;
}

QStringList dump(const QString& snapshotId, const QString& path)
{
    return {QStringLiteral("dump"),
            QStringLiteral("--archive"),
            QStringLiteral("tar"),
            QStringLiteral("--"),
            snapshotId,
            path};
}

QStringList snapshots(const QStringList& snapshotIds)
{
    return QStringList{QStringLiteral("snapshots"), QStringLiteral("--json")} + snapshotIds;
}

QStringList snapshotsTagged(const QStringList& tags)
{
    return {QStringLiteral("snapshots"), QStringLiteral("--json"), QStringLiteral("--tag"),
            tags.join(QLatin1Char(','))};
}

QStringList stats(const QString& snapshotId)
{
    return {QStringLiteral("stats"), QStringLiteral("--json"), snapshotId};
}

QStringList findAll(const QStringList& snapshotIds)
{
    QStringList args{QStringLiteral("find"), QStringLiteral("--json")};
    for (const QString& id : snapshotIds)
        args << QStringLiteral("--snapshot") << id;
    // `*` matches every name, dotfiles included (restic matches like Go's filepath.Match).
    return args << QStringLiteral("--") << QStringLiteral("*");
}

QStringList ls(const QString& snapshotId)
{
    return {QStringLiteral("ls"), QStringLiteral("--json"), snapshotId};
}

QStringList findNames(const QString& snapshotId, const QStringList& names)
{
    QStringList args{QStringLiteral("find"), QStringLiteral("--json"), QStringLiteral("--snapshot"), snapshotId,
                     QStringLiteral("--")};
    for (const QString& name : names)
        args << literalPattern(name);
    return args;
}

QStringList forget(const QStringList& snapshotIds)
{
    // restic 0.14 forgets nothing by tag without a policy: always by id.
    return QStringList{QStringLiteral("forget")} + snapshotIds;
}

QStringList prune()
{
    return {QStringLiteral("prune")};
}

QStringList catConfig()
{
    return {QStringLiteral("cat"), QStringLiteral("config")};
}

QStringList init()
{
    return {QStringLiteral("init")};
}

QStringList unlock()
{
    return {QStringLiteral("unlock")};
}

QStringList check(const QString& readDataSubset)
{
    QStringList args{QStringLiteral("check"), QStringLiteral("--quiet")};
    if (!readDataSubset.isEmpty())
        args << QStringLiteral("--read-data-subset") << readDataSubset;
    return args;
}

QString readDataSubsetProblem(const QString& subset)
{
    static const QRegularExpression part(QStringLiteral("^([0-9]{1,9})/([0-9]{1,9})$"));
    static const QRegularExpression percent(QStringLiteral("^([0-9]{1,3}(\\.[0-9]{1,6})?)%$"));
    static const QRegularExpression size(QStringLiteral("^([0-9]{1,15})[bBkKmMgGtT]$"));
    if (const QRegularExpressionMatch m = part.match(subset); m.hasMatch()) {
        const int n = m.captured(1).toInt();
        const int t = m.captured(2).toInt();
        if (n < 1 || n > t)
            return QCoreApplication::translate("ResticCommand",
                                               "In n/t, n and t must be positive and n at most t (e.g. 1/5).");
        if (t > 256)
            return QCoreApplication::translate("ResticCommand", "In n/t, t must be at most 256.");
        return {};
    }
    if (const QRegularExpressionMatch m = percent.match(subset); m.hasMatch()) {
        const double p = m.captured(1).toDouble();
        if (p <= 0 || p > 100)
            return QCoreApplication::translate("ResticCommand", "A percentage must be above 0% and at most 100%.");
        return {};
    }
    if (const QRegularExpressionMatch m = size.match(subset); m.hasMatch()) {
        if (m.captured(1).toLongLong() <= 0)
            return QCoreApplication::translate("ResticCommand", "A size must be above zero.");
        return {};
    }
    return QCoreApplication::translate(
        "ResticCommand",
        "Expected n/t (e.g. 1/5), a percentage (e.g. 5% or 2.5%) or a size with its unit (e.g. 500M or 2G).");
}

QStringList listLocks()
{
    return {QStringLiteral("list"), QStringLiteral("locks")};
}

QStringList catLock(const QString& lockId)
{
    return {QStringLiteral("cat"), QStringLiteral("lock"), lockId};
}

QStringList statsRawData()
{
    return {QStringLiteral("stats"), QStringLiteral("--json"), QStringLiteral("--mode"), QStringLiteral("raw-data")};
}

} // namespace ResticCommand
