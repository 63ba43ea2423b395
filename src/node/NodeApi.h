#pragma once

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QUrl>

#include <functional>

// One answer of a node's API, or why there was none.
struct ApiReply
{
    int status = 0; // 0: no HTTP answer (see networkError)
    QByteArray body;
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString networkErrorText; // for a person: host, port and what went wrong
    bool tlsRefused = false;  // the certificate was not trusted: nothing was sent
    bool retryAfter = false;  // a 503 with Retry-After (a snapshot being indexed)

    bool ok() const { return status >= 200 && status < 300; }
    QJsonObject json() const;
    // The API's `error` text, else what went wrong on the way.
    QString errorText() const;
};

// The HTTP side of a remote node: one QNetworkAccessManager, the Bearer token on every request (never logged), no
// redirects, timeouts, and the TLS rule: a certificate the system does not trust is accepted only when its
// SHA-256 is the pinned one; otherwise the handshake fails before any request byte (the token) is sent, and
// certificateRefused says why.
class NodeApi : public QObject
{
    Q_OBJECT
public:
    static constexpr int kTimeoutMs = 30000; // the node's file questions wait up to 10 s for an index

    NodeApi(const QUrl& base, const QString& token, const QByteArray& pinnedSha256, QObject* parent = nullptr);
    ~NodeApi() override;

    void setPinned(const QByteArray& sha256Hex) { m_pinned = sha256Hex; }
    QByteArray pinned() const { return m_pinned; }
    QSslCertificate untrustedCertificate() const { return m_untrusted; }
    static QByteArray fingerprint(const QSslCertificate& cert);

    // A path of segments, each percent-encoded ("/api/servers/<s>/backup").
    static QString path(const QStringList& segments);
    // `query` as key=value pairs, values percent-encoded ('/' kept).
    QUrl url(const QString& path, const QList<QPair<QString, QString>>& query = {}) const;

    using Callback = std::function<void(const ApiReply&)>;
    // Calls back once, on this object's thread; never after abortAll() or the destructor.
    void request(const QByteArray& method, const QUrl& url, const QByteArray& jsonBody, Callback done,
                 int timeoutMs = kTimeoutMs);
    // A reply that streams (SSE, downloads): no transfer timeout; the caller reads and deletes it. Should this
    // object go first, the stream is aborted while it still can describe it (the caller's `finished` runs).
    QNetworkReply* openStream(const QUrl& url, const QList<QPair<QByteArray, QByteArray>>& headers = {});
    // What ended a streamed reply, in ApiReply's terms (the body left out).
    ApiReply describe(QNetworkReply* reply) const;
    void abortAll();

Q_SIGNALS:
    void certificateRefused(const QSslCertificate& certificate, const QString& message);

private:
    QNetworkRequest makeRequest(const QUrl& url) const;
    void watchTls(QNetworkReply* reply);

    QUrl m_base;
    QString m_token;
    QByteArray m_pinned;
    QSslCertificate m_untrusted;
    QNetworkAccessManager m_network;
    QList<QNetworkReply*> m_pending;
    QList<QPointer<QNetworkReply>> m_streams;
};
