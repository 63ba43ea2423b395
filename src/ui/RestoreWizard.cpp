#include "RestoreWizard.h"
#include "BackupService.h"
#include "Callout.h"
#include "Format.h"
#include "Icons.h"
#include "Job.h"
#include "LocalNode.h"
#include "SnapshotFilterProxy.h"
#include "SnapshotTableModel.h"
#include "UiLogging.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace {

QLabel* wrapLabel(QWidget* parent, const QString& text = {})
{
    auto* l = new QLabel(text, parent);
    l->setWordWrap(true);
    return l;
}

// Bold coloured words inside rich text.
QString emphasis(const QString& color, const QString& text)
{
    return QStringLiteral("<span style='color:%1'><b>%2</b></span>").arg(color, text.toHtmlEscaped());
}

// The target combo's item role holding the node key of a server (Node::key()).
constexpr int kNodeKeyRole = Qt::UserRole + 7;

// A folder as people type it ("restored/", " /restored ") as the path the core wants ("/restored").
QString normalisedFolder(const QString& typed)
{
    QString d = typed.trimmed();
    if (d.isEmpty())
        return d;
    if (!d.startsWith(QLatin1Char('/')))
        d.prepend(QLatin1Char('/'));
    while (d.size() > 1 && d.endsWith(QLatin1Char('/')))
        d.chop(1);
    return d;
}

// "/world, /server.properties and 3 more".
QString pathList(const QStringList& paths)
{
    constexpr int kShown = 3;
    const QString shown = paths.mid(0, kShown).join(QStringLiteral(", "));
    return paths.size() <= kShown ? shown
                                  : RestoreWizard::tr("%1 and %n more", nullptr, int(paths.size() - kShown)).arg(shown);
}

QString statsText(const SnapshotTableModel* model, const Snapshot& s, int column)
{
    const int row = model->rowOf(s.id);
    return row < 0 ? Format::pending() : model->index(row, column).data().toString();
}

// ---- 1. snapshot ----------------------------------------------------------------------------------------

class SnapshotPage : public QWizardPage
{
public:
    explicit SnapshotPage(RestoreWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
    {
        setTitle(RestoreWizard::tr("Choose a snapshot"));
        setSubTitle(RestoreWizard::tr("The snapshot whose files you want back."));
        auto* layout = new QVBoxLayout(this);
        auto* search = new QLineEdit(this);
        search->setObjectName(QStringLiteral("snapshotSearch"));
        search->setPlaceholderText(RestoreWizard::tr("Filter by backup UUID, snapshot id or server"));
        search->setClearButtonEnabled(true);
        search->addAction(Icons::icon(Icons::Glyph::Search), QLineEdit::LeadingPosition);
        connect(search, &QLineEdit::textChanged, wizard->proxy(), &SnapshotFilterProxy::setSearchText);
        layout->addWidget(search);

        m_view = new QTableView(this);
        m_view->setObjectName(QStringLiteral("snapshotView"));
        m_view->setModel(wizard->proxy());
        m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
        m_view->setSelectionMode(QAbstractItemView::SingleSelection);
        m_view->setSortingEnabled(true);
        m_view->sortByColumn(SnapshotTableModel::TimeColumn, Qt::DescendingOrder);
        m_view->verticalHeader()->hide();
        m_view->setAlternatingRowColors(true);
        m_view->setTabKeyNavigation(false); // Tab leaves the table, so the wizard buttons stay reachable
        m_view->setTextElideMode(Qt::ElideMiddle);
        m_view->setColumnHidden(SnapshotTableModel::HostColumn, true);
        m_view->setColumnHidden(SnapshotTableModel::BackupUuidColumn, true);
        m_view->horizontalHeader()->setSectionResizeMode(SnapshotTableModel::ServerColumn, QHeaderView::Stretch);
        m_view->horizontalHeader()->setSectionResizeMode(SnapshotTableModel::TimeColumn, QHeaderView::ResizeToContents);
        layout->addWidget(m_view, 1);

        m_status = wrapLabel(this);
        layout->addWidget(m_status);

        auto* details = new QFormLayout();
        m_server = new QLabel(this);
        m_backup = new QLabel(this);
        m_time = new QLabel(this);
        m_size = new QLabel(this);
        for (QLabel* l : {m_server, m_backup, m_time, m_size})
            l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        details->addRow(RestoreWizard::tr("Server:"), m_server);
        details->addRow(RestoreWizard::tr("Backup:"), m_backup);
        details->addRow(RestoreWizard::tr("Taken:"), m_time);
        details->addRow(RestoreWizard::tr("Contents:"), m_size);
        layout->addLayout(details);

        connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
                [this] { selectionChanged(); });
        connect(wizard->proxy(), &QAbstractItemModel::dataChanged, this, [this] { updateDetails(); });
        connect(wizard, &RestoreWizard::snapshotsLoaded, this, [this] { updateStatus(); });
        setFocusProxy(m_view);
    }

    void initializePage() override
    {
        m_wizard->loadSnapshots();
        updateStatus();
        m_view->setFocus();
    }

