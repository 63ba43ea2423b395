#include "GuiMain.h"
#include "Config.h"
#include "DesktopSettings.h"
#include "Icons.h"
#include "MainWindow.h"
#include "NodeRegistry.h"
#include "QuitSignals.h"
#include "RemoteNode.h"
#include "SecretStore.h"
#include "UiLogging.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

bool installTranslations(const QLocale& locale)
{
    // Qt's own strings (the Save, Cancel, Yes and No of its dialogs; Debian's qt6-translations-l10n) and ours.
    // A second call replaces the first call's translators instead of stacking them.
    static QPointer<QTranslator> s_qt;
    static QPointer<QTranslator> s_own;
    for (QTranslator* old : {s_qt.data(), s_own.data()}) {
        if (old) {
            QCoreApplication::removeTranslator(old);
            delete old;
        }
    }
    const QString qtDir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    auto* qt = new QTranslator(qApp);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), qtDir)) {
        QCoreApplication::installTranslator(qt);
        s_qt = qt;
    } else {
        // English needs none; any other language shows Qt's buttons in English.
        if (locale.language() != QLocale::English && locale.language() != QLocale::C)
            qCWarning(lcUi).noquote() << "no Qt translation for" << locale.name() << "in" << qtDir
                                      << "(install qt6-translations-l10n)";
        delete qt;
    }
    auto* own = new QTranslator(qApp);
    if (own->load(locale, QStringLiteral("pouch"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(own);
        s_own = own;
        return true;
    }
    delete own;
    return false;
}

bool installQuitOnSignals()
{
    static bool connected = false;
    QuitSignals* watcher = QuitSignals::instance();
    if (!watcher)
        return false;
    if (!connected) {
        // The Quit action's own slot: each window closes as if the user had closed it.
        QObject::connect(watcher, &QuitSignals::received, qApp, &QApplication::closeAllWindows);
        connected = true;
    }
    return true;
}

namespace {

// The saved remote nodes, with those of Pouch's settings file as read-only entries; each becomes a RemoteNode.
void setUpNodes(MainWindow* window, const QString& settingsFile)
{
    auto* settings = new QSettings(window);
    const DesktopValues values = DesktopSettings(*settings).load();
    const SecretStore::Backend backend =
        values.secretsInFile ? SecretStore::Backend::File : SecretStore::Backend::Keychain;
    auto* store = new SecretStore(backend, window);
    auto* registry = new NodeRegistry(*settings, store, window);
    PouchSettings pouch;
    QString error;
    const bool given = !settingsFile.isEmpty();
    if (!PouchSettings::loadFile(given ? settingsFile : PouchSettings::defaultPath(), given, pouch, error))
        window->showError(error);
    else if (!pouch.consoleNodes.isEmpty())
        registry->setFileNodes(pouch.consoleNodes, pouch.sourceFile);
    registry->setFactory([registry](const NodeEntry& entry, QObject* parent) -> Node* {
        auto* node = new RemoteNode({entry.url, entry.token, entry.pinnedSha256}, parent);
        const QString key = entry.key();
        QObject::connect(node, &RemoteNode::pinnedChanged, registry,
                         [registry, key](const QByteArray& pin) { registry->setPinned(key, pin); });
        node->connectToNode();
        return node;
    });
    window->setNodeRegistry(registry, backend, store->filePath());
}

} // namespace

int runGui(const QString& configFile, const QString& settingsFile)
{
    installQuitOnSignals(); // first: a SIGTERM during start-up closes too
    installTranslations();
    QApplication::setWindowIcon(Icons::application());
    QGuiApplication::setDesktopFileName(QStringLiteral("pouch"));
    QApplication::setApplicationDisplayName(QObject::tr("Pouch"));

    auto* window = new MainWindow();
    window->setAttribute(Qt::WA_DeleteOnClose);
    setUpNodes(window, settingsFile);

    if (!configFile.isEmpty()) {
        // --config: that file and its secrets, the saved settings untouched.
        Config config;
        QString error;
        if (!Config::loadFile(configFile, config, error)) {
            QMessageBox::critical(nullptr, QObject::tr("Pouch"),
                                  QObject::tr("Cannot open the configuration: %1").arg(error));
            delete window;
            return 1;
        }
        window->setConfig(config, MainWindow::Source::File);
        window->show();
        return QApplication::exec();
    }

    QSettings settings;
    DesktopSettings saved(settings);
    if (!saved.hasSaved()) {
        Config config;
        QString error;
        if (!Config::loadEmbeddedDefault(config, error)) {
            QMessageBox::critical(nullptr, QObject::tr("Pouch"),
                                  QObject::tr("Cannot set up the built-in repository: %1").arg(error));
            delete window;
            return 1;
        }
        window->setConfig(config, MainWindow::Source::EmbeddedDefault);
        window->show();
        return QApplication::exec();
    }

    // Saved settings: the secrets come from the keychain (or the file the user chose) before connecting.
    const DesktopValues values = saved.load();
    window->show();
    if (!values.secretsInFile && !SecretStore::keychainAvailable()) {
        window->showError(QObject::tr("No keychain is available, so the repository password cannot be read. Start "
                                      "your keychain and restart Pouch, or store the secrets in a file in Settings."));
        window->setConfig(DesktopSettings::toConfig(values, {}), MainWindow::Source::Saved);
        return QApplication::exec();
    }
    auto* store =
        new SecretStore(values.secretsInFile ? SecretStore::Backend::File : SecretStore::Backend::Keychain, window);
    store->read(SecretStore::allKeys(), [window, store, values](const SecretStore::Result& r) {
        store->deleteLater();
        const DesktopSecrets secrets = DesktopSecrets::fromHash(r.values);
        window->setConfig(DesktopSettings::toConfig(values, secrets), MainWindow::Source::Saved, secrets);
        if (!r.ok)
            window->showError(r.error);
    });
    return QApplication::exec();
}
