#include "SnapshotArchive.h"
#include "ByteQueue.h"
#include "Logging.h"
#include "ResticCommands.h"

#include <QDateTime>
#include <QIODevice>
#include <QRegularExpression>

#include <archive.h>
#include <archive_entry.h>

#include <atomic>
#include <mutex>
#include <thread>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace {
// Each queue holds at most this much; with restic's 64 KiB pipe and libarchive's own buffers (gzip's or zip's
// deflate state, well under 1 MiB) a download holds about 10 MiB whatever its size.
constexpr qsizetype kInputBytes = 4 * 1024 * 1024;
constexpr qsizetype kOutputBytes = 4 * 1024 * 1024;
constexpr qsizetype kWriteChunk = 256 * 1024;

QString printable(const QByteArray& name)
{
    return QString::fromUtf8(name.left(512));
}

QByteArray trimSlashes(QByteArray s)
{
    while (s.startsWith('/'))
        s.remove(0, 1);
    while (s.endsWith('/'))
        s.chop(1);
    return s;
}

bool safeRelative(const QByteArray& name)
{
    if (name.isEmpty() || name.startsWith('/'))
        return false;
    for (const QByteArray& segment : name.split('/')) {
        if (segment.isEmpty() || segment == "." || segment == "..")
            return false;
    }
    return true;
}

