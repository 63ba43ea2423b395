#pragma once

#include <QString>

// Runs the desktop console. Needs a QApplication. With `configFile`, opens that Wings config (secrets
// included) without touching the saved settings; otherwise the saved settings or the embedded default.
int runGui(const QString& configFile);
