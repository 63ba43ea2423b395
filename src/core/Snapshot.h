#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QStringList>

#include <optional>

struct SnapshotStats
{
    qint64 totalSize = 0;
    qint64 totalFileCount = 0;
};

struct Snapshot
{
    QString id;
    QString shortId;
    QDateTime time;
    QString hostname;
    QString backupUuid;
    QString serverUuid;
    QStringList paths;
    QStringList tags;
    QString parent; // restic's parent snapshot id, when it had one
    QString tree;   // the root tree's id: the key of a snapshot's file index
    std::optional<SnapshotStats> stats;
    QString nodeKey; // the console: the node that listed it (Node::key()); empty in the core


    static Snapshot fromResticJson(const QJsonObject& object);
    // A full restic snapshot id (64 lowercase hex digits): the only form ever passed back to restic.
    static bool isSnapshotId(const QString& id);

    // Parses `restic snapshots --json`; newest first. Entries without a valid id are dropped.
    static QList<Snapshot> listFromResticJson(const QByteArray& json, QString* error = nullptr);
};

Q_DECLARE_METATYPE(Snapshot)
