#include "TarExtractor.h"
#include "ByteQueue.h"
#include "Logging.h"

#include <QCoreApplication>
#include <QFile>

#include <archive.h>
#include <archive_entry.h>

#include <atomic>
#include <mutex>
#include <thread>

#include <cerrno>
#include <cstring>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {
constexpr qsizetype kBufferBytes = 8 * 1024 * 1024;

// What libarchive may do on disk. No owners (the restore hands every entry to the server's owner afterwards),
// no extended attributes (a security.capability from a hostile snapshot must not reach disk).
constexpr int kDiskFlags = ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM | ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                           ARCHIVE_EXTRACT_SECURE_NODOTDOT | ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS;

QString printable(const QByteArray& name)
{
    return QString::fromUtf8(name.left(512));
}
} // namespace

struct TarExtractor::Private
{
    QByteArray destination;
    QByteArray prefix; // without leading or trailing '/'

    std::thread worker;
    mutable std::mutex mutex;
    ByteQueue input{kBufferBytes};
    QByteArray reading; // the chunk libarchive is reading: kept alive until it asks for the next
    bool failed = false;
    QString error;
    QStringList skipped;
    int written = 0;
    std::atomic<qint64> bytes{0};

    void fail(const QString& why)
    {
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (!failed) {
                failed = true;
                error = why;
            }
        }
        input.close(); // the producer stops at its next feed
    }

    static la_ssize_t read(archive* a, void* self, const void** buffer)
    {
        auto* d = static_cast<Private*>(self);
        d->reading.clear();
        if (!d->input.pop(&d->reading)) {
            if (!d->input.isAborted())
                return 0; // end of stream
            archive_set_error(a, ECANCELED, "stream abandoned");
            return -1;
        }
        *buffer = d->reading.constData();
        return d->reading.size();
    }

    enum class Name
    {
        Inside,
        Outside,
        Unsafe,
    };

    // Where an entry of the stream goes: `rest` relative to the destination.
    Name map(const QByteArray& name, QByteArray* rest) const
    {
        if (name.startsWith('/'))
            return Name::Unsafe;
        QByteArray n = name;
        while (n.endsWith('/'))
            n.chop(1);
        for (const QByteArray& segment : n.split('/')) {
            if (segment.isEmpty() || segment == "." || segment == "..")
                return Name::Unsafe;
        }
        if (n == prefix) {
            rest->clear(); // the directory itself: the destination already stands for it
            return Name::Inside;
        }
        if (!n.startsWith(prefix + '/'))
            return Name::Outside;
        *rest = n.mid(prefix.size() + 1);
        return Name::Inside;
    }

    void run()
    {
        // A thread of its own for the working directory: libarchive's secure mode wants relative names, and
        // a process-wide chdir would move every other thread too.
        if (::unshare(CLONE_FS) != 0 || ::chdir(destination.constData()) != 0) {
            fail(TarExtractor::tr("Cannot enter %1: %2")
                     .arg(QFile::decodeName(destination), QString::fromLocal8Bit(strerror(errno))));
            return;
        }
        ::umask(022);
        archive* in = archive_read_new();
        archive* out = archive_write_disk_new();
        archive_read_support_format_tar(in);
        archive_write_disk_set_options(out, kDiskFlags);
        extract(in, out);
        archive_read_free(in);
        archive_write_free(out);
        input.close(); // the archive has ended: what restic still writes is padding
    }

    void extract(archive* in, archive* out)
    {
        if (archive_read_open(in, this, nullptr, &Private::read, nullptr) != ARCHIVE_OK) {
            fail(TarExtractor::tr("Not a tar stream: %1").arg(QString::fromLocal8Bit(archive_error_string(in))));
            return;
        }
        int outside = 0;
        int inside = 0;
        for (;;) {
            archive_entry* entry = nullptr;
            const int r = archive_read_next_header(in, &entry);
            if (r == ARCHIVE_EOF)
                break;
            if (r < ARCHIVE_WARN) {
                fail(TarExtractor::tr("The archive is damaged: %1")
                         .arg(QString::fromLocal8Bit(archive_error_string(in))));
                return;
            }
            const QByteArray name(archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "");
            QByteArray rest;
            const Name where = map(name, &rest);
            if (where == Name::Unsafe) {
                fail(TarExtractor::tr("The archive holds an unsafe name, nothing was restored: %1")
                         .arg(printable(name)));
                return;
            }
            if (where == Name::Outside) {
                ++outside;
                continue;
            }
            ++inside;
            if (rest.isEmpty())
                continue;
            const mode_t type = archive_entry_filetype(entry);
            if (type == AE_IFCHR || type == AE_IFBLK || type == AE_IFSOCK) {
                std::lock_guard<std::mutex> lock(mutex);
                skipped << QString::fromUtf8(rest);
                continue;
            }
            if (const char* link = archive_entry_hardlink(entry)) {
                QByteArray linkRest;
                if (map(QByteArray(link), &linkRest) != Name::Inside || linkRest.isEmpty()) {
                    fail(TarExtractor::tr("The archive links %1 to %2, outside the restore")
                             .arg(printable(name), printable(link)));
                    return;
                }
                archive_entry_copy_hardlink(entry, linkRest.constData());
            }
            archive_entry_copy_pathname(entry, rest.constData());
            if (archive_write_header(out, entry) < ARCHIVE_WARN) {
                fail(TarExtractor::tr("Cannot restore %1: %2")
                         .arg(printable(rest), QString::fromLocal8Bit(archive_error_string(out))));
                return;
            }
            const void* block = nullptr;
            size_t size = 0;
            la_int64_t offset = 0;
            for (;;) {
                const int rr = archive_read_data_block(in, &block, &size, &offset);
                if (rr == ARCHIVE_EOF)
                    break;
                if (rr < ARCHIVE_WARN) {
                    fail(TarExtractor::tr("The archive is damaged at %1: %2")
                             .arg(printable(rest), QString::fromLocal8Bit(archive_error_string(in))));
                    return;
                }
                if (archive_write_data_block(out, block, size, offset) < ARCHIVE_WARN) {
                    fail(TarExtractor::tr("Cannot write %1: %2")
                             .arg(printable(rest), QString::fromLocal8Bit(archive_error_string(out))));
                    return;
                }
                bytes += qint64(size);
            }
            if (archive_write_finish_entry(out) < ARCHIVE_WARN) {
                fail(TarExtractor::tr("Cannot finish %1: %2")
                         .arg(printable(rest), QString::fromLocal8Bit(archive_error_string(out))));
                return;
            }
            std::lock_guard<std::mutex> lock(mutex);
            ++written;
        }
        // Directories get their modes and times last, once nothing more is written into them.
        if (archive_write_close(out) < ARCHIVE_WARN) {
            fail(TarExtractor::tr("Cannot finish the restore: %1")
                     .arg(QString::fromLocal8Bit(archive_error_string(out))));
            return;
        }
        // A restic that names entries differently (another version) must not look like an empty snapshot:
        // a truncating restore of nothing would empty the server.
        if (inside == 0 && outside > 0)
            fail(
                TarExtractor::tr("None of the archive's %1 entries lies below %2").arg(outside).arg(printable(prefix)));
        else if (outside > 0)
            qCWarning(lcRestore).noquote() << "skipped" << outside << "archive entries outside" << printable(prefix);
    }
};