    bool isComplete() const override { return !m_wizard->snapshot().id.isEmpty(); }

    void select(const QString& snapshotId)
    {
        const int row = m_wizard->model()->rowOf(snapshotId);
        if (row < 0)
            return;
        const QModelIndex index = m_wizard->proxy()->mapFromSource(m_wizard->model()->index(row, 0));
        m_view->selectionModel()->setCurrentIndex(index,
                                                  QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_view->scrollTo(index);
    }

private:
    void updateStatus()
    {
        if (!m_wizard->node())
            m_status->setText(RestoreWizard::tr("The repository was closed when the settings changed. Close this "
                                                "window and start the restore again."));
        else if (m_wizard->isLoading())
            m_status->setText(RestoreWizard::tr("Reading the snapshots from the repository…"));
        else if (!m_wizard->loadError().isEmpty())
            m_status->setText(RestoreWizard::tr("Could not read the snapshots: %1").arg(m_wizard->loadError()));
        else if (m_wizard->model()->rowCount() == 0)
            m_status->setText(RestoreWizard::tr("The repository has no snapshots yet."));
        else
            m_status->setText(m_wizard->notice());
        m_status->setVisible(!m_status->text().isEmpty());
    }

    void selectionChanged()
    {
        const QModelIndex current = m_view->selectionModel()->currentIndex();
        Snapshot s;
        if (current.isValid())
            s = m_wizard->model()->snapshotAt(m_wizard->proxy()->mapToSource(current).row());
        m_wizard->setSelectedSnapshot(s);
        updateDetails();
        Q_EMIT completeChanged();
    }

    void updateDetails()
    {
        const Snapshot s = m_wizard->snapshot();
        m_server->setText(m_wizard->serverLabel(s.serverUuid));
        m_backup->setText(s.backupUuid);
        m_time->setText(
            s.id.isEmpty() ? QString()
                           : RestoreWizard::tr("%1 (%2)").arg(Format::localTime(s.time), Format::relativeTime(s.time)));
        m_size->setText(s.id.isEmpty() ? QString()
                                       : RestoreWizard::tr("%1 in %2 files")
                                             .arg(statsText(m_wizard->model(), s, SnapshotTableModel::SizeColumn),
                                                  statsText(m_wizard->model(), s, SnapshotTableModel::FilesColumn)));
    }

    RestoreWizard* m_wizard;
    QTableView* m_view;
    QLabel* m_status;
    QLabel* m_server;
    QLabel* m_backup;
    QLabel* m_time;
    QLabel* m_size;
};

// ---- 2. target server and what happens to its files -------------------------------------------------------

// One page for where and how: each alone was a line or two on an empty page.
class TargetPage : public QWizardPage
{
public:
    explicit TargetPage(RestoreWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
    {
        setTitle(RestoreWizard::tr("Choose where to restore"));
        setSubTitle(RestoreWizard::tr("Normally the server the snapshot came from. Another server gets a copy of "
                                      "these files."));
        auto* layout = new QVBoxLayout(this);
        m_context = wrapLabel(this);
        layout->addWidget(m_context);
        auto* form = new QFormLayout();
        m_combo = new QComboBox(this);
        m_combo->setObjectName(QStringLiteral("targetCombo"));
        m_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        auto* label = new QLabel(RestoreWizard::tr("Restore &into:"), this);
        label->setBuddy(m_combo);
        form->addRow(label, m_combo);
        layout->addLayout(form);
        m_cross = new Callout(Style::Tone::Warning, this);
        m_crossText = m_cross->label();
        m_crossText->setObjectName(QStringLiteral("crossServerLabel"));
        layout->addWidget(m_cross);
        m_none = wrapLabel(this);
        layout->addWidget(m_none);

        // A selective restore: back where each item was, or under a folder of the target.
        m_placeBox = new QGroupBox(RestoreWizard::tr("Where in the server"), this);
        auto* placeLayout = new QVBoxLayout(m_placeBox);
        m_samePlace =
            new QRadioButton(RestoreWizard::tr("&Same place: each item replaces the one at its path"), m_placeBox);
        m_samePlace->setObjectName(QStringLiteral("samePlaceRadio"));
        m_samePlace->setChecked(true);
        m_intoFolder = new QRadioButton(RestoreWizard::tr("Into a &folder of the server:"), m_placeBox);
        m_intoFolder->setObjectName(QStringLiteral("intoFolderRadio"));
        m_destination = new QLineEdit(m_placeBox);
        m_destination->setObjectName(QStringLiteral("destinationEdit"));
        m_destination->setPlaceholderText(QStringLiteral("/restored"));
        m_destination->setEnabled(false);
        auto* folderRow = new QHBoxLayout();
        folderRow->addWidget(m_intoFolder);
        folderRow->addWidget(m_destination, 1);
        placeLayout->addWidget(m_samePlace);
        placeLayout->addLayout(folderRow);
        m_destinationError = wrapLabel(m_placeBox);
        m_destinationError->setObjectName(QStringLiteral("destinationError"));
        m_destinationError->setStyleSheet(Style::errorTextSheet());
        m_destinationError->hide();
        placeLayout->addWidget(m_destinationError);
        m_replace = new Callout(Style::Tone::Warning, m_placeBox);
        m_replaceText = m_replace->label();
        m_replaceText->setObjectName(QStringLiteral("replaceWarning"));
        placeLayout->addWidget(m_replace);
        layout->addWidget(m_placeBox);
        connect(m_intoFolder, &QRadioButton::toggled, this, [this](bool on) {
            m_destination->setEnabled(on);
            if (on)
                m_destination->setFocus();
            targetChanged();
        });
        connect(m_destination, &QLineEdit::textChanged, this, [this] { targetChanged(); });
        registerField(QStringLiteral("destination"), m_destination);
        registerField(QStringLiteral("intoFolder"), m_intoFolder);

        m_filesBox = new QGroupBox(RestoreWizard::tr("Files already in the server"), this);
        auto* files = m_filesBox;
        auto* filesLayout = new QVBoxLayout(files);
        m_truncate = new QCheckBox(RestoreWizard::tr("&Delete the target's current files first"), files);
        m_truncate->setObjectName(QStringLiteral("truncateCheck"));
        filesLayout->addWidget(m_truncate);
        m_keep = wrapLabel(files);
        filesLayout->addWidget(m_keep);
        m_warning = new Callout(Style::Tone::Warning, files);
        m_warningText = m_warning->label();
        m_warningText->setObjectName(QStringLiteral("truncateWarning"));
        filesLayout->addWidget(m_warning);
        layout->addWidget(files);
        layout->addStretch(1);

        registerField(QStringLiteral("targetServer"), m_combo, "currentData", SIGNAL(currentIndexChanged(int)));
        registerField(QStringLiteral("truncate"), m_truncate);
        connect(m_combo, &QComboBox::currentIndexChanged, this, [this] { targetChanged(); });
        connect(m_truncate, &QCheckBox::toggled, this, [this] { update(); });
        setFocusProxy(m_combo);
    }

    void initializePage() override
    {
        const Snapshot s = m_wizard->snapshot();
        const bool selective = m_wizard->isSelective();
        m_context->setText(selective
                               ? RestoreWizard::tr("Ticked: %1. From snapshot %2 of server %3, taken %4.")
                                     .arg(pathList(m_wizard->paths()), s.shortId, m_wizard->serverLabel(s.serverUuid),
                                          Format::localTime(s.time))
                               : RestoreWizard::tr("Snapshot %1 of server %2, taken %3.")
                                     .arg(s.shortId, m_wizard->serverLabel(s.serverUuid), Format::localTime(s.time)));
        m_placeBox->setVisible(selective);
        m_filesBox->setVisible(!selective); // emptying the server is for whole restores only
        if (selective)
            m_truncate->setChecked(false);
        // The servers of every node that shares the snapshot's repository, the snapshot's own node first.
        const QList<Node*> nodes = m_wizard->targetNodes();
        m_combo->blockSignals(true);
        m_combo->clear();
        for (Node* node : nodes) {
            for (const NodeServer& server : node->servers()) {
                if (!server.onDisk)
                    continue;
                QString text = server.name.isEmpty() ? server.uuid : server.name;
                if (nodes.size() > 1)
                    text = RestoreWizard::tr("%1 on %2").arg(text, node->displayLabel());
                if (server.uuid == s.serverUuid && node == m_wizard->node())
                    text = RestoreWizard::tr("%1 (where the snapshot came from)").arg(text);
                m_combo->addItem(Icons::icon(Icons::Glyph::Server), text, server.uuid);
                m_combo->setItemData(m_combo->count() - 1, node->key(), kNodeKeyRole);
                m_combo->setItemData(m_combo->count() - 1, server.uuid, Qt::ToolTipRole);
            }
        }
        int source = -1;
        for (int i = 0; i < m_combo->count(); ++i) {
            if (m_combo->itemData(i).toString() == s.serverUuid && m_wizard->node() &&
                m_combo->itemData(i, kNodeKeyRole).toString() == m_wizard->node()->key())
                source = i;
        }
        m_combo->setCurrentIndex(source >= 0 ? source : 0);
        m_combo->blockSignals(false);
        const auto* local = qobject_cast<const LocalNode*>(m_wizard->node());
        m_none->setText(m_combo->count() == 0
                            ? (local ? RestoreWizard::tr("There are no server directories under %1, so there is "
                                                         "nothing to restore into.")
                                           .arg(local->service()->paths().dataDirectory())
                                     : RestoreWizard::tr("The node has no servers to restore into."))
                        : source < 0 ? RestoreWizard::tr("Server %1 no longer has a directory on "
                                                         "this machine: choose another one.")
                                           .arg(m_wizard->serverLabel(s.serverUuid))
                                     : QString());
        // Nodes on another repository cannot restore this snapshot: say so rather than leave them out silently.
        const QStringList others = m_wizard->otherRepositoryNodes();
        if (!others.isEmpty()) {
            m_none->setText((m_none->text().isEmpty() ? QString() : m_none->text() + QLatin1Char(' ')) +
                            RestoreWizard::tr("Not offered: %1 (another repository; a node can only restore "
                                              "snapshots of the repository it uses).")
                                .arg(others.join(QStringLiteral(", "))));
        }
        m_none->setVisible(!m_none->text().isEmpty());
        targetChanged();
        m_combo->setFocus();
    }

    bool isComplete() const override
    {
        return m_combo->currentIndex() >= 0 && (!m_wizard->isSelective() || destinationProblem().isEmpty());
    }

private:
    // Empty when the destination is fine (or not used); else what is wrong with it, for a person.
    QString destinationProblem() const
    {
        if (!m_intoFolder->isChecked())
            return {};
        const QString d = normalisedFolder(m_destination->text());
        if (d.isEmpty())
            return RestoreWizard::tr("Enter the folder, relative to the server's root, such as /restored.");
        return FileIndex::pathProblem(d);
    }

    void targetChanged()
    {
        m_target = m_combo->currentData().toString();
        m_files = -1;
        Node* node = m_wizard->targetNode();
        const bool selective = m_wizard->isSelective();
        const QString problem = destinationProblem();
        const QString destination = m_intoFolder->isChecked() ? normalisedFolder(m_destination->text()) : QString();
        const QStringList paths = m_wizard->paths();
        m_countKey = (node ? node->key() : QString()) + QLatin1Char('\n') + m_target + QLatin1Char('\n') + destination;
        auto* watcher = new QFutureWatcher<qint64>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, key = m_countKey] {
            watcher->deleteLater();
            if (key == m_countKey && watcher->future().resultCount() > 0) {
                m_files = watcher->result();
                update();
            }
        });
        if (!node || (selective && !problem.isEmpty()))
            watcher->setFuture(QtFuture::makeReadyFuture(qint64(0)));
        else
            watcher->setFuture(node->countExisting(m_target, destination.isEmpty() ? QStringLiteral("/") : destination,
                                                   selective ? paths : QStringList()));
        m_destinationError->setText(m_destination->text().trimmed().isEmpty() ? QString() : problem);
        m_destinationError->setVisible(!m_destinationError->text().isEmpty());
        update();
        Q_EMIT completeChanged();
    }

