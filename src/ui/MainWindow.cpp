#include "MainWindow.h"
#include "AddNodeDialog.h"
#include "BackupService.h"
#include "Callout.h"
#include "DesktopSettings.h"
#include "Format.h"
#include "GrowthChart.h"
#include "Icons.h"
#include "JobsPanel.h"
#include "LocalNode.h"
#include "NodeListModel.h"
#include "NodeRegistry.h"
#include "RemoteNode.h"
#include "RepositoryDialog.h"
#include "RestoreWizard.h"
#include "ServerListModel.h"
#include "ServerNames.h"
#include "SettingsDialog.h"
#include "SnapshotBrowser.h"
#include "SnapshotFilterProxy.h"
#include "SnapshotTableModel.h"
#include "Style.h"
#include "TrustCertificateDialog.h"
#include "UiLogging.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>
#include <QUuid>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace {

// Two lines per row: a title and a smaller subtitle beside an icon (servers: "3 snapshots · last backup 2 hours
// ago"; nodes: "Connected · 3 servers").
class TwoLineDelegate : public QStyledItemDelegate
{
public:
    struct Roles
    {
        int subtitle = 0;
        int dimmed = -1;  // a bool role that is false for rows shown dimmed; -1: none
        int bold = -1;    // a bool role for a bold title; -1: none
        int caution = -1; // a bool role for a subtitle in the caution colour (a stale server); -1: none
    };
    using IconFor = std::function<QIcon(const QModelIndex&)>;

    TwoLineDelegate(Roles roles, IconFor iconFor, QObject* parent)
        : QStyledItemDelegate(parent), m_roles(roles), m_iconFor(std::move(iconFor))
    {
    }

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const override
    {
        const QFontMetrics fm(option.font);
        return QSize(200, fm.height() * 2 + 14);
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString title = opt.text;
        opt.text.clear();
        opt.icon = QIcon();
        const QWidget* w = option.widget;
        QStyle* style = w ? w->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, w);

        const bool selected = opt.state & QStyle::State_Selected;
        const bool normal = m_roles.dimmed < 0 || index.data(m_roles.dimmed).toBool();
        const QRect r = opt.rect.adjusted(8, 6, -8, -6);
        const int iconSize = 24;
        m_iconFor(index).paint(painter, QRect(r.left(), r.center().y() - iconSize / 2, iconSize, iconSize),
                               Qt::AlignCenter, normal ? QIcon::Normal : QIcon::Disabled);
        const QRect text = r.adjusted(iconSize + 8, 0, 0, 0);

