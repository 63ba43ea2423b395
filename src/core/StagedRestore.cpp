#include "StagedRestore.h"
#include "Logging.h"

#include <QDir>
#include <QFile>
#include <QSet>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {
QByteArray encodePath(const QString& path)
{
    return QFile::encodeName(path).toBase64();
}

QString decodePath(const QByteArray& encoded)
{
    return QFile::decodeName(QByteArray::fromBase64(encoded));
}

QString errnoText()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

bool lstatPath(const QString& path, struct stat& st)
{
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0;
}

QStringList entries(const QString& dir)
{
    // QDir::System keeps broken symlinks, FIFOs and the like; Hidden keeps dotfiles.
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}
} // namespace

StagedRestore::StagedRestore(const QString& stagingRoot, const QString& jobId)
    : m_directory(stagingRoot + QLatin1Char('/') + jobId)
{
}

StagedRestore::~StagedRestore()
{
    if (m_journalFd >= 0)
        ::close(m_journalFd);
}

bool StagedRestore::prepare(QString* error)
{
    if (!QDir().mkpath(m_directory + QStringLiteral("/tree")) ||
        !QDir().mkpath(m_directory + QStringLiteral("/aside"))) {
        *error = QObject::tr("Cannot create the staging directory %1").arg(m_directory);
        return false;
    }
    QFile::setPermissions(m_directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return true;
}

QStringList StagedRestore::sanitize(const QString& treeRoot, uint ownerUid, uint ownerGid, bool chown, QString* error)
{
    QStringList dropped;
    std::error_code ec;
    std::vector<fs::path> toRemove;
    for (auto it = fs::recursive_directory_iterator(QFile::encodeName(treeRoot).toStdString(), ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const fs::path& p = it->path();
        struct stat st
        {
        };
        if (::lstat(p.c_str(), &st) != 0)
            continue;
        if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISSOCK(st.st_mode)) {
            toRemove.push_back(p);
            continue;
        }
        // Most entries come back with the server's owner already (restic restores the snapshot's): no syscall.
        const bool owned = st.st_uid == ownerUid && st.st_gid == ownerGid;
        if (chown && !owned && ::lchown(p.c_str(), ownerUid, ownerGid) != 0) {
            *error = QObject::tr("Cannot hand %1 to the server's owner: %2")
                         .arg(QString::fromStdString(p.string()), errnoText());
            return dropped;
        }
        if (S_ISREG(st.st_mode) && (st.st_mode & (S_ISUID | S_ISGID)))
            ::chmod(p.c_str(), st.st_mode & 07777 & ~(S_ISUID | S_ISGID));
    }
    if (ec) {
        *error = QObject::tr("Cannot read the restored tree: %1").arg(QString::fromStdString(ec.message()));
        return dropped;
    }
    for (const fs::path& p : toRemove) {
        ::unlink(p.c_str());
        dropped << QString::fromStdString(p.string());
    }
    if (chown)
        ::lchown(QFile::encodeName(treeRoot).constData(), ownerUid, ownerGid);
    return dropped;
}

bool StagedRestore::writeJournal(const QByteArray& line)
{
    if (m_journalFd < 0) {
        m_journalFd = ::open(QFile::encodeName(m_directory + QStringLiteral("/journal")).constData(),
                             O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (m_journalFd < 0)
            return false;
    }
    const QByteArray data = line + '\n';
    if (::write(m_journalFd, data.constData(), size_t(data.size())) != data.size())
        return false;
    // The journal must be on disk before the rename it describes.
    return ::fdatasync(m_journalFd) == 0;
}

QString StagedRestore::asideName()
{
    return m_directory + QStringLiteral("/aside/") + QString::number(++m_asideCounter);
}

bool StagedRestore::move(const QString& from, const QString& to, QString* error)
{
    if (!writeJournal("M " + encodePath(from) + ' ' + encodePath(to))) {
        *error = QObject::tr("Cannot write the restore journal: %1").arg(errnoText());
        return false;
    }
    if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0) {
        *error = QObject::tr("Cannot move %1 to %2: %3").arg(from, to, errnoText());
        return false;
    }
    m_moves.append({from, to});
    return true;
}

bool StagedRestore::mergeInto(const QString& source, const QString& target, QString* error)
{
    for (const QString& name : entries(source)) {
        const QString s = source + QLatin1Char('/') + name;
        const QString t = target + QLatin1Char('/') + name;
        struct stat ss
        {
        }, ts{};
        if (!lstatPath(s, ss)) {
            *error = QObject::tr("Cannot read %1: %2").arg(s, errnoText());
            return false;
        }
        if (lstatPath(t, ts)) {
            // lstat: a symlink in the target is never followed, only moved aside and replaced.
            if (S_ISDIR(ts.st_mode) && S_ISDIR(ss.st_mode)) {
                if (!mergeInto(s, t, error))
                    return false;
                continue;
            }
            if (!move(t, asideName(), error))
                return false;
        }
        if (!move(s, t, error))
            return false;
    }
    return true;
}

bool StagedRestore::commit(const QString& treeRoot, const QString& target, bool truncate, QString* error)
{
    struct stat ts
    {
    };
    if (!lstatPath(target, ts) || !S_ISDIR(ts.st_mode)) {
        *error = QObject::tr("The target directory %1 does not exist").arg(target);
        return false;
    }
    bool ok = true;
    if (truncate) {
        for (const QString& name : entries(target)) {
            if (!move(target + QLatin1Char('/') + name, asideName(), error)) {
                ok = false;
                break;
            }
        }
    }
    if (ok)
        ok = mergeInto(treeRoot, target, error);
    if (ok)
        ok = writeJournal("C");
    if (!ok) {
        qCWarning(lcRestore).noquote() << "restore swap failed, rolling back:" << *error;
        rollback();
        return false;
    }
    return true;
}

QStringList StagedRestore::outermost(QStringList paths)
{
    // Shorter first, so that an ancestor is always seen before what lies below it.
    std::sort(paths.begin(), paths.end(),
              [](const QString& a, const QString& b) { return a.size() != b.size() ? a.size() < b.size() : a < b; });
    QSet<QString> kept;
    for (const QString& p : paths) {
        bool covered = kept.contains(p);
        for (qsizetype at = p.indexOf(QLatin1Char('/'), 1); !covered && at > 0;
             at = p.indexOf(QLatin1Char('/'), at + 1))
            covered = kept.contains(p.left(at));
        if (!covered)
            kept.insert(p);
    }
    QStringList out(kept.begin(), kept.end());
    std::sort(out.begin(), out.end());
    return out;
}

bool StagedRestore::ensureDirectory(const QString& root, const QString& relative, uint ownerUid, uint ownerGid,
                                    bool chown, QString* error)
{
    QString path = root;
    for (const QString& name : relative.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        path += QLatin1Char('/') + name;
        struct stat st
        {
        };
        if (lstatPath(path, st)) {
            // lstat: a symlink on the way is never followed, it could lead out of the server's directory.
            if (!S_ISDIR(st.st_mode)) {
                *error = QObject::tr("%1 is in the way: it is not a directory in the server's files").arg(path);
                return false;
            }
            continue;
        }
        if (!writeJournal("D " + encodePath(path))) {
            *error = QObject::tr("Cannot write the restore journal: %1").arg(errnoText());
            return false;
        }
        const QByteArray encoded = QFile::encodeName(path);
        if (::mkdir(encoded.constData(), 0755) != 0) {
            *error = QObject::tr("Cannot create %1: %2").arg(path, errnoText());
            return false;
        }
        m_moves.append({QString(), path});
        if (chown)
            ::lchown(encoded.constData(), ownerUid, ownerGid);
    }
    return true;
}

bool StagedRestore::commitPaths(const QString& treeRoot, const QString& target, const QString& destination,
                                const QStringList& paths, uint ownerUid, uint ownerGid, bool chown, QString* error)
{
    struct stat ts
    {
    };
    if (!lstatPath(target, ts) || !S_ISDIR(ts.st_mode)) {
        *error = QObject::tr("The target directory %1 does not exist").arg(target);
        return false;
    }
    const QString base = destination.isEmpty() || destination == QLatin1String("/") ? target : target + destination;
    bool ok = ensureDirectory(target, destination, ownerUid, ownerGid, chown, error);
    for (const QString& p : outermost(paths)) {
        if (!ok)
            break;
        const QString parent = p.left(p.lastIndexOf(QLatin1Char('/')));
        ok = ensureDirectory(base, parent, ownerUid, ownerGid, chown, error);
        if (!ok)
            break;
        const QString t = base + p;
        struct stat st
        {
        };
        if (lstatPath(t, st))
            ok = move(t, asideName(), error);
        if (ok)
            ok = move(treeRoot + p, t, error);
    }
    if (ok)
        ok = writeJournal("C");
    if (!ok) {
        qCWarning(lcRestore).noquote() << "selective restore swap failed, rolling back:" << *error;
        rollback();
        return false;
    }
    return true;
}

void StagedRestore::rollback()
{
    for (auto it = m_moves.crbegin(); it != m_moves.crend(); ++it) {
        if (it->from.isEmpty()) {
            if (::rmdir(QFile::encodeName(it->to).constData()) != 0)
                qCCritical(lcRestore).noquote() << "rollback: cannot remove" << it->to << errnoText();
            continue;
        }
        if (::rename(QFile::encodeName(it->to).constData(), QFile::encodeName(it->from).constData()) != 0)
            qCCritical(lcRestore).noquote()
                << "rollback: cannot move" << it->to << "back to" << it->from << errnoText();
    }
    m_moves.clear();
    writeJournal("R");
}

void StagedRestore::cleanup()
{
    if (m_journalFd >= 0) {
        ::close(m_journalFd);
        m_journalFd = -1;
    }
    removeDirectory(m_directory);
}

void StagedRestore::removeDirectory(const QString& directory)
{
    std::error_code ec;
    fs::remove_all(QFile::encodeName(directory).toStdString(), ec);
    if (ec)
        qCWarning(lcRestore).noquote() << "cannot remove staging directory" << directory
                                       << QString::fromStdString(ec.message());
}

QStringList StagedRestore::recoverAll(const QString& stagingRoot)
{
    QStringList log;
    const QStringList jobs = QDir(stagingRoot).entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
    for (const QString& job : jobs) {
        const QString dir = stagingRoot + QLatin1Char('/') + job;
        QFile journal(dir + QStringLiteral("/journal"));
        if (journal.open(QIODevice::ReadOnly)) {
            QList<QPair<QString, QString>> moves;
            bool settled = false;
            for (const QByteArray& raw : journal.readAll().split('\n')) {
                if (raw == "C" || raw == "R")
                    settled = true;
                const QList<QByteArray> parts = raw.split(' ');
                if (parts.size() == 3 && parts[0] == "M")
                    moves.append({decodePath(parts[1]), decodePath(parts[2])});
                if (parts.size() == 2 && parts[0] == "D") // a directory the restore created
                    moves.append({QString(), decodePath(parts[1])});
            }
            if (!settled) {
                // Crashed mid-swap: undo what was done, newest first.
                for (auto it = moves.crbegin(); it != moves.crend(); ++it) {
                    struct stat st
                    {
                    };
                    if (it->first.isEmpty()) {
                        ::rmdir(QFile::encodeName(it->second).constData()); // only if still empty
                        continue;
                    }
                    if (lstatPath(it->second, st) && !lstatPath(it->first, st))
                        ::rename(QFile::encodeName(it->second).constData(), QFile::encodeName(it->first).constData());
                }
                log << QObject::tr("Rolled back an interrupted restore (%1 moves) in %2").arg(moves.size()).arg(dir);
            }
        }
        std::error_code ec;
        fs::remove_all(QFile::encodeName(dir).toStdString(), ec);
        log << QObject::tr("Removed leftover staging directory %1").arg(dir);
    }
    return log;
}
