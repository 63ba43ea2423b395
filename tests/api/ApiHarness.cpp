#include "ApiHarness.h"
#include "TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTest>
#include <QTimer>

#include <archive.h>
#include <archive_entry.h>

#include <csignal>

namespace ApiHarness {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool makeCertificate(const QString& dir, QString* certPath, QString* keyPath, QString* error)
{
    *certPath = dir + QStringLiteral("/api-cert.pem");
    *keyPath = dir + QStringLiteral("/api-key.pem");
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), *keyPath,
                   QStringLiteral("-out"), *certPath, QStringLiteral("-days"), QStringLiteral("2"),
                   QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=IP:127.0.0.1")});
    if (!openssl.waitForFinished(60000) || openssl.exitStatus() != QProcess::NormalExit || openssl.exitCode() != 0) {
        *error = QStringLiteral("openssl failed: ") + QString::fromLocal8Bit(openssl.readAll());
        return false;
    }
    return true;
}

QJsonObject Response::json() const
{
    return QJsonDocument::fromJson(body).object();
}

// ---- Pouch ----------------------------------------------------------------------------------------------

Pouch::Pouch(Options options) : m_options(std::move(options))
{
    if (m_options.rootDirectory.isEmpty()) {
        m_tempDir = std::make_unique<QTemporaryDir>();
        m_root = m_tempDir->path();
    } else {
        m_root = m_options.rootDirectory;
    }
    if (m_options.repository.isEmpty())
        m_options.repository = m_root + QStringLiteral("/repository");
    if (m_options.port == 0)
        m_options.port = freePort();
    if (m_options.ssl)
        m_caCertificates = QSslCertificate::fromPath(m_options.sslCert);
}

Pouch::~Pouch()
{
    if (isRunning())
        terminate(15000);
}

bool Pouch::writeConfig(QString* error)
{
    auto q = [](const QString& s) { return QStringLiteral("\"%1\"").arg(s); };
    QString yaml;
    yaml += QStringLiteral("debug: false\nuuid: %1\ntoken_id: %2\ntoken: %3\n")
                .arg(q(m_options.nodeUuid.isEmpty() ? TestSupport::uuidFor(999) : m_options.nodeUuid),
                     q(m_options.tokenId), q(m_options.token));
    if (!m_options.remote.isEmpty())
        yaml += QStringLiteral("remote: %1\n").arg(q(m_options.remote));
    yaml += QStringLiteral("remote_query:\n  timeout: %1\n").arg(m_options.remoteTimeoutSec);
    yaml += QStringLiteral("api:\n  host: 127.0.0.1\n  port: %1\n  ssl:\n    enabled: %2\n    cert: %3\n    key: %4\n")
                .arg(m_options.configPort ? m_options.configPort : m_options.port)
                .arg(m_options.ssl ? QStringLiteral("true") : QStringLiteral("false"), q(m_options.sslCert),
                     q(m_options.sslKey));
    yaml += QStringLiteral("system:\n  root_directory: %1\n  data: %2\n  tmp_directory: %3\n")
                .arg(q(m_root + QStringLiteral("/state")), q(volumes()), q(m_root + QStringLiteral("/tmp")));
    yaml += QStringLiteral("  backups:\n    write_limit: %1\n    restic:\n      enabled: true\n")
                .arg(m_options.writeLimitMiB);
    yaml += QStringLiteral("      repository: %1\n      password: %2\n      binary_path: %3\n      cache_dir: %4\n")
                .arg(q(m_options.repository), q(m_options.resticPassword), q(TestSupport::resticBinary()),
                     q(m_root + QStringLiteral("/cache")));
    if (!m_options.awsKeyId.isEmpty())
        yaml += QStringLiteral(
                    "      aws_access_key_id: %1\n      aws_secret_access_key: %2\n      aws_region: us-east-1\n")
                    .arg(q(m_options.awsKeyId), q(m_options.awsSecret));
    if (!m_options.cacert.isEmpty())
        yaml += QStringLiteral("      cacert: %1\n").arg(q(m_options.cacert));
    for (const QString& server : std::as_const(m_options.servers)) {
        if (!QDir().mkpath(serverDir(server))) {
            *error = QStringLiteral("cannot create ") + serverDir(server);
            return false;
        }
    }
    QDir().mkpath(volumes());
    QFile file(configPath());
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(yaml.toUtf8()) < 0) {
        *error = QStringLiteral("cannot write ") + configPath();
        return false;
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!m_options.settingsYaml.isEmpty() && !TestSupport::writeFile(settingsPath(), m_options.settingsYaml.toUtf8())) {
        *error = QStringLiteral("cannot write ") + settingsPath();
        return false;
    }
    return true;
}

