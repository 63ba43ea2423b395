#include "RepositoryDialog.h"
#include "Format.h"
#include "Job.h"
#include "Node.h"
#include "Style.h"
#include "UiLogging.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {

template <typename T, typename F> void whenDone(QObject* context, QFuture<T> future, F done)
{
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(future);
}

QString yesNo(bool value)
{
    return value ? RepositoryDialog::tr("yes") : RepositoryDialog::tr("no");
}

QString lockLine(const RepositoryLock& l)
{
    return RepositoryDialog::tr("%1 on %2 (process %3, taken %4)")
        .arg(l.id.left(8), l.host)
        .arg(l.pid)
        .arg(Format::relativeTime(l.time));
}

} // namespace

RepositoryDialog::RepositoryDialog(const QList<Node*>& nodes, Node* current, QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("repositoryDialog"));
    setWindowTitle(tr("Repository"));
    for (Node* n : nodes)
        m_nodes << n;
    m_confirm = [this](const QString& text) {
        return QMessageBox::question(this, tr("Remove Stale Locks"), text, QMessageBox::Yes | QMessageBox::Cancel,
                                     QMessageBox::Cancel) == QMessageBox::Yes;
    };

    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    auto* nodeLabel = new QLabel(tr("&Node:"), this);
    m_nodeCombo = new QComboBox(this);
    m_nodeCombo->setObjectName(QStringLiteral("repositoryNodeCombo"));
    nodeLabel->setBuddy(m_nodeCombo);
    for (Node* n : nodes)
        m_nodeCombo->addItem(n->displayLabel(), n->key());
    top->addWidget(nodeLabel);
    top->addWidget(m_nodeCombo, 1);
    nodeLabel->setVisible(nodes.size() > 1);
    m_nodeCombo->setVisible(nodes.size() > 1);
    layout->addLayout(top);

    auto* figures = new QGroupBox(tr("Figures"), this);
    auto* form = new QFormLayout(figures);
    const QList<QPair<QString, QString>> rows{
        {QStringLiteral("repository"), tr("Repository:")},     {QStringLiteral("total_size"), tr("Restore size:")},
        {QStringLiteral("raw_size"), tr("Stored size:")},      {QStringLiteral("snapshot_count"), tr("Snapshots:")},
        {QStringLiteral("servers"), tr("Servers backed up:")}, {QStringLiteral("last_check"), tr("Last check:")},
    };
    for (const auto& [key, title] : rows) {
        auto* value = new QLabel(Format::pending(), figures);
        value->setObjectName(QStringLiteral("figure_") + key);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setWordWrap(true);
        m_figures.insert(key, value);
        if (key == QLatin1String("total_size") || key == QLatin1String("raw_size")) {
            // The two sizes side by side are easy to mix up: each says what it measures.
            auto* row = new QHBoxLayout;
            auto* hint = new QLabel(figures);
            hint->setStyleSheet(Style::hintTextSheet());
            row->addWidget(value);
            row->addWidget(hint, 1);
            m_hints.insert(key, hint);
            form->addRow(title, row);
        } else {
            form->addRow(title, value);
        }
    }
    m_figures.value(QStringLiteral("total_size"))
        ->setToolTip(tr("What restoring every snapshot would write: the sum of their sizes"));
    m_figures.value(QStringLiteral("raw_size"))
        ->setToolTip(tr("What the repository stores after deduplication and compression (restic's raw data)"));
    layout->addWidget(figures);

    auto* locksBox = new QGroupBox(tr("Locks"), this);
    auto* locksLayout = new QVBoxLayout(locksBox);
    m_locks = new QTableWidget(0, 7, locksBox);
    m_locks->setObjectName(QStringLiteral("lockTable"));
    m_locks->setHorizontalHeaderLabels(
        {tr("Lock"), tr("Host"), tr("Process"), tr("Taken"), tr("Exclusive"), tr("Stale"), tr("This node's")});
    m_locks->verticalHeader()->hide();
    m_locks->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_locks->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_locks->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_locks->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch); // the host: the longest
    m_locks->setMinimumHeight(90);
    locksLayout->addWidget(m_locks);
    m_locksNote = new QLabel(locksBox);
    m_locksNote->setObjectName(QStringLiteral("locksNote"));
    m_locksNote->setWordWrap(true);
    m_locksNote->setStyleSheet(Style::hintTextSheet());
    locksLayout->addWidget(m_locksNote);
    layout->addWidget(locksBox, 1);

    auto* maintenance = new QGroupBox(tr("Maintenance"), this);
    auto* mLayout = new QVBoxLayout(maintenance);
    auto* buttons = new QHBoxLayout;
    m_unlock = new QPushButton(tr("&Unlock…"), maintenance);
    m_unlock->setObjectName(QStringLiteral("unlockButton"));
    m_unlock->setToolTip(tr("Remove this node's stale locks (left by a restic that was killed)"));
    m_check = new QPushButton(tr("&Check…"), maintenance);
    m_check->setObjectName(QStringLiteral("checkButton"));
    m_check->setToolTip(tr("Verify the repository's structure and, if you choose, part of its data"));
    m_prune = new QPushButton(tr("&Prune"), maintenance);
    m_prune->setObjectName(QStringLiteral("pruneButton"));
    m_prune->setToolTip(tr("Free the space of deleted snapshots"));
    m_cancel = new QPushButton(tr("C&ancel Job"), maintenance);
    m_cancel->setObjectName(QStringLiteral("cancelJobButton"));
    buttons->addWidget(m_unlock);
    buttons->addWidget(m_check);
    buttons->addWidget(m_prune);
    buttons->addStretch(1);
    buttons->addWidget(m_cancel);
    mLayout->addLayout(buttons);
    m_progressLabel = new QLabel(maintenance);
    m_progressLabel->setObjectName(QStringLiteral("progressLabel"));
    m_progress = new QProgressBar(maintenance);
    m_progress->setObjectName(QStringLiteral("jobProgress"));
    m_progress->setTextVisible(false);
    mLayout->addWidget(m_progressLabel);
    mLayout->addWidget(m_progress);
    m_result = new QLabel(maintenance);
    m_result->setObjectName(QStringLiteral("resultLabel"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mLayout->addWidget(m_result);
    layout->addWidget(maintenance);

    auto* box = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_refresh = box->addButton(tr("Re&fresh"), QDialogButtonBox::ActionRole);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(box);

    connect(m_refresh, &QPushButton::clicked, this, &RepositoryDialog::reload);
    connect(m_unlock, &QPushButton::clicked, this, &RepositoryDialog::unlockAsked);
    connect(m_check, &QPushButton::clicked, this, &RepositoryDialog::askCheck);
    connect(m_prune, &QPushButton::clicked, this, &RepositoryDialog::startPrune);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_job)
            m_job->cancel();
    });
    connect(m_nodeCombo, &QComboBox::currentIndexChanged, this, [this](int row) {
        if (row >= 0 && row < m_nodes.size())
            setNode(m_nodes.at(row));
    });

    resize(760, 600);
    updateProgress();
    setNode(current ? current : nodes.value(0));
}

