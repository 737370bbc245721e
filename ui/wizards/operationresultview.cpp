#include "operationresultview.h"

#include "knowledge/knowledgebase.h"

#include <QLabel>
#include <QTextDocument>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

OperationResultView::OperationResultView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_body(new QLabel(this))
{
    m_title->setObjectName(u"resultTitle"_s);
    QFont font = m_title->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    font.setBold(true);
    m_title->setFont(font);
    m_body->setObjectName(u"resultBody"_s);
    m_body->setWordWrap(true);
    m_body->setTextFormat(Qt::RichText);
    m_body->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_body->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_body, 1);
}

void OperationResultView::showSuccess(const QString &title, const QStringList &facts,
                                      const QString &note)
{
    m_success = true;
    m_title->setText(title);
    QString html = u"<table cellspacing='4'>"_s;
    for (const QString &fact : facts) {
        const qsizetype colon = fact.indexOf(u':');
        html += u"<tr><td><b>%1</b></td><td>%2</td></tr>"_s.arg(
            fact.left(colon).toHtmlEscaped(), fact.mid(colon + 1).trimmed().toHtmlEscaped());
    }
    html += u"</table>"_s;
    if (!note.isEmpty())
        html += u"<p>%1</p>"_s.arg(note.toHtmlEscaped());
    m_body->setText(html);
}

void OperationResultView::showFailure(const QString &title, const Error &error,
                                      const QString &aftermath)
{
    m_success = false;
    m_title->setText(title);
    QString html = u"<p><b>%1</b></p>"_s.arg(error.message.toHtmlEscaped());
    if (error.code != 0)
        html += u"<p>Code: %1 (%2)</p>"_s.arg(error.code).arg(errorDomainName(error.domain));
    // Codes the message or detail names (AADSTS…, DRS error types, HRESULTs), explained.
    const KnowledgeBase &knowledge = KnowledgeBase::builtIn();
    for (const CodeInfo *code :
         knowledge.codesMentionedIn(QString(error.message + u' ' + error.detail))) {
        html += u"<p><b>%1</b> %2: %3</p>"_s.arg(
            code->code.toHtmlEscaped(), code->name.toHtmlEscaped(), code->meaning.toHtmlEscaped());
    }
    if (!error.fix.isEmpty())
        html += u"<p><b>What to do:</b> %1</p>"_s.arg(error.fix.toHtmlEscaped());
    if (!aftermath.isEmpty())
        html += u"<p><b>State of this device:</b> %1</p>"_s.arg(aftermath.toHtmlEscaped());
    if (!error.detail.isEmpty())
        html += u"<p><small>Detail: %1</small></p>"_s.arg(error.detail.toHtmlEscaped());
    m_body->setText(html);
}

QString OperationResultView::text() const
{
    QTextDocument document;
    document.setHtml(m_body->text());
    return m_title->text() + u'\n' + document.toPlainText();
}

} // namespace Entra::Ui
