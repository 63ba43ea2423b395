#include "FileTreeModel.h"
#include "Format.h"
#include "ModelsLogging.h"

#include <QColor>
#include <QFutureWatcher>
#include <QTimer>

#include <algorithm>

namespace {
constexpr int kIndexingRetryMs = 1000; // listDirectory itself waits for the index before it says "indexing"
} // namespace

FileTreeModel::FileTreeModel(QObject* parent) : QAbstractItemModel(parent)
{
    m_root = std::make_unique<Node>();
    m_root->entry.path = QStringLiteral("/");
    m_root->entry.type = FileEntry::Type::Dir;
}

FileTreeModel::~FileTreeModel() = default;

void FileTreeModel::setNode(::Node* node)
{
    m_node = node;
    if (!node) {
        m_lister = nullptr;
        return;
    }
    m_lister = [this](const Snapshot& snapshot, const QString& path) {
        // A node gone since (a settings change, a node removed) answers nothing.
        if (!m_node)
            return QFuture<BackupService::FileListing>();
        return m_node->listDirectory(snapshot, path);
    };
}

void FileTreeModel::setLister(Lister lister)
{
    m_lister = std::move(lister);
}

void FileTreeModel::setIconFor(IconFor iconFor)
{
    m_iconFor = std::move(iconFor);
}

void FileTreeModel::setSnapshot(const Snapshot& snapshot)
{
    beginResetModel();
    ++m_generation;
    m_snapshot = snapshot;
    m_reveal.clear();
    m_root = std::make_unique<Node>();
    m_root->entry.path = QStringLiteral("/");
    m_root->entry.type = FileEntry::Type::Dir;
    endResetModel();
}

FileTreeModel::Node* FileTreeModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

QModelIndex FileTreeModel::indexOfNode(const Node* node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row, column, const_cast<Node*>(node));
}

int FileTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int FileTreeModel::columnCount(const QModelIndex& parent) const
{
    return parent.column() > 0 ? 0 : ColumnCount;
}

QModelIndex FileTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || parent.column() > 0)
        return {};
    const Node* p = nodeOf(parent);
    if (row >= int(p->children.size()))
        return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex FileTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    return indexOfNode(nodeOf(child)->parent);
}

bool FileTreeModel::hasChildren(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return false;
    const Node* n = nodeOf(parent);
    if (n != m_root.get() && !n->isDir())
        return false;
    return n->load != Node::Load::Loaded || !n->children.empty(); // a folder not read yet may have some
}

bool FileTreeModel::canFetchMore(const QModelIndex& parent) const
{
    if (parent.column() > 0 || !m_lister || m_snapshot.id.isEmpty())
        return false;
    const Node* n = nodeOf(parent);
    return (n == m_root.get() || n->isDir()) && n->load == Node::Load::NotLoaded;
}

void FileTreeModel::fetchMore(const QModelIndex& parent)
{
    if (canFetchMore(parent))
        load(nodeOf(parent));
}

bool FileTreeModel::isLoading(const QModelIndex& parent) const
{
    return nodeOf(parent)->load == Node::Load::Loading;
}

void FileTreeModel::load(Node* dir)
{
    if (!m_lister)
        return;
    const bool again = dir->load == Node::Load::Loading; // still indexing: keep saying so, no flicker
    dir->load = Node::Load::Loading;
    // The "Loading…" row goes in from the event loop: fetchMore may be called inside a reset (a view, or
    // QAbstractItemModelTester, checking the new tree), where inserting rows is not allowed.
    if (!again && !dir->children.empty()) {
        setStatusRow(dir, QString()); // a retry: its error row says "Loading…" again
    } else if (!again) {
        QTimer::singleShot(0, this, [this, dir, generation = m_generation] {
            // Unless an answer (or an "indexing" row) came first.
            if (generation == m_generation && dir->load == Node::Load::Loading && dir->children.empty())
                setStatusRow(dir, QString());
        });
    }
    auto* watcher = new QFutureWatcher<BackupService::FileListing>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, dir, generation = m_generation] {
        watcher->deleteLater();
        // Nodes live as long as their tree: a reset (new snapshot) is the only thing that frees a directory.
        if (generation != m_generation)
            return;
        if (watcher->isCanceled()) {
            BackupService::FileListing gone;
            gone.status = BackupService::FileListing::Status::Failed;
            gone.error = tr("The repository was closed.");
            loaded(dir, gone);
            return;
        }
        loaded(dir, watcher->result());
    });
    watcher->setFuture(m_lister(m_snapshot, dir->entry.path));
}

