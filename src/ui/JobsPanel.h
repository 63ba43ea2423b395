#pragma once

#include <QWidget>

class JobListModel;
class JobManager;
class Node;
class QAction;
class QTableView;

// The jobs dock: every backup, restore and delete with a progress bar, the error of a failed one, and
// Cancel for the selected running job.
class JobsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit JobsPanel(QWidget* parent = nullptr);

    void setJobManager(JobManager* manager);
    // The jobs of a node join the list (see JobListModel::addNode).
    void addNode(Node* node);
    void removeNode(Node* node);
    JobListModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }

private:
    void updateActions();
    void updateColumns();
    void cancelSelected();

    JobListModel* m_model;
    QTableView* m_view;
    QAction* m_cancel;
    QAction* m_copyError;
};