        QFont titleFont = opt.font;
        if (m_roles.bold >= 0 && index.data(m_roles.bold).toBool())
            titleFont.setBold(true);
        const QPalette::ColorGroup group = normal ? QPalette::Normal : QPalette::Disabled;
        painter->save();
        painter->setFont(titleFont);
        painter->setPen(opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
        const QFontMetrics tfm(titleFont);
        painter->drawText(text.adjusted(0, 0, 0, -text.height() / 2), Qt::AlignLeft | Qt::AlignVCenter,
                          tfm.elidedText(title, Qt::ElideMiddle, text.width()));
        QFont subFont = opt.font;
        subFont.setPointSizeF(opt.font.pointSizeF() * 0.88);
        painter->setFont(subFont);
        const bool caution = m_roles.caution >= 0 && index.data(m_roles.caution).toBool();
        painter->setPen(selected  ? opt.palette.color(group, QPalette::HighlightedText)
                        : caution ? QColor(Style::cautionColor())
                                  : opt.palette.color(group, QPalette::PlaceholderText));
        const QFontMetrics sfm(subFont);
        painter->drawText(text.adjusted(0, text.height() / 2, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                          sfm.elidedText(index.data(m_roles.subtitle).toString(), Qt::ElideRight, text.width()));
        painter->restore();
    }

private:
    Roles m_roles;
    IconFor m_iconFor;
};

// A coloured dot before a status text.
QString dot(const QString& color)
{
    return QStringLiteral("<span style='color:%1'>●</span> ").arg(color);
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_snapshots(new SnapshotTableModel(this)), m_proxy(new SnapshotFilterProxy(this)),
      m_servers(new ServerListModel(this)), m_nodeModel(new NodeListModel(this))
{
    setWindowTitle(tr("Pouch"));
    setWindowIcon(Icons::application());
    m_proxy->setSourceModel(m_snapshots);
    m_servers->setStaleAfterHours(DesktopSettings::staleAfterHours(QSettings()));
    buildActions();
    buildUi();
    resize(1180, 720);
}

MainWindow::~MainWindow()
{
    // The models and open wizards hold the service: detach them before it goes.
    qDeleteAll(findChildren<RestoreWizard*>(Qt::FindDirectChildrenOnly));
    qDeleteAll(findChildren<SnapshotBrowser*>(Qt::FindDirectChildrenOnly));
    qDeleteAll(findChildren<RepositoryDialog*>(Qt::FindDirectChildrenOnly));
    qDeleteAll(findChildren<GrowthChart*>(Qt::FindDirectChildrenOnly));
    m_snapshots->setStatsFetcher({});
    m_jobs->setJobManager(nullptr);
    // The remote nodes first (their jobs are mirrors), then the local node and its service.
    delete std::exchange(m_registry, nullptr);
    for (Node* node : std::exchange(m_remotes, {}))
        disconnect(node, nullptr, this, nullptr);
    delete std::exchange(m_local, nullptr);
}

BackupService* MainWindow::service() const
{
    return m_local ? m_local->service() : nullptr;
}

QList<Node*> MainWindow::nodes() const
{
    QList<Node*> out;
    if (m_local)
        out << m_local;
    out << m_remotes;
    return out;
}

Node* MainWindow::nodeByKey(const QString& key) const
{
    for (Node* node : nodes()) {
        if (node->key() == key)
            return node;
    }
    return nullptr;
}

Node* MainWindow::nodeOf(const Snapshot& snapshot) const
{
    Node* node = nodeByKey(snapshot.nodeKey);
    return node ? node : m_local;
}

Node* MainWindow::nodeHosting(const QString& serverUuid) const
{
    if (Node* filtered = nodeByKey(m_nodeFilter); filtered && filtered->hasServer(serverUuid))
        return filtered;
    for (Node* node : nodes()) {
        if (node->hasServer(serverUuid))
            return node;
    }
    return nullptr;
}

void MainWindow::addNode(Node* node, const QString& label)
{
    if (!node || nodes().contains(node) || nodeByKey(node->key()))
        return;
    m_remotes << node;
    m_remoteKeys.insert(node, node->key());
    if (!label.isEmpty())
        node->setDisplayLabel(label);
    m_nodeModel->addNode(node, label);
    attachNode(node);
    // Its owner (the registry, a test) may delete it: it leaves the window then.
    connect(node, &QObject::destroyed, this, [this, node] { removeNode(node); });
    updateNodes();
    refresh();
}

void MainWindow::removeNode(Node* node)
{
    if (!m_remotes.removeOne(node))
        return;
    // From destroyed() the node is only a QObject any more: nothing virtual of it may be called, so its key is
    // the one kept when it came.
    const QString key = m_remoteKeys.take(node);
    disconnect(node, nullptr, this, nullptr);
    m_jobs->removeNode(node);
    m_nodeModel->removeNode(node);
    m_lists.remove(key);
    if (m_nodeFilter == key)
        setNodeFilter(QString());
    QList<Snapshot> all;
    for (const QList<Snapshot>& list : std::as_const(m_lists))
        all << list;
    m_snapshots->setSnapshots(all);
    updateNodes();
}

void MainWindow::setNodeFilter(const QString& nodeKey)
{
    m_nodeFilter = nodeKey;
    m_proxy->setNodeFilter(nodeKey);
    updateServers();
    updateActions();
    updateEmptyState();
}

void MainWindow::attachNode(Node* node)
{
    m_jobs->addNode(node);
    connect(node, &Node::jobFinished, this, &MainWindow::onJobFinished);
    connect(node, &Node::snapshotsChanged, this, &MainWindow::refresh);
    connect(node, &Node::serversChanged, this, &MainWindow::updateNodes);
    connect(node, &Node::stateChanged, this, [this, node](Node::State state) {
        if (state == Node::State::Connected)
            refresh();
        if (state == Node::State::CertificateUntrusted)
            askTrust(node);
        updateActions();
    });
}

void MainWindow::updateNodes()
{
    QHash<QString, QString> names;
    QHash<QString, QString> labels;
    for (const Node* node : nodes()) {
        labels.insert(node->key(), node->displayLabel());
        for (const NodeServer& s : node->servers()) {
            if (!s.name.isEmpty())
                names.insert(s.uuid, s.name);
        }
    }
    m_snapshots->setServerNames(names);
    m_snapshots->setNodeLabels(labels);
    m_servers->setNames(names);
    m_table->setColumnHidden(SnapshotTableModel::NodeColumn, nodes().size() < 2);
    // The filter lists the nodes by label, "All nodes" first.
    const QString current = m_nodeCombo->currentData().toString();
    m_nodeCombo->blockSignals(true);
    while (m_nodeCombo->count() > 1)
        m_nodeCombo->removeItem(1);
    for (const Node* node : nodes())
        m_nodeCombo->addItem(labels.value(node->key()), node->key());
    m_nodeCombo->setCurrentIndex(qMax(0, m_nodeCombo->findData(current)));
    m_nodeCombo->blockSignals(false);
    m_nodeCombo->setVisible(nodes().size() > 1);
    if (m_nodeCombo->currentData().toString() != m_nodeFilter)
        setNodeFilter(m_nodeCombo->currentData().toString());
    m_nodeView->setFixedHeight(qMin(4, qMax(1, m_nodeModel->rowCount())) * m_nodeView->sizeHintForRow(0) + 4);
    updateServers();
}

void MainWindow::updateServers()
{
    // Servers with files on the nodes shown, and those their snapshots name.
    QStringList onDisk;
    for (const Node* node : nodes()) {
        if (!m_nodeFilter.isEmpty() && node->key() != m_nodeFilter)
            continue;
        for (const NodeServer& s : node->servers()) {
            if (s.onDisk && !onDisk.contains(s.uuid))
                onDisk << s.uuid;
        }
    }
    QList<Snapshot> shown;
    for (const Snapshot& snapshot : m_snapshots->snapshots()) {
        if (m_nodeFilter.isEmpty() || snapshot.nodeKey == m_nodeFilter)
            shown << snapshot;
    }
    const QString selected = m_serverView->currentIndex().data(ServerListModel::ServerUuidRole).toString();
    m_servers->setServers(onDisk, shown);
    if (!m_serverView->currentIndex().isValid())
        m_serverView->setCurrentIndex(m_servers->index(qMax(0, m_servers->rowOf(selected))));
}

void MainWindow::setSettings(QSettings* settings)
{
    m_settings = settings;
    if (m_settings)
        m_servers->setStaleAfterHours(DesktopSettings::staleAfterHours(*m_settings));
}

void MainWindow::buildActions()
{
    m_backupAction = new QAction(Icons::icon(Icons::Glyph::Backup), tr("&Back Up Now"), this);
    m_backupAction->setObjectName(QStringLiteral("backupAction"));
    m_backupAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    connect(m_backupAction, &QAction::triggered, this, &MainWindow::backUpNow);

    m_restoreAction = new QAction(Icons::icon(Icons::Glyph::Restore), tr("&Restore…"), this);
    m_restoreAction->setObjectName(QStringLiteral("restoreAction"));
    m_restoreAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(m_restoreAction, &QAction::triggered, this, [this] { openRestoreWizard(); });

    m_browseAction = new QAction(Icons::icon(Icons::Glyph::Browse), tr("Bro&wse…"), this);
    m_browseAction->setObjectName(QStringLiteral("browseAction"));
    m_browseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_O));
    m_browseAction->setToolTip(tr("Look inside the selected snapshot: find, restore or download single files"));
    connect(m_browseAction, &QAction::triggered, this, [this] { openBrowser(); });

    m_deleteAction = new QAction(Icons::icon(Icons::Glyph::Delete), tr("&Delete…"), this);
    m_deleteAction->setObjectName(QStringLiteral("deleteAction"));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    connect(m_deleteAction, &QAction::triggered, this, &MainWindow::deleteSelected);

    m_copyIdAction = new QAction(Icons::icon(Icons::Glyph::Copy), tr("Copy Snapshot &ID"), this);
    m_copyIdAction->setShortcut(QKeySequence::Copy);
    connect(m_copyIdAction, &QAction::triggered, this, [this] {
        Snapshot s;
        if (currentSnapshot(&s))
            QGuiApplication::clipboard()->setText(s.id);
    });
    m_copyUuidAction = new QAction(tr("Copy Backup &UUID"), this);
    m_copyUuidAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(m_copyUuidAction, &QAction::triggered, this, [this] {
        Snapshot s;
        if (currentSnapshot(&s))
            QGuiApplication::clipboard()->setText(s.backupUuid);
    });

    m_refreshAction = new QAction(Icons::icon(Icons::Glyph::Refresh), tr("Re&fresh"), this);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    connect(m_refreshAction, &QAction::triggered, this, &MainWindow::refresh);

    m_repositoryAction = new QAction(tr("Re&pository…"), this);
    m_repositoryAction->setObjectName(QStringLiteral("repositoryAction"));
    m_repositoryAction->setToolTip(tr("The repository's size, locks and last check; check, prune and unlock it"));
    connect(m_repositoryAction, &QAction::triggered, this, [this] { openRepository(); });
    m_growthAction = new QAction(tr("&Growth…"), this);
    m_growthAction->setObjectName(QStringLiteral("growthAction"));
    m_growthAction->setToolTip(tr("A chart of the server's snapshot sizes and what each backup added"));
    connect(m_growthAction, &QAction::triggered, this, [this] { openGrowth(backupTarget()); });

