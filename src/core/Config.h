#pragma once

#include <QList>
#include <QString>

// The restic block of Wings' config.yml (system.backups.restic), plus `cacert`.
struct ResticSettings
{
    bool enabled = false;
    QString repository;
    QString password;
    QString awsAccessKeyId;
    QString awsSecretAccessKey;
    QString awsRegion;
    QString binaryPath = QStringLiteral("restic");
    QString cacheDir = QStringLiteral("/var/cache/pelican/restic");
    QString cacert;
    int resyncIntervalSec = 60; // how often the catalogue is compared with the repository
    int stallTimeoutSec = 120;  // a job whose restic shows no progress this long is cancelled (0 = never)
    // How a restore reads the snapshot: "restore" (restic restore into staging), "dump" (restic dump --archive
    // tar unpacked in-process) or "auto" (the faster of the two as measured in bench/run for this case).
    QString restoreMethod = QStringLiteral("auto");
};

// Repository maintenance, from Pouch's settings file (`maintenance.*`): every schedule is off (0) by default.
struct MaintenanceSettings
{
    int checkEveryDays = 0;        // `maintenance.check.every_days`
    QString checkReadDataSubset;   // `maintenance.check.read_data_subset`, restic's syntax; empty reads no data
    int pruneAfterDeletes = 0;     // `maintenance.prune.after_deletes`: 0 prunes after every delete
    int pruneEveryDays = 0;        // `maintenance.prune.every_days`
    int rawSizeIntervalSec = 3600; // `maintenance.raw_size_interval`: how long restic's raw-data size is reused
    bool operator==(const MaintenanceSettings& o) const
    {
        return checkEveryDays == o.checkEveryDays && checkReadDataSubset == o.checkReadDataSubset &&
               pruneAfterDeletes == o.pruneAfterDeletes && pruneEveryDays == o.pruneEveryDays &&
               rawSizeIntervalSec == o.rawSizeIntervalSec;
    }
};

// A node the desktop console talks to (console.nodes of the Pouch settings file); its token lives in the keychain.
struct ConsoleNode
{
    QString name;
    QString url;
};

// Pouch's own settings file, layered over Wings' config.yml for what Wings has no key for. Pouch never writes
// into config.yml, since Wings rewrites that file. Every key is optional.
struct PouchSettings
{
    QString sourceFile;
    QString listenHost; // `listen: host:port`; empty when not set
    int listenPort = 0;
    int resyncIntervalSec = 0; // `catalogue.resync_interval`; 0 when not set
    QString sslCert;           // `ssl.cert` and `ssl.key`: TLS with a certificate of Pouch's own, not Wings'
    QString sslKey;
    QList<ConsoleNode> consoleNodes;
    MaintenanceSettings maintenance;
    QString metricsToken; // `metrics.token`: opens GET /metrics and nothing else

    static QString defaultPath(); // /etc/pouch/pouch.yml
    // A missing file is an error, except at the default path (then `out` stays empty). Errors name the file,
    // the key and the line, as Config's.
    static bool loadFile(const QString& path, bool required, PouchSettings& out, QString& error);
    static bool parse(const QByteArray& yaml, const QString& sourceName, PouchSettings& out, QString& error);
};

// Wings' config.yml, reduced to the keys Pouch uses. Unknown keys are ignored.
struct Config
{
    QString sourceFile; // where it was read from; empty for a config built in code
    bool embedded = false;

    bool debug = false;
    QString nodeUuid; // Wings' `uuid` of this node
    QString tokenId;
    QString token;
    QString remote;
    int remoteTimeoutSec = 30;

    QString apiHost = QStringLiteral("0.0.0.0");
    int apiPort = 8080;
    bool sslEnabled = false;
    QString sslCert;
    QString sslKey;

    QString rootDirectory = QStringLiteral("/var/lib/pelican");
    QString dataDirectory = QStringLiteral("/var/lib/pelican/volumes");
    QString tmpDirectory = QStringLiteral("/tmp/pelican");

    double writeLimitMiB = 0; // < 1 means unlimited
    QString compressionLevel = QStringLiteral("best_speed");

    ResticSettings restic;
    MaintenanceSettings maintenance; // from Pouch's settings file only
    QString metricsToken;            // likewise

    // Where the listen address may be changed, for the message when api.port is taken: the settings file that
    // was read, or the default one.
    QString settingsFile;

    // Parses a Wings config.yml. On failure returns false and sets `error` to a message naming the file,
    // the key and the line.
    static bool loadFile(const QString& path, Config& out, QString& error);
    static bool parse(const QByteArray& yaml, const QString& sourceName, Config& out, QString& error);

    // The self-contained default: a local repository and volumes directory under the user's data directory,
    // secrets generated once into a 0600 config.yml under the user's config directory.
    static bool loadEmbeddedDefault(Config& out, QString& error);
    static QString embeddedConfigPath();

    // Writes this config as a Wings-style YAML file with mode 0600.
    bool save(const QString& path, QString& error) const;

    // Empty when system.backups.restic can be used; otherwise what is missing, naming the file and the key.
    QString repositoryProblem() const;

    // Layers Pouch's settings over this config: `listen`, `ssl` and `catalogue.resync_interval` win;
    // `maintenance` and `metrics` exist only there.
    void apply(const PouchSettings& settings);
    // "host:port", "[v6]:port"; false when it is not one (the port 1..65535).
    static bool parseListen(const QString& text, QString* host, int* port);

    // The repository for people and other nodes: user, password and query string removed
    // ("s3:https://user:pw@host/bucket?x=y" -> "s3:https://host/bucket"); a local path as it is.
    static QString repositoryForDisplay(const QString& repository);

    // Where Pouch keeps its own state (outbox, staging journal); under rootDirectory.
    QString stateDirectory() const;
};
