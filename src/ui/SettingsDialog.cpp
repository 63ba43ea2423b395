#include "SettingsDialog.h"
#include "Icons.h"
#include "SecretStore.h"
#include "Style.h"
#include "UiLogging.h"

#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QSettings>
#include <QTimer>
#include <QVBoxLayout>

#include <utility>

namespace {

// A word-wrapped label whose minimum height is the height of its text at its current width. QLabel's own
// minimum assumes a wide line, so the dialog's minimum size (SetMinimumSize) came out short and a long German
// notice was cut off mid-sentence, or the form rows above it squeezed. Now the dialog grows with the text.
class WrappedLabel : public QLabel
{
public:
    explicit WrappedLabel(QWidget* parent) : QLabel(parent) { setWordWrap(true); }

    QSize minimumSizeHint() const override
    {
        QSize s = QLabel::minimumSizeHint();
        // Before the first show the width is a placeholder; the resize that follows it asks again.
        if (isVisible() && !text().isEmpty())
            s.setHeight(qMax(s.height(), heightForWidth(width())));
        return s;
    }

protected:
    void resizeEvent(QResizeEvent* event) override
    {
        QLabel::resizeEvent(event);
        if (event->size().width() != event->oldSize().width())
            updateGeometry(); // a new width is a new height: the layout asks minimumSizeHint() again
    }

    void showEvent(QShowEvent* event) override
    {
        QLabel::showEvent(event);
        updateGeometry();
    }
};

} // namespace

