#pragma once

#include <QString>
#include <QStringList>

// The only place that turns a server id into a path, and the place that says no.
class ServerPaths
{
public:
    explicit ServerPaths(QString dataDirectory);

    // Canonical lowercase 8-4-4-4-12 hex UUID; nothing else is accepted as a server or backup id.
    static bool isCanonicalUuid(const QString& id);

    // The server's directory if the id is canonical and the directory exists; empty otherwise.
    QString serverDirectory(const QString& serverUuid) const;
    // The path a server's directory has (or would have), for ids already known to be canonical.
    QString pathFor(const QString& serverUuid) const;
    QStringList servers() const;

    QString dataDirectory() const { return m_dataDirectory; }
    // Staging lives beside the volumes so that swapping a restore in is a rename on one filesystem.
    QString stagingRoot() const;

private:
    QString m_dataDirectory;
};