bool Pouch::start(QString* error)
{
    if (!writeConfig(error))
        return false;
    m_output.clear();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("POUCH_SSE_KEEPALIVE_MS"), QStringLiteral("300"));
    if (m_options.deleteAnswerMs > 0)
        env.insert(QStringLiteral("POUCH_DELETE_ANSWER_MS"), QString::number(m_options.deleteAnswerMs));
    if (m_options.filesWaitMs > 0)
        env.insert(QStringLiteral("POUCH_FILES_WAIT_MS"), QString::number(m_options.filesWaitMs));
    for (auto it = m_options.env.constBegin(); it != m_options.env.constEnd(); ++it)
        env.insert(it.key(), it.value());
    m_process->setProcessEnvironment(env);
    QObject::connect(m_process.get(), &QProcess::readyRead, [this] { m_output += m_process->readAll(); });
    QStringList args{QStringLiteral("--headless"), QStringLiteral("--config"), configPath()};
    if (!m_options.settingsYaml.isEmpty())
        args << QStringLiteral("--settings") << settingsPath();
    m_process->start(QStringLiteral(POUCH_BINARY), args + m_options.extraArgs);
    if (!m_process->waitForStarted(10000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(QStringLiteral(POUCH_BINARY), m_process->errorString());
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    while (!m_output.contains("serving the Wings API on")) {
        if (m_process->state() == QProcess::NotRunning || timer.elapsed() > 20000) {
            *error = QStringLiteral("pouch did not come up (exit %1): %2")
                         .arg(m_process->exitCode())
                         .arg(QString::fromLocal8Bit(m_output));
            return false;
        }
        QTest::qWait(20);
    }
    return true;
}

int Pouch::terminate(int timeoutMs)
{
    if (!m_process)
        return -1;
    if (m_process->state() != QProcess::NotRunning) {
        if (const qint64 pid = m_process->processId(); pid > 0) // never kill(0, …): that is the process group
            ::kill(pid_t(pid), SIGTERM);
        QElapsedTimer timer;
        timer.start();
        while (m_process->state() != QProcess::NotRunning && timer.elapsed() < timeoutMs)
            QTest::qWait(20);
        if (m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(5000);
            return -1;
        }
    }
    m_output += m_process->readAll();
    // Pouch's own log helps most when a test failed; POUCH_TEST_VERBOSE shows it always.
    if (QTest::currentTestFailed() || qEnvironmentVariableIsSet("POUCH_TEST_VERBOSE"))
        qInfo().noquote() << "---- pouch output ----\n" << QString::fromLocal8Bit(m_output) << "\n---- end ----";
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

bool Pouch::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

qint64 Pouch::pid() const
{
    return m_process ? m_process->processId() : 0;
}

QString Pouch::output() const
{
    return QString::fromLocal8Bit(m_output);
}

QString Pouch::baseUrl() const
{
    return QStringLiteral("%1://127.0.0.1:%2")
        .arg(m_options.ssl ? QStringLiteral("https") : QStringLiteral("http"))
        .arg(m_options.port);
}

Response Pouch::request(const QByteArray& method, const QString& path, const QByteArray& body,
                        const QByteArray& authorization, int timeoutMs)
{
    QNetworkRequest request(QUrl(baseUrl() + path));
    if (authorization.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_options.token.toUtf8());
    else if (authorization != "-")
        request.setRawHeader("Authorization", authorization);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    if (m_options.ssl) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates(m_caCertificates);
        request.setSslConfiguration(tls);
    }
    QNetworkReply* reply = m_network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    Response r;
    if (!reply->isFinished()) {
        r.networkError = QStringLiteral("timed out");
        reply->abort();
    }
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    for (const auto& h : reply->rawHeaderPairs())
        r.headers.insert(h.first.toLower(), h.second);
    r.body = reply->readAll();
    if (reply->error() != QNetworkReply::NoError && r.status == 0)
        r.networkError = reply->errorString();
    reply->deleteLater();
    return r;
}

Response Pouch::post(const QString& path, const QJsonObject& body)
{
    return request("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

std::unique_ptr<QProcess> Pouch::startRestic(const QStringList& args, const QStringList& prefix) const
{
    auto p = std::make_unique<QProcess>();
    setUpRestic(*p, args, prefix);
    return p;
}

QStringList Pouch::lockIds() const
{
    QByteArray out;
    if (restic({QStringLiteral("--no-lock"), QStringLiteral("list"), QStringLiteral("locks")}, &out) != 0)
        return {};
    QStringList ids;
    for (const QByteArray& line : out.split('\n')) {
        if (!line.trimmed().isEmpty())
            ids << QString::fromLatin1(line.trimmed());
    }
    return ids;
}

std::unique_ptr<QProcess> Pouch::holdLock(const QStringList& prefix, QString* lockId) const
{
    const QStringList before = lockIds();
    std::unique_ptr<QProcess> p = startRestic(
        {QStringLiteral("backup"), QStringLiteral("--stdin"), QStringLiteral("--host"), QStringLiteral("holder")},
        prefix);
    if (!p->waitForStarted(5000))
        return nullptr;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 20000 && p->state() == QProcess::Running) {
        for (const QString& id : lockIds()) {
            if (!before.contains(id)) {
                *lockId = id;
                return p;
            }
        }
    }
    qWarning().noquote() << "no lock appeared:" << p->readAllStandardError();
    return nullptr;
}

QStringList Pouch::otherHost()
{
    return {QStringLiteral("unshare"), QStringLiteral("-Ur"),
            QStringLiteral("-u"),      QStringLiteral("sh"),
            QStringLiteral("-c"),      QStringLiteral("hostname otherhost && exec \"$0\" \"$@\"")};
}

int Pouch::restic(const QStringList& args, QByteArray* out, QString* err) const
{
    QProcess p;
    setUpRestic(p, args);
    if (!p.waitForFinished(60000))
        return -1;
    if (out)
        *out = p.readAllStandardOutput();
    if (err)
        *err = QString::fromLocal8Bit(p.readAllStandardError());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

void Pouch::setUpRestic(QProcess& p, const QStringList& args, const QStringList& prefix) const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("RESTIC_REPOSITORY"), m_options.repository);
    env.insert(QStringLiteral("RESTIC_PASSWORD"), m_options.resticPassword);
    if (!m_options.awsKeyId.isEmpty()) {
        env.insert(QStringLiteral("AWS_ACCESS_KEY_ID"), m_options.awsKeyId);
        env.insert(QStringLiteral("AWS_SECRET_ACCESS_KEY"), m_options.awsSecret);
    }
    p.setProcessEnvironment(env);
    QStringList full{QStringLiteral("--no-cache")};
    if (!m_options.cacert.isEmpty())
        full << QStringLiteral("--cacert") << m_options.cacert;
    full << args;
    if (prefix.isEmpty())
        p.start(TestSupport::resticBinary(), full);
    else
        p.start(prefix.first(), prefix.mid(1) + QStringList{TestSupport::resticBinary()} + full);
}

// ---- SseClient ------------------------------------------------------------------------------------------

bool SseClient::connectTo(quint16 port, const QString& token, const QString& servers, int timeoutMs)
{
    m_socket = std::make_unique<QTcpSocket>();
    QObject::connect(m_socket.get(), &QTcpSocket::readyRead, [this] { onReadyRead(); });
    m_socket->connectToHost(QHostAddress::LocalHost, port);
    if (!m_socket->waitForConnected(timeoutMs))
        return false;
    return subscribe(token, servers, timeoutMs);
}

bool SseClient::connectToTls(quint16 port, const QString& token, const QString& caCertPath, int timeoutMs)
{
    auto socket = std::make_unique<QSslSocket>();
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(caCertPath));
    socket->setSslConfiguration(tls);
    socket->setPeerVerifyName(QStringLiteral("127.0.0.1"));
    QObject::connect(socket.get(), &QTcpSocket::readyRead, [this] { onReadyRead(); });
    socket->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    if (!socket->waitForEncrypted(timeoutMs))
        return false;
    m_socket = std::move(socket);
    return subscribe(token, {}, timeoutMs);
}

