#include "RemoteDownload.h"
#include "NodeApi.h"
#include "NodeLogging.h"

#include <QTimer>

RemoteDownload::RemoteDownload(NodeApi* api, const QUrl& url, const QString& fileName, QObject* parent)
    : NodeDownload(parent), m_api(api), m_file(fileName)
{
    if (!m_file.open(QIODevice::WriteOnly)) {
        const QString error = tr("Cannot write %1: %2").arg(fileName, m_file.errorString());
        // Queued: the caller connects to `finished` after this returns.
        QTimer::singleShot(0, this, [this, error] { end(false, error); });
        return;
    }
    m_reply = m_api->openStream(url);
    connect(m_reply, &QNetworkReply::readyRead, this, &RemoteDownload::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &RemoteDownload::onFinished);
}

RemoteDownload::~RemoteDownload()
{
    if (!m_done) {
        if (m_reply) {
            m_reply->disconnect(this);
            m_reply->abort();
            m_reply->deleteLater();
        }
        m_file.cancelWriting();
    }
}

void RemoteDownload::cancel()
{
    if (m_done)
        return;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    end(false, tr("The download was cancelled."));
}

void RemoteDownload::onReadyRead()
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200) {
        m_errorBody += m_reply->readAll();
        return;
    }
    if (m_totalBytes < 0) {
        const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid())
            m_totalBytes = length.toLongLong();
    }
    const QByteArray data = m_reply->readAll();
    if (m_file.write(data) != data.size()) {
        const QString error = tr("Cannot write %1: %2").arg(m_file.fileName(), m_file.errorString());
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        return end(false, error);
    }
    m_bytesDone += data.size();
}

void RemoteDownload::onFinished()
{
    if (!m_reply)
        return;
    if (m_reply->bytesAvailable())
        onReadyRead();
    if (m_done)
        return;
    ApiReply r = m_api->describe(m_reply);
    r.body = m_errorBody;
    m_reply->deleteLater();
    if (r.status == 200 && r.networkError == QNetworkReply::NoError)
        return end(true, {});
    // A 200 cut short is the node's way of saying the archive failed after the headers.
    end(false, r.status == 200 ? tr("The download was cut off: %1").arg(r.networkErrorText) : r.errorText());
}

void RemoteDownload::end(bool ok, const QString& error)
{
    if (m_done)
        return;
    m_done = true;
    QString why = error;
    if (ok && !m_file.commit()) {
        ok = false;
        why = tr("Cannot write %1: %2").arg(m_file.fileName(), m_file.errorString());
    }
    if (!ok) {
        m_file.cancelWriting();
        m_file.commit(); // with writing cancelled: removes the temporary file, the target stays untouched
        qCInfo(lcNode).noquote() << "download failed:" << why;
    }
    Q_EMIT finished(ok, why);
}
