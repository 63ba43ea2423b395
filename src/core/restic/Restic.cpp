#include "Restic.h"
#include "Logging.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QThread>

#include <csignal>
#include <sys/types.h>

namespace {
constexpr qsizetype kMaxCapture = 4 * 1024 * 1024;
constexpr int kCancelGraceMs = 15000;
constexpr int kTickMs = 500;
constexpr qint64 kStallProgressBytes = 16 * 1024;

// Bytes a process has read and written through syscalls (/proc/<pid>/io rchar + wchar), or -1 where /proc does
// not tell.
qint64 ioBytes(qint64 pid)
{
    QFile io(QStringLiteral("/proc/%1/io").arg(pid));
    if (pid <= 0 || !io.open(QIODevice::ReadOnly))
        return -1;
    qint64 total = 0;
    int found = 0;
    for (const QByteArray& line : io.read(4096).split('\n')) {
        if (line.startsWith("rchar:") || line.startsWith("wchar:")) {
            total += line.mid(6).trimmed().toLongLong();
            ++found;
        }
    }
    return found == 2 ? total : -1;
}

QString lastLines(const QString& text, int count)
{
    QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    // restic repeats the same error per blob (a full disk says so dozens of times): once is enough.
    lines.removeDuplicates();
    // The last lines carry the fatal message.
    if (lines.size() > count)
        lines = lines.mid(lines.size() - count);
    return lines.join(QLatin1Char('\n')).trimmed();
}
} // namespace

bool ResticVersion::atLeast(int maj, int min, int pat) const
{
    if (major != maj)
        return major > maj;
    if (minor != min)
        return minor > min;
    return patch >= pat;
}

ResticVersion ResticVersion::parse(const QString& versionOutput)
{
    static const QRegularExpression re(QStringLiteral("restic (\\d+)\\.(\\d+)\\.(\\d+)"));
    ResticVersion v;
    const auto m = re.match(versionOutput);
    if (m.hasMatch()) {
        v.major = m.captured(1).toInt();
        v.minor = m.captured(2).toInt();
        v.patch = m.captured(3).toInt();
        v.text = QStringLiteral("%1.%2.%3").arg(v.major).arg(v.minor).arg(v.patch);
    }
    return v;
}

Restic::Restic(const Config& config) : m_settings(config.restic), m_debug(config.debug)
{
    for (const QString& s : {m_settings.password, m_settings.awsSecretAccessKey, m_settings.awsAccessKeyId}) {
        if (s.size() >= 4)
            m_secrets << s;
    }
}

QString Restic::mask(QString text) const
{
    for (const QString& s : m_secrets)
        text.replace(s, QStringLiteral("***"));
    return text;
}

QString Restic::cachedSnapshotId(const QString& repositoryId, const QString& shortId) const
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]+$"));
    if (m_settings.cacheDir.isEmpty() || repositoryId.size() != 64 || !hex.match(repositoryId).hasMatch() ||
        shortId.size() < 8 || shortId.size() > 64 || !hex.match(shortId).hasMatch())
        return {};
    // The cache's layout (restic 0.14 to 0.17): <cache>/<repository id>/snapshots/<first two digits>/<id>.
    const QDir dir(QStringLiteral("%1/%2/snapshots/%3").arg(m_settings.cacheDir, repositoryId, shortId.left(2)));
    const QStringList matches = dir.entryList({shortId + QLatin1Char('*')}, QDir::Files);
    if (matches.size() != 1 || matches.first().size() != 64 || !hex.match(matches.first()).hasMatch())
        return {};
    return matches.first();
}

std::optional<QStringList> Restic::localSnapshotIds() const
{
    const std::optional<QString> path = localRepositoryPath();
    if (!path)
        return std::nullopt; // only restic can list the others
    // The local backend keeps snapshots flat: <repository>/snapshots/<id>.
    const QDir dir(*path + QStringLiteral("/snapshots"));
    if (!dir.exists())
        return std::nullopt;
    return dir.entryList(QDir::Files | QDir::Hidden);
}

