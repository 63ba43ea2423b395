#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <memory>

// Unpacks a tar stream (`restic dump --archive tar`) into a directory with libarchive, on a thread of its own.
// The producer (the restic runner's stdout) feeds it through a bounded buffer, so a fast restic waits for a
// slow disk instead of filling memory.
//
// Only entries below `stripPrefix` are written, each at `<destination>/<rest>`. The stream comes from a
// repository other nodes write too, so it is hostile until proven otherwise: an absolute name or a `..` fails
// the extraction, nothing is written through a symlink, and device nodes are not created.
class TarExtractor
{
    Q_DECLARE_TR_FUNCTIONS(TarExtractor)

public:
    TarExtractor(const QString& destination, const QString& stripPrefix);
    ~TarExtractor(); // aborts and joins a running extraction

    bool start(QString* error);
    // Blocks while the buffer is full. False once the extraction has failed: stop feeding.
    bool feed(const char* data, qsizetype size);
    // Ends the stream and waits for the extraction. `complete` says the producer ended cleanly; without it the
    // extraction is abandoned. True when every entry was written.
    bool finish(bool complete);

    QString error() const;
    // Bytes of file contents written so far (any thread): exact progress against the snapshot's size.
    qint64 bytesWritten() const;
    // Entries below the prefix that were not created (device nodes), relative to the destination.
    QStringList skipped() const;
    int entriesWritten() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};
