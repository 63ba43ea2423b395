#include "S3Server.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>
#include <QTimer>

#include <csignal>
#include <sys/types.h>

#ifndef POUCH_TEST_SOURCE_DIR
#define POUCH_TEST_SOURCE_DIR ""
#endif

namespace {

constexpr int ReadyTimeoutMs = 15000;
constexpr int StartAttempts = 3;

void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}

quint16 pickFreePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

QString findNode()
{
    const QString fromEnv = qEnvironmentVariable("POUCH_TEST_NODE");
    if (!fromEnv.isEmpty())
        return QFileInfo(fromEnv).isExecutable() ? fromEnv : QStandardPaths::findExecutable(fromEnv);
    QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        node = QStandardPaths::findExecutable(QStringLiteral("nodejs"));
    return node;
}

} // namespace

S3Server::~S3Server()
{
    stop();
}

QString S3Server::s3Dir()
{
    QString source = qEnvironmentVariable("POUCH_SOURCE_DIR");
    if (source.isEmpty())
        source = QStringLiteral(POUCH_TEST_SOURCE_DIR);
    return QDir(source).filePath(QStringLiteral("tests/s3"));
}

bool S3Server::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QString S3Server::endpoint() const
{
    return QStringLiteral("https://127.0.0.1:%1").arg(m_port);
}

QString S3Server::repositoryUrl(const QString& bucket) const
{
    return QStringLiteral("s3:") + endpoint() + QLatin1Char('/') + bucket;
}

QString S3Server::output() const
{
    if (!m_process)
        return {};
    // QProcess buffers what the child wrote; peek so that later calls still see all of it.
    return QString::fromLocal8Bit(m_process->peek(m_process->bytesAvailable()));
}

bool S3Server::generateCertificate(QString* error)
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty()) {
        setError(error, QStringLiteral("openssl not found in PATH (Debian package: openssl); run scripts/deps.sh"));
        return false;
    }
    m_keyPath = m_tempDir->filePath(QStringLiteral("key.pem"));
    m_certPath = m_tempDir->filePath(QStringLiteral("cert.pem"));
    QProcess proc;
    proc.setProcessChannelMode(QProcess::MergedChannels);
    proc.start(openssl,
               {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                QStringLiteral("-keyout"), m_keyPath, QStringLiteral("-out"), m_certPath, QStringLiteral("-days"),
                QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1")});
    if (!proc.waitForFinished(30000) || proc.exitStatus() != QProcess::NormalExit || proc.exitCode() != 0) {
        setError(error, QStringLiteral("openssl failed to generate the test certificate: %1")
                            .arg(QString::fromLocal8Bit(proc.readAll()).trimmed()));
        return false;
    }
    if (!QFileInfo::exists(m_certPath) || !QFileInfo::exists(m_keyPath)) {
        setError(error, QStringLiteral("openssl did not write %1 / %2").arg(m_certPath, m_keyPath));
        return false;
    }
    return true;
}

bool S3Server::request(const QByteArray& verb, const QString& path, int* status, QByteArray* body, int timeoutMs,
                       QString* error)
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(QSslCertificate::fromPath(m_certPath));
    QNetworkRequest req(QUrl(endpoint() + path));
    req.setSslConfiguration(ssl);
    req.setTransferTimeout(timeoutMs);
    QNetworkAccessManager nam;
    QNetworkReply* reply = nam.sendCustomRequest(req, verb);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    bool ok = reply->isFinished();
    if (!ok) {
        reply->abort();
        setError(error,
                 QStringLiteral("%1 %2: no answer within %3 ms").arg(QString::fromLatin1(verb), path).arg(timeoutMs));
    } else {
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (body)
            *body = reply->readAll();
        if (*status == 0) {
            ok = false;
            setError(error, reply->errorString());
        }
    }
    delete reply;
    return ok;
}

bool S3Server::waitUntilReady(int timeoutMs, QString* error)
{
    QDeadlineTimer deadline(timeoutMs);
    QString lastError;
    while (!deadline.hasExpired()) {
        m_process->waitForFinished(0); // lets QProcess notice an early exit
        if (m_process->state() == QProcess::NotRunning) {
            setError(error, QStringLiteral("s3rver exited during start-up (exit code %1): %2")
                                .arg(m_process->exitCode())
                                .arg(output().trimmed()));
            return false;
        }
        int status = 0;
        QByteArray body;
        const int remaining = int(qMax<qint64>(500, qMin<qint64>(3000, deadline.remainingTime())));
        if (request("GET", QStringLiteral("/"), &status, &body, remaining, &lastError)) {
            if (status == 200) {
                bool allBuckets = true;
                for (const QString& bucket : std::as_const(m_buckets))
                    allBuckets = allBuckets && body.contains("<Name>" + bucket.toUtf8() + "</Name>");
                if (allBuckets)
                    return true;
                lastError = QStringLiteral("buckets not listed yet: %1").arg(QString::fromUtf8(body));
            } else {
                lastError = QStringLiteral("HTTP %1").arg(status);
            }
        }
        QThread::msleep(100);
    }
    setError(error, QStringLiteral("s3rver did not answer over TLS on %1 within %2 ms (last error: %3; output: %4)")
                        .arg(endpoint())
                        .arg(timeoutMs)
                        .arg(lastError, output().trimmed()));
    return false;
}

