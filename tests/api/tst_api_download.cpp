// The download endpoints of headless Pouch (beyond the spec: docs/api.md) over real sockets: the real binary, a local
// restic repository, archives read back with libarchive and compared with the source tree entry by entry.

#include "ApiHarness.h"
#include "TestSupport.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QUrl>

#include <csignal>

using namespace ApiHarness;
using TestSupport::uuidFor;

namespace {
const QString kBadToken = QStringLiteral("The download link is not valid.");

QString downloadPath(const QString& server, const QString& backup, const QString& query = {})
{
    const QString base = QStringLiteral("/api/servers/%1/backup/%2/download").arg(server, backup);
    return query.isEmpty() ? base : base + QLatin1Char('?') + query;
}

QString pathQuery(const QString& path, const QString& format = {})
{
    QString q = QStringLiteral("path=") + QString::fromLatin1(QUrl::toPercentEncoding(path));
    return format.isEmpty() ? q : q + QStringLiteral("&format=") + format;
}

// The part of a snapshotTree at `path` and below ("" for all of it).
QMap<QString, QByteArray> below(const QMap<QString, QByteArray>& tree, const QString& path)
{
    QMap<QString, QByteArray> out;
    for (auto it = tree.begin(); it != tree.end(); ++it) {
        if (path.isEmpty() || it.key() == path || it.key().startsWith(path + QLatin1Char('/')))
            out.insert(it.key(), it.value());
    }
    return out;
}

QByteArray base64Url(const QByteArray& data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// A JWT built by hand (not with libjwt, which Pouch verifies with): any header, any claims, any signature.
QByteArray makeJwt(const QJsonObject& header, const QJsonObject& claims, const QByteArray& key,
                   QCryptographicHash::Algorithm hmac = QCryptographicHash::Sha256)
{
    const QByteArray input = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                             base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray signature = key.isNull() ? QByteArray() : QMessageAuthenticationCode::hash(input, key, hmac);
    return input + '.' + base64Url(signature);
}

qint64 rssBytes(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

// A GET over a raw socket, read as slowly as the caller likes: the head, then the body de-chunked.
class RawDownload
{
public:
    bool start(quint16 port, const QString& path, const QByteArray& token)
    {
        m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (!m_socket.waitForConnected(5000))
            return false;
        // A small receive buffer, so that the kernel does not absorb what back-pressure should hold in Pouch.
        m_socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 64 * 1024);
        m_socket.write("GET " + path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                       "\r\n\r\n");
        return m_socket.waitForBytesWritten(5000);
    }
    // Reads up to `bytes` more raw bytes (fewer when the stream ends).
    void read(qint64 bytes, int timeoutMs = 30000)
    {
        QElapsedTimer t;
        t.start();
        qint64 got = 0;
        while (got < bytes && t.elapsed() < timeoutMs) {
            if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(200) &&
                m_socket.state() != QAbstractSocket::ConnectedState)
                break;
            const QByteArray data = m_socket.read(qMin(bytes - got, qMax<qint64>(m_socket.bytesAvailable(), 1)));
            got += data.size();
            m_raw += data;
        }
    }
    void readToEnd(int timeoutMs = 60000) { read(std::numeric_limits<qint64>::max() / 2, timeoutMs); }
    void close() { m_socket.abort(); }
    QByteArray head() const { return m_raw.left(m_raw.indexOf("\r\n\r\n")); }
    qint64 rawSize() const { return m_raw.size(); }
    // The de-chunked body; `complete` says the last chunk arrived.
    QByteArray body(bool* complete) const
    {
        *complete = false;
        QByteArray out;
        qsizetype at = m_raw.indexOf("\r\n\r\n");
        if (at < 0)
            return out;
        at += 4;
        for (;;) {
            const qsizetype eol = m_raw.indexOf("\r\n", at);
            if (eol < 0)
                return out;
            bool ok = false;
            const qsizetype size = m_raw.mid(at, eol - at).toLongLong(&ok, 16);
            if (!ok || eol + 2 + size + 2 > m_raw.size())
                return out;
            if (size == 0) {
                *complete = true;
                return out;
            }
            out += m_raw.mid(eol + 2, size);
            at = eol + 2 + size + 2;
        }
    }

private:
    QTcpSocket m_socket;
    QByteArray m_raw;
};
} // namespace