// restic's RFC 3339 text ("2026-12-02T03:23:45.123456789+01:00") as seconds and nanoseconds since the epoch.
bool parseMtime(const QString& text, qint64* seconds, long* nanoseconds)
{
    static const QRegularExpression re(
        QStringLiteral("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)(?:\\.(\\d+))?(Z|[+-]\\d\\d:\\d\\d)$"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return false;
    const QDateTime t = QDateTime::fromString(m.captured(1) + m.captured(3), Qt::ISODate);
    if (!t.isValid())
        return false;
    *seconds = t.toSecsSinceEpoch();
    *nanoseconds = (m.captured(2) + QStringLiteral("000000000")).left(9).toLong();
    return true;
}

// What a download keeps of an entry: name, type, permissions, size, time, link. No owners, no xattrs.
archive_entry* newEntry(const QByteArray& name, mode_t type, int perm, qint64 size, qint64 mtime, long mtimeNs)
{
    archive_entry* e = archive_entry_new();
    archive_entry_update_pathname_utf8(e, name.constData());
    archive_entry_set_filetype(e, type);
    archive_entry_set_perm(e, mode_t(perm & 07777));
    archive_entry_set_size(e, type == AE_IFREG ? size : 0);
    archive_entry_set_mtime(e, time_t(mtime), mtimeNs);
    return e;
}

const char* utf8Name(archive_entry* entry)
{
    if (const char* name = archive_entry_pathname_utf8(entry))
        return name;
    return archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
}
} // namespace

struct SnapshotArchive::Private
{
    const Restic& restic;
    Source source;
    Format format;
    QByteArray prefix; // snapshot.paths[0] without leading or trailing '/'
    QByteArray path;   // source.path without the leading '/'; empty for the whole snapshot

    ByteQueue input{kInputBytes};
    ByteQueue output{kOutputBytes};
    QByteArray reading; // the chunk libarchive reads: kept alive until it asks for the next
    CancelFlag stop = std::make_shared<std::atomic_bool>(false);
    std::thread resticThread;
    std::thread archiveThread;
    bool started = false;

    mutable std::mutex mutex;
    bool failed = false;
    QString error;
    std::atomic<qint64> archived{0};

    Private(const Restic& r, Source s, Format f) : restic(r), source(std::move(s)), format(f) {}

    void fail(const QString& why)
    {
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (failed)
                return;
            failed = true;
            error = stop->load() ? SnapshotArchive::tr("The download was cancelled.") : why;
        }
        if (!stop->load())
            qCWarning(lcArchive).noquote()
                << "archive of" << source.snapshot.shortId << source.path << "failed:" << why;
        // Everything stops: the consumer at its next read, restic at its next write. The output first: the archiver,
        // woken by the input's abort, must find no reader for the trailer that freeing its writer would add.
        output.abort();
        input.abort();
    }

    bool isFailed() const
    {
        std::lock_guard<std::mutex> lock(mutex);
        return failed;
    }

    bool needsRestic() const
    {
        return path.isEmpty() || source.entry.type == FileEntry::Type::Dir ||
               source.entry.type == FileEntry::Type::File;
    }

    void runRestic()
    {
        QString dumpPath = source.snapshot.paths.value(0);
        if (!path.isEmpty())
            dumpPath += source.path;
        Restic::RunOptions options = Restic::readOnly(0); // a slow client may take hours: no time limit
        options.cancel = stop;
        options.keepStdout = false;
        options.onStdoutData = [this](const char* data, qsizetype size) { return input.push(data, size); };
        const ResticResult r = restic.run(ResticCommand::dump(source.snapshot.id, dumpPath), options);
        if (r.ok())
            input.finish();
        else
            fail(tr("restic could not read the snapshot: %1").arg(r.message));
    }

    static la_ssize_t readInput(archive* a, void* self, const void** buffer)
    {
        auto* d = static_cast<Private*>(self);
        d->reading.clear();
        if (!d->input.pop(&d->reading)) {
            if (!d->input.isAborted())
                return 0;
            archive_set_error(a, ECANCELED, "stream abandoned");
            return -1;
        }
        *buffer = d->reading.constData();
        return d->reading.size();
    }

    static la_ssize_t writeOutput(archive* a, void* self, const void* buffer, size_t size)
    {
        auto* d = static_cast<Private*>(self);
        if (!d->output.push(static_cast<const char*>(buffer), qsizetype(size))) {
            archive_set_error(a, ECANCELED, "reader gone");
            return -1;
        }
        return la_ssize_t(size);
    }

    bool openWriter(archive* w)
    {
        if (format == Format::TarGz) {
            // pax: names of any length and UTF-8, mtimes with nanoseconds. gzip level 1: the data of game servers
            // is mostly compressed already (region files), so higher levels cost time and save little.
            archive_write_set_format_pax_restricted(w);
            archive_write_add_filter_gzip(w);
            archive_write_set_filter_option(w, "gzip", "compression-level", "1");
        } else {
            // libarchive's zip writer never seeks: each deflated entry gets a data descriptor after its data,
            // and Zip64 records where sizes or offsets pass 4 GiB, so it streams to a socket.
            archive_write_set_format_zip(w);
            archive_write_set_format_option(w, "zip", "compression", "deflate");
            archive_write_set_format_option(w, "zip", "compression-level", "1");
            archive_write_set_format_option(w, "zip", "hdrcharset", "UTF-8"); // sets the UTF-8 name flag
        }
        archive_write_set_bytes_per_block(w, 64 * 1024); // fewer, larger chunks through the queue
        archive_write_set_bytes_in_last_block(w, 1);     // no padding after the end: a stream is not a tape
        if (archive_write_open(w, this, nullptr, &Private::writeOutput, nullptr) != ARCHIVE_OK) {
            fail(tr("Cannot start the archive: %1").arg(QString::fromLocal8Bit(archive_error_string(w))));
            return false;
        }
        return true;
    }

    bool writeHeader(archive* w, archive_entry* e, const QByteArray& name)
    {
        const int r = archive_write_header(w, e);
        archive_entry_free(e);
        if (r < ARCHIVE_WARN) {
            fail(tr("Cannot add %1 to the archive: %2")
                     .arg(printable(name), QString::fromLocal8Bit(archive_error_string(w))));
            return false;
        }
        return true;
    }

    bool writeData(archive* w, const void* data, size_t size, const QByteArray& name)
    {
        if (archive_write_data(w, data, size) < 0) {
            fail(tr("Cannot add %1 to the archive: %2")
                     .arg(printable(name), QString::fromLocal8Bit(archive_error_string(w))));
            return false;
        }
        archived += qint64(size);
        return true;
    }

    // The entry at `path` itself, from the file index: restic dumps a directory's contents, not the directory.
    archive_entry* indexEntry(mode_t type) const
    {
        qint64 seconds = 0;
        long ns = 0;
        parseMtime(source.entry.mtime, &seconds, &ns);
        return newEntry(path, type, source.entry.mode, source.entry.size, seconds, ns);
    }

    bool archiveSymlink(archive* w)
    {
        archive_entry* e = indexEntry(AE_IFLNK);
        archive_entry_update_symlink_utf8(e, source.entry.linkTarget.toUtf8().constData());
        return writeHeader(w, e, path);
    }

    // restic 0.14 dumps one file as its raw bytes: one entry, sized by the index and checked against what came.
    bool archiveFile(archive* w)
    {
        if (!writeHeader(w, indexEntry(AE_IFREG), path))
            return false;
        qint64 got = 0;
        QByteArray chunk;
        while (input.pop(&chunk)) {
            got += chunk.size();
            if (got > source.entry.size)
                break;
            if (!writeData(w, chunk.constData(), size_t(chunk.size()), path))
                return false;
        }
        if (input.isAborted())
            return false; // fail() said why
        if (got != source.entry.size) {
            fail(tr("restic gave %1 bytes of %2, the file index says %3")
                     .arg(got)
                     .arg(printable(path))
                     .arg(source.entry.size));
            return false;
        }
        return true;
    }

    enum class Name
    {
        Inside,
        Skip,
        Unsafe,
    };

    // Where an entry of restic's stream goes: `rest` relative to the server's root.
    Name map(const QByteArray& raw, QByteArray* rest) const
    {
        const QByteArray name = raw.endsWith('/') ? raw.left(raw.size() - 1) : raw;
        if (!safeRelative(name))
            return Name::Unsafe;
        if (name == prefix)
            return Name::Skip; // the server directory itself: the archive's root
        if (!name.startsWith(prefix + '/'))
            return Name::Unsafe;
        *rest = name.mid(prefix.size() + 1);
        if (path.isEmpty())
            return Name::Inside;
        if (*rest == path)
            return Name::Skip; // written from the index already
        return rest->startsWith(path + '/') ? Name::Inside : Name::Unsafe;
    }

    bool archiveTree(archive* w)
    {
        if (!path.isEmpty() && !writeHeader(w, indexEntry(AE_IFDIR), path))
            return false;
        archive* in = archive_read_new();
        archive_read_support_format_tar(in);
        const bool ok = copyTree(in, w);
        archive_read_free(in);
        return ok;
    }

    bool copyTree(archive* in, archive* w)
    {
        if (archive_read_open(in, this, nullptr, &Private::readInput, nullptr) != ARCHIVE_OK) {
            fail(tr("restic's dump is not a tar stream: %1").arg(QString::fromLocal8Bit(archive_error_string(in))));
            return false;
        }
        int leftOut = 0;
        for (;;) {
            archive_entry* entry = nullptr;
            const int r = archive_read_next_header(in, &entry);
            if (r == ARCHIVE_EOF)
                break;
            if (r < ARCHIVE_WARN) {
                fail(tr("restic's dump is damaged: %1").arg(QString::fromLocal8Bit(archive_error_string(in))));
                return false;
            }
            const QByteArray name(utf8Name(entry));
            QByteArray rest;
            const Name where = map(name, &rest);
            if (where == Name::Unsafe) {
                fail(tr("restic's dump holds a name outside %1, nothing more was archived: %2")
                         .arg(printable(prefix + '/' + path), printable(name)));
                return false;
            }
            const mode_t type = archive_entry_filetype(entry);
            if (where == Name::Skip)
                continue;
            if (type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK) {
                ++leftOut; // a device node or fifo has no place in a download (and zip cannot say it)
                continue;
            }
            archive_entry* e = newEntry(rest, type, int(archive_entry_perm(entry)), archive_entry_size(entry),
                                        archive_entry_mtime(entry), archive_entry_mtime_nsec(entry));
            if (type == AE_IFLNK) {
                const char* target = archive_entry_symlink_utf8(entry);
                archive_entry_update_symlink_utf8(e, target ? target : archive_entry_symlink(entry));
            }
            if (const char* link = archive_entry_hardlink_utf8(entry)) {
                QByteArray linkRest;
                if (map(QByteArray(link), &linkRest) != Name::Inside) {
                    archive_entry_free(e);
                    fail(tr("restic's dump links %1 to %2, outside the archive").arg(printable(name), printable(link)));
                    return false;
                }
                archive_entry_update_hardlink_utf8(e, linkRest.constData());
            }
            if (!writeHeader(w, e, rest))
                return false;
            const void* block = nullptr;
            size_t size = 0;
            la_int64_t offset = 0;
            for (;;) {
                const int rr = archive_read_data_block(in, &block, &size, &offset);
                if (rr == ARCHIVE_EOF)
                    break;
                if (rr < ARCHIVE_WARN) {
                    fail(tr("restic's dump is damaged at %1: %2")
                             .arg(printable(rest), QString::fromLocal8Bit(archive_error_string(in))));
                    return false;
                }
                if (!writeData(w, block, size, rest))
                    return false;
            }
        }
        if (leftOut > 0)
            qCInfo(lcArchive).noquote() << "left" << leftOut << "device nodes, fifos or sockets out of the archive of"
                                        << source.snapshot.shortId << source.path;
        // The tar's end marker may come before restic has exited: only its exit status says the dump was whole.
        QByteArray rest;
        while (input.pop(&rest)) {
        }
        return !input.isAborted();
    }

    void runArchive()
    {
        archive* w = archive_write_new();
        bool ok = openWriter(w);
        if (ok) {
            switch (path.isEmpty() ? FileEntry::Type::Dir : source.entry.type) {
            case FileEntry::Type::Dir:
                ok = archiveTree(w);
                break;
            case FileEntry::Type::File:
                ok = archiveFile(w);
                break;
            case FileEntry::Type::Symlink:
                ok = archiveSymlink(w);
                break;
            case FileEntry::Type::Other:
                fail(tr("%1 is a device, fifo or socket, which an archive cannot hold.").arg(printable(path)));
                ok = false;
                break;
            }
        }
        // Closing writes gzip's trailer or zip's central directory: only a whole archive gets one.
        if (ok && archive_write_close(w) != ARCHIVE_OK) {
            fail(tr("Cannot finish the archive: %1").arg(QString::fromLocal8Bit(archive_error_string(w))));
            ok = false;
        }
        if (!ok) {
            fail(tr("The archive could not be made.")); // a no-op when a step already said why
            output.abort();                             // freeing the writer closes it: nobody may read that
        }
        archive_write_free(w);
        if (ok)
            output.finish();
    }
};

