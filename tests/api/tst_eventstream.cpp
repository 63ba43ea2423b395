// The SSE fan-out in process: a subscriber that stops reading is dropped once its backlog passes the bound,
// while a reading subscriber gets every event and publishing never waits for either.

#include "ApiHarness.h"
#include "ApiServer.h"
#include "BackupService.h"
#include "EventStream.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace ApiHarness;

class TestEventStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void slowSubscriberIsDroppedOthersKeepUp();
    void frameIsOneLineOfJson();
};

void TestEventStream::slowSubscriberIsDroppedOthersKeepUp()
{
    QTemporaryDir dir;
    Config config;
    config.token = QStringLiteral("t0ken");
    config.tokenId = QStringLiteral("tid");
    config.apiHost = QStringLiteral("127.0.0.1");
    config.apiPort = freePort();
    config.dataDirectory = dir.path();
    config.rootDirectory = dir.path();
    BackupService service(config);
    service.claimNode(QStringLiteral("test"), nullptr);
    ApiServer api(config, &service);
    QString error;
    QVERIFY2(api.listen(&error), qPrintable(error));
    api.eventStream()->setMaxPendingBytes(256 * 1024);

    SseClient reader;
    QVERIFY(reader.connectTo(api.port(), config.token));
    // The slow one: a tiny receive buffer, and it never reads.
    QTcpSocket slow;
    slow.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    slow.setReadBufferSize(4096);
    slow.connectToHost(QHostAddress::LocalHost, api.port());
    QVERIFY(slow.waitForConnected(5000));
    slow.write("GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t0ken\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(api.eventStream()->subscriberCount(), 2, 5000);

    const QString padding(4000, QLatin1Char('p'));
    const int batches = 400;
    const int perBatch = 10; // 16 MB in all: more than any loopback socket buffers hold
    QElapsedTimer publishing;
    qint64 publishMs = 0;
    for (int b = 0; b < batches; ++b) {
        publishing.start();
        for (int i = 0; i < perBatch; ++i) {
            // The sequence number rides in backup_uuid, the padding in the error text.
            PouchEvent e;
            e.kind = PouchEvent::Kind::RestoreFailed;
            e.serverId = QStringLiteral("s");
            e.backupUuid = QString::number(b * perBatch + i);
            e.error = padding;
            service.events()->publish(e);
        }
        publishMs += publishing.elapsed();
        QTest::qWait(2); // the reader drains between batches
    }
    QTRY_COMPARE_WITH_TIMEOUT(reader.events().size(), batches * perBatch, 20000);
    for (int i = 0; i < reader.events().size(); ++i)
        QCOMPARE(reader.events().at(i).data.value(QLatin1String("backup_uuid")).toString().toInt(), i);
    QCOMPARE(api.eventStream()->subscriberCount(), 1);
    // The slow client, once it reads again, finds its connection closed by the server.
    slow.setReadBufferSize(0);
    QElapsedTimer draining;
    draining.start();
    while (slow.state() == QAbstractSocket::ConnectedState && draining.elapsed() < 10000) {
        slow.readAll();
        QTest::qWait(5);
    }
    QVERIFY(slow.state() != QAbstractSocket::ConnectedState);
    QVERIFY2(publishMs < 5000, qPrintable(QString::number(publishMs)));
}

void TestEventStream::frameIsOneLineOfJson()
{
    PouchEvent event;
    event.kind = PouchEvent::Kind::RestoreFailed;
    event.serverId = QStringLiteral("s");
    event.error = QStringLiteral("two\nlines");
    const QByteArray frame = EventStream::frame(event);
    QVERIFY(frame.startsWith("event: backup restore failed\ndata: {"));
    QVERIFY(frame.endsWith("}\n\n"));
    QCOMPARE(frame.count('\n'), 3);
}

QTEST_GUILESS_MAIN(TestEventStream)
#include "tst_eventstream.moc"