    void update()
    {
        const QString source = m_wizard->snapshot().serverUuid;
        Node* node = m_wizard->targetNode();
        const bool crossNode = node && node != m_wizard->node();
        const bool cross = !m_target.isEmpty() && (m_target != source || crossNode);
        const QString from = m_wizard->serverLabel(source).toHtmlEscaped();
        const QString into = (node ? m_wizard->serverLabel(m_target, node) : m_target).toHtmlEscaped();
        m_crossText->setText(
            crossNode ? RestoreWizard::tr("<b>Cross-node restore.</b> The files of server %1 on %2 will be written "
                                          "into server %3 on %4. Both nodes use the repository %5.")
                            .arg(from, m_wizard->node()->displayLabel().toHtmlEscaped(), into,
                                 node->displayLabel().toHtmlEscaped(), node->info().repository.toHtmlEscaped())
            : cross ? RestoreWizard::tr("<b>Cross-server restore.</b> The files of server %1 will be "
                                        "written into server %2.")
                          .arg(from, into)
                    : QString());
        m_cross->setVisible(cross);
        // A remote node cannot count the files it holds: say nothing rather than a wrong number.
        if (m_files == -1 && node && !node->isLocal())
            m_files = -2;

        const QString dir = node ? node->serverLocation(m_target) : QString();
        const QString count = m_files == -2 ? RestoreWizard::tr("files")
                              : m_files < 0 ? RestoreWizard::tr("(counting…)")
                              : m_files == 1
                                  ? RestoreWizard::tr("1 file")
                                  : RestoreWizard::tr("%n files", nullptr, int(qMin<qint64>(m_files, INT_MAX)));
        m_keep->setText(RestoreWizard::tr("Unticked, the snapshot's files overwrite files of the same name, and the "
                                          "other files in server %1 stay as they are.")
                            .arg(into));
        m_keep->setVisible(!m_truncate->isChecked());
        m_warningText->setText(
            dir.isEmpty() ? RestoreWizard::tr("<b>Everything in server %1 is deleted before the restore.</b> Only the "
                                              "snapshot's files will be there afterwards.")
                                .arg(into)
                          : RestoreWizard::tr("<b>Everything in server %1 is deleted before the restore:</b> it "
                                              "holds %2 now, in %3. Only the snapshot's files will be there "
                                              "afterwards.")
                                .arg(into, count, dir.toHtmlEscaped()));
        m_warning->setVisible(m_truncate->isChecked());

        // Selective: how many files the restore replaces, where.
        const QString where = m_intoFolder->isChecked() ? normalisedFolder(m_destination->text()) : QString();
        QString replaced;
        if (m_files == -2)
            replaced = RestoreWizard::tr("<b>The items at these paths in server %1 will be replaced</b> by the "
                                         "snapshot's. A ticked folder is restored whole: files in it that the "
                                         "snapshot does not have are removed.")
                           .arg(into);
        else if (m_files < 0)
            replaced = RestoreWizard::tr("Counting the files these items replace…");
        else if (m_files == 0)
            replaced = where.isEmpty() ? RestoreWizard::tr("Nothing is at these paths in server %1 yet: no file will "
                                                           "be replaced.")
                                             .arg(into)
                                       : RestoreWizard::tr("Nothing is at these paths under %2 in server %1 yet: no "
                                                           "file will be replaced.")
                                             .arg(into, where.toHtmlEscaped());
        else
            replaced =
                RestoreWizard::tr("<b>%1 in server %2 will be replaced</b> by the snapshot's. A ticked "
                                  "folder is restored whole: files in it that the snapshot does not have are "
                                  "removed.")
                    .arg(m_files == 1 ? RestoreWizard::tr("1 file")
                                      : RestoreWizard::tr("%n files", nullptr, int(qMin<qint64>(m_files, INT_MAX))),
                         into);
        m_replaceText->setText(replaced);
        m_replace->setTone(m_files > 0 ? Style::Tone::Warning : Style::Tone::Information);
        m_replace->setVisible(m_wizard->isSelective() && destinationProblem().isEmpty());
    }