QProcessEnvironment Restic::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Whatever restic settings the calling shell had must not mix with ours (a stray RESTIC_PASSWORD_FILE
    // would win over the configured password).
    const QStringList keys = env.keys();
    for (const QString& key : keys) {
        if (key.startsWith(QLatin1String("RESTIC_")) || key.startsWith(QLatin1String("AWS_")))
            env.remove(key);
    }
    auto set = [&env](const char* name, const QString& value) {
        if (!value.isEmpty())
            env.insert(QString::fromLatin1(name), value);
    };
    set("RESTIC_REPOSITORY", m_settings.repository);
    set("RESTIC_PASSWORD", m_settings.password);
    set("AWS_ACCESS_KEY_ID", m_settings.awsAccessKeyId);
    set("AWS_SECRET_ACCESS_KEY", m_settings.awsSecretAccessKey);
    set("AWS_DEFAULT_REGION", m_settings.awsRegion);
    set("RESTIC_CACHE_DIR", m_settings.cacheDir);
    // Two JSON status lines a second are plenty for progress bars and SSE.
    env.insert(QStringLiteral("RESTIC_PROGRESS_FPS"), QStringLiteral("2"));
    return env;
}

ResticVersion Restic::version() const
{
    std::call_once(m_versionOnce, [this] {
        ResticResult r = runOnce({QStringLiteral("version")}, RunOptions());
        m_version = ResticVersion::parse(QString::fromUtf8(r.standardOutput));
        if (m_version.isValid())
            qCInfo(lcRestic).noquote() << "restic version" << m_version.text;
        else
            qCWarning(lcRestic).noquote() << "could not read the restic version:" << r.message;
    });
    return m_version;
}

ResticResult::Failure Restic::classify(int exitCode, const QString& err)
{
    if (exitCode == 11 || err.contains(QLatin1String("repository is already locked")))
        return ResticResult::Failure::Locked;
    if (exitCode == 12 || err.contains(QLatin1String("wrong password")))
        return ResticResult::Failure::WrongPassword;
    if (exitCode == 10)
        return ResticResult::Failure::NoRepository;
    // restic 0.14 says "unable to open config file" for a missing repository and for an unreachable one
    // alike; only a definite "not there" counts, or a refused connection would look like an empty repository.
    if (err.contains(QLatin1String("unable to open config file"))) {
        static const char* const missing[] = {"no such file or directory", "does not exist", "NoSuchKey",
                                              "NoSuchBucket"};
        for (const char* m : missing) {
            if (err.contains(QLatin1String(m), Qt::CaseInsensitive))
                return ResticResult::Failure::NoRepository;
        }
    }
    return ResticResult::Failure::Other;
}

Restic::RunOptions Restic::readOnly(int timeoutSec)
{
    RunOptions options;
    options.noLock = true;
    options.timeoutSec = timeoutSec;
    return options;
}

QStringList Restic::globalArgs() const
{
    QStringList args;
    if (!m_settings.cacert.isEmpty())
        args << QStringLiteral("--cacert") << m_settings.cacert;
    return args;
}

void Restic::unlockStale(const CancelFlag& cancel) const
{
    RunOptions options;
    options.timeoutSec = kUnlockTimeoutSec;
    options.cancel = cancel;
    const ResticResult r = runOnce(globalArgs() << QStringLiteral("unlock"), options);
    if (!r.ok())
        qCWarning(lcRestic).noquote() << "unlock failed:" << r.message;
}

ResticResult Restic::run(const QStringList& args, const RunOptions& options) const
{
    const QStringList base = globalArgs();
    if (options.noLock)
        return runOnce(QStringList(base) << QStringLiteral("--no-lock") << args, options);

    // The first attempt never waits for a lock: if the repository is locked, a stale lock of ours (a killed
    // restic) is removed first, and only then does the one lock wait begin.
    ResticResult r = runOnce(QStringList(base) << args, options);
    if (r.failure != ResticResult::Failure::Locked)
        return r;
    unlockStale(options.cancel);
    if (options.cancel && options.cancel->load()) {
        r.failure = ResticResult::Failure::Cancelled;
        r.message = QObject::tr("Cancelled while waiting for the repository lock");
        return r;
    }

    if (hasRetryLock()) {
        // restic waits by itself (0.16+): one wait of lockWaitSec, not ours around its own.
        QStringList full = base;
        if (options.lockWaitSec > 0)
            full << QStringLiteral("--retry-lock") << QStringLiteral("%1s").arg(options.lockWaitSec);
        return runOnce(full << args, options);
    }

    // restic 0.14 has no --retry-lock: wait and try again, for a bounded time.
    QElapsedTimer waited;
    waited.start();
    int backoffMs = 500;
    for (;;) {
        r = runOnce(QStringList(base) << args, options);
        if (r.failure != ResticResult::Failure::Locked)
            return r;
        if (waited.elapsed() + backoffMs > qint64(options.lockWaitSec) * 1000) {
            r.message = QObject::tr("The repository stayed locked for %1 s by another restic process: %2")
                            .arg(options.lockWaitSec)
                            .arg(lastLines(mask(r.standardError), 4));
            return r;
        }
        qCInfo(lcRestic).noquote() << "repository locked, retrying" << args.value(0) << "in" << backoffMs << "ms";
        QDeadlineTimer sleep(backoffMs);
        while (!sleep.hasExpired()) {
            if (options.cancel && options.cancel->load()) {
                r.failure = ResticResult::Failure::Cancelled;
                r.message = QObject::tr("Cancelled while waiting for the repository lock");
                return r;
            }
            QThread::msleep(50);
        }
        backoffMs = qMin(backoffMs * 2, 8000);
    }
}

