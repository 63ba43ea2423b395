#include "FileDiffModel.h"
#include "Format.h"

#include <QColor>

#include <algorithm>

namespace {
QColor colourOf(FileDiffModel::Kind kind)
{
    switch (kind) {
    case FileDiffModel::Kind::Added:
        return QColor(0x2e, 0x7d, 0x32);
    case FileDiffModel::Kind::Removed:
        return QColor(0xb3, 0x26, 0x1e);
    case FileDiffModel::Kind::Changed:
        break;
    }
    return QColor(0x8a, 0x5a, 0x00);
}
} // namespace

FileDiffModel::FileDiffModel(QObject* parent) : QAbstractTableModel(parent) {}

void FileDiffModel::setChanges(const QList<FileChange>& added, const QList<FileChange>& removed,
                               const QList<FileChange>& changed)
{
    beginResetModel();
    m_all.clear();
    m_all.reserve(added.size() + removed.size() + changed.size());
    for (const FileChange& c : added)
        m_all.append({Kind::Added, c});
    for (const FileChange& c : removed)
        m_all.append({Kind::Removed, c});
    for (const FileChange& c : changed)
        m_all.append({Kind::Changed, c});
    // One list by path, so that a folder's changes read together whatever their kind.
    std::stable_sort(m_all.begin(), m_all.end(),
                     [](const Row& a, const Row& b) { return a.change.path.toUtf8() < b.change.path.toUtf8(); });
    m_counts = {int(added.size()), int(removed.size()), int(changed.size())};
    filterRows();
    endResetModel();
}

void FileDiffModel::setIconFor(IconFor iconFor)
{
    m_iconFor = std::move(iconFor);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, ChangeColumn), index(rowCount() - 1, ChangeColumn), {Qt::DecorationRole});
}

void FileDiffModel::setKindShown(Kind kind, bool shown)
{
    if (m_shown[size_t(kind)] == shown)
        return;
    m_shown[size_t(kind)] = shown;
    refilter();
}

void FileDiffModel::setFilterText(const QString& text)
{
    const QString t = text.trimmed();
    if (t == m_filter)
        return;
    m_filter = t;
    refilter();
}

void FileDiffModel::refilter()
{
    beginResetModel();
    filterRows();
    endResetModel();
}

void FileDiffModel::filterRows()
{
    m_rows.clear();
    for (int i = 0; i < m_all.size(); ++i) {
        const Row& r = m_all.at(i);
        if (m_shown[size_t(r.kind)] && (m_filter.isEmpty() || r.change.path.contains(m_filter, Qt::CaseInsensitive)))
            m_rows << i;
    }
}

QString FileDiffModel::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Added:
        return tr("Added");
    case Kind::Removed:
        return tr("Removed");
    case Kind::Changed:
        break;
    }
    return tr("Changed");
}

int FileDiffModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FileDiffModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FileDiffModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row& r = m_all.at(m_rows.at(index.row()));
    const FileChange& c = r.change;
    // An added entry has only its new type and size, a removed one only its old ones.
    const bool hasBefore = r.kind != Kind::Added;
    const bool hasAfter = r.kind != Kind::Removed;
    const auto sizeText = [](FileEntry::Type type, qint64 size) {
        return type == FileEntry::Type::Dir ? QString() : Format::size(size);
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ChangeColumn:
            return kindName(r.kind);
        case PathColumn:
            return c.path;
        case TypeColumn:
            if (r.kind == Kind::Changed && c.typeBefore != c.type)
                return tr("%1 → %2").arg(Format::fileType(c.typeBefore), Format::fileType(c.type));
            return Format::fileType(hasAfter ? c.type : c.typeBefore);
        case SizeBeforeColumn:
            return hasBefore ? sizeText(c.typeBefore, c.sizeBefore) : QString();
        case SizeAfterColumn:
            return hasAfter ? sizeText(c.type, c.size) : QString();
        }
        return {};
    case Qt::ForegroundRole:
        return index.column() == ChangeColumn ? QVariant(colourOf(r.kind)) : QVariant();
    case Qt::DecorationRole:
        if (index.column() != ChangeColumn)
            return {};
        return m_iconFor ? QVariant(m_iconFor(r.kind)) : QVariant(colourOf(r.kind));
    case Qt::TextAlignmentRole:
        return index.column() == SizeBeforeColumn || index.column() == SizeAfterColumn
                   ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                   : QVariant();
    case Qt::ToolTipRole:
        return index.column() == PathColumn ? QVariant(c.path) : QVariant();
    case KindRole:
        return int(r.kind);
    case PathRole:
        return c.path;
    default:
        return {};
    }
}

QVariant FileDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ChangeColumn:
        return tr("Change");
    case PathColumn:
        return tr("Path");
    case TypeColumn:
        return tr("Type");
    case SizeBeforeColumn:
        return tr("Size before");
    case SizeAfterColumn:
        return tr("Size after");
    }
    return {};
}