    RestoreWizard* m_wizard;
    QLabel* m_context;
    QComboBox* m_combo;
    Callout* m_cross;
    QLabel* m_crossText = nullptr;
    QLabel* m_none;
    QCheckBox* m_truncate;
    QLabel* m_keep;
    Callout* m_warning;
    QLabel* m_warningText = nullptr;
    QGroupBox* m_filesBox = nullptr;
    QGroupBox* m_placeBox = nullptr;
    QRadioButton* m_samePlace = nullptr;
    QRadioButton* m_intoFolder = nullptr;
    QLineEdit* m_destination = nullptr;
    QLabel* m_destinationError = nullptr;
    Callout* m_replace = nullptr;
    QLabel* m_replaceText = nullptr;
    QString m_target;
    QString m_countKey;  // target and destination of the count in flight: older counts are dropped
    qint64 m_files = -1; // -1 while counting, -2 when the node cannot tell
};

// ---- 3. summary -----------------------------------------------------------------------------------------

class SummaryPage : public QWizardPage
{
public:
    explicit SummaryPage(RestoreWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
    {
        setTitle(RestoreWizard::tr("Ready to restore"));
        setSubTitle(RestoreWizard::tr("Check the details, then start the restore."));
        setCommitPage(true);
        setButtonText(QWizard::CommitButton, RestoreWizard::tr("&Restore"));
        auto* layout = new QVBoxLayout(this);
        m_text = wrapLabel(this);
        m_text->setObjectName(QStringLiteral("summaryLabel"));
        m_text->setTextFormat(Qt::RichText);
        m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(m_text);
        // What makes it safe to go on, said where the user decides.
        m_safety = new Callout(Style::Tone::Information, this);
        m_safety->setObjectName(QStringLiteral("safetyNote"));
        layout->addSpacing(8);
        layout->addWidget(m_safety);
        m_error = wrapLabel(this);
        m_error->setStyleSheet(Style::errorTextSheet());
        m_error->hide();
        layout->addWidget(m_error);
        layout->addStretch(1);
    }

    void initializePage() override
    {
        const Snapshot s = m_wizard->snapshot();
        const QString target = field(QStringLiteral("targetServer")).toString();
        const bool truncate = field(QStringLiteral("truncate")).toBool();
        const auto row = [](const QString& k, const QString& v) {
            return QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>").arg(k, v);
        };
        QString html = QStringLiteral("<table cellspacing='4'>");
        html += row(RestoreWizard::tr("Snapshot"),
                    RestoreWizard::tr("%1, taken %2").arg(s.shortId, Format::localTime(s.time)));
        html += row(RestoreWizard::tr("Backup"), s.backupUuid);
        if (!m_wizard->isSelective()) {
            html += row(RestoreWizard::tr("Contents"),
                        RestoreWizard::tr("%1 in %2 files")
                            .arg(statsText(m_wizard->model(), s, SnapshotTableModel::SizeColumn),
                                 statsText(m_wizard->model(), s, SnapshotTableModel::FilesColumn)));
        }
        Node* targetNode = m_wizard->targetNode();
        const bool crossNode = targetNode && targetNode != m_wizard->node();
        const auto onNode = [crossNode](const QString& server, const Node* node) {
            return crossNode && node ? RestoreWizard::tr("%1 on %2").arg(server, node->displayLabel()) : server;
        };
        html += row(RestoreWizard::tr("From server"),
                    onNode(m_wizard->serverLabel(s.serverUuid), m_wizard->node()).toHtmlEscaped());
        const QString into = onNode(m_wizard->serverLabel(target, targetNode), targetNode).toHtmlEscaped();
        html += row(RestoreWizard::tr("Into server"),
                    target == s.serverUuid && !crossNode
                        ? into
                        : into + QLatin1Char(' ') +
                              emphasis(Style::cautionColor(), crossNode ? RestoreWizard::tr("(cross-node restore)")
                                                                        : RestoreWizard::tr("(cross-server restore)")));
        if (m_wizard->isSelective()) {
            const QString destination = m_wizard->destination();
            html += row(RestoreWizard::tr("Items"), pathList(m_wizard->paths()).toHtmlEscaped());
            html +=
                row(RestoreWizard::tr("Where"),
                    destination.isEmpty() ? RestoreWizard::tr("the same place, each at its path")
                                          : RestoreWizard::tr("under the folder %1").arg(destination.toHtmlEscaped()));
            html += row(RestoreWizard::tr("Current files"),
                        RestoreWizard::tr("those at these paths are replaced; everything else stays as it is"));
        } else {
            html += row(RestoreWizard::tr("Current files"),
                        truncate ? emphasis(Style::errorColor(), RestoreWizard::tr("deleted first"))
                                 : RestoreWizard::tr("kept; files of the same name are overwritten"));
        }
        html += QStringLiteral("</table>");
        m_text->setText(html);
        m_safety->setText(m_wizard->isSelective()
                              ? RestoreWizard::tr("restic writes the items into a staging directory beside the "
                                                  "volumes first; they go into the server only once every one of "
                                                  "them is there. A failed or cancelled restore leaves the server's "
                                                  "files as they were.")
                              : RestoreWizard::tr("restic writes the files into a staging directory beside the "
                                                  "volumes first; they go into the server only once the whole "
                                                  "snapshot is there. A failed or cancelled restore leaves the "
                                                  "server's files as they were."));
        m_error->hide();
    }

    bool validatePage() override
    {
        if (m_wizard->job())
            return true; // accepted: the restore runs
        if (m_starting)
            return false;
        const QString target = field(QStringLiteral("targetServer")).toString();
        const bool truncate = field(QStringLiteral("truncate")).toBool();
        Node* node = m_wizard->targetNode();
        if (!node) {
            m_error->setText(RestoreWizard::tr("The repository was closed when the settings changed."));
            m_error->show();
            return false;
        }
        BackupService::RestoreRequest request;
        request.truncate = truncate && !m_wizard->isSelective();
        request.paths = m_wizard->paths();
        request.destination = m_wizard->destination();
        const QFuture<BackupService::Started> future = node->startRestore(target, m_wizard->snapshot(), request);
        // The local node answers at once; a remote one after its HTTP round trip, then the wizard moves on.
        if (future.isFinished())
            return accept(future.result());
        m_starting = true;
        m_error->setStyleSheet(QString());
        m_error->setText(RestoreWizard::tr("Asking %1 to start the restore…").arg(node->displayLabel()));
        m_error->show();
        auto* watcher = new QFutureWatcher<BackupService::Started>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
            watcher->deleteLater();
            m_starting = false;
            BackupService::Started started;
            if (watcher->future().resultCount() > 0)
                started = watcher->result();
            else
                started = {BackupService::Error::Unavailable, RestoreWizard::tr("The node went away."), nullptr};
            if (accept(started))
                m_wizard->next();
        });
        watcher->setFuture(future);
        return false;
    }

