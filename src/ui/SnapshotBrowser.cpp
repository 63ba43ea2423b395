#include "SnapshotBrowser.h"
#include "CompareDialog.h"
#include "DownloadDialog.h"
#include "FileTreeModel.h"
#include "Format.h"
#include "Icons.h"
#include "RestoreWizard.h"
#include "SnapshotArchive.h"
#include "Style.h"
#include "UiLogging.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStandardPaths>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
constexpr int kSearchLimit = 200;
constexpr int kSearchDelayMs = 300; // typing pauses this long before a search runs

enum ResultRole
{
    SnapshotIdRole = Qt::UserRole + 1,
    PathRole,
};

QIcon iconFor(FileEntry::Type type)
{
    switch (type) {
    case FileEntry::Type::Dir:
        return Icons::icon(Icons::Glyph::Folder);
    case FileEntry::Type::Symlink:
        return Icons::icon(Icons::Glyph::Symlink);
    default:
        return Icons::icon(Icons::Glyph::File);
    }
}
} // namespace

SnapshotBrowser::SnapshotBrowser(Node* node, QWidget* parent)
    : QDialog(parent), m_node(node), m_model(new FileTreeModel(this))
{
    setWindowIcon(Icons::icon(Icons::Glyph::Browse));
    setSizeGripEnabled(true);
    m_model->setNode(node);
    m_model->setIconFor(iconFor);
    // The repository goes away with a settings change: nothing here can work on without it.
    if (node)
        connect(node, &QObject::destroyed, this, &QWidget::close);

    auto* layout = new QVBoxLayout(this);
    auto* top = new QFormLayout();
    m_snapshotCombo = new QComboBox(this);
    m_snapshotCombo->setObjectName(QStringLiteral("browserSnapshotCombo"));
    m_snapshotCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* snapshotLabel = new QLabel(tr("S&napshot:"), this);
    snapshotLabel->setBuddy(m_snapshotCombo);
    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("browserHeader"));
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* snapshotRow = new QHBoxLayout();
    snapshotRow->addWidget(m_snapshotCombo);
    snapshotRow->addWidget(m_header, 1);
    top->addRow(snapshotLabel, snapshotRow);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("fileSearch"));
    m_search->setClearButtonEnabled(true);
    m_search->setPlaceholderText(tr("Find a file or folder by name in every snapshot of this server"));
    m_search->addAction(Icons::icon(Icons::Glyph::Search), QLineEdit::LeadingPosition);
    auto* searchLabel = new QLabel(tr("&Find:"), this);
    searchLabel->setBuddy(m_search);
    top->addRow(searchLabel, m_search);
    layout->addLayout(top);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    auto* resultsBox = new QWidget(splitter);
    auto* resultsLayout = new QVBoxLayout(resultsBox);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    m_searchStatus = new QLabel(resultsBox);
    m_searchStatus->setObjectName(QStringLiteral("searchStatus"));
    m_searchStatus->setWordWrap(true);
    resultsLayout->addWidget(m_searchStatus);
    m_results = new QTreeWidget(resultsBox);
    m_results->setObjectName(QStringLiteral("searchResults"));
    m_results->setRootIsDecorated(false);
    m_results->setUniformRowHeights(true);
    m_results->setAlternatingRowColors(true);
    m_results->setHeaderLabels({tr("Path"), tr("Snapshot"), tr("Size")});
    m_results->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_results->header()->setStretchLastSection(false);
    m_results->setTextElideMode(Qt::ElideMiddle);
    m_results->setToolTip(tr("Click a match to show it in the tree below."));
    resultsLayout->addWidget(m_results);
    resultsBox->hide();

    m_tree = new QTreeView(splitter);
    m_tree->setObjectName(QStringLiteral("fileTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setTextElideMode(Qt::ElideMiddle);
    QHeaderView* header = m_tree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(FileTreeModel::NameColumn, QHeaderView::Stretch);
    header->resizeSection(FileTreeModel::SizeColumn, 90);
    header->resizeSection(FileTreeModel::ModifiedColumn, 160);
    header->resizeSection(FileTreeModel::TypeColumn, 240); // a link's target reads whole
    splitter->addWidget(resultsBox);
    splitter->addWidget(m_tree);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({170, 430}); // the matches as a strip above the tree, which stays the main thing
    layout->addWidget(splitter, 1);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("browserMessage"));
    m_message->setWordWrap(true);
    m_message->hide();
    layout->addWidget(m_message);

    auto* buttons = new QHBoxLayout();
    m_ticked = new QLabel(this);
    m_ticked->setObjectName(QStringLiteral("tickedLabel"));
    m_ticked->setStyleSheet(Style::hintTextSheet());
    buttons->addWidget(m_ticked, 1);
    m_restore = new QPushButton(Icons::icon(Icons::Glyph::Restore), tr("&Restore Selected…"), this);
    m_restore->setObjectName(QStringLiteral("restoreSelectedButton"));
    m_compare = new QPushButton(Icons::icon(Icons::Glyph::Compare), tr("C&ompare With…"), this);
    m_compare->setObjectName(QStringLiteral("compareButton"));
    m_download = new QPushButton(Icons::icon(Icons::Glyph::Download), tr("&Download…"), this);
    m_download->setObjectName(QStringLiteral("downloadButton"));
    auto* close = new QPushButton(tr("Close"), this);
    for (QPushButton* b : {m_restore, m_compare, m_download, close}) {
        b->setAutoDefault(false);
        buttons->addWidget(b);
    }
    layout->addLayout(buttons);

    connect(m_snapshotCombo, &QComboBox::activated, this, [this](int row) {
        const QString id = m_snapshotCombo->itemData(row).toString();
        for (const Snapshot& s : std::as_const(m_snapshots)) {
            if (s.id == id)
                openSnapshot(s);
        }
    });
    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(kSearchDelayMs);
    connect(m_searchTimer, &QTimer::timeout, this, [this] { search(m_search->text()); });
    connect(m_search, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchTimer->stop();
        search(m_search->text());
    });
    const auto jump = [this](QTreeWidgetItem* item) {
        if (item)
            jumpTo(item->data(0, SnapshotIdRole).toString(), item->data(0, PathRole).toString());
    };
    connect(m_results, &QTreeWidget::itemClicked, this, jump);
    connect(m_results, &QTreeWidget::itemActivated, this, jump);
    connect(m_tree, &QTreeView::doubleClicked, this, [this](const QModelIndex& index) {
        if (index.data(FileTreeModel::StatusRowRole).toBool())
            m_model->retry(index);
    });
    connect(m_model, &FileTreeModel::revealed, this, &SnapshotBrowser::onReveal);
    connect(m_model, &FileTreeModel::revealFailed, this,
            [this](const QString&, const QString& error) { showMessage(error, true); });
    connect(m_model, &FileTreeModel::loadFailed, this,
            [this](const QString& path, const QString& error, bool indexing) {
                if (path == QLatin1String("/"))
                    showMessage(error, !indexing);
            });
    connect(m_model, &FileTreeModel::directoryLoaded, this, [this](const QString& path) {
        if (path == QLatin1String("/"))
            showMessage(QString(), false);
    });
    connect(m_model, &FileTreeModel::checksChanged, this, &SnapshotBrowser::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &SnapshotBrowser::updateButtons);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &SnapshotBrowser::updateButtons);
    connect(m_restore, &QPushButton::clicked, this, [this] { restoreSelected(); });
    connect(m_compare, &QPushButton::clicked, this, [this] { compareWith(); });
    connect(m_download, &QPushButton::clicked, this, [this] { download(); });
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    resize(900, 620);
    updateButtons();
}

