#include "pendingpage.h"

#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

PendingPage::PendingPage(const QString &title, const QString &whatItWillShow, QWidget *parent)
    : StatusPage(parent)
{
    auto *heading = new QLabel(title, this);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.4);
    headingFont.setBold(true);
    heading->setFont(headingFont);
    auto *note = new QLabel(u"Not available in this version yet."_s, this);
    note->setObjectName(u"pendingNote"_s);
    QFont noteFont = note->font();
    noteFont.setBold(true);
    note->setFont(noteFont);
    auto *text = new QLabel(whatItWillShow, this);
    text->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(note);
    layout->addWidget(text);
    layout->addStretch();
}

} // namespace Entra::Ui
