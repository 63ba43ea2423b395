#pragma once

#include <QByteArray>

#include <archive.h>
#include <archive_entry.h>

#include <sys/stat.h>
#include <sys/sysmacros.h>

// For tests of what reads `restic dump --archive tar` (TarExtractor, SnapshotArchive): a pax tar stream made
// entry by entry with libarchive's writer, hostile ones included. Link LibArchive::LibArchive.
class TarStream
{
public:
    TarStream()
    {
        m_archive = archive_write_new();
        archive_write_set_format_pax_restricted(m_archive);
        archive_write_set_bytes_in_last_block(m_archive, 1);
        archive_write_open(m_archive, this, nullptr, &TarStream::write, nullptr);
    }
    ~TarStream()
    {
        if (m_archive)
            archive_write_free(m_archive);
    }

    void file(const QByteArray& name, const QByteArray& content, int mode = 0644)
    {
        add(name, AE_IFREG, mode, content);
    }
    void dir(const QByteArray& name, int mode = 0755) { add(name, AE_IFDIR, mode, {}); }
    void symlink(const QByteArray& name, const QByteArray& target) { add(name, AE_IFLNK, 0777, {}, target); }
    void hardlink(const QByteArray& name, const QByteArray& target) { add(name, AE_IFREG, 0644, {}, {}, target); }
    void device(const QByteArray& name) { add(name, AE_IFCHR, 0666, {}); }

    QByteArray bytes()
    {
        if (m_archive) {
            archive_write_close(m_archive);
            archive_write_free(m_archive);
            m_archive = nullptr;
        }
        return m_bytes;
    }

private:
    void add(const QByteArray& name, mode_t type, int mode, const QByteArray& content, const QByteArray& symlink = {},
             const QByteArray& hardlink = {})
    {
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, name.constData());
        archive_entry_set_filetype(e, type);
        archive_entry_set_perm(e, mode);
        archive_entry_set_mtime(e, 1700000000, 0);
        if (!symlink.isEmpty())
            archive_entry_set_symlink(e, symlink.constData());
        if (!hardlink.isEmpty())
            archive_entry_set_hardlink(e, hardlink.constData());
        if (type == AE_IFCHR)
            archive_entry_set_rdev(e, makedev(1, 3));
        archive_entry_set_size(e, hardlink.isEmpty() ? content.size() : 0);
        archive_write_header(m_archive, e);
        if (!content.isEmpty())
            archive_write_data(m_archive, content.constData(), size_t(content.size()));
        archive_entry_free(e);
    }
    static la_ssize_t write(archive*, void* self, const void* data, size_t size)
    {
        static_cast<TarStream*>(self)->m_bytes.append(static_cast<const char*>(data), qsizetype(size));
        return la_ssize_t(size);
    }

    archive* m_archive = nullptr;
    QByteArray m_bytes;
};