private:
    bool accept(const BackupService::Started& started)
    {
        if (!started.ok() || !started.job) {
            m_error->setStyleSheet(Style::errorTextSheet());
            m_error->setText(RestoreWizard::tr("The restore could not start: %1").arg(started.message));
            m_error->show();
            return false;
        }
        m_error->hide();
        m_wizard->setJob(started.job);
        return true;
    }

    RestoreWizard* m_wizard;
    QLabel* m_text;
    Callout* m_safety;
    QLabel* m_error;
    bool m_starting = false;
};

// ---- 4. progress ----------------------------------------------------------------------------------------

class ProgressPage : public QWizardPage
{
public:
    explicit ProgressPage(RestoreWizard* wizard) : QWizardPage(wizard), m_wizard(wizard)
    {
        setTitle(RestoreWizard::tr("Restoring"));
        auto* layout = new QVBoxLayout(this);
        m_bar = new QProgressBar(this);
        m_bar->setObjectName(QStringLiteral("progressBar"));
        layout->addWidget(m_bar);
        m_status = wrapLabel(this);
        m_status->setObjectName(QStringLiteral("progressLabel"));
        layout->addWidget(m_status);
        auto* row = new QHBoxLayout();
        m_cancel = new QPushButton(Icons::icon(Icons::Glyph::Cancel), RestoreWizard::tr("&Cancel restore"), this);
        m_cancel->setObjectName(QStringLiteral("cancelRestoreButton"));
        row->addWidget(m_cancel);
        row->addStretch(1);
        layout->addLayout(row);
        m_result = wrapLabel(this);
        m_result->setObjectName(QStringLiteral("resultLabel"));
        m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(m_result);
        layout->addStretch(1);
        m_hint = wrapLabel(this, RestoreWizard::tr("You can close this window: the restore keeps running and shows "
                                                   "in the Jobs panel."));
        m_hint->setStyleSheet(Style::hintTextSheet());
        layout->addWidget(m_hint);
        connect(m_cancel, &QPushButton::clicked, this, [this] {
            if (Job* job = m_wizard->job())
                job->cancel();
            m_cancel->setEnabled(false);
            m_status->setText(RestoreWizard::tr("Cancelling…"));
        });
    }