    m_settingsAction = new QAction(Icons::icon(Icons::Glyph::Settings), tr("&Settings…"), this);
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAction, &QAction::triggered, this, [this] { openSettings(); });
}

void MainWindow::buildUi()
{
    // Menus: everything the toolbar does, plus the dock toggle and quitting.
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::closeAllWindows);
    QMenu* backup = menuBar()->addMenu(tr("&Backup"));
    backup->addActions({m_backupAction, m_restoreAction, m_browseAction, m_deleteAction});
    backup->addSeparator();
    backup->addActions({m_copyIdAction, m_copyUuidAction});
    backup->addSeparator();
    backup->addActions({m_growthAction, m_repositoryAction});
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_refreshAction);
    // Added after the dock exists (below): its toggle goes into View first.

    QToolBar* tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setMovable(false);
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->setIconSize(QSize(22, 22));
    tools->addActions({m_backupAction, m_restoreAction, m_browseAction, m_deleteAction});
    tools->addSeparator();
    tools->addAction(m_copyIdAction);
    tools->addSeparator();
    tools->addAction(m_refreshAction);
    auto* spacer = new QWidget(tools);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    tools->addWidget(spacer);
    tools->addAction(m_settingsAction);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);

    // Left: servers.
    auto* left = new QWidget(splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(6, 6, 0, 6);
    // The nodes: this computer and the headless nodes added, each with its state; Add Node… below them.
    auto* nodesTitle = new QLabel(tr("<b>Nodes</b>"), left);
    leftLayout->addWidget(nodesTitle);
    m_nodeView = new QListView(left);
    m_nodeView->setObjectName(QStringLiteral("nodeView"));
    m_nodeView->setModel(m_nodeModel);
    m_nodeView->setItemDelegate(new TwoLineDelegate(
        {NodeListModel::SubtitleRole, -1, -1},
        [](const QModelIndex& index) { return index.data(Qt::DecorationRole).value<QIcon>(); }, m_nodeView));
    m_nodeView->setUniformItemSizes(true);
    m_nodeView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_nodeView->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    leftLayout->addWidget(m_nodeView);
    nodesTitle->setBuddy(m_nodeView);
    auto* addNode = new QPushButton(Icons::icon(Icons::Glyph::Server), tr("&Add Node…"), left);
    addNode->setObjectName(QStringLiteral("addNodeButton"));
    addNode->setToolTip(tr("Add a headless Pouch node by its address and token"));
    connect(addNode, &QPushButton::clicked, this, [this] { openAddNode(); });
    leftLayout->addWidget(addNode);
    connect(m_nodeView, &QListView::activated, this, [this](const QModelIndex& index) {
        // Choosing a node shows only its servers and snapshots (the filter above the table says so).
        const int row = m_nodeCombo->findData(index.data(NodeListModel::KeyRole));
        if (row >= 0)
            m_nodeCombo->setCurrentIndex(row);
    });
    connect(m_nodeView, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        Node* node = m_nodeModel->nodeAt(m_nodeView->indexAt(pos).row());
        if (!node || node->isLocal())
            return;
        QMenu menu(this);
        menu.addAction(tr("&Remove Node…"), this, [this, node] { removeNodeAsked(node); });
        menu.exec(m_nodeView->viewport()->mapToGlobal(pos));
    });
    leftLayout->addSpacing(6);
    auto* serversTitle = new QLabel(tr("<b>Servers</b>"), left);
    leftLayout->addWidget(serversTitle);
    m_serverView = new QListView(left);
    m_serverView->setObjectName(QStringLiteral("serverView"));
    m_serverView->setModel(m_servers);
    m_serverView->setItemDelegate(new TwoLineDelegate(
        {ServerListModel::SubtitleRole, ServerListModel::OnDiskRole, ServerListModel::IsAllRole,
         ServerListModel::StaleRole},
        [](const QModelIndex& index) {
            if (index.data(ServerListModel::StaleRole).toBool())
                return Icons::icon(Icons::Glyph::Warning);
            return Icons::icon(index.data(ServerListModel::IsAllRole).toBool() ? Icons::Glyph::AllServers
                                                                               : Icons::Glyph::Server);
        },
        m_serverView));
    m_serverView->setUniformItemSizes(true);
    m_serverView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_serverView, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QString server = m_serverView->indexAt(pos).data(ServerListModel::ServerUuidRole).toString();
        if (server.isEmpty())
            return;
        QMenu menu(this);
        menu.addAction(tr("&Growth…"), this, [this, server] { openGrowth(server); });
        menu.exec(m_serverView->viewport()->mapToGlobal(pos));
    });
    leftLayout->addWidget(m_serverView);
    serversTitle->setBuddy(m_serverView);
    connect(m_serverView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                m_proxy->setServerFilter(current.data(ServerListModel::ServerUuidRole).toString());
                updateEmptyState();
                updateActions();
            });

    // Centre: banners, search, snapshots.
    auto* centre = new QWidget(splitter);
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 6, 6, 6);

    m_banner = new Callout(Style::Tone::Information, centre);
    m_banner->setObjectName(QStringLiteral("banner"));
    m_bannerText = m_banner->label();
    m_bannerText->setObjectName(QStringLiteral("bannerText"));
    m_connectButton = new QPushButton(tr("&Connect a Repository…"), m_banner);
    connect(m_connectButton, &QPushButton::clicked, this, [this] { openSettings(); });
    m_banner->addWidget(m_connectButton);
    m_retryButton = new QPushButton(tr("&Try Again"), m_banner);
    m_retryButton->setObjectName(QStringLiteral("retryNodeButton"));
    connect(m_retryButton, &QPushButton::clicked, this, &MainWindow::claimNodeAgain);
    m_banner->addWidget(m_retryButton);
    m_banner->hide();
    centreLayout->addWidget(m_banner);

    m_errorBar = new Callout(Style::Tone::Error, centre);
    m_errorText = m_errorBar->label();
    m_errorText->setObjectName(QStringLiteral("errorText"));
    auto* dismiss = new QToolButton(m_errorBar);
    dismiss->setText(tr("Dismiss"));
    dismiss->setAutoRaise(true);
    connect(dismiss, &QToolButton::clicked, this, &MainWindow::clearError);
    m_errorBar->addWidget(dismiss, Qt::AlignTop);
    m_errorBar->hide();
    centreLayout->addWidget(m_errorBar);

    m_search = new QLineEdit(centre);
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setPlaceholderText(tr("Search by backup UUID, snapshot id or server"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(Icons::icon(Icons::Glyph::Search), QLineEdit::LeadingPosition);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setSearchText(text);
        updateEmptyState();
    });
    // One filter per node, shown once there is more than one.
    auto* searchRow = new QHBoxLayout();
    m_nodeCombo = new QComboBox(centre);
    m_nodeCombo->setObjectName(QStringLiteral("nodeFilterCombo"));
    m_nodeCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_nodeCombo->setToolTip(tr("Show the servers and snapshots of one node"));
    m_nodeCombo->addItem(tr("All nodes"), QString());
    m_nodeCombo->hide();
    connect(m_nodeCombo, &QComboBox::currentIndexChanged, this,
            [this] { setNodeFilter(m_nodeCombo->currentData().toString()); });
    searchRow->addWidget(m_nodeCombo);
    searchRow->addWidget(m_search, 1);
    centreLayout->addLayout(searchRow);

    m_stack = new QStackedWidget(centre);
    m_table = new QTableView(m_stack);
    m_table->setObjectName(QStringLiteral("snapshotView"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(SnapshotTableModel::TimeColumn, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    QHeaderView* header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->resizeSection(SnapshotTableModel::TimeColumn, 160);
    header->resizeSection(SnapshotTableModel::ShortIdColumn, 90);
    header->resizeSection(SnapshotTableModel::SizeColumn, 90);
    header->resizeSection(SnapshotTableModel::FilesColumn, 70);
    // The two UUIDs share the room that is left (the last column stretching put it between Size and Files).
    header->setSectionResizeMode(SnapshotTableModel::ServerColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(SnapshotTableModel::BackupUuidColumn, QHeaderView::Stretch);
    m_table->setColumnHidden(SnapshotTableModel::HostColumn, true); // until a snapshot has a host of its own
    connect(m_table, &QTableView::doubleClicked, this, [this] { openBrowser(); });
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        QMenu menu(this);
        menu.addActions({m_browseAction, m_restoreAction, m_backupAction, m_deleteAction});
        menu.addSeparator();
        menu.addActions({m_copyIdAction, m_copyUuidAction});
        menu.addSeparator();
        menu.addAction(m_refreshAction);
        menu.exec(m_table->viewport()->mapToGlobal(pos));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
    m_stack->addWidget(m_table);

    auto* empty = new QWidget(m_stack);
    auto* emptyLayout = new QVBoxLayout(empty);
    emptyLayout->addStretch(2);
    m_emptyIcon = new QLabel(empty);
    m_emptyIcon->setAlignment(Qt::AlignCenter);
    m_emptyTitle = new QLabel(empty);
    m_emptyTitle->setAlignment(Qt::AlignCenter);
    QFont titleFont = m_emptyTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setBold(true);
    m_emptyTitle->setFont(titleFont);
    m_emptyText = new QLabel(empty);
    m_emptyText->setObjectName(QStringLiteral("emptyText"));
    m_emptyText->setAlignment(Qt::AlignCenter);
    m_emptyText->setWordWrap(true);
    m_emptyText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_emptyButton = new QPushButton(empty);
    emptyLayout->addWidget(m_emptyIcon);
    emptyLayout->addWidget(m_emptyTitle);
    // A paragraph, not one line across the whole window (an aligned word-wrapped label would get its narrow
    // size hint and be cut off, so the width comes from stretches around it).
    m_emptyText->setMaximumWidth(m_emptyText->fontMetrics().averageCharWidth() * 90);
    auto* textRow = new QHBoxLayout();
    textRow->addStretch(1);
    textRow->addWidget(m_emptyText, 4);
    textRow->addStretch(1);
    emptyLayout->addLayout(textRow);
    emptyLayout->addSpacing(6);
    emptyLayout->addWidget(m_emptyButton, 0, Qt::AlignCenter);
    emptyLayout->addStretch(3);
    m_stack->addWidget(empty);
    centreLayout->addWidget(m_stack, 1);

    splitter->addWidget(left);
    splitter->addWidget(centre);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({320, 860});
    setCentralWidget(splitter);

    // Bottom: jobs.
    auto* dock = new QDockWidget(tr("Jobs"), this);
    dock->setObjectName(QStringLiteral("jobsDock"));
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
    m_jobs = new JobsPanel(dock);
    dock->setWidget(m_jobs);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    resizeDocks({dock}, {200}, Qt::Vertical);
    view->addAction(dock->toggleViewAction());
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Pouch"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);

    m_repoLabel = new QLabel(this);
    m_versionLabel = new QLabel(this);
    m_versionLabel->setObjectName(QStringLiteral("resticVersionLabel"));
    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("stateLabel"));
    m_repoLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (QLabel* l : {m_repoLabel, m_versionLabel, m_stateLabel})
        l->setContentsMargins(6, 0, 12, 0);
    statusBar()->addWidget(m_stateLabel);
    statusBar()->addWidget(m_repoLabel, 1);
    statusBar()->addPermanentWidget(m_versionLabel);

    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MainWindow::updateEmptyState);
    updateActions();
    updateEmptyState();
    updateStatus();
}

void MainWindow::setConfig(const Config& config, Source source, const DesktopSecrets& secrets)
{
    if (service() && service()->jobs()->runningCount() > 0) {
        showError(tr("Jobs are still running. Wait for them to finish (or cancel them), then apply the new "
                     "settings again."));
        return;
    }
    m_source = source;
    m_secrets = secrets;
    ++m_generation; // results of the old service's queries are ignored from now on
    if (m_local) {
        m_jobs->removeNode(m_local);
        m_nodeModel->removeNode(m_local);
        m_lists.remove(m_local->key());
    }
    QList<Snapshot> remaining;
    for (const QList<Snapshot>& list : std::as_const(m_lists))
        remaining << list;
    m_snapshots->setSnapshots(remaining);
    // The old service goes first: it holds the node lock that the new one claims on the same directories. Its
    // windows (wizards, browsers) follow the destroyed node.
    delete std::exchange(m_local, nullptr);
    m_local = new LocalNode(std::make_unique<BackupService>(config), this);
    BackupService* svc = m_local->service();
    m_repositoryProblem = config.repositoryProblem();
    m_nodeError.clear();
    if (!svc->claimNode(QStringLiteral("desktop"), &m_nodeError) && m_nodeError.isEmpty())
        m_nodeError = tr("Another Pouch runs the jobs on these directories.");
    m_local->setProblem(!m_repositoryProblem.isEmpty() ? m_repositoryProblem : m_nodeError);
    // Stats through the row's node; a node gone is never called.
    m_snapshots->setStatsFetcher([this](const Snapshot& snapshot) {
        Node* node = nodeByKey(snapshot.nodeKey);
        return node ? node->stats(snapshot) : QFuture<BackupService::StatsResult>();
    });
    attachNode(m_local);
    m_nodeModel->addNode(m_local);
    // An open restore wizard starts again on the new repository rather than keep the old service.
    for (RestoreWizard* wizard : findChildren<RestoreWizard*>(Qt::FindDirectChildrenOnly)) {
        if (!wizard->node())
            wizard->setNode(m_local);
    }
    // Names from the Panel (cached in the catalogue, so known at once after the first time), where `remote` is set.
    svc->serverNames()->start();
    // The table reads the catalogue; when the repository stops answering, say that it shows the last known state.
    m_resyncError.clear();
    connect(svc->catalogueSync(), &CatalogueSync::resynced, this, [this](bool ok, const QString& error) {
        m_resyncError = ok ? QString() : error;
        updateStatus();
    });
    updateNodes();
    // Without the node lock the other process's staging directories are live restores: no recovery here.
    if (m_nodeError.isEmpty())
        svc->recover();
    clearError();
    m_listError.clear();

    const QString repo = svc->restic().mask(config.restic.repository);
    updateBanner();
    QString origin;
    switch (source) {
    case Source::Saved:
        origin = tr("saved settings");
        break;
    case Source::File:
        origin = config.sourceFile;
        break;
    case Source::EmbeddedDefault:
        origin = tr("built-in default");
        break;
    }
    m_repoLabel->setText(repo.isEmpty() ? tr("Repository: none") : tr("Repository: %1").arg(repo));
    m_repoLabel->setToolTip(tr("Configuration: %1\nServers: %2").arg(origin, config.dataDirectory));
    setWindowTitle(repo.isEmpty() ? tr("Pouch") : tr("Pouch — %1").arg(repo));

    m_resticVersion.clear();
    m_resticMissing = false;
    auto* watcher = new QFutureWatcher<ResticVersion>(this);
    const int generation = ++m_serviceGeneration;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_serviceGeneration)
            return;
        const ResticVersion v = watcher->result();
        m_resticMissing = !v.isValid();
        m_resticVersion = v.text;
        if (m_resticMissing)
            showError(tr("The restic program “%1” could not be run. Install restic or set its path in Settings.")
                          .arg(service()->restic().binary()));
        updateStatus();
    });
    // The worker gets a Restic of its own: the service may be replaced (and destroyed) before restic answers.
    watcher->setFuture(QtConcurrent::run([config] { return Restic(config).version(); }));
    refresh();
}