class TestApiDownload : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void wholeBackup_data();
    void wholeBackup();
    void subfolderFileAndSymlink_data();
    void subfolderFileAndSymlink();
    void fileNames();
    void badPaths_data();
    void badPaths();
    void missingPathsFormatsAndServers();
    void jwtLink();
    void jwtRefusals_data();
    void jwtRefusals();
    void slowReaderHoldsMemoryAndGetsEverything();
    void clientGoneStopsRestic();
    void resticDyingCutsTheStream();
    void notIndexedInTimeIs503();

private:
    bool backup(const QString& server, const QString& uuid);
    QJsonObject claims(const QString& server, const QString& backup, qint64 expiresIn = 600);
    void checkArchive(const Response& r, const QMap<QString, QByteArray>& expected);

    const QString m_s1 = uuidFor(1);
    const QString m_s2 = uuidFor(2);
    const QString m_s3 = uuidFor(3); // a server with one big file, for the slow reader
    const QString m_b1 = uuidFor(101);
    const QString m_b2 = uuidFor(102); // s2's
    const QString m_b3 = uuidFor(103); // s3's
    QMap<QString, QByteArray> m_tree;  // s1's files as backed up
    std::unique_ptr<Pouch> m_pouch;
    SseClient m_events;
    int m_nextId = 0;
};

bool TestApiDownload::backup(const QString& server, const QString& uuid)
{
    return backupAndWait(*m_pouch, m_events, server, uuid);
}

