#include "CompareDialog.h"
#include "FileDiffModel.h"
#include "Format.h"
#include "Icons.h"
#include "Style.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace {
QIcon kindIcon(FileDiffModel::Kind kind)
{
    switch (kind) {
    case FileDiffModel::Kind::Added:
        return Icons::icon(Icons::Glyph::Added);
    case FileDiffModel::Kind::Removed:
        return Icons::icon(Icons::Glyph::Removed);
    case FileDiffModel::Kind::Changed:
        break;
    }
    return Icons::icon(Icons::Glyph::Changed);
}

QString describe(const Snapshot& s)
{
    return CompareDialog::tr("%1 · %2").arg(Format::localTime(s.time), s.shortId);
}
} // namespace

CompareDialog::CompareDialog(Node* node, const Snapshot& base, const QList<Snapshot>& snapshots, QWidget* parent)
    : QDialog(parent), m_node(node), m_base(base), m_model(new FileDiffModel(this))
{
    setWindowTitle(tr("Compare Snapshots of Server %1").arg(base.serverUuid));
    setWindowIcon(Icons::icon(Icons::Glyph::Compare));
    setSizeGripEnabled(true);
    m_model->setIconFor(kindIcon);
    for (const Snapshot& s : snapshots) {
        if (s.id != base.id && s.serverUuid == base.serverUuid)
            m_choices << s;
    }
    std::sort(m_choices.begin(), m_choices.end(), [](const Snapshot& a, const Snapshot& b) { return a.time > b.time; });

    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout();
    auto* baseLabel = new QLabel(describe(base), this);
    baseLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Snapshot:"), baseLabel);
    m_combo = new QComboBox(this);
    m_combo->setObjectName(QStringLiteral("compareCombo"));
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (const Snapshot& s : std::as_const(m_choices)) {
        m_combo->addItem(s.time < base.time ? tr("%1 (older)").arg(describe(s)) : tr("%1 (newer)").arg(describe(s)),
                         s.id);
    }
    auto* withLabel = new QLabel(tr("Compare &with:"), this);
    withLabel->setBuddy(m_combo);
    form->addRow(withLabel, m_combo);
    layout->addLayout(form);
    m_direction = new QLabel(this);
    m_direction->setObjectName(QStringLiteral("compareDirection"));
    m_direction->setWordWrap(true);
    layout->addWidget(m_direction);

    // One switch per kind, carrying its count: the filter and the summary in one place.
    auto* filters = new QHBoxLayout();
    m_added = new QCheckBox(this);
    m_removed = new QCheckBox(this);
    m_changed = new QCheckBox(this);
    const QList<std::pair<QCheckBox*, FileDiffModel::Kind>> kinds{{m_added, FileDiffModel::Kind::Added},
                                                                  {m_removed, FileDiffModel::Kind::Removed},
                                                                  {m_changed, FileDiffModel::Kind::Changed}};
    for (const auto& [box, kind] : kinds) {
        box->setChecked(true);
        box->setIcon(kindIcon(kind));
        connect(box, &QCheckBox::toggled, this, [this, kind = kind](bool on) { m_model->setKindShown(kind, on); });
        filters->addWidget(box);
    }
    m_added->setObjectName(QStringLiteral("showAdded"));
    m_removed->setObjectName(QStringLiteral("showRemoved"));
    m_changed->setObjectName(QStringLiteral("showChanged"));
    filters->addSpacing(12);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("compareFilter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(tr("Filter by path"));
    m_filter->addAction(Icons::icon(Icons::Glyph::Search), QLineEdit::LeadingPosition);
    connect(m_filter, &QLineEdit::textChanged, m_model, &FileDiffModel::setFilterText);
    filters->addWidget(m_filter, 1);
    layout->addLayout(filters);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("compareView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->setShowGrid(false);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->setWordWrap(false);
    QHeaderView* header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(FileDiffModel::PathColumn, QHeaderView::Stretch);
    header->resizeSection(FileDiffModel::ChangeColumn, 110);
    header->resizeSection(FileDiffModel::TypeColumn, 120);
    header->resizeSection(FileDiffModel::SizeBeforeColumn, 95);
    header->resizeSection(FileDiffModel::SizeAfterColumn, 95);
    layout->addWidget(m_view, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("compareStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_combo, &QComboBox::activated, this, [this](int row) {
        if (row >= 0 && row < m_choices.size())
            compareWith(m_choices.at(row));
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &CompareDialog::updateCounts);
    if (node)
        connect(node, &QObject::destroyed, this, &QWidget::close);
    resize(860, 560);
    updateCounts();
    // The next older snapshot first: "what changed since the one before".
    const auto older =
        std::find_if(m_choices.cbegin(), m_choices.cend(), [&](const Snapshot& s) { return s.time <= base.time; });
    if (!m_choices.isEmpty())
        compareWith(older != m_choices.cend() ? *older : m_choices.last());
    else
        m_status->setText(tr("Server %1 has no other snapshot to compare with.").arg(base.serverUuid));
}

void CompareDialog::compareWith(const Snapshot& other)
{
    if (!m_node)
        return;
    m_combo->setCurrentIndex(m_combo->findData(other.id));
    const bool baseIsNewer = other.time <= m_base.time;
    const Snapshot before = baseIsNewer ? other : m_base;
    const Snapshot after = baseIsNewer ? m_base : other;
    m_direction->setText(tr("From %1 to %2: what the newer snapshot added, removed and changed.")
                             .arg(describe(before), describe(after)));
    m_model->clear();
    m_busy = true;
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Comparing…"));
    const int generation = ++m_generation;
    auto* watcher = new QFutureWatcher<BackupService::FileDiff>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        BackupService::FileDiff diff;
        if (watcher->isCanceled())
            diff.error = tr("The repository was closed.");
        else
            diff = watcher->result();
        onDiff(diff);
    });
    watcher->setFuture(m_node->diffSnapshots(before, after));
}

void CompareDialog::onDiff(const BackupService::FileDiff& diff)
{
    m_busy = false;
    if (diff.status != BackupService::FileDiff::Status::Ok) {
        m_status->setStyleSheet(Style::errorTextSheet());
        m_status->setText(diff.status == BackupService::FileDiff::Status::Indexing
                              ? tr("The file lists of these snapshots are still being built; choose the snapshot "
                                   "again in a few seconds.")
                              : tr("Cannot compare: %1").arg(diff.error));
        Q_EMIT compared(false);
        return;
    }
    m_note = diff.truncated ? tr("Only the first changes are listed: there are more.") : QString();
    m_model->setChanges(diff.added, diff.removed, diff.changed);
    Q_EMIT compared(true);
}

void CompareDialog::updateCounts()
{
    // What the list shows against what there is, so that a filter never passes for "nothing changed".
    if (!m_busy && m_status->styleSheet().isEmpty()) {
        const int shown = m_model->rowCount();
        const int total = m_model->totalCount();
        QString text = total == 0      ? tr("The two snapshots hold the same files.")
                       : shown == 0    ? tr("No change matches the filter (%1 in all).").arg(total)
                       : shown < total ? tr("Showing %1 of %2 changes.").arg(shown).arg(total)
                                       : QString();
        if (!m_note.isEmpty())
            text = text.isEmpty() ? m_note : m_note + QLatin1Char(' ') + text;
        m_status->setText(text);
    }
    m_added->setText(tr("Added (%1)").arg(m_model->count(FileDiffModel::Kind::Added)));
    m_removed->setText(tr("Removed (%1)").arg(m_model->count(FileDiffModel::Kind::Removed)));
    m_changed->setText(tr("Changed (%1)").arg(m_model->count(FileDiffModel::Kind::Changed)));
}