void RepositoryDialog::setNode(Node* node)
{
    if (node == m_node && node)
        return;
    if (m_node)
        disconnect(m_node, nullptr, this, nullptr);
    m_node = node;
    m_job = nullptr;
    m_result->clear();
    const int row = node ? m_nodeCombo->findData(node->key()) : -1;
    if (row >= 0 && row != m_nodeCombo->currentIndex()) {
        QSignalBlocker block(m_nodeCombo);
        m_nodeCombo->setCurrentIndex(row);
    }
    if (node) {
        setWindowTitle(tr("Repository of %1").arg(node->displayLabel()));
        connect(node, &Node::snapshotsChanged, this, &RepositoryDialog::reload);
        // A check or prune already running there (a schedule, another console) is followed too.
        for (Job* job : node->jobs()) {
            if (!job->isFinished() && (job->kind() == Job::Kind::Check || job->kind() == Job::Kind::Prune))
                follow(job);
        }
    }
    updateProgress();
    reload();
}

QString RepositoryDialog::figure(const QString& key) const
{
    const QLabel* label = m_figures.value(key);
    return label ? label->text() : QString();
}

QString RepositoryDialog::resultText() const
{
    return m_result->text();
}

QString RepositoryDialog::progressText() const
{
    return m_progressLabel->text();
}

void RepositoryDialog::reload()
{
    if (!m_node)
        return;
    const int generation = ++m_generation;
    m_refresh->setEnabled(false);
    whenDone(this, m_node->repositoryState(), [this, generation](const RepositoryState& s) {
        if (generation != m_generation)
            return;
        m_refresh->setEnabled(true);
        display(s);
        Q_EMIT loaded();
    });
}

