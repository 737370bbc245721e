#include "mainwindow.h"

namespace Entra::Ui {

int runMainWindow(QApplication &app)
{
    QMainWindow window;
    window.show();
    return app.exec();
}

} // namespace Entra::Ui