std::optional<SnapshotArchive::Format> SnapshotArchive::parseFormat(const QString& name)
{
    if (name == QLatin1String("tar.gz"))
        return Format::TarGz;
    if (name == QLatin1String("zip"))
        return Format::Zip;
    return std::nullopt;
}

QString SnapshotArchive::extension(Format format)
{
    return format == Format::Zip ? QStringLiteral("zip") : QStringLiteral("tar.gz");
}

QByteArray SnapshotArchive::contentType(Format format)
{
    return format == Format::Zip ? QByteArrayLiteral("application/zip") : QByteArrayLiteral("application/gzip");
}

QString SnapshotArchive::fileName(const QString& backupUuid, const QString& path, Format format)
{
    QString name = backupUuid;
    const QString last = path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
    if (!last.isEmpty())
        name += QLatin1Char('-') + last;
    for (QChar& c : name) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\') || c == QLatin1Char('/') || c.unicode() < 0x20 ||
            c.unicode() == 0x7f)
            c = QLatin1Char('_');
    }
    return name + QLatin1Char('.') + extension(format);
}

SnapshotArchive::SnapshotArchive(const Restic& restic, Source source, Format format)
    : d(std::make_unique<Private>(restic, std::move(source), format))
{
    d->prefix = trimSlashes(d->source.snapshot.paths.value(0).toUtf8());
    d->path = trimSlashes(d->source.path.toUtf8());
}