QString SnapshotBrowser::describe(const Snapshot& s)
{
    return tr("%1 · %2").arg(Format::localTime(s.time), s.shortId);
}

void SnapshotBrowser::setSnapshots(const QList<Snapshot>& snapshots)
{
    m_snapshots = snapshots;
    std::sort(m_snapshots.begin(), m_snapshots.end(),
              [](const Snapshot& a, const Snapshot& b) { return a.time > b.time; });
    m_snapshotCombo->clear();
    for (const Snapshot& s : std::as_const(m_snapshots))
        m_snapshotCombo->addItem(describe(s), s.id);
    m_snapshotCombo->setCurrentIndex(m_snapshotCombo->findData(m_snapshot.id));
    updateButtons();
}

void SnapshotBrowser::openSnapshot(const Snapshot& snapshot)
{
    const bool known =
        std::any_of(m_snapshots.cbegin(), m_snapshots.cend(), [&](const Snapshot& s) { return s.id == snapshot.id; });
    m_snapshot = snapshot;
    if (!known)
        setSnapshots(m_snapshots + QList<Snapshot>{snapshot});
    m_snapshotCombo->setCurrentIndex(m_snapshotCombo->findData(snapshot.id));
    showMessage(QString(), false);
    m_model->setSnapshot(snapshot);
    if (m_model->canFetchMore({}))
        m_model->fetchMore({});
    updateHeader();
    updateButtons();
}

