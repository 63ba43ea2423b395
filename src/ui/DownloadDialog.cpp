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
#include <QTimer>
#include <QVBoxLayout>

#include <utility>

namespace {
constexpr int kProgressMs = 200;
} // namespace

DownloadDialog::DownloadDialog(Node* node, const Snapshot& snapshot, const FileEntry& entry, QWidget* parent)
    : QDialog(parent), m_node(node), m_snapshot(snapshot), m_entry(entry)
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
    resize(520, 180);
}

DownloadDialog::~DownloadDialog()
{
    delete m_download; // cancels and waits
}

void DownloadDialog::start(const QString& file, Node::ArchiveFormat format)
{
    if (m_running)
        return;
    m_file = file;
    m_finished = false;
    m_ok = false;
    m_cancelled = false;
    m_error.clear();
    const QString path = m_entry.path.isEmpty() ? QStringLiteral("/") : m_entry.path;
    const QString what = path == QLatin1String("/") ? tr("The whole snapshot %1").arg(m_snapshot.shortId)
                                                    : tr("%1 from snapshot %2").arg(path, m_snapshot.shortId);
    m_what->setText(tr("%1 into %2").arg(what, QDir::toNativeSeparators(file)));
    m_status->setStyleSheet(QString());
    m_bar->setRange(0, 0);
    m_cancelButton->setEnabled(true);
    m_cancelButton->show();
    m_closeButton->setEnabled(false);
    delete m_download;
    m_download = nullptr;
    if (!m_node) {
        done(false, tr("The node is gone."));
        return;
    }
    m_status->setText(m_node->isLocal() ? tr("Starting restic…") : tr("Asking %1…").arg(m_node->displayLabel()));
    qCInfo(lcUi).noquote() << "download:" << path << "of" << m_snapshot.shortId << "into" << file;
    m_running = true;
    m_download = m_node->download(m_snapshot, m_entry, format, file, this);
    connect(m_download, &NodeDownload::finished, this, &DownloadDialog::done);
    m_timer->start();
}

void DownloadDialog::cancel()
{
    if (!m_running)
        return;
    m_cancelled = true;
    m_download->cancel();
    m_cancelButton->setEnabled(false);
    m_status->setText(tr("Cancelling…"));
}

void DownloadDialog::reject()
{
    if (m_running) {
        m_closeWhenDone = true; // once the worker has stopped, and nothing of the file is left
        cancel();
        return;
    }
    QDialog::reject();
}

void DownloadDialog::updateProgress()
{
    if (!m_download || m_cancelled)
        return;
    const qint64 done = m_download->bytesDone();
    const qint64 total = m_download->totalBytes();
    if (total > 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(qMin<qint64>(1000, done * 1000 / total)));
        m_status->setText(tr("%1 of %2").arg(Format::size(done), Format::size(total)));
    } else {
        m_bar->setRange(0, 0); // the size of a folder is not known ahead
        m_status->setText(done > 0 ? tr("%1 so far").arg(Format::size(done)) : tr("Reading the snapshot…"));
    }
}

void DownloadDialog::done(bool ok, const QString& error)
{
    m_timer->stop();
    m_running = false;
    const bool cancelled = m_cancelled;
    m_finished = true;
    m_ok = ok && !cancelled;
    m_error = m_ok ? QString() : (cancelled ? tr("Cancelled.") : error);
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
