#pragma once

#include "BackupService.h"
#include "Node.h"
#include "Snapshot.h"

#include <QDialog>
#include <QPointer>

class FileDiffModel;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

// What changed between one snapshot and another of the same server: the older is "before", whichever was
// opened. A list of added, removed and changed entries with a count per kind, filterable by kind and by path.
class CompareDialog : public QDialog
{
    Q_OBJECT
public:
    // `snapshots`: the server's snapshots to choose from (the base itself is left out of the choice).
    CompareDialog(Node* node, const Snapshot& base, const QList<Snapshot>& snapshots, QWidget* parent = nullptr);

    // Compares the base with `other` (one of the choices).
    void compareWith(const Snapshot& other);
    FileDiffModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QComboBox* otherCombo() const { return m_combo; }
    QLineEdit* filterField() const { return m_filter; }
    bool isComparing() const { return m_busy; }

Q_SIGNALS:
    void compared(bool ok);

private:
    void onDiff(const BackupService::FileDiff& diff);
    void updateCounts();

    QPointer<Node> m_node;
    Snapshot m_base;
    QList<Snapshot> m_choices;
    int m_generation = 0;
    bool m_busy = false;
    QString m_note; // about the comparison itself (truncated), shown with the counts
    FileDiffModel* m_model;
    QComboBox* m_combo;
    QLabel* m_direction;
    QLabel* m_status;
    QCheckBox* m_added;
    QCheckBox* m_removed;
    QCheckBox* m_changed;
    QLineEdit* m_filter;
    QTableView* m_view;
};
