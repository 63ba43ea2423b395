#include "HeadlessMain.h"

#include "ApiLogging.h"
#include "ApiServer.h"
#include "BackupService.h"
#include "EventStream.h"
#include "PanelClient.h"
#include "SignalWatcher.h"

#include <QCoreApplication>
#include <QTextStream>
#include <QTimer>

namespace {
constexpr int kJobStopTimeoutMs = 60000;   // restic answers SIGINT within seconds; this is the safety net
constexpr int kCallbackFlushMaxMs = 10000; // a Panel that is down must not hold the shutdown for long
} // namespace

int runHeadless(const Config& config)
{
    // Without a repository every backup would fail later, one by one: say so now, naming file and key.
    if (const QString problem = config.repositoryProblem(); !problem.isEmpty()) {
        QTextStream(stderr) << "pouch: " << problem << Qt::endl;
        return 1;
    }

    BackupService service(config);
    QString lockError;
    if (!service.claimNode(QStringLiteral("headless"), &lockError)) {
        QTextStream(stderr) << "pouch: " << lockError << Qt::endl;
        return 1;
    }
    service.recover();

    // Scheduled checks and prunes (off unless the settings file has them); a missed one runs now.
    service.startMaintenanceSchedule();
    // Names from the Panel, in the background; the cached ones answer until then.
    service.serverNames()->start();

    PanelClient panel(config);
    panel.attach(service.jobs());
    service.metrics()->addSampler([&panel](Metrics& m) { m.setOutboxPending(panel.pendingCount()); });
    if (panel.isEnabled()) {
        const int resent = panel.resumeOutbox();
        if (resent > 0)
            qCInfo(lcApi) << "re-sending" << resent << "Panel callbacks from an earlier run";
    }

    ApiServer api(config, &service);
    QString error;
    if (!api.listen(&error)) {
        QTextStream(stderr) << "pouch: " << error << Qt::endl;
        return 1;
    }
    QTextStream(stdout) << QCoreApplication::translate("headless", "Pouch %1 serving the Wings API on %2")
                               .arg(QStringLiteral(POUCH_VERSION), api.address())
                        << Qt::endl;
    // Where the token is and a first request to paste; never the token itself (stdout ends up in journals).
    const QString where = config.sourceFile.isEmpty() ? QStringLiteral("config.yml") : config.sourceFile;
    QString url = api.address();
    url.replace(QLatin1String("://0.0.0.0:"), QLatin1String("://127.0.0.1:"));
    const QStringList servers = service.paths().servers();
    const QString server = servers.size() == 1 ? servers.first() : QStringLiteral("<server-uuid>");
    QTextStream(stdout) << QCoreApplication::translate("headless", "The API token is the `token` key in %1. To list "
                                                                   "a server's snapshots:")
                               .arg(where)
                        << '\n'
                        << "  TOKEN=\"$(sed -n \"s/^token: *['\\\"]\\{0,1\\}\\([^'\\\"]*\\).*/\\1/p\" '" << where
                        << "')\"; curl -H \"Authorization: Bearer $TOKEN\"" << (config.sslEnabled ? " -k " : " ") << url
                        << "/api/servers/" << server << "/backup/snapshots" << Qt::endl;

    SignalWatcher signalWatcher;
    bool stopping = false;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &api, [&](int signalNumber) {
        if (stopping) {
            qCWarning(lcApi) << "signal" << signalNumber << "again: still stopping";
            return;
        }
        stopping = true;
        qCInfo(lcApi) << "signal" << signalNumber << "received: stopping";
        api.stopAccepting();
        // restic gets SIGINT and removes its own lock; the cancelled jobs report failure (events, Panel).
        if (!service.shutdown(kJobStopTimeoutMs))
            qCWarning(lcApi) << "some jobs did not stop in time";
        if (!panel.waitForIdle(qMin(kCallbackFlushMaxMs, config.remoteTimeoutSec * 1000)))
            qCWarning(lcApi) << panel.pendingCount() << "Panel callbacks undelivered; they stay in the outbox";
        api.eventStream()->closeAll();
        // Let the sockets send what is buffered before the loop ends.
        QTimer::singleShot(200, qApp, [] { QCoreApplication::exit(0); });
    });

    return QCoreApplication::exec();
}