void FileTreeModel::setStatusRow(Node* dir, const QString& error)
{
    if (!dir->children.empty() && dir->children.front()->status) {
        Node* row = dir->children.front().get();
        row->error = error;
        const QModelIndex first = indexOfNode(row);
        Q_EMIT dataChanged(first, first.siblingAtColumn(ColumnCount - 1));
        return;
    }
    auto row = std::make_unique<Node>();
    row->status = true;
    row->error = error;
    row->parent = dir;
    row->row = 0;
    beginInsertRows(indexOfNode(dir), 0, 0);
    dir->children.push_back(std::move(row));
    endInsertRows();
}

void FileTreeModel::loaded(Node* dir, const BackupService::FileListing& listing)
{
    using Status = BackupService::FileListing::Status;
    const QString path = dir->entry.path;
    if (listing.status == Status::Indexing || listing.status == Status::Unavailable) {
        // Not an answer yet: say so in the tree and ask again, for as long as the tree is shown.
        setStatusRow(dir, listing.error.isEmpty() ? tr("The file list of this backup is being built…") : listing.error);
        Q_EMIT loadFailed(path, listing.error, true);
        QTimer::singleShot(kIndexingRetryMs, this, [this, dir, generation = m_generation] {
            if (generation == m_generation && dir->load == Node::Load::Loading)
                load(dir);
        });
        return;
    }
    if (listing.status != Status::Ok) {
        dir->load = Node::Load::Failed;
        const QString error = listing.error.isEmpty() ? tr("This folder cannot be read.") : listing.error;
        setStatusRow(dir, error);
        qCWarning(lcModels).noquote() << "file tree:" << path << error;
        Q_EMIT loadFailed(path, error, false);
        if (!m_reveal.isEmpty()) {
            const QString target = m_reveal;
            m_reveal.clear();
            Q_EMIT revealFailed(target, error);
        }
        return;
    }

    const QModelIndex parentIndex = indexOfNode(dir);
    if (!dir->children.empty()) {
        beginRemoveRows(parentIndex, 0, int(dir->children.size()) - 1);
        dir->children.clear();
        endRemoveRows();
    }
    // Folders first, each group in the index's byte order.
    QList<FileEntry> entries = listing.entries;
    std::stable_partition(entries.begin(), entries.end(),
                          [](const FileEntry& e) { return e.type == FileEntry::Type::Dir; });
    dir->load = Node::Load::Loaded;
    if (!entries.isEmpty()) {
        beginInsertRows(parentIndex, 0, int(entries.size()) - 1);
        dir->children.reserve(size_t(entries.size()));
        for (const FileEntry& e : entries) {
            auto node = std::make_unique<Node>();
            node->entry = e;
            node->mtime = QDateTime::fromString(e.mtime, Qt::ISODateWithMs);
            node->parent = dir;
            node->row = int(dir->children.size());
            // What is read below a ticked folder is ticked with it.
            node->check = dir->check == Qt::Checked ? Qt::Checked : Qt::Unchecked;
            node->load = e.type == FileEntry::Type::Dir ? Node::Load::NotLoaded : Node::Load::Loaded;
            dir->children.push_back(std::move(node));
        }
        endInsertRows();
    }
    Q_EMIT directoryLoaded(path);
    continueReveal();
}

