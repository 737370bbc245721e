#include "devicecodepanel.h"

#include <QClipboard>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace Entra::Ui {

DeviceCodePanel::DeviceCodePanel(QWidget *parent)
    : QWidget(parent)
    , m_status(new QLabel(this))
    , m_code(new QLabel(this))
    , m_url(new QLabel(this))
    , m_copyCode(new QPushButton(u"Copy code"_s, this))
    , m_copyUrl(new QPushButton(u"Copy address"_s, this))
    , m_waiting(new QProgressBar(this))
{
    m_status->setObjectName(u"signInStatus"_s);
    m_status->setWordWrap(true);
    m_code->setObjectName(u"userCode"_s);
    QFont codeFont = m_code->font();
    codeFont.setPointSizeF(codeFont.pointSizeF() * 2.0);
    codeFont.setBold(true);
    codeFont.setLetterSpacing(QFont::AbsoluteSpacing, 2);
    m_code->setFont(codeFont);
    m_code->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_url->setObjectName(u"verificationUrl"_s);
    m_url->setOpenExternalLinks(true);
    m_url->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_copyCode->setObjectName(u"copyCode"_s);
    m_copyUrl->setObjectName(u"copyUrl"_s);
    connect(m_copyCode, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_code->text()); });
    connect(m_copyUrl, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_urlText); });
    m_waiting->setRange(0, 0);

    auto *codeRow = new QHBoxLayout;
    codeRow->addWidget(m_code);
    codeRow->addWidget(m_copyCode);
    codeRow->addStretch(1);
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url);
    urlRow->addWidget(m_copyUrl);
    urlRow->addStretch(1);
    auto *grid = new QFormLayout;
    grid->addRow(u"Open:"_s, urlRow);
    grid->addRow(u"Enter the code:"_s, codeRow);
    auto *intro = new QLabel(u"<b>Sign in with your work account</b><p>On this or any other "
                             u"device, open the address below in a browser, enter the code and "
                             u"sign in. This window continues by itself.</p>"_s,
                             this);
    intro->setObjectName(u"signInIntro"_s);
    intro->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(intro);
    layout->addLayout(grid);
    layout->addWidget(m_waiting);
    layout->addWidget(m_status);
    layout->addStretch(1);

    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &DeviceCodePanel::updateCountdown);
    stop();
}

void DeviceCodePanel::setStatus(const QString &text)
{
    m_status->setText(text);
}

void DeviceCodePanel::showCode(const QString &userCode, const QUrl &url, int expiresInSeconds)
{
    m_code->setText(userCode);
    m_urlText = url.toString();
    m_url->setText(u"<a href=\"%1\">%1</a>"_s.arg(m_urlText.toHtmlEscaped()));
    m_copyCode->setEnabled(true);
    m_copyUrl->setEnabled(true);
    m_expires = QDateTime::currentDateTimeUtc().addSecs(expiresInSeconds);
    updateCountdown();
    m_countdown.start();
}

void DeviceCodePanel::stop()
{
    m_countdown.stop();
    m_code->clear();
    m_url->clear();
    m_urlText.clear();
    m_copyCode->setEnabled(false);
    m_copyUrl->setEnabled(false);
}

QString DeviceCodePanel::userCode() const
{
    return m_code->text();
}

void DeviceCodePanel::updateCountdown()
{
    const qint64 left = qMax<qint64>(0, QDateTime::currentDateTimeUtc().secsTo(m_expires));
    m_status->setText(
        u"Waiting for you to sign in… the code expires in %1:%2."_s.arg(left / 60).arg(
            left % 60, 2, 10, QLatin1Char('0')));
}

} // namespace Entra::Ui