    void initializePage() override
    {
        Job* job = m_wizard->job();
        if (!job)
            return;
        connect(job, &Job::progressChanged, this, [this] { update(); });
        connect(job, &Job::stateChanged, this, [this] { update(); });
        connect(job, &Job::finished, this, [this] { update(); });
        update();
        m_cancel->setFocus();
    }

    bool isComplete() const override { return m_wizard->job() && m_wizard->job()->isFinished(); }

private:
    void update()
    {
        const Job* job = m_wizard->job();
        if (!job)
            return;
        const JobProgress p = job->progress();
        setSubTitle(
            RestoreWizard::tr("Snapshot %1 into server %2.")
                .arg(m_wizard->snapshot().shortId, m_wizard->serverLabel(job->serverUuid(), m_wizard->targetNode())));
        if (!job->isFinished()) {
            if (p.percentDone < 0) {
                m_bar->setRange(0, 0); // no figure yet (restic starting, or the snapshot's size still unknown)
            } else {
                m_bar->setRange(0, 100);
                m_bar->setValue(int(p.percentDone * 100));
            }
            QString text = job->state() == Job::State::Queued ? RestoreWizard::tr("Waiting for another job on this "
                                                                                  "server to finish…")
                                                              : RestoreWizard::tr("Restoring…");
            if (p.totalBytes > 0)
                text = Format::transferred(p);
            if (p.secondsRemaining >= 0)
                text += RestoreWizard::tr(" · %1 left").arg(Format::duration(p.secondsRemaining));
            if (m_cancel->isEnabled())
                m_status->setText(text);
            return;
        }
        m_bar->setRange(0, 100);
        m_cancel->hide();
        m_hint->hide();
        m_status->clear();
        switch (job->state()) {
        case Job::State::Succeeded:
            m_bar->setValue(100);
            setTitle(RestoreWizard::tr("Restore finished"));
            m_result->setText(m_wizard->isSelective()
                                  ? RestoreWizard::tr("%1 from snapshot %2 are now in server %3.")
                                        .arg(pathList(m_wizard->paths()), m_wizard->snapshot().shortId,
                                             m_wizard->serverLabel(job->serverUuid(), m_wizard->targetNode()))
                                  : RestoreWizard::tr("The files of snapshot %1 are now in server %2.")
                                        .arg(m_wizard->snapshot().shortId,
                                             m_wizard->serverLabel(job->serverUuid(), m_wizard->targetNode())));
            break;
        case Job::State::Cancelled:
            m_bar->setValue(0);
            setTitle(RestoreWizard::tr("Restore cancelled"));
            m_result->setText(RestoreWizard::tr("The restore was cancelled. The server's files are unchanged."));
            break;
        default:
            m_bar->setValue(0);
            setTitle(RestoreWizard::tr("Restore failed"));
            m_result->setStyleSheet(Style::errorTextSheet());
            m_result->setText(RestoreWizard::tr("The restore failed: %1").arg(job->outcome().error));
            break;
        }
        Q_EMIT completeChanged();
    }