bool SseClient::subscribe(const QString& token, const QString& servers, int timeoutMs)
{
    QByteArray path = "/api/events";
    if (!servers.isNull())
        path += "?servers=" + servers.toUtf8();
    const QByteArray resume = m_lastEventId.isEmpty() ? QByteArray() : "Last-Event-ID: " + m_lastEventId + "\r\n";
    m_socket->write("GET " + path +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nAuthorization: Bearer " +
                    token.toUtf8() + "\r\n" + resume + "\r\n");
    QElapsedTimer timer;
    timer.start();
    // Subscribed once the head and the first comment are in.
    while (!(m_status && (m_status != 200 || !m_comments.isEmpty())) && timer.elapsed() < timeoutMs)
        QTest::qWait(10);
    return m_status == 200 && !m_comments.isEmpty();
}

void SseClient::disconnect()
{
    if (m_socket)
        m_socket->abort();
}

bool SseClient::isConnected() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void SseClient::onReadyRead()
{
    m_buffer += m_socket->readAll();
    if (!m_status) {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        m_head = m_buffer.left(end);
        m_buffer.remove(0, end + 4);
        const QList<QByteArray> statusLine = m_head.split('\n').value(0).split(' ');
        m_status = statusLine.value(1).toInt();
    }
    for (qsizetype end = m_buffer.indexOf("\n\n"); end >= 0; end = m_buffer.indexOf("\n\n")) {
        const QByteArray frame = m_buffer.left(end);
        m_buffer.remove(0, end + 2);
        Event event;
        bool isEvent = false;
        for (const QByteArray& line : frame.split('\n')) {
            if (line.startsWith(':')) {
                m_comments.append(line.mid(1).trimmed());
            } else if (line.startsWith("event: ")) {
                event.name = QString::fromUtf8(line.mid(7));
                isEvent = true;
            } else if (line.startsWith("id: ")) {
                event.id = line.mid(4);
            } else if (line.startsWith("data: ")) {
                event.data = QJsonDocument::fromJson(line.mid(6)).object();
            }
        }
        if (isEvent)
            m_events.append(event);
    }
}

