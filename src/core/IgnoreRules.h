#pragma once

#include <QString>
#include <QStringList>

// Turns the Panel's gitignore-style `ignore` text (as in .pelicanignore) into restic exclude-file lines for a
// backup of `serverDirectory`. Lines can only ever become patterns: never options, never file reads.
namespace IgnoreRules {

QStringList toResticExcludes(const QString& ignoreText, const QString& serverDirectory);

} // namespace IgnoreRules
