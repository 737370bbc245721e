#pragma once

#include "state/statussnapshot.h"

#include <QApplication>
#include <QMainWindow>

class QListWidget;
class QStackedWidget;

namespace Entra {
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
    explicit MainWindow(QWidget *parent = nullptr);

    const StatusSnapshot &snapshot() const { return m_snapshot; }
    SourceBanner *banner() const { return m_banner; }
    EventLogsPage *eventLogsPage() const { return m_eventLogs; }
    void selectPage(const QString &name);
    // The state directory (--state-dir) whose operation log the Event logs page shows.
    void setStateDirectory(const QString &directory);

public Q_SLOTS:
    void openFile(const QString &path);
    void openText(const QString &text, const QString &label);
    void showThisDevice();

Q_SIGNALS:
    void snapshotShown();
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