void RepositoryDialog::display(const RepositoryState& s)
{
    m_state = s;
    if (!s.ok) {
        const QString why = s.building ? tr("The node is still reading the repository. Try again in a moment.")
                                       : tr("Could not be read: %1").arg(s.error);
        for (QLabel* l : std::as_const(m_figures))
            l->setText(Format::pending());
        m_figures.value(QStringLiteral("repository"))->setText(why);
        showLocks({}, s.error);
        updateButtons();
        return;
    }
    m_figures.value(QStringLiteral("repository"))->setText(s.repository);
    m_figures.value(QStringLiteral("total_size"))->setText(Format::size(s.totalSize));
    m_figures.value(QStringLiteral("raw_size"))->setText(s.rawSize ? Format::size(*s.rawSize) : tr("not measured yet"));
    m_figures.value(QStringLiteral("snapshot_count"))->setText(QLocale().toString(s.snapshotCount));
    m_figures.value(QStringLiteral("servers"))->setText(QLocale().toString(s.servers));
    QLabel* check = m_figures.value(QStringLiteral("last_check"));
    if (!s.lastCheck.isValid()) {
        check->setText(tr("never checked from this node"));
        check->setStyleSheet(Style::hintTextSheet());
    } else {
        check->setText(
            s.lastCheck.successful
                ? tr("passed %1 (%2)").arg(Format::relativeTime(s.lastCheck.time), Format::localTime(s.lastCheck.time))
                : tr("FAILED %1 (%2)")
                      .arg(Format::relativeTime(s.lastCheck.time), Format::localTime(s.lastCheck.time)));
        check->setStyleSheet(
            QStringLiteral("color: %1;").arg(s.lastCheck.successful ? Style::okColor() : Style::errorColor()));
    }
    showLocks(s.locks, s.locksError);
    updateButtons();
}

void RepositoryDialog::showLocks(const QList<RepositoryLock>& locks, const QString& error)
{
    m_locks->setRowCount(int(locks.size()));
    int stale = 0;
    int ownStale = 0;
    for (int row = 0; row < locks.size(); ++row) {
        const RepositoryLock& l = locks.at(row);
        stale += l.stale ? 1 : 0;
        ownStale += l.stale && l.own ? 1 : 0;
        const QStringList cells{
            l.id.left(8),   l.host,      QString::number(l.pid), Format::relativeTime(l.time), yesNo(l.exclusive),
            yesNo(l.stale), yesNo(l.own)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            item->setToolTip(c == 0 ? l.id : c == 3 ? Format::localTime(l.time) : QString());
            if (l.stale)
                item->setForeground(QColor(Style::cautionColor()));
            m_locks->setItem(row, c, item);
        }
    }
    if (!error.isEmpty())
        m_locksNote->setText(tr("The locks could not be listed: %1").arg(error));
    else if (locks.isEmpty())
        m_locksNote->setText(tr("No locks: nothing is using the repository now."));
    else if (stale == 0)
        m_locksNote->setText(tr("Every lock is live: a backup, restore or maintenance is running."));
    else if (ownStale == stale)
        m_locksNote->setText(stale == 1 ? tr("A stale lock of this node, left by a restic that did not end cleanly: "
                                             "Unlock removes it.")
                                        : tr("%n stale locks of this node, left by restic processes that did not end "
                                             "cleanly: Unlock removes them.",
                                             nullptr, stale));
    else
        m_locksNote->setText(tr("Stale locks of other hosts: %n. Only those hosts (or restic unlock, run by a "
                                "person who knows they are dead) should remove them.",
                                nullptr, stale - ownStale));
}

void RepositoryDialog::updateButtons()
{
    const bool connected = m_node && m_node->state() == Node::State::Connected;
    const bool running = m_job && !m_job->isFinished();
    int ownStale = 0;
    for (const RepositoryLock& l : std::as_const(m_state.locks))
        ownStale += l.stale && l.own ? 1 : 0;
    m_unlock->setEnabled(connected && !m_busy && ownStale > 0);
    m_check->setEnabled(connected && !m_busy && !running);
    m_prune->setEnabled(connected && !m_busy && !running);
    m_cancel->setVisible(running);
}

void RepositoryDialog::setResult(const QString& text, const QString& colour)
{
    m_result->setText(text);
    m_result->setStyleSheet(colour.isEmpty() ? QString() : QStringLiteral("color: %1;").arg(colour));
}

void RepositoryDialog::unlockAsked()
{
    if (!m_node || m_busy)
        return;
    QStringList going;
    int kept = 0;
    for (const RepositoryLock& l : std::as_const(m_state.locks)) {
        if (l.stale && l.own)
            going << QStringLiteral("• ") + lockLine(l);
        else
            ++kept;
    }
    if (going.isEmpty()) {
        setResult(tr("This node has no stale locks to remove."), QString());
        return;
    }
    QString text = tr("These stale locks of this node (%1) will be removed:\n\n%2")
                       .arg(m_node->displayLabel(), going.join(QLatin1Char('\n')));
    text += QStringLiteral("\n\n") + (kept == 1  ? tr("1 other lock is kept: live locks and the locks of other hosts "
                                                       "are never removed.")
                                      : kept > 1 ? tr("%n other locks are kept: live locks and the locks of other "
                                                      "hosts are never removed.",
                                                      nullptr, kept)
                                                 : tr("Live locks and the locks of other hosts are never removed."));
    m_lastConfirmation = text;
    if (!m_confirm(text))
        return;
    m_busy = true;
    updateButtons();
    setResult(tr("Removing stale locks…"), QString());
    whenDone(this, m_node->unlock(), [this](const UnlockResult& r) {
        m_busy = false;
        switch (r.status) {
        case UnlockResult::Status::Ok:
            setResult(r.removed.isEmpty()     ? tr("No lock was removed: they were no longer stale or already gone.")
                      : r.removed.size() == 1 ? tr("Removed 1 stale lock.")
                                              : tr("Removed %n stale locks.", nullptr, int(r.removed.size())),
                      Style::okColor());
            break;
        case UnlockResult::Status::Refused:
        case UnlockResult::Status::Failed:
            setResult(tr("Nothing was removed: %1").arg(r.error), Style::errorColor());
            break;
        }
        Q_EMIT unlocked(r);
        reload();
    });
}

