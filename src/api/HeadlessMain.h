#pragma once

struct Config;

// Runs Pouch without a window: the Wings-compatible API, SSE and Panel callbacks, until SIGINT/SIGTERM.
// Needs a QCoreApplication. Returns the process exit code.
int runHeadless(const Config& config);