bool SseClient::waitFor(const QString& name, const QString& backupUuid, const QString& serverId, int timeoutMs,
                        Event* out)
{
    QElapsedTimer timer;
    timer.start();
    do {
        for (const Event& e : std::as_const(m_events)) {
            if (e.name == name &&
                (backupUuid.isEmpty() || e.data.value(QLatin1String("backup_uuid")).toString() == backupUuid) &&
                (serverId.isEmpty() || e.data.value(QLatin1String("server_id")).toString() == serverId)) {
                if (out)
                    *out = e;
                return true;
            }
        }
        QTest::qWait(20);
    } while (timer.elapsed() < timeoutMs);
    return false;
}

bool backupAndWait(Pouch& pouch, SseClient& events, const QString& server, const QString& uuid)
{
    const Response r =
        pouch.post(QStringLiteral("/api/servers/%1/backup").arg(server),
                   {{QStringLiteral("adapter"), QStringLiteral("restic")}, {QStringLiteral("uuid"), uuid}});
    if (r.status != 202) {
        qWarning().noquote() << describe(r);
        return false;
    }
    SseClient::Event done;
    return events.waitFor(QStringLiteral("backup completed"), uuid, server, 60000, &done) &&
           done.data.value(QLatin1String("is_successful")).toBool();
}

