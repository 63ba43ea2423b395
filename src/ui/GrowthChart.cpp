#include "GrowthChart.h"
#include "Format.h"
#include "GrowthModel.h"
#include "Node.h"
#include "Style.h"
#include "UiLogging.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QDialogButtonBox>
#include <QFutureWatcher>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QStackedWidget>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

namespace {

// The binary unit that shows `max` with at most three digits before the point, and its divisor; the unit's name
// is Format::size's, so the axes say sizes as every other view does.
struct Unit
{
    double divisor = 1;
    QString name;
};

Unit unitFor(qint64 max)
{
    Unit u;
    qint64 divisor = 1;
    while (max / divisor >= 1024 && divisor < (qint64(1) << 40))
        divisor *= 1024;
    u.divisor = double(divisor);
    const QString sample = Format::size(divisor);
    u.name = sample.section(QLatin1Char(' '), -1);
    return u;
}

// A value axis from 0 to a round number just above `max` (in the unit): ticks every 1, 2, 2.5 or 5 times a power
// of ten, four to six of them, labelled without needless decimals.
QValueAxis* sizeAxis(const QString& title, double max, QObject* parent)
{
    auto* axis = new QValueAxis(parent);
    axis->setTitleText(title);
    const double want = max <= 0 ? 1 : max * 1.05;
    const double magnitude = std::pow(10.0, std::floor(std::log10(want / 5)));
    double step = magnitude;
    for (double f : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        step = f * magnitude;
        if (want / step <= 5)
            break;
    }
    const int ticks = int(std::ceil(want / step));
    axis->setRange(0, ticks * step);
    axis->setTickCount(ticks + 1);
    axis->setLabelFormat(step >= 1 && std::floor(step) == step ? QStringLiteral("%.0f") : QStringLiteral("%.1f"));
    return axis;
}

// "2 Dec 14:05" under each snapshot, with the seconds for all when two share a minute (a category axis merges
// equal labels), and a number after any that still collide.
QStringList labels(const QList<QDateTime>& times)
{
    auto make = [&times](const QString& format) {
        QStringList out;
        for (const QDateTime& t : times) {
            QString text = QLocale().toString(t.toLocalTime(), format);
            const QString base = text;
            for (int n = 2; out.contains(text); ++n)
                text = QStringLiteral("%1 (%2)").arg(base).arg(n);
            out << text;
        }
        return out;
    };
    QStringList minutes = make(QStringLiteral("d MMM HH:mm"));
    if (minutes.filter(QStringLiteral(" (")).isEmpty())
        return minutes;
    return make(QStringLiteral("d MMM HH:mm:ss"));
}

} // namespace

