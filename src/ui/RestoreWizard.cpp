#include "RestoreWizard.h"
#include "BackupService.h"
#include "Callout.h"
#include "Format.h"
#include "Icons.h"
#include "Job.h"
#include "SnapshotFilterProxy.h"
#include "SnapshotTableModel.h"
#include "UiLogging.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDirIterator>
#include <QFileInfo>
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

qint64 countFiles(const QString& dir)
{
    qint64 n = 0;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

// The entries a selective restore replaces: for each path, what is at it now under `root` + `destination`
// (a file counts one, a folder the files in it).
qint64 countReplaced(const QString& root, const QString& destination, const QStringList& paths)
{
    if (root.isEmpty())
        return 0;
    const QString base = destination == QLatin1String("/") ? root : root + destination;
    qint64 n = 0;
    for (const QString& path : paths) {
        const QFileInfo info(base + path);
        if (info.isDir() && !info.isSymLink())
            n += countFiles(info.filePath());
        else if (info.exists() || info.isSymLink())
            ++n;
    }
    return n;
}

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
        if (!m_wizard->service())
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
        m_server->setText(s.serverUuid);
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
        m_context->setText(
            selective ? RestoreWizard::tr("Ticked: %1. From snapshot %2 of server %3, taken %4.")
                            .arg(pathList(m_wizard->paths()), s.shortId, s.serverUuid, Format::localTime(s.time))
                      : RestoreWizard::tr("Snapshot %1 of server %2, taken %3.")
                            .arg(s.shortId, s.serverUuid, Format::localTime(s.time)));
        m_placeBox->setVisible(selective);
        m_filesBox->setVisible(!selective); // emptying the server is for whole restores only
        if (selective)
            m_truncate->setChecked(false);
        const BackupService* service = m_wizard->service();
        const QStringList servers = service ? service->paths().servers() : QStringList();
        m_combo->blockSignals(true);
        m_combo->clear();
        for (const QString& uuid : servers) {
            m_combo->addItem(
                Icons::icon(Icons::Glyph::Server),
                uuid == s.serverUuid ? RestoreWizard::tr("%1 (where the snapshot came from)").arg(uuid) : uuid, uuid);
        }
        const int source = m_combo->findData(s.serverUuid);
        m_combo->setCurrentIndex(source >= 0 ? source : 0);
        m_combo->blockSignals(false);
        m_none->setText(servers.isEmpty() ? RestoreWizard::tr("There are no server directories under %1, so there is "
                                                              "nothing to restore into.")
                                                .arg(service ? service->paths().dataDirectory() : QString())
                        : source < 0 ? RestoreWizard::tr("Server %1 no longer has a directory on "
                                                         "this machine: choose another one.")
                                           .arg(s.serverUuid)
                                     : QString());
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
        const QString dir = m_wizard->service() ? m_wizard->service()->paths().serverDirectory(m_target) : QString();
        const bool selective = m_wizard->isSelective();
        const QString problem = destinationProblem();
        const QString destination = m_intoFolder->isChecked() ? normalisedFolder(m_destination->text()) : QString();
        const QStringList paths = m_wizard->paths();
        m_countKey = m_target + QLatin1Char('\n') + destination;
        // Counting a big server's files takes a while: never on the UI thread.
        auto* watcher = new QFutureWatcher<qint64>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, key = m_countKey] {
            watcher->deleteLater();
            if (key == m_countKey) {
                m_files = watcher->result();
                update();
            }
        });
        watcher->setFuture(QtConcurrent::run([dir, selective, problem, destination, paths] {
            if (!selective)
                return dir.isEmpty() ? qint64(0) : countFiles(dir);
            return problem.isEmpty()
                       ? countReplaced(dir, destination.isEmpty() ? QStringLiteral("/") : destination, paths)
                       : qint64(0);
        }));
        m_destinationError->setText(m_destination->text().trimmed().isEmpty() ? QString() : problem);
        m_destinationError->setVisible(!m_destinationError->text().isEmpty());
        update();
        Q_EMIT completeChanged();
    }

    void update()
    {
        const QString source = m_wizard->snapshot().serverUuid;
        const bool cross = !m_target.isEmpty() && m_target != source;
        m_crossText->setText(cross ? RestoreWizard::tr("<b>Cross-server restore.</b> The files of server %1 will be "
                                                       "written into server %2.")
                                         .arg(source, m_target)
                                   : QString());
        m_cross->setVisible(cross);

        const QString dir = m_wizard->service() ? m_wizard->service()->paths().pathFor(m_target) : QString();
        const QString count = m_files < 0 ? RestoreWizard::tr("(counting…)")
                              : m_files == 1
                                  ? RestoreWizard::tr("1 file")
                                  : RestoreWizard::tr("%n files", nullptr, int(qMin<qint64>(m_files, INT_MAX)));
        m_keep->setText(RestoreWizard::tr("Unticked, the snapshot's files overwrite files of the same name, and the "
                                          "other files in server %1 stay as they are.")
                            .arg(m_target));
        m_keep->setVisible(!m_truncate->isChecked());
        m_warningText->setText(RestoreWizard::tr("<b>Everything in server %1 is deleted before the restore:</b> it "
                                                 "holds %2 now, in %3. Only the snapshot's files will be there "
                                                 "afterwards.")
                                   .arg(m_target, count, dir.toHtmlEscaped()));
        m_warning->setVisible(m_truncate->isChecked());

        // Selective: how many files the restore replaces, where.
        const QString where = m_intoFolder->isChecked() ? normalisedFolder(m_destination->text()) : QString();
        QString replaced;
        if (m_files < 0)
            replaced = RestoreWizard::tr("Counting the files these items replace…");
        else if (m_files == 0)
            replaced = where.isEmpty() ? RestoreWizard::tr("Nothing is at these paths in server %1 yet: no file will "
                                                           "be replaced.")
                                             .arg(m_target)
                                       : RestoreWizard::tr("Nothing is at these paths under %2 in server %1 yet: no "
                                                           "file will be replaced.")
                                             .arg(m_target, where.toHtmlEscaped());
        else
            replaced =
                RestoreWizard::tr("<b>%1 in server %2 will be replaced</b> by the snapshot's. A ticked "
                                  "folder is restored whole: files in it that the snapshot does not have are "
                                  "removed.")
                    .arg(m_files == 1 ? RestoreWizard::tr("1 file")
                                      : RestoreWizard::tr("%n files", nullptr, int(qMin<qint64>(m_files, INT_MAX))),
                         m_target);
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
    QString m_countKey; // target and destination of the count in flight: older counts are dropped
    qint64 m_files = -1;
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
        html += row(RestoreWizard::tr("From server"), s.serverUuid);
        html += row(RestoreWizard::tr("Into server"),
                    target == s.serverUuid
                        ? target
                        : target + QLatin1Char(' ') +
                              emphasis(Style::cautionColor(), RestoreWizard::tr("(cross-server restore)")));
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
        const QString target = field(QStringLiteral("targetServer")).toString();
        const bool truncate = field(QStringLiteral("truncate")).toBool();
        BackupService* service = m_wizard->service();
        if (!service) {
            m_error->setText(RestoreWizard::tr("The repository was closed when the settings changed."));
            m_error->show();
            return false;
        }
        BackupService::RestoreRequest request;
        request.truncate = truncate && !m_wizard->isSelective();
        request.paths = m_wizard->paths();
        request.destination = m_wizard->destination();
        const BackupService::Started started = service->startRestore(target, m_wizard->snapshot(), request);
        if (!started.ok()) {
            m_error->setText(RestoreWizard::tr("The restore could not start: %1").arg(started.message));
            m_error->show();
            return false;
        }
        m_wizard->setJob(started.job);
        return true;
    }

