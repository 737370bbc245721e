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
}

namespace Entra::Ui {

class EventLogsPage;
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
    // Finishes an operation an earlier run left half-done (off the GUI thread), then shows
    // this device; the banner says what was repaired.
    void recoverAndShowThisDevice();
    void openJoinWizard();
    void openLeaveWizard();

Q_SIGNALS:
    void snapshotShown();
    void wizardOpened(QDialog *wizard);
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
    void updateNavigationBadges();

    std::shared_ptr<DeviceEnvironment> m_environment;
    StatusLoader *m_loader;
    SourceBanner *m_banner;
    QListWidget *m_navigation;
    QStackedWidget *m_pages;
    EventLogsPage *m_eventLogs;
    QList<std::pair<QString, StatusPage *>> m_statusPages;
    StatusSnapshot m_snapshot;
};

// Starts the GUI: `entra-doctor [--import FILE]`.
int runMainWindow(QApplication &app);

} // namespace Entra::Ui
