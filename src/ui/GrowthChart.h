#pragma once

#include <QDialog>
#include <QPointer>

class GrowthModel;
class Node;
class QLabel;
class QStackedWidget;
class QChart;
class QChartView;

// A server's growth (Node::growth) as a chart: each snapshot's restore size as a line (left axis) and what each
// backup added to the repository as bars (right axis), one category per snapshot, oldest left; a tooltip per point
// says its time, size, what it added and its backup. "No snapshots yet" when there are none. Asked again when the
// node's snapshots change. Works on a local and a remote node alike.
class GrowthChart : public QDialog
{
    Q_OBJECT
public:
    GrowthChart(Node* node, const QString& serverUuid, QWidget* parent = nullptr);

    GrowthModel* model() const { return m_model; }
    QChart* chart() const;
    // What the window shows now: "chart", "empty", "loading" or "error" (tests, screenshots).
    QString page() const;
    QString message() const; // the empty or error text shown
    // The tooltip text of a category (what hovering its point or bar shows).
    QString toolTipFor(int row) const;

public Q_SLOTS:
    void reload();

Q_SIGNALS:
    // Each answer of the node, shown.
    void loaded();

private:
    void rebuild();
    void showMessage(const QString& text, bool error);

    QPointer<Node> m_node;
    QString m_serverUuid;
    GrowthModel* m_model;
    QStackedWidget* m_stack;
    QChartView* m_view;
    QLabel* m_message;
    QLabel* m_summary;
    int m_generation = 0;
};
