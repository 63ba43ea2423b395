#pragma once

#include "BackupService.h"
#include "Config.h"
#include "DesktopSettings.h"
#include "SecretStore.h"

#include <QHash>
#include <QMainWindow>
#include <QSet>
#include <memory>

class AddNodeDialog;
class TrustCertificateDialog;
class BackupService;
class NodeListModel;
class NodeRegistry;
class QComboBox;
class LocalNode;
class Node;
class Callout;
class JobsPanel;
class QAction;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QSettings;
class QStackedWidget;
class QTableView;
class RestoreWizard;
class RepositoryDialog;
class GrowthChart;
class ServerListModel;
class SettingsDialog;
class SnapshotBrowser;
class SnapshotFilterProxy;
class SnapshotTableModel;
struct Snapshot;

// The console: servers on the left, their snapshots in the centre, jobs at the bottom. All repository
// work goes through BackupService futures and jobs; nothing here waits on restic.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class Source
    {
        Saved,           // the saved settings and keychain secrets
        File,            // pouch --config file.yml
        EmbeddedDefault, // first start: the built-in local repository
    };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Switches to a configuration: a new BackupService, then a refresh. `secrets` are kept for the settings
    // dialog (Saved only).
    void setConfig(const Config& config, Source source, const DesktopSecrets& secrets = {});
    // Where the settings dialog saves; QSettings() unless a test sets its own.
    void setSettings(QSettings* settings);

    // The core in this process (nullptr before the first setConfig), and its node.
    BackupService* service() const;
    LocalNode* localNode() const { return m_local; }
    // Every node the console shows: the local one first, then the remote ones.
    QList<Node*> nodes() const;
    // A remote node joins the window (its owner keeps it; deleting it removes it here too), or leaves it.
    void addNode(Node* node, const QString& label = {});
    void removeNode(Node* node);
    // The saved remote nodes (the window takes ownership): their nodes join as they are made; Add Node… and
    // Remove Node go through it. Tokens are kept with `backend` (the settings' choice).
    void setNodeRegistry(NodeRegistry* registry, SecretStore::Backend backend, const QString& secretsFile = {});
    NodeRegistry* nodeRegistry() const { return m_registry; }
    NodeListModel* nodeModel() const { return m_nodeModel; }
    QListView* nodeView() const { return m_nodeView; }
    AddNodeDialog* openAddNode();
    // A remote node presented a certificate the system does not trust: trust on first use, or a changed one
    // refused. Asked once per node and certificate.
    TrustCertificateDialog* askTrust(Node* node);
    Node* nodeByKey(const QString& key) const;
    // Only this node's servers and snapshots (empty: every node).
    void setNodeFilter(const QString& nodeKey);
    Source source() const { return m_source; }
    SnapshotTableModel* snapshotModel() const { return m_snapshots; }
    SnapshotFilterProxy* snapshotProxy() const { return m_proxy; }
    ServerListModel* serverModel() const { return m_servers; }
    QTableView* snapshotView() const { return m_table; }
    QListView* serverView() const { return m_serverView; }
    JobsPanel* jobsPanel() const { return m_jobs; }
    QLineEdit* searchField() const { return m_search; }

    void showError(const QString& text);
    void clearError();
    RestoreWizard* openRestoreWizard();
    // The selected snapshot's files (double-click or Browse…), with the server's other snapshots to compare with.
    SnapshotBrowser* openBrowser();
    SettingsDialog* openSettings();
    // Repository…: the repository view of the node filtered on, else the selected snapshot's, else this computer.
    RepositoryDialog* openRepository();
    // Growth…: a server's chart, on the node that hosts it (or has its snapshots).
    GrowthChart* openGrowth(const QString& serverUuid);
    void selectServer(const QString& serverUuid);
    // Help → About Pouch: versions of Pouch, Qt and restic (as last read), and where the documentation is.
    void showAbout();
    QString aboutText() const;
    // The directory with README.md and docs/: installed, or the source tree; empty when neither is there.
    static QString docsPath();