void MainWindow::claimNodeAgain()
{
    if (!m_local || m_nodeError.isEmpty())
        return;
    QString error;
    if (!service()->claimNode(QStringLiteral("desktop"), &error)) {
        m_nodeError = error.isEmpty() ? m_nodeError : error;
        updateBanner();
        statusBar()->showMessage(tr("The other Pouch still runs the jobs here."), 4000);
        return;
    }
    qCInfo(lcUi) << "node claimed; jobs run here now";
    m_nodeError.clear();
    m_local->setProblem(m_repositoryProblem);
    service()->recover();
    updateBanner();
    updateActions();
    updateEmptyState();
}

QString MainWindow::noJobsReason() const
{
    return !m_repositoryProblem.isEmpty() ? tr("No repository is set up: see the banner above")
                                          : tr("Another Pouch runs the jobs: see the banner above");
}

bool MainWindow::canRunJobs() const
{
    return m_local && m_repositoryProblem.isEmpty() && m_nodeError.isEmpty();
}

void MainWindow::updateBanner()
{
    // One banner, the most pressing state first: no repository, then another Pouch running the jobs, then the
    // built-in local repository of a first start.
    if (!m_local) {
        m_banner->hide();
        return;
    }
    if (!m_repositoryProblem.isEmpty()) {
        m_banner->setTone(Style::Tone::Error);
        m_bannerText->setText(tr("<b>No repository to back up to.</b> %1 Back up and restore stay off until one is "
                                 "set.")
                                  .arg(m_repositoryProblem.toHtmlEscaped()));
    } else if (!m_nodeError.isEmpty()) {
        m_banner->setTone(Style::Tone::Warning);
        m_bannerText->setText(tr("<b>This window runs no backups or restores.</b> %1 The snapshots are listed as "
                                 "usual.")
                                  .arg(m_nodeError.toHtmlEscaped()));
    } else if (m_source == Source::EmbeddedDefault) {
        m_banner->setTone(Style::Tone::Information);
        m_bannerText->setText(
            tr("<b>This is Pouch's built-in local repository</b> in %1. Backups kept only on this machine do not "
               "survive losing it: connect a real repository (S3 or a restic server).")
                .arg(service()->restic().mask(service()->config().restic.repository).toHtmlEscaped()));
    } else {
        m_banner->hide();
        return;
    }
    m_connectButton->setVisible(m_nodeError.isEmpty() || !m_repositoryProblem.isEmpty());
    m_retryButton->setVisible(m_repositoryProblem.isEmpty() && !m_nodeError.isEmpty());
    m_banner->show();
}

