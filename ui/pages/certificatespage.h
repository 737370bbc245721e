#pragma once

#include "certs/certificatefile.h"
#include "certs/certificateinspection.h"
#include "statuspage.h"

#include <QHash>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QTreeView;

namespace Entra::Models {
class CertificateFieldsModel;
}

namespace Entra::Ui {

class FindingsView;

// A certificate file (PEM, DER, PFX) opened with the button or by dropping it: every field and
// extension in a tree, then DSRegTool's device-certificate checks with their fixes. Reading and
// checking run in the background; a PFX asks for its password.
class CertificatesPage : public StatusPage
{
    Q_OBJECT

public:
    explicit CertificatesPage(QWidget *parent = nullptr);

    // The snapshot gives the DeviceId and Thumbprint the certificate must match.
    void showSnapshot(const StatusSnapshot &snapshot) override;
    int attentionCount() const override;

    void openFile(const QString &path, const QString &password = {});
    // Offers the certificates of a support bundle in a list and opens the first; `names` are
    // what to call them (their place in the bundle, not the temporary copy).
    void showBundleFiles(const QStringList &paths, const QStringList &names);
    // Forgets the certificate shown and the bundle's list.
    void clear();
    QComboBox *bundleFiles() const { return m_bundleFiles; }
    bool isLoading() const { return m_loading; }
    const std::optional<CertificateFile> &file() const { return m_file; }
    const QList<Finding> &checks() const { return m_checks; }
    Models::CertificateFieldsModel *fieldsModel() const { return m_fields; }
    FindingsView *findingsView() const { return m_findings; }
    QLabel *errorLabel() const { return m_error; }

    // Asks for a PFX/key password; replaceable so tests can answer without a dialog.
    // Returns false when the person cancels.
    std::function<bool(const QString &prompt, QString *password)> askPassword;

Q_SIGNALS:
    void certificateShown(const DeviceCertificate &certificate);
    void loadFailed(const QString &message);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void chooseFile();
    void showInspection(const CertificateInspection &inspection);
    void showError(const Error &error, const QString &path);

    Models::CertificateFieldsModel *m_fields;
    QTreeView *m_tree;
    FindingsView *m_findings;
    QPushButton *m_open;
    QComboBox *m_bundleFiles;
    QHash<QString, QString> m_displayNames; // path → name shown
    QLabel *m_source;
    QLabel *m_error;
    QLabel *m_summary;
    ExpectedDeviceIdentity m_expected;
    std::optional<CertificateFile> m_file;
    QList<Finding> m_checks;
    QString m_pendingPath;
    QString m_pendingPassword;
    quint64 m_request = 0;
    bool m_loading = false;
};

} // namespace Entra::Ui
