#pragma once

#include "common/error.h"

#include <QWidget>

class QLabel;

namespace Entra::Ui {

// The last page of a wizard: either what the device looks like now, or the error with its
// code, what the code means and what to do, and what the operation undid.
class OperationResultView : public QWidget
{
    Q_OBJECT

public:
    explicit OperationResultView(QWidget *parent = nullptr);

    void showSuccess(const QString &title, const QStringList &facts, const QString &note = {});
    void showFailure(const QString &title, const Error &error, const QString &aftermath);

    bool isSuccess() const { return m_success; }
    QString text() const; // everything shown, as plain text (tests, copy)

private:
    QLabel *m_title;
    QLabel *m_body;
    bool m_success = false;
};

} // namespace Entra::Ui
