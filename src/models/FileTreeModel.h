#pragma once

#include "BackupService.h"
#include "Node.h"
#include "Snapshot.h"
#include "catalogue/FileIndex.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QFuture>
#include <QIcon>
#include <QPointer>

#include <functional>
#include <memory>
#include <vector>

// One snapshot's file tree, fetched a directory at a time from the file index (canFetchMore/fetchMore, one
// BackupService::listDirectory each). A directory being read shows one row "Loading…"; one that cannot be read
// shows one row with the reason (and still being indexed is asked again by itself). Check boxes in the first
// column: ticking a folder ticks everything below it, also what is read later; parents show partial.
class FileTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        SizeColumn,
        ModifiedColumn,
        TypeColumn,
        ColumnCount,
    };
    Q_ENUM(Column)

    enum Role
    {
        PathRole = Qt::UserRole + 1, // "/world/level.dat"; empty on a status row
        TypeRole,                    // int(FileEntry::Type)
        SortRole,                    // size and time as numbers, names as text
        StatusRowRole,               // true on a "Loading…" or error row
        ErrorRole,                   // the error of a status row, empty while loading
    };

    using Lister = std::function<QFuture<BackupService::FileListing>(const Snapshot&, const QString&)>;
    using IconFor = std::function<QIcon(FileEntry::Type)>;

    explicit FileTreeModel(QObject* parent = nullptr);
    ~FileTreeModel() override;

    // Where directories come from: the node's listDirectory, or a test's own function.
    void setNode(::Node* node);
    void setLister(Lister lister);
    // The icons of the Name column (the desktop's drawn fallbacks); without it, the theme's.
    void setIconFor(IconFor iconFor);

    // Shows another snapshot's tree (a reset); its top directory is read when a view asks.
    void setSnapshot(const Snapshot& snapshot);
    const Snapshot& snapshot() const { return m_snapshot; }

    // The entry a row stands for (empty for a status row or an invalid index).
    FileEntry entry(const QModelIndex& index) const;
    // The index of a path already read (column 0), or invalid.
    QModelIndex indexOf(const QString& path) const;
    // Reads each directory along `path` and then emits revealed() with its index, or revealFailed().
    void reveal(const QString& path);
    // Asks again for the directory whose status row this is (after a failure).
    void retry(const QModelIndex& statusRow);

    // The ticked paths, fewest that cover them: a ticked folder stands for everything below it.
    QStringList checkedPaths() const;
    void setChecked(const QString& path, bool checked); // a path already read
    void clearChecks();
    bool isLoading(const QModelIndex& parent = {}) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void directoryLoaded(const QString& path);
    // A directory could not be read (`indexing`: its file list is still being built, asked again soon).
    void loadFailed(const QString& path, const QString& error, bool indexing);
    void revealed(const QModelIndex& index);
    void revealFailed(const QString& path, const QString& error);
    void checksChanged();

private:
    struct Node
    {
        FileEntry entry;
        QDateTime mtime;
        Node* parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
        enum class Load
        {
            NotLoaded,
            Loading,
            Loaded,
            Failed,
        } load = Load::NotLoaded;
        bool status = false; // a "Loading…" or error row, not an entry
        QString error;
        Qt::CheckState check = Qt::Unchecked;
        bool isDir() const { return !status && entry.type == FileEntry::Type::Dir; }
    };

    Node* nodeOf(const QModelIndex& index) const;
    QModelIndex indexOfNode(const Node* node, int column = 0) const;
    void load(Node* dir);
    void loaded(Node* dir, const BackupService::FileListing& listing);
    void setStatusRow(Node* dir, const QString& error);
    void checkSubtree(Node* node, Qt::CheckState state);
    void checkChildren(Node* dir, Qt::CheckState state);
    void updateAncestors(Node* node);
    void continueReveal();
    static QString displayType(const Node& node);

    Lister m_lister;
    IconFor m_iconFor;
    QPointer<::Node> m_node;
    Snapshot m_snapshot;
    std::unique_ptr<Node> m_root;
    int m_generation = 0; // bumped by setSnapshot: answers for the old tree are dropped
    QString m_reveal;     // the path reveal() is walking to
};
