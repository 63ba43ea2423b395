#include "PanelClient.h"
#include "Job.h"
#include "JobManager.h"
#include "Logging.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSaveFile>
#include <QThread>
#include <QUuid>

namespace {
constexpr int kSweepIntervalMs = 5 * 60 * 1000;
}

PanelClient::PanelClient(const Config& config, QObject* parent)
    : QObject(parent), m_config(config), m_userAgent(userAgent(config).toUtf8()),
      m_network(new QNetworkAccessManager(this))
{
    m_remote = config.remote.trimmed();
    while (m_remote.endsWith(QLatin1Char('/')))
        m_remote.chop(1);
    m_outboxDir = config.stateDirectory() + QStringLiteral("/outbox");
    m_sweep.setInterval(kSweepIntervalMs);
    connect(&m_sweep, &QTimer::timeout, this, &PanelClient::sweepOutbox);
}

PanelClient::~PanelClient()
{
    // What is still pending stays in the outbox for the next start.
    for (Pending& p : m_pending) {
        if (p.reply) {
            p.reply->disconnect(this);
            p.reply->abort();
        }
    }
}

QString PanelClient::userAgent(const Config& config)
{
    return QStringLiteral("Pelican Wings/v%1 (id:%2)").arg(QStringLiteral(POUCH_VERSION), config.tokenId);
}

void PanelClient::setRetryDelays(int firstMs, int maxMs)
{
    m_firstDelayMs = qMax(1, firstMs);
    m_maxDelayMs = qMax(m_firstDelayMs, maxMs);
}

void PanelClient::attach(JobManager* jobs)
{
    connect(jobs, &JobManager::jobFinished, this, [this](Job* job) { reportJob(job); });
}

void PanelClient::reportJob(const Job* job)
{
    if (!isEnabled())
        return;
    const bool ok = job->state() == Job::State::Succeeded;
    const JobOutcome outcome = job->outcome();
    if (job->kind() == Job::Kind::Backup) {
        // The Panel refuses a successful report without checksum, type and size: restic's snapshot id and size.
        send(QStringLiteral("/api/remote/backups/") + job->backupUuid(),
             {{QStringLiteral("successful"), ok},
              {QStringLiteral("checksum"), ok ? outcome.snapshotId : QString()},
              {QStringLiteral("checksum_type"), QLatin1String(ChecksumType::kPanel)},
              {QStringLiteral("size"), ok ? double(outcome.snapshotSize) : 0.0},
              {QStringLiteral("parts"), QJsonValue()}});
    } else if (job->kind() == Job::Kind::Restore) {
        send(QStringLiteral("/api/remote/backups/%1/restore").arg(job->backupUuid()),
             {{QStringLiteral("successful"), ok}});
    }
}

void PanelClient::send(const QString& path, const QJsonObject& body)
{
    if (!isEnabled())
        return;
    Pending p;
    p.id = QUuid::createUuid().toString(QUuid::Id128);
    p.path = path;
    p.body = body;
    p.file = persist(p.id, path, body);
    m_pending.insert(p.id, p);
    attempt(p.id);
}