bool S3Server::start(QString* error)
{
    stop();
    const QString dir = s3Dir();
    const QString script = QDir(dir).filePath(QStringLiteral("node_modules/s3rver/bin/s3rver.js"));
    const QString node = findNode();
    if (node.isEmpty()) {
        setError(error, QStringLiteral("node not found in PATH (Debian packages: nodejs npm); run scripts/deps.sh"));
        return false;
    }
    if (!QFileInfo::exists(script)) {
        setError(error, QStringLiteral("s3rver is not installed: %1 is missing; run `npm ci` in %2 "
                                       "(scripts/quickstart test does that)")
                            .arg(script, QDir::toNativeSeparators(dir)));
        return false;
    }

    m_tempDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/pouch-s3rver-XXXXXX"));
    if (!m_tempDir->isValid()) {
        setError(error, QStringLiteral("cannot create a temporary directory: %1").arg(m_tempDir->errorString()));
        return false;
    }
    if (!generateCertificate(error))
        return false;
    m_dataDir = m_tempDir->filePath(QStringLiteral("data"));
    QDir().mkpath(m_dataDir);

    QString lastError;
    for (int attempt = 0; attempt < StartAttempts; ++attempt) {
        m_port = pickFreePort();
        if (m_port == 0) {
            lastError = QStringLiteral("no free TCP port on 127.0.0.1");
            continue;
        }
        if (launch(&lastError))
            return true;
        if (!lastError.contains(QLatin1String("EADDRINUSE")))
            break;
    }
    setError(error, lastError);
    return false;
}

bool S3Server::launch(QString* error)
{
    const QString script = QDir(s3Dir()).filePath(QStringLiteral("node_modules/s3rver/bin/s3rver.js"));
    QStringList args{QStringLiteral("-r"),
                     QDir(s3Dir()).filePath(QStringLiteral("guard.js")),
                     script,
                     QStringLiteral("--directory"),
                     m_dataDir,
                     QStringLiteral("--address"),
                     QStringLiteral("127.0.0.1"),
                     QStringLiteral("--port"),
                     QString::number(m_port),
                     QStringLiteral("--key"),
                     m_keyPath,
                     QStringLiteral("--cert"),
                     m_certPath,
                     QStringLiteral("--silent")};
    for (const QString& bucket : std::as_const(m_buckets))
        args << QStringLiteral("--configure-bucket") << bucket;
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setWorkingDirectory(m_tempDir->path());
    m_process->start(findNode(), args);
    if (!m_process->waitForStarted(10000)) {
        setError(error, QStringLiteral("cannot start node: %1").arg(m_process->errorString()));
        m_process.reset();
        return false;
    }
    m_pid = m_process->processId();
    QString lastError;
    if (waitUntilReady(ReadyTimeoutMs, &lastError))
        return true;
    if (output().contains(QLatin1String("EADDRINUSE")))
        lastError += QStringLiteral(" (EADDRINUSE)");
    stop();
    setError(error, lastError);
    return false;
}

void S3Server::crash()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    m_process.reset();
    m_pid = 0;
}

void S3Server::freeze()
{
    if (m_pid > 0)
        ::kill(static_cast<pid_t>(m_pid), SIGSTOP);
}

bool S3Server::resume(QString* error)
{
    if (isRunning())
        return true;
    if (!m_tempDir || m_port == 0) {
        setError(error, QStringLiteral("resume() needs a server that was started before"));
        return false;
    }
    return launch(error);
}

bool S3Server::createBucket(const QString& bucket, QString* error)
{
    if (!isRunning()) {
        setError(error, QStringLiteral("s3rver is not running"));
        return false;
    }
    int status = 0;
    QByteArray body;
    if (!request("PUT", QLatin1Char('/') + bucket, &status, &body, 10000, error))
        return false;
    if (status != 200) {
        setError(error, QStringLiteral("creating bucket %1 failed with HTTP %2: %3")
                            .arg(bucket)
                            .arg(status)
                            .arg(QString::fromUtf8(body)));
        return false;
    }
    return true;
}

void S3Server::stop()
{
    if (m_process) {
        if (m_process->state() != QProcess::NotRunning) {
            m_process->terminate(); // SIGTERM to m_pid
            if (!m_process->waitForFinished(5000)) {
                m_process->kill();
                m_process->waitForFinished(5000);
            }
        }
        m_process.reset();
    }
    m_pid = 0;
}
