#pragma once

#include <QLocale>
#include <QString>

// Runs the desktop console. Needs a QApplication. With `configFile`, opens that Wings config (secrets
// included) without touching the saved settings; otherwise the saved settings or the embedded default.
// `settingsFile`: Pouch's settings file given with --settings (empty: the default path, if it exists), for the
// console's nodes listed in it (console.nodes).
int runGui(const QString& configFile, const QString& settingsFile = {});

// Installs Qt's (from QLibraryInfo::TranslationsPath) and Pouch's translations for `locale`, replacing those
// of an earlier call; returns whether Pouch's own were found (English, the source language, has none).
bool installTranslations(const QLocale& locale = QLocale());

// SIGTERM and SIGINT close every window as File → Quit does (the console then exits normally) instead of
// killing the process. Idempotent; false when the handlers could not be installed.
bool installQuitOnSignals();