void SnapshotBrowser::updateHeader()
{
    const Snapshot& s = m_snapshot;
    setWindowTitle(tr("Snapshot %1 of server %2").arg(s.shortId, s.serverUuid));
    m_header->setText(tr("Server %1 · %2").arg(s.serverUuid, Format::relativeTime(s.time)));
    m_header->setToolTip(tr("Backup %1\nSnapshot %2").arg(s.backupUuid, s.id));
}

void SnapshotBrowser::setJobsAllowed(bool allowed, const QString& why)
{
    m_jobsAllowed = allowed;
    m_jobsWhy = why;
    updateButtons();
}

QString SnapshotBrowser::currentPath() const
{
    const QModelIndex current = m_tree->currentIndex();
    const QString path = current.data(FileTreeModel::PathRole).toString();
    return path.isEmpty() ? QStringLiteral("/") : path;
}

void SnapshotBrowser::updateButtons()
{
    const QStringList ticked = m_model->checkedPaths();
    m_ticked->setText(ticked.isEmpty() ? tr("Tick files and folders to restore just those.")
                                       : (ticked.size() == 1 ? tr("1 item ticked: %1").arg(ticked.first())
                                                             : tr("%n items ticked", nullptr, int(ticked.size()))));
    const bool ready = m_node && !m_snapshot.id.isEmpty();
    m_restore->setEnabled(ready && m_jobsAllowed && !ticked.isEmpty());
    m_restore->setToolTip(!m_jobsAllowed     ? m_jobsWhy
                          : ticked.isEmpty() ? tr("Tick the files and folders to restore first")
                                             : tr("Restore the ticked files and folders into a server"));
    m_compare->setEnabled(ready && m_snapshots.size() > 1);
    m_compare->setToolTip(m_snapshots.size() > 1 ? tr("What changed between this snapshot and another of the server")
                                                 : tr("The server has no other snapshot to compare with"));
    m_download->setEnabled(ready);
    const QString path = currentPath();
    m_download->setToolTip(path == QLatin1String("/") ? tr("Download the whole snapshot as an archive")
                                                      : tr("Download %1 as an archive").arg(path));
}

void SnapshotBrowser::showMessage(const QString& text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? Style::noticeLabelSheet(Style::Tone::Error)
                                   : Style::noticeLabelSheet(Style::Tone::Information));
    m_message->setVisible(!text.isEmpty());
}

void SnapshotBrowser::search(const QString& raw)
{
    const QString text = raw.trimmed();
    const int generation = ++m_searchGeneration;
    QWidget* box = m_results->parentWidget();
    if (text.isEmpty()) {
        m_results->clear();
        box->hide();
        return;
    }
    box->show();
    if (text.toUcs4().size() < BackupService::kMinSearchChars) {
        m_results->clear();
        m_searchStatus->setText(tr("Type at least %1 characters.").arg(BackupService::kMinSearchChars));
        return;
    }
    if (!m_node)
        return;
    m_searchStatus->setText(tr("Searching…"));
    auto* watcher = new QFutureWatcher<BackupService::FileSearch>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation, text] {
        watcher->deleteLater();
        if (generation == m_searchGeneration && !watcher->isCanceled())
            onSearch(watcher->result(), text);
    });
    watcher->setFuture(m_node->searchFiles(m_snapshot.serverUuid, text, kSearchLimit));
}

void SnapshotBrowser::onSearch(const BackupService::FileSearch& result, const QString& text)
{
    m_results->clear();
    if (!result.ok) {
        m_searchStatus->setText(result.building ? tr("The catalogue is still being built; try again in a moment.")
                                                : tr("Search failed: %1").arg(result.error));
        Q_EMIT searchFinished(0);
        return;
    }
    QList<QTreeWidgetItem*> items;
    QSet<QString> inSnapshots;
    for (const FileMatch& m : result.matches) {
        const Snapshot s = result.snapshots.value(m.snapshotId);
        inSnapshots.insert(m.snapshotId);
        auto* item =
            new QTreeWidgetItem({m.entry.path, describe(s),
                                 m.entry.type == FileEntry::Type::File ? Format::size(m.entry.size) : QString()});
        item->setIcon(0, iconFor(m.entry.type));
        item->setData(0, SnapshotIdRole, m.snapshotId);
        item->setData(0, PathRole, m.entry.path);
        item->setToolTip(0, m.entry.path);
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        items << item;
        // A match in a snapshot the browser was not given (a newer one) can still be opened.
        if (!s.id.isEmpty() &&
            std::none_of(m_snapshots.cbegin(), m_snapshots.cend(), [&](const Snapshot& k) { return k.id == s.id; }))
            setSnapshots(m_snapshots + QList<Snapshot>{s});
    }
    m_results->addTopLevelItems(items);
    m_results->resizeColumnToContents(1);
    QString status;
    const int n = int(result.matches.size());
    if (n == 0)
        status = tr("Nothing called “%1” in any snapshot of this server.").arg(text);
    else if (result.truncated)
        status = tr("The first %1 matches, newest snapshot first: type more to narrow them.").arg(n);
    else
        status =
            (n == 1 ? tr("1 match in %1. Click it to show it in the tree.")
                    : tr("%n matches in %1, newest snapshot first. Click one to show it in the tree.", nullptr, n))
                .arg(inSnapshots.size() == 1 ? tr("1 snapshot") : tr("%n snapshots", nullptr, int(inSnapshots.size())));
    if (result.notIndexed > 0)
        status += QLatin1Char(' ') + (result.notIndexed == 1 ? tr("1 snapshot still being indexed was left out.")
                                                             : tr("%n snapshots still being indexed were left out.",
                                                                  nullptr, result.notIndexed));
    m_searchStatus->setText(status);
    Q_EMIT searchFinished(n);
}

