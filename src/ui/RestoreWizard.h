#pragma once

#include "BackupService.h"
#include "Job.h"
#include "Node.h"
#include "Snapshot.h"

#include <QPointer>
#include <QWizard>

class SnapshotFilterProxy;
class SnapshotTableModel;

// Restore one snapshot into a server: choose the snapshot, then the target server (another server is allowed
// and called out as a cross-server restore) and whether to empty it first, check the summary, then watch the
// restore run. The widgets carry object names (snapshotView, targetCombo, truncateCheck, ...) for tests.
class RestoreWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId
    {
        SnapshotPageId,
        TargetPageId, // the target server and whether to empty it first
        SummaryPageId,
        ProgressPageId,
    };

    // `node` holds the snapshots (and is the first place to restore into).
    explicit RestoreWizard(Node* node, QWidget* parent = nullptr);

    // The settings changed: start again on the first page with `node`'s snapshots (nullptr: none, the wizard can
    // only be closed). The wizard follows a destroyed node to nullptr by itself.
    void setNode(Node* node);
    // Other nodes the console knows: those connected on the same repository are offered as targets too
    // (a restore across nodes); the others are named as not offered.
    void setTargetNodes(const QList<Node*>& nodes);
    // The snapshot's node first, then the others on its repository.
    QList<Node*> targetNodes() const;
    QStringList otherRepositoryNodes() const; // labels of connected nodes on another repository
    Node* targetNode() const;
    // "Survival (8a7d6c5b)" where the node knows the name, else the uuid.
    QString serverLabel(const QString& serverUuid, const Node* node = nullptr) const;

    // Without a list the wizard reads the snapshots itself.
    void setSnapshots(const QList<Snapshot>& snapshots);
    void preselect(const QString& snapshotId);
    // Restores only `paths` (relative to the server root) of `snapshot`: starts on the target page, which then
    // offers the same place or a folder, and counts what will be replaced.
    void setSelection(const Snapshot& snapshot, const QStringList& paths);
    QStringList paths() const { return m_paths; }
    bool isSelective() const { return !m_paths.isEmpty(); }

    Node* node() const { return m_node.data(); }
    SnapshotTableModel* model() const { return m_model; }
    SnapshotFilterProxy* proxy() const { return m_proxy; }

    Snapshot snapshot() const;
    QString targetServer() const;
    bool truncate() const;
    // A selective restore's folder in the target, relative to its root; empty for the same place.
    QString destination() const;
    Job* job() const { return m_job; }

    // Used by the pages.
    void setSelectedSnapshot(const Snapshot& snapshot) { m_snapshot = snapshot; }
    void setJob(Job* job);
    void loadSnapshots();
    bool isLoading() const { return m_loading; }
    QString loadError() const { return m_loadError; }
    // Why the wizard started again, for the first page; empty normally.
    QString notice() const { return m_notice; }

Q_SIGNALS:
    void restoreStarted(Job* job);
    void snapshotsLoaded();

private:
    void attach(Node* node);
    static QHash<QString, QString> names(const Node* node);

    QPointer<Node> m_node;
    QList<QPointer<Node>> m_targets;
    SnapshotTableModel* m_model;
    SnapshotFilterProxy* m_proxy;
    Snapshot m_snapshot;
    QStringList m_paths; // a selective restore's paths; empty for the whole snapshot
    QString m_preselect;
    QPointer<Job> m_job;
    bool m_loading = false;
    bool m_loaded = false;
    int m_loadGeneration = 0; // bumped by setNode: listings of an old node are dropped
    QString m_loadError;
    QString m_notice;
};