    RestoreWizard* m_wizard;
    QProgressBar* m_bar;
    QLabel* m_status;
    QPushButton* m_cancel;
    QLabel* m_result;
    QLabel* m_hint;
};

} // namespace

RestoreWizard::RestoreWizard(Node* node, QWidget* parent)
    : QWizard(parent), m_model(new SnapshotTableModel(this)), m_proxy(new SnapshotFilterProxy(this))
{
    setWindowTitle(tr("Restore a Backup"));
    setWindowIcon(Icons::icon(Icons::Glyph::Restore));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    m_proxy->setSourceModel(m_model);
    setPage(SnapshotPageId, new SnapshotPage(this));
    setPage(TargetPageId, new TargetPage(this));
    setPage(SummaryPageId, new SummaryPage(this));
    setPage(ProgressPageId, new ProgressPage(this));
    setStartId(SnapshotPageId);
    resize(760, 520);
    attach(node);
}

void RestoreWizard::attach(Node* node)
{
    m_node = node;
    if (!node) {
        m_model->setStatsFetcher({});
        return;
    }
    QPointer<Node> guard(node);
    m_model->setStatsFetcher([guard](const Snapshot& snapshot) {
        return guard ? guard->stats(snapshot) : QFuture<BackupService::StatsResult>();
    });
    m_model->setServerNames(names(node));
    // A settings change destroys the node under an open wizard: from then on it has none.
    connect(node, &QObject::destroyed, this, [this] { setNode(nullptr); });
}

QHash<QString, QString> RestoreWizard::names(const Node* node)
{
    QHash<QString, QString> out;
    for (const NodeServer& s : node->servers()) {
        if (!s.name.isEmpty())
            out.insert(s.uuid, s.name);
    }
    return out;
}