void FileTreeModel::retry(const QModelIndex& statusRow)
{
    const Node* row = nodeOf(statusRow);
    if (!statusRow.isValid() || !row->status || row->parent->load != Node::Load::Failed)
        return;
    load(row->parent);
}

FileEntry FileTreeModel::entry(const QModelIndex& index) const
{
    if (!index.isValid() || nodeOf(index)->status)
        return {};
    return nodeOf(index)->entry;
}

QModelIndex FileTreeModel::indexOf(const QString& path) const
{
    const Node* node = m_root.get();
    for (const QString& name : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        const auto it = std::find_if(node->children.begin(), node->children.end(),
                                     [&](const auto& c) { return !c->status && c->entry.name() == name; });
        if (it == node->children.end())
            return {};
        node = it->get();
    }
    return indexOfNode(node);
}

void FileTreeModel::reveal(const QString& path)
{
    m_reveal = path;
    continueReveal();
}

void FileTreeModel::continueReveal()
{
    if (m_reveal.isEmpty() || m_snapshot.id.isEmpty())
        return;
    Node* node = m_root.get();
    for (const QString& name : m_reveal.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        switch (node->load) {
        case Node::Load::NotLoaded:
            load(node);
            return; // continued when it has loaded
        case Node::Load::Loading:
            return;
        case Node::Load::Failed:
        case Node::Load::Loaded:
            break;
        }
        const auto it = std::find_if(node->children.begin(), node->children.end(),
                                     [&](const auto& c) { return !c->status && c->entry.name() == name; });
        if (it == node->children.end()) {
            const QString target = m_reveal;
            m_reveal.clear();
            Q_EMIT revealFailed(target, tr("%1 is not in this snapshot.").arg(target));
            return;
        }
        node = it->get();
    }
    m_reveal.clear();
    Q_EMIT revealed(indexOfNode(node));
}

QString FileTreeModel::displayType(const Node& node)
{
    if (node.entry.type == FileEntry::Type::Symlink && !node.entry.linkTarget.isEmpty())
        return tr("Link to %1").arg(node.entry.linkTarget);
    return Format::fileType(node.entry.type);
}

QVariant FileTreeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Node& n = *nodeOf(index);
    if (n.status) {
        switch (role) {
        case Qt::DisplayRole:
            return index.column() == NameColumn ? (n.error.isEmpty() ? tr("Loading…") : n.error) : QVariant();
        case Qt::ToolTipRole:
            return n.error.isEmpty() ? QVariant() : n.error;
        case Qt::ForegroundRole:
            // Errors in the console's red; "Loading…" dimmed (the view's palette applies otherwise).
            return n.error.isEmpty() || n.parent->load == Node::Load::Loading ? QVariant(QColor(0x80, 0x80, 0x80))
                                                                              : QVariant(QColor(0xb3, 0x26, 0x1e));
        case StatusRowRole:
            return true;
        case ErrorRole:
            return n.error;
        default:
            return {};
        }
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return n.entry.name();
        case SizeColumn:
            return n.entry.type == FileEntry::Type::File ? Format::size(n.entry.size) : QString();
        case ModifiedColumn:
            return n.mtime.isValid() ? Format::localTime(n.mtime) : n.entry.mtime;
        case TypeColumn:
            return displayType(n);
        }
        return {};
    case Qt::ToolTipRole:
        return index.column() == NameColumn || index.column() == TypeColumn
                   ? (n.entry.type == FileEntry::Type::Symlink ? tr("%1 → %2").arg(n.entry.path, n.entry.linkTarget)
                                                               : n.entry.path)
                   : QVariant();
    case Qt::DecorationRole:
        if (index.column() != NameColumn)
            return {};
        return m_iconFor
                   ? m_iconFor(n.entry.type)
                   : QIcon::fromTheme(n.entry.type == FileEntry::Type::Dir       ? QStringLiteral("folder")
                                      : n.entry.type == FileEntry::Type::Symlink ? QStringLiteral("inode-symlink")
                                                                                 : QStringLiteral("text-x-generic"));
    case Qt::CheckStateRole:
        return index.column() == NameColumn ? QVariant(int(n.check)) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == SizeColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case PathRole:
        return n.entry.path;
    case TypeRole:
        return int(n.entry.type);
    case SortRole:
        switch (index.column()) {
        case SizeColumn:
            return n.entry.size;
        case ModifiedColumn:
            return n.mtime.toMSecsSinceEpoch();
        default:
            return data(index, Qt::DisplayRole);
        }
    case StatusRowRole:
        return false;
    case ErrorRole:
        return QString();
    default:
        return {};
    }
}