SettingsDialog::SettingsDialog(QSettings& settings, const DesktopValues& values, const DesktopSecrets& secrets,
                               QWidget* parent)
    : QDialog(parent), m_settings(settings)
{
    setWindowTitle(tr("Pouch Settings"));
    auto* layout = new QVBoxLayout(this);
    layout->setSizeConstraint(QLayout::SetMinimumSize); // rows never squeeze when a notice appears

    m_notice = new WrappedLabel(this);
    m_notice->setVisible(false);
    m_notice->setStyleSheet(Style::noticeLabelSheet(Style::Tone::Information));
    layout->addWidget(m_notice);

    auto secretEdit = [this] {
        auto* e = new QLineEdit(this);
        e->setEchoMode(QLineEdit::PasswordEchoOnEdit);
        return e;
    };

    auto* repoBox = new QGroupBox(tr("Repository"), this);
    auto* repoForm = new QFormLayout(repoBox);
    m_repository = new QLineEdit(this);
    m_repository->setPlaceholderText(tr("s3:https://s3.example.com/bucket/pouch or /srv/restic"));
    m_password = secretEdit();
    m_cacert = pathEdit(false, tr("Choose a CA certificate"));
    m_cacert->setPlaceholderText(tr("Optional: PEM file for a private S3 endpoint"));
    repoForm->addRow(tr("Repository &URL:"), m_repository);
    repoForm->addRow(tr("&Password:"), m_password);
    repoForm->addRow(tr("CA &certificate:"), m_cacert);
    layout->addWidget(repoBox);

    auto* s3Box = new QGroupBox(tr("S3 credentials"), this);
    auto* s3Form = new QFormLayout(s3Box);
    m_awsKeyId = new QLineEdit(this);
    m_awsSecret = secretEdit();
    m_awsRegion = new QLineEdit(this);
    m_awsRegion->setPlaceholderText(tr("e.g. us-east-1"));
    s3Form->addRow(tr("Access &key ID:"), m_awsKeyId);
    s3Form->addRow(tr("&Secret access key:"), m_awsSecret);
    s3Form->addRow(tr("Re&gion:"), m_awsRegion);
    layout->addWidget(s3Box);

    auto* localBox = new QGroupBox(tr("This machine"), this);
    auto* localForm = new QFormLayout(localBox);
    m_binary = pathEdit(false, tr("Choose the restic program"));
    m_cacheDir = pathEdit(true, tr("Choose the restic cache directory"));
    m_dataDir = pathEdit(true, tr("Choose the servers' volumes directory"));
    m_token = secretEdit();
    m_token->setPlaceholderText(tr("Only needed to talk to the Panel"));
    localForm->addRow(tr("&restic program:"), m_binary);
    localForm->addRow(tr("Cac&he directory:"), m_cacheDir);
    localForm->addRow(tr("&Volumes directory:"), m_dataDir);
    localForm->addRow(tr("Wings API &token:"), m_token);
    layout->addWidget(localBox);

    // One label column for all three groups, so the fields line up.
    int labelWidth = 0;
    for (QFormLayout* form : {repoForm, s3Form, localForm}) {
        for (int row = 0; row < form->rowCount(); ++row) {
            if (QLayoutItem* item = form->itemAt(row, QFormLayout::LabelRole))
                labelWidth = qMax(labelWidth, item->widget()->sizeHint().width());
        }
    }
    for (QFormLayout* form : {repoForm, s3Form, localForm}) {
        for (int row = 0; row < form->rowCount(); ++row) {
            if (QLayoutItem* item = form->itemAt(row, QFormLayout::LabelRole))
                item->widget()->setMinimumWidth(labelWidth);
        }
    }

    auto* storageBox = new QGroupBox(tr("Where secrets are kept"), this);
    auto* storageLayout = new QVBoxLayout(storageBox);
    m_storageText = new WrappedLabel(this);
    m_useFile = new QCheckBox(this);
    // Secrets are hidden while typing in front of others; this shows them to check a pasted key.
    m_showSecrets = new QCheckBox(tr("Sho&w passwords and keys"), this);
    connect(m_showSecrets, &QCheckBox::toggled, this, [this](bool show) {
        for (QLineEdit* e : {m_password, m_awsSecret, m_token})
            e->setEchoMode(show ? QLineEdit::Normal : QLineEdit::PasswordEchoOnEdit);
    });
    storageLayout->addWidget(m_storageText);
    storageLayout->addWidget(m_useFile);
    storageLayout->addWidget(m_showSecrets);
    layout->addWidget(storageBox);

    m_error = new WrappedLabel(this);
    m_error->setVisible(false);
    m_error->setStyleSheet(Style::errorTextSheet());
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_error);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    auto* import = m_buttons->addButton(tr("&Import from Wings config.yml…"), QDialogButtonBox::ResetRole);
    import->setIcon(Icons::icon(Icons::Glyph::Import));
    connect(import, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Import a Wings configuration"), QStringLiteral("/etc/pelican"),
                                         tr("YAML files (*.yml *.yaml);;All files (*)"));
        if (!path.isEmpty())
            importFile(path);
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    layout->addWidget(m_buttons);

    const std::pair<QWidget*, const char*> names[] = {
        {m_repository, "repositoryEdit"}, {m_password, "passwordEdit"},    {m_cacert, "cacertEdit"},
        {m_awsKeyId, "awsKeyIdEdit"},     {m_awsSecret, "awsSecretEdit"},  {m_awsRegion, "awsRegionEdit"},
        {m_binary, "binaryEdit"},         {m_cacheDir, "cacheDirEdit"},    {m_dataDir, "dataDirEdit"},
        {m_token, "tokenEdit"},           {m_useFile, "useFileCheck"},     {m_error, "errorLabel"},
        {m_notice, "noticeLabel"},        {m_storageText, "storageLabel"}, {m_showSecrets, "showSecretsCheck"}};
    for (const auto& [widget, name] : names)
        widget->setObjectName(QString::fromLatin1(name));

    m_secretFile = SecretStore::defaultFilePath();
    fill(values, secrets);
    QString why;
    const bool available = SecretStore::keychainAvailable(&why);
    setKeychainAvailable(available, why);
    m_useFile->setChecked(values.secretsInFile && !available);
    m_repository->setFocus();
    // The layout sets the dialog's minimum size, so width has to come from the fields: an S3 URL must fit.
    m_repository->setMinimumWidth(m_repository->fontMetrics().averageCharWidth() * 80);
    // A little air between the frame and the first character: the password dots touched the frame and, in a
    // narrower field (German labels), a long key scrolled and showed half a dot at the left.
    for (QLineEdit* edit : findChildren<QLineEdit*>())
        edit->setTextMargins(3, 0, 3, 0);
}

void SettingsDialog::showEvent(QShowEvent* event)
{
    QDialog::showEvent(event);
    // Activating the window selects all of the focused URL, which puts the cursor at its end and scrolls a long
    // one to its tail: open it at its start instead, nothing selected, so a key press does not replace it.
    QTimer::singleShot(0, m_repository, [edit = m_repository] {
        edit->deselect();
        edit->setCursorPosition(0);
    });
}

QLineEdit* SettingsDialog::pathEdit(bool directory, const QString& caption)
{
    auto* edit = new QLineEdit(this);
    QAction* browse = edit->addAction(Icons::icon(Icons::Glyph::Open), QLineEdit::TrailingPosition);
    browse->setToolTip(tr("Browse…"));
    connect(browse, &QAction::triggered, this, [this, edit, directory, caption] {
        const QString start = edit->text().isEmpty() ? QDir::homePath() : edit->text();
        const QString chosen = directory ? QFileDialog::getExistingDirectory(this, caption, start)
                                         : QFileDialog::getOpenFileName(this, caption, start);
        if (!chosen.isEmpty())
            edit->setText(chosen);
    });
    return edit;
}

