#include "NodeListModel.h"

#include <QCoreApplication>
#include <QHash>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace {

// One white mark on the state's disc, so that the states differ by shape as well as by colour.
void drawMark(QPainter& p, Node::State state)
{
    QPen pen(Qt::white, 2.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    switch (state) {
    case Node::State::Connected: // a tick
        p.drawPolyline(QPolygonF({QPointF(7, 12.5), QPointF(10.5, 16), QPointF(17, 8.5)}));
        break;
    case Node::State::Connecting: // three dots
        p.setPen(Qt::NoPen);
        p.setBrush(Qt::white);
        for (qreal x : {7.5, 12.0, 16.5})
            p.drawEllipse(QPointF(x, 12), 1.6, 1.6);
        break;
    case Node::State::Unreachable: // a cross
        p.drawLine(QPointF(8.5, 8.5), QPointF(15.5, 15.5));
        p.drawLine(QPointF(15.5, 8.5), QPointF(8.5, 15.5));
        break;
    case Node::State::WrongToken: // a key
        pen.setWidthF(2);
        p.setPen(pen);
        p.drawEllipse(QPointF(9, 12), 2.8, 2.8);
        p.drawLine(QPointF(11.8, 12), QPointF(18, 12));
        p.drawLine(QPointF(16, 12), QPointF(16, 15));
        break;
    case Node::State::CertificateUntrusted: // an exclamation mark
        p.drawLine(QPointF(12, 6.5), QPointF(12, 13));
        p.drawPoint(QPointF(12, 17));
        break;
    case Node::State::Unavailable: // a bar
        p.drawLine(QPointF(7.5, 12), QPointF(16.5, 12));
        break;
    }
}

// English has its own words for one (as Format.cpp); %n strings are numerus forms for the translations.
QString serversText(int n)
{
    return n == 1 ? QCoreApplication::translate("NodeListModel", "1 server")
                  : QCoreApplication::translate("NodeListModel", "%n servers", nullptr, n);
}

QString jobsText(int n)
{
    return n == 1 ? QCoreApplication::translate("NodeListModel", "1 job running")
                  : QCoreApplication::translate("NodeListModel", "%n jobs running", nullptr, n);
}

} // namespace

NodeListModel::NodeListModel(QObject* parent) : QAbstractListModel(parent) {}

QColor NodeListModel::stateColor(Node::State state)
{
    // The console's colours (src/ui/Style.cpp and Icons.cpp): ok, information, error, warning, and a neutral grey.
    switch (state) {
    case Node::State::Connected:
        return QColor(0x2e, 0x7d, 0x32);
    case Node::State::Connecting:
        return QColor(0x2d, 0x6c, 0xdf);
    case Node::State::Unreachable:
    case Node::State::WrongToken:
        return QColor(0xb3, 0x26, 0x1e);
    case Node::State::CertificateUntrusted:
        return QColor(0xe6, 0x9b, 0x00);
    case Node::State::Unavailable:
        break;
    }
    return QColor(0x80, 0x86, 0x8b);
}

