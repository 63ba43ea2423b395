#include "JobListModel.h"
#include "Format.h"
#include "JobManager.h"
#include "Node.h"

#include <QLocale>

#include <algorithm>

JobListModel::JobListModel(QObject* parent) : QAbstractTableModel(parent) {}

void JobListModel::setJobManager(JobManager* manager)
{
    beginResetModel();
    if (m_manager)
        disconnect(m_manager, nullptr, this, nullptr);
    for (Job* job : std::as_const(m_jobs))
        disconnect(job, nullptr, this, nullptr);
    m_jobs.clear();
    m_manager = manager;
    if (manager) {
        const QList<Job*> jobs = manager->jobs();
        for (auto it = jobs.crbegin(); it != jobs.crend(); ++it) {
            m_jobs << *it;
            connect(*it, &Job::stateChanged, this, &JobListModel::jobChanged);
            connect(*it, &Job::progressChanged, this, &JobListModel::jobChanged);
            connect(*it, &QObject::destroyed, this, &JobListModel::removeJob);
        }
        connect(manager, &JobManager::jobAdded, this, &JobListModel::addJob);
    }
    endResetModel();
}

void JobListModel::addNode(Node* node)
{
    if (!node || m_nodes.contains(node))
        return;
    m_nodes << node;
    const QList<Job*> jobs = node->jobs();
    for (Job* job : jobs) {
        m_nodeOf.insert(job, node);
        addJob(job);
    }
    connect(node, &Node::jobAdded, this, [this, node](Job* job) {
        m_nodeOf.insert(job, node);
        addJob(job);
    });
    connect(node, &Node::serversChanged, this, [this] {
        if (!m_jobs.isEmpty())
            Q_EMIT dataChanged(index(0, ServerColumn), index(int(m_jobs.size()) - 1, ServerColumn));
    });
    connect(node, &QObject::destroyed, this, [this, node] { removeNode(node); });
}

void JobListModel::removeNode(Node* node)
{
    if (!m_nodes.removeOne(node))
        return;
    disconnect(node, nullptr, this, nullptr);
    for (int row = int(m_jobs.size()) - 1; row >= 0; --row) {
        if (m_nodeOf.value(m_jobs.at(row)) != node)
            continue;
        disconnect(m_jobs.at(row), nullptr, this, nullptr);
        m_nodeOf.remove(m_jobs.at(row));
        beginRemoveRows({}, row, row);
        m_jobs.removeAt(row);
        endRemoveRows();
    }
}

QString JobListModel::serverText(const Job* job, const QString& uuid, bool withNode) const
{
    const Node* node = m_nodeOf.value(job);
    const QString name = node ? node->serverName(uuid) : QString();
    const QString server = name.isEmpty() ? uuid.left(8) : name;
    // With more than one node, which one runs it.
    return withNode && node && m_nodes.size() > 1 ? tr("%1 on %2").arg(server, node->displayLabel()) : server;
}

Job* JobListModel::jobAt(int row) const
{
    return row >= 0 && row < m_jobs.size() ? m_jobs.at(row) : nullptr;
}

int JobListModel::rowOf(const Job* job) const
{
    return int(m_jobs.indexOf(const_cast<Job*>(job)));
}

void JobListModel::addJob(Job* job)
{
    beginInsertRows({}, 0, 0);
    m_jobs.prepend(job);
    endInsertRows();
    connect(job, &Job::stateChanged, this, &JobListModel::jobChanged);
    connect(job, &Job::progressChanged, this, &JobListModel::jobChanged);
    connect(job, &QObject::destroyed, this, &JobListModel::removeJob);
}

void JobListModel::removeJob(QObject* object)
{
    // Only the pointer value is compared: the Job part of the object is already gone.
    const int row = int(m_jobs.indexOf(static_cast<Job*>(object)));
    m_nodeOf.remove(static_cast<Job*>(object));
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_jobs.removeAt(row);
    endRemoveRows();
}

void JobListModel::jobChanged(Job* job)
{
    const int row = rowOf(job);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

bool JobListModel::hasEstimate() const
{
    return std::any_of(m_jobs.cbegin(), m_jobs.cend(), [](const Job* job) {
        return job->state() == Job::State::Running && job->progress().secondsRemaining >= 0;
    });
}

int JobListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_jobs.size());
}

int JobListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString JobListModel::stateText(Job::State state)
{
    switch (state) {
    case Job::State::Queued:
        return tr("Queued");
    case Job::State::Running:
        return tr("Running");
    case Job::State::Succeeded:
        return tr("Done");
    case Job::State::Failed:
        return tr("Failed");
    case Job::State::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

namespace {
int percentOf(const Job* job)
{
    if (job->state() == Job::State::Succeeded)
        return 100;
    const double p = job->progress().percentDone;
    return p < 0 ? -1 : qBound(0, int(p * 100 + 0.5), 100);
}
} // namespace

QVariant JobListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Job* job = m_jobs.at(index.row());
    const JobProgress p = job->progress();
    switch (role) {
    case JobRole:
        return QVariant::fromValue(static_cast<QObject*>(const_cast<Job*>(job)));
    case PercentRole:
        return percentOf(job);
    case StateRole:
        return int(job->state());
    case IsFinishedRole:
        return job->isFinished();
    default:
        break;
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case KindColumn:
            return Job::kindName(job->kind());
        case ServerColumn:
            if (job->kind() == Job::Kind::Prune || job->kind() == Job::Kind::Check)
                return tr("Repository");
            if (job->kind() == Job::Kind::Restore && !job->sourceServerUuid().isEmpty() &&
                job->sourceServerUuid() != job->serverUuid())
                return tr("%1 → %2").arg(serverText(job, job->sourceServerUuid(), false),
                                         serverText(job, job->serverUuid()));
            return serverText(job, job->serverUuid());
        case StateColumn:
            return stateText(job->state());
        case ProgressColumn: {
            const int pc = percentOf(job);
            return pc < 0 ? QString() : tr("%1%").arg(pc);
        }
        case TransferredColumn:
            // Progress lines stop before the end: a finished job shows its result, not the last line seen.
            if (job->state() == Job::State::Succeeded && job->outcome().snapshotSize > 0)
                return Format::size(job->outcome().snapshotSize);
            return job->isFinished() ? QString() : Format::transferred(p);
        case EtaColumn:
            return job->state() == Job::State::Running ? Format::duration(p.secondsRemaining) : QString();
        case MessageColumn:
            if (job->state() == Job::State::Failed || job->state() == Job::State::Cancelled)
                return job->outcome().error;
            if (job->state() != Job::State::Succeeded)
                return {};
            // What a finished job did, for each kind (a restore's row said nothing).
            if (job->kind() == Job::Kind::Backup && !job->outcome().snapshotId.isEmpty())
                return tr("Snapshot %1").arg(job->outcome().snapshotId.left(8));
            if (job->kind() == Job::Kind::Restore && !job->outcome().snapshotId.isEmpty())
                return tr("Restored snapshot %1").arg(job->outcome().snapshotId.left(8));
            if (job->kind() == Job::Kind::Delete && !job->backupUuid().isEmpty())
                return tr("Deleted backup %1").arg(job->backupUuid().left(8));
            return {};
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == ServerColumn) {
            if (job->kind() == Job::Kind::Restore && !job->sourceServerUuid().isEmpty() &&
                job->sourceServerUuid() != job->serverUuid())
                return tr("Cross-server restore from %1 into %2").arg(job->sourceServerUuid(), job->serverUuid());
            return job->serverUuid();
        }
        if (index.column() == MessageColumn)
            return data(index, Qt::DisplayRole);
        if (index.column() == KindColumn && !job->backupUuid().isEmpty())
            return tr("Backup %1").arg(job->backupUuid());
    }
    return {};
}

QVariant JobListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KindColumn:
        return tr("Job");
    case ServerColumn:
        return tr("Server");
    case StateColumn:
        return tr("State");
    case ProgressColumn:
        return tr("Progress");
    case TransferredColumn:
        return tr("Transferred");
    case EtaColumn:
        return tr("Time left");
    case MessageColumn:
        return tr("Result");
    default:
        return {};
    }
}