SnapshotArchive::~SnapshotArchive()
{
    cancel();
    if (d->resticThread.joinable())
        d->resticThread.join();
    if (d->archiveThread.joinable())
        d->archiveThread.join();
}

void SnapshotArchive::start()
{
    if (d->started)
        return;
    d->started = true;
    if (d->prefix.isEmpty() || !Snapshot::isSnapshotId(d->source.snapshot.id)) {
        d->fail(tr("The snapshot has no path to archive."));
        return;
    }
    if (!d->path.isEmpty() && !safeRelative(d->path)) {
        d->fail(tr("The path to archive is not relative to the server's root."));
        return;
    }
    if (d->needsRestic())
        d->resticThread = std::thread([this] { d->runRestic(); });
    d->archiveThread = std::thread([this] { d->runArchive(); });
}

void SnapshotArchive::cancel()
{
    {
        std::lock_guard<std::mutex> lock(d->mutex);
        if (d->failed)
            return;
    }
    // Nothing to cancel once the archive is complete; the consumer may still be reading it.
    if (d->output.isFinished())
        return;
    d->stop->store(true);
    d->fail(tr("The download was cancelled."));
}

void SnapshotArchive::setOnReadable(std::function<void()> callback)
{
    d->output.setOnReadable(std::move(callback));
}

