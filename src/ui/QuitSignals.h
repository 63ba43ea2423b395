#pragma once

#include <QObject>

class QSocketNotifier;

// SIGTERM and SIGINT for the desktop console: instead of dying (exit 143), the process hears them as a Qt
// signal on the main thread and closes its windows as File → Quit does. The handler only writes the signal
// number to a socket pair (async-signal-safe); a QSocketNotifier reads it. After the first of each, the
// default action is back, so a second one ends a console that hangs while closing.
// (src/api has the same for the headless server; the UI may not depend on src/api.)
class QuitSignals : public QObject
{
    Q_OBJECT
public:
    // Installs the handlers once per process and returns the watcher (a child of qApp); nullptr when the
    // socket pair or sigaction() failed.
    static QuitSignals* instance();
    // Gives SIGTERM and SIGINT their default action back (nothing would read them any more).
    ~QuitSignals() override;

Q_SIGNALS:
    void received(int signalNumber);

private:
    QuitSignals(int readFd, QObject* parent);
    void drain();

    int m_readFd;
    QSocketNotifier* m_notifier;
};
