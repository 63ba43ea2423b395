#include "DownloadToken.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

#include <jwt.h>

#include <cstdlib>
#include <memory>

namespace {
struct JwtFree
{
    void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};

QJsonObject decodedPart(const QByteArray& part)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        part, QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return {};
    return QJsonDocument::fromJson(*decoded).object();
}
} // namespace

DownloadToken::Problem DownloadToken::verify(const QByteArray& token, const QByteArray& key, qint64 now,
                                             DownloadToken* out)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3 || parts[0].isEmpty() || parts[1].isEmpty())
        return Problem::Malformed;
    // The header first, by hand: libjwt 1.10 accepts what the token says its algorithm is, and `none` or an
    // algorithm the key was never meant for must never reach verification.
    const QJsonObject header = decodedPart(parts[0]);
    if (header.isEmpty())
        return Problem::Malformed;
    if (header.value(QLatin1String("alg")).toString() != QLatin1String("HS256"))
        return Problem::Algorithm;
    if (parts[2].isEmpty() || key.isEmpty())
        return Problem::Signature;
    jwt_t* raw = nullptr;
    const QByteArray text = token; // jwt_decode wants a NUL-terminated string
    if (jwt_decode(&raw, text.constData(), reinterpret_cast<const unsigned char*>(key.constData()), int(key.size())) !=
            0 ||
        !raw)
        return Problem::Signature;
    std::unique_ptr<jwt_t, JwtFree> jwt(raw);
    if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256)
        return Problem::Algorithm;
    // The claims as JSON: `exp` may be a number of either kind, which jwt_get_grant_int cannot tell from absent.
    char* grants = jwt_get_grants_json(jwt.get(), nullptr);
    const QJsonObject claims = grants ? QJsonDocument::fromJson(QByteArray(grants)).object() : QJsonObject();
    std::free(grants);
    const QJsonValue exp = claims.value(QLatin1String("exp"));
    DownloadToken t;
    t.serverUuid = claims.value(QLatin1String("server_uuid")).toString();
    t.backupUuid = claims.value(QLatin1String("backup_uuid")).toString();
    t.uniqueId = claims.value(QLatin1String("unique_id")).toString();
    if (!exp.isDouble() || t.serverUuid.isEmpty() || t.backupUuid.isEmpty() || t.uniqueId.isEmpty())
        return Problem::MissingClaim;
    t.expires = qint64(exp.toDouble());
    if (t.expires <= now)
        return Problem::Expired;
    const QJsonValue nbf = claims.value(QLatin1String("nbf"));
    if (nbf.isDouble() && qint64(nbf.toDouble()) > now)
        return Problem::Expired;
    *out = t;
    return Problem::None;
}

UsedTokenIds::Result UsedTokenIds::consume(const QString& uniqueId, qint64 expires, qint64 now)
{
    if (m_expiry.contains(uniqueId))
        return Result::Reused;
    if (m_expiry.size() >= m_nextSweep || m_expiry.size() >= m_capacity) {
        dropExpired(now);
        m_nextSweep = qMax(1024, int(m_expiry.size()) * 2);
    }
    if (m_expiry.size() >= m_capacity)
        return Result::Full;
    m_expiry.insert(uniqueId, expires);
    return Result::Accepted;
}

void UsedTokenIds::dropExpired(qint64 now)
{
    for (auto it = m_expiry.begin(); it != m_expiry.end();) {
        if (it.value() <= now)
            it = m_expiry.erase(it);
        else
            ++it;
    }
}
