#include "RequestGuard.h"

#include <QtTest>

// The connection guard's view of HTTP/1.1 framing, fed in every split a network could produce.
class TestRequestGuard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pipelinedRequestsPassInAnySplit();
    void oversizedBodyIsRefusedWhereverTheHeadEnds();
    void refusals_data();
    void refusals();

private:
    // Feeds `stream` in pieces of `step` bytes; returns whether the guard still accepts the connection.
    static bool feed(const QByteArray& stream, qsizetype step)
    {
        RequestGuard guard(nullptr, 1024 * 1024, {});
        for (qsizetype pos = 0; pos < stream.size(); pos += step) {
            if (!guard.consume(stream.mid(pos, step)))
                return false;
        }
        return !guard.isRefused();
    }
};

void TestRequestGuard::pipelinedRequestsPassInAnySplit()
{
    // Bodies that look like headers, a blank line between requests, a body of exactly the limit.
    const QByteArray tricky = "{\r\n\r\nTransfer-Encoding: chunked\r\n\r\n}";
    QByteArray stream =
        "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: " + QByteArray::number(tricky.size()) + "\r\n\r\n" + tricky;
    stream += "\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n";
    stream += "POST /c HTTP/1.1\r\ncontent-length:  " + QByteArray::number(1024 * 1024) + " \r\n\r\n" +
              QByteArray(1024 * 1024, 'x');
    stream += "DELETE /d HTTP/1.1\r\nContent-Length: 0\r\n\r\n";
    for (qsizetype step : {qsizetype(1), qsizetype(2), qsizetype(3), qsizetype(7), qsizetype(4096), stream.size()})
        QVERIFY2(feed(stream, step), qPrintable(QStringLiteral("refused in steps of %1").arg(step)));
}

void TestRequestGuard::oversizedBodyIsRefusedWhereverTheHeadEnds()
{
    const QByteArray stream = "GET /ok HTTP/1.1\r\n\r\nPOST /big HTTP/1.1\r\nContent-Length: 1048577\r\n\r\n";
    for (qsizetype step = 1; step <= stream.size(); ++step)
        QVERIFY2(!feed(stream, step), qPrintable(QStringLiteral("accepted in steps of %1").arg(step)));
}

void TestRequestGuard::refusals_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::newRow("chunked") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    QTest::newRow("two lengths") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx");
    QTest::newRow("negative") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n");
    QTest::newRow("plus sign") << QByteArray("POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\nhello");
    QTest::newRow("list") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\nhello");
    QTest::newRow("overflow") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n");
    QTest::newRow("endless head") << QByteArray("GET / HTTP/1.1\r\nX: ") +
                                         QByteArray(RequestGuard::kMaxHeaderBytes, 'a');
    // A body shorter than announced, then garbage that never forms a head.
    QTest::newRow("garbage after body") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}") +
                                               QByteArray(RequestGuard::kMaxHeaderBytes + 8, 'g');
}

void TestRequestGuard::refusals()
{
    QFETCH(QByteArray, stream);
    QVERIFY(!feed(stream, stream.size()));
    QVERIFY(!feed(stream, 5));
}

QTEST_GUILESS_MAIN(TestRequestGuard)
#include "tst_requestguard.moc"
