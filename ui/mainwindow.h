#pragma once

#include <QApplication>
#include <QMainWindow>

namespace Entra::Ui {

int runMainWindow(QApplication &app);

} // namespace Entra::Ui
