#pragma once

#include "diagnostics/finding.h"

#include <QWidget>

class QTextBrowser;
class QTreeView;

namespace Entra::Models {
class FindingsModel;
class FindingsFilterModel;
} // namespace Entra::Models

namespace Entra::Ui {

// A list of check results with the selected one explained next to it: evidence, cause, fix
// steps and reference. Used by the Certificates and Diagnostics pages.
class FindingsView : public QWidget
{
    Q_OBJECT

public:
    explicit FindingsView(QWidget *parent = nullptr);

    void setFindings(const QList<Finding> &findings);
    void setProblemsOnly(bool problemsOnly);
    void setEmptyText(const QString &text);

    QTreeView *view() const { return m_view; }
    QTextBrowser *details() const { return m_details; }
    Models::FindingsModel *model() const { return m_model; }
    Models::FindingsFilterModel *filter() const { return m_filter; }

    // Rich text explaining one finding.
    static QString findingHtml(const Finding &finding);

private:
    void showCurrent();

    Models::FindingsModel *m_model;
    Models::FindingsFilterModel *m_filter;
    QTreeView *m_view;
    QTextBrowser *m_details;
    QString m_emptyText;
};

} // namespace Entra::Ui
