#include "JobsPanel.h"
#include "Icons.h"
#include "Job.h"
#include "JobListModel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QMenu>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace {

// Paints the progress column as a real progress bar.
class ProgressDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem base = option;
        initStyleOption(&base, index);
        base.text.clear();
        QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &base, painter, base.widget);

        const int percent = index.data(JobListModel::PercentRole).toInt();
        const auto state = Job::State(index.data(JobListModel::StateRole).toInt());
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(3, 3, -3, -3);
        bar.minimum = 0;
        bar.maximum = 100;
        bar.progress = percent < 0 ? 0 : percent;
        bar.textVisible = percent >= 0;
        bar.text = percent >= 0 ? JobListModel::tr("%1%").arg(percent) : QString();
        bar.state = option.state | QStyle::State_Horizontal;
        bar.palette = option.palette;
        if (state == Job::State::Failed || state == Job::State::Cancelled) {
            bar.progress = 0;
            bar.textVisible = true;
            bar.text = JobListModel::stateText(state);
        } else if (state == Job::State::Running && percent < 0) {
            bar.maximum = 0; // busy, restic has not said how far it is
        }
        QApplication::style()->drawControl(QStyle::CE_ProgressBar, &bar, painter, option.widget);
    }
};

} // namespace

JobsPanel::JobsPanel(QWidget* parent) : QWidget(parent), m_model(new JobListModel(this)), m_view(new QTableView(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* bar = new QToolBar(this);
    bar->setIconSize(QSize(16, 16));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_cancel = bar->addAction(Icons::icon(Icons::Glyph::Cancel), tr("Cancel Job"), this, &JobsPanel::cancelSelected);
    m_cancel->setObjectName(QStringLiteral("cancelJobAction"));
    m_copyError = bar->addAction(Icons::icon(Icons::Glyph::Copy), tr("Copy Message"), this, [this] {
        const QModelIndex current = m_view->currentIndex();
        if (current.isValid())
            QGuiApplication::clipboard()->setText(
                current.siblingAtColumn(JobListModel::MessageColumn).data().toString());
    });
    layout->addWidget(bar);

    m_view->setObjectName(QStringLiteral("jobsView"));
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(JobListModel::ProgressColumn, new ProgressDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    m_view->horizontalHeader()->setStretchLastSection(true);

    m_view->horizontalHeader()->resizeSection(JobListModel::ProgressColumn, 160);
    m_view->horizontalHeader()->resizeSection(JobListModel::TransferredColumn, 220);
    m_view->horizontalHeader()->resizeSection(JobListModel::ServerColumn, 150);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->addAction(m_cancel);
    m_view->addAction(m_copyError);
    layout->addWidget(m_view);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &JobsPanel::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &JobsPanel::updateActions);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &JobsPanel::updateActions);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &JobsPanel::updateColumns);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &JobsPanel::updateColumns);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &JobsPanel::updateColumns);
    connect(m_model, &QAbstractItemModel::modelReset, this, &JobsPanel::updateColumns);
    updateActions();
    updateColumns();
}

void JobsPanel::setJobManager(JobManager* manager)
{
    m_model->setJobManager(manager);
    updateActions();
}

void JobsPanel::addNode(Node* node)
{
    m_model->addNode(node);
    updateActions();
}

void JobsPanel::removeNode(Node* node)
{
    m_model->removeNode(node);
    updateActions();
}

void JobsPanel::updateActions()
{
    const Job* job = m_model->jobAt(m_view->currentIndex().row());
    m_cancel->setEnabled(job && !job->isFinished());
    m_copyError->setEnabled(job && !job->outcome().error.isEmpty());
}

void JobsPanel::updateColumns()
{
    // restic estimates only long jobs, and only once it has counted the files: an always empty column is noise.
    m_view->setColumnHidden(JobListModel::EtaColumn, !m_model->hasEstimate());
    // Words of any language fit ("Wiederherstellung" was cut off at a fixed width), never narrower than before.
    for (const int column : {int(JobListModel::KindColumn), int(JobListModel::StateColumn)}) {
        int wanted = 100;
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const QString text = m_model->index(row, column).data().toString();
            wanted = qMax(wanted, m_view->fontMetrics().horizontalAdvance(text) + 16);
        }
        if (m_view->columnWidth(column) < wanted)
            m_view->setColumnWidth(column, wanted);
    }
}

void JobsPanel::cancelSelected()
{
    if (Job* job = m_model->jobAt(m_view->currentIndex().row()))
        job->cancel();
}
