#include "TestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <unistd.h>

#include <vector>

namespace TestSupport {

QString resticBinary()
{
    const QString fromEnv = qEnvironmentVariable("POUCH_TEST_RESTIC");
    return fromEnv.isEmpty() ? QStringLiteral("restic") : fromEnv;
}

bool writeFile(const QString& path, const QByteArray& data)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return false;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(data) == data.size() && file.flush();
}

static QByteArray readLinkRaw(const QString& path)
{
    const QByteArray native = QFile::encodeName(path);
    std::vector<char> buffer(4096);
    const ssize_t n = ::readlink(native.constData(), buffer.data(), buffer.size());
    return n < 0 ? QByteArray() : QByteArray(buffer.data(), int(n));
}

QString treeDifference(const QMap<QString, QByteArray>& before, const QMap<QString, QByteArray>& after)
{
    QStringList out;
    for (auto it = after.constBegin(); it != after.constEnd(); ++it) {
        if (!before.contains(it.key()))
            out << QLatin1Char('+') + it.key();
        else if (before.value(it.key()) != it.value())
            out << QLatin1Char('~') + it.key();
    }
    for (auto it = before.constBegin(); it != before.constEnd(); ++it) {
        if (!after.contains(it.key()))
            out << QLatin1Char('-') + it.key();
    }
    return out.join(QLatin1Char(' '));
}

QMap<QString, QByteArray> snapshotTree(const QString& dir)
{
    QMap<QString, QByteArray> tree;
    const QDir root(dir);
    QDirIterator it(dir, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info = it.fileInfo();
        const QString rel = root.relativeFilePath(path);
        if (info.isSymLink()) {
            tree.insert(rel, "symlink:" + readLinkRaw(path));
        } else if (info.isDir()) {
            tree.insert(rel, "dir:");
        } else if (!info.isFile()) {
            // FIFOs, sockets and devices: opening one could block forever.
            tree.insert(rel, "special:");
        } else {
            QFile file(path);
            tree.insert(rel, file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("unreadable:"));
        }
    }
    return tree;
}

QString uuidFor(int n)
{
    return QStringLiteral("00000000-0000-4000-8000-%1").arg(qulonglong(qAbs(qint64(n))), 12, 10, QLatin1Char('0'));
}

QString restoreMethod()
{
    return qEnvironmentVariable("POUCH_TEST_RESTORE_METHOD", QStringLiteral("auto"));
}

QByteArray restoreVerb()
{
    return restoreMethod() == QLatin1String("dump") ? QByteArrayLiteral("dump") : QByteArrayLiteral("restore");
}

bool inCi()
{
    const QString ci = qEnvironmentVariable("CI").toLower();
    return ci == QLatin1String("true") || ci == QLatin1String("1");
}

bool childProcessNamed(const QString& name, qint64 parent)
{
    return !childProcesses(name, parent).isEmpty();
}

QList<qint64> childProcesses(const QString& name, qint64 parent)
{
    QList<qint64> found;
    const QByteArray self = QByteArray::number(parent > 0 ? parent : qint64(::getpid()));
    for (const QString& pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // "pid (comm) state ppid ...": comm may hold spaces, so split after its closing parenthesis.
        const QByteArray line = stat.readAll();
        const int open = line.indexOf('(');
        const int close = line.lastIndexOf(')');
        if (open < 0 || close < open)
            continue;
        const QList<QByteArray> rest = line.mid(close + 2).split(' ');
        if (rest.size() > 1 && rest[1] == self && line.mid(open + 1, close - open - 1) == name.toUtf8())
            found << pid.toLongLong();
    }
    return found;
}

} // namespace TestSupport
