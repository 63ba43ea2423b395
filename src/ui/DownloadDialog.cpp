#include "DownloadDialog.h"
#include "Format.h"
#include "Icons.h"
#include "Style.h"
#include "UiLogging.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <utility>

namespace {
constexpr int kProgressMs = 200;
} // namespace

DownloadDialog::DownloadDialog(const Config& config, SnapshotArchive::Source source, QWidget* parent)
    : QDialog(parent), m_config(config), m_source(std::move(source))
{
    setWindowTitle(tr("Download"));
    setWindowIcon(Icons::icon(Icons::Glyph::Download));
    auto* layout = new QVBoxLayout(this);
    m_what = new QLabel(this);
    m_what->setObjectName(QStringLiteral("downloadWhat"));
    m_what->setWordWrap(true);
    m_what->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_what);
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("downloadProgress"));
    layout->addWidget(m_bar);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("downloadStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    layout->addStretch(1);
    auto* buttons = new QHBoxLayout();
    buttons->addStretch(1);
    m_cancelButton = new QPushButton(Icons::icon(Icons::Glyph::Cancel), tr("&Cancel Download"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelDownloadButton"));
    m_closeButton = new QPushButton(tr("Close"), this);
    m_closeButton->setEnabled(false);
    buttons->addWidget(m_cancelButton);
    buttons->addWidget(m_closeButton);
    layout->addLayout(buttons);
    connect(m_cancelButton, &QPushButton::clicked, this, &DownloadDialog::cancel);
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::accept);
    m_timer = new QTimer(this);
    m_timer->setInterval(kProgressMs);
    connect(m_timer, &QTimer::timeout, this, &DownloadDialog::updateProgress);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &DownloadDialog::done);
    resize(520, 180);
}

DownloadDialog::~DownloadDialog()
{
    m_cancel->store(true);
    m_watcher.waitForFinished();
}

void DownloadDialog::start(const QString& file, SnapshotArchive::Format format)
{
    if (m_watcher.isRunning())
        return;
    m_file = file;
    m_finished = false;
    m_ok = false;
    m_error.clear();
    m_cancel->store(false);
    m_shared = std::make_shared<Shared>();
    m_shared->total = m_source.totalBytes;
    const QString what = m_source.path == QLatin1String("/")
                             ? tr("The whole snapshot %1").arg(m_source.snapshot.shortId)
                             : tr("%1 from snapshot %2").arg(m_source.path, m_source.snapshot.shortId);
    m_what->setText(tr("%1 into %2").arg(what, QDir::toNativeSeparators(file)));
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Starting restic…"));
    m_bar->setRange(0, 0);
    m_cancelButton->setEnabled(true);
    m_cancelButton->show();
    m_closeButton->setEnabled(false);
    qCInfo(lcUi).noquote() << "download:" << m_source.path << "of" << m_source.snapshot.shortId << "into" << file;
    m_watcher.setFuture(
        QtConcurrent::run([config = m_config, source = m_source, format, file, cancel = m_cancel, shared = m_shared] {
            const Restic restic(config);
            SnapshotArchive archive(restic, source, format);
            QSaveFile out(file);
            if (!out.open(QIODevice::WriteOnly)) {
                shared->error = DownloadDialog::tr("Cannot write %1: %2").arg(file, out.errorString());
                return false;
            }
            const bool ok = archive.writeTo(&out, cancel, [shared](qint64 done, qint64 total) {
                shared->done = done;
                shared->total = total;
            });
            if (!ok) {
                shared->error = archive.error();
                out.cancelWriting();
                return false;
            }
            if (!out.commit()) {
                shared->error = DownloadDialog::tr("Cannot write %1: %2").arg(file, out.errorString());
                return false;
            }
            return true;
        }));
    m_timer->start();
}

void DownloadDialog::cancel()
{
    if (!m_watcher.isRunning())
        return;
    m_cancel->store(true);
    m_cancelButton->setEnabled(false);
    m_status->setText(tr("Cancelling…"));
}

void DownloadDialog::reject()
{
    if (m_watcher.isRunning()) {
        m_closeWhenDone = true; // once the worker has stopped, and nothing of the file is left
        cancel();
        return;
    }
    QDialog::reject();
}

void DownloadDialog::updateProgress()
{
    const qint64 done = m_shared->done;
    const qint64 total = m_shared->total;
    if (m_cancel->load())
        return;
    if (total > 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(qMin<qint64>(1000, done * 1000 / total)));
        m_status->setText(tr("%1 of %2").arg(Format::size(done), Format::size(total)));
    } else {
        m_bar->setRange(0, 0); // the size of a folder is not known ahead
        m_status->setText(done > 0 ? tr("%1 so far").arg(Format::size(done)) : tr("Reading the snapshot…"));
    }
}

void DownloadDialog::done()
{
    m_timer->stop();
    const bool cancelled = m_cancel->load();
    m_finished = true;
    m_ok = m_watcher.result() && !cancelled;
    m_error = m_ok ? QString() : (cancelled ? tr("Cancelled.") : m_shared->error);
    m_bar->setRange(0, 1);
    m_bar->setValue(m_ok ? 1 : 0);
    m_cancelButton->hide();
    m_closeButton->setEnabled(true);
    m_closeButton->setDefault(true);
    if (m_ok) {
        m_status->setText(
            tr("Done: %1 (%2).").arg(QDir::toNativeSeparators(m_file), Format::size(QFileInfo(m_file).size())));
    } else if (cancelled) {
        m_status->setText(tr("Cancelled. No file was written."));
    } else {
        m_status->setStyleSheet(Style::errorTextSheet());
        m_status->setText(tr("The download failed: %1").arg(m_error));
    }
    qCInfo(lcUi).noquote() << "download" << (m_ok ? "done" : cancelled ? "cancelled" : "failed:") << m_error;
    Q_EMIT finished(m_ok);
    if (std::exchange(m_closeWhenDone, false))
        QDialog::reject();
}
