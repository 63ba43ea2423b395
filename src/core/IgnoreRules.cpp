#include "IgnoreRules.h"
#include "Logging.h"

namespace IgnoreRules {

namespace {
// The server directory is a literal prefix: its glob characters and dollars must not act.
QString literalPrefix(const QString& path)
{
    QString out;
    for (const QChar c : path) {
        if (c == QLatin1Char('*') || c == QLatin1Char('?') || c == QLatin1Char('[') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\');
        if (c == QLatin1Char('$'))
            out += QLatin1Char('$');
        out += c;
    }
    return out;
}
} // namespace

QStringList toResticExcludes(const QString& ignoreText, const QString& serverDirectory)
{
    const QString root = literalPrefix(serverDirectory);
    QStringList out;
    const QStringList lines = ignoreText.split(QLatin1Char('\n'));
    for (QString line : lines) {
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        // gitignore drops trailing blanks; restic trims both ends, so leading blanks cannot be kept either.
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.contains(QChar(0)) || line.size() > 4096) {
            qCWarning(lcBackup) << "ignore line dropped: not a pattern";
            continue;
        }
        bool negate = false;
        if (line.startsWith(QLatin1Char('!'))) {
            negate = true;
            line.remove(0, 1);
        } else if (line.startsWith(QLatin1String("\\!")) || line.startsWith(QLatin1String("\\#"))) {
            line.remove(0, 1);
        }
        bool dirOnly = false;
        while (line.endsWith(QLatin1Char('/')) && !line.endsWith(QLatin1String("\\/"))) {
            line.chop(1);
            dirOnly = true;
        }
        // gitignore anchors a pattern with a slash at the start or in the middle to the root.
        const bool anchored = line.contains(QLatin1Char('/'));
        while (line.startsWith(QLatin1Char('/')))
            line.remove(0, 1);
        if (line.isEmpty())
            continue;
        const QStringList parts = line.split(QLatin1Char('/'));
        if (parts.contains(QStringLiteral("..")) || parts.contains(QStringLiteral("."))) {
            qCWarning(lcBackup).noquote() << "ignore line dropped: relative path components are not allowed:" << line;
            continue;
        }
        // restic expands $VAR in exclude files: keep dollars literal.
        line.replace(QLatin1Char('$'), QLatin1String("$$"));
        QString pattern = anchored ? root + QLatin1Char('/') + line : line;
        // restic cannot say "directories only": excluding the directory's contents is the closest it gets
        // (a plain file with that name stays in the backup, as in git).
        if (dirOnly)
            pattern += QLatin1String("/*");
        out << (negate ? QLatin1Char('!') + pattern : pattern);
    }
    return out;
}

} // namespace IgnoreRules
