// pouch_sse_load: many SSE subscribers against a running headless Pouch, for bench/sse_load.sh.
//
//   pouch_sse_load --port P --token T --servers A,B,... [--subscribers 1000] [--max-seconds 600]
//
// Subscriber i asks for every server when i % 10 == 0, otherwise for servers[i % count]. It runs until stdin
// reaches end of file (or --max-seconds pass), then prints a report and exits non-zero if any subscriber
// failed to connect, was disconnected, missed an event of one of its servers or got another server's event.
// "Published" per server is what the all-servers subscribers saw, and they must all agree with each other.
// The report also gives each event's arrival spread (every delivery's delay after its first delivery, taken when
// the socket became readable): bench/run's figure 6.

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMap>
#include <QSocketNotifier>
#include <QTcpSocket>
#include <QTextStream>
#include <QTimer>

#include <algorithm>

#include <unistd.h>

Q_LOGGING_CATEGORY(lcLoad, "pouch.bench.sse")

namespace {

struct Stream
{
    quint64 count = 0;
    quint64 hash = 1469598103934665603ull; // FNV-1a over the frames, in order
    void add(const QByteArray& frame)
    {
        ++count;
        for (char c : frame)
            hash = (hash ^ quint8(c)) * 1099511628211ull;
        hash = (hash ^ 0xff) * 1099511628211ull; // frame separator
    }
    bool operator==(const Stream& o) const { return count == o.count && hash == o.hash; }
};

struct Subscriber
{
    QTcpSocket* socket = nullptr;
    QStringList servers; // empty: all
    QByteArray buffer;
    bool subscribed = false;
    bool closedByServer = false;
    QByteArray eventName;
    QHash<QString, Stream> perServer;
    QHash<QString, QList<qint64>> arrivals; // per server: when each frame arrived (ns since start)
    QMap<QString, quint64> byName;
    quint64 foreign = 0; // events of servers it did not ask for
};

class Load : public QObject
{
public:
    Load(quint16 port, QByteArray token, QStringList servers, int count)
        : m_port(port), m_token(std::move(token)), m_servers(std::move(servers)), m_count(count)
    {
    }

    void start()
    {
        m_timer.start();
        m_subs.resize(m_count);
        connectBatch();
    }