ResticResult Restic::runOnce(const QStringList& fullArgs, const RunOptions& options) const
{
    const ResticResult result = runProcess(fullArgs, options);
    // Every process counts (metrics), retries and unlocks too: each is a call to the repository.
    if (m_observer)
        m_observer(fullArgs.value(fullArgs.indexOf(QRegularExpression(QStringLiteral("^[a-z]+$")))), result);
    return result;
}

void Restic::setObserver(Observer observer)
{
    m_observer = std::move(observer);
}

std::optional<QString> Restic::localRepositoryPath() const
{
    QString path = m_settings.repository;
    if (path.startsWith(QLatin1String("local:")))
        path = path.mid(6);
    if (!QDir::isAbsolutePath(path))
        return std::nullopt; // s3:, sftp:, rest:, …
    return path;
}

ResticResult Restic::runProcess(const QStringList& fullArgs, const RunOptions& options) const
{
    ResticResult result;
    const QString command = fullArgs.value(fullArgs.indexOf(QRegularExpression(QStringLiteral("^[a-z]+$"))));
    qCDebug(lcRestic).noquote() << "run:" << m_settings.binaryPath << mask(fullArgs.join(QLatin1Char(' ')));

    QProcess process;
    process.setProgram(m_settings.binaryPath);
    process.setArguments(fullArgs);
    process.setProcessEnvironment(environment());
    process.start(QIODevice::ReadOnly);
    if (!process.waitForStarted(30000)) {
        result.failure = ResticResult::Failure::NotStarted;
        result.message = QObject::tr("Cannot start restic ('%1'): %2. Install restic or set "
                                     "system.backups.restic.binary_path.")
                             .arg(m_settings.binaryPath, process.errorString());
        return result;
    }

    QByteArray pending;
    QByteArray err;
    QElapsedTimer clock;
    clock.start();
    qint64 interruptedAt = -1;
    bool cancelled = false;
    bool timedOut = false;
    bool stalled = false;
    bool readerStopped = false;
    qint64 pipeBytes = 0; // what restic printed: its own output is no sign that the repository answers
    qint64 lastIo = -1;
    qint64 lastActivityAt = 0;
    qint64 lastIoCheck = 0;

    auto drain = [&] {
        const QByteArray out = process.readAllStandardOutput();
        pipeBytes += out.size();
        if (options.onStdoutData) {
            if (!out.isEmpty() && !readerStopped && !options.onStdoutData(out.constData(), out.size()))
                readerStopped = true;
        } else {
            pending += out;
        }
        qsizetype newline;
        while ((newline = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(newline);
            pending.remove(0, newline + 1);
            bool isStatus = false;
            if (line.startsWith('{')) {
                const QJsonObject obj = QJsonDocument::fromJson(line).object();
                isStatus = obj.value(QLatin1String("message_type")).toString() == QLatin1String("status");
                if (options.onJsonLine && !obj.isEmpty())
                    options.onJsonLine(obj);
            }
            // Status lines arrive twice a second for hours: keep everything else only.
            if (!isStatus && options.keepStdout && result.standardOutput.size() < kMaxCapture)
                result.standardOutput += line + '\n';
        }
        const QByteArray e = process.readAllStandardError();
        pipeBytes += e.size();
        if (err.size() < kMaxCapture)
            err += e;
    };

    qint64 lastTick = 0;
    while (process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(100);
        drain();
        // processId() is 0 once the process has ended (possibly inside waitForReadyRead above), and
        // kill(0, …) would signal our whole process group: every use checks it.
        const qint64 pid = process.processId();
        if (options.onTick && pid > 0 && clock.elapsed() - lastTick >= kTickMs) {
            lastTick = clock.elapsed();
            options.onTick(pid);
        }
        if (options.stallTimeoutSec > 0 && pid > 0 && clock.elapsed() - lastIoCheck >= 1000) {
            lastIoCheck = clock.elapsed();
            const qint64 io = ioBytes(pid);
            // restic trickles a few bytes a second while it retries a dead backend (seen: 10 to 20): only a
            // real transfer counts as progress.
            if (io >= 0 && (lastIo < 0 || io - pipeBytes - lastIo >= kStallProgressBytes)) {
                lastIo = io - pipeBytes;
                lastActivityAt = clock.elapsed();
            }
        }
        const bool cancelNow = options.cancel && options.cancel->load();
        const bool timeUp = options.timeoutSec > 0 && clock.elapsed() > qint64(options.timeoutSec) * 1000;
        const bool stallNow = options.stallTimeoutSec > 0 && lastIo >= 0 &&
                              clock.elapsed() - lastActivityAt > qint64(options.stallTimeoutSec) * 1000;
        if ((cancelNow || timeUp || stallNow || readerStopped) && interruptedAt < 0) {
            cancelled = cancelNow;
            timedOut = !cancelled && timeUp;
            stalled = !cancelled && !timedOut && stallNow;
            // SIGINT lets restic remove its lock and leave the repository clean.
            if (pid > 0)
                ::kill(pid_t(pid), SIGINT);
            interruptedAt = clock.elapsed();
        } else if (interruptedAt >= 0 && clock.elapsed() - interruptedAt > kCancelGraceMs) {
            process.kill();
        }
    }
    process.waitForFinished(1000);
    drain();
    if (!pending.isEmpty()) {
        pending += '\n';
        drain();
    }

    result.exitCode = process.exitCode();
    result.standardError = QString::fromUtf8(err);
    const QString errText = mask(result.standardError);
    if (m_debug) {
        qCDebug(lcRestic).noquote() << "exit" << result.exitCode
                                    << "stdout:" << mask(QString::fromUtf8(result.standardOutput.left(4096)));
        if (!errText.isEmpty())
            qCDebug(lcRestic).noquote() << "stderr:" << errText.left(4096);
    }

    if (readerStopped && !cancelled) {
        result.failure = ResticResult::Failure::ReaderStopped;
        result.message = QObject::tr("restic %1 was stopped: Pouch could not use its output").arg(command);
    } else if (cancelled) {
        result.failure = ResticResult::Failure::Cancelled;
        result.message = QObject::tr("restic %1 was cancelled").arg(command);
    } else if (stalled) {
        result.failure = ResticResult::Failure::Stalled;
        result.message = QObject::tr("restic %1 was stopped: the repository stopped answering (no progress for %2 s). "
                                     "restic's last words: %3")
                             .arg(command)
                             .arg(options.stallTimeoutSec)
                             .arg(lastLines(errText, 4).isEmpty() ? QObject::tr("none") : lastLines(errText, 4));
    } else if (timedOut) {
        result.failure = ResticResult::Failure::TimedOut;
        result.message = QObject::tr("restic %1 did not finish within %2 s").arg(command).arg(options.timeoutSec);
    } else if (process.exitStatus() == QProcess::CrashExit) {
        result.failure = ResticResult::Failure::Other;
        result.message =
            QObject::tr("restic %1 was killed by a signal. %2").arg(command, lastLines(errText, 6)).trimmed();
    } else if (result.exitCode != 0) {
        result.failure = classify(result.exitCode, result.standardError);
        QString detail = lastLines(errText, 6);
        if (detail.isEmpty())
            detail = QObject::tr("no message");
        switch (result.failure) {
        case ResticResult::Failure::WrongPassword:
            result.message = QObject::tr("restic %1: wrong repository password (%2)").arg(command, detail);
            break;
        case ResticResult::Failure::NoRepository:
            result.message =
                QObject::tr("restic %1: no repository at %2 (%3)").arg(command, mask(m_settings.repository), detail);
            break;
        default:
            result.message =
                QObject::tr("restic %1 failed (exit code %2): %3").arg(command).arg(result.exitCode).arg(detail);
        }
    }
    return result;
}
