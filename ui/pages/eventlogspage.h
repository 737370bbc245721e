#pragma once

#include "eventimportqueue.h"
#include "events/eventfilter.h"
#include "statuspage.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QTimer;

namespace Entra::Models {
class EventFilterProxyModel;
class EventLogModel;
} // namespace Entra::Models

namespace Entra::Ui {

class EventDetailsView;
class EventFilterBar;
class EventTimeline;

// The Event logs page: imported .evtx files and Entra Doctor's own operation log in one table,
// with filters, a timeline and the selected event explained. Files are read by
// EventImportQueue off the GUI thread, with progress and Cancel; rows fill in lazily.
class EventLogsPage : public StatusPage
{
    Q_OBJECT

public:
    explicit EventLogsPage(QWidget *parent = nullptr);

    void showSnapshot(const StatusSnapshot &) override { }

    // Where the operation log is read from (<dir>/logs); the default state directory if unset.
    // The log is imported the first time the page is shown.
    void setStateDirectory(const QString &directory);
    void importFiles(const QStringList &paths);
    // Replaces every event with those of `paths` (a support bundle's events/), without this
    // machine's operation log; showThisDevice() goes back to it.
    void showOnly(const QStringList &paths);
    void showThisDevice();
    void chooseFiles(); // a file dialog
    void clearEvents();
    // Filters to [time - minutes, time + minutes]; `what` names the time ("AzureAdPrtUpdateTime").
    void showAround(const QDateTime &time, int minutes, const QString &what);

    QTableView *view() const { return m_view; }
    Models::EventLogModel *model() const { return m_model; }
    Models::EventFilterProxyModel *proxy() const { return m_proxy; }
    EventFilterBar *filterBar() const { return m_filterBar; }
    EventTimeline *timeline() const { return m_timeline; }
    EventDetailsView *details() const { return m_details; }
    Models::EventImportQueue *importQueue() const { return m_queue; }
    QString countText() const;
    QString importStatusText() const;

Q_SIGNALS:
    void importsFinished();

protected:
    void showEvent(QShowEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void loadOperationLog();
    void applyFilter(const Events::EventFilter &filter);
    void scheduleTimeline();
    void refreshTimeline();
    void showCurrent(const QModelIndex &proxyIndex);
    void addReport(const Models::EventImportReport &report);
    void updateEmptyNote();

    Models::EventLogModel *m_model;
    Models::EventFilterProxyModel *m_proxy;
    Models::EventImportQueue *m_queue;
    EventFilterBar *m_filterBar;
    EventTimeline *m_timeline;
    QTableView *m_view;
    EventDetailsView *m_details;
    QPushButton *m_importButton;
    QPushButton *m_clearButton;
    QPushButton *m_cancelButton;
    QProgressBar *m_progress;
    QLabel *m_importStatus;
    QLabel *m_count;
    QLabel *m_aroundNote;
    QLabel *m_emptyNote;
    QTimer *m_timelineTimer;
    QString m_stateDirectory;
    QList<Models::EventImportReport> m_reports;
    QStringList m_problemLines;
    bool m_operationLogLoaded = false;
};

} // namespace Entra::Ui
