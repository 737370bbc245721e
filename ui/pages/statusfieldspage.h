#pragma once

#include "statusfieldsmodel.h"
#include "statuspage.h"

class QLabel;
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

private:
    void showDetails(const QModelIndex &index);

    Models::StatusFieldsModel *m_model;
    QTreeView *m_view;
    QLabel *m_emptyNote;
    QTextBrowser *m_details;
};

} // namespace Entra::Ui
