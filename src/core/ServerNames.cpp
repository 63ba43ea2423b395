#include "ServerNames.h"
#include "Logging.h"
#include "PanelClient.h"
#include "ServerPaths.h"
#include "catalogue/Catalogue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace {
constexpr int kDefaultRefreshMs = 5 * 60 * 1000;
constexpr int kMaxNameChars = 191; // the Panel's column; a longer one is not a name
} // namespace

ServerNames::ServerNames(const Config& config, Catalogue* catalogue, QObject* parent)
    : QObject(parent), m_authorization(QStringLiteral("Bearer %1.%2").arg(config.tokenId, config.token).toUtf8()),
      m_userAgent(PanelClient::userAgent(config).toUtf8()), m_timeoutMs(config.remoteTimeoutSec * 1000),
      m_catalogue(catalogue), m_network(new QNetworkAccessManager(this))
{
    m_remote = config.remote.trimmed();
    while (m_remote.endsWith(QLatin1Char('/')))
        m_remote.chop(1);
    const int interval = qEnvironmentVariableIntValue("POUCH_NAMES_REFRESH_MS");
    m_timer.setInterval(interval > 0 ? interval : kDefaultRefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &ServerNames::refresh);
}

ServerNames::~ServerNames() = default;

QString ServerNames::name(const QString& serverUuid) const
{
    return m_catalogue->serverNames().value(serverUuid);
}

QHash<QString, QString> ServerNames::all() const
{
    return m_catalogue->serverNames();
}

void ServerNames::start()
{
    if (!isEnabled())
        return;
    m_timer.start();
    refresh();
}

void ServerNames::refresh()
{
    if (!isEnabled() || m_running)
        return;
    m_running = true;
    m_collected.clear();
    fetch(1);
}

void ServerNames::fetch(int page)
{
    QUrl url(m_remote + QStringLiteral("/api/remote/servers"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("page"), QString::number(page));
    query.addQueryItem(QStringLiteral("per_page"), QString::number(kPerPage));
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", m_authorization);
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", m_userAgent);
    request.setTransferTimeout(m_timeoutMs);
    QNetworkReply* reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, page] { onPage(reply, page); });
}

void ServerNames::onPage(QNetworkReply* reply, int page)
{
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError || status != 200)
        return failed(status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString());
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll(), &parseError);
    const QJsonValue data = doc.object().value(QLatin1String("data"));
    if (parseError.error != QJsonParseError::NoError || !data.isArray())
        return failed(QStringLiteral("page %1 is not {\"data\": [...]}").arg(page));
    for (const QJsonValue& server : data.toArray()) {
        const QString uuid = server.toObject().value(QLatin1String("uuid")).toString();
        const QJsonValue name = server.toObject()
                                    .value(QLatin1String("settings"))
                                    .toObject()
                                    .value(QLatin1String("meta"))
                                    .toObject()
                                    .value(QLatin1String("name"));
        // A server without a usable name keeps none rather than something that is not its name.
        const QString text = name.toString().trimmed();
        if (ServerPaths::isCanonicalUuid(uuid) && !text.isEmpty() && text.size() <= kMaxNameChars)
            m_collected.insert(uuid, text);
    }
    // Wings reads meta.last_page (Laravel's paginator); some Panels answer meta.pagination.total_pages.
    const QJsonObject meta = doc.object().value(QLatin1String("meta")).toObject();
    int last = meta.value(QLatin1String("last_page")).toInt(0);
    if (last == 0)
        last = meta.value(QLatin1String("pagination")).toObject().value(QLatin1String("total_pages")).toInt(1);
    if (page < qMin(last, kMaxPages))
        return fetch(page + 1);
    m_running = false;
    if (m_warned)
        qCInfo(lcPanel).noquote() << "the Panel answers again: read" << m_collected.size() << "server names";
    m_warned = false;
    const bool different = m_collected != m_catalogue->serverNames();
    m_catalogue->setServerNames(m_collected);
    m_collected.clear();
    if (different)
        Q_EMIT changed();
}

void ServerNames::failed(const QString& why)
{
    m_running = false;
    m_collected.clear();
    if (m_warned)
        return;
    m_warned = true;
    qCWarning(lcPanel).noquote() << "cannot read the server names from the Panel (" << why
                                 << "); keeping the last known ones and trying again every" << m_timer.interval() / 1000
                                 << "s";
}