QIcon NodeListModel::stateIcon(Node::State state)
{
    static QHash<int, QIcon> cache;
    const auto it = cache.constFind(int(state));
    if (it != cache.constEnd())
        return *it;
    // Drawn in images (no screen needed) at the list's sizes and their doubles; QIcon picks by device pixels.
    QIcon icon;
    for (int px : {16, 22, 24, 32, 44, 48, 64}) {
        QImage image(px, px, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(px / 24.0, px / 24.0);
        p.setPen(Qt::NoPen);
        p.setBrush(stateColor(state));
        p.drawEllipse(QPointF(12, 12), 10, 10);
        drawMark(p, state);
        p.end();
        icon.addPixmap(QPixmap::fromImage(image));
    }
    cache.insert(int(state), icon);
    return icon;
}

void NodeListModel::addNode(Node* node, const QString& label)
{
    if (!node || rowOf(node) >= 0)
        return;
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(Row{node, node, label});
    endInsertRows();
    connect(node, &Node::stateChanged, this, [this, node] { changed(node); });
    connect(node, &Node::infoChanged, this, [this, node] { changed(node); });
    connect(node, &Node::serversChanged, this, [this, node] { changed(node); });
    // By the raw pointer: by the time destroyed() is emitted the node is no Node any more.
    connect(node, &QObject::destroyed, this, [this](QObject* gone) {
        for (int r = 0; r < m_rows.size(); ++r) {
            if (m_rows[r].raw == gone) {
                beginRemoveRows({}, r, r);
                m_rows.removeAt(r);
                endRemoveRows();
                return;
            }
        }
    });
}

void NodeListModel::removeNode(Node* node)
{
    const int row = rowOf(node);
    if (row < 0)
        return;
    disconnect(node, nullptr, this, nullptr);
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void NodeListModel::setLabel(Node* node, const QString& label)
{
    const int row = rowOf(node);
    if (row < 0 || m_rows[row].label == label)
        return;
    m_rows[row].label = label;
    changed(node);
}

int NodeListModel::rowOf(const Node* node) const
{
    for (int r = 0; r < m_rows.size(); ++r) {
        if (node && m_rows[r].raw == node)
            return r;
    }
    return -1;
}

Node* NodeListModel::nodeAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].node.data() : nullptr;
}

QList<Node*> NodeListModel::nodes() const
{
    QList<Node*> list;
    for (const Row& r : m_rows) {
        if (r.node)
            list << r.node.data();
    }
    return list;
}

void NodeListModel::changed(const Node* node)
{
    const int row = rowOf(node);
    if (row >= 0)
        Q_EMIT dataChanged(index(row), index(row));
}

int NodeListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QString NodeListModel::label(const Row& row) const
{
    return row.label.isEmpty() ? row.node->displayLabel() : row.label;
}

QString NodeListModel::subtitle(const Node* node) const
{
    if (node->state() != Node::State::Connected)
        return Node::stateText(node->state());
    const NodeInfo info = node->info();
    QString text = Node::stateText(Node::State::Connected) + QStringLiteral(" · ") + serversText(info.servers);
    if (info.jobsRunning > 0)
        text += QStringLiteral(" · ") + jobsText(info.jobsRunning);
    return text;
}

QString NodeListModel::toolTip(const Row& row) const
{
    const Node* node = row.node;
    QStringList lines{label(row), node->isLocal() ? tr("This computer") : node->key()};
    const QString state = Node::stateText(node->state());
    lines << (node->stateMessage().isEmpty() ? state : tr("%1: %2").arg(state, node->stateMessage()));
    const NodeInfo info = node->info();
    if (!info.version.isEmpty())
        lines << tr("Pouch %1 · restic %2")
                     .arg(info.version, info.resticVersion.isEmpty() ? tr("unknown") : info.resticVersion);
    if (!info.repository.isEmpty())
        lines << tr("Repository: %1").arg(info.repository);
    if (node->state() == Node::State::Connected)
        lines << serversText(info.servers) + QStringLiteral(" · ") + jobsText(info.jobsRunning);
    return lines.join(QLatin1Char('\n'));
}

QVariant NodeListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[index.row()];
    const Node* node = row.node;
    if (!node)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return label(row);
    case Qt::DecorationRole:
        return stateIcon(node->state());
    case Qt::ToolTipRole:
        return toolTip(row);
    case NodeRole:
        return QVariant::fromValue(row.node.data());
    case KeyRole:
        return node->key();
    case StateRole:
        return int(node->state());
    case StateTextRole:
        return Node::stateText(node->state());
    case StateMessageRole:
        return node->stateMessage();
    case StateColorRole:
        return stateColor(node->state());
    case SubtitleRole:
        return subtitle(node);
    case IsLocalRole:
        return node->isLocal();
    default:
        return {};
    }
}
