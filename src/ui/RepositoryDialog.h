#pragma once

#include "RepositoryHealth.h"

#include <QDialog>
#include <QPointer>

#include <functional>

class Job;
class Node;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

// The "Repository" view of one node (Node::repositoryState): the repository, its restore and raw size, the
// snapshot and server counts, the last check; the lock list; Unlock… (a confirmation that lists exactly the locks
// that go: this node's stale ones), Check… (asks how much data to read) and Prune as jobs with live progress from
// the Job's signals and a result line; the figures are read again when a job ends. With several nodes a chooser at
// the top says whose repository is shown. Local and remote nodes alike.
class RepositoryDialog : public QDialog
{
    Q_OBJECT
public:
    RepositoryDialog(const QList<Node*>& nodes, Node* current, QWidget* parent = nullptr);

    Node* node() const { return m_node; }
    void setNode(Node* node);
    RepositoryState state() const { return m_state; }

    // Asked before an unlock with the text listing what goes; true goes ahead. Default: a QMessageBox.
    using Confirm = std::function<bool(const QString& text)>;
    void setConfirmation(Confirm confirm) { m_confirm = std::move(confirm); }
    // The text the last unlock confirmation showed (tests).
    QString lastConfirmation() const { return m_lastConfirmation; }
    // The figure shown for a key: "repository", "total_size", "raw_size", "snapshot_count", "servers", "last_check".
    QString figure(const QString& key) const;
    QString resultText() const;
    QString progressText() const;
    Job* currentJob() const { return m_job; }

public Q_SLOTS:
    void reload();
    // Check… without asking: `subset` is restic's --read-data-subset (empty reads none).
    void startCheck(const QString& subset);
    void startPrune();
    // Unlock…: confirms (setConfirmation), then removes this node's stale locks.
    void unlockAsked();

Q_SIGNALS:
    // Each answer of repositoryState() shown.
    void loaded();
    // A check or prune started here ended (the figures are being read again).
    void jobEnded(Job* job);
    // An unlock answered (the figures are being read again).
    void unlocked(const UnlockResult& result);

private:
    void display(const RepositoryState& state);
    void showLocks(const QList<RepositoryLock>& locks, const QString& error);
    void follow(Job* job);
    void updateProgress();
    void onJobFinished(Job* job);
    void setResult(const QString& text, const QString& colour);
    void askCheck();
    void updateButtons();

    QList<QPointer<Node>> m_nodes;
    QPointer<Node> m_node;
    RepositoryState m_state;
    int m_generation = 0;
    bool m_busy = false; // an unlock or a start is being answered
    QPointer<Job> m_job;
    Confirm m_confirm;
    QString m_lastConfirmation;

    QComboBox* m_nodeCombo;
    QHash<QString, QLabel*> m_figures;
    QHash<QString, QLabel*> m_hints; // what a size measures
    QLabel* m_locksNote;
    QTableWidget* m_locks;
    QPushButton* m_refresh;
    QPushButton* m_unlock;
    QPushButton* m_check;
    QPushButton* m_prune;
    QPushButton* m_cancel;
    QProgressBar* m_progress;
    QLabel* m_progressLabel;
    QLabel* m_result;
};
