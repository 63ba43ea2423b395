#include "QuitSignals.h"
#include "UiLogging.h"

#include <QCoreApplication>
#include <QPointer>
#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int s_writeFd = -1;

extern "C" void onQuitSignal(int signalNumber)
{
    const int savedErrno = errno;
    const unsigned char byte = static_cast<unsigned char>(signalNumber);
    [[maybe_unused]] const ssize_t written = ::write(s_writeFd, &byte, 1); // full: one is pending already
    errno = savedErrno;
}

bool setDisposition(int signalNumber, void (*handler)(int))
{
    struct sigaction action = {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART; // a read() that the signal interrupts goes on
    return ::sigaction(signalNumber, &action, nullptr) == 0;
}

} // namespace

QuitSignals* QuitSignals::instance()
{
    static QPointer<QuitSignals> s_instance;
    if (s_instance)
        return s_instance;
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0) {
        qCWarning(lcUi) << "SIGTERM and SIGINT end Pouch at once: socketpair failed:" << strerror(errno);
        return nullptr;
    }
    s_writeFd = fds[1];
    s_instance = new QuitSignals(fds[0], qApp);
    if (!setDisposition(SIGTERM, onQuitSignal) || !setDisposition(SIGINT, onQuitSignal)) {
        qCWarning(lcUi) << "SIGTERM and SIGINT end Pouch at once: sigaction failed:" << strerror(errno);
        delete s_instance; // closes both ends
        return nullptr;
    }
    return s_instance;
}

QuitSignals::QuitSignals(int readFd, QObject* parent)
    : QObject(parent), m_readFd(readFd), m_notifier(new QSocketNotifier(readFd, QSocketNotifier::Read, this))
{
    connect(m_notifier, &QSocketNotifier::activated, this, &QuitSignals::drain);
}

QuitSignals::~QuitSignals()
{
    setDisposition(SIGTERM, SIG_DFL);
    setDisposition(SIGINT, SIG_DFL);
    ::close(m_readFd);
    ::close(s_writeFd);
    s_writeFd = -1;
}

void QuitSignals::drain()
{
    unsigned char byte = 0;
    while (::read(m_readFd, &byte, 1) == 1) {
        const int signalNumber = byte;
        setDisposition(signalNumber, SIG_DFL); // the next one of this kind is not asked twice
        qCInfo(lcUi).noquote() << (signalNumber == SIGTERM ? "SIGTERM" : "SIGINT")
                               << "received: closing the windows as File → Quit does";
        Q_EMIT received(signalNumber);
    }
}
