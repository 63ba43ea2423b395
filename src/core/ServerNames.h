#pragma once

#include "Config.h"

#include <QHash>
#include <QObject>
#include <QTimer>

class Catalogue;
class QNetworkAccessManager;
class QNetworkReply;

// The servers' names, read from the Panel as Wings reads its servers:
//   GET {remote}/api/remote/servers?page=N&per_page=50   (Bearer token_id.token)
// every page, names at data[].settings.meta.name, pages until meta.last_page (or meta.pagination.total_pages).
// Refreshed in the background at start() and every few minutes; kept in the catalogue so that a restart shows
// them at once. Only a whole, well-formed answer replaces the names: a Panel that is down or answers nonsense
// leaves the last known ones, with one warning until it answers again. Main thread only.
class ServerNames : public QObject
{
    Q_OBJECT
public:
    static constexpr int kPerPage = 50;
    static constexpr int kMaxPages = 1000; // 50,000 servers: far beyond a node, a bound on a confused Panel

    ServerNames(const Config& config, Catalogue* catalogue, QObject* parent = nullptr);
    ~ServerNames() override;

    // The server's name, or an empty string while it is not known.
    QString name(const QString& serverUuid) const;
    QHash<QString, QString> all() const;

    bool isEnabled() const { return !m_remote.isEmpty(); }
    // Reads once now, then every interval (default 5 min; POUCH_NAMES_REFRESH_MS overrides it, for tests).
    void start();
    void refresh();

Q_SIGNALS:
    void changed();

private:
    void fetch(int page);
    void onPage(QNetworkReply* reply, int page);
    void failed(const QString& why);

    QString m_remote;
    QByteArray m_authorization;
    QByteArray m_userAgent;
    int m_timeoutMs;
    Catalogue* m_catalogue;
    QNetworkAccessManager* m_network;
    QTimer m_timer;
    QHash<QString, QString> m_collected; // the pages read so far of the refresh under way
    bool m_running = false;
    bool m_warned = false; // one warning while the Panel keeps failing
};