void RestoreWizard::setNode(Node* node)
{
    if (node && node == m_node)
        return;
    if (m_node)
        disconnect(m_node, nullptr, this, nullptr);
    ++m_loadGeneration;
    m_model->setStatsFetcher({});
    m_model->clear();
    m_snapshot = {};
    m_preselect.clear();
    m_job = nullptr;
    m_loaded = false;
    m_loading = false;
    m_loadError.clear();
    // The ticked items belonged to a snapshot of the old repository: start again with a whole snapshot.
    m_paths.clear();
    setStartId(SnapshotPageId);
    setWindowTitle(tr("Restore a Backup"));
    attach(node);
    m_notice = node ? tr("The settings changed: these are the snapshots of the repository now in use.") : QString();
    qCInfo(lcUi) << "restore wizard:" << (node ? "new node, starting again" : "node gone");
    restart(); // the first page reads the new node's snapshots
}

void RestoreWizard::setTargetNodes(const QList<Node*>& nodes)
{
    m_targets.clear();
    for (Node* node : nodes)
        m_targets << QPointer<Node>(node);
}

QList<Node*> RestoreWizard::targetNodes() const
{
    QList<Node*> out;
    if (!m_node)
        return out;
    out << m_node.data();
    const QString repository = m_node->info().repository;
    for (const QPointer<Node>& node : m_targets) {
        if (node && node != m_node && node->state() == Node::State::Connected && !repository.isEmpty() &&
            node->info().repository == repository)
            out << node.data();
    }
    return out;
}

QStringList RestoreWizard::otherRepositoryNodes() const
{
    QStringList out;
    if (!m_node)
        return out;
    const QString repository = m_node->info().repository;
    for (const QPointer<Node>& node : m_targets) {
        if (node && node != m_node && node->state() == Node::State::Connected &&
            (repository.isEmpty() || node->info().repository != repository))
            out << node->displayLabel();
    }
    return out;
}

Node* RestoreWizard::targetNode() const
{
    const auto* combo = findChild<QComboBox*>(QStringLiteral("targetCombo"));
    const QString key = combo && combo->currentIndex() >= 0 ? combo->currentData(kNodeKeyRole).toString() : QString();
    for (Node* node : targetNodes()) {
        if (node->key() == key)
            return node;
    }
    return key.isEmpty() ? m_node.data() : nullptr;
}

QString RestoreWizard::serverLabel(const QString& serverUuid, const Node* node) const
{
    if (!node)
        node = m_node.data();
    const QString name = node ? node->serverName(serverUuid) : QString();
    return name.isEmpty() ? serverUuid : tr("%1 (%2)").arg(name, serverUuid.left(8));
}

void RestoreWizard::setSnapshots(const QList<Snapshot>& snapshots)
{
    m_model->setSnapshots(snapshots);
    m_loaded = true;
    m_loading = false;
    if (!m_preselect.isEmpty())
        preselect(m_preselect);
    Q_EMIT snapshotsLoaded();
}

void RestoreWizard::preselect(const QString& snapshotId)
{
    m_preselect = snapshotId;
    if (m_model->rowOf(snapshotId) >= 0)
        static_cast<SnapshotPage*>(page(SnapshotPageId))->select(snapshotId);
}

void RestoreWizard::setSelection(const Snapshot& snapshot, const QStringList& paths)
{
    m_paths = paths;
    setSnapshots({snapshot});
    m_snapshot = snapshot;
    setWindowTitle(tr("Restore Selected Files"));
    setStartId(TargetPageId); // the snapshot is chosen already
    restart();
}

void RestoreWizard::loadSnapshots()
{
    if (m_loaded || m_loading || !m_node)
        return;
    m_loading = true;
    auto* watcher = new QFutureWatcher<BackupService::SnapshotList>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation = m_loadGeneration] {
        watcher->deleteLater();
        if (generation != m_loadGeneration)
            return; // the old node's repository
        const BackupService::SnapshotList list =
            watcher->future().resultCount() > 0 ? watcher->result() : BackupService::SnapshotList{};
        m_loadError = list.ok ? QString() : list.error;
        QList<Snapshot> snapshots = list.snapshots;
        for (Snapshot& snapshot : snapshots)
            snapshot.nodeKey = m_node ? m_node->key() : QString();
        setSnapshots(snapshots);
        if (m_preselect.isEmpty() && m_model->rowCount() > 0)
            static_cast<SnapshotPage*>(page(SnapshotPageId))->select(m_model->snapshotAt(0).id);
    });
    watcher->setFuture(m_node->listSnapshots(QString()));
}

Snapshot RestoreWizard::snapshot() const
{
    return m_snapshot;
}

QString RestoreWizard::targetServer() const
{
    return field(QStringLiteral("targetServer")).toString();
}

QString RestoreWizard::destination() const
{
    if (!isSelective() || !field(QStringLiteral("intoFolder")).toBool())
        return {};
    const QString d = normalisedFolder(field(QStringLiteral("destination")).toString());
    return d == QLatin1String("/") ? QString() : d;
}

bool RestoreWizard::truncate() const
{
    return field(QStringLiteral("truncate")).toBool();
}

void RestoreWizard::setJob(Job* job)
{
    m_job = job;
    qCInfo(lcUi).noquote() << "restore started: snapshot" << m_snapshot.shortId << "into" << job->serverUuid();
    Q_EMIT restoreStarted(job);
}
