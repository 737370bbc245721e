#include "sourcebanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

SourceBanner::SourceBanner(QWidget *parent)
    : QFrame(parent)
    , m_source(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_error(new QLabel(this))
    , m_notice(new QLabel(this))
    , m_unplacedToggle(new QToolButton(this))
    , m_unplaced(new QPlainTextEdit(this))
{
    setFrameShape(QFrame::StyledPanel);
    m_source->setObjectName(u"sourceLabel"_s);
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_busy->setRange(0, 0); // a load reports no fraction; show activity
    m_busy->setMaximumWidth(160);
    m_busy->hide();
    m_error->setObjectName(u"errorLabel"_s);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"QLabel { color: #b71c1c; }"_s);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    m_notice->setObjectName(u"noticeLabel"_s);
    m_notice->setWordWrap(true);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->hide();
    m_unplacedToggle->setObjectName(u"unplacedToggle"_s);
    m_unplacedToggle->setCheckable(true);
    m_unplacedToggle->setAutoRaise(true);
    m_unplacedToggle->hide();
    m_unplaced->setObjectName(u"unplacedLines"_s);
    m_unplaced->setReadOnly(true);
    m_unplaced->setMaximumHeight(120);
    m_unplaced->hide();
    connect(m_unplacedToggle, &QToolButton::toggled, m_unplaced, &QWidget::setVisible);

    auto *top = new QHBoxLayout;
    top->addWidget(m_source, 1);
    top->addWidget(m_unplacedToggle);
    top->addWidget(m_busy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addLayout(top);
    layout->addWidget(m_error);
    layout->addWidget(m_notice);
    layout->addWidget(m_unplaced);
}

void SourceBanner::showNotice(const QString &text)
{
    m_notice->setText(u"<b>Note:</b> "_s + text.toHtmlEscaped());
    m_notice->setVisible(!text.isEmpty());
}

QString SourceBanner::noticeText() const
{
    return m_notice->isVisible() ? m_notice->text() : QString();
}

void SourceBanner::showLoading(const QString &label)
{
    m_busy->show();
    m_busy->setToolTip(u"Reading %1…"_s.arg(label));
}

void SourceBanner::showSource(const SnapshotOrigin &origin)
{
    m_busy->hide();
    m_error->hide();
    QString text = origin.kind == SourceKind::ThisDevice
        ? u"<b>Source:</b> This device"_s
        : u"<b>Source:</b> %1 <span style='color:gray'>(%2)</span>"_s.arg(
            origin.label.toHtmlEscaped(),
            (origin.kind == SourceKind::Bundle ? sourceKindName(origin.kind).toLower()
                                               : layoutDescription(origin.layout))
                .toHtmlEscaped());
    if (origin.loadedAt.isValid())
        text += u" <span style='color:gray'>— read %1</span>"_s.arg(
            QLocale().toString(origin.loadedAt.toLocalTime(), QLocale::ShortFormat));
    m_source->setText(text);

    const qsizetype unplaced = origin.unplacedLines.size();
    m_unplacedToggle->setVisible(unplaced > 0);
    m_unplacedToggle->setChecked(false);
    m_unplacedToggle->setText(unplaced == 1 ? u"1 line outside any field"_s
                                            : u"%1 lines outside any field"_s.arg(unplaced));
    m_unplacedToggle->setToolTip(u"Lines of the source that are not part of a status field "
                                 u"(banners, prompts, debug messages). Click to show them."_s);
    m_unplaced->setPlainText(origin.unplacedLines.join(u'\n'));
}

void SourceBanner::showError(const Error &error, const QString &label)
{
    m_busy->hide();
    QString text = u"<b>Could not open %1.</b> %2"_s.arg(label.toHtmlEscaped(),
                                                          error.message.toHtmlEscaped());
    if (!error.fix.isEmpty())
        text += u"<br>"_s + error.fix.toHtmlEscaped();
    text += u"<br><i>The state shown below is unchanged.</i>"_s;
    m_error->setText(text);
    m_error->show();
}

QString SourceBanner::sourceText() const
{
    return m_source->text();
}

QString SourceBanner::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

} // namespace Entra::Ui