void MainWindow::refresh()
{
    if (!m_local)
        return;
    m_loading = true;
    updateStatus();
    updateEmptyState();
    const int generation = ++m_generation;
    const QList<Node*> all = nodes();
    m_pending = 0;
    for (Node* node : all) {
        // Nothing to list on a local node without a repository (restic would fail the same way for every query),
        // or on a remote node that is not connected (its state says why).
        if (node == m_local ? !m_repositoryProblem.isEmpty() : node->state() != Node::State::Connected)
            continue;
        ++m_pending;
        auto* watcher = new QFutureWatcher<BackupService::SnapshotList>(this);
        connect(watcher, &QFutureWatcherBase::finished, this,
                [this, watcher, generation, key = node->key(), local = node == m_local] {
                    watcher->deleteLater();
                    if (generation != m_generation)
                        return;
                    --m_pending;
                    BackupService::SnapshotList list;
                    if (watcher->future().resultCount() > 0)
                        list = watcher->result();
                    if (!list.ok) {
                        if (local) {
                            m_listError = list.error;
                            showError(tr("Could not read the snapshots: %1").arg(list.error));
                        }
                    } else {
                        if (local && !m_listError.isEmpty())
                            clearError();
                        if (local)
                            m_listError.clear();
                        for (Snapshot& s : list.snapshots)
                            s.nodeKey = key;
                        m_lists.insert(key, list.snapshots);
                    }
                    if (m_pending > 0)
                        return;
                    listed();
                });
        watcher->setFuture(node->listSnapshots(QString()));
    }
    if (m_pending == 0)
        listed();
}

void MainWindow::listed()
{
    m_loading = false;
    QList<Snapshot> all;
    for (auto it = m_lists.cbegin(); it != m_lists.cend(); ++it) {
        if (nodeByKey(it.key()))
            all << it.value();
    }
    m_snapshots->setSnapshots(all);
    m_table->setColumnHidden(SnapshotTableModel::HostColumn, !m_snapshots->hasOtherHosts());
    const QString selected = m_serverView->currentIndex().data(ServerListModel::ServerUuidRole).toString();
    updateServers();
    // A node with a single server starts on it, so that Back Up Now works straight away.
    if (!m_startedOnServer && selected.isEmpty() && m_servers->rowCount() == 2) {
        m_startedOnServer = true;
        m_serverView->setCurrentIndex(m_servers->index(1));
    }
    updateActions();
    updateEmptyState();
    updateStatus();
    Q_EMIT refreshed();
}