public Q_SLOTS:
    void refresh();
    void backUpNow();
    void deleteSelected();

Q_SIGNALS:
    // After every refresh, successful or not.
    void refreshed();

private:
    void buildUi();
    void buildActions();
    bool currentSnapshot(Snapshot* out) const;
    QString backupTarget() const;
    void updateActions();
    void updateEmptyState();
    void updateStatus();
    void updateBanner();
    bool canRunJobs() const;
    // Whether jobs may start on `node` now; `why` says why not, for a tooltip.
    bool jobsAllowed(const Node* node, QString* why = nullptr) const;
    void attachNode(Node* node);
    void removeNodeAsked(Node* node);
    void updateNodes(); // the Node column, names, the server list
    void updateServers();
    Node* nodeOf(const Snapshot& snapshot) const;
    Node* nodeHosting(const QString& serverUuid) const; // the node with the server's files (filter first)
    QString noJobsReason() const;                       // why canRunJobs() is false, for tooltips
    void claimNodeAgain();
    void onJobFinished(class Job* job);
    void whenStarted(const QFuture<BackupService::Started>& future,
                     const std::function<void(const BackupService::Started&)>& done);
    void listed(); // every listing of a refresh answered: the table and the server list

    LocalNode* m_local = nullptr;
    QList<Node*> m_remotes;
    QHash<const Node*, QString> m_remoteKeys; // their keys, for when they are being destroyed
    QHash<QString, QList<Snapshot>> m_lists; // per node key, the last listing
    QString m_nodeFilter;
    NodeRegistry* m_registry = nullptr;
    SecretStore::Backend m_tokenBackend = SecretStore::Backend::Keychain;
    QString m_tokenFile;
    QListView* m_nodeView = nullptr;
    QComboBox* m_nodeCombo = nullptr;
    QSet<QString> m_trustAsked;
    int m_pending = 0; // listings of the current refresh not answered yet
    Source m_source = Source::EmbeddedDefault;
    DesktopSecrets m_secrets;
    QSettings* m_settings = nullptr;
    int m_generation = 0;        // bumped by every refresh and config change: stale listings are dropped
    int m_serviceGeneration = 0; // bumped by config changes only
    bool m_loading = false;
    QString m_listError;
    QString m_resyncError;       // the last resync of the catalogue failed: the table shows what it last knew
    QString m_nodeError;         // why this window runs no jobs (another Pouch holds the directories)
    QString m_repositoryProblem; // Config::repositoryProblem(): no usable system.backups.restic
    QString m_resticVersion;
    bool m_resticMissing = false;

    SnapshotTableModel* m_snapshots;
    SnapshotFilterProxy* m_proxy;
    ServerListModel* m_servers;
    NodeListModel* m_nodeModel;

    QListView* m_serverView = nullptr;
    QTableView* m_table = nullptr;
    QLineEdit* m_search = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_emptyIcon = nullptr;
    QLabel* m_emptyTitle = nullptr;
    QLabel* m_emptyText = nullptr;
    QPushButton* m_emptyButton = nullptr;
    Callout* m_banner = nullptr;
    QLabel* m_bannerText = nullptr;
    QPushButton* m_connectButton = nullptr;
    QPushButton* m_retryButton = nullptr;
    Callout* m_errorBar = nullptr;
    QLabel* m_errorText = nullptr;
    JobsPanel* m_jobs = nullptr;
    QLabel* m_repoLabel = nullptr;
    QLabel* m_versionLabel = nullptr;
    QLabel* m_stateLabel = nullptr;

    bool m_startedOnServer = false;
    QAction* m_backupAction = nullptr;
    QAction* m_restoreAction = nullptr;
    QAction* m_browseAction = nullptr;
    QAction* m_deleteAction = nullptr;
    QAction* m_copyIdAction = nullptr;
    QAction* m_copyUuidAction = nullptr;
    QAction* m_refreshAction = nullptr;
    QAction* m_settingsAction = nullptr;
    QAction* m_repositoryAction = nullptr;
    QAction* m_growthAction = nullptr;
};
