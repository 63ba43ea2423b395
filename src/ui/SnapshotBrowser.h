#pragma once

#include "BackupService.h"
#include "Node.h"
#include "Snapshot.h"

#include <QDialog>
#include <QPointer>

class FileTreeModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;
class QTreeView;
class QTreeWidget;
class QTreeWidgetItem;
class RestoreWizard;
class CompareDialog;
class DownloadDialog;

// Inside one snapshot: its file tree (lazy, from the file index) with check boxes, a search over every snapshot
// of the same server that jumps to a match, and Restore selected… / Compare with… / Download…. Opened from the
// main window's snapshot table. Widgets carry object names (fileTree, fileSearch, searchResults, …) for tests.
class SnapshotBrowser : public QDialog
{
    Q_OBJECT
public:
    explicit SnapshotBrowser(Node* node, QWidget* parent = nullptr);

    // The snapshots the browser may switch between and compare with: those of the opened snapshot's server.
    void setSnapshots(const QList<Snapshot>& snapshots);
    // Shows a snapshot's tree (one of setSnapshots', or added to them).
    void openSnapshot(const Snapshot& snapshot);
    // Opens the match's snapshot and reveals its path (expanded, selected, scrolled to).
    void jumpTo(const QString& snapshotId, const QString& path);
    // Whether jobs may start here (the main window's canRunJobs): Restore selected… is off otherwise.
    void setJobsAllowed(bool allowed, const QString& why = {});

    Node* node() const { return m_node.data(); }
    // The nodes a Restore Selected… may also restore into (see RestoreWizard::setTargetNodes).
    void setTargetNodes(const QList<Node*>& nodes);
    const Snapshot& snapshot() const { return m_snapshot; }
    QList<Snapshot> snapshots() const { return m_snapshots; }
    FileTreeModel* model() const { return m_model; }
    QTreeView* treeView() const { return m_tree; }
    QLineEdit* searchField() const { return m_search; }
    QTreeWidget* searchResults() const { return m_results; }
    // The path the tree's current row stands for ("/" when none).
    QString currentPath() const;

    void search(const QString& text);
    RestoreWizard* restoreSelected();
    CompareDialog* compareWith(const Snapshot& other = {});
    // Asks for the archive file (its extension picks .tar.gz or .zip), then downloadTo().
    DownloadDialog* download();
    // The current row (the whole snapshot when none) into `file`, in a window with progress and Cancel.
    DownloadDialog* downloadTo(const QString& file);

Q_SIGNALS:
    void searchFinished(int matches);
    void revealed(const QString& path);

private:
    void updateButtons();
    void updateHeader();
    void showMessage(const QString& text, bool error);
    void onReveal(const QModelIndex& index);
    void onSearch(const BackupService::FileSearch& result, const QString& text);
    static QString describe(const Snapshot& s);

    QPointer<Node> m_node;
    QList<QPointer<Node>> m_targets;
    Snapshot m_snapshot;
    QList<Snapshot> m_snapshots; // of m_snapshot's server, newest first
    bool m_jobsAllowed = true;
    QString m_jobsWhy;
    int m_searchGeneration = 0;

    FileTreeModel* m_model;
    QComboBox* m_snapshotCombo = nullptr;
    QLabel* m_header = nullptr;
    QLineEdit* m_search = nullptr;
    QTimer* m_searchTimer = nullptr;
    QTreeWidget* m_results = nullptr;
    QLabel* m_searchStatus = nullptr;
    QTreeView* m_tree = nullptr;
    QLabel* m_message = nullptr;
    QLabel* m_ticked = nullptr;
    QPushButton* m_restore = nullptr;
    QPushButton* m_compare = nullptr;
    QPushButton* m_download = nullptr;
};