private:
    RestoreWizard* m_wizard;
    QLabel* m_text;
    Callout* m_safety;
    QLabel* m_error;
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
            RestoreWizard::tr("Snapshot %1 into server %2.").arg(m_wizard->snapshot().shortId, job->serverUuid()));
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
            m_result->setText(
                m_wizard->isSelective()
                    ? RestoreWizard::tr("%1 from snapshot %2 are now in server %3.")
                          .arg(pathList(m_wizard->paths()), m_wizard->snapshot().shortId, job->serverUuid())
                    : RestoreWizard::tr("The files of snapshot %1 are now in server %2.")
                          .arg(m_wizard->snapshot().shortId, job->serverUuid()));
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

RestoreWizard::RestoreWizard(BackupService* service, QWidget* parent)
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
    attach(service);
}

void RestoreWizard::attach(BackupService* service)
{
    m_service = service;
    m_model->setService(service);
    // A settings change destroys the service under an open wizard: from then on it has none.
    if (service)
        connect(service, &QObject::destroyed, this, [this] { setService(nullptr); });
}

void RestoreWizard::setService(BackupService* service)
{
    if (service && service == m_service)
        return;
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    ++m_loadGeneration;
    m_model->setService(nullptr);
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
    attach(service);
    m_notice = service ? tr("The settings changed: these are the snapshots of the repository now in use.") : QString();
    qCInfo(lcUi) << "restore wizard:" << (service ? "new service, starting again" : "service gone");
    restart(); // the first page reads the new service's snapshots
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
    if (m_loaded || m_loading || !m_service)
        return;
    m_loading = true;
    auto* watcher = new QFutureWatcher<BackupService::SnapshotList>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation = m_loadGeneration] {
        watcher->deleteLater();
        if (generation != m_loadGeneration)
            return; // the old service's repository
        const BackupService::SnapshotList list = watcher->result();
        m_loadError = list.ok ? QString() : list.error;
        setSnapshots(list.snapshots);
        if (m_preselect.isEmpty() && m_model->rowCount() > 0)
            static_cast<SnapshotPage*>(page(SnapshotPageId))->select(m_model->snapshotAt(0).id);
    });
    watcher->setFuture(m_service->listSnapshots(QString(), false));
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
