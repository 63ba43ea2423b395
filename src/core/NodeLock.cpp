#include "NodeLock.h"
#include "Logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLockFile>
#include <QMutex>
#include <QSaveFile>

#include <memory>

#include <unistd.h>

namespace {
struct Held
{
    std::unique_ptr<QLockFile> lock;
    int users = 0;
};

// Lock path -> this process's hold on it. Never destroyed: a NodeLock in a static object may release after
// this file's statics would have gone.
QMutex& heldMutex()
{
    static auto* mutex = new QMutex;
    return *mutex;
}

QHash<QString, Held*>& heldLocks()
{
    static auto* held = new QHash<QString, Held*>;
    return *held;
}

QString ownerFile(const QString& lockPath)
{
    return lockPath + QStringLiteral(".owner");
}

QString holderMessage(QLockFile& lock, const QString& path)
{
    qint64 pid = 0;
    QString host;
    QString app;
    lock.getLockInfo(&pid, &host, &app);
    const QString dir = QFileInfo(path).absolutePath();
    if (lock.error() != QLockFile::LockFailedError || pid <= 0)
        return QCoreApplication::translate("NodeLock", "Cannot take the lock %1; no jobs run here.").arg(path);
    QString face;
    QFile owner(ownerFile(path));
    if (owner.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> fields = owner.readAll().trimmed().split(' ');
        if (fields.size() == 2 && fields[0].toLongLong() == pid)
            face = QString::fromUtf8(fields[1]);
    }
    if (face == QLatin1String("headless"))
        return QCoreApplication::translate("NodeLock", "A headless Pouch (pid %1) runs the jobs on %2; this one runs "
                                                       "none while it does.")
            .arg(pid)
            .arg(dir);
    if (face == QLatin1String("desktop"))
        return QCoreApplication::translate("NodeLock", "A desktop Pouch (pid %1) runs the jobs on %2; this one runs "
                                                       "none while it does.")
            .arg(pid)
            .arg(dir);
    return QCoreApplication::translate("NodeLock", "Another Pouch (pid %1) runs the jobs on %2; this one runs none "
                                                   "while it does.")
        .arg(pid)
        .arg(dir);
}
} // namespace

NodeLock::~NodeLock()
{
    release();
}

bool NodeLock::acquire(const QStringList& paths, const QString& face, QString* error)
{
    release();
    QMutexLocker guard(&heldMutex());
    for (const QString& path : paths) {
        Held*& held = heldLocks()[path];
        if (!held) {
            QDir().mkpath(QFileInfo(path).absolutePath());
            auto lock = std::make_unique<QLockFile>(path);
            lock->setStaleLockTime(0); // a live pid holds it however long it runs; a dead one's is taken over
            if (!lock->tryLock(0)) {
                heldLocks().remove(path);
                const QString message = holderMessage(*lock, path);
                if (error)
                    *error = message;
                guard.unlock();
                release();
                return false;
            }
            QSaveFile owner(ownerFile(path));
            if (owner.open(QIODevice::WriteOnly)) {
                owner.write(QByteArray::number(qint64(::getpid())) + ' ' + face.toUtf8() + '\n');
                owner.commit();
            }
            held = new Held{std::move(lock), 0};
            qCInfo(lcJobs).noquote() << "holding" << path << "as" << face;
        }
        ++held->users;
        m_paths << path;
    }
    return true;
}

void NodeLock::release()
{
    QMutexLocker guard(&heldMutex());
    for (const QString& path : std::as_const(m_paths)) {
        Held* held = heldLocks().value(path);
        if (held && --held->users == 0) {
            QFile::remove(ownerFile(path));
            delete held; // QLockFile's destructor unlocks
            heldLocks().remove(path);
        }
    }
    m_paths.clear();
}
