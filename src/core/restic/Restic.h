#pragma once

#include "Config.h"

#include <QJsonObject>
#include <QProcessEnvironment>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

struct ResticVersion
{
    int major = 0;
    int minor = 0;
    int patch = 0;
    QString text;

    bool isValid() const { return major > 0 || minor > 0; }
    bool atLeast(int maj, int min, int pat = 0) const;
    static ResticVersion parse(const QString& versionOutput);
};

// Shared between a job and the code running it: set to cancel, read by the runner.
using CancelFlag = std::shared_ptr<std::atomic_bool>;

struct ResticResult
{
    enum class Failure
    {
        None,
        NotStarted, // binary missing or not executable
        Cancelled,
        TimedOut,
        Stalled,      // no progress for the stall timeout: the repository stopped answering
        Locked,       // still locked after the lock wait ran out
        NoRepository, // "unable to open config file": the repository does not exist yet
        WrongPassword,
        ReaderStopped, // onStdoutData refused more: the reader's own error says why
        Other,
    };

    Failure failure = Failure::None;
    int exitCode = -1;
    QByteArray standardOutput;
    QString standardError;
    QString message; // for a person: what failed and restic's own words, secrets masked

    bool ok() const { return failure == Failure::None; }
};

// The one class that starts restic. Thread-safe: each call runs its own QProcess in the calling thread, so
// jobs call it from worker threads and block there.
class Restic
{
public:
    struct RunOptions
    {
        bool noLock = false;   // read-only commands: skip the repository lock
        int lockWaitSec = 300; // how long to keep retrying a locked repository
        int timeoutSec = 0;    // 0 = no limit
        // Cancels restic when it has read, written and printed nothing for this long (0 = never): a backend
        // that is gone keeps restic 0.14 retrying for minutes. A slow but moving backend is never cut off.
        int stallTimeoutSec = 0;
        CancelFlag cancel;                                  // checked while the process runs
        std::function<void(const QJsonObject&)> onJsonLine; // restic --json lines from stdout, as they come
        // Called about twice a second with restic's pid while it runs: progress for commands that report none.
        std::function<void(qint64 pid)> onTick;
        // Raw stdout as it arrives (dump). Set, it replaces line parsing and capture. The call may block:
        // restic then waits on the full pipe, so memory stays bounded (back-pressure). False stops restic.
        std::function<bool(const char* data, qsizetype size)> onStdoutData;
        // False keeps none of stdout: streams read whole through onJsonLine (`ls` of a big tree) need no copy.
        bool keepStdout = true;
    };

    explicit Restic(const Config& config);

    // Options for a read-only query: no lock, bounded in time.
    static RunOptions readOnly(int timeoutSec = kQueryTimeoutSec);
    static constexpr int kQueryTimeoutSec = 300;
    static constexpr int kUnlockTimeoutSec = 60;

    ResticResult run(const QStringList& args, const RunOptions& options) const;
    ResticResult run(const QStringList& args) const { return run(args, RunOptions()); }

    // `restic version`, read once.
    ResticVersion version() const;
    bool hasRetryLock() const { return version().atLeast(0, 16); }
    bool hasSnapshotSubfolder() const { return version().atLeast(0, 16); }

    // The full id of a snapshot this node just wrote, from restic's local cache (restic stores each new
    // snapshot file there, named by its id, for local and S3 repositories alike): restic 0.14's backup names
    // only the short id, and asking restic costs a key derivation (half a second). Empty unless exactly one
    // cached snapshot starts with `shortId`.
    QString cachedSnapshotId(const QString& repositoryId, const QString& shortId) const;

    // The ids of the snapshot files of a local repository, read from its directory (no restic call); nothing
    // for other backends. The catalogue uses it to know a miss is certain without a resync.
    std::optional<QStringList> localSnapshotIds() const;

    // The directory of a local repository ("/srv/repo", "local:/srv/repo"); nothing for other backends.
    std::optional<QString> localRepositoryPath() const;

    // Told of every restic process that ran, with its command ("backup", "check") and result (metrics). Set it
    // before the first call; it is called on the calling worker thread.
    using Observer = std::function<void(const QString& command, const ResticResult& result)>;
    void setObserver(Observer observer);

    QProcessEnvironment environment() const;
    QString binary() const { return m_settings.binaryPath; }
    QString repository() const { return m_settings.repository; }
    // Replaces every secret in text with "***".
    QString mask(QString text) const;

private:
    ResticResult runOnce(const QStringList& fullArgs, const RunOptions& options) const;
    ResticResult runProcess(const QStringList& fullArgs, const RunOptions& options) const;
    // Options every command takes (--cacert).
    QStringList globalArgs() const;
    // Removes stale locks (dead processes of this host, or locks older than 30 minutes); bounded, cancellable.
    void unlockStale(const CancelFlag& cancel) const;
    static ResticResult::Failure classify(int exitCode, const QString& stderrText);

    ResticSettings m_settings;
    bool m_debug = false;
    QStringList m_secrets;
    mutable std::once_flag m_versionOnce;
    mutable ResticVersion m_version;
    Observer m_observer;
};
