#pragma once

#include <QDateTime>
#include <QTimer>
#include <QUrl>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace Entra::Ui {

// "Open this address and enter this code": the device-code sign-in shown by every wizard that
// signs someone in, with copy buttons, a busy bar and the time left.
class DeviceCodePanel : public QWidget
{
    Q_OBJECT

public:
    explicit DeviceCodePanel(QWidget *parent = nullptr);

    void setStatus(const QString &text);
    void showCode(const QString &userCode, const QUrl &url, int expiresInSeconds = 900);
    void stop();
    QString userCode() const;
    QString verificationUrl() const { return m_urlText; }

private:
    void updateCountdown();

    QLabel *m_status;
    QLabel *m_code;
    QLabel *m_url;
    QPushButton *m_copyCode;
    QPushButton *m_copyUrl;
    QProgressBar *m_waiting;
    QTimer m_countdown;
    QDateTime m_expires;
    QString m_urlText;
};

} // namespace Entra::Ui
