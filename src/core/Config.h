#pragma once

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

// Wings' config.yml, reduced to the keys Pouch uses. Unknown keys are ignored.
struct Config
{
    QString sourceFile; // where it was read from; empty for a config built in code
    bool embedded = false;

    bool debug = false;
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

    // Where Pouch keeps its own state (outbox, staging journal); under rootDirectory.
    QString stateDirectory() const;
};