void SettingsDialog::setNotice(const QString& text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

void SettingsDialog::setSecretFilePath(const QString& path)
{
    m_secretFile = path;
    updateSecretStorage();
}

void SettingsDialog::setKeychainAvailable(bool available, const QString& why)
{
    m_keychain = available;
    m_keychainWhy = why;
    updateSecretStorage();
}

void SettingsDialog::updateSecretStorage()
{
    const QString file = QDir::toNativeSeparators(m_secretFile);
    if (m_keychain) {
        m_storageText->setText(tr("The password, the secret access key and the API token are stored in your "
                                  "desktop's keychain, never in a plain file."));
        m_useFile->setVisible(false);
        m_useFile->setChecked(false);
        return;
    }
    m_storageText->setText(tr("<b>No keychain is available.</b> %1 Start one (for example GNOME Keyring or "
                              "KWallet) and reopen this dialog, or store the secrets in a file only you can read.")
                               .arg(m_keychainWhy.toHtmlEscaped()));
    m_useFile->setText(tr("Store the secrets in %1 (mode 0600)").arg(file));
    m_useFile->setVisible(true);
}

void SettingsDialog::fill(const DesktopValues& v, const DesktopSecrets& s)
{
    m_repository->setText(v.repository);
    m_password->setText(s.password);
    m_cacert->setText(v.cacert);
    m_awsKeyId->setText(v.awsAccessKeyId);
    m_awsSecret->setText(s.awsSecretAccessKey);
    m_awsRegion->setText(v.awsRegion);
    m_binary->setText(v.binaryPath);
    m_cacheDir->setText(v.cacheDir);
    m_dataDir->setText(v.dataDirectory);
    m_token->setText(s.token);
    // setText() leaves the cursor at the end, which scrolls a long value to its tail: show every field from
    // its start, as a form is read.
    for (QLineEdit* edit : findChildren<QLineEdit*>())
        edit->setCursorPosition(0);
}

DesktopValues SettingsDialog::values() const
{
    DesktopValues v;
    v.repository = m_repository->text().trimmed();
    v.cacert = m_cacert->text().trimmed();
    v.awsAccessKeyId = m_awsKeyId->text().trimmed();
    v.awsRegion = m_awsRegion->text().trimmed();
    v.binaryPath = m_binary->text().trimmed();
    v.cacheDir = m_cacheDir->text().trimmed();
    v.dataDirectory = m_dataDir->text().trimmed();
    v.secretsInFile = !m_keychain && m_useFile->isChecked();
    return v;
}

DesktopSecrets SettingsDialog::secrets() const
{
    DesktopSecrets s;
    s.password = m_password->text();
    s.awsSecretAccessKey = m_awsSecret->text();
    s.token = m_token->text();
    return s;
}

bool SettingsDialog::importFile(const QString& path)
{
    Config config;
    QString error;
    if (!Config::loadFile(path, config, error)) {
        showError(tr("Could not import: %1").arg(error));
        return false;
    }
    fill(DesktopSettings::valuesFrom(config), DesktopSettings::secretsFrom(config));
    m_error->setVisible(false);
    setNotice(tr("Imported from %1. Check the values, then save.").arg(QDir::toNativeSeparators(path)));
    return true;
}

void SettingsDialog::showError(const QString& text)
{
    m_error->setText(text);
    m_error->setVisible(true);
}

void SettingsDialog::accept()
{
    const DesktopValues v = values();
    const DesktopSecrets s = secrets();
    if (v.repository.isEmpty()) {
        showError(tr("Enter the repository URL."));
        m_repository->setFocus();
        return;
    }
    if (s.password.isEmpty()) {
        showError(tr("Enter the repository password."));
        m_password->setFocus();
        return;
    }
    if (!m_keychain && !m_useFile->isChecked()) {
        showError(tr("No keychain is available: tick “Store the secrets in a file” to save, or start a keychain."));
        m_useFile->setFocus();
        return;
    }
    m_buttons->setEnabled(false);
    auto* store = new SecretStore(v.secretsInFile ? SecretStore::Backend::File : SecretStore::Backend::Keychain, this);
    store->setFilePath(m_secretFile);
    store->write(s.toHash(), [this, store, v](const SecretStore::Result& r) {
        store->deleteLater();
        m_buttons->setEnabled(true);
        if (!r.ok) {
            showError(r.error);
            return;
        }
        DesktopSettings(m_settings).save(v);
        qCInfo(lcUi) << "settings saved";
        QDialog::accept();
    });
}
