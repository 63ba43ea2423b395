#include "Snapshot.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace {
QString tagValue(const QStringList& tags, QLatin1String prefix)
{
    for (const QString& tag : tags) {
        if (tag.startsWith(prefix))
            return tag.mid(prefix.size());
    }
    return {};
}
} // namespace

Snapshot Snapshot::fromResticJson(const QJsonObject& o)
{
    Snapshot s;
    s.id = o.value(QLatin1String("id")).toString();
    s.shortId = o.value(QLatin1String("short_id")).toString();
    if (s.shortId.isEmpty())
        s.shortId = s.id.left(8);
    s.time = QDateTime::fromString(o.value(QLatin1String("time")).toString(), Qt::ISODateWithMs);
    s.hostname = o.value(QLatin1String("hostname")).toString();
    s.parent = o.value(QLatin1String("parent")).toString();
    s.tree = o.value(QLatin1String("tree")).toString();
    for (const QJsonValue& v : o.value(QLatin1String("paths")).toArray())
        s.paths << v.toString();
    for (const QJsonValue& v : o.value(QLatin1String("tags")).toArray())
        s.tags << v.toString();
    s.backupUuid = tagValue(s.tags, QLatin1String("backup_uuid:"));
    s.serverUuid = tagValue(s.tags, QLatin1String("server_uuid:"));
    return s;
}

bool Snapshot::isSnapshotId(const QString& id)
{
    if (id.size() != 64)
        return false;
    for (const QChar c : id) {
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return false;
    }
    return true;
}

QList<Snapshot> Snapshot::listFromResticJson(const QByteArray& json, QString* error)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    QList<Snapshot> result;
    if (!doc.isArray()) {
        // restic prints `null` for an empty repository in some versions.
        if (!json.trimmed().isEmpty() && json.trimmed() != "null" && error)
            *error = QObject::tr("Cannot read restic's snapshot list: %1").arg(parseError.errorString());
        return result;
    }
    for (const QJsonValue& v : doc.array()) {
        Snapshot s = fromResticJson(v.toObject());
        if (isSnapshotId(s.id))
            result << s;
    }
    std::stable_sort(result.begin(), result.end(),
                     [](const Snapshot& a, const Snapshot& b) { return a.time > b.time; });
    return result;
}
