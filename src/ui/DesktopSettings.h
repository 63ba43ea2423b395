#pragma once

#include "Config.h"

#include <QHash>
#include <QString>

class QSettings;

// The console's saved settings. Non-secret values live in QSettings; the secrets live in a SecretStore and
// are passed in separately, so nothing here ever writes a secret to QSettings.
struct DesktopValues
{
    QString repository;
    QString awsAccessKeyId;
    QString awsRegion;
    QString binaryPath = QStringLiteral("restic");
    QString cacheDir;
    QString dataDirectory;
    QString cacert;
    bool secretsInFile = false; // the user chose the 0600 file because no keychain was reachable
};

struct DesktopSecrets
{
    QString password;
    QString awsSecretAccessKey;
    QString token;

    QHash<QString, QString> toHash() const;
    static DesktopSecrets fromHash(const QHash<QString, QString>& values);
};

class DesktopSettings
{
public:
    explicit DesktopSettings(QSettings& settings);

    // True once the user has saved settings at least once.
    bool hasSaved() const;
    DesktopValues load() const;
    void save(const DesktopValues& values);

    // Sensible values for a first settings dialog.
    static DesktopValues defaults();
    static Config toConfig(const DesktopValues& values, const DesktopSecrets& secrets);
    static DesktopValues valuesFrom(const Config& config);
    static DesktopSecrets secretsFrom(const Config& config);

    // Hours without a successful backup after which a server is marked stale in the server list (the key
    // "health/stale_after_hours", read at start; default ServerListModel::kDefaultStaleAfterHours).
    static int staleAfterHours(const QSettings& settings);

private:
    QSettings& m_settings;
};
