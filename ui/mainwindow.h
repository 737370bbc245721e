#pragma once

#include "state/statussnapshot.h"

#include <QApplication>
#include <QMainWindow>

class QDialog;
class QListWidget;
class QStackedWidget;

#include <memory>

namespace Entra {
class DeviceEnvironment;
class StatusLoader;
namespace Bundle {
struct ImportedBundle;
}
}

namespace Entra::Ui {

class CertificatesPage;
class EventLogsPage;
class ExportBundleDialog;
class TpmPage;
class SourceBanner;
class StatusPage;

// Wires the navigation, the pages and the source banner. It owns no logic of its own: loads
// go through StatusLoader, every page renders the snapshot it is given.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // Without an environment the defaults are used (per-user state, system TPM, Microsoft).
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    void setEnvironment(std::shared_ptr<DeviceEnvironment> environment);
    std::shared_ptr<DeviceEnvironment> environment() const { return m_environment; }

    const StatusSnapshot &snapshot() const { return m_snapshot; }
    SourceBanner *banner() const { return m_banner; }
    EventLogsPage *eventLogsPage() const { return m_eventLogs; }
    void selectPage(const QString &name);

public Q_SLOTS:
    void openFile(const QString &path);
    void openText(const QString &text, const QString &label);
    void showThisDevice();
    // File › Export Support Bundle: of what is shown (this device, an imported status or
    // bundle), with the event logs imported on the Event logs page.
    ExportBundleDialog *openExportDialog();
    // Finishes an operation an earlier run left half-done (off the GUI thread), then shows
    // this device; the banner says what was repaired.
    void recoverAndShowThisDevice();
    void openJoinWizard();
    void openLeaveWizard();
    void openPinWizard();
    void openPinTest();
    void refreshPrt();
    void removePin();

Q_SIGNALS:
    void snapshotShown();
    void wizardOpened(QDialog *wizard);
    // A device operation run from the window itself (PRT refresh, PIN removal) has ended.
    void deviceOperationFinished(bool succeeded, const QString &message);
    void loadFailed(const QString &message);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createMenus();
    void addPage(const QString &name, StatusPage *page);
    void chooseFile();
    void pasteFromClipboard();
    void showSnapshot(const StatusSnapshot &snapshot);
    // A support bundle's event logs, certificates and TPM report replace this computer's.
    void showBundle(std::shared_ptr<const Bundle::ImportedBundle> bundle);
    void leaveBundle();
    void updateNavigationBadges();

    void reportDeviceOperation(bool succeeded, const QString &message);

    std::shared_ptr<DeviceEnvironment> m_environment;
    StatusLoader *m_loader;
    SourceBanner *m_banner;
    QListWidget *m_navigation;
    QStackedWidget *m_pages;
    EventLogsPage *m_eventLogs;
    CertificatesPage *m_certificates;
    TpmPage *m_tpm;
    std::shared_ptr<const Bundle::ImportedBundle> m_bundle; // keeps its extracted files
    QList<std::pair<QString, StatusPage *>> m_statusPages;
    StatusSnapshot m_snapshot;
};

// Starts the GUI: `entra-doctor [--import FILE]`.
int runMainWindow(QApplication &app);

} // namespace Entra::Ui