void SseClient::clear()
{
    m_events.clear();
    m_comments.clear();
}

bool SseClient::waitForComment(const QByteArray& comment, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!m_comments.contains(comment) && timer.elapsed() < timeoutMs)
        QTest::qWait(20);
    return m_comments.contains(comment);
}

// ---- FakePanel ------------------------------------------------------------------------------------------

QJsonObject FakePanel::Call::json() const
{
    return QJsonDocument::fromJson(body).object();
}

FakePanel::FakePanel()
{
    QObject::connect(&m_server, &QTcpServer::newConnection, [this] { onConnection(); });
}

bool FakePanel::listen(quint16 port)
{
    return m_server.listen(QHostAddress::LocalHost, port);
}

void FakePanel::close()
{
    m_server.close();
}

QString FakePanel::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort());
}

QList<FakePanel::Call> FakePanel::callsTo(const QByteArray& path) const
{
    QList<Call> out;
    for (const Call& c : m_calls) {
        if (c.path == path)
            out.append(c);
    }
    return out;
}

void FakePanel::onConnection()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            *buffer += socket->readAll();
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            Call call;
            const QList<QByteArray> lines = buffer->left(end).split('\n');
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            call.method = requestLine.value(0);
            call.path = requestLine.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    call.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
            }
            const qsizetype length = call.headers.value("content-length").toLongLong();
            if (buffer->size() < end + 4 + length)
                return;
            call.body = buffer->mid(end + 4, length);
            buffer->clear();
            m_calls.append(call);
            if (call.method == "GET" && m_answers.contains(call.path)) {
                const auto& [status, body] = m_answers.value(call.path);
                socket->write("HTTP/1.1 " + QByteArray::number(status) +
                              " Scripted\r\nContent-Type: application/json\r\nContent-Length: " +
                              QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
                socket->disconnectFromHost();
                return;
            }
            const int status = m_script.isEmpty() ? 204 : m_script.takeFirst();
            socket->write("HTTP/1.1 " + QByteArray::number(status) +
                          " Scripted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
        });
    }
}

QString describe(const Response& r)
{
    return QStringLiteral("HTTP %1 %2 %3").arg(r.status).arg(QString::fromUtf8(r.body), r.networkError);
}

QByteArray panelServersPage(const QList<QPair<QString, QString>>& servers, int page, int lastPage)
{
    QJsonArray data;
    for (const auto& [uuid, name] : servers)
        data.append(QJsonObject{
            {QStringLiteral("uuid"), uuid},
            {QStringLiteral("settings"),
             QJsonObject{{QStringLiteral("uuid"), uuid},
                         {QStringLiteral("meta"),
                          QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("description"), QString()}}}}},
            {QStringLiteral("process_configuration"), QJsonObject()}});
    const QJsonObject meta{{QStringLiteral("current_page"), page},
                           {QStringLiteral("last_page"), lastPage},
                           {QStringLiteral("per_page"), 50},
                           {QStringLiteral("total"), int(servers.size())}};
    return QJsonDocument(QJsonObject{{QStringLiteral("data"), data}, {QStringLiteral("meta"), meta}})
        .toJson(QJsonDocument::Compact);
}

