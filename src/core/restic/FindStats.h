#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

// restic's restore-size stats of many snapshots from one `restic find --json --snapshot … '*'`: every node of
// each snapshot, as `restic stats` counts them (every node, and the sizes of files). One restic call (one key
// derivation, one index load) instead of one `stats` per snapshot.
//
// The output is one JSON array, tens of megabytes for many snapshots: it is parsed as it streams, one match
// object at a time, and never held whole.
class FindStatsParser
{
public:
    struct Figures
    {
        qint64 nodes = 0;
        qint64 fileBytes = 0;
        qint64 hits = -1;       // restic's own count of the snapshot's matches
        bool hardLinks = false; // a file with more than one link: `stats` counts its size once per inode, and
                                // `find` does not say the inode, so these need `restic stats`
    };

    void feed(const char* data, qsizetype size);
    // True when the stream was one well-formed array whose every snapshot's count matched restic's hits.
    bool finish(QString* error);
    const QHash<QString, Figures>& results() const { return m_results; }

private:
    void matchEnded();
    void snapshotEnded();

    int m_depth = 0;
    bool m_inString = false;
    bool m_escaped = false;
    bool m_broken = false;
    QByteArray m_match;    // the match object being read (depth 3 and deeper)
    QByteArray m_envelope; // the snapshot object without its matches (depth 1 and 2)
    Figures m_current;
    QHash<QString, Figures> m_results;
    QString m_error;
};