GrowthChart::GrowthChart(Node* node, const QString& serverUuid, QWidget* parent)
    : QDialog(parent), m_node(node), m_serverUuid(serverUuid), m_model(new GrowthModel(this))
{
    setObjectName(QStringLiteral("growthChart"));
    const QString name = node->serverName(serverUuid);
    setWindowTitle(tr("Growth of %1").arg(name.isEmpty() ? serverUuid : name));
    auto* layout = new QVBoxLayout(this);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("growthSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    m_stack = new QStackedWidget(this);
    m_view = new QChartView(new QChart, m_stack);
    m_view->setObjectName(QStringLiteral("growthView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumSize(640, 360);
    m_stack->addWidget(m_view);
    m_message = new QLabel(m_stack);
    m_message->setObjectName(QStringLiteral("growthMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_stack->addWidget(m_message);
    layout->addWidget(m_stack, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* refresh = buttons->addButton(tr("Re&fresh"), QDialogButtonBox::ActionRole);
    connect(refresh, &QPushButton::clicked, this, &GrowthChart::reload);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(node, &Node::snapshotsChanged, this, &GrowthChart::reload);
    resize(820, 520);
    reload();
}

QChart* GrowthChart::chart() const
{
    return m_view->chart();
}

QString GrowthChart::page() const
{
    if (m_stack->currentWidget() == m_view)
        return QStringLiteral("chart");
    return m_message->property("page").toString();
}

QString GrowthChart::message() const
{
    return m_stack->currentWidget() == m_message ? m_message->text() : QString();
}

QString GrowthChart::toolTipFor(int row) const
{
    return m_model->describe(row);
}

void GrowthChart::showMessage(const QString& text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? Style::errorTextSheet() : Style::hintTextSheet());
    m_stack->setCurrentWidget(m_message);
}

void GrowthChart::reload()
{
    if (!m_node)
        return; // the node was removed
    const int generation = ++m_generation;
    if (m_model->rowCount() == 0) {
        m_message->setProperty("page", QStringLiteral("loading"));
        showMessage(Format::pending(), false);
    }
    auto* watcher = new QFutureWatcher<Growth>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // a newer question is out
        const Growth g = watcher->result();
        if (!g.ok) {
            qCWarning(lcUi).noquote() << "growth of" << m_serverUuid << ":" << g.error;
            m_message->setProperty("page", QStringLiteral("error"));
            showMessage(g.building ? tr("The node is still reading the repository. Try again in a moment.")
                                   : tr("The growth could not be read: %1").arg(g.error),
                        !g.building);
            m_summary->clear();
        } else {
            m_model->setPoints(g.points);
            rebuild();
        }
        Q_EMIT loaded();
    });
    watcher->setFuture(m_node->growth(m_serverUuid));
}

void GrowthChart::rebuild()
{
    QChart* chart = m_view->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes())
        chart->removeAxis(axis), delete axis;
    const int n = m_model->rowCount();
    if (n == 0) {
        m_message->setProperty("page", QStringLiteral("empty"));
        showMessage(tr("No snapshots yet\n\nThe chart shows each snapshot's size and what its backup added once "
                       "this server has been backed up."),
                    false);
        m_summary->clear();
        return;
    }

    const Unit sizeUnit = unitFor(m_model->maxSize());
    const Unit addedUnit = unitFor(m_model->maxAdded());
    auto* line = new QLineSeries;
    line->setName(tr("Snapshot size"));
    line->setPointsVisible(true);
    auto* added = new QBarSet(tr("Added by the backup"));
    QList<QDateTime> times;
    int unknown = 0;
    for (int row = 0; row < n; ++row) {
        const QModelIndex i = m_model->index(row, 0);
        const QVariant size = i.data(GrowthModel::SizeRole);
        if (size.isValid())
            line->append(row, double(size.toLongLong()) / sizeUnit.divisor);
        const QVariant a = i.data(GrowthModel::AddedRole);
        unknown += a.isValid() ? 0 : 1;
        *added << (a.isValid() ? double(a.toLongLong()) / addedUnit.divisor : 0.0);
        times << i.data(GrowthModel::TimeRole).toDateTime();
    }
    const QStringList categories = labels(times);

    auto* bars = new QBarSeries;
    bars->append(added);
    bars->setBarWidth(0.5);
    chart->addSeries(bars);
    chart->addSeries(line);

    auto* x = new QBarCategoryAxis;
    x->append(categories);
    x->setTitleText(tr("Snapshot"));
    chart->addAxis(x, Qt::AlignBottom);
    QValueAxis* ySize =
        sizeAxis(tr("Snapshot size (%1)").arg(sizeUnit.name), double(m_model->maxSize()) / sizeUnit.divisor, chart);
    QValueAxis* yAdded = sizeAxis(tr("Added to the repository (%1)").arg(addedUnit.name),
                                  double(m_model->maxAdded()) / addedUnit.divisor, chart);
    chart->addAxis(ySize, Qt::AlignLeft);
    chart->addAxis(yAdded, Qt::AlignRight);
    line->attachAxis(x);
    line->attachAxis(ySize);
    bars->attachAxis(x);
    bars->attachAxis(yAdded);
    // Two colours that cannot be taken for each other: the line (what the eye follows) strong, the bars soft.
    QPen pen(QColor(0x1f, 0x5f, 0xa8));
    pen.setWidthF(2.5);
    line->setPen(pen);
    line->setMarkerSize(5);
    added->setColor(QColor(0xf2, 0xb8, 0x6b));
    added->setBorderColor(QColor(0xc9, 0x86, 0x2e));
    if (n > 8)
        x->setLabelsAngle(-45);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));

    connect(line, &QLineSeries::hovered, this, [this](const QPointF& point, bool state) {
        if (state)
            QToolTip::showText(QCursor::pos(), toolTipFor(int(std::lround(point.x()))), m_view);
        else
            QToolTip::hideText();
    });
    connect(added, &QBarSet::hovered, this, [this](bool state, int row) {
        if (state)
            QToolTip::showText(QCursor::pos(), toolTipFor(row), m_view);
        else
            QToolTip::hideText();
    });

    const QModelIndex last = m_model->index(n - 1, 0);
    QString summary = (n == 1 ? tr("1 snapshot, %1 (%2).") : tr("%n snapshots; the newest is %1 (%2).", nullptr, n))
                          .arg(Format::size(last.data(GrowthModel::SizeRole).toLongLong()),
                               Format::relativeTime(last.data(GrowthModel::TimeRole).toDateTime()));
    if (unknown > 0)
        summary += QLatin1Char(' ') + (unknown == 1 ? tr("One snapshot was not made by a backup of this node: what it "
                                                         "added is unknown, so it has no bar.")
                                                    : tr("%n snapshots were not made by a backup of this node: what "
                                                         "they added is unknown, so they have no bar.",
                                                         nullptr, unknown));
    m_summary->setText(summary);
    m_stack->setCurrentWidget(m_view);
}
