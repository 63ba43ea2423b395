#pragma once

#include "Job.h"

#include <QAbstractTableModel>
#include <QPointer>

class JobManager;
class Node;

// The jobs of a JobManager, newest first: running and finished backups, restores, deletes and prunes, with
// live progress from restic's --json status lines. Rows go away when the manager trims its history.
class JobListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        KindColumn,
        ServerColumn,
        StateColumn,
        ProgressColumn,
        TransferredColumn,
        EtaColumn,
        MessageColumn,
        ColumnCount,
    };
    Q_ENUM(Column)

    enum Role
    {
        JobRole = Qt::UserRole + 1, // Job* as QObject*
        PercentRole,                // int 0..100, -1 when restic cannot tell yet
        StateRole,                  // int(Job::State)
        IsFinishedRole,
    };

    explicit JobListModel(QObject* parent = nullptr);

    void setJobManager(JobManager* manager);
    // The jobs of nodes (the console's): each node's jobs are added, and its new ones as they come; a node's rows
    // go with removeNode or when the node is destroyed. Servers are shown by name where the node knows it.
    void addNode(Node* node);
    void removeNode(Node* node);
    Job* jobAt(int row) const;
    int rowOf(const Job* job) const;

    static QString stateText(Job::State state);
    // Whether a running job knows how long it has left (restic says so once it has counted the files).
    bool hasEstimate() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void addJob(Job* job);
    void removeJob(QObject* job);
    void jobChanged(Job* job);

    QString serverText(const Job* job, const QString& uuid, bool withNode = true) const;

    QPointer<JobManager> m_manager;
    QList<Node*> m_nodes;
    QHash<const Job*, Node*> m_nodeOf;
    QList<Job*> m_jobs; // newest first
};