void TestApiDownload::initTestCase()
{
    Pouch::Options o;
    o.servers = {m_s1, m_s2, m_s3};
    m_pouch = std::make_unique<Pouch>(o);
    const QString s1 = m_pouch->serverDir(m_s1);
    QByteArray region(200 * 1024, Qt::Uninitialized);
    QRandomGenerator(7).fillRange(reinterpret_cast<quint32*>(region.data()), region.size() / 4);
    QVERIFY(TestSupport::writeFile(s1 + QStringLiteral("/world/level.dat"), "level"));
    QVERIFY(TestSupport::writeFile(s1 + QStringLiteral("/world/region/r.0.0.mca"), region));
    QVERIFY(TestSupport::writeFile(s1 + QString::fromUtf8("/Grün dir ✓/a b.txt"), "unicode"));
    QVERIFY(TestSupport::writeFile(s1 + QStringLiteral("/$HOME;rm -rf 'x'.txt"), "shell"));
    QVERIFY(TestSupport::writeFile(s1 + QStringLiteral("/nested/a/b/c/deep file.txt"), "deep"));
    QVERIFY(TestSupport::writeFile(s1 + QStringLiteral("/logs/2026.log"), "log"));
    QVERIFY(TestSupport::writeFile(s1 + QStringLiteral("/empty.txt"), ""));
    QVERIFY(QDir().mkpath(s1 + QStringLiteral("/nested/empty dir")));
    QVERIFY(QFile::link(QStringLiteral("logs/2026.log"), s1 + QStringLiteral("/latest.log")));
    QVERIFY(QFile::setPermissions(s1 + QStringLiteral("/world/level.dat"),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    QVERIFY(QFile::setPermissions(s1 + QStringLiteral("/nested/a/b/c/deep file.txt"),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QVERIFY(TestSupport::writeFile(m_pouch->serverDir(m_s2) + QStringLiteral("/other.txt"), "s2"));
    // 40 MiB that do not compress: more than every buffer between restic and the client together.
    QByteArray big(40 * 1024 * 1024, Qt::Uninitialized);
    QRandomGenerator(9).fillRange(reinterpret_cast<quint32*>(big.data()), big.size() / 4);
    QVERIFY(TestSupport::writeFile(m_pouch->serverDir(m_s3) + QStringLiteral("/big/blob.bin"), big));
    m_tree = TestSupport::snapshotTree(s1);
    QString error;
    QVERIFY2(m_pouch->start(&error), qPrintable(error));
    QVERIFY(m_events.connectTo(m_pouch->options().port, m_pouch->options().token));
    QVERIFY2(backup(m_s1, m_b1), qPrintable(m_pouch->output()));
    QVERIFY2(backup(m_s2, m_b2), qPrintable(m_pouch->output()));
    QVERIFY2(backup(m_s3, m_b3), qPrintable(m_pouch->output()));
}

void TestApiDownload::cleanupTestCase()
{
    if (m_pouch)
        QCOMPARE(m_pouch->terminate(), 0);
}

void TestApiDownload::checkArchive(const Response& r, const QMap<QString, QByteArray>& expected)
{
    CHECK_STATUS(r, 200);
    QMap<QString, QByteArray> entries;
    QString error;
    QVERIFY2(readArchive(r.body, &entries, &error), qPrintable(error));
    const QString prefix = m_pouch->serverDir(m_s1).mid(1);
    for (auto it = entries.begin(); it != entries.end(); ++it) {
        // Relative to the server's root: never absolute, never a '..', never the volume's path.
        QVERIFY2(!it.key().startsWith(QLatin1Char('/')) &&
                     !it.key().split(QLatin1Char('/')).contains(QLatin1String("..")) && !it.key().contains(prefix) &&
                     !it.key().isEmpty(),
                 qPrintable(it.key()));
    }
    QCOMPARE(entries.keys(), expected.keys());
    QCOMPARE(entries, expected);
}

void TestApiDownload::wholeBackup_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("default") << QString() << QByteArray("application/gzip");
    QTest::newRow("tar.gz") << QStringLiteral("format=tar.gz") << QByteArray("application/gzip");
    QTest::newRow("zip") << QStringLiteral("format=zip") << QByteArray("application/zip");
    QTest::newRow("path /") << QStringLiteral("path=%2F&format=zip") << QByteArray("application/zip");
}

void TestApiDownload::wholeBackup()
{
    QFETCH(QString, query);
    QFETCH(QByteArray, contentType);
    const Response r = m_pouch->get(downloadPath(m_s1, m_b1, query));
    QCOMPARE(r.header("Content-Type"), contentType);
    const QByteArray extension = contentType == "application/zip" ? "zip" : "tar.gz";
    QCOMPARE(r.header("Content-Disposition"), "attachment; filename=\"" + m_b1.toUtf8() + '.' + extension + '"');
    checkArchive(r, m_tree);
    // Modes come through (0644, and 0700 on the deep file).
    QMap<QString, QByteArray> entries;
    QHash<QString, int> modes;
    QString error;
    QVERIFY(readArchive(r.body, &entries, &error, &modes));
    QCOMPARE(modes.value(QStringLiteral("world/level.dat")), 0644);
    QCOMPARE(modes.value(QStringLiteral("nested/a/b/c/deep file.txt")), 0700);
}

void TestApiDownload::subfolderFileAndSymlink_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("format");
    for (const QString& format : {QStringLiteral("tar.gz"), QStringLiteral("zip")}) {
        const QByteArray f = format.toUtf8();
        QTest::addRow("folder %s", f.constData()) << QStringLiteral("/world") << format;
        QTest::addRow("deep folder %s", f.constData()) << QStringLiteral("/nested/a") << format;
        QTest::addRow("folder with an empty one %s", f.constData()) << QStringLiteral("/nested") << format;
        QTest::addRow("empty folder %s", f.constData()) << QStringLiteral("/nested/empty dir") << format;
        QTest::addRow("unicode folder %s", f.constData()) << QString::fromUtf8("/Grün dir ✓") << format;
        QTest::addRow("file %s", f.constData()) << QStringLiteral("/world/level.dat") << format;
        QTest::addRow("shell file %s", f.constData()) << QStringLiteral("/$HOME;rm -rf 'x'.txt") << format;
        QTest::addRow("deep file %s", f.constData()) << QStringLiteral("/nested/a/b/c/deep file.txt") << format;
        QTest::addRow("empty file %s", f.constData()) << QStringLiteral("/empty.txt") << format;
        QTest::addRow("binary file %s", f.constData()) << QStringLiteral("/world/region/r.0.0.mca") << format;
        QTest::addRow("symlink %s", f.constData()) << QStringLiteral("/latest.log") << format;
    }
}

void TestApiDownload::subfolderFileAndSymlink()
{
    QFETCH(QString, path);
    QFETCH(QString, format);
    const Response r = m_pouch->get(downloadPath(m_s1, m_b1, pathQuery(path, format)));
    checkArchive(r, below(m_tree, path.mid(1)));
    if (path == QLatin1String("/world/level.dat")) {
        QMap<QString, QByteArray> entries;
        QHash<QString, int> modes;
        QString error;
        QVERIFY(readArchive(r.body, &entries, &error, &modes));
        QCOMPARE(modes.value(QStringLiteral("world/level.dat")), 0644);
    }
}

void TestApiDownload::fileNames()
{
    const Response world = m_pouch->get(downloadPath(m_s1, m_b1, pathQuery(QStringLiteral("/world"), "zip")));
    QCOMPARE(world.header("Content-Disposition"), "attachment; filename=\"" + m_b1.toUtf8() + "-world.zip\"");
    // Quotes, control characters and non-ASCII never reach the header raw; the real name goes in filename*.
    const Response shell = m_pouch->get(downloadPath(m_s1, m_b1, pathQuery(QStringLiteral("/$HOME;rm -rf 'x'.txt"))));
    QCOMPARE(shell.header("Content-Disposition"),
             "attachment; filename=\"" + m_b1.toUtf8() + "-$HOME;rm -rf 'x'.txt.tar.gz\"");
    const Response unicode = m_pouch->get(downloadPath(m_s1, m_b1, pathQuery(QString::fromUtf8("/Grün dir ✓"))));
    QCOMPARE(unicode.header("Content-Disposition"), "attachment; filename=\"" + m_b1.toUtf8() +
                                                        "-Gr_n dir _.tar.gz\"; filename*=UTF-8''" + m_b1.toUtf8() +
                                                        "-Gr%C3%BCn%20dir%20%E2%9C%93.tar.gz");
}

void TestApiDownload::badPaths_data()
{
    addBadPathRows();
}

void TestApiDownload::badPaths()
{
    QFETCH(QString, query);
    QFETCH(QString, message);
    const Response r = m_pouch->get(downloadPath(m_s1, m_b1, query));
    CHECK_ERROR(r, 400, message);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/json; charset=utf-8"));
}

void TestApiDownload::missingPathsFormatsAndServers()
{
    CHECK_ERROR(m_pouch->get(downloadPath(m_s1, m_b1, pathQuery(QStringLiteral("/nope")))), 404, kNoSuchPath);
    CHECK_ERROR(m_pouch->get(downloadPath(m_s1, m_b1, pathQuery(QStringLiteral("/world/nope/deeper")))), 404,
                kNoSuchPath);
    CHECK_ERROR(m_pouch->get(downloadPath(m_s1, m_b1, pathQuery(QStringLiteral("/worl")))), 404, kNoSuchPath);
    CHECK_ERROR(m_pouch->get(downloadPath(m_s1, m_b1, pathQuery(QStringLiteral("/world/level.dat/x")))), 404,
                kNoSuchPath);
    const QString badFormat = QStringLiteral("`format` must be \"tar.gz\" or \"zip\".");
    CHECK_ERROR(m_pouch->get(downloadPath(m_s1, m_b1, QStringLiteral("format=rar"))), 400, badFormat);
    CHECK_ERROR(m_pouch->get(downloadPath(m_s1, m_b1, QStringLiteral("format="))), 400, badFormat);
    CHECK_ERROR(m_pouch->get(downloadPath(m_s1, m_b1, QStringLiteral("format=TAR.GZ"))), 400, badFormat);
    CHECK_ERROR(m_pouch->get(downloadPath(m_s1, m_b1, QStringLiteral("format=tar"))), 400, badFormat);
    // Scoped to the server: s2 cannot download s1's backup, with or without a path, nor s1 s2's.
    CHECK_ERROR(m_pouch->get(downloadPath(m_s2, m_b1)), 404, kNotFoundBackup);
    CHECK_ERROR(m_pouch->get(downloadPath(m_s2, m_b1, pathQuery(QStringLiteral("/world")))), 404, kNotFoundBackup);
    CHECK_ERROR(m_pouch->get(downloadPath(m_s1, m_b2, QStringLiteral("format=zip"))), 404, kNotFoundBackup);
    CHECK_ERROR(m_pouch->get(downloadPath(m_s1, uuidFor(999))), 404, kNotFoundBackup);
    CHECK_ERROR(m_pouch->get(downloadPath(uuidFor(77), m_b1)), 404, kNotFoundServer);
    CHECK_ERROR(m_pouch->get(downloadPath(m_s1, QStringLiteral("NOT-A-UUID"))), 400,
                QStringLiteral("The backup id must be a lowercase UUID."));
    // Auth as everywhere.
    CHECK_ERROR(m_pouch->request("GET", downloadPath(m_s1, m_b1), {}, "-"), 401, QString());
    CHECK_ERROR(m_pouch->request("GET", downloadPath(m_s1, m_b1), {}, "Bearer wrong"), 403, QString());
    CHECK_ERROR(m_pouch->request("POST", downloadPath(m_s1, m_b1), "{}"), 405, QString());
}

QJsonObject TestApiDownload::claims(const QString& server, const QString& backup, qint64 expiresIn)
{
    return {{QStringLiteral("server_uuid"), server},
            {QStringLiteral("backup_uuid"), backup},
            {QStringLiteral("unique_id"), QStringLiteral("link-%1").arg(++m_nextId)},
            {QStringLiteral("iat"), QDateTime::currentSecsSinceEpoch()},
            {QStringLiteral("exp"), QDateTime::currentSecsSinceEpoch() + expiresIn}};
}

void TestApiDownload::jwtLink()
{
    const QByteArray key = m_pouch->options().token.toUtf8();
    const QJsonObject hs256{{QStringLiteral("alg"), QStringLiteral("HS256")}, {QStringLiteral("typ"), "JWT"}};
    const QByteArray token = makeJwt(hs256, claims(m_s1, m_b1), key);
    const QString link = QStringLiteral("/download/backup?token=") + QString::fromLatin1(token);
    // No Bearer header: the link is its own credential.
    const Response r = m_pouch->request("GET", link, {}, "-");
    QCOMPARE(r.header("Content-Type"), QByteArray("application/gzip"));
    QCOMPARE(r.header("Content-Disposition"), "attachment; filename=\"" + m_b1.toUtf8() + ".tar.gz\"");
    QVERIFY(!r.header("X-Request-Id").isEmpty());
    checkArchive(r, m_tree);
    // Once only.
    CHECK_ERROR(m_pouch->request("GET", link, {}, "-"), 403, QStringLiteral("The download link was used already."));
    // A Bearer header changes nothing either way.
    CHECK_ERROR(m_pouch->request("GET", link), 403, QStringLiteral("The download link was used already."));
    // A valid link for a backup that is not that server's.
    CHECK_ERROR(m_pouch->request("GET",
                                 QStringLiteral("/download/backup?token=") +
                                     QString::fromLatin1(makeJwt(hs256, claims(m_s2, m_b1), key)),
                                 {}, "-"),
                404, kNotFoundBackup);
    CHECK_ERROR(m_pouch->request("GET",
                                 QStringLiteral("/download/backup?token=") +
                                     QString::fromLatin1(makeJwt(hs256, claims(uuidFor(77), m_b1), key)),
                                 {}, "-"),
                404, kNotFoundServer);
    CHECK_ERROR(m_pouch->request("POST", link, {}, "-"), 405, QString());
}

void TestApiDownload::jwtRefusals_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("message");
    const QByteArray key = QByteArrayLiteral("test-token-0123456789"); // Pouch::Options' default token
    const QJsonObject hs256{{QStringLiteral("alg"), QStringLiteral("HS256")}, {QStringLiteral("typ"), "JWT"}};
    const QJsonObject good = claims(m_s1, m_b1);
    QTest::newRow("expired") << makeJwt(hs256, claims(m_s1, m_b1, -5), key)
                             << QStringLiteral("The download link has expired.");
    QJsonObject early = claims(m_s1, m_b1);
    early.insert(QStringLiteral("nbf"), QDateTime::currentSecsSinceEpoch() + 300);
    QTest::newRow("not yet valid") << makeJwt(hs256, early, key) << QStringLiteral("The download link has expired.");
    QTest::newRow("wrong key") << makeJwt(hs256, good, "another-node-token") << kBadToken;
    QTest::newRow("alg none") << makeJwt({{QStringLiteral("alg"), QStringLiteral("none")}}, claims(m_s1, m_b1),
                                         QByteArray())
                              << kBadToken;
    QTest::newRow("alg None") << makeJwt({{QStringLiteral("alg"), QStringLiteral("None")}}, claims(m_s1, m_b1),
                                         QByteArray())
                              << kBadToken;
    QTest::newRow("HS512 with the right key") << makeJwt({{QStringLiteral("alg"), QStringLiteral("HS512")}},
                                                         claims(m_s1, m_b1), key, QCryptographicHash::Sha512)
                                              << kBadToken;
    QTest::newRow("HS384 with the right key") << makeJwt({{QStringLiteral("alg"), QStringLiteral("HS384")}},
                                                         claims(m_s1, m_b1), key, QCryptographicHash::Sha384)
                                              << kBadToken;
    QTest::newRow("RS256 header, HMAC signature")
        << makeJwt({{QStringLiteral("alg"), QStringLiteral("RS256")}}, claims(m_s1, m_b1), key) << kBadToken;
    QTest::newRow("no alg") << makeJwt({{QStringLiteral("typ"), "JWT"}}, claims(m_s1, m_b1), key) << kBadToken;
    for (const char* claim : {"server_uuid", "backup_uuid", "unique_id", "exp"}) {
        QJsonObject c = claims(m_s1, m_b1);
        c.remove(QLatin1String(claim));
        QTest::addRow("without %s", claim) << makeJwt(hs256, c, key) << kBadToken;
    }
    QJsonObject textExp = claims(m_s1, m_b1);
    textExp.insert(QStringLiteral("exp"), QStringLiteral("9999999999"));
    QTest::newRow("exp as text") << makeJwt(hs256, textExp, key) << kBadToken;
    const QByteArray valid = makeJwt(hs256, claims(m_s1, m_b1), key);
    QTest::newRow("signature cut") << valid.left(valid.size() - 3) << kBadToken;
    QTest::newRow("no signature") << valid.left(valid.lastIndexOf('.') + 1) << kBadToken;
    QTest::newRow("two parts") << valid.left(valid.lastIndexOf('.')) << kBadToken;
    QTest::newRow("garbage") << QByteArray("not.a.token") << kBadToken;
    QTest::newRow("empty") << QByteArray() << kBadToken;
}

void TestApiDownload::jwtRefusals()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, message);
    const QString link = QStringLiteral("/download/backup?token=") +
                         QString::fromLatin1(QUrl::toPercentEncoding(QString::fromLatin1(token)));
    CHECK_ERROR(m_pouch->request("GET", link, {}, "-"), 403, message);
}