void MainWindow::selectServer(const QString& serverUuid)
{
    const int row = m_servers->rowOf(serverUuid);
    if (row >= 0)
        m_serverView->setCurrentIndex(m_servers->index(row));
}

bool MainWindow::currentSnapshot(Snapshot* out) const
{
    const QModelIndexList rows =
        m_table->selectionModel() ? m_table->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty())
        return false;
    *out = m_snapshots->snapshotAt(m_proxy->mapToSource(rows.first()).row());
    return true;
}

QString MainWindow::backupTarget() const
{
    const QString server = m_serverView->currentIndex().data(ServerListModel::ServerUuidRole).toString();
    if (!server.isEmpty())
        return server;
    Snapshot s;
    return currentSnapshot(&s) ? s.serverUuid : QString();
}

bool MainWindow::jobsAllowed(const Node* node, QString* why) const
{
    QString reason;
    if (!node)
        reason = tr("No node");
    else if (node == m_local && !canRunJobs())
        reason = noJobsReason();
    else if (node != m_local && node->state() != Node::State::Connected)
        reason = tr("%1: %2").arg(node->displayLabel(), Node::stateText(node->state()));
    if (why)
        *why = reason;
    return reason.isEmpty();
}

void MainWindow::updateActions()
{
    Snapshot s;
    const bool hasSnapshot = currentSnapshot(&s);
    const QString target = backupTarget();
    Node* host = target.isEmpty() ? nullptr : nodeHosting(target);
    QString why;
    const bool jobs = jobsAllowed(host ? host : m_local, &why);
    const QString name = m_snapshots->serverLabel(target);
    m_backupAction->setEnabled(host && jobs);
    // Why not, when it is off: the banner says the details.
    m_backupAction->setToolTip(!jobs && m_local   ? why
                               : target.isEmpty() ? tr("Choose a server on the left to back it up")
                               : host             ? tr("Back up server %1 now").arg(name)
                                                  : tr("Server %1 has no directory on this machine").arg(name));
    QString restoreWhy;
    Node* source = hasSnapshot ? nodeOf(s) : m_local;
    const bool restoreJobs = jobsAllowed(source, &restoreWhy);
    m_restoreAction->setEnabled(restoreJobs && m_snapshots->rowCount() > 0);
    m_restoreAction->setToolTip(!restoreJobs && m_local ? restoreWhy : tr("Restore a snapshot into a server"));
    m_browseAction->setEnabled(hasSnapshot);
    m_deleteAction->setEnabled(hasSnapshot && restoreJobs);
    m_copyIdAction->setEnabled(hasSnapshot);
    m_copyUuidAction->setEnabled(hasSnapshot);
    m_growthAction->setEnabled(!target.isEmpty());
    m_refreshAction->setEnabled(m_local != nullptr);
}

void MainWindow::updateEmptyState()
{
    auto show = [this](Icons::Glyph glyph, const QString& title, const QString& text, QAction* action) {
        m_emptyIcon->setPixmap(Icons::icon(glyph).pixmap(48, 48));
        m_emptyTitle->setText(title);
        m_emptyText->setText(text);
        m_emptyButton->disconnect();
        m_emptyButton->setVisible(action != nullptr);
        if (action) {
            m_emptyButton->setText(action->text());
            m_emptyButton->setIcon(action->icon());
            m_emptyButton->setEnabled(action->isEnabled());
            connect(m_emptyButton, &QPushButton::clicked, action, &QAction::trigger);
        }
        m_stack->setCurrentIndex(1);
    };
    if (m_proxy->rowCount() > 0) {
        m_stack->setCurrentIndex(0);
        return;
    }
    if (!m_local || (m_loading && m_snapshots->rowCount() == 0)) {
        show(Icons::Glyph::Refresh, tr("Reading the snapshots…"), tr("Asking the repository what it holds."), nullptr);
        return;
    }
    if (!m_repositoryProblem.isEmpty()) {
        // The banner above names the file and the key; here, what to do about it.
        show(Icons::Glyph::Warning, tr("No repository is set up"),
             tr("Pouch lists and backs up nothing without one. Enter the repository in Settings."), m_settingsAction);
        return;
    }
    if (!m_listError.isEmpty() && m_snapshots->rowCount() == 0) {
        show(Icons::Glyph::Warning, tr("Cannot read the repository"),
             tr("Check the repository URL, the password and the S3 credentials in Settings."), m_settingsAction);
        return;
    }
    const QString server = m_proxy->serverFilter();
    if (m_snapshots->rowCount() == 0) {
        if (m_servers->serversOnDisk().isEmpty()) {
            // Say what a server is to Pouch, so that an empty list can be fixed without reading the docs.
            const QString volumes = QDir::toNativeSeparators(service()->paths().dataDirectory());
            show(Icons::Glyph::Server, tr("No servers found"),
                 tr("Pouch shows a server for each folder in the volumes directory %1 that is named by the "
                    "server's UUID, as Wings creates them (for example %1/%2). There are none there yet: check "
                    "the volumes directory in Settings.")
                     .arg(volumes, QStringLiteral("8a7d6c5b-4e3f-4a2b-8c1d-0e9f8a7b6c5d")),
                 m_settingsAction);
        } else {
            show(Icons::Glyph::Backup, tr("No snapshots yet"),
                 server.isEmpty() ? tr("Back up a server: choose it on the left, then click Back Up Now.")
                                  : tr("Server %1 has no snapshots yet.").arg(m_snapshots->serverLabel(server)),
                 server.isEmpty() ? nullptr : m_backupAction);
        }
        return;
    }
    if (!m_proxy->searchText().isEmpty()) {
        show(Icons::Glyph::Search, tr("No snapshot matches “%1”").arg(m_proxy->searchText()),
             tr("Search looks at backup UUIDs, snapshot ids and server UUIDs."), nullptr);
        return;
    }
    show(Icons::Glyph::Backup, tr("No snapshots of this server yet"),
         tr("Server %1 has not been backed up.").arg(m_snapshots->serverLabel(server)), m_backupAction);
}

