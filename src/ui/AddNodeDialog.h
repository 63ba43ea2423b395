#pragma once

#include "NodeRegistry.h"
#include "SecretStore.h"

#include <QDialog>
#include <QStringList>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QCheckBox;

// "Add node…": the node's address, an optional name and its token, checked as they are typed (a bad address, a
// node already listed, http:// to another machine, which sends the token in clear text, an empty token), with OK
// enabled only when the entry can be added. Says where the token will be kept. entry() is what to hand to
// NodeRegistry::add.
class AddNodeDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AddNodeDialog(QWidget* parent = nullptr);

    // Keys of the nodes already listed (NodeRegistry::keys()): the same address again is refused.
    void setExistingKeys(const QStringList& keys);
    // Where the token goes: the keychain, or the 0600 file the user chose.
    void setTokenStorage(SecretStore::Backend backend, const QString& filePath = {});

    NodeEntry entry() const;
    bool isValid() const { return m_valid; }
    // The line under the address and under the token (empty when nothing is to be said), for tests.
    QString urlMessage() const;
    QString tokenMessage() const;

protected:
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void validate();
    void fitHeight();

    QStringList m_existing;
    bool m_valid = false;
    bool m_tokenEdited = false;

    QFormLayout* m_form = nullptr;
    QLineEdit* m_url = nullptr;
    QLabel* m_urlMessage = nullptr;
    QLineEdit* m_label = nullptr;
    QLineEdit* m_token = nullptr;
    QCheckBox* m_showToken = nullptr;
    QLabel* m_tokenMessage = nullptr;
    QLabel* m_storage = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};
