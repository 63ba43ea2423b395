#pragma once

#include "DesktopSettings.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;

// Repository, S3 credentials, restic and the volumes directory. Saving writes the plain values to QSettings
// and the secrets to the keychain (or, when none is reachable and the user ticks it, a 0600 file).
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(QSettings& settings, const DesktopValues& values, const DesktopSecrets& secrets,
                   QWidget* parent = nullptr);

    // Shown above the form (e.g. "Pouch was started with --config …").
    void setNotice(const QString& text);
    // Overrides the keychain check (tests, screenshots).
    void setKeychainAvailable(bool available, const QString& why = {});

    // Where the secrets go when the user picks the file (default SecretStore::defaultFilePath()).
    void setSecretFilePath(const QString& path);

    DesktopValues values() const;
    DesktopSecrets secrets() const;
    // Fills the form from a Wings config.yml; returns false and shows the error in the dialog on failure.
    bool importFile(const QString& path);

public Q_SLOTS:
    void accept() override;

protected:
    void showEvent(QShowEvent* event) override;

private:
    void fill(const DesktopValues& values, const DesktopSecrets& secrets);
    void showError(const QString& text);
    void updateSecretStorage();
    QLineEdit* pathEdit(bool directory, const QString& caption);

    QSettings& m_settings;
    QString m_secretFile;
    bool m_keychain = false;
    QString m_keychainWhy;

    QLabel* m_notice = nullptr;
    QLineEdit* m_repository = nullptr;
    QLineEdit* m_password = nullptr;
    QLineEdit* m_cacert = nullptr;
    QLineEdit* m_awsKeyId = nullptr;
    QLineEdit* m_awsSecret = nullptr;
    QLineEdit* m_awsRegion = nullptr;
    QLineEdit* m_binary = nullptr;
    QLineEdit* m_cacheDir = nullptr;
    QLineEdit* m_dataDir = nullptr;
    QLineEdit* m_token = nullptr;
    QLabel* m_storageText = nullptr;
    QCheckBox* m_useFile = nullptr;
    QCheckBox* m_showSecrets = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};