QString PanelClient::persist(const QString& id, const QString& path, const QJsonObject& body)
{
    if (m_outboxDir.isEmpty())
        return {};
    if (!QDir().mkpath(m_outboxDir)) {
        qCWarning(lcPanel).noquote() << "cannot create the callback outbox" << m_outboxDir
                                     << "; this callback is kept in memory only";
        return {};
    }
    // The time first, so that a directory listing is the order they happened in.
    const QString file = QStringLiteral("%1/%2-%3.json")
                             .arg(m_outboxDir)
                             .arg(QDateTime::currentMSecsSinceEpoch(), 13, 10, QLatin1Char('0'))
                             .arg(id);
    QSaveFile out(file);
    const QJsonObject entry{{QStringLiteral("path"), path},
                            {QStringLiteral("body"), body},
                            {QStringLiteral("created"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
    if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(entry).toJson(QJsonDocument::Compact)) < 0 ||
        !out.commit()) {
        qCWarning(lcPanel).noquote() << "cannot write" << file << ":" << out.errorString();
        return {};
    }
    QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return file;
}

int PanelClient::resumeOutbox()
{
    if (!isEnabled() || m_outboxDir.isEmpty())
        return 0;
    QSet<QString> known;
    for (const Pending& p : std::as_const(m_pending))
        known.insert(p.file);
    const QDir dir(m_outboxDir);
    int found = 0;
    for (const QFileInfo& info : dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        if (known.contains(info.absoluteFilePath()))
            continue;
        QFile file(info.absoluteFilePath());
        const QJsonObject entry =
            file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
        const QString path = entry.value(QLatin1String("path")).toString();
        if (!path.startsWith(QLatin1String("/api/remote/"))) {
            qCWarning(lcPanel).noquote() << "ignoring unreadable callback file" << info.absoluteFilePath();
            continue;
        }
        Pending p;
        p.id = info.completeBaseName();
        p.path = path;
        p.body = entry.value(QLatin1String("body")).toObject();
        p.file = info.absoluteFilePath();
        m_pending.insert(p.id, p);
        ++found;
        qCInfo(lcPanel).noquote() << "re-sending callback from the outbox:" << p.path;
        attempt(p.id);
    }
    if (!m_sweep.isActive())
        m_sweep.start();
    return found;
}

void PanelClient::sweepOutbox()
{
    resumeOutbox();
}

void PanelClient::attempt(const QString& id)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    Pending& p = *it;
    if (!p.since.isValid())
        p.since.start();
    ++p.attempts;
    QNetworkRequest request(QUrl(m_remote + p.path));
    request.setRawHeader("Authorization",
                         QStringLiteral("Bearer %1.%2").arg(m_config.tokenId, m_config.token).toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("Content-Type", "application/json");
    request.setRawHeader("User-Agent", m_userAgent);
    // One attempt never outlasts what is left of remote_query.timeout.
    const qint64 left = qint64(m_config.remoteTimeoutSec) * 1000 - p.since.elapsed();
    request.setTransferTimeout(int(qBound<qint64>(1000, left, qint64(m_config.remoteTimeoutSec) * 1000)));
    QNetworkReply* reply = m_network->post(request, QJsonDocument(p.body).toJson(QJsonDocument::Compact));
    p.reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, id, reply] { onFinished(id, reply); });
}

void PanelClient::onFinished(const QString& id, QNetworkReply* reply)
{
    reply->deleteLater();
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    Pending& p = *it;
    p.reply = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status < 300) {
        qCInfo(lcPanel).noquote() << "Panel accepted" << p.path << "with" << status << "after" << p.attempts
                                  << (p.attempts == 1 ? "attempt" : "attempts");
        const QString path = p.path;
        finish(id, false);
        Q_EMIT delivered(path, status);
        return;
    }
    if (status >= 400 && status < 500) {
        // The Panel said no to this very request: sending it again will not change its mind.
        const QString error =
            QStringLiteral("HTTP %1: %2").arg(status).arg(QString::fromUtf8(reply->readAll().left(500)));
        qCWarning(lcPanel).noquote() << "Panel refused" << p.path << ":" << error;
        const QString path = p.path;
        finish(id, false);
        Q_EMIT failed(path, error);
        return;
    }
    const QString error = status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
    const qint64 budget = qint64(m_config.remoteTimeoutSec) * 1000;
    const int delay = int(qMin<qint64>(m_maxDelayMs, qint64(m_firstDelayMs) << qMin(p.attempts - 1, 20)));
    if (p.since.elapsed() + delay >= budget) {
        qCWarning(lcPanel).noquote() << "giving up on" << p.path << "for now after" << p.attempts
                                     << "attempts:" << error
                                     << (p.file.isEmpty() ? QString() : QStringLiteral("(kept in %1)").arg(p.file));
        const QString path = p.path;
        finish(id, true);
        Q_EMIT failed(path, error);
        return;
    }
    qCInfo(lcPanel).noquote() << "callback" << p.path << "failed (" << error << "), retrying in" << delay << "ms";
    p.retry = new QTimer(this);
    p.retry->setSingleShot(true);
    connect(p.retry, &QTimer::timeout, this, [this, id] {
        auto it = m_pending.find(id);
        if (it == m_pending.end())
            return;
        it->retry->deleteLater();
        it->retry = nullptr;
        attempt(id);
    });
    p.retry->start(delay);
}

void PanelClient::finish(const QString& id, bool keepInOutbox)
{
    const Pending p = m_pending.take(id);
    if (p.retry)
        p.retry->deleteLater();
    if (!keepInOutbox && !p.file.isEmpty())
        QFile::remove(p.file);
}

bool PanelClient::waitForIdle(int msecs)
{
    QDeadlineTimer deadline(msecs);
    while (!m_pending.isEmpty()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(5);
    }
    return true;
}
