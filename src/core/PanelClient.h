#pragma once

#include "Config.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

class Job;
class JobManager;
class QNetworkAccessManager;
class QNetworkReply;

// Calls the Panel back when a backup or restore finished, as Wings does:
//   POST {remote}/api/remote/backups/{backup}          {"successful", "checksum", "checksum_type", "size", "parts"}
//   POST {remote}/api/remote/backups/{backup}/restore  {"successful"}
// Network errors and 5xx are retried with exponential backoff for remote_query.timeout; 4xx is final. Each
// callback is first written to a durable outbox (JSON files under Config::stateDirectory()/outbox), removed
// once the Panel accepted or refused it, and re-sent at the next start (and every few minutes) otherwise.
// Duplicates are harmless to the Panel. A failed callback never touches a snapshot.
class PanelClient : public QObject
{
    Q_OBJECT
public:
    explicit PanelClient(const Config& config, QObject* parent = nullptr);
    ~PanelClient() override;

    // "Pelican Wings/v<version> (id:<token_id>)": the Panel checks it; the API sends the same one.
    static QString userAgent(const Config& config);

    bool isEnabled() const { return !m_remote.isEmpty(); }
    // Reports every backup and restore job of `jobs` when it finishes.
    void attach(JobManager* jobs);

    // Empty disables the outbox (callbacks then live in memory only). Default: <stateDirectory>/outbox.
    void setOutboxDirectory(const QString& dir) { m_outboxDir = dir; }
    QString outboxDirectory() const { return m_outboxDir; }
    void setRetryDelays(int firstMs, int maxMs);
    // Re-sends what an earlier run could not deliver. Returns how many callbacks it found.
    int resumeOutbox();

    // Queues one callback; `path` is relative to `remote`, e.g. "/api/remote/backups/<uuid>".
    void send(const QString& path, const QJsonObject& body);
    void reportJob(const Job* job);

    int pendingCount() const { return int(m_pending.size()); }
    // For shutdown: processes events until nothing is in flight or `msecs` passed.
    bool waitForIdle(int msecs);

Q_SIGNALS:
    void delivered(const QString& path, int httpStatus);
    // Final failure (4xx) or given up for now (kept in the outbox when there is one).
    void failed(const QString& path, const QString& error);

private:
    struct Pending
    {
        QString id;
        QString path;
        QJsonObject body;
        QString file; // in the outbox, or empty
        int attempts = 0;
        QElapsedTimer since; // first attempt of this run
        QNetworkReply* reply = nullptr;
        QTimer* retry = nullptr;
    };

    void attempt(const QString& id);
    void onFinished(const QString& id, QNetworkReply* reply);
    void finish(const QString& id, bool keepInOutbox);
    QString persist(const QString& id, const QString& path, const QJsonObject& body);
    void sweepOutbox();

    Config m_config;
    QString m_remote;
    QString m_outboxDir;
    QByteArray m_userAgent;
    QNetworkAccessManager* m_network;
    QHash<QString, Pending> m_pending;
    QTimer m_sweep;
    int m_firstDelayMs = 500;
    int m_maxDelayMs = 30000;
};