// A client that reads a little, then nothing for a while: Pouch holds restic back instead of buffering, and the client
// still gets the whole archive.
void TestApiDownload::slowReaderHoldsMemoryAndGetsEverything()
{
    const qint64 pid = m_pouch->pid();
    const qint64 before = rssBytes(pid);
    QVERIFY(before > 0);
    RawDownload d;
    QVERIFY(d.start(m_pouch->options().port, downloadPath(m_s3, m_b3, QStringLiteral("format=zip")),
                    m_pouch->options().token.toUtf8()));
    qint64 peak = before;
    for (int i = 0; i < 20; ++i) { // 2 s of reading 16 KiB every 100 ms
        d.read(16 * 1024, 2000);
        QThread::msleep(100);
        peak = qMax(peak, rssBytes(pid));
    }
    QVERIFY2(d.head().startsWith("HTTP/1.1 200"), d.head().constData());
    QVERIFY2(d.head().contains("Transfer-Encoding: chunked"), d.head().constData());
    QVERIFY2(peak - before < 32 * 1024 * 1024,
             qPrintable(QStringLiteral("RSS grew by %1 MiB").arg((peak - before) / 1048576.0)));
    QVERIFY(d.rawSize() < 8 * 1024 * 1024); // it did read slowly
    d.readToEnd();
    bool complete = false;
    const QByteArray body = d.body(&complete);
    QVERIFY(complete);
    QMap<QString, QByteArray> entries;
    QString error;
    QVERIFY2(readArchive(body, &entries, &error), qPrintable(error));
    QCOMPARE(entries, TestSupport::snapshotTree(m_pouch->serverDir(m_s3)));
}