void RepositoryDialog::askCheck()
{
    bool ok = false;
    const QString subset = QInputDialog::getText(
        this, tr("Check the Repository"),
        tr("Read part of the data as well? Leave empty to check the structure only, or enter restic's "
           "read-data subset: a percentage (5%), a part (1/10) or a size (500M)."),
        QLineEdit::Normal, QString(), &ok);
    if (ok)
        startCheck(subset.trimmed());
}

void RepositoryDialog::startCheck(const QString& subset)
{
    if (!m_node || m_busy)
        return;
    m_busy = true;
    updateButtons();
    whenDone(this, m_node->startCheck(subset), [this](const BackupService::Started& s) {
        m_busy = false;
        if (!s.ok()) {
            setResult(tr("The check did not start: %1").arg(s.message), Style::errorColor());
            updateButtons();
            return;
        }
        setResult(QString(), QString());
        follow(s.job);
    });
}

void RepositoryDialog::startPrune()
{
    if (!m_node || m_busy)
        return;
    m_busy = true;
    updateButtons();
    whenDone(this, m_node->startPrune(), [this](const BackupService::Started& s) {
        m_busy = false;
        if (!s.ok()) {
            setResult(tr("The prune did not start: %1").arg(s.message), Style::errorColor());
            updateButtons();
            return;
        }
        setResult(QString(), QString());
        follow(s.job);
    });
}

void RepositoryDialog::follow(Job* job)
{
    if (!job)
        return;
    if (m_job)
        disconnect(m_job, nullptr, this, nullptr);
    m_job = job;
    connect(job, &Job::progressChanged, this, &RepositoryDialog::updateProgress);
    connect(job, &Job::stateChanged, this, &RepositoryDialog::updateProgress);
    connect(job, &Job::finished, this, &RepositoryDialog::onJobFinished);
    updateProgress();
    if (job->isFinished()) // it ended before we looked (a mirror that the list already had as done)
        onJobFinished(job);
}

void RepositoryDialog::updateProgress()
{
    const Job* job = m_job;
    const bool running = job && !job->isFinished();
    m_progress->setVisible(running);
    m_progressLabel->setVisible(running);
    if (running) {
        const QString what =
            job->kind() == Job::Kind::Check ? tr("Checking the repository") : tr("Pruning the repository");
        const double p = job->progress().percentDone;
        if (job->state() == Job::State::Queued) {
            m_progressLabel->setText(tr("%1: waiting for the repository's lock…").arg(what));
            m_progress->setRange(0, 0);
        } else if (p >= 0) {
            m_progressLabel->setText(tr("%1: %2%").arg(what).arg(int(p * 100)));
            m_progress->setRange(0, 100);
            m_progress->setValue(int(p * 100));
        } else {
            m_progressLabel->setText(tr("%1…").arg(what));
            m_progress->setRange(0, 0); // restic does not say how far it is
        }
    }
    updateButtons();
}

void RepositoryDialog::onJobFinished(Job* job)
{
    if (job != m_job)
        return;
    const bool check = job->kind() == Job::Kind::Check;
    const JobOutcome outcome = job->outcome();
    switch (job->state()) {
    case Job::State::Succeeded:
        setResult(check ? tr("Check passed: restic found no errors.") : tr("Prune finished."), Style::okColor());
        break;
    case Job::State::Cancelled:
        setResult(check ? tr("The check was cancelled.") : tr("The prune was cancelled."), Style::cautionColor());
        break;
    default: {
        QStringList lines = outcome.findings;
        if (lines.isEmpty() && !outcome.error.isEmpty())
            lines << outcome.error;
        const int shown = 8;
        QString more;
        if (lines.size() > shown) {
            more = QLatin1Char('\n') + tr("… and %n more", nullptr, int(lines.size() - shown));
            lines = lines.mid(0, shown);
        }
        setResult((check ? tr("Check failed:") : tr("Prune failed:")) + QLatin1Char('\n') +
                      lines.join(QLatin1Char('\n')) + more,
                  Style::errorColor());
        break;
    }
    }
    updateProgress();
    Q_EMIT jobEnded(job);
    reload();
}
