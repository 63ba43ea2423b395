#pragma once

#include "Node.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;

// Writes one path of a snapshot (or all of it) into a .tar.gz or .zip file through the node (Node::download),
// with progress and Cancel. The file appears only when the archive is complete: a cancelled or failed download
// leaves nothing behind.
class DownloadDialog : public QDialog
{
    Q_OBJECT
public:
    // `entry.path` "/" for the whole snapshot.
    DownloadDialog(Node* node, const Snapshot& snapshot, const FileEntry& entry, QWidget* parent = nullptr);
    ~DownloadDialog() override; // cancels a download still running and waits for it

    // Starts writing the archive into `file`.
    void start(const QString& file, Node::ArchiveFormat format);
    void cancel();

    bool isRunning() const { return m_running; }
    bool isFinished() const { return m_finished; }
    bool succeeded() const { return m_ok; }
    QString error() const { return m_error; }
    QString file() const { return m_file; }

Q_SIGNALS:
    void finished(bool ok);

protected:
    void reject() override; // Esc and the window's close button cancel first

private:
    void updateProgress();
    void done(bool ok, const QString& error);

    QPointer<Node> m_node;
    Snapshot m_snapshot;
    FileEntry m_entry;
    QString m_file;
    NodeDownload* m_download = nullptr;
    bool m_running = false;
    bool m_cancelled = false;
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
