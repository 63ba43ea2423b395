#include "Config.h"
#include "HeadlessMain.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>
#include <memory>

#ifdef POUCH_WITH_GUI
#include "GuiMain.h"

#include <QApplication>
#endif

namespace {
int fail(const QString& message)
{
    QTextStream(stderr) << "pouch: " << message << Qt::endl;
    return 1;
}
} // namespace

int main(int argc, char** argv)
{
    std::unique_ptr<QCoreApplication> app;
#ifdef POUCH_WITH_GUI
    // The headless path never touches a display: decide before any QGuiApplication exists.
    bool headless = false;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--headless" || arg == "--version" || arg == "-v" || arg == "--help" || arg == "-h")
            headless = true;
    }
    if (!headless)
        app = std::make_unique<QApplication>(argc, argv);
#endif
    if (!app)
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pouch"));
    QCoreApplication::setOrganizationName(QStringLiteral("pouch"));
    QCoreApplication::setApplicationVersion(QStringLiteral(POUCH_VERSION));

    QLoggingCategory::setFilterRules(QStringLiteral("pouch.*.debug=false"));
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Restic backups for Pelican Wings game servers."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption headlessOption(QStringLiteral("headless"),
                                      QCoreApplication::translate("main", "Serve the Wings-compatible HTTP API without a window."));
    QCommandLineOption configOption(QStringList{QStringLiteral("c"), QStringLiteral("config")},
                                    QCoreApplication::translate("main", "Read the Wings configuration from <file>."),
                                    QStringLiteral("file"));
    QCommandLineOption listenOption(
        QStringLiteral("listen"),
        QCoreApplication::translate("main", "Serve the API on <host:port> instead of api.host:api.port (which Wings "
                                            "itself uses), e.g. 0.0.0.0:8095."),
        QStringLiteral("host:port"));
    QCommandLineOption settingsOption(
        QStringLiteral("settings"),
        QCoreApplication::translate("main", "Read Pouch's own settings from <file> (default: %1, if it exists).")
            .arg(PouchSettings::defaultPath()),
        QStringLiteral("file"));
    parser.addOption(headlessOption);
    parser.addOption(configOption);
    parser.addOption(listenOption);
    parser.addOption(settingsOption);
    parser.process(*app);

#ifdef POUCH_WITH_GUI
    if (!parser.isSet(headlessOption))
        return runGui(parser.value(configOption), parser.isSet(settingsOption) ? parser.value(settingsOption)
                                                                                : QString());
#endif

    Config config;
    QString error;
    const bool ok = parser.isSet(configOption) ? Config::loadFile(parser.value(configOption), config, error)
                                               : Config::loadEmbeddedDefault(config, error);
    if (!ok)
        return fail(error);
    // Pouch's own keys over Wings' file, then the command line over both.
    PouchSettings settings;
    const bool settingsGiven = parser.isSet(settingsOption);
    if (!PouchSettings::loadFile(settingsGiven ? parser.value(settingsOption) : PouchSettings::defaultPath(),
                                 settingsGiven, settings, error))
        return fail(error);
    config.apply(settings);
    if (parser.isSet(listenOption) &&
        !Config::parseListen(parser.value(listenOption), &config.apiHost, &config.apiPort))
        return fail(QCoreApplication::translate("main", "--listen %1: expected host:port, e.g. 0.0.0.0:8095 or "
                                                        "[::]:8095")
                        .arg(parser.value(listenOption)));
    // Command lines and restic's output are for `debug: true` (Wings' switch for the same), not every run.
    QLoggingCategory::setFilterRules(config.debug ? QStringLiteral("pouch.*.debug=true")
                                                  : QStringLiteral("pouch.*.debug=false"));
    if (config.embedded) {
        QTextStream out(stdout);
        out << QCoreApplication::translate("main", "Pouch %1 on its embedded default set-up:").arg(QStringLiteral(POUCH_VERSION)) << '\n'
            << QCoreApplication::translate("main", "  configuration: %1").arg(config.sourceFile) << '\n'
            << QCoreApplication::translate("main", "  repository:    %1").arg(config.restic.repository) << '\n'
            << QCoreApplication::translate("main", "  server files:  %1/<server-uuid>").arg(config.dataDirectory) << '\n';
    }
    return runHeadless(config);
}
