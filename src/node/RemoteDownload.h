#pragma once

#include "Node.h"

#include <QPointer>
#include <QSaveFile>

class NodeApi;
class QNetworkReply;

// A node's archive (`GET …/download`) streamed into a QSaveFile, committed only when the answer was 200 and ended
// cleanly: a reset connection (what the node does when an archive fails after the headers) or a cancel leaves
// nothing behind.
class RemoteDownload : public NodeDownload
{
    Q_OBJECT
public:
    RemoteDownload(NodeApi* api, const QUrl& url, const QString& fileName, QObject* parent = nullptr);
    ~RemoteDownload() override;

    void cancel() override;
    qint64 bytesDone() const override { return m_bytesDone; }
    qint64 totalBytes() const override { return m_totalBytes; }

private:
    void onReadyRead();
    void onFinished();
    void end(bool ok, const QString& error);

    QPointer<NodeApi> m_api;
    QPointer<QNetworkReply> m_reply;
    QSaveFile m_file;
    QByteArray m_errorBody; // a refusal's JSON, never written to the file
    qint64 m_bytesDone = 0;
    qint64 m_totalBytes = -1;
    bool m_done = false;
};
