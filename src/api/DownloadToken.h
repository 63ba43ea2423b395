#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

// The Panel's signed download link (`GET /download/backup?token=<JWT>`), as Wings checks it: an HS256 JWT signed
// with the node's token, carrying `server_uuid`, `backup_uuid`, `unique_id` and `exp`. Verified with libjwt; any
// other algorithm (`none` above all) is refused before libjwt sees the token.
struct DownloadToken
{
    enum class Problem
    {
        None,
        Malformed,   // not three base64url parts of JSON
        Algorithm,   // anything but HS256
        Signature,   // not signed with the node's token
        Expired,     // `exp` has passed (or `nbf` has not come yet)
        MissingClaim // a required claim is absent or not of its type
    };

    QString serverUuid;
    QString backupUuid;
    QString uniqueId;
    qint64 expires = 0; // seconds since the epoch

    static Problem verify(const QByteArray& token, const QByteArray& key, qint64 now, DownloadToken* out);
};

// The unique ids of the links already used: each is accepted once, remembered until its `exp` (after which the link
// is refused as expired anyway). Bounded: expired ids are dropped as the set grows, and past `capacity` live ids a
// new one is refused rather than another forgotten.
class UsedTokenIds
{
public:
    explicit UsedTokenIds(int capacity = 100000) : m_capacity(capacity) {}
    enum class Result
    {
        Accepted,
        Reused,
        Full,
    };
    Result consume(const QString& uniqueId, qint64 expires, qint64 now);
    int size() const { return int(m_expiry.size()); }

private:
    void dropExpired(qint64 now);

    int m_capacity;
    QHash<QString, qint64> m_expiry;
    int m_nextSweep = 1024;
};
