#pragma once

#include "statusfieldsmodel.h"
#include "statuspage.h"

class QLabel;
class QPushButton;
class QTreeView;
class QTextBrowser;

namespace Entra::Ui {

// Sections of the snapshot as a tree (field, value, healthy value), with the meaning of the
// selected field, and the explanation of any error code in it, underneath.
class StatusFieldsPage : public StatusPage
{
    Q_OBJECT

public:
    StatusFieldsPage(const QString &title, const QString &introduction,
                     Models::StatusFieldsModel::SectionFilter filter, QWidget *parent = nullptr);

    void showSnapshot(const StatusSnapshot &snapshot) override;
    int attentionCount() const override;

    QTreeView *view() const { return m_view; }
    Models::StatusFieldsModel *model() const { return m_model; }

    // The time a field holds (dsregcmd's "yyyy-MM-dd HH:mm:ss.zzz UTC"), or an invalid time.
    static QDateTime timeOf(const QModelIndex &index);

Q_SIGNALS:
    // "Show Events Around This Time" on a time-valued field (AzureAdPrtUpdateTime, …).
    void showEventsAroundRequested(const QDateTime &time, const QString &fieldName);

private:
    void showDetails(const QModelIndex &index);
    void showContextMenu(const QPoint &position);
    void requestEventsAround(const QModelIndex &index);

    Models::StatusFieldsModel *m_model;
    QTreeView *m_view;
    QLabel *m_emptyNote;
    QTextBrowser *m_details;
    QPushButton *m_eventsAroundButton;
};

} // namespace Entra::Ui