    int report()
    {
        QTextStream out(stdout);
        int connected = 0, alive = 0;
        quint64 foreign = 0;
        for (const Subscriber& s : std::as_const(m_subs)) {
            connected += s.subscribed;
            alive += s.subscribed && !s.closedByServer && s.socket->state() == QAbstractSocket::ConnectedState;
            foreign += s.foreign;
        }
        // Reference: the all-servers subscribers, which must agree among themselves.
        QHash<QString, Stream> published;
        QMap<QString, quint64> publishedByName;
        int allDisagree = 0;
        bool haveReference = false;
        for (const Subscriber& s : std::as_const(m_subs)) {
            if (!s.servers.isEmpty() || !s.subscribed)
                continue;
            if (!haveReference) {
                published = s.perServer;
                publishedByName = s.byName;
                haveReference = true;
            } else if (s.perServer != published) {
                ++allDisagree;
            }
        }
        quint64 minDelivered = ~0ull, maxDelivered = 0, totalDelivered = 0;
        int incomplete = 0;
        for (const Subscriber& s : std::as_const(m_subs)) {
            const QStringList wanted = s.servers.isEmpty() ? m_servers : s.servers;
            quint64 expected = 0, got = 0;
            bool same = true;
            for (const QString& server : wanted) {
                const Stream ref = published.value(server);
                const Stream mine = s.perServer.value(server);
                expected += ref.count;
                got += mine.count;
                same = same && ref == mine;
            }
            if (!same || got != expected)
                ++incomplete;
            minDelivered = qMin(minDelivered, got);
            maxDelivered = qMax(maxDelivered, got);
            totalDelivered += got;
        }
        quint64 publishedTotal = 0;
        for (auto it = published.cbegin(); it != published.cend(); ++it)
            publishedTotal += it->count;
        out << "subscribers_requested " << m_count << "\n"
            << "subscribers_connected " << connected << "\n"
            << "subscribers_alive_at_end " << alive << "\n"
            << "connect_seconds " << QString::number(m_connectedMs / 1000.0, 'f', 2) << "\n"
            << "events_published " << publishedTotal << "\n";
        for (auto it = publishedByName.cbegin(); it != publishedByName.cend(); ++it)
            out << "events_published_by_name \"" << it.key() << "\" " << it.value() << "\n";
        for (const QString& server : m_servers)
            out << "events_published_for " << server << " " << published.value(server).count << "\n";
        out << "events_delivered_total " << totalDelivered << "\n"
            << "events_delivered_per_subscriber_min " << (m_subs.isEmpty() ? 0 : minDelivered) << "\n"
            << "events_delivered_per_subscriber_max " << maxDelivered << "\n"
            << "subscribers_missing_or_reordered_events " << incomplete << "\n"
            << "all_server_subscribers_disagreeing " << allDisagree << "\n"
            << "foreign_events " << foreign << "\n";
        reportSpread(out);
        out.flush();
        const bool ok = connected == m_count && alive == m_count && incomplete == 0 && allDisagree == 0 &&
                        foreign == 0 && haveReference;
        out << "result " << (ok ? "PASS" : "FAIL") << Qt::endl;
        return ok ? 0 : 1;
    }

private:
    // How far apart one event reaches its subscribers: for each event (the k-th frame of a server), every
    // delivery's delay after the first delivery of it. Taken when the socket became readable, before parsing.
    void reportSpread(QTextStream& out) const
    {
        QList<double> delays;   // ms, every delivery of every event
        QList<double> perEvent; // ms, the p99 of each event
        for (const QString& server : m_servers) {
            for (int k = 0;; ++k) {
                QList<qint64> at;
                for (const Subscriber& s : std::as_const(m_subs)) {
                    const QList<qint64> mine = s.arrivals.value(server);
                    if (k < mine.size())
                        at << mine.at(k);
                }
                if (at.isEmpty())
                    break;
                std::sort(at.begin(), at.end());
                QList<double> these;
                for (qint64 a : std::as_const(at))
                    these << (a - at.first()) / 1e6;
                delays += these;
                perEvent << these.at(qMin<qsizetype>(these.size() - 1, qsizetype(these.size() * 0.99)));
            }
        }
        std::sort(delays.begin(), delays.end());
        std::sort(perEvent.begin(), perEvent.end());
        const auto pick = [](const QList<double>& v, double q) {
            return v.isEmpty() ? 0.0 : v.at(qMin<qsizetype>(v.size() - 1, qsizetype(v.size() * q)));
        };
        out << "arrival_events " << perEvent.size() << "\n"
            << "arrival_spread_p50_ms " << QString::number(pick(delays, 0.5), 'f', 2) << "\n"
            << "arrival_spread_p99_ms " << QString::number(pick(delays, 0.99), 'f', 2) << "\n"
            << "arrival_spread_max_ms " << QString::number(delays.isEmpty() ? 0 : delays.last(), 'f', 2) << "\n"
            << "arrival_spread_worst_event_p99_ms " << QString::number(perEvent.isEmpty() ? 0 : perEvent.last(), 'f', 2)
            << "\n";
    }

    static constexpr int kBatch = 50; // well under the listen backlog

    void connectBatch()
    {
        const int end = qMin(m_next + kBatch, m_count);
        for (; m_next < end; ++m_next)
            open(m_next);
    }

    void open(int i)
    {
        Subscriber& s = m_subs[i];
        if (i % 10 != 0)
            s.servers = QStringList{m_servers.at(i % m_servers.size())};
        s.socket = new QTcpSocket(this);
        QTcpSocket* socket = s.socket;
        connect(socket, &QTcpSocket::connected, this, [this, i, socket] {
            const QByteArray query =
                m_subs[i].servers.isEmpty() ? QByteArray() : "?servers=" + m_subs[i].servers.join(',').toUtf8();
            socket->write("GET /api/events" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                          m_token + "\r\nAccept: text/event-stream\r\n\r\n");
        });
        connect(socket, &QTcpSocket::readyRead, this, [this, i] { read(i); });
        connect(socket, &QTcpSocket::disconnected, this, [this, i] {
            m_subs[i].closedByServer = true;
            qCWarning(lcLoad) << "subscriber" << i << "disconnected by the server";
        });
        connect(socket, &QTcpSocket::errorOccurred, this, [i, socket](QAbstractSocket::SocketError) {
            qCWarning(lcLoad) << "subscriber" << i << socket->errorString();
        });
        socket->connectToHost(QStringLiteral("127.0.0.1"), m_port);
    }

