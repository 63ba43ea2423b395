#pragma once

#include "Restic.h"
#include "Snapshot.h"
#include "catalogue/FileIndex.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QIODevice;

// A `.tar.gz` or `.zip` of one path of a snapshot (or of all of it), made while it is read: `restic dump --archive
// tar` is read with libarchive and written again with libarchive, on threads of its own, into a bounded queue that
// a consumer pulls from. Every stage is bounded (restic's pipe, a few MiB in, a few MiB out), so a slow consumer
// holds up libarchive, which holds up restic: memory stays flat whatever the snapshot's size.
//
// Entry names are relative to the server's root (`world/level.dat`): the snapshot's first path is stripped, and a
// name that is absolute, holds `..`, or lies outside the requested path fails the archive (the stream comes from a
// repository other nodes write too). restic 0.14 dumps a single file raw, not as tar, and refuses a symlink; both
// become one entry made from the file index's entry. Device nodes, fifos and sockets are left out.
//
// Two kinds of consumer: an event loop (setOnReadable + read, never blocking) and a worker thread (writeTo).
class SnapshotArchive
{
    Q_DECLARE_TR_FUNCTIONS(SnapshotArchive)

public:
    enum class Format
    {
        TarGz,
        Zip,
    };
    // "tar.gz" or "zip"; nothing for anything else.
    static std::optional<Format> parseFormat(const QString& name);
    static QString extension(Format format);
    static QByteArray contentType(Format format);
    // "<backup uuid>[-<last segment of path>].<extension>", with nothing that could break a header or name a
    // directory (quotes, backslashes, control characters and slashes become '_').
    static QString fileName(const QString& backupUuid, const QString& path, Format format);

    struct Source
    {
        Snapshot snapshot;                  // paths[0] is the server directory the backup was made of
        QString path = QStringLiteral("/"); // relative to the server's root, as FileIndex::pathProblem wants it
        FileEntry entry;                    // what lies at `path`, from the file index (unused for "/")
        qint64 totalBytes = 0;              // file bytes expected, for progress; 0 when unknown
    };

    SnapshotArchive(const Restic& restic, Source source, Format format);
    ~SnapshotArchive(); // cancels what still runs and joins its threads

    // Starts restic and the archiver (writeTo starts them itself).
    void start();
    // Stops restic and the archiver without waiting for them; what was not read yet is dropped. Any thread.
    void cancel();

    // Event-loop consumer. The callback runs on a worker thread whenever data arrives or the archive ends (post to
    // your thread from it, and call read there). Set it before start().
    void setOnReadable(std::function<void()> callback);
    enum class Read
    {
        Data,
        Wait, // nothing now: the callback says when
        End,  // complete: everything was read
        Failed,
    };
    Read read(QByteArray* out, qsizetype max);

    // Worker-thread consumer: writes the whole archive, blocking. `progress(done, total)` reports file bytes
    // archived against Source::totalBytes (total 0 when unknown). False on failure or cancel (see error()).
    using Progress = std::function<void(qint64 done, qint64 total)>;
    bool writeTo(QIODevice* device, const CancelFlag& cancel, const Progress& progress = {});
    bool writeTo(int fd, const CancelFlag& cancel, const Progress& progress = {});

    QString error() const;
    qint64 bytesArchived() const; // file contents so far
    qint64 totalBytes() const;

private:
    bool writeAll(const std::function<bool(const QByteArray&)>& sink, const CancelFlag& cancel,
                  const Progress& progress);

    struct Private;
    std::unique_ptr<Private> d;
};
