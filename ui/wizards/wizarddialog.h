#pragma once

#include <QDialog>

class QHBoxLayout;
class QPushButton;
class QStackedWidget;

namespace Entra::Ui {

// A dialog of pages that an operation moves through, rather than Next and Back: a stack of
// pages over a button row with Cancel and one primary button (and room for others). The Join,
// Leave and PIN wizards build on it.
class WizardDialog : public QDialog
{
    Q_OBJECT

protected:
    WizardDialog(const QString &title, const QString &objectName, QWidget *parent);

    void addPage(QWidget *page);
    int pageIndex() const;
    void setPageIndex(int index);

    QPushButton *primaryButton() const { return m_primary; } // object name "primaryButton"
    QPushButton *cancelButton() const { return m_cancel; } // "cancelButton"
    // Another button, left of Cancel.
    QPushButton *addButton(const QString &text, const QString &objectName);

private:
    QStackedWidget *m_stack;
    QHBoxLayout *m_buttons;
    QPushButton *m_primary;
    QPushButton *m_cancel;
};

} // namespace Entra::Ui
