#pragma once

#include <QIcon>

// Icons from the desktop's theme, with fallbacks drawn here so that the console looks whole on a bare
// system (no icon theme, no SVG plugin). The application icon is the same design as resources/pouch.svg.
namespace Icons {

enum class Glyph
{
    Backup,
    Restore,
    Delete,
    Copy,
    Refresh,
    Settings,
    Cancel,
    Server,
    AllServers,
    Search,
    Warning,
    Information,
    Open,
    Import,
    Folder,
    File,
    Symlink,
    Browse,
    Compare,
    Download,
    Added,
    Removed,
    Changed,
};

QIcon icon(Glyph glyph);
QIcon application();
// The application icon as an image of the given size (for the screenshot tool and the About box).
QImage applicationImage(int size);

} // namespace Icons
