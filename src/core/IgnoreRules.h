#pragma once

#include <QString>
#include <QStringList>

// Turns the Panel's gitignore-style `ignore` text (as in .pelicanignore) into restic exclude-file lines for a
// backup of `serverDirectory`. Lines can only ever become patterns: never options, never file reads. A `dir/`
// line (directories only, which restic cannot express) is resolved by walking `serverDirectory` now, into the
// exact escaped paths of the matching directories; the walk never follows a symlink nor leaves that directory.
namespace IgnoreRules {

QStringList toResticExcludes(const QString& ignoreText, const QString& serverDirectory);

} // namespace IgnoreRules