Qt::ItemFlags FileTreeModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Node& n = *nodeOf(index);
    if (n.status)
        return Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == NameColumn)
        f |= Qt::ItemIsUserCheckable;
    if (!n.isDir())
        f |= Qt::ItemNeverHasChildren;
    return f;
}

bool FileTreeModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::CheckStateRole || !index.isValid() || index.column() != NameColumn)
        return false;
    Node* n = nodeOf(index);
    if (n->status)
        return false;
    // A partial tick from a tristate click means "all of it".
    const Qt::CheckState state = Qt::CheckState(value.toInt()) == Qt::Unchecked ? Qt::Unchecked : Qt::Checked;
    checkSubtree(n, state);
    updateAncestors(n);
    Q_EMIT checksChanged();
    return true;
}

void FileTreeModel::checkSubtree(Node* node, Qt::CheckState state)
{
    node->check = state;
    const QModelIndex i = indexOfNode(node);
    Q_EMIT dataChanged(i, i, {Qt::CheckStateRole});
    checkChildren(node, state);
}

void FileTreeModel::checkChildren(Node* dir, Qt::CheckState state)
{
    // One signal per folder read, not per entry: a ticked folder may hold many thousands.
    for (const auto& c : dir->children) {
        if (c->status)
            continue;
        c->check = state;
        checkChildren(c.get(), state);
    }
    if (!dir->children.empty())
        Q_EMIT dataChanged(indexOfNode(dir->children.front().get()), indexOfNode(dir->children.back().get()),
                           {Qt::CheckStateRole});
}

void FileTreeModel::updateAncestors(Node* node)
{
    for (Node* p = node->parent; p && p != m_root.get(); p = p->parent) {
        int checked = 0, unchecked = 0, entries = 0;
        for (const auto& c : p->children) {
            if (c->status)
                continue;
            ++entries;
            checked += c->check == Qt::Checked;
            unchecked += c->check == Qt::Unchecked;
        }
        const Qt::CheckState state = checked == entries     ? Qt::Checked
                                     : unchecked == entries ? Qt::Unchecked
                                                            : Qt::PartiallyChecked;
        if (state == p->check)
            break; // nothing above changes either
        p->check = state;
        const QModelIndex i = indexOfNode(p);
        Q_EMIT dataChanged(i, i, {Qt::CheckStateRole});
    }
}

void FileTreeModel::setChecked(const QString& path, bool checked)
{
    const QModelIndex i = indexOf(path);
    if (i.isValid())
        setData(i, checked ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole);
}

void FileTreeModel::clearChecks()
{
    for (const auto& c : m_root->children) {
        if (!c->status && c->check != Qt::Unchecked)
            checkSubtree(c.get(), Qt::Unchecked);
    }
    Q_EMIT checksChanged();
}

QStringList FileTreeModel::checkedPaths() const
{
    QStringList out;
    std::function<void(const Node*)> walk = [&](const Node* dir) {
        for (const auto& c : dir->children) {
            if (c->status || c->check == Qt::Unchecked)
                continue;
            if (c->check == Qt::Checked)
                out << c->entry.path;
            else
                walk(c.get());
        }
    };
    walk(m_root.get());
    return out;
}

QVariant FileTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case SizeColumn:
        return tr("Size");
    case ModifiedColumn:
        return tr("Modified");
    case TypeColumn:
        return tr("Type");
    }
    return {};
}