QByteArray panelServersPath(int page)
{
    return "/api/remote/servers?page=" + QByteArray::number(page) + "&per_page=50";
}

Pouch::Options secondNode(const Pouch& first, const QStringList& servers, int filesWaitMs)
{
    Pouch::Options o;
    o.servers = servers;
    o.repository = first.repository();
    o.filesWaitMs = filesWaitMs;
    return o;
}

void addBadPathRows()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("message");
    const QString slash = QStringLiteral("The path must start with '/'.");
    const QString segment = QStringLiteral("The path must not contain an empty, '.' or '..' segment.");
    const QString tooLong = QStringLiteral("The path must not be longer than 4096 bytes.");
    QTest::newRow("empty") << QStringLiteral("path=") << slash;
    QTest::newRow("relative") << QStringLiteral("path=world") << slash;
    QTest::newRow("dotdot") << QStringLiteral("path=/world/../..") << segment;
    QTest::newRow("dotdot inside") << QStringLiteral("path=/a/../b") << segment;
    QTest::newRow("encoded dotdot") << QStringLiteral("path=%2F..%2F..%2Fetc") << segment;
    QTest::newRow("dot") << QStringLiteral("path=/./world") << segment;
    QTest::newRow("trailing slash") << QStringLiteral("path=/world/") << segment;
    QTest::newRow("double slash") << QStringLiteral("path=//world") << segment;
    QTest::newRow("double slash inside") << QStringLiteral("path=/a//b") << segment;
    QTest::newRow("nul") << QStringLiteral("path=/world%00/x")
                         << QStringLiteral("The path must not contain a NUL character.");
    QTest::newRow("4097 bytes") << QStringLiteral("path=/") + QString(4096, QLatin1Char('a')) << tooLong;
    QTest::newRow("4097 bytes of UTF-8") << QStringLiteral("path=/") + QString(2048, QChar(0xfc)) << tooLong;
}

bool readArchive(const QByteArray& data, QMap<QString, QByteArray>* entries, QString* error, QHash<QString, int>* modes,
                 QStringList* order)
{
    archive* a = archive_read_new();
    archive_read_support_filter_gzip(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_zip(a);
    bool ok = archive_read_open_memory(a, data.constData(), size_t(data.size())) == ARCHIVE_OK;
    archive_entry* e = nullptr;
    int r = ARCHIVE_OK;
    while (ok && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const char* utf8 = archive_entry_pathname_utf8(e);
        QString name = QString::fromUtf8(utf8 ? utf8 : archive_entry_pathname(e));
        if (name.endsWith(QLatin1Char('/')))
            name.chop(1);
        if (entries->contains(name)) {
            *error = QStringLiteral("%1 is in the archive twice").arg(name);
            ok = false;
            break;
        }
        QByteArray value;
        switch (archive_entry_filetype(e)) {
        case AE_IFDIR:
            value = "dir:";
            break;
        case AE_IFLNK: {
            const char* target = archive_entry_symlink_utf8(e);
            value = "symlink:" + QByteArray(target ? target : archive_entry_symlink(e));
            break;
        }
        default: {
            char buffer[65536];
            la_ssize_t n;
            while ((n = archive_read_data(a, buffer, sizeof buffer)) > 0)
                value.append(buffer, n);
            ok = n == 0;
            break;
        }
        }
        entries->insert(name, value);
        if (modes)
            modes->insert(name, int(archive_entry_perm(e)));
        if (order)
            order->append(name);
    }
    if (ok && r != ARCHIVE_EOF)
        ok = false;
    if (!ok && error->isEmpty())
        *error = QString::fromLocal8Bit(archive_error_string(a) ? archive_error_string(a) : "damaged archive");
    archive_read_free(a);
    return ok;
}

} // namespace ApiHarness
