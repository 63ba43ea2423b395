#pragma once

#include "catalogue/FileIndex.h"

#include <QAbstractTableModel>
#include <QIcon>

#include <array>
#include <functional>

// What changed between two snapshots of a server, one row per entry: added, removed or changed (content, size or
// type), with the type and the size before and after. Filtered by kind and by a substring of the path; the counts
// per kind are of the whole comparison, not of what the filter shows.
class FileDiffModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        ChangeColumn,
        PathColumn,
        TypeColumn,
        SizeBeforeColumn,
        SizeAfterColumn,
        ColumnCount,
    };
    Q_ENUM(Column)

    enum class Kind
    {
        Added,
        Removed,
        Changed,
    };
    Q_ENUM(Kind)

    enum Role
    {
        KindRole = Qt::UserRole + 1, // int(Kind)
        PathRole,
    };

    using IconFor = std::function<QIcon(Kind)>;

    explicit FileDiffModel(QObject* parent = nullptr);

    void setChanges(const QList<FileChange>& added, const QList<FileChange>& removed, const QList<FileChange>& changed);
    void clear() { setChanges({}, {}, {}); }
    void setIconFor(IconFor iconFor);

    void setKindShown(Kind kind, bool shown);
    bool isKindShown(Kind kind) const { return m_shown[size_t(kind)]; }
    // Case-insensitive substring of the path; empty shows every row.
    void setFilterText(const QString& text);
    QString filterText() const { return m_filter; }

    int count(Kind kind) const { return m_counts[size_t(kind)]; }
    int totalCount() const { return int(m_all.size()); }
    static QString kindName(Kind kind);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        Kind kind;
        FileChange change;
    };
    void refilter();
    void filterRows(); // m_rows from m_all, inside a reset

    QList<Row> m_all;  // by path
    QList<int> m_rows; // indexes into m_all that pass the filter
    std::array<int, 3> m_counts{};
    std::array<bool, 3> m_shown{true, true, true};
    QString m_filter;
    IconFor m_iconFor;
};
