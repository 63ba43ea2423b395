#pragma once

#include "Config.h"
#include "SnapshotArchive.h"

#include <QDialog>
#include <QFutureWatcher>

#include <atomic>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;

// Writes one path of a snapshot (or all of it) into a .tar.gz or .zip file on a worker thread, with progress and
// Cancel. The file appears only when the archive is complete (QSaveFile): a cancelled or failed download leaves
// nothing behind. The worker has a Restic of its own, so that a settings change cannot pull it away.
class DownloadDialog : public QDialog
{
    Q_OBJECT
public:
    DownloadDialog(const Config& config, SnapshotArchive::Source source, QWidget* parent = nullptr);
    ~DownloadDialog() override; // cancels a download still running and waits for its worker

    // Starts writing the archive into `file`.
    void start(const QString& file, SnapshotArchive::Format format);
    void cancel();

    bool isRunning() const { return m_watcher.isRunning(); }
    bool isFinished() const { return m_finished; }
    bool succeeded() const { return m_ok; }
    QString error() const { return m_error; }
    QString file() const { return m_file; }

Q_SIGNALS:
    void finished(bool ok);

protected:
    void reject() override; // Esc and the window's close button cancel first

private:
    struct Shared
    {
        std::atomic<qint64> done{0};
        std::atomic<qint64> total{0};
        QString error; // written by the worker before it ends, read after
    };
    void updateProgress();
    void done();

    Config m_config;
    SnapshotArchive::Source m_source;
    QString m_file;
    std::shared_ptr<Shared> m_shared = std::make_shared<Shared>();
    CancelFlag m_cancel = std::make_shared<std::atomic_bool>(false);
    QFutureWatcher<bool> m_watcher;
    bool m_finished = false;
    bool m_ok = false;
    bool m_closeWhenDone = false;
    QString m_error;

    QLabel* m_what;
    QProgressBar* m_bar;
    QLabel* m_status;
    QPushButton* m_cancelButton;
    QPushButton* m_closeButton;
    QTimer* m_timer;
};