    void read(int i)
    {
        Subscriber& s = m_subs[i];
        const qint64 now = m_timer.nsecsElapsed();
        s.buffer += s.socket->readAll();
        if (!s.subscribed) {
            const qsizetype head = s.buffer.indexOf("\r\n\r\n");
            if (head < 0)
                return;
            if (!s.buffer.startsWith("HTTP/1.1 200")) {
                qCWarning(lcLoad) << "subscriber" << i << "refused:" << s.buffer.left(s.buffer.indexOf('\r'));
                s.socket->abort();
                return;
            }
            s.buffer.remove(0, head + 4);
            s.subscribed = true;
            if (++m_subscribed == m_count) {
                m_connectedMs = m_timer.elapsed();
                QTextStream(stdout) << "all " << m_count << " subscribed in " << m_connectedMs << " ms" << Qt::endl;
            } else if (m_subscribed % kBatch == 0) {
                connectBatch();
            }
        }
        // Frames end with a blank line; lines are "event: x", "data: {...}" or ": comment".
        qsizetype end;
        while ((end = s.buffer.indexOf("\n\n")) >= 0) {
            const QByteArray frame = s.buffer.left(end);
            s.buffer.remove(0, end + 2);
            QByteArray name, data;
            for (const QByteArray& line : frame.split('\n')) {
                if (line.startsWith("event: "))
                    name = line.mid(7);
                else if (line.startsWith("data: "))
                    data = line.mid(6);
            }
            if (name.isEmpty())
                continue; // comment: subscribed / keepalive
            const QString server = QJsonDocument::fromJson(data).object().value(QLatin1String("server_id")).toString();
            if (!s.servers.isEmpty() && !s.servers.contains(server))
                ++s.foreign;
            s.perServer[server].add(frame);
            s.arrivals[server] << now;
            ++s.byName[QString::fromUtf8(name)];
        }
    }

    quint16 m_port;
    QByteArray m_token;
    QStringList m_servers;
    int m_count;
    int m_next = 0;
    int m_subscribed = 0;
    qint64 m_connectedMs = -1;
    QElapsedTimer m_timer;
    QList<Subscriber> m_subs;
};

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption portOpt(QStringLiteral("port"), QStringLiteral("Pouch's port"), QStringLiteral("port"));
    const QCommandLineOption tokenOpt(QStringLiteral("token"), QStringLiteral("API token"), QStringLiteral("token"));
    const QCommandLineOption serversOpt(QStringLiteral("servers"), QStringLiteral("Server UUIDs, comma-separated"),
                                        QStringLiteral("ids"));
    const QCommandLineOption countOpt(QStringLiteral("subscribers"), QStringLiteral("How many"), QStringLiteral("n"),
                                      QStringLiteral("1000"));
    const QCommandLineOption maxOpt(QStringLiteral("max-seconds"), QStringLiteral("Report and stop after this long"),
                                    QStringLiteral("s"), QStringLiteral("600"));
    parser.addOptions({portOpt, tokenOpt, serversOpt, countOpt, maxOpt});
    parser.process(app);
    const QStringList servers = parser.value(serversOpt).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (!parser.isSet(portOpt) || !parser.isSet(tokenOpt) || servers.isEmpty()) {
        QTextStream(stderr) << "pouch_sse_load: --port, --token and --servers are required" << Qt::endl;
        return 2;
    }

    Load load(quint16(parser.value(portOpt).toUInt()), parser.value(tokenOpt).toUtf8(), servers,
              parser.value(countOpt).toInt());
    int exitCode = 1;
    auto finish = [&] {
        exitCode = load.report();
        QCoreApplication::quit();
    };
    // End of stdin is the caller's "stop now"; the timer is the bound if the caller forgets.
    QSocketNotifier stdinNotifier(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&stdinNotifier, &QSocketNotifier::activated, &app, [&] {
        char buf[256];
        if (::read(STDIN_FILENO, buf, sizeof buf) <= 0) {
            stdinNotifier.setEnabled(false);
            finish();
        }
    });
    QTimer::singleShot(parser.value(maxOpt).toInt() * 1000, &app, finish);
    load.start();
    app.exec();
    return exitCode;
}