void MainWindow::updateStatus()
{
    if (!m_local || !m_repositoryProblem.isEmpty()) {
        m_stateLabel->setText(tr("Not connected"));
    } else if (m_loading) {
        m_stateLabel->setText(tr("Reading…"));
    } else if (!m_listError.isEmpty()) {
        m_stateLabel->setText(dot(Style::errorColor()) + tr("Cannot reach the repository"));
    } else if (!m_resyncError.isEmpty()) {
        const QDateTime last = service()->catalogue().lastResync();
        m_stateLabel->setText(dot(Style::errorColor()) +
                              (last.isValid() ? tr("Repository not answering · showing what it held at %1")
                                                    .arg(QLocale().toString(last.toLocalTime(), QLocale::ShortFormat))
                                              : tr("Repository not answering")));
        m_stateLabel->setToolTip(m_resyncError);
    } else {
        const int n = m_snapshots->rowCount();
        m_stateLabel->setToolTip(QString());
        m_stateLabel->setText(dot(Style::okColor()) +
                              (n == 1 ? tr("Connected · 1 snapshot") : tr("Connected · %n snapshots", nullptr, n)));
    }
    m_versionLabel->setText(m_resticMissing ? QStringLiteral("<span style='color:%1'>%2</span>")
                                                  .arg(Style::errorColor(), tr("restic not found").toHtmlEscaped())
                            : m_resticVersion.isEmpty() ? QString()
                                                        : tr("restic %1").arg(m_resticVersion));
}

QString MainWindow::docsPath()
{
    // Installed (cmake --install puts README.md and docs/ under share/doc/pouch), else the source tree this
    // binary was built from (running from the build directory).
    const QStringList candidates{
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/doc/pouch"),
        QStringLiteral(POUCH_SOURCE_DIR),
    };
    for (const QString& dir : candidates) {
        if (QFileInfo::exists(dir + QStringLiteral("/README.md")))
            return QDir(dir).canonicalPath();
    }
    return {};
}

QString MainWindow::aboutText() const
{
    const QString restic = m_resticMissing             ? tr("not found")
                           : m_resticVersion.isEmpty() ? tr("not checked yet")
                                                       : m_resticVersion.toHtmlEscaped();
    const QString qt =
        QString::fromLatin1(qVersion()) == QLatin1String(QT_VERSION_STR)
            ? QString::fromLatin1(qVersion())
            : tr("%1 (built with %2)").arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR));
    const QString docs = docsPath();
    const auto link = [](const QString& path, const QString& text) {
        return QStringLiteral("<a href=\"%1\">%2</a>")
            .arg(QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded), text);
    };
    const QString where =
        docs.isEmpty() ? tr("README.md and docs/ in the Pouch sources")
                       : tr("%1 and %2 in %3")
                             .arg(link(docs + QStringLiteral("/README.md"), QStringLiteral("README.md")),
                                  link(docs + QStringLiteral("/docs"), QStringLiteral("docs/")), docs.toHtmlEscaped());
    const auto row = [](const QString& name, const QString& value) {
        return QStringLiteral("<tr><td style='padding-right:12px'>%1</td><td>%2</td></tr>").arg(name, value);
    };
    const QString version = QStringLiteral(POUCH_VERSION);
    return QStringLiteral("<h3>%1</h3><p>%2</p><table>%3%4%5</table><p>%6</p>")
        .arg(tr("Pouch %1").arg(version), tr("Restic backups for Pelican Wings game servers.").toHtmlEscaped(),
             row(QStringLiteral("Pouch"), version), row(QStringLiteral("Qt"), qt),
             row(QStringLiteral("restic"), restic), tr("Documentation: %1").arg(where));
}

void MainWindow::showAbout()
{
    auto* box = new QMessageBox(QMessageBox::NoIcon, tr("About Pouch"), aboutText(), QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextFormat(Qt::RichText);
    box->setIconPixmap(QPixmap::fromImage(Icons::applicationImage(64)));
    box->setTextInteractionFlags(Qt::TextBrowserInteraction); // the links open in the desktop's viewer
    box->open();
}

void MainWindow::showError(const QString& text)
{
    qCWarning(lcUi).noquote() << text;
    m_errorText->setText(text);
    m_errorBar->show();
}

void MainWindow::clearError()
{
    m_errorText->clear();
    m_errorBar->hide();
}

void MainWindow::backUpNow()
{
    const QString server = backupTarget();
    Node* node = server.isEmpty() ? nullptr : nodeHosting(server);
    if (!node)
        return;
    const QString name = m_snapshots->serverLabel(server);
    whenStarted(node->startBackup(server), [this, name](const BackupService::Started& started) {
        if (!started.ok()) {
            showError(tr("The backup of server %1 could not start: %2").arg(name, started.message));
            return;
        }
        statusBar()->showMessage(tr("Backing up server %1…").arg(name), 4000);
    });
}

void MainWindow::whenStarted(const QFuture<BackupService::Started>& future,
                             const std::function<void(const BackupService::Started&)>& done)
{
    // The local node answers at once: handle it now, as a click expects; a remote one after its round trip.
    if (future.isFinished()) {
        done(future.resultCount() > 0
                 ? future.result()
                 : BackupService::Started{BackupService::Error::Unavailable, tr("The node went away."), nullptr});
        return;
    }
    auto* watcher = new QFutureWatcher<BackupService::Started>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, done] {
        watcher->deleteLater();
        done(watcher->future().resultCount() > 0
                 ? watcher->result()
                 : BackupService::Started{BackupService::Error::Unavailable, tr("The node went away."), nullptr});
    });
    watcher->setFuture(future);
}