void TestApiDownload::clientGoneStopsRestic()
{
    const qint64 pid = m_pouch->pid();
    RawDownload d;
    QVERIFY(d.start(m_pouch->options().port, downloadPath(m_s3, m_b3), m_pouch->options().token.toUtf8()));
    d.read(64 * 1024, 10000);
    QVERIFY2(d.head().startsWith("HTTP/1.1 200"), d.head().constData());
    QVERIFY(TestSupport::childProcessNamed(QStringLiteral("restic"), pid)); // held back by the client
    d.close();
    QTRY_VERIFY_WITH_TIMEOUT(!TestSupport::childProcessNamed(QStringLiteral("restic"), pid), 10000);
    // And the server goes on serving.
    checkArchive(m_pouch->get(downloadPath(m_s1, m_b1, pathQuery(QStringLiteral("/world")))),
                 below(m_tree, QStringLiteral("world")));
}

// restic killed after the headers went: the client must not get an archive that looks complete.
void TestApiDownload::resticDyingCutsTheStream()
{
    const qint64 pid = m_pouch->pid();
    RawDownload d;
    QVERIFY(d.start(m_pouch->options().port, downloadPath(m_s3, m_b3), m_pouch->options().token.toUtf8()));
    d.read(64 * 1024, 10000);
    QVERIFY2(d.head().startsWith("HTTP/1.1 200"), d.head().constData());
    const QList<qint64> restic = TestSupport::childProcesses(QStringLiteral("restic"), pid);
    QCOMPARE(restic.size(), 1);
    QCOMPARE(::kill(pid_t(restic.first()), SIGKILL), 0);
    d.readToEnd();
    bool complete = true;
    const QByteArray body = d.body(&complete);
    QVERIFY(!complete);
    QVERIFY(body.size() < 40 * 1024 * 1024);
    QMap<QString, QByteArray> entries;
    QString error;
    QVERIFY(!readArchive(body, &entries, &error));
    QVERIFY(m_pouch->isRunning());
}

// A second node on the same repository has indexed nothing: a download of a path waits for the index (1 ms here)
// and answers 503 with Retry-After, as `files` does; the whole backup needs no index and streams at once.
void TestApiDownload::notIndexedInTimeIs503()
{
    Pouch other(secondNode(*m_pouch, {m_s1}, 1));
    QString error;
    QVERIFY2(other.start(&error), qPrintable(error));
    const Response first = other.get(downloadPath(m_s1, m_b1, pathQuery(QStringLiteral("/world"))));
    CHECK_ERROR(first, 503, QStringLiteral("The file list of this backup is being built; try again in a few seconds."));
    QCOMPARE(first.header("Retry-After"), QByteArray("5"));
    const Response whole = other.get(downloadPath(m_s1, m_b1));
    CHECK_STATUS(whole, 200);
    QMap<QString, QByteArray> entries;
    QVERIFY2(readArchive(whole.body, &entries, &error), qPrintable(error));
    QCOMPARE(entries, m_tree);
    QTRY_COMPARE_WITH_TIMEOUT(other.get(downloadPath(m_s1, m_b1, pathQuery(QStringLiteral("/world")))).status, 200,
                              30000);
    QCOMPARE(other.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestApiDownload)
#include "tst_api_download.moc"
