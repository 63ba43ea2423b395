#pragma once

#include "Node.h"

#include <QAbstractListModel>
#include <QColor>
#include <QIcon>
#include <QList>
#include <QPointer>

// The console's nodes, one row each in the order added: the label, the state as a word, a coloured icon per state
// (the colours of the console's Style: green connected, blue connecting, red unreachable or wrong token, amber a
// certificate to trust, grey unavailable) and a tooltip with the URL, why the state is what it is and what the
// node said about itself. Rows follow the nodes' signals; a node that is deleted leaves the list.
class NodeListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        NodeRole = Qt::UserRole + 1, // Node*
        KeyRole,
        StateRole, // int(Node::State)
        StateTextRole,
        StateMessageRole,
        StateColorRole, // QColor
        SubtitleRole,   // "Connected · 3 servers" or "Wrong token"
        IsLocalRole,
    };

    explicit NodeListModel(QObject* parent = nullptr);

    // `label` is shown instead of the node's own (a name the user gave it); empty keeps the node's.
    void addNode(Node* node, const QString& label = {});
    void removeNode(Node* node);
    void setLabel(Node* node, const QString& label);

    int rowOf(const Node* node) const;
    Node* nodeAt(int row) const;
    QList<Node*> nodes() const;

    static QColor stateColor(Node::State state);
    static QIcon stateIcon(Node::State state);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QPointer<Node> node;
        const QObject* raw = nullptr; // to find the row from destroyed(), when the QPointer is already null
        QString label;
    };
    void changed(const Node* node);
    QString label(const Row& row) const;
    QString subtitle(const Node* node) const;
    QString toolTip(const Row& row) const;

    QList<Row> m_rows;
};
