#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <memory>

// Helpers for the headless API tests: a real `pouch --headless` process on a generated config, a blocking
// HTTP client, a raw-socket SSE subscriber and a scripted Panel.
namespace ApiHarness {

// The Wings error texts the tests expect, word for word.
inline const QString kNotFoundServer = QStringLiteral("The requested resource does not exist on this instance.");
inline const QString kNotFoundBackup = QStringLiteral("The requested backup was not found on this server.");
inline const QString kNoSuchPath = QStringLiteral("The requested path does not exist in this backup.");

// A free TCP port on 127.0.0.1 (bound and released; the tests start their servers right after).
quint16 freePort();

// Generates a self-signed certificate for 127.0.0.1 with openssl into dir. Returns false if openssl failed.
bool makeCertificate(const QString& dir, QString* certPath, QString* keyPath, QString* error);

struct Response
{
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QString networkError;
    QJsonObject json() const;
    QByteArray header(const QByteArray& name) const { return headers.value(name.toLower()); }
};

// One headless Pouch on a temporary root: <root>/volumes/<server>, a local repository (or one given), its own
// cache. start() waits for the "serving" line on stdout.
class Pouch
{
public:
    struct Options
    {
        QString nodeUuid; // Wings' node uuid; default: a fixed one
        QString token = QStringLiteral("test-token-0123456789");
        QString tokenId = QStringLiteral("tid-test");
        QString remote; // Panel base URL
        int remoteTimeoutSec = 10;
        bool ssl = false;
        QString sslCert;
        QString sslKey;
        QString repository; // default: <root>/repository
        QString resticPassword = QStringLiteral("pouch-test-password");
        QString awsKeyId;
        QString awsSecret;
        QString cacert;
        double writeLimitMiB = 0;
        quint16 port = 0;       // default: a free one
        QStringList servers;    // server directories to create
        QString rootDirectory;  // default: a fresh temporary directory
        int deleteAnswerMs = 0; // how long DELETE waits for the forget before answering; 0: Pouch's default
        int filesWaitMs = 0;    // how long a file question waits for a snapshot's index; 0: Pouch's default
        quint16 configPort = 0; // api.port in config.yml when it differs from `port` (which --listen then sets)
        QString settingsYaml;   // written to <root>/pouch.yml and given with --settings
        QStringList extraArgs;
        QHash<QString, QString> env;
    };

    explicit Pouch(Options options);
    ~Pouch();

    bool start(QString* error);
    // SIGTERM and wait; returns the exit code (-1 on crash or timeout).
    int terminate(int timeoutMs = 30000);
    bool isRunning() const;
    qint64 pid() const;
    QString output() const; // stdout + stderr so far

    const Options& options() const { return m_options; }
    QString root() const { return m_root; }
    QString volumes() const { return m_root + QStringLiteral("/volumes"); }
    QString serverDir(const QString& server) const { return volumes() + QLatin1Char('/') + server; }
    QString repository() const { return m_options.repository; }
    QString baseUrl() const;
    QString configPath() const { return m_root + QStringLiteral("/config.yml"); }
    QString settingsPath() const { return m_root + QStringLiteral("/pouch.yml"); }

    // Blocking request with the configured token (or `authorization` verbatim when given; "-" sends none).
    Response request(const QByteArray& method, const QString& path, const QByteArray& body = {},
                     const QByteArray& authorization = {}, int timeoutMs = 30000);
    Response get(const QString& path) { return request("GET", path); }
    Response post(const QString& path, const QJsonObject& body);

    // restic run directly against the same repository (env from the options).
    int restic(const QStringList& args, QByteArray* out = nullptr, QString* err = nullptr) const;
    // The same, started and left running (e.g. `backup --stdin` to hold a lock until stdin closes); through
    // `prefix` when given (otherHost()).
    std::unique_ptr<QProcess> startRestic(const QStringList& args, const QStringList& prefix = {}) const;
    // The repository's lock ids, as restic lists them.
    QStringList lockIds() const;
    // A restic holding a non-exclusive lock (a backup of a stdin that never ends), through `prefix` when given;
    // returns once its lock is listed, with its id (nullptr when none came within 20 s).
    std::unique_ptr<QProcess> holdLock(const QStringList& prefix, QString* lockId) const;
    // A prefix that runs a command in a UTS namespace of its own named `otherhost` (needs user namespaces): its
    // restic locks are another host's.
    static QStringList otherHost();

private:
    bool writeConfig(QString* error);
    void setUpRestic(QProcess& p, const QStringList& args, const QStringList& prefix = {}) const;

    Options m_options;
    std::unique_ptr<QTemporaryDir> m_tempDir;
    QString m_root;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_output;
    QNetworkAccessManager m_network;
    QList<QSslCertificate> m_caCertificates;
};

// A subscriber to /api/events over a raw socket, parsing frames as they come.
class SseClient
{
public:
    struct Event
    {
        QString name;
        QJsonObject data;
        QByteArray id; // the `id:` line, empty when it had none
    };

