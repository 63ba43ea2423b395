#include "NodeApi.h"
#include "NodeLogging.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSslError>

namespace {
constexpr char kRefusedProperty[] = "pouchTlsRefused";
constexpr char kAbortedProperty[] = "pouchAborted";
constexpr char kTimeoutProperty[] = "pouchTimeoutMs";
} // namespace

QJsonObject ApiReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString ApiReply::errorText() const
{
    const QString api = json().value(QLatin1String("error")).toString();
    if (!api.isEmpty())
        return api;
    if (status == 0)
        return networkErrorText;
    return QCoreApplication::translate("NodeApi", "HTTP %1 without an error text").arg(status);
}

NodeApi::NodeApi(const QUrl& base, const QString& token, const QByteArray& pinnedSha256, QObject* parent)
    : QObject(parent), m_base(base), m_token(token), m_pinned(pinnedSha256.toLower())
{
    // A redirect could carry the token elsewhere: a node never redirects, so none is followed.
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

NodeApi::~NodeApi()
{
    abortAll();
    for (const QPointer<QNetworkReply>& stream : std::as_const(m_streams)) {
        if (stream && stream->isRunning())
            stream->abort();
    }
}

QByteArray NodeApi::fingerprint(const QSslCertificate& cert)
{
    return cert.isNull() ? QByteArray() : cert.digest(QCryptographicHash::Sha256).toHex();
}

QString NodeApi::path(const QStringList& segments)
{
    QString out;
    for (const QString& s : segments)
        out += QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(s));
    return out;
}

QUrl NodeApi::url(const QString& path, const QList<QPair<QString, QString>>& query) const
{
    QUrl url = m_base;
    url.setPath(m_base.path() + path, QUrl::TolerantMode); // the segments are percent-encoded already
    QString q;
    for (const auto& [key, value] : query) {
        if (!q.isEmpty())
            q += QLatin1Char('&');
        q += key + QLatin1Char('=') + QString::fromLatin1(QUrl::toPercentEncoding(value, "/"));
    }
    if (!q.isEmpty())
        url.setQuery(q, QUrl::StrictMode);
    return url;
}

QNetworkRequest NodeApi::makeRequest(const QUrl& url) const
{
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return request;
}

void NodeApi::watchTls(QNetworkReply* reply)
{
    // Qt writes a request only once the handshake is done: refusing here means the token never leaves.
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError>& errors) {
        QSslCertificate peer = reply->sslConfiguration().peerCertificate();
        for (qsizetype i = 0; peer.isNull() && i < errors.size(); ++i)
            peer = errors[i].certificate();
        const QByteArray fp = fingerprint(peer);
        if (!fp.isEmpty() && fp == m_pinned) {
            reply->ignoreSslErrors(errors);
            return;
        }
        reply->setProperty(kRefusedProperty, true);
        m_untrusted = peer;
        QString message;
        if (!m_pinned.isEmpty() && !fp.isEmpty()) {
            message = tr("The node's certificate has changed: it is now %1…, the trusted one was %2…. Trust the new "
                         "one only if you know why it changed.")
                          .arg(QString::fromLatin1(fp.left(16)), QString::fromLatin1(m_pinned.left(16)));
        } else {
            QStringList why;
            for (const QSslError& e : errors)
                why << e.errorString();
            message = tr("The node's certificate is not trusted by this computer (%1). SHA-256 fingerprint: %2.")
                          .arg(why.join(QLatin1String("; ")), QString::fromLatin1(fp));
        }
        qCWarning(lcNode).noquote() << m_base.toString() << "certificate refused:" << message;
        Q_EMIT certificateRefused(peer, message);
    });
}

void NodeApi::request(const QByteArray& method, const QUrl& url, const QByteArray& jsonBody, Callback done,
                      int timeoutMs)
{
    QNetworkRequest request = makeRequest(url);
    request.setTransferTimeout(timeoutMs);
    if (!jsonBody.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply* reply = m_network.sendCustomRequest(request, method, jsonBody);
    reply->setProperty(kTimeoutProperty, timeoutMs);
    m_pending.append(reply);
    watchTls(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, method, done = std::move(done)] {
        m_pending.removeOne(reply);
        ApiReply r = describe(reply);
        r.body = reply->readAll();
        reply->deleteLater();
        qCDebug(lcNode).noquote() << method << reply->url().path() << r.status
                                  << (r.status ? QString() : r.networkErrorText);
        done(r);
    });
}

QNetworkReply* NodeApi::openStream(const QUrl& url, const QList<QPair<QByteArray, QByteArray>>& headers)
{
    QNetworkRequest request = makeRequest(url);
    for (const auto& [name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply* reply = m_network.get(request);
    watchTls(reply);
    m_streams.removeIf([](const QPointer<QNetworkReply>& r) { return r.isNull(); });
    m_streams.append(reply);
    return reply;
}

ApiReply NodeApi::describe(QNetworkReply* reply) const
{
    ApiReply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.networkError = reply->error();
    r.tlsRefused = reply->property(kRefusedProperty).toBool();
    r.retryAfter = reply->hasRawHeader("Retry-After");
    if (r.networkError != QNetworkReply::NoError && r.status != 0) {
        r.networkErrorText = reply->errorString(); // an answer that ended badly (a stream cut short)
    } else if (r.networkError != QNetworkReply::NoError) {
        const QString where = QStringLiteral("%1:%2")
                                  .arg(m_base.host())
                                  .arg(m_base.port(m_base.scheme() == QLatin1String("https") ? 443 : 80));
        QString what = reply->errorString();
        if (r.networkError == QNetworkReply::OperationCanceledError && !reply->property(kAbortedProperty).toBool() &&
            reply->property(kTimeoutProperty).toInt() > 0)
            what = tr("no answer within %1 s").arg(reply->property(kTimeoutProperty).toInt() / 1000);
        r.networkErrorText = tr("Cannot reach %1: %2").arg(where, what);
    }
    return r;
}

void NodeApi::abortAll()
{
    const QList<QNetworkReply*> pending = std::exchange(m_pending, {});
    for (QNetworkReply* reply : pending) {
        reply->disconnect(this);
        reply->setProperty(kAbortedProperty, true);
        reply->abort();
        reply->deleteLater();
    }
}
