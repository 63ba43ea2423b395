#include "ServerPaths.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

ServerPaths::ServerPaths(QString dataDirectory) : m_dataDirectory(QDir::cleanPath(std::move(dataDirectory))) {}

bool ServerPaths::isCanonicalUuid(const QString& id)
{
    static const QRegularExpression pattern(
        QStringLiteral("\\A[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\z"));
    return id.size() == 36 && pattern.match(id).hasMatch();
}

QString ServerPaths::pathFor(const QString& serverUuid) const
{
    return m_dataDirectory + QLatin1Char('/') + serverUuid;
}

QString ServerPaths::serverDirectory(const QString& serverUuid) const
{
    if (!isCanonicalUuid(serverUuid))
        return {};
    const QString path = pathFor(serverUuid);
    const QFileInfo info(path);
    // A symlinked server directory could point anywhere: only a real directory counts.
    if (!info.isDir() || info.isSymLink())
        return {};
    return path;
}

QStringList ServerPaths::servers() const
{
    QStringList result;
    const QStringList names = QDir(m_dataDirectory).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString& name : names) {
        if (!serverDirectory(name).isEmpty())
            result << name;
    }
    return result;
}

QString ServerPaths::stagingRoot() const
{
    return m_dataDirectory + QStringLiteral("/.pouch-staging");
}