    SseClient() = default;
    // Sent as Last-Event-ID by the next connectTo (a reconnect); empty sends none.
    void setLastEventId(const QByteArray& id) { m_lastEventId = id; }
    bool connectTo(quint16 port, const QString& token, const QString& servers = {}, int timeoutMs = 5000);
    // The same over TLS, trusting the PEM certificate at caCertPath (the server's own, in the tests).
    bool connectToTls(quint16 port, const QString& token, const QString& caCertPath, int timeoutMs = 5000);
    void disconnect();
    // Forgets the events and comments received so far (a later waitFor sees only new ones).
    void clear();
    // Processes events until an event named `name` (and matching backup uuid, when given) arrived.
    bool waitFor(const QString& name, const QString& backupUuid = {}, const QString& serverId = {},
                 int timeoutMs = 30000, Event* out = nullptr);
    bool waitForComment(const QByteArray& comment, int timeoutMs);
    QList<Event> events() const { return m_events; }
    QList<QByteArray> comments() const { return m_comments; }
    int status() const { return m_status; }
    QByteArray rawHead() const { return m_head; }
    bool isConnected() const;

private:
    void onReadyRead();
    bool subscribe(const QString& token, const QString& servers, int timeoutMs);

    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
    QByteArray m_head;
    int m_status = 0;
    QList<Event> m_events;
    QList<QByteArray> m_comments;
    QByteArray m_lastEventId;
};

// A Panel: records each request; answers from a script of status codes (then 204).
class FakePanel
{
public:
    struct Call
    {
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
        QJsonObject json() const;
    };

    FakePanel();
    bool listen(quint16 port = 0);
    void close();
    QString url() const;
    quint16 port() const { return m_server.serverPort(); }
    void script(const QList<int>& statuses) { m_script = statuses; }
    // A GET of exactly `pathAndQuery` is answered with `status` and the JSON `body` (instead of the script).
    void answer(const QByteArray& pathAndQuery, int status, const QByteArray& body)
    {
        m_answers.insert(pathAndQuery, {status, body});
    }
    QList<Call> calls() const { return m_calls; }
    QList<Call> callsTo(const QByteArray& path) const;

private:
    void onConnection();

    QTcpServer m_server;
    QList<Call> m_calls;
    QList<int> m_script;
    QHash<QByteArray, QPair<int, QByteArray>> m_answers;
};

// A page of the Panel's `GET /api/remote/servers` as Wings reads it: `servers` (uuid, name), page `page` of
// `lastPage`; and the path and query Pouch asks for page `page`.
QByteArray panelServersPage(const QList<QPair<QString, QString>>& servers, int page, int lastPage);
QByteArray panelServersPath(int page);

// Options for a second node on `first`'s repository, with `servers` and a file-index wait of `filesWaitMs`: it sees
// the backups but has indexed none of them.
Pouch::Options secondNode(const Pouch& first, const QStringList& servers, int filesWaitMs);

// POSTs a backup of `server` with `uuid` and waits (60 s at most) for its successful `backup completed` on `events`.
bool backupAndWait(Pouch& pouch, SseClient& events, const QString& server, const QString& uuid);

// Every `path` query the file endpoints refuse with 400, as data rows: "query" (as sent, after '?'), "message".
void addBadPathRows();

// For a failed check: the status, the body and the network error.
QString describe(const Response& r);

// A .tar.gz or .zip read back with libarchive, in TestSupport::snapshotTree's form: names as stored (a directory's
// trailing '/' dropped) to contents, "dir:" or "symlink:<target>". `modes` gets each entry's permission bits, `order`
// the names as they came. False (with why) for a damaged or truncated archive, or a name given twice.
bool readArchive(const QByteArray& data, QMap<QString, QByteArray>* entries, QString* error,
                 QHash<QString, int>* modes = nullptr, QStringList* order = nullptr);

} // namespace ApiHarness

#define CHECK_STATUS(response, expected)                                                                               \
    do {                                                                                                               \
        const ApiHarness::Response& r_ = (response);                                                                   \
        QVERIFY2(r_.status == (expected), qPrintable(ApiHarness::describe(r_)));                                       \
    } while (false)

// An error answer: the status, the JSON shape (a non-empty error text), and the request id in body and header.
#define CHECK_ERROR(response, expected, message)                                                                       \
    do {                                                                                                               \
        const ApiHarness::Response& e_ = (response);                                                                   \
        CHECK_STATUS(e_, expected);                                                                                    \
        const QJsonObject j_ = e_.json();                                                                              \
        QVERIFY2(j_.value(QLatin1String("error")).isString() &&                                                        \
                     !j_.value(QLatin1String("error")).toString().isEmpty(),                                           \
                 e_.body.constData());                                                                                 \
        QCOMPARE(j_.value(QLatin1String("request_id")).toString().toUtf8(), e_.header("X-Request-Id"));                \
        if (!QString(message).isEmpty())                                                                               \
            QCOMPARE(j_.value(QLatin1String("error")).toString(), QString(message));                                   \
    } while (false)
