#include "FindStats.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("FindStatsParser", text);
}
} // namespace

void FindStatsParser::feed(const char* data, qsizetype size)
{
    // Depth: 1 inside the top array, 2 inside a snapshot's object, 3 inside its matches array, 4 inside a match.
    for (qsizetype i = 0; i < size && !m_broken; ++i) {
        const char c = data[i];
        const int before = m_depth;
        if (m_inString) {
            if (m_escaped)
                m_escaped = false;
            else if (c == '\\')
                m_escaped = true;
            else if (c == '"')
                m_inString = false;
        } else if (c == '"') {
            m_inString = true;
        } else if (c == '{' || c == '[') {
            ++m_depth;
        } else if (c == '}' || c == ']') {
            if (--m_depth < 0) {
                m_broken = true;
                m_error = tr("restic find printed unbalanced JSON");
                return;
            }
        }
        const int level = qMax(before, m_depth); // the level this character belongs to
        if (level >= 4)
            m_match += c;
        else if (level == 2 || (level == 3 && c == '[' && before == 2) || (level == 3 && c == ']' && m_depth == 2))
            m_envelope += c; // the snapshot's object with an empty matches array
        if (level == 4 && m_depth == 3)
            matchEnded();
        else if (level == 2 && m_depth == 1)
            snapshotEnded();
    }
}

void FindStatsParser::matchEnded()
{
    const QJsonObject o = QJsonDocument::fromJson(m_match).object();
    m_match.clear();
    if (o.isEmpty()) {
        m_broken = true;
        m_error = tr("restic find printed a match that is not JSON");
        return;
    }
    ++m_current.nodes;
    if (o.value(QLatin1String("type")).toString() == QLatin1String("file")) {
        m_current.fileBytes += qint64(o.value(QLatin1String("size")).toDouble());
        if (o.value(QLatin1String("links")).toDouble() > 1)
            m_current.hardLinks = true;
    }
}

void FindStatsParser::snapshotEnded()
{
    // What is left of the snapshot's object once its matches were taken out: {"matches":[],"hits":N,…}.
    const QJsonObject o = QJsonDocument::fromJson(m_envelope).object();
    m_envelope.clear();
    const QString id = o.value(QLatin1String("snapshot")).toString();
    if (id.isEmpty()) {
        m_broken = true;
        m_error = tr("restic find printed a result without its snapshot");
        return;
    }
    m_current.hits = qint64(o.value(QLatin1String("hits")).toDouble(-1));
    m_results.insert(id, m_current);
    m_current = Figures();
}

bool FindStatsParser::finish(QString* error)
{
    if (!m_broken && (m_depth != 0 || m_inString)) {
        m_broken = true;
        m_error = tr("restic find's output ended early");
    }
    for (auto it = m_results.constBegin(); !m_broken && it != m_results.constEnd(); ++it) {
        if (it->hits != it->nodes) {
            m_broken = true;
            m_error = tr("restic find reported %1 matches for %2 but printed %3")
                          .arg(it->hits)
                          .arg(it.key().left(8))
                          .arg(it->nodes);
        }
    }
    if (m_broken && error)
        *error = m_error;
    return !m_broken;
}
