#pragma once

#include "statuspage.h"

namespace Entra::Ui {

// A page whose feature is not in this build yet. It says so plainly and shows no data.
class PendingPage : public StatusPage
{
    Q_OBJECT

public:
    PendingPage(const QString &title, const QString &whatItWillShow, QWidget *parent = nullptr);
    void showSnapshot(const StatusSnapshot &) override { }
};

} // namespace Entra::Ui