void SnapshotBrowser::jumpTo(const QString& snapshotId, const QString& path)
{
    if (snapshotId != m_snapshot.id) {
        for (const Snapshot& s : std::as_const(m_snapshots)) {
            if (s.id == snapshotId)
                openSnapshot(s);
        }
    }
    if (snapshotId != m_snapshot.id)
        return;
    m_model->reveal(path);
}

void SnapshotBrowser::onReveal(const QModelIndex& index)
{
    for (QModelIndex p = index.parent(); p.isValid(); p = p.parent())
        m_tree->expand(p);
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index, QAbstractItemView::PositionAtCenter);
    showMessage(QString(), false);
    Q_EMIT revealed(index.data(FileTreeModel::PathRole).toString());
}

void SnapshotBrowser::setTargetNodes(const QList<Node*>& nodes)
{
    m_targets.clear();
    for (Node* node : nodes)
        m_targets << QPointer<Node>(node);
}

RestoreWizard* SnapshotBrowser::restoreSelected()
{
    const QStringList paths = m_model->checkedPaths();
    if (!m_node || paths.isEmpty())
        return nullptr;
    // The main window's child, as its own wizards are: it follows settings changes and outlives this window.
    auto* wizard = new RestoreWizard(m_node, parentWidget() ? parentWidget() : this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    QList<Node*> targets;
    for (const QPointer<Node>& node : std::as_const(m_targets)) {
        if (node)
            targets << node.data();
    }
    wizard->setTargetNodes(targets);
    wizard->setSelection(m_snapshot, paths);
    wizard->show();
    return wizard;
}

CompareDialog* SnapshotBrowser::compareWith(const Snapshot& other)
{
    if (!m_node || m_snapshots.size() < 2)
        return nullptr;
    auto* dialog = new CompareDialog(m_node, m_snapshot, m_snapshots, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!other.id.isEmpty())
        dialog->compareWith(other);
    dialog->show();
    return dialog;
}

DownloadDialog* SnapshotBrowser::download()
{
    if (!m_node)
        return nullptr;
    const QString tarGz = tr("Gzipped tar archive (*.tar.gz)");
    const QString zip = tr("Zip archive (*.zip)");
    QString dir = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    if (dir.isEmpty())
        dir = QDir::homePath();
    const QString suggested =
        SnapshotArchive::fileName(m_snapshot.backupUuid, currentPath(), SnapshotArchive::Format::TarGz);
    QString filter = tarGz;
    QString file =
        QFileDialog::getSaveFileName(this, tr("Download %1").arg(currentPath()), dir + QLatin1Char('/') + suggested,
                                     tarGz + QStringLiteral(";;") + zip, &filter);
    if (file.isEmpty())
        return nullptr;
    // The filter chosen wins over a name typed without an extension; a typed extension wins over the filter.
    const QString wanted = filter == zip ? QStringLiteral(".zip") : QStringLiteral(".tar.gz");
    if (!file.endsWith(QLatin1String(".zip")) && !file.endsWith(QLatin1String(".tar.gz")))
        file += wanted;
    return downloadTo(file);
}

DownloadDialog* SnapshotBrowser::downloadTo(const QString& file)
{
    if (!m_node)
        return nullptr;
    FileEntry entry;
    entry.path = currentPath();
    if (entry.path != QLatin1String("/"))
        entry = m_model->entry(m_tree->currentIndex());
    else
        entry.type = FileEntry::Type::Dir;
    const Node::ArchiveFormat format =
        file.endsWith(QLatin1String(".zip")) ? Node::ArchiveFormat::Zip : Node::ArchiveFormat::TarGz;
    auto* dialog = new DownloadDialog(m_node, m_snapshot, entry, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    dialog->start(file, format);
    return dialog;
}
