#pragma once

#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>

// Where the console keeps secrets (repository password, AWS secret key, API token): the OS keychain through
// QtKeychain, or, only when the user chose it because no keychain is reachable, a 0600 JSON file under the
// user's config directory. Never QSettings. Calls are asynchronous; callbacks run on the caller's thread.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    enum class Backend
    {
        Keychain,
        File,
    };

    struct Result
    {
        bool ok = false;
        QString error;
        QHash<QString, QString> values; // read: the keys found (a missing key is not an error)
    };
    using Callback = std::function<void(const Result&)>;

    static inline const QString kPasswordKey = QStringLiteral("repository-password");
    static inline const QString kAwsSecretKey = QStringLiteral("aws-secret-access-key");
    static inline const QString kTokenKey = QStringLiteral("wings-token");
    static QStringList allKeys() { return {kPasswordKey, kAwsSecretKey, kTokenKey}; }

    explicit SecretStore(Backend backend, QObject* parent = nullptr);

    Backend backend() const { return m_backend; }
    // The keychain "service" the entries are filed under; "pouch" unless a test picks its own.
    void setService(const QString& service) { m_service = service; }
    QString service() const { return m_service; }
    void setFilePath(const QString& path) { m_filePath = path; }
    QString filePath() const { return m_filePath; }

    // Whether a Secret Service (or KWallet) answers on the session bus. `why` explains a "no".
    static bool keychainAvailable(QString* why = nullptr);
    static QString defaultFilePath();

    void read(const QStringList& keys, Callback done);
    // An empty value deletes the entry.
    void write(const QHash<QString, QString>& values, Callback done);

private:
    void readKeychain(QStringList keys, Result partial, Callback done);
    void writeKeychain(QList<QPair<QString, QString>> values, Callback done);
    Result readFile(const QStringList& keys) const;
    Result writeFile(const QHash<QString, QString>& values) const;

    Backend m_backend;
    QString m_service = QStringLiteral("pouch");
    QString m_filePath;
};
