#include "SecretStore.h"
#include "UiLogging.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>

#include <qt6keychain/keychain.h>

SecretStore::SecretStore(Backend backend, QObject* parent)
    : QObject(parent), m_backend(backend), m_filePath(defaultFilePath())
{
}

bool SecretStore::keychainAvailable(QString* why)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        if (why)
            *why = tr("There is no D-Bus session bus, so no keychain can be reached.");
        return false;
    }
    const QDBusConnectionInterface* iface = bus.interface();
    for (const char* name : {"org.freedesktop.secrets", "org.kde.kwalletd5", "org.kde.kwalletd6"}) {
        if (iface && iface->isServiceRegistered(QString::fromLatin1(name)).value())
            return true;
    }
    if (why)
        *why = tr("No keychain (Secret Service or KWallet) is running on the session bus.");
    return false;
}

QString SecretStore::defaultFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/pouch/secrets.json");
}

void SecretStore::read(const QStringList& keys, Callback done)
{
    if (m_backend == Backend::File) {
        const Result r = readFile(keys);
        // Same shape as the keychain: the answer always arrives from the event loop.
        QTimer::singleShot(0, this, [r, done] { done(r); });
        return;
    }
    readKeychain(keys, Result{true, {}, {}}, std::move(done));
}

void SecretStore::write(const QHash<QString, QString>& values, Callback done)
{
    if (m_backend == Backend::File) {
        const Result r = writeFile(values);
        QTimer::singleShot(0, this, [r, done] { done(r); });
        return;
    }
    QList<QPair<QString, QString>> list;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        list.append({it.key(), it.value()});
    writeKeychain(list, std::move(done));
}

// One keychain job at a time: some backends prompt or serialise anyway, and the order stays predictable.
void SecretStore::readKeychain(QStringList keys, Result partial, Callback done)
{
    if (keys.isEmpty()) {
        done(partial);
        return;
    }
    const QString key = keys.takeFirst();
    auto* job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, job, key, keys, partial, done](QKeychain::Job*) mutable {
        if (job->error() == QKeychain::NoError) {
            partial.values.insert(key, job->textData());
        } else if (job->error() != QKeychain::EntryNotFound) {
            qCWarning(lcSecrets).noquote() << "reading" << key << "from the keychain failed:" << job->errorString();
            partial.ok = false;
            partial.error = tr("Could not read “%1” from the keychain: %2").arg(key, job->errorString());
            done(partial);
            return;
        }
        readKeychain(keys, partial, done);
    });
    job->start();
}

void SecretStore::writeKeychain(QList<QPair<QString, QString>> values, Callback done)
{
    if (values.isEmpty()) {
        done(Result{true, {}, {}});
        return;
    }
    const auto [key, value] = values.takeFirst();
    QKeychain::Job* job = nullptr;
    if (value.isEmpty()) {
        job = new QKeychain::DeletePasswordJob(m_service, this);
    } else {
        auto* write = new QKeychain::WritePasswordJob(m_service, this);
        write->setTextData(value);
        job = write;
    }
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, job, key = key, values, done](QKeychain::Job*) {
        // Deleting an entry that was never there is fine.
        if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound) {
            qCWarning(lcSecrets).noquote() << "writing" << key << "to the keychain failed:" << job->errorString();
            done(Result{false, tr("Could not store “%1” in the keychain: %2").arg(key, job->errorString()), {}});
            return;
        }
        writeKeychain(values, done);
    });
    job->start();
}

SecretStore::Result SecretStore::readFile(const QStringList& keys) const
{
    Result r;
    QFile file(m_filePath);
    if (!file.exists()) {
        r.ok = true;
        return r;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        r.error = tr("Cannot read %1: %2").arg(m_filePath, file.errorString());
        return r;
    }
    if (file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
        qCWarning(lcSecrets).noquote() << m_filePath << "is readable by other users; run: chmod 600" << m_filePath;
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        r.error = tr("%1 is not a valid secrets file: %2").arg(m_filePath, parseError.errorString());
        return r;
    }
    const QJsonObject o = doc.object();
    for (const QString& key : keys) {
        if (o.contains(key))
            r.values.insert(key, o.value(key).toString());
    }
    r.ok = true;
    return r;
}

SecretStore::Result SecretStore::writeFile(const QHash<QString, QString>& values) const
{
    Result r;
    QJsonObject o;
    QFile existing(m_filePath);
    if (existing.open(QIODevice::ReadOnly))
        o = QJsonDocument::fromJson(existing.readAll()).object();
    existing.close();
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (it.value().isEmpty())
            o.remove(it.key());
        else
            o.insert(it.key(), it.value());
    }
    const QString dir = QFileInfo(m_filePath).absolutePath();
    if (!QDir().mkpath(dir)) {
        r.error = tr("Cannot create the directory %1").arg(dir);
        return r;
    }
    QSaveFile file(m_filePath);
    // Owner-only before the first byte is written.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        r.error = tr("Cannot write %1: %2").arg(m_filePath, file.errorString());
        return r;
    }
    file.write(QJsonDocument(o).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        r.error = tr("Cannot write %1: %2").arg(m_filePath, file.errorString());
        return r;
    }
    QFile::setPermissions(m_filePath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    r.ok = true;
    return r;
}