TarExtractor::TarExtractor(const QString& destination, const QString& stripPrefix) : d(std::make_unique<Private>())
{
    d->destination = QFile::encodeName(destination);
    QByteArray prefix = QFile::encodeName(stripPrefix);
    while (prefix.startsWith('/'))
        prefix.remove(0, 1);
    while (prefix.endsWith('/'))
        prefix.chop(1);
    d->prefix = prefix;
}

TarExtractor::~TarExtractor()
{
    if (d->worker.joinable())
        finish(false);
}

bool TarExtractor::start(QString* error)
{
    if (d->prefix.isEmpty()) {
        *error = tr("Nothing to restore from: the snapshot's path is empty");
        return false;
    }
    d->worker = std::thread([this] { d->run(); });
    return true;
}

bool TarExtractor::feed(const char* data, qsizetype size)
{
    if (d->input.push(data, size))
        return true;
    // Closed: either the extraction failed (stop restic) or the archive has ended (the rest is padding).
    std::lock_guard<std::mutex> lock(d->mutex);
    return !d->failed;
}

bool TarExtractor::finish(bool complete)
{
    if (complete)
        d->input.finish();
    else
        d->input.abort();
    if (d->worker.joinable())
        d->worker.join();
    std::lock_guard<std::mutex> lock(d->mutex);
    return complete && !d->failed;
}

QString TarExtractor::error() const
{
    std::lock_guard<std::mutex> lock(d->mutex);
    return d->error;
}

qint64 TarExtractor::bytesWritten() const
{
    return d->bytes.load();
}

QStringList TarExtractor::skipped() const
{
    std::lock_guard<std::mutex> lock(d->mutex);
    return d->skipped;
}

int TarExtractor::entriesWritten() const
{
    std::lock_guard<std::mutex> lock(d->mutex);
    return d->written;
}