SnapshotArchive::Read SnapshotArchive::read(QByteArray* out, qsizetype max)
{
    switch (d->output.tryPop(out, max)) {
    case ByteQueue::Take::Data:
        return Read::Data;
    case ByteQueue::Take::Empty:
        return Read::Wait;
    case ByteQueue::Take::End:
        return Read::End;
    case ByteQueue::Take::Aborted:
        break;
    }
    return Read::Failed;
}

bool SnapshotArchive::writeAll(const std::function<bool(const QByteArray&)>& sink, const CancelFlag& cancel,
                               const Progress& progress)
{
    start();
    QByteArray chunk;
    for (;;) {
        if (cancel && cancel->load()) {
            this->cancel();
            return false;
        }
        switch (d->output.popFor(&chunk, kWriteChunk, 100)) {
        case ByteQueue::Take::Data:
            if (!sink(chunk)) {
                d->fail(tr("Cannot write the archive: %1").arg(QString::fromLocal8Bit(strerror(errno))));
                return false;
            }
            if (progress)
                progress(bytesArchived(), totalBytes());
            break;
        case ByteQueue::Take::Empty:
            break;
        case ByteQueue::Take::End:
            if (progress)
                progress(bytesArchived(), totalBytes());
            return true;
        case ByteQueue::Take::Aborted:
            return false;
        }
    }
}

bool SnapshotArchive::writeTo(QIODevice* device, const CancelFlag& cancel, const Progress& progress)
{
    return writeAll([device](const QByteArray& data) { return device->write(data) == data.size(); }, cancel, progress);
}

bool SnapshotArchive::writeTo(int fd, const CancelFlag& cancel, const Progress& progress)
{
    return writeAll(
        [fd](const QByteArray& data) {
            qsizetype done = 0;
            while (done < data.size()) {
                const ssize_t n = ::write(fd, data.constData() + done, size_t(data.size() - done));
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0)
                    return false;
                done += n;
            }
            return true;
        },
        cancel, progress);
}

QString SnapshotArchive::error() const
{
    std::lock_guard<std::mutex> lock(d->mutex);
    return d->error;
}

qint64 SnapshotArchive::bytesArchived() const
{
    return d->archived.load();
}

qint64 SnapshotArchive::totalBytes() const
{
    return d->source.totalBytes;
}
