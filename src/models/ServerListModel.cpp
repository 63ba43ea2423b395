#include "ServerListModel.h"
#include "Format.h"

#include <QBrush>
#include <QGuiApplication>
#include <QHash>
#include <QPalette>

#include <algorithm>

ServerListModel::ServerListModel(QObject* parent) : QAbstractListModel(parent) {}

int ServerListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_servers.size()) + 1;
}

int ServerListModel::rowOf(const QString& serverUuid) const
{
    if (serverUuid.isEmpty())
        return 0;
    for (int i = 0; i < m_servers.size(); ++i) {
        if (m_servers.at(i).uuid == serverUuid)
            return i + 1;
    }
    return -1;
}

QString ServerListModel::serverAt(int row) const
{
    return row >= 1 && row <= m_servers.size() ? m_servers.at(row - 1).uuid : QString();
}

QStringList ServerListModel::serversOnDisk() const
{
    QStringList out;
    for (const Entry& e : m_servers) {
        if (e.onDisk)
            out << e.uuid;
    }
    return out;
}

void ServerListModel::setServers(const QStringList& onDisk, const QList<Snapshot>& snapshots)
{
    QHash<QString, Entry> incoming;
    for (const QString& uuid : onDisk) {
        Entry& e = incoming[uuid];
        e.uuid = uuid;
        e.onDisk = true;
    }
    Entry all;
    for (const Snapshot& s : snapshots) {
        if (s.serverUuid.isEmpty())
            continue;
        Entry& e = incoming[s.serverUuid];
        e.uuid = s.serverUuid;
        ++e.count;
        if (!e.last.isValid() || s.time > e.last)
            e.last = s.time;
        ++all.count;
        if (!all.last.isValid() || s.time > all.last)
            all.last = s.time;
    }

    if (!(all == m_all)) {
        m_all = all;
        Q_EMIT dataChanged(index(0), index(0));
    }
    for (int i = int(m_servers.size()) - 1; i >= 0; --i) {
        if (!incoming.contains(m_servers.at(i).uuid)) {
            beginRemoveRows({}, i + 1, i + 1);
            m_servers.removeAt(i);
            endRemoveRows();
        }
    }
    QStringList uuids = incoming.keys();
    std::sort(uuids.begin(), uuids.end());
    for (int i = 0; i < uuids.size(); ++i) {
        const Entry& e = incoming.value(uuids.at(i));
        if (i < m_servers.size() && m_servers.at(i).uuid == e.uuid) {
            if (!(m_servers.at(i) == e)) {
                m_servers[i] = e;
                Q_EMIT dataChanged(index(i + 1), index(i + 1));
            }
            continue;
        }
        // Both lists are sorted and the vanished rows are gone, so a mismatch here is a new server.
        beginInsertRows({}, i + 1, i + 1);
        m_servers.insert(i, e);
        endInsertRows();
    }
}

QString ServerListModel::subtitle(int count, const QDateTime& last) const
{
    if (count == 0)
        return tr("No snapshots yet");
    const QString when = Format::relativeTime(last);
    return count == 1 ? tr("1 snapshot · last backup %1").arg(when)
                      : tr("%n snapshots · last backup %1", nullptr, count).arg(when);
}

void ServerListModel::setNames(const QHash<QString, QString>& names)
{
    if (names == m_names)
        return;
    m_names = names;
    if (!m_servers.isEmpty())
        Q_EMIT dataChanged(index(1), index(int(m_servers.size())), {Qt::DisplayRole, Qt::ToolTipRole});
}

void ServerListModel::setStaleAfterHours(int hours)
{
    if (hours == m_staleAfterHours || hours < 0)
        return;
    m_staleAfterHours = hours;
    if (!m_servers.isEmpty())
        Q_EMIT dataChanged(index(1), index(int(m_servers.size())));
}

bool ServerListModel::isStale(const Entry& e) const
{
    // A snapshot in the repository is a successful backup; a server without any says so in its subtitle already,
    // and one not on this machine is not backed up here any more.
    if (!e.onDisk || !e.last.isValid())
        return false;
    return e.last.secsTo(QDateTime::currentDateTimeUtc()) >= qint64(m_staleAfterHours) * 3600;
}

QString ServerListModel::label(const Entry& e) const
{
    const QString name = m_names.value(e.uuid);
    return name.isEmpty() ? e.uuid : name;
}

QVariant ServerListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const bool isAll = index.row() == 0;
    const Entry& e = isAll ? m_all : m_servers.at(index.row() - 1);
    switch (role) {
    case Qt::DisplayRole:
        return isAll ? tr("All servers") : label(e);
    case Qt::ToolTipRole: {
        if (isAll)
            return tr("Snapshots of every server in the repository");
        // The uuid is what the Panel and the paths use: always in the tooltip, under the name when there is one.
        const QString who = label(e) == e.uuid ? e.uuid : QStringLiteral("%1\n%2").arg(label(e), e.uuid);
        if (!e.onDisk)
            return tr("%1\nKnown only from its snapshots: it has no directory on this machine.").arg(who);
        if (!e.last.isValid())
            return who;
        const QString last = tr("%1\nLast backup: %2").arg(who, Format::localTime(e.last));
        return isStale(e) ? tr("%1\nNo backup for more than %n hours (the threshold for a stale server).", nullptr,
                               m_staleAfterHours)
                                .arg(last)
                          : last;
    }
    case Qt::ForegroundRole:
        if (!isAll && !e.onDisk)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case ServerUuidRole:
        return isAll ? QString() : e.uuid;
    case SnapshotCountRole:
        return e.count;
    case LastBackupRole:
        return e.last;
    case OnDiskRole:
        return isAll || e.onDisk;
    case SubtitleRole:
        if (!isAll && !e.onDisk)
            return e.count == 1 ? tr("1 snapshot · not on this machine")
                                : tr("%n snapshots · not on this machine", nullptr, e.count);
        return subtitle(e.count, e.last);
    case IsAllRole:
        return isAll;
    case StaleRole:
        return !isAll && isStale(e);
    default:
        return {};
    }
}
