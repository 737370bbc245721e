#pragma once

#include "state/statussnapshot.h"

#include <QWidget>

namespace Entra::Ui {

// A page of the main window that shows (part of) the current snapshot.
class StatusPage : public QWidget
{
    Q_OBJECT

public:
    using QWidget::QWidget;
    virtual void showSnapshot(const StatusSnapshot &snapshot) = 0;
    // Shown next to the page's name in the navigation: problems found on the page, or 0.
    virtual int attentionCount() const { return 0; }
};

} // namespace Entra::Ui