void MainWindow::deleteSelected()
{
    Snapshot s;
    if (!m_local || !currentSnapshot(&s))
        return;
    Node* node = nodeOf(s);
    QMessageBox box(QMessageBox::Warning, tr("Delete Backup"),
                    tr("Delete backup %1 of server %2?").arg(s.backupUuid, m_snapshots->serverLabel(s.serverUuid)),
                    QMessageBox::NoButton, this);
    box.setInformativeText(tr("Every snapshot of this backup is removed from the repository, and its data is "
                              "pruned afterwards. This cannot be undone."));
    QPushButton* del = box.addButton(tr("Delete Backup"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != del)
        return;
    whenStarted(node->startDelete(s), [this](const BackupService::Started& started) {
        if (!started.ok())
            showError(tr("The backup could not be deleted: %1").arg(started.message));
    });
}

void MainWindow::onJobFinished(Job* job)
{
    if (job->state() == Job::State::Failed) {
        // A prune works on the whole repository, not on a server.
        showError(job->serverUuid().isEmpty()
                      ? tr("%1 failed: %2").arg(Job::kindName(job->kind()), job->outcome().error)
                      : tr("%1 of server %2 failed: %3")
                            .arg(Job::kindName(job->kind()), m_snapshots->serverLabel(job->serverUuid()),
                                 job->outcome().error));
    }
    // The node says when its snapshots changed (snapshotsChanged): that refreshes.
}

RestoreWizard* MainWindow::openRestoreWizard()
{
    if (!m_local)
        return nullptr;
    Snapshot s;
    const bool selected = currentSnapshot(&s);
    Node* node = selected ? nodeOf(s) : nodeByKey(m_nodeFilter);
    if (!node)
        node = m_local;
    auto* wizard = new RestoreWizard(node, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->setTargetNodes(nodes());
    wizard->setSnapshots(m_lists.value(node->key()));
    if (selected)
        wizard->preselect(s.id);
    else if (!m_lists.value(node->key()).isEmpty())
        wizard->preselect(m_lists.value(node->key()).first().id);
    wizard->show();
    return wizard;
}

SnapshotBrowser* MainWindow::openBrowser()
{
    Snapshot s;
    if (!m_local || !currentSnapshot(&s))
        return nullptr;
    Node* node = nodeOf(s);
    auto* browser = new SnapshotBrowser(node, this);
    browser->setAttribute(Qt::WA_DeleteOnClose);
    browser->setTargetNodes(nodes());
    QList<Snapshot> same;
    for (const Snapshot& other : m_snapshots->snapshots()) {
        if (other.serverUuid == s.serverUuid && other.nodeKey == s.nodeKey)
            same << other;
    }
    browser->setSnapshots(same);
    browser->openSnapshot(s);
    QString why;
    const bool allowed = jobsAllowed(node, &why);
    browser->setJobsAllowed(allowed, why);
    browser->show();
    return browser;
}

RepositoryDialog* MainWindow::openRepository()
{
    Snapshot s;
    Node* node = nodeByKey(m_nodeFilter);
    if (!node && currentSnapshot(&s))
        node = nodeOf(s);
    if (!node)
        node = m_local ? m_local : nodes().value(0);
    if (!node)
        return nullptr;
    auto* dialog = new RepositoryDialog(nodes(), node, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

GrowthChart* MainWindow::openGrowth(const QString& serverUuid)
{
    if (serverUuid.isEmpty())
        return nullptr;
    Node* node = nodeHosting(serverUuid);
    for (int row = 0; !node && row < m_snapshots->rowCount(); ++row) {
        const Snapshot s = m_snapshots->snapshotAt(row);
        if (s.serverUuid == serverUuid)
            node = nodeOf(s);
    }
    if (!node)
        node = m_local;
    if (!node)
        return nullptr;
    auto* chart = new GrowthChart(node, serverUuid, this);
    chart->setAttribute(Qt::WA_DeleteOnClose);
    chart->show();
    return chart;
}

SettingsDialog* MainWindow::openSettings()
{
    if (!m_settings)
        m_settings = new QSettings(this);
    DesktopValues values;
    DesktopSecrets secrets;
    QString notice;
    const Config current = service() ? service()->config() : Config();
    switch (m_source) {
    case Source::Saved:
        values = DesktopSettings(*m_settings).load();
        secrets = m_secrets;
        break;
    case Source::File:
        values = DesktopSettings::valuesFrom(current);
        secrets = DesktopSettings::secretsFrom(current);
        notice = tr("Pouch was started with --config %1. Saving stores these values as your saved settings and "
                    "switches to them; the file itself is not changed.")
                     .arg(current.sourceFile);
        break;
    case Source::EmbeddedDefault:
        values = DesktopSettings::defaults();
        notice = tr("You are on the built-in local repository. Enter your real repository, or import the settings "
                    "of a Wings config.yml.");
        break;
    }
    auto* dialog = new SettingsDialog(*m_settings, values, secrets, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setNotice(notice);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        setConfig(DesktopSettings::toConfig(dialog->values(), dialog->secrets()), Source::Saved, dialog->secrets());
    });
    dialog->open();
    return dialog;
}

void MainWindow::setNodeRegistry(NodeRegistry* registry, SecretStore::Backend backend, const QString& secretsFile)
{
    delete std::exchange(m_registry, registry);
    m_tokenBackend = backend;
    m_tokenFile = secretsFile;
    if (!registry)
        return;
    registry->setParent(this);
    connect(registry, &NodeRegistry::nodeAdded, this, [this, registry](Node* node) {
        const NodeEntry* entry = registry->entry(node->key());
        addNode(node, entry ? entry->displayLabel() : QString());
    });
    connect(registry, &NodeRegistry::nodeRemoved, this, &MainWindow::removeNode);
    connect(registry, &NodeRegistry::loaded, this, [this](const QString& error) {
        if (!error.isEmpty())
            showError(tr("The nodes' tokens could not be read: %1").arg(error));
    });
    for (Node* node : registry->nodes()) {
        const NodeEntry* entry = registry->entry(node->key());
        addNode(node, entry ? entry->displayLabel() : QString());
    }
    if (!registry->isLoaded())
        registry->load();
}

AddNodeDialog* MainWindow::openAddNode()
{
    if (!m_registry) {
        showError(tr("Nodes cannot be added in this window (no saved settings)."));
        return nullptr;
    }
    auto* dialog = new AddNodeDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setExistingKeys(m_registry->keys());
    dialog->setTokenStorage(m_tokenBackend, m_tokenFile);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const NodeEntry entry = dialog->entry();
        m_registry->add(entry, [this, entry](const QString& error) {
            if (!error.isEmpty())
                showError(tr("The node %1 could not be added: %2").arg(entry.displayLabel(), error));
            else
                statusBar()->showMessage(tr("Connecting to %1…").arg(entry.displayLabel()), 4000);
        });
    });
    dialog->open();
    return dialog;
}

void MainWindow::removeNodeAsked(Node* node)
{
    if (!m_registry || !node)
        return;
    const QString key = node->key();
    const QString label = m_nodeModel->index(m_nodeModel->rowOf(node)).data().toString();
    QMessageBox box(QMessageBox::Question, tr("Remove Node"), tr("Remove the node %1 from this console?").arg(label),
                    QMessageBox::NoButton, this);
    box.setInformativeText(tr("Its token is deleted from the keychain. The node itself and its backups are not "
                              "touched."));
    QPushButton* remove = box.addButton(tr("Remove Node"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != remove)
        return;
    m_registry->remove(key, [this, label](const QString& error) {
        if (!error.isEmpty())
            showError(tr("The node %1 could not be removed: %2").arg(label, error));
    });
}

TrustCertificateDialog* MainWindow::askTrust(Node* node)
{
    auto* remote = qobject_cast<RemoteNode*>(node);
    if (!remote || remote->untrustedCertificate().isNull())
        return nullptr;
    const QSslCertificate certificate = remote->untrustedCertificate();
    const QByteArray fingerprint = RemoteNode::fingerprint(certificate);
    // Once per certificate: the node retries on its own, and a dialog each time would bury the window.
    const QString asked = node->key() + QLatin1Char('\n') + QString::fromLatin1(fingerprint);
    if (m_trustAsked.contains(asked))
        return nullptr;
    m_trustAsked.insert(asked);
    auto* dialog = new TrustCertificateDialog(QUrl(node->key()), certificate, remote->settings().pinnedSha256, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<RemoteNode> guard(remote);
    connect(dialog, &QDialog::accepted, this, [guard, dialog] {
        if (guard && dialog->mode() == TrustCertificateDialog::Mode::FirstUse)
            guard->trustCertificate(dialog->fingerprint());
    });
    dialog->open();
    return dialog;
}
